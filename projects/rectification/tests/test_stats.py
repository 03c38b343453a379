"""The ``rectification`` figures of ``GET /api/stats/assessment/`` (identified, open, rectified,
overdue measures) checked against an independent count at the city, a district, a street and a
community and each of their children, and a fixed number of queries at 1× and 10× the cases."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.tests.factories import CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client
from projects.assessment.tests.factories import community_branch, grid_branch
from projects.rectification import services
from projects.rectification.models import Measure, RectificationCase

from .factories import identify, make_place

pytestmark = pytest.mark.django_db
URL = reverse("stats-assessment")


def add_cases(community, place, *, rectified: bool, overdue: int, year: int = 2020):
    """A case of the community's organization and one of a grid branch, with measures."""
    today = timezone.localdate()
    for organization in (community_branch(community), grid_branch(community)):
        case = identify(place, organization=organization, identified_on=date(year, 3, 1),
                        deadline=date(year, 12, 31))  # fmt: skip
        for number in range(overdue):
            services.measure_add(case=case, title=f"逾期{number}", due_on=today - timedelta(days=2))
        measure = services.measure_add(case=case, title="按期", due_on=today + timedelta(days=20))
        if rectified:
            services.measure_complete(measure=measure, done_on=date(year, 11, 1), note="完成")
            services.case_accept(case=case, accepted_on=date(year, 12, 1), open_measures_reason="并入常规工作"
                                 if overdue else "")  # fmt: skip


@pytest.fixture
def city():
    first, second = DistrictFactory(), DistrictFactory()
    streets = [StreetFactory(district=first), StreetFactory(district=first), StreetFactory(district=second)]
    communities = [CommunityFactory(street=streets[0]), CommunityFactory(street=streets[0]),
                   CommunityFactory(street=streets[1]), CommunityFactory(street=streets[2])]  # fmt: skip
    places = {district.code: make_place(CommunityFactory(street=StreetFactory(district=district)))
              for district in (first, second)}  # fmt: skip
    for number, community in enumerate(communities):
        place = places[community.code[:6]]
        add_cases(community, place, rectified=number % 2 == 1, overdue=number)
    # An earlier year's case still open counts as open in 2020, not as identified.
    add_cases(CommunityFactory(street=streets[1]), places[first.code], rectified=False, overdue=1, year=2019)
    return {"first": first, "streets": streets, "communities": communities}


def independent(code: str, year: int = 2020) -> dict:
    cases = [case for case in RectificationCase.objects.all() if case.area_code.startswith(code)]
    today = timezone.localdate()
    overdue = [
        measure for measure in Measure.objects.select_related("case")
        if measure.case.area_code.startswith(code) and measure.case.is_open and measure.case.year <= year
        and measure.done_on is None and measure.due_on < today
    ]  # fmt: skip
    return {
        "identified": sum(1 for case in cases if case.year == year),
        "open": sum(
            1 for case in cases if case.year <= year and (case.accepted_on is None or case.accepted_on.year > year)
        ),
        "rectified": sum(1 for case in cases if case.accepted_on and case.accepted_on.year == year),
        "overdue_measures": len(overdue),
    }


def test_the_figures_match_an_independent_count_at_four_levels(city):
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    codes = ["2202", city["first"].code, city["streets"][0].code, city["communities"][0].code]
    for code in codes:
        payload = client.get(URL, {"area": code, "year": 2020}).json()
        assert payload["rectification"] == independent(code), code
        assert payload["children"], code
        for child in payload["children"]:
            assert child["rectification"] == independent(child["area"]["code"]), child["area"]["code"]
    whole = client.get(URL, {"area": "2202", "year": 2020}).json()["rectification"]
    assert whole == {"identified": 8, "open": 6, "rectified": 4, "overdue_measures": 0 + 2 * 2 + 2 * 1}
    assert client.get(URL, {"area": "2202", "year": 2019}).json()["rectification"]["identified"] == 2


def test_a_fixed_number_of_queries_at_1x_and_10x(city, django_assert_num_queries):
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    code = city["first"].code
    with django_assert_num_queries(13):
        client.get(URL, {"area": code, "year": 2020})
    place = make_place(CommunityFactory(street=city["streets"][0]))
    for _ in range(9):
        add_cases(CommunityFactory(street=city["streets"][1]), place, rectified=False, overdue=1)
    with django_assert_num_queries(13):
        payload = client.get(URL, {"area": code, "year": 2020}).json()
    assert payload["rectification"] == independent(code)
