"""API of the branch assessment: the generated tests of the scores' endpoint, then by hand the
standard's actions (the city only; the sum of 100), the three steps and who may take each, their
refusals (in Chinese, the default language) and scoping for every role."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from communities.tests.factories import CommunityFactory, user_reading_through_api_grant, user_with_grant
from grids.tests.factories import GridFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids
from projects.assessment.models import AssessmentStandard, BranchScore

from .factories import community_branch, confirmed_score, make_standard, points_for


def _standard():
    return AssessmentStandard.objects.filter(year=2020).first() or make_standard(2020)


class TestScoreAPI(APITestCases.Read):
    model = BranchScore
    basename = "assessment-score"
    # Token, grants, count, rows with their organization.
    max_list_queries = 4

    def make_object(self, area):
        return confirmed_score(community_branch(area.community), _standard(), 85)


@pytest.fixture
def place(db):
    community = CommunityFactory()
    return SimpleNamespace(community=community, grid=GridFactory(community=community), standard=make_standard(2020))


def user_of(place, role, level):
    code = {"city": "2202", "district": place.community.code[:6], "street": place.community.code[:9],
            "community": place.community.code, "grid": place.grid.code}[level]  # fmt: skip
    return user_with_grant(code, role)


def body(standard, total, **reasons):
    return {"tasks": [{"task": task, "points": points, "reason": reasons.get(str(task), "")}
                      for task, points in points_for(standard, total).items()]}  # fmt: skip


def test_the_three_steps_through_the_api(place):
    branch = community_branch(place.community)
    staff = api_client(user_of(place, roles.COMMUNITY_STAFF, "community"))
    street = api_client(user_of(place, roles.STREET_STAFF, "street"))
    district = api_client(user_of(place, roles.DISTRICT_ORG_DEPT, "district"))
    payload = {"organization": branch.pk, "year": 2020, **body(place.standard, 92)}
    # Only community staff self-assess.
    assert street.post(reverse("assessment-score-self-assess"), payload, format="json").status_code == 403
    response = staff.post(reverse("assessment-score-self-assess"), payload, format="json")
    assert response.status_code == 200, response.content
    score = response.json()
    assert (score["status"], score["total"], len(score["items"])) == ("self_assessed", 92, 34)
    review_url = reverse("assessment-score-review", args=[score["id"]])
    confirm_url = reverse("assessment-score-confirm", args=[score["id"]])
    # In order: the district cannot confirm before the street reviews; the community cannot review.
    early = district.post(confirm_url, {"tasks": []}, format="json")
    assert early.status_code == 400
    assert early.json()["non_field_errors"] == [gettext("The street has not reviewed this score yet.")]
    assert staff.post(review_url, {"tasks": []}, format="json").status_code == 403
    first = place.standard.tasks.get(number=1)
    lowered = {"tasks": [{"task": first.pk, "points": first.points - 1}]}
    refused = street.post(review_url, lowered, format="json")
    assert refused.status_code == 400
    assert refused.json()[f"reason_{first.pk}"] == [gettext("Say why the points differ from the previous step.")]
    lowered["tasks"][0]["reason"] = "记录不全"
    assert street.post(review_url, lowered, format="json").json()["total"] == 91
    assert street.post(confirm_url, {"tasks": []}, format="json").status_code == 403
    confirmed = district.post(confirm_url, {"tasks": []}, format="json").json()
    assert (confirmed["status"], confirmed["confirmed_total"], confirmed["stars"]) == ("confirmed", 91, 5)


@pytest.mark.parametrize(
    ("role", "level", "sees"),
    [
        (roles.CITY_ORG_DEPT, "city", True),
        (roles.DISTRICT_ORG_DEPT, "district", True),
        (roles.STREET_STAFF, "street", True),
        (roles.COMMUNITY_STAFF, "community", True),
        (roles.GRID_WORKER, "grid", False),
        (roles.API_READER, "community", True),
    ],
)
def test_every_role_sees_its_own_areas_scores(place, role, level, sees):
    mine = confirmed_score(community_branch(place.community), place.standard, 80)
    other = confirmed_score(community_branch(), place.standard, 70)
    client = api_client(user_of(place, role, level))
    ids = result_ids(client.get(reverse("assessment-score-list")))
    assert (mine.pk in ids) is sees
    if level != "city":
        assert other.pk not in ids
        assert client.get(reverse("assessment-score-detail", args=[other.pk])).status_code == 404


def test_a_branch_outside_the_area_is_refused_without_its_name(place):
    outside = community_branch()
    staff = api_client(user_of(place, roles.COMMUNITY_STAFF, "community"))
    response = staff.post(
        reverse("assessment-score-self-assess"),
        {"organization": outside.pk, "year": 2020, **body(place.standard, 80)},
        format="json",
    )
    assert response.status_code == 400
    assert outside.name not in response.content.decode()
    assert "organization" in response.json()


def test_the_standard_city_only_and_summing_to_100(place):
    city = api_client(user_of(place, roles.CITY_ORG_DEPT, "city"))
    district = api_client(user_of(place, roles.DISTRICT_ORG_DEPT, "district"))
    listed = district.get(reverse("assessment-standard-list")).json()
    assert [row["year"] for row in listed["results"]] == [2020]
    assert len(listed["results"][0]["tasks"]) == 34
    copy_url = reverse("assessment-standard-copy")
    assert district.post(copy_url, {"year": 2021}, format="json").status_code == 403
    copied = city.post(copy_url, {"year": 2021}, format="json")
    assert copied.status_code == 201
    standard = copied.json()
    task = standard["tasks"][0]
    update_url = reverse("assessment-standard-update-task", args=[standard["id"]])
    changed = {**{k: task[k] for k in ("aspect", "title", "description", "evidence_required", "figure")},
               "task": task["id"], "points": task["points"] + 1}  # fmt: skip
    assert city.post(update_url, changed, format="json").status_code == 200
    force_url = reverse("assessment-standard-put-in-force", args=[standard["id"]])
    refused = city.post(force_url, format="json")
    assert refused.status_code == 400
    assert "101" in refused.json()["non_field_errors"][0]
    changed["points"] = task["points"]
    city.post(update_url, changed, format="json")
    assert city.post(force_url, format="json").json()["in_force"] is True


def test_the_standard_is_frozen_once_scored(place):
    confirmed_score(community_branch(place.community), place.standard, 80)
    city = api_client(user_of(place, roles.CITY_ORG_DEPT, "city"))
    task = place.standard.tasks.first()
    response = city.post(
        reverse("assessment-standard-update-task", args=[place.standard.pk]),
        {"task": task.pk, "aspect": task.aspect, "title": "改", "points": task.points},
        format="json",
    )
    assert response.status_code == 400
    assert "2020" in response.json()["non_field_errors"][0]


def test_a_portal_user_reading_through_the_api_only(place):
    confirmed_score(community_branch(place.community), place.standard, 80)
    client = api_client(user_reading_through_api_grant(place.community.code))
    assert len(result_ids(client.get(reverse("assessment-score-list")))) == 1
