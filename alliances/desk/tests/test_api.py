"""API of the one-stop desk: the generated tests per endpoint, then by hand the catalogue's editors,
the actions of a case (``advance``, ``finish``, ``escalate``) and their refusals, masking, and
scoping for every role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alliances.desk.choices import CaseStatus, ServiceMode, WorkerPost
from alliances.desk.models import Case, Matter, SocialWorker
from communities.tests.factories import CommunityFactory, user_with_grant
from grids.tests.factories import GridFactory, ProblemCategoryFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids

from .factories import MatterFactory, SocialWorkerFactory, accept, matter_for


class TestMatterAPI(APITestCases.ReadWrite):
    model = Matter
    basename = "desk-matter"
    grant_role = roles.DISTRICT_ORG_DEPT
    # Token, grants, count, rows, their materials, their steps.
    max_list_queries = 6

    def grant_code(self, area) -> str:
        return area.district.code

    def make_object(self, area):
        return MatterFactory(area_code=area.district.code)

    def create_payload(self, area):
        return {
            "area_code": area.district.code,
            "name": "老年人优待证办理",
            "mode": ServiceMode.ONE_STOP,
            "time_limit_days": 10,
            "materials": [{"name": "居民身份证", "required": True}, {"name": "户口簿", "required": False}],
            "steps": ["受理", "审核", "制证", "发放"],
        }

    def update_payload(self, obj, area):
        return {"time_limit_days": 9, "description": "居民凭证明办理落户、入学"}


class TestSocialWorkerAPI(APITestCases.ReadWrite):
    model = SocialWorker
    basename = "desk-worker"
    # Token, grants, count, rows with their person and community, their skills.
    max_list_queries = 5

    def make_object(self, area):
        return SocialWorkerFactory(community=area.community)

    def create_payload(self, area):
        return {
            "community": area.community.pk,
            "name": "张丽",
            "phone": "13800001111",
            "posts": [WorkerPost.CIVIL_AFFAIRS, WorkerPost.ELDERLY],
            "matters": [matter_for(area.community).pk],
        }

    def update_payload(self, obj, area):
        return {"posts": [WorkerPost.HEALTH]}


class TestCaseAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = Case
    basename = "desk-case"
    # Token, grants, count, rows with their matter and worker, their materials, their steps.
    max_list_queries = 6

    def make_object(self, area):
        return accept(area.community)

    def create_payload(self, area):
        matter = matter_for(area.community)
        return {
            "community": area.community.pk,
            "matter": matter.pk,
            "worker": SocialWorkerFactory(community=area.community).pk,
            "resident_name": "李大姐",
            "resident_phone": "13912345678",
            "checked": [m.pk for m in matter.materials.filter(required=True)],
        }


pytestmark = pytest.mark.django_db


def case_action(case, name):
    return reverse(f"desk-case-{name}", args=[case.pk])


def test_a_case_is_refused_until_its_required_materials_are_checked():
    community = CommunityFactory()
    client = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    payload = TestCaseAPI().create_payload(type("Area", (), {"community": community})())
    payload["checked"] = payload["checked"][:1]
    response = client.post(reverse("desk-case-list"), payload, format="json")
    assert response.status_code == 400
    assert "户口簿" in response.json()["materials"][0]
    assert not Case.objects.exists()


def test_a_case_is_carried_through_its_steps_to_the_end():
    community = CommunityFactory()
    client = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    case = accept(community, accepted_on=timezone.localdate() - timedelta(days=1))
    refused = client.post(case_action(case, "finish"), {}, format="json")
    assert refused.status_code == 400 and "non_field_errors" in refused.json()
    for expected in ("受理", "核实", "出具证明"):
        body = client.post(case_action(case, "advance"), {"note": expected}, format="json").json()
        assert [s["note"] for s in body["steps"] if s["done_on"]][-1] == expected
    refused = client.post(case_action(case, "advance"), {}, format="json")
    assert refused.status_code == 400
    body = client.post(case_action(case, "finish"), {}, format="json").json()
    assert body["status"] == CaseStatus.FINISHED and body["days_taken"] == 1 and body["overdue"] is False
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    other = accept(community)
    refused = client.post(case_action(other, "advance"), {"done_on": future}, format="json")
    assert refused.status_code == 400 and "done_on" in refused.json()


def test_a_case_becomes_a_problem_of_its_grid():
    community = CommunityFactory()
    grid = GridFactory(community=community)
    client = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    case = accept(community)
    category = ProblemCategoryFactory()
    refused = client.post(
        case_action(case, "escalate"), {"category": category.pk, "description": "漏水"}, format="json"
    )
    assert refused.status_code == 400 and "grid" in refused.json()
    body = client.post(
        case_action(case, "escalate"), {"category": category.pk, "description": "漏水", "grid": grid.pk}, format="json"
    ).json()
    assert body["status"] == CaseStatus.ESCALATED
    assert Case.objects.get(pk=case.pk).problem.pk == body["problem"]


def test_only_district_staff_and_above_write_the_catalogue():
    community = CommunityFactory()
    district = community.code[:6]
    matter = MatterFactory(area_code=district)
    payload = TestMatterAPI().create_payload(type("Area", (), {"district": type("D", (), {"code": district})})())
    for role, code in ((roles.COMMUNITY_STAFF, community.code), (roles.STREET_STAFF, community.code[:9])):
        client = api_client(user_with_grant(code, role))
        assert matter.pk in result_ids(client.get(reverse("desk-matter-list")))  # communities read it
        assert client.post(reverse("desk-matter-list"), payload, format="json").status_code == 403
        detail = reverse("desk-matter-detail", args=[matter.pk])
        assert client.patch(detail, {"time_limit_days": 2}, format="json").status_code == 403
        assert client.delete(detail).status_code == 403
    city = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    assert city.post(reverse("desk-matter-list"), payload, format="json").status_code == 201
    changed = city.patch(reverse("desk-matter-detail", args=[matter.pk]), {"steps": ["受理", "办结"]}, format="json")
    assert changed.json()["steps"] == ["受理", "办结"]
    matter.refresh_from_db()
    assert matter.time_limit_days == 5 and matter.is_active
    elsewhere = api_client(user_with_grant(CommunityFactory().code, roles.COMMUNITY_STAFF))
    assert elsewhere.post(reverse("desk-matter-list"), payload, format="json").status_code == 400


def test_the_residents_phone_is_masked_for_roles_that_do_not_need_it():
    case = accept(CommunityFactory())
    detail = reverse("desk-case-detail", args=[case.pk])
    for role, code, phone in (
        (roles.COMMUNITY_STAFF, case.area_code, "13912345678"),
        (roles.DISTRICT_ORG_DEPT, case.area_code[:6], "139****5678"),
        (roles.API_READER, case.area_code, "139****5678"),
    ):
        assert api_client(user_with_grant(code, role)).get(detail).json()["resident_phone"] == phone


@pytest.mark.parametrize("role", list(roles.Role.values))
def test_every_role_reads_its_own_cases_and_writes_only_where_it_may(role):
    community = CommunityFactory()
    grid = GridFactory(community=community)
    mine = accept(community, grid=grid)
    other = accept(CommunityFactory())
    code = grid.code if role == roles.GRID_WORKER else community.code
    client = api_client(user_with_grant(code, role))
    assert result_ids(client.get(reverse("desk-case-list"))) == {mine.pk}
    assert client.get(reverse("desk-case-detail", args=[other.pk])).status_code == 404
    # A reading role is refused any write before the case is looked up; the others find no such case.
    assert client.post(case_action(other, "advance"), {}, format="json").status_code == (
        403 if role == roles.API_READER else 404
    )
    response = client.post(case_action(mine, "advance"), {}, format="json")
    assert response.status_code == (403 if role == roles.API_READER else 200)
