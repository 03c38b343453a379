"""Red-heart property's kept counts: every service leaves them equal to a recount (the autouse
fixture of ``conftest.py`` compares them after each test; here each service is run, a compound's
change of mode included, and a meeting moved to another day by the admin), and the figures read
from them equal the figures grouped from every row at request time, the computation they replaced,
kept here as the independent count, on random rows at four levels and over random periods."""

import random
from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.db.models import Count, Q, Sum

from alliances.property import services
from alliances.property.choices import RED_HEART_MODES, ManagementMode, Party
from alliances.property.models import CompoundMode, DeliberationMeeting, FeeCollection, Resolution, collection_rate
from alliances.property.selectors import _empty, _held, month_of, property_figures
from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory
from grids.tests.factories import CompoundFactory
from jilin_grid.aggregates import rollup
from jilin_grid.areas import Area, area_get, area_statistics
from jilin_grid.counts.services import find_drift
from jilin_grid.scope import COMMUNITY_CODE_LENGTH, prefix_q

pytestmark = pytest.mark.django_db
FAMILIES = ("property.modes", "property.pilots", "property.meetings", "property.resolutions", "property.fees")


def current_modes(code: str, *, on: date) -> dict[int, tuple[str, str]]:
    rows = (
        CompoundMode.objects.filter(prefix_q("area_code", code), since__lte=on)
        .order_by("compound_id", "since")
        .values_list("compound_id", "area_code", "mode")
    )
    return {compound: (area_code, mode) for compound, area_code, mode in rows}


def grouped_property_figures(area: Area, *, start: date | None = None, end: date | None = None) -> dict:
    """Red-heart property in an area over a period (either end open): pilot communities (with a
    compound in a red-heart mode on the last day), compounds by mode on that day, deliberation
    meetings held, their resolutions (done, overdue), and the fee collection by month (households
    billed and paid, the rate); the same for each direct child."""
    code = area.code
    length = area.child_code_length or len(code)
    today = date.today()
    on = min(end, today) if end else today
    own = _empty()
    children: dict[str, dict] = defaultdict(_empty)
    pilots: dict[str, set] = defaultdict(set)
    for area_code, mode in current_modes(code, on=on).values():
        for bucket in (own, children[area_code[:length]]):
            bucket["compounds"] += 1
            bucket["compounds_by_mode"][mode] += 1
        if mode in RED_HEART_MODES:
            pilots[code].add(area_code[:COMMUNITY_CODE_LENGTH])
            pilots[area_code[:length]].add(area_code[:COMMUNITY_CODE_LENGTH])
    own["pilots"] = len(pilots.pop(code, ()))
    for prefix, communities in pilots.items():
        children[prefix]["pilots"] = len(communities)

    counted = [
        (DeliberationMeeting.objects.filter(_held(start, end)), {"meetings": Count("id")}),
        (
            Resolution.objects.filter(_held(start, end, "meeting__")),
            {
                "resolutions": Count("id"),
                "resolutions_done": Count("id", filter=Q(done_on__isnull=False)),
                "resolutions_overdue": Count("id", filter=Q(done_on__isnull=True, deadline__lt=today)),
            },
        ),
    ]
    for queryset, aggregates in counted:
        for (prefix,), values in rollup(queryset, field="area_code", prefix=code, length=length, **aggregates).items():
            for name, value in values.items():
                own[name] += value
                children[prefix][name] += value

    fees = FeeCollection.objects.all()
    if start:
        fees = fees.filter(month__gte=month_of(start))
    if end:
        fees = fees.filter(month__lte=end)
    months: dict[str | None, dict] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    grouped = rollup(
        fees,
        field="area_code",
        prefix=code,
        length=length,
        by=("month",),
        billed=Sum("households_billed"),
        paid=Sum("households_paid"),
    )
    for (prefix, month), values in grouped.items():
        key = str(month)[:7]  # a date, or its ISO text from SQLite
        for owner in (None, prefix):
            months[owner][key][0] += values["billed"]
            months[owner][key][1] += values["paid"]
    for owner, by_month in months.items():
        figures = own if owner is None else children[owner]
        billed = sum(b for b, _p in by_month.values())
        paid = sum(p for _b, p in by_month.values())
        figures["fee_collection"] = {
            "households_billed": billed,
            "households_paid": paid,
            "rate": collection_rate(billed, paid),
            "by_month": [
                {"month": key, "households_billed": b, "households_paid": p, "rate": collection_rate(b, p)}
                for key, (b, p) in sorted(by_month.items())
            ],
        }
    return area_statistics(
        area,
        own,
        lambda child: children[child] if child in children else _empty(),
        period={"from": start.isoformat() if start else None, "to": end.isoformat() if end else None},
    )


