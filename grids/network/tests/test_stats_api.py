"""The organization-network statistics endpoint, checked against counts made here with the ORM."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from communities.choices import PartyOrganizationKind
from communities.models import Community, PartyOrganization
from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    StreetFactory,
    UserFactory,
    user_with_grant,
)
from grids.network.choices import ChiefKind, Employment
from grids.network.models import ChiefAssignment, Grid, GridWorker
from grids.tests.factories import BuildingFactory, ChiefAssignmentFactory, GridFactory, GridWorkerFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client, api_token_key, child_area_codes, schema_response

URL = reverse("stats-organization-network")
FIGURE_KEYS = {
    "communities",
    "grids",
    "grid_party_organizations",
    "grid_workers",
    "grid_workers_full_time",
    "grid_workers_part_time",
    "chiefs",
    "party_organizations",
    "party_members",
}


def build_city(grids_per_community: int = 2, workers_per_grid: int = 2) -> dict:
    """Two districts, two streets each, two communities each; grids with workers, chiefs and
    party organizations at every level, plus retired rows that must not be counted."""
    city = CityFactory()
    PartyOrganizationFactory(area_code=city.code, kind=PartyOrganizationKind.COMMITTEE, member_count=40)
    made = {"city": city, "districts": [], "streets": [], "communities": [], "grids": []}
    for _d in range(2):
        district = DistrictFactory(city=city)
        made["districts"].append(district)
        PartyOrganizationFactory(area_code=district.code, kind=PartyOrganizationKind.COMMITTEE, member_count=30)
        for _s in range(2):
            street = StreetFactory(district=district)
            made["streets"].append(street)
            PartyOrganizationFactory(area_code=street.code, kind=PartyOrganizationKind.GENERAL_BRANCH, member_count=20)
            for _c in range(2):
                community = CommunityFactory(street=street)
                made["communities"].append(community)
                PartyOrganizationFactory(area_code=community.code, kind=PartyOrganizationKind.BRANCH, member_count=15)
                for index in range(grids_per_community):
                    grid = GridFactory(community=community)
                    made["grids"].append(grid)
                    kind = PartyOrganizationKind.GRID_BRANCH if index % 2 == 0 else PartyOrganizationKind.PARTY_GROUP
                    PartyOrganizationFactory(area_code=grid.code, kind=kind, member_count=5 + index)
                    for number in range(workers_per_grid):
                        employment = Employment.FULL_TIME if number % 2 == 0 else Employment.PART_TIME
                        GridWorkerFactory(grid=grid, employment=employment)
                    ChiefAssignmentFactory(grid=grid, kind=ChiefKind.GRID)
                    ChiefAssignmentFactory(grid=grid, kind=ChiefKind.BUILDING, building=BuildingFactory(grid=grid))
                    if index % 2:
                        ChiefAssignmentFactory(grid=grid, kind=ChiefKind.ALLEY, place_name="光华胡同")
                # Retired rows in every community.
                GridWorkerFactory(grid=made["grids"][-1], is_active=False)
                ChiefAssignmentFactory(
                    grid=made["grids"][-1], kind=ChiefKind.ROAD, place_name="松江路", is_active=False
                )
                PartyOrganizationFactory(area_code=community.code, is_active=False, member_count=99)
    # A retired community with a (still active) grid, and a retired grid.
    CommunityFactory(street=made["streets"][0], is_active=False)
    GridFactory(community=made["communities"][0], is_active=False)
    return made


def counted(code: str) -> dict:
    """The figures of an area counted independently, one plain ORM query each."""
    workers = GridWorker.objects.filter(area_code__startswith=code, is_active=True)
    chiefs = ChiefAssignment.objects.filter(area_code__startswith=code, is_active=True)
    organizations = PartyOrganization.objects.filter(area_code__startswith=code, is_active=True)
    return {
        "communities": Community.objects.filter(code__startswith=code, is_active=True).count(),
        "grids": Grid.objects.filter(code__startswith=code, is_active=True).count(),
        "grid_party_organizations": organizations.filter(
            kind__in=[PartyOrganizationKind.GRID_BRANCH, PartyOrganizationKind.PARTY_GROUP],
            area_code__regex=r"^\d{15}$",
        ).count(),
        "grid_workers": workers.count(),
        "grid_workers_full_time": workers.filter(employment=Employment.FULL_TIME).count(),
        "grid_workers_part_time": workers.filter(employment=Employment.PART_TIME).count(),
        "chiefs": {kind: chiefs.filter(kind=kind).count() for kind in ChiefKind.values},
        "party_organizations": {kind: organizations.filter(kind=kind).count() for kind in PartyOrganizationKind.values},
        "party_members": sum(organizations.values_list("member_count", flat=True)),
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
    ("grid", roles.GRID_WORKER, lambda made: made["grids"][1].code),
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
    data = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT)).get(URL, {"area": "2202"}).json()
    assert data["area"] == {"code": "2202", "name": "吉林市", "level": "city"}
    assert data["communities"] == 8  # the retired ninth is not counted
    assert data["grids"] == 16  # nor the retired grid
    assert data["grid_workers"] == 32
    assert data["grid_workers_full_time"] == data["grid_workers_part_time"] == 16
    assert data["chiefs"] == {"road": 0, "alley": 8, "grid": 16, "building": 16, "unit": 0}
    assert data["grid_party_organizations"] == 16
    assert data["party_organizations"]["committee"] == 3
    assert [child["area"]["level"] for child in data["children"]] == ["district", "district"]
    assert sum(child["grids"] for child in data["children"]) == 16


def test_community_children_are_its_grids(city):
    community = city["communities"][0]
    data = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF)).get(URL).json()
    assert [child["area"]["level"] for child in data["children"]] == ["grid", "grid"]
    assert all(child["communities"] == 0 and child["grid_workers"] == 2 for child in data["children"])


@pytest.mark.parametrize(
    ("role", "code_of"),
    [
        (roles.CITY_ORG_DEPT, lambda made: "2202"),
        (roles.STREET_STAFF, lambda made: made["streets"][2].code),
        (roles.COMMUNITY_STAFF, lambda made: made["communities"][3].code),
        (roles.API_READER, lambda made: made["districts"][0].code),
    ],
)
def test_default_area_is_the_callers_own(city, role, code_of):
    code = code_of(city)
    data = api_client(user_with_grant(code, role)).get(URL).json()
    assert data["area"]["code"] == code
    assert figures_of(data) == counted(code)


def test_superuser_defaults_to_the_city(city):
    from communities.tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    assert api_client(admin).get(URL).json()["area"]["code"] == "2202"


@pytest.mark.parametrize("asked", ["other_community", "city", "district", "other_grid", "missing_grid"])
def test_area_outside_scope_is_404(city, asked):
    own = city["communities"][0]
    code = {
        "other_community": city["communities"][1].code,
        "city": "2202",
        "district": own.code[:6],
        "other_grid": city["grids"][-1].code,
        "missing_grid": f"{own.code}998",
    }[asked]
    response = api_client(user_with_grant(own.code, roles.COMMUNITY_STAFF)).get(URL, {"area": code})
    assert response.status_code == 404
    assert response.json()["detail"] == "未找到，或不在您的管辖范围内。 / Not found, or outside your area."


@pytest.mark.parametrize("bad", ["22a2", "22020", "2202' OR 1=1", "2" * 16])
def test_malformed_area_is_400(city, bad):
    response = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT)).get(URL, {"area": bad})
    assert response.status_code == 400
    assert "digits" in response.json()["area"][0]


def test_anonymous_is_401(city):
    assert Client().get(URL).status_code == 401


def test_token_header_authenticates(city):
    user = user_with_grant(city["streets"][0].code, roles.API_READER)
    key = api_token_key(user)
    client = Client()
    response = client.get(URL, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["area"]["code"] == city["streets"][0].code
    assert client.get(URL, HTTP_AUTHORIZATION="Token not-a-real-key").status_code == 401


def test_query_count_is_the_same_at_tenfold_data(db, django_assert_max_num_queries):
    build_city(grids_per_community=1, workers_per_grid=1)
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    client.get(URL)  # the token is created on first use
    # Token, grants, the area, its children, and the kept counts of the area and its children (one).
    with django_assert_max_num_queries(5) as small:
        small_data = client.get(URL, {"area": "2202"}).json()
    # Ten times the grids and the workers, in the same districts.
    for community in Community.objects.filter(is_active=True):
        for _ in range(9):
            grid = GridFactory(community=community)
            for _w in range(10):
                GridWorkerFactory(grid=grid)
    with django_assert_max_num_queries(5) as large:
        large_data = client.get(URL, {"area": "2202"}).json()
    assert large_data["grids"] == 10 * small_data["grids"]
    assert large_data["grid_workers"] >= 10 * small_data["grid_workers"]
    assert len(large.captured_queries) == len(small.captured_queries)


def test_schema_lists_the_stats_path(db):
    response = schema_response()
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/stats/organization-network/" in body
    assert "OrganizationNetwork" in body
    assert "tokenAuth" in body


def test_docs_load_without_external_urls(db):
    client = Client()
    client.force_login(UserFactory())  # the docs are for signed-in callers
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    # Every script, style and picture the page loads is served by the portal itself; the page
    # also carries a random CSRF token, so look at what it loads, not at any text in it.
    loaded = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert loaded
    for address in loaded:
        assert not re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", address, re.I), address
