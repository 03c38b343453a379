"""API of sunk cadres (机关党员干部下沉): departments, checkpoints, assignments and duty shifts. The
generated tests per endpoint, then by hand the choice of departments and cadres above the caller's
area (``Scope.reach_q``), the refusals (in Chinese, the default language), masking, and scoping for
every role."""

import datetime
from itertools import count
from types import SimpleNamespace

import pytest
from django.urls import reverse

from alliances.cadres.models import CadreAssignment, Checkpoint, Department, DutyShift
from alliances.tests.factories import CadreAssignmentFactory, CheckpointFactory, DepartmentFactory
from alliances.volunteering.tests.test_api import ROLE_MAY_NOT_WRITE, at, invalid_pk, url, user_of
from communities.tests.factories import (
    AreaGrantFactory,
    CommunityFactory,
    PersonFactory,
    UserFactory,
)
from grids.tests.factories import GridFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids, schema_response

PHONES = count(13900002000)


@pytest.fixture
def place(db):
    community = CommunityFactory()
    return SimpleNamespace(community=community, grid=GridFactory(community=community))


def staff(place):
    return api_client(user_of(place, roles.COMMUNITY_STAFF))


# The generated tests.


class TestDepartmentAPI(APITestCases.ReadWrite):
    model = Department
    basename = "department"
    grant_role = roles.DISTRICT_ORG_DEPT
    # Token, grants, count, rows with their party organization.
    max_list_queries = 4

    def grant_code(self, area):
        return area.district.code

    def make_object(self, area):
        return DepartmentFactory(area_code=area.district.code)

    def create_payload(self, area):
        return {"name": "区卫生健康局", "area_code": area.district.code}

    def update_payload(self, obj, area):
        return {"name": "区卫健局"}


class TestCheckpointAPI(APITestCases.ReadWrite):
    model = Checkpoint
    basename = "checkpoint"
    # Token, grants, count, rows with their community.
    max_list_queries = 4

    def make_object(self, area):
        return CheckpointFactory(community=area.community)

    def create_payload(self, area):
        return {"community": area.community.pk, "name": "松江路卡点", "address": "松江东路与解放路交汇处"}

    def update_payload(self, obj, area):
        return {"address": "解放中路12号"}


class TestCadreAssignmentAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = CadreAssignment
    basename = "cadre-assignment"
    # Token, grants, count, rows with cadre, department, community, checkpoint.
    max_list_queries = 4

    def make_object(self, area):
        return CadreAssignmentFactory(community=area.community)

    def create_payload(self, area):
        checkpoint = CheckpointFactory(community=area.community)
        return {
            "department": DepartmentFactory().pk,  # a department of the city, above the user's area
            "community": area.community.pk,
            "checkpoint": checkpoint.pk,
            "duty": "卡点值守",
            "start_on": "2020-02-01",
            "end_on": "2020-03-31",
            "name": "赵六",
            "phone": str(next(PHONES)),
        }


class TestDutyShiftAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = DutyShift
    basename = "duty-shift"
    # Token, grants, count, rows with assignment, cadre, checkpoint.
    max_list_queries = 4

    def make_object(self, area):
        assignment = CadreAssignmentFactory(community=area.community)
        return DutyShift.objects.create(
            assignment=assignment, starts_at=at(datetime.date(2020, 2, 3), 8), ends_at=at(datetime.date(2020, 2, 3), 20)
        )

    def create_payload(self, area):
        assignment = CadreAssignmentFactory(community=area.community)
        return {
            "assignment": assignment.pk,
            "starts_at": "2020-02-03T20:00:00+08:00",
            "ends_at": "2020-02-04T08:00:00+08:00",
        }


# Choices above the caller's area, and the refusals.


