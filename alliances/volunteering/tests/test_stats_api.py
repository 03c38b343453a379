"""The volunteering statistics endpoints, checked against counts worked out here in plain Python
from the rows (not through the selectors), at every level and for periods, with the query count
pinned and equal at tenfold data."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alliances.cadres.models import CadreAssignment, Department
from alliances.tests.factories import (
    ActivityFactory,
    AllianceFactory,
    CadreAssignmentFactory,
    CheckpointFactory,
    DepartmentFactory,
    MemberReportFactory,
    ServicePostFactory,
    ServiceRecordFactory,
    UnitOrganizationFactory,
    service_kind,
)
from alliances.volunteering import services
from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.models import MemberReport, PostClaim, ServiceKind, ServicePost, ServiceRecord
from communities.services import party_organization_update
from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    PersonFactory,
    StreetFactory,
    UserFactory,
    user_with_grant,
)
from grids.tests.factories import GridFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client, child_area_codes, schema_response

URL = reverse("stats-volunteering")
BY_UNIT_URL = reverse("stats-volunteering-by-unit")
NOT_FOUND = "未找到，或不在您的管辖范围内。 / Not found, or outside your area."
KINDS = ("政策宣传", "法律援助", "环境整治")
FIGURES = (
    "members_reported",
    "posts",
    "places",
    "places_taken",
    "posts_claimed",
    "service_person_times",
    "service_hours",
    "by_kind",
    "sinking",
)
APRIL, JUNE = datetime.date(2020, 4, 1), datetime.date(2020, 6, 30)


def d(month: int, day: int = 1) -> datetime.date:
    return datetime.date(2020, month, day)


# The data: every community gets members in each state of their report, posts open before, during
# and after the period, claims held and withdrawn, verified and unverified service, and cadres.


def populate(community, organizations: list, departments: list, roaming, index: int) -> None:
    kinds = [service_kind(name) for name in KINDS]
    here = {"community": community, "member__person__area_code": community.code}
    confirmed = [
        MemberReportFactory(
            **here,
            member__organization=organizations[(index + k) % len(organizations)],
            reported_on=d(1, 10),
            confirmed_on=d(2 + k, 1 + k),  # February to May
        )
        for k in range(4)
    ]
    waiting = {"confirmed_on": None, "member__organization": organizations[index % len(organizations)]}
    MemberReportFactory(**here, status=MemberReportStatus.REPORTED, **waiting)
    MemberReportFactory(**here, status=MemberReportStatus.DECLINED, ended_on=d(2, 1), **waiting)
    for ended_on in (d(3, 15), d(5, 10)):  # before the period, and inside it
        MemberReportFactory(
            **here,
            status=MemberReportStatus.ENDED,
            confirmed_on=d(1, 20),
            ended_on=ended_on,
            member__organization=organizations[(index + 1) % len(organizations)],
        )
    posts = [
        ServicePostFactory(community=community, kind=kinds[0], places=3, published_on=d(2)),
        ServicePostFactory(community=community, kind=kinds[1], places=2 + index % 2, published_on=d(5)),
        ServicePostFactory(community=community, kind=kinds[index % 3], places=1, published_on=d(1, 5)),
        ServicePostFactory(community=community, kind=kinds[2], places=4, published_on=d(7, 5)),  # after June
    ]
    for report, post, day in [
        (confirmed[0], posts[0], d(3)),
        (confirmed[1], posts[0], d(4, 10)),
        (confirmed[2], posts[1], d(5, 5)),
        (confirmed[1], posts[1], d(5, 6)),
        (confirmed[3], posts[2], d(3, 2)),
    ]:
        services.post_claim(post=post, member=report.member, claimed_on=day)
    services.post_claim_withdraw(
        claim=PostClaim.objects.get(post=posts[1], member=confirmed[1].member), withdrawn_on=d(6)
    )
    ServicePost.objects.filter(pk=posts[2].pk).update(closed_on=d(3, 31))  # closed before the period
    now = timezone.now()
    for report, post, day, hours, times, verified in [
        (confirmed[0], posts[0], d(3, 10), "2.5", 1, True),
        (confirmed[1], posts[0], d(4, 15), "1.5", 2, True),
        (confirmed[2], posts[1], d(5, 20), "3.0", 1, False),  # not verified: does not count
        (confirmed[2], posts[1], d(6, 20), f"{index % 3}.5", 1, True),
        (confirmed[3], posts[2], d(3, 20), "1.0", 1, True),
    ]:
        ServiceRecordFactory(
            report=report, post=post, served_on=day, hours=Decimal(hours), person_times=times,
            verified_at=now if verified else None,
        )  # fmt: skip
    activity = ActivityFactory(
        alliance=AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=community.code)), held_on=d(6)
    )
    ServiceRecordFactory(
        report=confirmed[3], post=None, activity=activity, kind=kinds[2], served_on=d(6), hours=4, verified_at=now
    )
    checkpoint = CheckpointFactory(community=community)
    department = departments[index % len(departments)]
    CadreAssignmentFactory(community=community, department=department, start_on=d(2), end_on=d(3, 31))
    CadreAssignmentFactory(community=community, department=department, checkpoint=checkpoint, start_on=d(4, 15))
    CadreAssignmentFactory(community=community, department=departments[0], checkpoint=checkpoint, start_on=d(7, 2))
    # The same cadre sent to one community after another for two days in May.
    first = d(5, 1 + 3 * (index % 8))
    CadreAssignmentFactory(
        community=community,
        cadre=roaming,
        department=departments[0],
        start_on=first,
        end_on=first + datetime.timedelta(days=1),
    )


def build_city() -> dict:
    """Two districts, two streets each, two communities each; employer organizations of the city
    and of each district; city and district departments; a cadre roaming over every community."""
    city = CityFactory()
    made = {"city": city, "districts": [], "streets": [], "communities": []}
    city_departments = [DepartmentFactory(area_code=city.code) for _ in range(2)]
    organizations = [UnitOrganizationFactory(area_code=city.code) for _ in range(2)]
    roaming = PersonFactory(area_code=city.code)
    for _d in range(2):
        district = DistrictFactory(city=city)
        made["districts"].append(district)
        organizations.append(UnitOrganizationFactory(area_code=district.code))
        DepartmentFactory(area_code=district.code)
        for _s in range(2):
            street = StreetFactory(district=district)
            made["streets"].append(street)
            for _c in range(2):
                made["communities"].append(CommunityFactory(street=street))
    made.update(organizations=organizations, roaming=roaming, city_departments=city_departments)
    for index, community in enumerate(made["communities"]):
        departments = [*city_departments, *community_departments(community)]
        populate(community, organizations, departments, roaming, index)
    made["grid"] = GridFactory(community=made["communities"][0])
    return made


def community_departments(community) -> list:
    """The departments of the community's district."""
    return list(Department.objects.filter(area_code=community.code[:6]))


