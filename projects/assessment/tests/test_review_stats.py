"""``reviews`` of ``GET /api/stats/assessment/``: the year's report-and-review by published result,
reported and not reported, checked against an independent count at the city, a district, a street
and a community and in every child, and the same number of queries at ten times the reports."""

import pytest
from django.urls import reverse

from communities.models import PartyOrganization
from communities.tests.factories import CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client
from projects.assessment import services
from projects.assessment.models import ReviewRound, SecretaryReport

from .factories import graded_report, open_round, reporting_organization, submitted_report

pytestmark = pytest.mark.django_db
URL = reverse("stats-assessment")
GRADES = ("good", "fairly_good", "average", "poor")


@pytest.fixture
def city():
    first, second = DistrictFactory(), DistrictFactory()
    streets = [StreetFactory(district=first), StreetFactory(district=first), StreetFactory(district=second)]
    communities = [CommunityFactory(street=streets[0]), CommunityFactory(street=streets[0]),
                   CommunityFactory(street=streets[1]), CommunityFactory(street=streets[2])]  # fmt: skip
    rounds = {code: open_round(code, 2020, reviewers=3) for code in (first.code, second.code, "2202")}
    grades = iter([["good"] * 3, ["fairly_good", "fairly_good", "poor"], ["poor", "poor", "good"], ["average"] * 3,
                   ["good", "average", "average"], ["poor"] * 3])  # fmt: skip
    graded_report(rounds[first.code], reporting_organization(communities[0].code), next(grades))
    graded_report(rounds[first.code], reporting_organization(communities[1].code), next(grades))
    graded_report(rounds[first.code], reporting_organization(streets[0].code, kind="committee"), next(grades))
    graded_report(rounds[second.code], reporting_organization(communities[3].code), next(grades))
    graded_report(rounds["2202"], reporting_organization(first.code, kind="committee"), next(grades))
    # Not reported: a draft, an organization that never wrote, and the second district's committee.
    services.secretary_report_write(review_round=rounds[first.code],
                                    organization=reporting_organization(communities[2].code),
                                    sections=[("一", "甲")])  # fmt: skip
    reporting_organization(streets[1].code, kind="committee")
    reporting_organization(second.code, kind="committee")
    # Published in the first district and the city; the second district's round is still open
    # (reported, without a result). Another year does not count.
    ungraded = submitted_report(rounds[second.code], reporting_organization(streets[2].code, kind="committee"))
    services.review_round_publish(review_round=rounds[first.code])
    services.review_round_publish(review_round=rounds["2202"])
    other_year = open_round(first.code, 2019, reviewers=1)
    graded_report(other_year, reporting_organization(CommunityFactory(street=streets[0]).code), ["good"])
    return {"first": first, "second": second, "streets": streets, "communities": communities, "ungraded": ungraded}


def independent(code: str) -> dict:
    reports = [row for row in SecretaryReport.objects.filter(year=2020, status="submitted")
               if row.area_code.startswith(code)]  # fmt: skip
    rounds = set(ReviewRound.objects.filter(year=2020).values_list("area_code", flat=True))
    not_reported = 0
    from projects.assessment.selectors import reporting_organizations

    for round_code in rounds:
        for organization in reporting_organizations(round_code):
            if (
                organization.area_code.startswith(code)
                and not SecretaryReport.objects.filter(
                    organization=organization, year=2020, status="submitted"
                ).exists()
            ):
                not_reported += 1
    return {
        "grades": {grade: sum(1 for row in reports if row.result == grade) for grade in GRADES},
        "reported": len(reports),
        "not_reported": not_reported,
    }


def test_the_reviews_match_an_independent_count_at_four_levels(city):
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    codes = ["2202", city["first"].code, city["streets"][0].code, city["communities"][0].code]
    for code in codes:
        payload = client.get(URL, {"area": code, "year": 2020}).json()
        assert payload["reviews"] == independent(code), code
        for child in payload["children"]:
            assert child["reviews"] == independent(child["area"]["code"]), child["area"]["code"]
    whole = client.get(URL, {"area": "2202", "year": 2020}).json()["reviews"]
    assert whole == {"grades": {"good": 1, "fairly_good": 1, "average": 1, "poor": 1}, "reported": 6,
                     "not_reported": 4}  # fmt: skip
    assert client.get(URL, {"area": "2202", "year": 2019}).json()["reviews"]["reported"] == 1


def test_the_same_queries_at_1x_and_10x(city, django_assert_num_queries):
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    code = city["first"].code
    client.get(URL, {"area": code, "year": 2020})
    # Token, grants, the area and its ancestors, its children, the grouped scores, the year's
    # rounds, the kept reports by result (and organizations that reported), the kept organizations
    # that report in a round.
    with django_assert_num_queries(13):
        client.get(URL, {"area": code, "year": 2020})
    second_round = ReviewRound.objects.get(area_code=city["second"].code, year=2020)
    second_round.reviewer_list = list(second_round.reviewers.all())
    for _ in range(10):
        community = CommunityFactory(street=city["streets"][2])
        graded_report(second_round, reporting_organization(community.code), ["good"])
        reporting_organization(CommunityFactory(street=city["streets"][1]).code)
    with django_assert_num_queries(13):
        client.get(URL, {"area": code, "year": 2020})


def test_the_city_seen_down_to_streets_or_communities_counts_the_same(city):
    from jilin_grid.areas import AreaLevel, area_get
    from projects.assessment.selectors import review_buckets, review_figures

    for level in (AreaLevel.STREET, AreaLevel.COMMUNITY):
        own, children = review_buckets(area_get("2202").looking_down(level), 2020)
        assert review_figures(own) == independent("2202"), level
        for code, bucket in children.items():
            assert review_figures(bucket) == independent(code), (level, code)


def test_an_organization_retired_or_a_report_deleted_changes_who_did_not_report(city):
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))

    def not_reported(code: str) -> int:
        return client.get(URL, {"area": code, "year": 2020}).json()["reviews"]["not_reported"]

    first = city["first"].code
    missing = not_reported(first)
    assert missing == independent(first)["not_reported"] > 1
    organization = PartyOrganization.objects.get(area_code=city["streets"][1].code, kind="committee")
    organization.is_active = False
    organization.save()
    assert not_reported(first) == independent(first)["not_reported"] == missing - 1
    report = SecretaryReport.objects.get(organization__area_code=city["communities"][0].code, year=2020)
    report.delete()
    assert not_reported(first) == independent(first)["not_reported"] == missing
