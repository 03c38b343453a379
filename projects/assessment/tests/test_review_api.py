"""API of the report-and-review: the generated tests of the rounds' and the reports' endpoints, then
by hand a round through its explicit actions (open, write, submit, vote, change-vote, publish), who
may take each (403 with the reason, 404 outside) and their refusals."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from communities.tests.factories import CommunityFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids
from projects.assessment import services
from projects.assessment.models import ReviewRound, SecretaryReport

from .factories import SECTIONS, open_round, reporting_organization


def _round(district_code: str, year: int = 2020) -> ReviewRound:
    return ReviewRound.objects.get_or_create(area_code=district_code, year=year)[0]


class TestReviewRoundAPI(APITestCases.Read):
    model = ReviewRound
    basename = "review-round"
    # Token, grants, count, rows with their counts, their reviewers.
    max_list_queries = 5

    def make_object(self, area):
        code = area.district.code
        return _round(code, 2000 + ReviewRound.objects.filter(area_code=code).count())


class TestSecretaryReportAPI(APITestCases.Read):
    model = SecretaryReport
    basename = "secretary-report"
    # Token, grants, count, rows with their organization and secretary.
    max_list_queries = 4

    def make_object(self, area):
        report = services.secretary_report_write(
            review_round=_round(area.district.code),
            organization=reporting_organization(area.community.code),
            sections=SECTIONS,
        )
        return services.secretary_report_submit(report=report)


@pytest.fixture
def place(db):
    community = CommunityFactory()
    code = community.code[:6]
    return SimpleNamespace(
        code=code,
        community=community,
        organization=reporting_organization(community.code),
        department=user_with_grant(code, roles.DISTRICT_ORG_DEPT),
        reviewers=[user_with_grant(code, roles.DISTRICT_ORG_DEPT) for _ in range(3)],
        staff=user_with_grant(community.code, roles.COMMUNITY_STAFF),
        street=user_with_grant(community.code[:9], roles.STREET_STAFF),
        city=user_with_grant("2202", roles.CITY_ORG_DEPT),
    )


def sections_payload():
    return [{"heading": heading, "body": body} for heading, body in SECTIONS]


def test_a_round_through_the_api(place):
    department, staff = api_client(place.department), api_client(place.staff)
    payload = {"area_code": place.code, "year": 2020, "reviewers": [user.pk for user in place.reviewers]}
    # Only the district's own department opens its round (not the city, not the street).
    assert api_client(place.street).post(reverse("review-round-open"), payload, format="json").status_code == 403
    assert api_client(place.city).post(reverse("review-round-open"), payload, format="json").status_code == 403
    opened = department.post(reverse("review-round-open"), payload, format="json")
    assert opened.status_code == 201, opened.content
    round_id = opened.json()["id"]
    assert sorted(opened.json()["reviewers"]) == sorted(payload["reviewers"])
    twice = department.post(reverse("review-round-open"), payload, format="json")
    assert twice.status_code == 400 and "year" in twice.json()
    write = {"round": round_id, "organization": place.organization.pk, "sections": sections_payload()}
    assert api_client(place.street).post(reverse("secretary-report-write"), write, format="json").status_code == 403
    written = staff.post(reverse("secretary-report-write"), write, format="json")
    assert written.status_code == 200, written.content
    report = written.json()
    assert [row["number"] for row in report["sections"]] == [1, 2, 3] and report["status"] == "draft"
    vote_url = reverse("secretary-report-vote", args=[report["id"]])
    reviewer = api_client(place.reviewers[0])
    draft = reviewer.post(vote_url, {"grade": "good"}, format="json")
    assert draft.status_code == 400
    assert draft.json()["non_field_errors"] == [gettext("The report has not been submitted yet.")]
    assert staff.post(reverse("secretary-report-submit", args=[report["id"]])).json()["status"] == "submitted"
    assert staff.post(vote_url, {"grade": "good"}, format="json").status_code == 403
    for client, grade in zip([api_client(user) for user in place.reviewers], ["good", "average", "average"],
                             strict=True):  # fmt: skip
        assert client.post(vote_url, {"grade": grade, "comment": "意见"}, format="json").status_code == 200
    again = reviewer.post(vote_url, {"grade": "poor"}, format="json")
    assert again.status_code == 400 and "grade" in again.json()
    changed = reviewer.post(reverse("secretary-report-change-vote", args=[report["id"]]), {"grade": "average"},
                            format="json")  # fmt: skip
    assert changed.status_code == 200
    # Comments for the department and the reviewers only.
    detail = reverse("secretary-report-detail", args=[report["id"]])
    assert len(department.get(detail).json()["votes"]) == 3
    assert staff.get(detail).json()["votes"] == []
    assert staff.get(detail).json()["vote_count"] == 3
    publish = reverse("review-round-publish", args=[round_id])
    assert staff.post(publish).status_code == 403
    published = department.post(publish)
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert department.post(publish).status_code == 400
    result = staff.get(detail).json()
    assert (result["result"], result["rank"]) == ("average", 1)
    # Filters: by result, by status.
    assert result_ids(staff.get(reverse("secretary-report-list"), {"result": "average"})) == {report["id"]}
    assert result_ids(staff.get(reverse("secretary-report-list"), {"result": "good"})) == set()
    assert round_id in result_ids(staff.get(reverse("review-round-list"), {"year": 2020, "status": "published"}))


def test_another_district_is_404(place):
    review_round = open_round(place.code)
    other = user_with_grant(CommunityFactory().code[:6], roles.DISTRICT_ORG_DEPT)
    client = api_client(other)
    assert client.get(reverse("review-round-detail", args=[review_round.pk])).status_code == 404
    assert client.post(reverse("review-round-publish", args=[review_round.pk])).status_code == 404
