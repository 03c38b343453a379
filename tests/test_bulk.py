"""``insert_many`` writes the rows ``bulk_create`` would, with their keys, for less."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils.functional import lazystr
from psycopg2.extras import Json

from communities.choices import HostUnitKind, PartyOrganizationKind
from communities.models import PartyOrganization, Person
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory
from jilin_grid import bulk
from jilin_grid.bulk import copy_text, insert_many
from jilin_grid.counts.services import count_everything
from jilin_grid.models import Heartbeat
from projects.trends.choices import TrendSource
from projects.trends.models import TrendSnapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _counted_afterwards():
    """Rows written this way bypass the services, as the demo's are: the kept counts are set from
    them once they are written."""
    yield
    count_everything()


SHANGHAI = ZoneInfo("Asia/Shanghai")
COLUMNS = [
    "name",
    "kind",
    "host_unit_kind",
    "host_unit_name",
    "secretary__name",
    "member_count",
    "founded_on",
    "is_active",
]


def _organizations(code: str, prefix: str) -> list[PartyOrganization]:
    """Organizations whose secretaries are assigned before they are saved, with values of every
    kind a builder hands over: an enum member, a lazy translation, a date, a boolean, a number."""
    people = [Person(name=f"{prefix}书记{n}", phone=f"1990000{n:04d}", area_code=code) for n in range(5)]
    organizations = [
        PartyOrganization(
            name=f"{prefix}支部{n}",
            kind=PartyOrganizationKind.BRANCH,
            area_code=code,
            host_unit_kind=HostUnitKind.ENTERPRISE if n % 2 else HostUnitKind.AREA,
            host_unit_name=lazystr("吉林化纤") if n % 2 else "",
            secretary=people[n],
            member_count=n * 7,
            founded_on=date(2001, 1, 1) + timedelta(days=n),
            is_active=bool(n % 3),
        )
        for n in range(5)
    ]
    return people, organizations


def test_the_rows_are_those_bulk_create_writes():
    code = CommunityFactory().code
    people, organizations = _organizations(code, "甲")
    Person.objects.bulk_create(people)
    PartyOrganization.objects.bulk_create(organizations)
    people, organizations = _organizations(code, "乙")
    insert_many(Person, people)
    insert_many(PartyOrganization, organizations)

    def rows(prefix):
        found = PartyOrganization.objects.filter(name__startswith=prefix).order_by("name").values(*COLUMNS)
        return [{**row, "name": row["name"][1:], "secretary__name": row["secretary__name"][1:]} for row in found]

    assert rows("乙") == rows("甲")
    assert len(rows("乙")) == 5


def test_keys_are_set_and_a_related_object_stays_cached(django_assert_num_queries):
    code = CommunityFactory().code
    people, organizations = _organizations(code, "丙")
    insert_many(Person, people)
    insert_many(PartyOrganization, organizations)
    assert all(org.pk and not org._state.adding for org in organizations)
    assert sorted(PartyOrganization.objects.filter(name__startswith="丙").values_list("pk", flat=True)) == sorted(
        org.pk for org in organizations
    )
    with django_assert_num_queries(0):
        assert [org.secretary.name for org in organizations] == [f"丙书记{n}" for n in range(5)]
    assert [org.secretary_id for org in organizations] == [person.pk for person in people]


def test_an_unsaved_related_object_is_refused():
    code = CommunityFactory().code
    _people, organizations = _organizations(code, "丁")
    with pytest.raises(ValueError, match="secretary"):
        insert_many(PartyOrganization, organizations)
    assert not PartyOrganization.objects.filter(name__startswith="丁").exists()


def test_aware_datetimes_keep_their_instant():
    at = datetime(2020, 3, 1, 8, 30, 15, 120000, tzinfo=SHANGHAI)
    insert_many(Heartbeat, [Heartbeat(name="甲", at=at), Heartbeat(name="乙", at=at.astimezone(UTC))])
    Heartbeat.objects.bulk_create([Heartbeat(name="丙", at=at)])
    assert {beat.name: beat.at for beat in Heartbeat.objects.filter(name__in=["甲", "乙", "丙"])} == {
        "甲": at,
        "乙": at,
        "丙": at,
    }
    assert Heartbeat.objects.filter(at=at).count() == 3


def test_rows_with_their_own_keys_and_many_batches():
    code = CommunityFactory().code
    people = [Person(name=f"戊{n}", area_code=code) for n in range(2500)]
    insert_many(Person, people, batch_size=700)
    assert Person.objects.filter(name__startswith="戊").count() == 2500
    start = max(person.pk for person in people) + 10
    given = [Person(pk=start + n, name=f"己{n}", area_code=code) for n in range(3)]
    insert_many(Person, given)
    assert list(Person.objects.filter(name__startswith="己").order_by("pk").values_list("pk", flat=True)) == [
        start,
        start + 1,
        start + 2,
    ]


def test_the_rows_of_one_call_are_written_at_one_moment_of_the_clock():
    before = datetime.now(UTC)
    people = [Person(name=f"网格员{n}", phone=f"1990001{n:04d}", area_code="220211001001") for n in range(30)]
    insert_many(Person, people, batch_size=7)
    after = datetime.now(UTC)
    stored = Person.objects.filter(pk__in=[person.pk for person in people])
    # Each field reads the clock once for the whole call (five batches), as save() reads it once a row.
    created, updated = (set(stored.values_list(name, flat=True)) for name in ("created_at", "updated_at"))
    assert len(created) == len(updated) == 1
    assert before <= min(created) <= max(updated) <= after
    assert {(person.created_at, person.updated_at) for person in people} == {(min(created), min(updated))}


def test_the_planner_samples_the_tables_after_a_bulk_write():
    from django.db import connection

    from jilin_grid.bulk import refresh_planner_statistics

    community = CommunityFactory()
    insert_many(Person, [Person(area_code=community.code, name=f"居民{n}") for n in range(300)])
    refresh_planner_statistics()
    if connection.vendor != "postgresql":
        return  # SQLite plans from its indexes: nothing to refresh
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Person._meta.db_table])
        assert cursor.fetchone()[0] >= 300


def test_copy_text_spells_each_value_as_postgresql_copy_reads_it():
    assert copy_text("employment:full") == "employment:full"
    assert copy_text("a\tb\\c\nd\re") == "a\\tb\\\\c\\nd\\re"
    assert copy_text(None) == "\\N"
    assert copy_text("\\N") == "\\\\N"  # the text, not NULL
    assert (copy_text(True), copy_text(False)) == ("t", "f")
    assert (copy_text(12), copy_text(2.5), copy_text(Decimal("3.10"))) == ("12", "2.5", "3.10")
    assert copy_text(PartyOrganizationKind.BRANCH) == str(PartyOrganizationKind.BRANCH.value)
    assert copy_text(date(2020, 3, 1)) == "2020-03-01"
    assert copy_text(datetime(2020, 3, 1, 8, 30, tzinfo=SHANGHAI)) == "2020-03-01 08:30:00+08:00"
    # JSON's own escapes are backslashes, which COPY reads as its markup unless doubled.
    assert copy_text(Json({"办": "a\tb"})) == '{"\\\\u529e": "a\\\\tb"}'
    with pytest.raises(TypeError):
        copy_text(timedelta(days=1))
    with pytest.raises(TypeError):
        copy_text(b"bytes")


def _snapshots(prefix: str) -> list[TrendSnapshot]:
    """Text that COPY reads as markup unless escaped, and JSON holding it."""
    awkward = ["制表\t符", "换\n行", "回\r车", "反\\斜杠", "\\N", "引号'\"", ""]
    return [
        TrendSnapshot(
            area_code="2202",
            month=f"20{n:02d}-01",
            family=f"{prefix}{text}",
            figures={"text": text, "n": n, "nested": [text, None, True, 1.5]},
            source=TrendSource.COUNTS if n % 2 else TrendSource.NETWORK_SNAPSHOT,
            state_on=None if n % 2 else date(2020, 1, n + 1),
            taken_at=datetime(2020, 1, 1, 8, n, tzinfo=SHANGHAI),
        )
        for n, text in enumerate(awkward)
    ]


def test_text_and_json_that_copy_escapes_come_back_as_written():
    TrendSnapshot.objects.bulk_create(_snapshots("甲"))
    insert_many(TrendSnapshot, _snapshots("乙"))
    columns = ["month", "family", "figures", "source", "state_on", "taken_at"]

    def rows(prefix):
        found = TrendSnapshot.objects.filter(family__startswith=prefix).order_by("month").values(*columns)
        return [{**row, "family": row["family"][1:]} for row in found]

    assert rows("乙") == rows("甲")
    assert [row["figures"]["text"] for row in rows("乙")] == [
        "制表\t符",
        "换\n行",
        "回\r车",
        "反\\斜杠",
        "\\N",
        "引号'\"",
        "",
    ]


def test_a_chunk_copy_cannot_spell_is_inserted_and_the_rest_copied(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL writes by COPY")
    spelled = copy_text

    def refuses_one(value):
        if value == "己1234":
            raise TypeError("no spelling")
        return spelled(value)

    monkeypatch.setattr(bulk, "copy_text", refuses_one)
    monkeypatch.setattr(bulk, "_max_params", lambda connection: 600)  # the refused chunk in several INSERTs
    code = CommunityFactory().code
    people = [Person(name=f"己{n}", area_code=code) for n in range(12_000)]
    with CaptureQueriesContext(connection) as queries:
        insert_many(Person, people)
    inserts = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("INSERT")]
    keys_drawn = [query["sql"] for query in queries.captured_queries if "nextval" in query["sql"]]
    per_insert = 600 // len([field for field in Person._meta.concrete_fields if not field.primary_key])
    # Chunks of 5,000: the first, holding the refused value, inserted; the two others copied, their keys drawn first.
    assert (len(inserts), len(keys_drawn)) == (-(-5000 // per_insert), 2)
    stored = dict(Person.objects.filter(name__startswith="己").values_list("pk", "name"))
    assert len(stored) == 12_000
    assert stored == {person.pk: person.name for person in people}
    assert all(not person._state.adding for person in people)
    # The keys were drawn from the table's sequence: the next row takes a key after them all.
    assert Person.objects.create(name="庚", area_code=code).pk > max(stored)


def _replication_role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_row_pointing_nowhere_is_found_when_the_keys_are_checked_at_the_end():
    """On PostgreSQL (a superuser's session, as the tests' and the demo's) the rows go in with
    their foreign keys unchecked, and the check at the end finds the row that points nowhere and
    names it; SQLite checks each row as it goes in, as ever."""
    organization = PartyOrganizationFactory()
    if connection.vendor != "postgresql":
        with pytest.raises(IntegrityError), bulk.references_checked_at_the_end():
            PartyOrganization.objects.filter(pk=organization.pk).update(parent_id=999_999)
        return
    dangling = pytest.raises(bulk.DanglingReference, match=r"communities_partyorganization\.parent_id = 999999")
    with dangling, bulk.references_checked_at_the_end():
        assert _replication_role() == "replica"
        PartyOrganization.objects.filter(pk=organization.pk).update(parent_id=999_999)
    assert _replication_role() == "origin"
    PartyOrganization.objects.filter(pk=organization.pk).update(parent_id=None)
    bulk.check_references()  # nothing points nowhere now


def test_inside_a_transaction_the_keys_are_checked_row_by_row():
    """A test's transaction (or any caller's) keeps the usual checks: a switch of the session's
    triggers would outlive a rollback's view of what was checked."""
    with bulk.references_checked_at_the_end():
        if connection.vendor == "postgresql":
            assert _replication_role() == "origin"