def test_every_property_service_keeps_the_counts():
    community = CommunityFactory()
    compound = CompoundFactory(community=community)
    company = services.company_add(community=community, name="红心物业有限公司")
    today = date.today()
    services.compound_mode_change(
        compound=compound, mode=ManagementMode.COMPANY, since=date(2020, 1, 1), company=company
    )
    assert find_drift(FAMILIES) == []
    services.compound_mode_change(
        compound=compound, mode=ManagementMode.THREE_PARTY, since=today.replace(day=1), company=company
    )
    assert find_drift(FAMILIES) == []
    services.compound_mode_change(
        compound=compound, mode=ManagementMode.ABANDONED, since=today, council_name="协商理事会",
        council_members=[("李明", "理事长")],
    )  # fmt: skip
    assert find_drift(FAMILIES) == []
    meeting = services.meeting_hold(
        community=community, held_on=today - timedelta(days=40), topics="停车", residents_committee_attendees=2,
        property_company_attendees=1, owners_committee_attendees=3, compound=compound,
    )  # fmt: skip
    late = services.resolution_add(
        meeting=meeting, text="划车位", party=Party.PROPERTY_COMPANY, deadline=meeting.held_on
    )
    done = services.resolution_add(
        meeting=meeting, text="修路灯", party=Party.RESIDENTS_COMMITTEE, deadline=today - timedelta(days=1)
    )
    services.resolution_record_outcome(resolution=done, done_on=today, outcome="已修")
    assert find_drift(FAMILIES) == []
    collection = services.fee_collection_file(
        compound=compound, month=today.replace(day=1), households_billed=120, households_paid=90
    )
    services.fee_collection_correct(collection=collection, households_paid=100)
    assert find_drift(FAMILIES) == []
    meeting.held_on = today - timedelta(days=70)  # corrected in the admin: its resolutions move with it
    meeting.save()
    assert find_drift(FAMILIES) == []
    area = area_get(community.code)
    figures = property_figures(area)
    assert figures == grouped_property_figures(area)
    assert figures["compounds_by_mode"][ManagementMode.ABANDONED] == 1 and figures["pilots"] == 1
    assert (figures["resolutions"], figures["resolutions_done"], figures["resolutions_overdue"]) == (2, 1, 1)
    assert late.pk and figures["fee_collection"]["households_paid"] == 100
    compound.management_modes.order_by("since").last().delete()  # a mode struck out in the admin
    assert find_drift(FAMILIES) == []


def random_property(rng: random.Random) -> tuple:
    city = CityFactory()
    districts = [DistrictFactory(city=city) for _ in range(2)]
    streets = [StreetFactory(district=districts[0]), StreetFactory(district=districts[0]),
               StreetFactory(district=districts[1])]  # fmt: skip
    communities = [CommunityFactory(street=streets[0]), CommunityFactory(street=streets[0]),
                   CommunityFactory(street=streets[1]), CommunityFactory(street=streets[2])]  # fmt: skip
    today = date.today()
    for community in communities:
        company = services.company_add(community=community, name=f"物业{community.pk}")
        for _ in range(rng.randint(2, 5)):
            compound = CompoundFactory(community=community)
            since = today - timedelta(days=rng.randint(200, 800))
            previous = None
            while since <= today:
                mode = rng.choice([m for m in ManagementMode.values if m != previous])
                services.compound_mode_change(
                    compound=compound, mode=mode, since=since,
                    company=company if mode not in (ManagementMode.ABANDONED, ManagementMode.THREE_SOCIETY) else None,
                    council_name="协商理事会" if mode == ManagementMode.ABANDONED else "",
                    council_members=[("李明", "理事长")] if mode == ManagementMode.ABANDONED else (),
                )  # fmt: skip
                previous = mode
                since += timedelta(days=rng.choice((1, 3, 20, 90, 200, 400)))
            month = month_of(today - timedelta(days=rng.randint(0, 500)))
            for _ in range(rng.randint(1, 6)):
                if month > today:
                    break
                billed = rng.randint(20, 200)
                services.fee_collection_file(
                    compound=compound, month=month, households_billed=billed, households_paid=rng.randint(0, billed)
                )
                month = month_of(month + timedelta(days=rng.choice((31, 62))))
        for _ in range(rng.randint(2, 6)):
            meeting = services.meeting_hold(
                community=community, held_on=today - timedelta(days=rng.randint(0, 500)), topics="议事",
                residents_committee_attendees=2, property_company_attendees=1, owners_committee_attendees=1,
            )  # fmt: skip
            for _ in range(rng.randint(0, 3)):
                resolution = services.resolution_add(
                    meeting=meeting, text="决议", party=Party.OWNERS_COMMITTEE,
                    deadline=meeting.held_on + timedelta(days=rng.randint(0, 60)),
                )  # fmt: skip
                if rng.random() < 0.4:
                    services.resolution_record_outcome(
                        resolution=resolution,
                        done_on=min(today, meeting.held_on + timedelta(days=rng.randint(0, 60))),
                        outcome="已办",
                    )
    return city, districts[0], streets[0], communities[0]