# Counting by hand.


def within(day, start, end) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def in_force(first, last, start, end) -> bool:
    """A period from ``first`` to ``last`` (open when None) meets the one asked for."""
    return (end is None or first <= end) and (start is None or last is None or last >= start)


def counted(code: str, start=None, end=None) -> dict:
    """The figures of the area and period, counted row by row."""
    reports = [
        r
        for r in MemberReport.objects.all()
        if r.area_code.startswith(code)
        and r.confirmed_on
        and r.status != MemberReportStatus.DECLINED
        and in_force(r.confirmed_on, r.ended_on, start, end)
    ]
    posts = [
        p
        for p in ServicePost.objects.all()
        if p.area_code.startswith(code) and in_force(p.published_on, p.closed_on, start, end)
    ]
    claims = [
        c
        for c in PostClaim.objects.select_related("post")
        if c.area_code.startswith(code) and c.withdrawn_on is None and within(c.claimed_on, start, end)
    ]
    service = [
        s
        for s in ServiceRecord.objects.all()
        if s.area_code.startswith(code) and s.verified_at and within(s.served_on, start, end)
    ]
    by_kind = []
    for kind in ServiceKind.objects.order_by("position", "name"):
        rows = {
            "posts": sum(p.kind_id == kind.pk for p in posts),
            "posts_claimed": sum(c.post.kind_id == kind.pk for c in claims),
            "service_person_times": sum(s.person_times for s in service if s.kind_id == kind.pk),
            "service_hours": float(sum((s.hours for s in service if s.kind_id == kind.pk), Decimal(0))),
        }
        if kind.is_active or any(rows.values()):
            by_kind.append({"kind_id": kind.pk, "kind": kind.name, **rows})
    assignments = [
        a
        for a in CadreAssignment.objects.all()
        if a.area_code.startswith(code) and in_force(a.start_on, a.end_on, start, end)
    ]
    return {
        "members_reported": len({r.member_id for r in reports}),  # a member who moved counts once
        "posts": len(posts),
        "places": sum(p.places for p in posts),
        "places_taken": sum(p.claimed for p in posts),
        "posts_claimed": len(claims),
        "service_person_times": sum(s.person_times for s in service),
        "service_hours": float(sum((s.hours for s in service), Decimal(0))),
        "by_kind": by_kind,
        "sinking": {
            "departments": len({a.department_id for a in assignments}),
            "cadres": len({a.cadre_id for a in assignments}),
            "communities": len({a.community_id for a in assignments}),
            "checkpoints": len({a.checkpoint_id for a in assignments if a.checkpoint_id}),
        },
    }