def test_departments_above_the_area_are_listed_and_chosen_but_not_changed(place):
    city = DepartmentFactory(area_code="2202")
    district = DepartmentFactory(area_code=place.community.code[:6])
    foreign = DepartmentFactory(area_code=CommunityFactory().code[:6])
    client = staff(place)
    assert result_ids(client.get(url("department-list"))) == {city.pk, district.pk}
    assert client.get(url("department-detail", foreign.pk)).status_code == 404
    response = client.patch(url("department-detail", city.pk), {"name": "改名"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == ROLE_MAY_NOT_WRITE
    assert client.delete(url("department-detail", district.pk)).status_code == 403
    payload = {"community": place.community.pk, "duty": "入户排查", "start_on": "2020-02-01", "name": "赵六"}
    for department in (city, district):
        response = client.post(url("cadre-assignment-list"), {**payload, "department": department.pk}, format="json")
        assert response.status_code == 201, response.data
        assert response.json()["department_name"] == department.name
        payload["name"] += "甲"
    response = client.post(url("cadre-assignment-list"), {**payload, "department": foreign.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["department"] == [invalid_pk(foreign.pk)]


def test_department_outside_the_callers_area_cannot_be_created(place):
    response = staff(place).post(url("department-list"), {"name": "市卫健委", "area_code": "2202"}, format="json")
    assert response.status_code == 400
    assert response.json()["area_code"] == ["未知的区域，或不在您的管辖范围内。 / Unknown area, or outside your area."]
    assert not Department.objects.exists()


def test_existing_cadre_is_sent_again_and_an_overlap_is_refused(place):
    first = CadreAssignmentFactory(
        community=CommunityFactory(street=place.community.street),
        start_on=datetime.date(2020, 2, 1),
        end_on=datetime.date(2020, 2, 29),
    )
    client = api_client(user_of(place, roles.STREET_STAFF, "street"))
    payload = {
        "cadre": first.cadre.pk,  # a cadre of a city department: above the street, chosen through the reach
        "department": first.department.pk,
        "community": place.community.pk,
        "duty": "卡点值守",
        "start_on": "2020-02-20",
    }
    response = client.post(url("cadre-assignment-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [f"{first.cadre.name} 在这段时间已下沉到其他地方。"]}
    response = client.post(url("cadre-assignment-list"), {**payload, "start_on": "2020-03-01"}, format="json")
    assert response.status_code == 201, response.data
    assert response.json()["cadre"] == first.cadre.pk
    assert CadreAssignment.objects.filter(cadre=first.cadre).count() == 2


def test_checkpoint_of_another_community_is_400(place):
    foreign = CheckpointFactory(community=CommunityFactory(street=place.community.street))
    payload = {
        "department": DepartmentFactory().pk,
        "community": place.community.pk,
        "checkpoint": foreign.pk,
        "duty": "卡点值守",
        "start_on": "2020-02-01",
        "name": "赵六",
    }
    response = api_client(user_of(place, roles.STREET_STAFF, "street")).post(
        url("cadre-assignment-list"), payload, format="json"
    )
    assert response.status_code == 400
    assert response.json()["checkpoint"] == ["卡点须属于该社区。"]
    assert not CadreAssignment.objects.exists()


def test_end_assignment_then_end_again(place):
    assignment = CadreAssignmentFactory(community=place.community, start_on=datetime.date(2020, 2, 1))
    DutyShift.objects.create(
        assignment=assignment, starts_at=at(datetime.date(2020, 2, 20), 8), ends_at=at(datetime.date(2020, 2, 20), 20)
    )
    client = staff(place)
    response = client.post(url("cadre-assignment-end", assignment.pk), {"end_on": "2020-02-15"}, format="json")
    assert response.status_code == 200, response.data
    assert response.json()["end_on"] == "2020-02-15"
    assert not DutyShift.objects.exists()
    response = client.post(url("cadre-assignment-end", assignment.pk), {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["该下沉任务已结束。"]}


def test_overlapping_and_out_of_period_shifts_are_400(place):
    assignment = CadreAssignmentFactory(
        community=place.community, start_on=datetime.date(2020, 2, 1), end_on=datetime.date(2020, 2, 29)
    )
    client = staff(place)
    payload = {
        "assignment": assignment.pk,
        "starts_at": "2020-02-03T08:00:00+08:00",
        "ends_at": "2020-02-03T20:00:00+08:00",
    }
    assert client.post(url("duty-shift-list"), payload, format="json").status_code == 201
    response = client.post(
        url("duty-shift-list"),
        {**payload, "starts_at": "2020-02-03T19:00:00+08:00", "ends_at": "2020-02-04T08:00:00+08:00"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["该干部在此时段已有值班。"]}
    response = client.post(
        url("duty-shift-list"),
        {**payload, "starts_at": "2020-03-01T08:00:00+08:00", "ends_at": "2020-03-01T20:00:00+08:00"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"starts_at": ["班次须在下沉期间内。"]}
    assert DutyShift.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "level", "phone"),
    [
        (roles.COMMUNITY_STAFF, "community", "13912345678"),
        (roles.STREET_STAFF, "street", "13912345678"),
        (roles.DISTRICT_ORG_DEPT, "district", "139****5678"),
        (roles.CITY_ORG_DEPT, "city", "139****5678"),
        (roles.API_READER, "community", "139****5678"),
    ],
)
def test_cadre_phone_is_masked_for_roles_without_personal_data(place, role, level, phone):
    assignment = CadreAssignmentFactory(community=place.community, cadre=PersonFactory(phone="13912345678"))
    client = api_client(user_of(place, role, level))
    assert client.get(url("cadre-assignment-detail", assignment.pk)).json()["cadre_phone"] == phone
    assert [row["cadre_phone"] for row in client.get(url("cadre-assignment-list")).json()["results"]] == [phone]


def test_checkpoint_delete_retires_it_and_a_retired_checkpoint_takes_no_cadre(place):
    checkpoint = CheckpointFactory(community=place.community)
    client = staff(place)
    assert client.delete(url("checkpoint-detail", checkpoint.pk)).status_code == 204
    payload = {
        "department": DepartmentFactory().pk,
        "community": place.community.pk,
        "checkpoint": checkpoint.pk,
        "duty": "卡点值守",
        "start_on": "2020-02-01",
        "name": "赵六",
    }
    response = client.post(url("cadre-assignment-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"checkpoint": ["该卡点已停用。"]}


# Scoping for every role, on every endpoint.

ENDPOINTS = ["department", "checkpoint", "cadre-assignment", "duty-shift"]


def objects_of(community) -> dict:
    assignment = CadreAssignmentFactory(community=community)
    return {
        "department": DepartmentFactory(area_code=community.code[:6]),
        "checkpoint": CheckpointFactory(community=community),
        "cadre-assignment": assignment,
        "duty-shift": DutyShift.objects.create(
            assignment=assignment, starts_at=at(datetime.date(2020, 2, 3), 8), ends_at=at(datetime.date(2020, 2, 3), 20)
        ),
    }


ROLES = [
    (roles.CITY_ORG_DEPT, "city", True),
    (roles.DISTRICT_ORG_DEPT, "district", True),
    (roles.STREET_STAFF, "street", True),
    (roles.COMMUNITY_STAFF, "community", True),
    (roles.API_READER, "community", True),
    (roles.GRID_WORKER, "grid", False),  # checkpoints and assignments belong to the community, above the grid
]


@pytest.mark.parametrize(("role", "level", "sees"), ROLES, ids=[f"{r}@{lvl}" for r, lvl, _s in ROLES])
def test_every_endpoint_is_scoped_for_every_role(place, role, level, sees):
    made = objects_of(place.community)
    elsewhere = objects_of(CommunityFactory())  # in another district
    client = api_client(user_of(place, role, level))
    for name in ENDPOINTS:
        # The department of the place's district lies above a community or a grid: within reach.
        expected = True if name == "department" else sees
        listed = result_ids(client.get(reverse(f"{name}-list")))
        assert (made[name].pk in listed) == expected, name
        detail = client.get(reverse(f"{name}-detail", args=[made[name].pk]))
        assert detail.status_code == (200 if expected else 404), name
        if role != roles.CITY_ORG_DEPT:
            assert elsewhere[name].pk not in listed, name
            assert client.get(reverse(f"{name}-detail", args=[elsewhere[name].pk])).status_code == 404, name


def test_superuser_sees_everything(place):
    made = objects_of(place.community)
    client = api_client(UserFactory(is_superuser=True, is_staff=True))
    for name in ENDPOINTS:
        assert made[name].pk in result_ids(client.get(reverse(f"{name}-list"))), name


def test_a_reader_who_also_writes_elsewhere_may_not_write_here(place):
    user = user_of(place, roles.API_READER)
    AreaGrantFactory(user=user, area_code=CommunityFactory().code, role=roles.COMMUNITY_STAFF)
    response = api_client(user).post(
        url("checkpoint-list"), {"community": place.community.pk, "name": "卡点"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["community"] == [ROLE_MAY_NOT_WRITE]


def test_schema_documents_the_endpoints(db):

    body = schema_response().content.decode()
    for path in ("/api/departments/", "/api/checkpoints/", "/api/cadre-assignments/{id}/end/", "/api/duty-shifts/"):
        assert path in body, path
