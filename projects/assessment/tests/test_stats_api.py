"""``GET /api/stats/assessment/``: the confirmed scores of a year of an area and of its children,
checked against an independent count at the city, a district, a street and a community, and a fixed
number of queries whatever the data size."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from communities.tests.factories import CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client
from projects.assessment import services
from projects.assessment.models import AssessmentStandard, BranchScore

from .factories import community_branch, confirmed_score, grid_branch, make_standard, points_for

pytestmark = pytest.mark.django_db
URL = reverse("stats-assessment")
ASPECTS = ("leadership", "members", "life", "rules", "role", "satisfaction")


@pytest.fixture
def city():
    standard = make_standard(2020)
    make_standard(2019)
    first, second = DistrictFactory(), DistrictFactory()
    streets = [StreetFactory(district=first), StreetFactory(district=first), StreetFactory(district=second)]
    communities = [CommunityFactory(street=streets[0]), CommunityFactory(street=streets[0]),
                   CommunityFactory(street=streets[1]), CommunityFactory(street=streets[2])]  # fmt: skip
    totals = iter([95, 88, 72, 55, 64, 91, 81, 40, 77, 60, 99, 59])
    for community in communities:
        confirmed_score(community_branch(community), standard, next(totals))
        confirmed_score(grid_branch(community), standard, next(totals))
        confirmed_score(grid_branch(community), standard, next(totals))
    # Not counted: a score still at the street, and another year's.
    waiting = services.score_self_assess(
        organization=grid_branch(communities[0]), year=2020, points=points_for(standard, 50)
    )
    services.score_review(score=waiting, points={})
    return {"first": first, "streets": streets, "communities": communities}


def independent(code: str) -> dict:
    rows = [row for row in BranchScore.objects.filter(year=2020, status="confirmed") if row.area_code.startswith(code)]
    count = len(rows)

    def average(values):
        if not count:
            return None
        return float(Decimal(sum(values) / count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

    return {
        "branches_scored": count,
        "average_score": average([row.confirmed_total for row in rows]),
        "stars": {str(stars): sum(1 for row in rows if row.stars == stars) for stars in (5, 4, 3, 2, 1)},
        "by_aspect": {key: average([getattr(row, f"aspect_{key}") for row in rows]) for key in ASPECTS},
        "below_threshold": sum(1 for row in rows if row.confirmed_total < 60),
    }


def figures(payload: dict) -> dict:
    return {key: payload[key] for key in ("branches_scored", "average_score", "stars", "by_aspect", "below_threshold")}


def test_the_figures_match_an_independent_count_at_four_levels(city):
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    codes = ["2202", city["first"].code, city["streets"][0].code, city["communities"][0].code]
    for code in codes:
        response = client.get(URL, {"area": code, "year": 2020})
        assert response.status_code == 200, response.content
        payload = response.json()
        assert payload["year"] == 2020
        assert figures(payload) == independent(code)
        assert payload["children"], code
        for child in payload["children"]:
            assert figures(child) == independent(child["area"]["code"])
    city_figures = client.get(URL, {"area": "2202", "year": 2020}).json()
    assert city_figures["branches_scored"] == 12
    assert city_figures["below_threshold"] == 3
    assert sum(city_figures["stars"].values()) == 12


@pytest.mark.parametrize(("line", "below"), [(40, 0), (41, 1), (60, 3), (61, 4), (99, 11), (100, 12)])
def test_the_rectification_line_is_the_one_set_when_read(city, settings, line, below):
    """The scores are kept by their points, so the branches below the line follow the setting
    without a recount (the city's confirmed totals: 40, 55, 59, 60, 64, 72, 77, 81, 88, 91, 95, 99)."""
    settings.ASSESSMENT_RECTIFICATION_BELOW = line
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    assert client.get(URL, {"area": "2202", "year": 2020}).json()["below_threshold"] == below


def test_another_year_and_bad_parameters(city):
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    assert client.get(URL, {"area": "2202", "year": 2019}).json()["branches_scored"] == 0
    bad_year = client.get(URL, {"area": "2202", "year": "20x0"})
    assert bad_year.status_code == 400 and "year" in bad_year.json()
    assert client.get(URL, {"area": "22"}).status_code == 400


def test_scope_a_street_reads_its_own_and_not_another(city):
    street = city["streets"][0]
    client = api_client(user_with_grant(street.code, roles.STREET_STAFF))
    assert client.get(URL, {"area": street.code, "year": 2020}).json()["branches_scored"] == 6
    assert client.get(URL, {"area": city["streets"][2].code, "year": 2020}).status_code == 404
    assert client.get(URL, {"area": "2202", "year": 2020}).status_code == 404
    assert api_client().get(URL).status_code == 401


def test_a_fixed_number_of_queries_at_1x_and_10x(city, django_assert_num_queries):
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    code = city["first"].code
    # Token, grants, the area and its ancestors, its children, the grouped scores, the secretaries
    # filed and their courses (``projects.filing.selectors.secretaries_filed``), the reviews' rounds
    # of the year, kept reports by result and kept organizations that report, the grouped
    # rectification cases and their overdue measures.
    with django_assert_num_queries(13):
        client.get(URL, {"area": code, "year": 2020})
    year_standard = AssessmentStandard.objects.get(year=2020)
    for community in city["communities"]:
        for total in range(30, 100, 3):
            confirmed_score(grid_branch(community), year_standard, total)
    with django_assert_num_queries(13):
        client.get(URL, {"area": code, "year": 2020})