def figures_of(data: dict) -> dict:
    return {key: data[key] for key in FIGURES}


def counted_by_unit(code: str, start=None, end=None) -> list[dict]:
    """The employer organizations under ``code`` and their members' figures, row by row."""
    units: dict[int, dict] = {}

    def unit(member) -> dict | None:
        organization = member.organization
        if not organization.area_code.startswith(code):
            return None
        return units.setdefault(
            organization.pk,
            {
                "organization_id": organization.pk,
                "organization": organization.name,
                "unit": organization.host_unit_name or organization.name,
                "area_code": organization.area_code,
                "members": set(),
                "posts_claimed": 0,
                "service_person_times": 0,
                "hours": Decimal(0),
                "communities": set(),
            },
        )

    for report in MemberReport.objects.select_related("member__organization"):
        if (
            report.confirmed_on
            and report.status != MemberReportStatus.DECLINED
            and in_force(report.confirmed_on, report.ended_on, start, end)
            and (row := unit(report.member))
        ):
            row["members"].add(report.member_id)
    for claim in PostClaim.objects.select_related("member__organization"):
        if claim.withdrawn_on is None and within(claim.claimed_on, start, end) and (row := unit(claim.member)):
            row["posts_claimed"] += 1
    for record in ServiceRecord.objects.select_related("member__organization"):
        if record.verified_at and within(record.served_on, start, end) and (row := unit(record.member)):
            row["service_person_times"] += record.person_times
            row["hours"] += record.hours
            row["communities"].add(record.area_code)
    # A unit whose members reported at some time is listed, even with nothing in the period.
    for report in MemberReport.objects.select_related("member__organization"):
        if report.confirmed_on and report.status != MemberReportStatus.DECLINED:
            unit(report.member)
    rows = [
        {
            **{key: row[key] for key in ("organization_id", "organization", "unit", "area_code", "posts_claimed")},
            "members_reported": len(row["members"]),
            "service_person_times": row["service_person_times"],
            "service_hours": float(row["hours"]),
            "communities_served": len(row["communities"]),
        }
        for row in units.values()
    ]
    return sorted(rows, key=lambda r: (-r["service_hours"], -r["service_person_times"], r["organization_id"]))


@pytest.fixture
def city(db):
    return build_city()


LEVELS = [
    ("city", roles.CITY_ORG_DEPT, lambda made: made["city"].code),
    ("district", roles.DISTRICT_ORG_DEPT, lambda made: made["districts"][1].code),
    ("street", roles.STREET_STAFF, lambda made: made["streets"][0].code),
    ("community", roles.COMMUNITY_STAFF, lambda made: made["communities"][0].code),
]
PERIODS = [(None, None), (APRIL, JUNE), (None, d(3, 31)), (d(6), None)]


