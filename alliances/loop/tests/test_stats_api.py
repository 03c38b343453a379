"""The alliances' statistics endpoint, checked against counts worked out here in plain Python
from the rows, at every level, with the query count pinned at tenfold data."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from alliances.loop.models import Activity, Alliance, AllianceProblem, MemberUnit, Venue
from alliances.tests.factories import (
    ActivityFactory,
    AllianceFactory,
    AllianceProblemFactory,
    MemberUnitFactory,
    VenueFactory,
)
from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    StreetFactory,
    UserFactory,
    user_with_grant,
)
from grids.tests.factories import GridFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client, child_area_codes, schema_response

URL = reverse("stats-alliances")
NOT_FOUND = "未找到，或不在您的管辖范围内。 / Not found, or outside your area."
FIGURE_KEYS = (
    "alliances",
    "member_units",
    "open_venues",
    "activities",
    "activity_participants",
    "problems",
    "satisfaction_rate",
)
STEPS = ("collected", "consulted", "implemented", "evaluated")

# Problems made in each alliance: (step, evaluation).
PROBLEMS = [
    ("collected", ""),
    ("collected", "dissatisfied"),  # evaluated once, sent back
    ("consulted", ""),
    ("implemented", ""),
    ("evaluated", "satisfied"),
    ("evaluated", "basically_satisfied"),
]


def make_alliance(code: str, *, active: bool = True, index: int = 0) -> Alliance:
    alliance = AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=code), is_active=active)
    units = [MemberUnitFactory(alliance=alliance), MemberUnitFactory(alliance=alliance, is_active=index % 2 == 0)]
    VenueFactory(member=units[0])
    VenueFactory(member=units[1], is_open=False)
    ActivityFactory(alliance=alliance, participants=100 + index, held_on=date(2020, 6, 1))
    ActivityFactory(alliance=alliance, participants=35)
    for step, evaluation in PROBLEMS[: 3 + index % 4]:
        AllianceProblemFactory(alliance=alliance, step=step, evaluation=evaluation)
    return alliance


def build_city() -> dict:
    """Two districts, two streets each, two communities each with an alliance (every third one
    retired); an alliance of a street itself, and one of a district."""
    city = CityFactory()
    made = {"city": city, "districts": [], "streets": [], "communities": []}
    index = 0
    for _d in range(2):
        district = DistrictFactory(city=city)
        made["districts"].append(district)
        for _s in range(2):
            street = StreetFactory(district=district)
            made["streets"].append(street)
            for _c in range(2):
                community = CommunityFactory(street=street)
                made["communities"].append(community)
                make_alliance(community.code, active=index % 3 != 2, index=index)
                index += 1
    make_alliance(made["streets"][0].code, index=3)
    make_alliance(made["districts"][1].code, index=1)
    made["grid"] = GridFactory(community=made["communities"][0])
    return made


def counted(code: str) -> dict:
    """The figures of the area, counted row by row."""

    def inside(model):
        return [row for row in model.objects.all() if row.area_code.startswith(code)]

    problems = inside(AllianceProblem)
    evaluations = [p.evaluation for p in problems if p.evaluation]
    satisfied = sum(e in ("satisfied", "basically_satisfied") for e in evaluations)
    return {
        "alliances": sum(a.is_active for a in inside(Alliance)),
        "member_units": sum(m.is_active for m in inside(MemberUnit)),
        "open_venues": sum(v.is_open for v in inside(Venue)),
        "activities": len(inside(Activity)),
        "activity_participants": sum(a.participants for a in inside(Activity)),
        "problems": {step: sum(p.step == step for p in problems) for step in STEPS},
        "satisfaction_rate": round(100 * satisfied / len(evaluations), 1) if evaluations else None,
    }


def figures_of(data: dict) -> dict:
    return {key: data[key] for key in FIGURE_KEYS}


@pytest.fixture
def city(db):
    return build_city()


LEVELS = [
    ("city", roles.CITY_ORG_DEPT, lambda made: made["city"].code),
    ("district", roles.DISTRICT_ORG_DEPT, lambda made: made["districts"][1].code),
    ("street", roles.STREET_STAFF, lambda made: made["streets"][0].code),
    ("community", roles.COMMUNITY_STAFF, lambda made: made["communities"][0].code),
]


@pytest.mark.parametrize(("level", "role", "code_of"), LEVELS, ids=[level for level, _r, _c in LEVELS])
def test_figures_of_each_level_match_independent_counts(city, level, role, code_of):
    code = code_of(city)
    response = api_client(user_with_grant(code, role)).get(URL, {"area": code})
    assert response.status_code == 200
    data = response.json()
    assert data["area"]["code"] == code
    assert data["area"]["level"] == level
    assert figures_of(data) == counted(code)
    assert {child["area"]["code"] for child in data["children"]} == child_area_codes(code)
    for child in data["children"]:
        assert figures_of(child) == counted(child["area"]["code"]), child["area"]["code"]


def test_city_figures_in_plain_numbers(city):
    data = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT)).get(URL).json()
    # Ten alliances, of which the community ones with index 2 and 5 are retired.
    assert data["alliances"] == 8
    # Two units each; the second is retired in alliances of odd index (1, 3, 5, 7, street 3, district 1).
    assert data["member_units"] == 20 - 6
    assert data["open_venues"] == 10
    assert data["activity_participants"] == sum(100 + i for i in range(8)) + 103 + 101 + 10 * 35
    # Problems: 3 + index % 4 of PROBLEMS for indexes 0..7, 3 and 1.
    taken = [3 + i % 4 for i in [*range(8), 3, 1]]
    assert sum(data["problems"].values()) == sum(taken)
    assert data["problems"]["evaluated"] == sum(max(0, n - 4) for n in taken)
    dissatisfied = sum(n >= 2 for n in taken)
    assert data["satisfaction_rate"] == round(
        100 * data["problems"]["evaluated"] / (data["problems"]["evaluated"] + dissatisfied), 1
    )
    # The street's own alliance is counted in its district, and the district's in no child street.
    district = next(child for child in data["children"] if child["area"]["code"] == city["districts"][1].code)
    assert district["alliances"] == counted(city["districts"][1].code)["alliances"]
    assert sum(child["alliances"] for child in data["children"]) == data["alliances"]


def test_district_alliance_counts_in_the_district_but_in_no_street(city):
    district = city["districts"][1]
    data = api_client(user_with_grant(district.code, roles.DISTRICT_ORG_DEPT)).get(URL).json()
    assert data["alliances"] == sum(child["alliances"] for child in data["children"]) + 1


def test_community_children_are_its_grids(city):
    community = city["communities"][0]
    data = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF)).get(URL).json()
    grid = city["grid"]
    assert [child["area"] for child in data["children"]] == [{"code": grid.code, "name": grid.name, "level": "grid"}]
    assert data["children"][0]["alliances"] == 0
    assert data["children"][0]["satisfaction_rate"] is None
    assert data["alliances"] == 1


def test_area_without_evaluations_has_no_satisfaction_rate(db):
    community = CommunityFactory()
    AllianceProblemFactory(
        alliance=AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=community.code))
    )
    data = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF)).get(URL).json()
    assert data["satisfaction_rate"] is None
    assert data["problems"] == {"collected": 1, "consulted": 0, "implemented": 0, "evaluated": 0}


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
    admin = UserFactory(is_superuser=True, is_staff=True)
    data = api_client(admin).get(URL).json()
    assert data["area"]["code"] == "2202"
    assert figures_of(data) == counted("2202")


@pytest.mark.parametrize("asked", ["other_community", "city", "district", "missing_community"])
def test_area_outside_scope_is_404(city, asked):
    own = city["communities"][0]
    code = {
        "other_community": city["communities"][1].code,
        "city": "2202",
        "district": own.code[:6],
        "missing_community": f"{own.street.code}998",
    }[asked]
    user = user_with_grant(own.code if asked != "missing_community" else own.street.code, roles.STREET_STAFF)
    response = api_client(user).get(URL, {"area": code})
    assert response.status_code == 404
    assert response.json()["detail"] == NOT_FOUND


@pytest.mark.parametrize("bad", ["22a2", "22020"])
def test_malformed_area_is_400(city, bad):
    response = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT)).get(URL, {"area": bad})
    assert response.status_code == 400
    assert "digits" in response.json()["area"][0]


def test_anonymous_is_401(city):
    assert Client().get(URL).status_code == 401


def test_query_count_is_the_same_at_tenfold_data(db, django_assert_max_num_queries):
    made = build_city()
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    client.get(URL)  # the token is created on first use
    # Token, grants, the area, its children, and the kept counts of the area and its children (one).
    with django_assert_max_num_queries(5) as small:
        small_data = client.get(URL, {"area": "2202"}).json()
    for index, community in enumerate(made["communities"]):
        for copy in range(9):
            make_alliance(community.code, index=index + copy)
    with django_assert_max_num_queries(5) as large:
        large_data = client.get(URL, {"area": "2202"}).json()
    assert large_data["open_venues"] == 10 * small_data["open_venues"] - 9 * 2
    assert figures_of(large_data) == counted("2202")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_schema_documents_the_endpoints(db):
    body = schema_response().content.decode()
    assert "/api/stats/alliances/" in body
    assert "AllianceStats" in body
    assert "activity_participants" in body
    for path in (
        "/api/alliances/",
        "/api/alliances/{id}/survey/",
        "/api/member-units/",
        "/api/venues/",
        "/api/activities/",
        "/api/alliance-problems/{id}/evaluate/",
        "/api/meetings/",
        "/api/decisions/{id}/report/",
    ):
        assert path in body, path
