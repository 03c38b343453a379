"""The demo's report-and-review: six years (2015-2020) of published rounds of the city and every
district, every organization reporting (but a few), 3-4 sections each, 5-7 reviewers of the
department per round, results and ranks as the services would give them, at least three community
organizations graded 差 in 2018 or 2019, and a second run adding nothing."""

from collections import Counter

import pytest

from communities.tests.factories import CommunityFactory, DistrictFactory, StreetFactory
from jilin_grid.counts.services import count_everything
from jilin_grid.scope import ancestor_codes
from projects.assessment.demo import build_demo_reviews
from projects.assessment.models import ReviewRound, ReviewVote, SecretaryReport
from projects.assessment.selectors import reporting_organizations
from projects.assessment.services import rank_reports, review_result

from .factories import reporting_organization

pytestmark = pytest.mark.django_db


def test_six_years_of_published_rounds():
    districts = [DistrictFactory(), DistrictFactory()]
    for district in districts:
        reporting_organization(district.code, kind="committee")
        for _ in range(2):
            street = StreetFactory(district=district)
            reporting_organization(street.code, kind="committee")
            for _ in range(4):
                reporting_organization(CommunityFactory(street=street).code)
    figures = build_demo_reviews()
    assert figures["created"]
    rounds = ReviewRound.objects.all()
    assert sorted(Counter(rounds.values_list("year", flat=True)).items()) == [(year, 3) for year in range(2015, 2021)]
    assert set(rounds.values_list("status", flat=True)) == {"published"}
    covered = {code: set(reporting_organizations(code)) for code in ["2202", *[d.code for d in districts]]}
    for review_round in rounds.prefetch_related("reviewers__area_grants"):
        reviewers = list(review_round.reviewers.all())
        assert 5 <= len(reviewers) <= 7
        for reviewer in reviewers:
            assert any(grant.area_code in [review_round.area_code, *ancestor_codes(review_round.area_code)]
                       for grant in reviewer.area_grants.all())  # fmt: skip
        reports = list(review_round.reports.select_related("organization"))
        assert {report.organization for report in reports} <= covered[review_round.area_code]
        submitted = [report for report in reports if report.status == "submitted"]
        for report in submitted:
            grades = list(ReviewVote.objects.filter(report=report).values_list("grade", flat=True))
            assert report.result == review_result(grades)
            assert 3 <= report.sections.count() <= 4
        expected = rank_reports([(r.pk, r.result, r.good_share) for r in submitted])
        assert {report.pk: report.rank for report in submitted} == expected
    results = Counter(SecretaryReport.objects.exclude(result="").values_list("result", flat=True))
    assert results["good"] + results["fairly_good"] > results["average"] + results["poor"]
    poor_communities = SecretaryReport.objects.filter(
        result="poor", year__in=(2018, 2019), organization__area_code__length=12
    )
    assert poor_communities.values("organization").distinct().count() >= 3
    again = build_demo_reviews()
    assert not again["created"] and again["reports"] == figures["reports"]
    count_everything()  # the builders write in bulk: the demo counts their rows once, at its end