@pytest.mark.parametrize(("level", "role", "code_of"), LEVELS, ids=[level for level, _r, _c in LEVELS])
@pytest.mark.parametrize(("start", "end"), PERIODS, ids=["all", "april-june", "until-march", "from-june"])
def test_figures_of_each_level_and_period_match_independent_counts(city, level, role, code_of, start, end):
    code = code_of(city)
    params = {
        "area": code,
        **({"from": start.isoformat()} if start else {}),
        **({"to": end.isoformat()} if end else {}),
    }
    response = api_client(user_with_grant(code, role)).get(URL, params)
    assert response.status_code == 200
    data = response.json()
    assert (data["area"]["code"], data["area"]["level"]) == (code, level)
    assert (data["from"], data["to"]) == (start and start.isoformat(), end and end.isoformat())
    assert figures_of(data) == counted(code, start, end)
    if level == "community":
        assert data["children"] == []  # service is counted per community
    else:
        assert {child["area"]["code"] for child in data["children"]} == child_area_codes(code)
    for child in data["children"]:
        assert figures_of(child) == counted(child["area"]["code"], start, end), child["area"]["code"]
        assert "children" not in child


def test_city_figures_in_plain_numbers(city):
    """The figures of the whole city for April to June, worked out from how populate() builds a community."""
    data = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT)).get(URL, {"from": "2020-04-01", "to": "2020-06-30"})
    data = data.json()
    # Per community: four confirmed reports and the one ended in May (the other ended in March).
    assert data["members_reported"] == 8 * 5
    # Per community: the February and May posts (the January one closed in March, the July one is later).
    assert data["posts"] == 8 * 2
    assert data["places"] == 8 * 3 + sum(2 + i % 2 for i in range(8))
    # Claims in the period still held: April on the first post, May 5 on the second.
    assert data["posts_claimed"] == 8 * 2
    # Verified service: April (2 person-times, 1.5 h), June 20 (i % 3 + 0.5 h), the June activity (4 h).
    assert data["service_person_times"] == 8 * 4
    assert data["service_hours"] == 8 * (1.5 + 0.5 + 4) + sum(i % 3 for i in range(8))
    kinds = {row["kind"]: row for row in data["by_kind"]}
    assert (kinds["政策宣传"]["posts"], kinds["法律援助"]["posts"], kinds["环境整治"]["posts"]) == (8, 8, 0)
    assert kinds["环境整治"]["service_hours"] == 8 * 4.0
    assert [row["kind"] for row in data["by_kind"]] == list(
        ServiceKind.objects.filter(is_active=True).values_list("name", flat=True)
    )
    # In force in the period: the April assignment of each community and the roaming cadre in May.
    assert data["sinking"]["cadres"] == 8 + 1
    assert data["sinking"]["communities"] == 8
    assert data["sinking"]["checkpoints"] == 8


def test_unverified_service_does_not_count_until_verified(city):
    community = city["communities"][0]
    client = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    before = client.get(URL, {"from": "2020-05-20", "to": "2020-05-20"}).json()
    assert (before["service_person_times"], before["service_hours"]) == (0, 0.0)
    waiting = ServiceRecord.objects.get(area_code=community.code, verified_at__isnull=True)
    services.service_record_verify(record=waiting, actor=UserFactory())
    after = client.get(URL, {"from": "2020-05-20", "to": "2020-05-20"}).json()
    assert (after["service_person_times"], after["service_hours"]) == (1, 3.0)


def test_a_retired_kind_with_figures_is_still_listed(city):
    ServiceKind.objects.filter(name="环境整治").update(is_active=False)
    ServiceKind.objects.filter(name="矛盾调解").update(is_active=False)
    data = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT)).get(URL).json()
    names = [row["kind"] for row in data["by_kind"]]
    assert "环境整治" in names
    assert "矛盾调解" not in names
    assert data["by_kind"] == counted("2202")["by_kind"]


