"""``GET /api/stats/property/``: the figures of an area and of its children, checked against counts
made here row by row at every level (city, district, street, community); the period; and a number of
queries that does not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.property.choices import RED_HEART_MODES, ManagementMode
from alliances.property.models import CompoundMode, DeliberationMeeting, FeeCollection, Resolution
from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from grids.tests.factories import CompoundFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client

from .factories import (
    CompoundModeFactory,
    FeeCollectionFactory,
    MeetingFactory,
    PropertyCompanyFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("stats-property")
MODES = [ManagementMode.COMPANY, ManagementMode.THREE_PARTY, ManagementMode.ABANDONED, ManagementMode.THREE_SOCIETY]


def fill(community, *, size: int = 1, seed: int = 0) -> None:
    """Compounds of ``community`` with modes, fees and meetings, ``size`` times over."""
    company = PropertyCompanyFactory(community=community)
    for index in range(size):
        compound = CompoundFactory(community=community)
        CompoundModeFactory(
            compound=compound, mode=ManagementMode.COMPANY, since=datetime.date(2019, 1, 1), company=company
        )
        mode = MODES[(index + seed) % len(MODES)]
        if mode != ManagementMode.COMPANY:
            CompoundMode.objects.create(
                compound=compound,
                mode=mode,
                since=datetime.date(2020, 1 + index % 6, 1),
                company=company if mode == ManagementMode.THREE_PARTY else None,
                council_name="协商理事会" if mode == ManagementMode.ABANDONED else "",
            )
        for month in (1, 2, 7):
            FeeCollectionFactory(
                compound=compound,
                month=datetime.date(2020, month, 1),
                households_billed=100 + index,
                households_paid=60 + (index * 7 + month + seed) % 40,
            )
        meeting = MeetingFactory(community=community, held_on=datetime.date(2020, 1 + (index + seed) % 12, 5))
        ResolutionFactory(meeting=meeting, deadline=meeting.held_on + datetime.timedelta(days=20))
        ResolutionFactory(
            meeting=meeting,
            deadline=meeting.held_on + datetime.timedelta(days=20),
            done_on=meeting.held_on,
            outcome="已办",
        )


def rate(billed, paid):
    return round(paid * 100 / billed, 1) if billed else None


def expected(code: str, start=None, end=None) -> dict:
    """The figures under ``code``, counted here one row at a time."""
    on = min(end, datetime.date.today()) if end else datetime.date.today()
    current = {}
    for mode in CompoundMode.objects.order_by("since"):
        if mode.area_code.startswith(code) and mode.since <= on:
            current[mode.compound_id] = mode
    by_mode = dict.fromkeys(ManagementMode.values, 0)
    for mode in current.values():
        by_mode[mode.mode] += 1
    meetings = [
        m
        for m in DeliberationMeeting.objects.all()
        if m.area_code.startswith(code) and (not start or m.held_on >= start) and (not end or m.held_on <= end)
    ]
    resolutions = [r for r in Resolution.objects.all() if r.meeting in meetings]
    months = {}
    for row in FeeCollection.objects.all():
        if (
            row.area_code.startswith(code)
            and (not start or row.month >= start.replace(day=1))
            and (not end or row.month <= end)
        ):
            billed, paid = months.get(f"{row.month:%Y-%m}", (0, 0))
            months[f"{row.month:%Y-%m}"] = (billed + row.households_billed, paid + row.households_paid)
    billed = sum(b for b, _p in months.values())
    paid = sum(p for _b, p in months.values())
    return {
        "pilots": len({m.area_code for m in current.values() if m.mode in RED_HEART_MODES}),
        "compounds": len(current),
        "compounds_by_mode": by_mode,
        "meetings": len(meetings),
        "resolutions": len(resolutions),
        "resolutions_done": len([r for r in resolutions if r.done_on]),
        "resolutions_overdue": len([r for r in resolutions if not r.done_on and r.deadline < datetime.date.today()]),
        "fee_collection": {
            "households_billed": billed,
            "households_paid": paid,
            "rate": rate(billed, paid),
            "by_month": [
                {"month": key, "households_billed": b, "households_paid": p, "rate": rate(b, p)}
                for key, (b, p) in sorted(months.items())
            ],
        },
    }


@pytest.fixture
def tree():
    city = CityFactory()
    districts = [DistrictFactory(city=city, code=f"{city.code}{n:02d}") for n in (11, 12)]
    streets = [StreetFactory(district=d, code=f"{d.code}{n:03d}") for d in districts for n in (1, 2)]
    communities = [CommunityFactory(street=s, code=f"{s.code}{n:03d}") for s in streets for n in (1, 2)]
    for index, community in enumerate(communities[:-1]):  # the last community has no red-heart property
        fill(community, size=1 + index % 3, seed=index)
    return city, districts, streets, communities


def check(body: dict, code: str, start=None, end=None) -> None:
    figures = expected(code, start, end)
    assert {key: body[key] for key in figures} == figures
    for child in body["children"]:
        figures = expected(child["area"]["code"], start, end)
        assert {key: child[key] for key in figures} == figures, child["area"]["code"]


def test_the_figures_match_an_independent_count_at_every_level(tree):
    city, districts, streets, communities = tree
    user = user_with_grant(city.code, roles.CITY_ORG_DEPT)
    client = api_client(user)
    for area in (city, districts[0], streets[1], communities[2]):
        response = client.get(URL, {"area": area.code})
        assert response.status_code == 200
        body = response.json()
        check(body, area.code)
    body = client.get(URL, {"area": city.code}).json()
    assert body["pilots"] >= 5
    assert body["compounds_by_mode"][ManagementMode.ABANDONED] >= 1
    assert len(body["children"]) == 2


def test_the_period_limits_meetings_and_months(tree):
    city, districts, _streets, _communities = tree
    client = api_client(user_with_grant(city.code, roles.CITY_ORG_DEPT))
    start, end = datetime.date(2020, 1, 15), datetime.date(2020, 3, 31)
    body = client.get(URL, {"area": districts[1].code, "from": "2020-01-15", "to": "2020-03-31"}).json()
    check(body, districts[1].code, start, end)
    assert [row["month"] for row in body["fee_collection"]["by_month"]] == ["2020-01", "2020-02"]
    assert body["period"] == {"from": "2020-01-15", "to": "2020-03-31"}
    assert client.get(URL, {"from": "2020-04-01", "to": "2020-03-01"}).status_code == 400


def test_every_role_sees_only_its_own_area(tree):
    city, districts, streets, communities = tree
    community_client = api_client(user_with_grant(communities[0].code, roles.COMMUNITY_STAFF))
    body = community_client.get(URL).json()
    assert body["area"]["code"] == communities[0].code
    check(body, communities[0].code)
    assert community_client.get(URL, {"area": communities[1].code}).status_code == 404
    street_client = api_client(user_with_grant(streets[0].code, roles.STREET_STAFF))
    assert street_client.get(URL, {"area": streets[1].code}).status_code == 404
    district_client = api_client(user_with_grant(districts[0].code, roles.DISTRICT_ORG_DEPT))
    assert district_client.get(URL, {"area": city.code}).status_code == 404
    assert community_client.get(URL, {"area": "22x"}).status_code == 400
    assert api_client().get(URL).status_code == 401


def test_the_queries_do_not_grow_with_the_data():
    street = StreetFactory()
    communities = [CommunityFactory(street=street) for _ in range(2)]
    for community in communities:
        fill(community, size=1)
    client = api_client(user_with_grant(street.district.city.code, roles.CITY_ORG_DEPT))
    client.get(URL)  # the token row is created on first use
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, {"area": street.code}).status_code == 200
    period = {"area": street.code, "from": "2020-01-10", "to": "2020-08-20"}
    with CaptureQueriesContext(connection) as dated_small:
        assert client.get(URL, period).status_code == 200
    for community in communities:
        fill(community, size=10, seed=1)
    with CaptureQueriesContext(connection) as large:
        body = client.get(URL, {"area": street.code}).json()
    assert body["compounds"] == 22
    # Token, grants, the area and its ancestors (2); the kept figures (modes, meetings, resolutions,
    # fees, the pilot communities: one query for all time), the changes of mode dated after today,
    # the resolutions due earlier this month; the children's names.
    assert len(large.captured_queries) == len(small.captured_queries) == 8
    # A period reads the kept figures of its months, and the days at its edges from the rows.
    with CaptureQueriesContext(connection) as dated:
        assert client.get(URL, period).status_code == 200
    assert len(dated.captured_queries) == len(dated_small.captured_queries) == 12