@pytest.mark.parametrize("seed", [1, 2])
def test_the_kept_figures_equal_the_grouped_figures_on_random_rows(seed):
    rng = random.Random(seed)
    areas = random_property(rng)
    today = date.today()
    periods = [
        (None, None),
        (month_of(today - timedelta(days=200)), None),
        (None, month_of(today) - timedelta(days=1)),
        (today - timedelta(days=rng.randint(30, 400)), today - timedelta(days=rng.randint(0, 29))),
        (today - timedelta(days=12), today),
        (month_of(today - timedelta(days=100)), month_of(today - timedelta(days=40)) - timedelta(days=1)),
        (None, today - timedelta(days=rng.randint(1, 300))),
    ]
    for area in areas:
        area = area_get(area.code)
        for start, end in periods:
            assert property_figures(area, start=start, end=end) == grouped_property_figures(
                area, start=start, end=end
            ), (area.code, start, end)


def test_a_community_is_a_pilot_while_it_has_a_red_heart_compound():
    """``property.pilots``: a community starts being a pilot in the month its first compound takes a
    red-heart mode and stops when its last leaves one; a day's changes are read for it from the rows."""
    street = StreetFactory()
    a, b = CommunityFactory(street=street), CommunityFactory(street=street)
    company = services.company_add(community=a, name="红心物业")
    first, second = CompoundFactory(community=a), CompoundFactory(community=a)
    today = date.today()
    red = ManagementMode.THREE_PARTY
    for compound, since in ((first, date(2020, 1, 10)), (second, date(2020, 3, 5))):
        services.compound_mode_change(compound=compound, mode=red, since=since, company=company)
    services.compound_mode_change(compound=first, mode=ManagementMode.COMPANY, since=date(2020, 6, 1), company=company)
    services.compound_mode_change(compound=second, mode=ManagementMode.COMPANY, since=date(2020, 9, 1), company=company)
    assert find_drift(FAMILIES) == []

    def pilots(code, on):
        return property_figures(area_get(code), end=on)["pilots"]

    assert [pilots(street.code, on) for on in (date(2019, 12, 31), date(2020, 2, 1), date(2020, 7, 1))] == [0, 1, 1]
    assert pilots(street.code, date(2020, 9, 1)) == 0  # the last one left on the day asked
    # A month's last day reads its whole month from the counts, and no change from the rows.
    assert [pilots(street.code, on) for on in (date(2020, 2, 29), date(2020, 8, 31), date(2020, 9, 30))] == [1, 1, 0]
    area = area_get(street.code)
    for on in (date(2020, 1, 31), date(2020, 5, 31), date(2020, 9, 30)):
        assert property_figures(area, end=on) == grouped_property_figures(area, end=on)
    services.compound_mode_change(compound=second, mode=red, since=today, company=company)
    assert pilots(street.code, today) == pilots(a.code, today) == 1
    assert pilots(street.code, today - timedelta(days=1)) == 0
    other = services.company_add(community=b, name="红心物业二")
    services.compound_mode_change(compound=CompoundFactory(community=b), mode=red, since=today, company=other)
    assert find_drift(FAMILIES) == []
    assert (pilots(a.code, today), pilots(b.code, today), pilots(street.code, today)) == (1, 1, 2)
    second.management_modes.get(since=today).delete()  # struck out in the admin
    assert find_drift(FAMILIES) == []
    assert (pilots(a.code, today), pilots(street.code, today)) == (0, 1)
    assert property_figures(area) == grouped_property_figures(area)