def test_hours_are_numbers_with_one_decimal(city):
    body = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT)).get(URL).content.decode()
    assert '"service_hours":' in body
    data = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT)).get(URL).json()
    assert isinstance(data["service_hours"], float)
    assert data["service_hours"] == round(data["service_hours"], 1)


def test_a_grid_has_zero_figures_and_no_children(city):
    grid = city["grid"]
    data = api_client(user_with_grant(grid.code, roles.GRID_WORKER)).get(URL).json()
    assert data["area"]["level"] == "grid"
    assert (data["members_reported"], data["posts"], data["children"]) == (0, 0, [])


def test_an_empty_area_has_zeros_and_every_active_kind(db):
    community = CommunityFactory()
    data = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF)).get(URL).json()
    assert {key: data[key] for key in FIGURES if key not in ("by_kind", "sinking")} == {
        "members_reported": 0,
        "posts": 0,
        "places": 0,
        "places_taken": 0,
        "posts_claimed": 0,
        "service_person_times": 0,
        "service_hours": 0.0,
    }
    assert data["sinking"] == {"departments": 0, "cadres": 0, "communities": 0, "checkpoints": 0}
    assert len(data["by_kind"]) == ServiceKind.objects.filter(is_active=True).count()
    assert all(row["posts"] == 0 and row["service_hours"] == 0.0 for row in data["by_kind"])


@pytest.mark.parametrize(
    ("role", "code_of"),
    [
        (roles.DISTRICT_ORG_DEPT, lambda made: made["districts"][0].code),
        (roles.STREET_STAFF, lambda made: made["streets"][2].code),
        (roles.API_READER, lambda made: made["communities"][3].code),
    ],
)
def test_default_area_is_the_callers_own(city, role, code_of):
    code = code_of(city)
    data = api_client(user_with_grant(code, role)).get(URL).json()
    assert data["area"]["code"] == code
    assert figures_of(data) == counted(code)


def test_superuser_defaults_to_the_city(city):
    data = api_client(UserFactory(is_superuser=True, is_staff=True)).get(URL).json()
    assert data["area"]["code"] == "2202"
    assert figures_of(data) == counted("2202")


# By employer unit.


@pytest.mark.parametrize(("level", "role", "code_of"), LEVELS, ids=[level for level, _r, _c in LEVELS])
@pytest.mark.parametrize(("start", "end"), [(None, None), (APRIL, JUNE)], ids=["all", "april-june"])
def test_by_unit_matches_independent_counts(city, level, role, code_of, start, end):
    code = code_of(city)
    params = {"area": code, **({"from": start.isoformat(), "to": end.isoformat()} if start else {})}
    response = api_client(user_with_grant(code, role)).get(BY_UNIT_URL, params)
    assert response.status_code == 200
    data = response.json()
    assert (data["area"]["code"], data["from"], data["to"]) == (code, params.get("from"), params.get("to"))
    assert data["units"] == counted_by_unit(code, start, end)


