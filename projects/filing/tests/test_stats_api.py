"""``secretaries_filed`` of ``GET /api/stats/assessment/``: the secretaries in post at the end of the
year, their average age and years in post that day, and the hours of the courses started in the year,
checked against an independent count at the city, a district, a street and a community (and each
child), with a fixed number of queries whatever the data size."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from communities.services import party_organization_update
from communities.tests.factories import CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client
from projects.filing import services
from projects.filing.models import SecretaryFiling, Training, age_on

from .factories import add_training, community_organization, make_filing

pytestmark = pytest.mark.django_db
URL = reverse("stats-assessment")
DAY = date(2020, 12, 31)


@pytest.fixture
def city():
    first, second = DistrictFactory(), DistrictFactory()
    streets = [StreetFactory(district=first), StreetFactory(district=first), StreetFactory(district=second)]
    communities = [CommunityFactory(street=streets[0]), CommunityFactory(street=streets[0]),
                   CommunityFactory(street=streets[1]), CommunityFactory(street=streets[2])]  # fmt: skip
    births = iter([date(1970, 6, 1), date(1988, 12, 31), date(1962, 2, 14), date(1979, 9, 9)])
    posts = iter([date(2010, 3, 1), date(2019, 1, 1), date(2016, 7, 1), date(2012, 12, 31)])
    filings = []
    for community, hours in zip(communities, (40, 16, 8, 24), strict=True):
        filing = make_filing(community_organization(community), birth_date=next(births), selected_on=next(posts))
        add_training(filing, hours, date(2020, 5, 1))
        add_training(filing, 8, date(2019, 5, 1))
        filings.append(filing)
    # Changed in 2021: in post at the end of 2020 still, and the successor is not.
    services.filing_change_secretary(
        filing=filings[1], ended_on=date(2021, 3, 1), end_reason="换届", secretary_name="韩雪梅",
        selection="election", selected_on=date(2021, 3, 1), term_start=date(2021, 3, 1), education="bachelor",
        birth_date=date(1990, 1, 1),
    )  # fmt: skip
    # Changed in 2020: the first ended in post at the end of 2020 no more, the successor is.
    services.filing_change_secretary(
        filing=filings[2], ended_on=date(2020, 6, 30), end_reason="退休", secretary_name="孙立国",
        selection="appointment", selected_on=date(2020, 7, 1), term_start=date(2020, 7, 1), education="bachelor",
        birth_date=date(1980, 4, 5),
    )  # fmt: skip
    return {"first": first, "streets": streets, "communities": communities}


def _average(values):
    if not values:
        return None
    return float((Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def independent(code: str, year: int = 2020) -> dict:
    in_post = [
        filing
        for filing in SecretaryFiling.objects.all()
        if filing.area_code.startswith(code)
        and filing.selected_on <= DAY
        and (filing.ended_on is None or filing.ended_on > DAY)
    ]
    return {
        "filed": len(in_post),
        "average_age": _average([age_on(filing.birth_date, DAY) for filing in in_post]),
        "average_years_in_post": _average([age_on(filing.selected_on, DAY) for filing in in_post]),
        "training_hours": sum(
            row.hours
            for row in Training.objects.select_related("filing")
            if row.filing.area_code.startswith(code) and row.starts_on.year == year
        ),
    }


def test_the_figures_match_an_independent_count_at_four_levels(city):
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    codes = ["2202", city["first"].code, city["streets"][0].code, city["communities"][0].code]
    for code in codes:
        payload = client.get(URL, {"area": code, "year": 2020}).json()
        assert payload["secretaries_filed"] == independent(code), code
        for child in payload["children"]:
            assert child["secretaries_filed"] == independent(child["area"]["code"])
    city_figures = client.get(URL, {"area": "2202", "year": 2020}).json()["secretaries_filed"]
    assert (city_figures["filed"], city_figures["training_hours"]) == (4, 88)
    assert city_figures["average_age"] == _average([50, 32, 40, 41])
    assert client.get(URL, {"area": "2202", "year": 2019}).json()["secretaries_filed"]["training_hours"] == 32


def test_the_courses_hours_follow_a_course_changed_or_struck_out_and_a_filing_that_moves(city):
    """The hours are kept by the month a course starts, in its filing's area: a course whose hours
    or days change (in the admin), one struck out, and an organization that moves to another
    district with its filing count their change (the drift check after the test recounts them)."""
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    filing = SecretaryFiling.objects.get(organization__area_code=city["communities"][0].code, ended_on__isnull=True)
    course = filing.trainings.get(starts_on__year=2020)
    course.hours, course.starts_on, course.ends_on = 12, date(2019, 12, 30), date(2019, 12, 31)
    course.save()
    filing.trainings.filter(starts_on__year=2019).exclude(pk=course.pk).first().delete()
    elsewhere = CommunityFactory(street=city["streets"][2])
    party_organization_update(organization=filing.organization, area_code=elsewhere.code)
    filing.refresh_from_db()
    assert filing.area_code == elsewhere.code
    for year in (2019, 2020):
        for code in ("2202", city["first"].code, elsewhere.street.district.code, elsewhere.code):
            payload = client.get(URL, {"area": code, "year": year}).json()
            assert payload["secretaries_filed"]["training_hours"] == independent(code, year)["training_hours"]


def test_a_fixed_number_of_queries_at_1x_and_10x(city, django_assert_num_queries):
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    code = city["first"].code
    # Token, grants, the area and its ancestors, its children, the grouped scores, the filed
    # secretaries grouped, their courses' kept hours, the reviews' rounds of the year, kept reports and
    # kept organizations that report, the rectification's cases and measures.
    with django_assert_num_queries(13):
        small = client.get(URL, {"area": code, "year": 2020}).json()
    for community in city["communities"][:3]:
        for _ in range(10):
            filing = make_filing(community_organization(community))
            add_training(filing, 8)
    with django_assert_num_queries(13):
        large = client.get(URL, {"area": code, "year": 2020}).json()
    assert large["secretaries_filed"]["filed"] == small["secretaries_filed"]["filed"] + 30