def test_by_unit_comes_in_pages_in_the_order_of_the_whole_list(city):
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    whole = client.get(BY_UNIT_URL).json()
    assert whole["count"] == len(whole["units"]) >= 3
    assert whole["next"] is None and whole["previous"] is None
    first = client.get(BY_UNIT_URL, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    assert first["count"] == second["count"] == whole["count"]
    assert first["units"] + second["units"] == whole["units"][:4]
    assert second["previous"] and "page=" not in second["previous"].split("?", 1)[-1].replace("page_size=", "")
    for key in ("posts_claimed", "service_person_times", "members_reported"):
        assert first["totals"][key] == sum(unit[key] for unit in whole["units"])
    assert first["totals"]["service_hours"] == pytest.approx(sum(unit["service_hours"] for unit in whole["units"]))
    assert client.get(BY_UNIT_URL, {"page": 99}).status_code == 404
    refused = client.get(BY_UNIT_URL, {"page": "x"})
    assert refused.status_code == 400 and "page" in refused.json()


def test_by_unit_follows_a_member_who_changes_employer_and_an_organization_that_moves(city):
    """The kept figures by unit move with the member and with the organization (the drift check
    after the test compares them with a recount)."""
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    record = ServiceRecord.objects.filter(verified_at__isnull=False).select_related("member__organization").first()
    member, old = record.member, record.member.organization
    new = next(o for o in city["organizations"] if o.pk != old.pk)
    services.member_update(member=member, organization=new)
    assert client.get(BY_UNIT_URL).json()["units"] == counted_by_unit("2202")
    other_district = next(d for d in city["districts"] if not new.area_code.startswith(d.code))
    party_organization_update(organization=new, area_code=other_district.code)
    data = client.get(BY_UNIT_URL, {"area": other_district.code}).json()
    assert new.pk in {unit["organization_id"] for unit in data["units"]}
    assert data["units"] == counted_by_unit(other_district.code)


def test_by_unit_of_a_district_counts_its_organizations_members_in_every_community(city):
    district = city["districts"][0]
    own = next(o for o in city["organizations"] if o.area_code == district.code)
    data = api_client(user_with_grant(district.code, roles.DISTRICT_ORG_DEPT)).get(BY_UNIT_URL).json()
    assert [row["organization_id"] for row in data["units"]] == [own.pk]
    # Its members report to communities of both districts: their service counts wherever it was given.
    served = set(
        ServiceRecord.objects.filter(member__organization=own, verified_at__isnull=False).values_list(
            "area_code", flat=True
        )
    )
    assert {code[:6] for code in served} == {d.code for d in city["districts"]}
    assert data["units"][0]["communities_served"] == len(served)
    city_data = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT)).get(BY_UNIT_URL).json()
    assert {row["organization_id"] for row in city_data["units"]} == {o.pk for o in city["organizations"]}


# Bad requests and scoping.


@pytest.mark.parametrize("url", [URL, BY_UNIT_URL])
@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"from": "2020-13-01"},
            "from",
            "日期格式应为 YYYY-MM-DD，如 2020-06-30。 / A date is written YYYY-MM-DD, like 2020-06-30.",
        ),
        (
            {"to": "20200630"},
            "to",
            "日期格式应为 YYYY-MM-DD，如 2020-06-30。 / A date is written YYYY-MM-DD, like 2020-06-30.",
        ),
        (
            {"from": "2020-07-01", "to": "2020-06-01"},
            "from",
            "开始日期不能晚于结束日期。 / The start date is after the end date.",
        ),
        ({"area": "22x"}, "area", None),
    ],
)
def test_bad_parameters_are_400_with_a_clear_message(city, url, params, field, message):
    response = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT)).get(url, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    if message:
        assert response.json()[field] == [message]
    else:
        assert "digits" in response.json()[field][0]


@pytest.mark.parametrize("url", [URL, BY_UNIT_URL])
@pytest.mark.parametrize("asked", ["other_community", "city", "district", "missing_community"])
def test_area_outside_scope_is_404(city, url, asked):
    own = city["communities"][0]
    code = {
        "other_community": city["communities"][1].code,
        "city": "2202",
        "district": own.code[:6],
        "missing_community": f"{own.street.code}998",
    }[asked]
    user = user_with_grant(own.code if asked != "missing_community" else own.street.code, roles.STREET_STAFF)
    response = api_client(user).get(url, {"area": code})
    assert response.status_code == 404
    assert response.json()["detail"] == NOT_FOUND


@pytest.mark.parametrize("url", [URL, BY_UNIT_URL])
def test_anonymous_is_401(city, url):
    assert Client().get(url).status_code == 401


# A fixed number of queries, whatever the data.


def grow(made, copies: int = 9) -> None:
    for index, community in enumerate(made["communities"]):
        departments = [*made["city_departments"], *community_departments(community)]
        for copy in range(copies):
            populate(community, made["organizations"], departments, made["roaming"], index + copy)


def test_query_count_is_the_same_at_tenfold_data(db, django_assert_max_num_queries):
    made = build_city()
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    client.get(URL)  # the token is created on first use
    params = {"area": "2202", "from": "2020-04-01", "to": "2020-06-30"}
    # Token, grants, the area, its children, the kinds, the members of the area and of its
    # children and the posts (from the rows), the claims and the service (kept counts, one
    # query), sinking of the area and of its children: 11. By unit: token, grants, the area, the
    # kept counts of the period and of all time, the members reported in all units, and for the
    # page's units their organizations, communities served and members reported: 9.
    with django_assert_max_num_queries(11) as small:
        small_data = client.get(URL, params).json()
    with django_assert_max_num_queries(9) as small_units:
        small_units_data = client.get(BY_UNIT_URL, params).json()
    grow(made)
    client.get(URL)  # the token's last use is written at most once a minute: not in what is measured
    with django_assert_max_num_queries(11) as large:
        large_data = client.get(URL, params).json()
    with django_assert_max_num_queries(9) as large_units:
        large_units_data = client.get(BY_UNIT_URL, params).json()
    assert large_data["posts"] == 10 * small_data["posts"]
    assert figures_of(large_data) == counted("2202", APRIL, JUNE)
    assert large_units_data["units"] == counted_by_unit("2202", APRIL, JUNE)
    assert sum(u["posts_claimed"] for u in large_units_data["units"]) == 10 * sum(
        u["posts_claimed"] for u in small_units_data["units"]
    )
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large_units.captured_queries) == len(small_units.captured_queries)


def test_by_unit_of_all_time_reads_a_page_of_tenfold_units_in_as_many_queries(db, django_assert_max_num_queries):
    """All time, the count, the totals and the order come from the kept ranking: a page of ten
    times as many units costs the same queries (token, grants, the area, the kept totals, the
    page's ranks, their kept figures and their names: 7)."""
    made = build_city()
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    client.get(BY_UNIT_URL)  # the token is created on first use
    with django_assert_max_num_queries(7) as small:
        small_data = client.get(BY_UNIT_URL, {"page_size": 3, "page": 2}).json()
    units = len(made["organizations"])
    for index, community in enumerate(made["communities"]):
        for copy in range(9):
            organizations = [UnitOrganizationFactory(area_code=community.code[: 6 if copy % 2 else 4])]
            populate(community, organizations, community_departments(community), made["roaming"], index + copy)
    client.get(BY_UNIT_URL)  # the token's last use is written at most once a minute: not in what is measured
    with django_assert_max_num_queries(7) as large:
        large_data = client.get(BY_UNIT_URL, {"page_size": 3, "page": 2}).json()
    expected = counted_by_unit("2202")
    assert small_data["count"] == units and large_data["count"] == len(expected) == units + 9 * 8
    assert large_data["units"] == expected[3:6]
    assert large_data["totals"]["posts_claimed"] == sum(unit["posts_claimed"] for unit in expected)
    assert large_data["totals"]["members_reported"] == sum(unit["members_reported"] for unit in expected)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_by_unit_ranks_by_hours_then_person_times_then_the_lowest_id(db):
    """Equal hours go by person-times, equal both by id (ids of more digits after fewer); a unit
    with only claims or reported members comes after every unit that served."""
    community = CommunityFactory()
    post = ServicePostFactory(community=community, kind=service_kind(KINDS[0]), places=9, published_on=d(1))
    now = timezone.now()
    organizations = [UnitOrganizationFactory(area_code=community.code) for _ in range(5)]
    # The fourth's id has one digit more than the second's and a lower first digit (100 after 57).
    organizations[3] = UnitOrganizationFactory(area_code=community.code, pk=10 ** len(str(organizations[1].pk)))

    def member_of(organization, hours=None, times=1):
        report = MemberReportFactory(
            community=community,
            member__person__area_code=community.code,
            member__organization=organization,
            confirmed_on=d(2),
        )
        if hours is not None:
            ServiceRecordFactory(
                report=report, post=post, served_on=d(3), hours=Decimal(hours), person_times=times, verified_at=now
            )
        return report

    member_of(organizations[0])  # reported only
    member_of(organizations[1], "2.0", times=1)
    member_of(organizations[2], "2.0", times=3)
    member_of(organizations[3], "2.0", times=1)
    member_of(organizations[4], "9.5", times=1)
    client = api_client(user_with_grant(community.code, roles.DISTRICT_ORG_DEPT))
    data = client.get(BY_UNIT_URL).json()
    order = [organizations[i].pk for i in (4, 2, 1, 3, 0)]
    assert [unit["organization_id"] for unit in data["units"]] == order
    assert data["units"] == counted_by_unit(community.code)
    assert data["totals"]["service_hours"] == 15.5 and data["count"] == 5


@pytest.mark.parametrize("level", ["district", "community"])
def test_query_count_is_fixed_at_lower_levels(db, level, django_assert_max_num_queries):
    made = build_city()
    code = made["districts"][0].code if level == "district" else made["communities"][0].code
    client = api_client(user_with_grant(code, roles.DISTRICT_ORG_DEPT))
    client.get(URL)
    with django_assert_max_num_queries(13) as small:
        client.get(URL)
    grow(made)
    client.get(URL)  # the token's last use is written at most once a minute: not in what is measured
    with django_assert_max_num_queries(13) as large:
        data = client.get(URL).json()
    assert figures_of(data) == counted(code)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_schema_documents_the_stats(db):
    body = schema_response().content.decode()
    for text in (
        "/api/stats/volunteering/",
        "/api/stats/volunteering/by-unit/",
        "VolunteeringStats",
        "VolunteeringByUnit",
        "service_person_times",
        "communities_served",
    ):
        assert text in body, text


def test_a_member_who_moved_within_the_period_counts_once_above_both_communities(db):
    street = StreetFactory(district=DistrictFactory(city=CityFactory()))
    first, second = CommunityFactory(street=street), CommunityFactory(street=street)
    report = MemberReportFactory(community=first, confirmed_on=datetime.date(2020, 3, 2))
    services.member_report_end(report=report, ended_on=datetime.date(2020, 6, 30))
    MemberReportFactory(
        community=second,
        member=report.member,
        reported_on=datetime.date(2020, 7, 1),
        confirmed_on=datetime.date(2020, 7, 2),
    )
    client = api_client(UserFactory(is_superuser=True, is_staff=True))
    period = {"from": "2020-01-01", "to": "2020-12-31"}

    data = client.get(URL, {"area": street.code, **period}).json()
    assert data["members_reported"] == 1
    assert (
        data["members_reported"]
        == counted(street.code, datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))["members_reported"]
    )
    data = client.get(URL, {"area": street.district.code, **period}).json()
    assert data["members_reported"] == 1
    assert [child["members_reported"] for child in data["children"]] == [1]
    # Each community counts the member who served there during the period.
    assert client.get(URL, {"area": first.code, **period}).json()["members_reported"] == 1
    assert client.get(URL, {"area": second.code, **period}).json()["members_reported"] == 1
    # Before the move only the first community had them.
    data = client.get(URL, {"area": street.code, "from": "2020-04-01", "to": "2020-05-01"}).json()
    assert data["members_reported"] == 1


def test_the_by_unit_page_shows_a_page_of_units_in_order_with_the_totals_of_all(city):
    from alliances.volunteering.list_views import VolunteeringByUnitView

    user = user_with_grant("2202", roles.CITY_ORG_DEPT)
    web = Client()
    web.force_login(user)
    expected = counted_by_unit("2202")
    size = 2
    original = VolunteeringByUnitView.paginate_by
    VolunteeringByUnitView.paginate_by = size
    try:
        first = web.get(reverse("alliances:volunteering_by_unit"), {"area": "2202"})
        second = web.get(reverse("alliances:volunteering_by_unit"), {"area": "2202", "page": 2})
    finally:
        VolunteeringByUnitView.paginate_by = original
    assert first.status_code == second.status_code == 200
    assert first.context["unit_count"] == len(expected)
    shown = [row[0] for row in first.context["rows"]] + [row[0] for row in second.context["rows"]]
    assert shown == [unit["organization"] for unit in expected[: 2 * size]]
    totals = first.context["totals"]
    assert totals["posts_claimed"] == sum(unit["posts_claimed"] for unit in expected)
    assert totals["members_reported"] == sum(unit["members_reported"] for unit in expected)
