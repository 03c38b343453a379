"""API of the grids app: the generated tests per endpoint, then grid codes, masking, filters and
the area of new objects, written by hand."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from communities.tests.factories import CommunityFactory, PersonFactory, user_with_grant
from grids.network.choices import ChiefKind, Employment
from grids.network.models import Building, ChiefAssignment, Grid, GridWorker, ResidentialCompound, Unit
from grids.tests.factories import (
    BuildingFactory,
    ChiefAssignmentFactory,
    CompoundFactory,
    GridFactory,
    GridWorkerFactory,
    UnitFactory,
)
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids


class GridAreaMixin:
    """Areas of the grid endpoints: a community with one grid and one building in it."""

    def build_area(self, which):
        grid = GridFactory()
        community = grid.community
        return SimpleNamespace(
            code=community.code,
            community=community,
            street=community.street,
            district=community.street.district,
            grid=grid,
            building=BuildingFactory(grid=grid),
        )


class TestGridAPI(GridAreaMixin, APITestCases.ReadWrite):
    model = Grid
    basename = "grid"

    def make_object(self, area):
        return GridFactory(community=area.community)

    def create_payload(self, area):
        return {"community": area.community.pk, "code": f"{area.community.code}990", "name": "第九十网格"}

    def update_payload(self, obj, area):
        return {"name": "江南第一网格", "households": 450, "boundary": "北至松江路"}


class TestResidentialCompoundAPI(GridAreaMixin, APITestCases.ReadWrite):
    model = ResidentialCompound
    basename = "compound"

    def make_object(self, area):
        return CompoundFactory(community=area.community)

    def create_payload(self, area):
        return {"community": area.community.pk, "name": "绿地小区", "address": "吉林大街88号"}

    def update_payload(self, obj, area):
        return {"address": "吉林大街90号"}


class TestBuildingAPI(GridAreaMixin, APITestCases.ReadWrite):
    model = Building
    basename = "building"

    def make_object(self, area):
        return BuildingFactory(grid=area.grid, compound=CompoundFactory(community=area.community))

    def create_payload(self, area):
        return {"grid": area.grid.pk, "name": "12号楼", "floors": 18}

    def update_payload(self, obj, area):
        return {"name": "12号楼", "floors": 7}


class TestUnitAPI(GridAreaMixin, APITestCases.ReadWrite):
    model = Unit
    basename = "unit"

    def make_object(self, area):
        return UnitFactory(building=BuildingFactory(grid=area.grid))

    def create_payload(self, area):
        return {"building": area.building.pk, "number": 4, "households": 24}

    def update_payload(self, obj, area):
        return {"households": 30}


class TestGridWorkerAPI(GridAreaMixin, APITestCases.ReadWrite):
    model = GridWorker
    basename = "grid-worker"

    def make_object(self, area):
        return GridWorkerFactory(grid=area.grid)

    def create_payload(self, area):
        return {"grid": area.grid.pk, "name": "张伟", "phone": "13900001111", "employment": Employment.PART_TIME}

    def update_payload(self, obj, area):
        return {"employment": Employment.PART_TIME, "started_on": "2021-03-01"}


class TestChiefAssignmentAPI(GridAreaMixin, APITestCases.ReadWrite):
    model = ChiefAssignment
    basename = "chief"

    def make_object(self, area):
        return ChiefAssignmentFactory(grid=area.grid)

    def make_rows(self, area, count):
        # Every kind of place, so that the place names of buildings and units are measured too.
        for index in range(count):
            unit = UnitFactory(
                building=BuildingFactory(grid=area.grid, compound=CompoundFactory(community=area.community))
            )
            kind = [ChiefKind.BUILDING, ChiefKind.UNIT, ChiefKind.ALLEY][index % 3]
            ChiefAssignmentFactory(
                grid=area.grid,
                kind=kind,
                building=unit.building if kind == ChiefKind.BUILDING else None,
                unit=unit if kind == ChiefKind.UNIT else None,
                place_name="光华胡同" if kind == ChiefKind.ALLEY else "",
            )

    def create_payload(self, area):
        return {
            "grid": area.grid.pk,
            "kind": ChiefKind.ALLEY,
            "name": "刘芳",
            "phone": "13900002222",
            "place_name": "光华胡同",
        }

    def update_payload(self, obj, area):
        return {"kind": ChiefKind.ROAD, "place_name": "松江东路"}


# Hand-written: what is specific to grids.


@pytest.fixture
def grid(db):
    return GridFactory()


@pytest.fixture
def staff(grid):
    return api_client(user_with_grant(grid.community.code, roles.COMMUNITY_STAFF))


def test_grid_code_is_fixed_after_creation(grid, staff):
    original = grid.code
    response = staff.patch(
        reverse("grid-detail", args=[grid.pk]), {"code": f"{grid.community.code}777", "name": "新名"}, format="json"
    )
    assert response.status_code == 200
    assert response.data["code"] == original
    assert response.data["name"] == "新名"
    grid.refresh_from_db()
    assert grid.code == original


def test_grid_code_must_extend_the_community_code(grid, staff):
    response = staff.post(
        reverse("grid-list"),
        {"community": grid.community.pk, "code": "220299999999001", "name": "错码网格"},
        format="json",
    )
    assert response.status_code == 400
    assert grid.community.code in str(response.data["code"][0])
    assert not Grid.objects.filter(name="错码网格").exists()


def test_grid_in_another_community_is_refused_as_unknown(grid, staff):
    elsewhere = CommunityFactory()
    response = staff.post(
        reverse("grid-list"),
        {"community": elsewhere.pk, "code": f"{elsewhere.code}001", "name": "越界网格"},
        format="json",
    )
    assert response.status_code == 400
    assert "Invalid pk" in str(response.data["community"][0])
    assert not Grid.objects.filter(name="越界网格").exists()


def test_visible_but_read_only_area_refuses_writes(grid):
    """A user reading the whole district but writing only in another community."""
    own = CommunityFactory()
    user = user_with_grant(own.code, roles.COMMUNITY_STAFF)
    user.area_grants.create(area_code=grid.code[:6], role=roles.API_READER)
    client = api_client(user)
    assert client.get(reverse("grid-detail", args=[grid.pk])).status_code == 200
    response = client.post(reverse("building-list"), {"grid": grid.pk, "name": "1号楼"}, format="json")
    assert response.status_code == 400
    assert "may not change" in str(response.data["grid"][0])
    assert client.patch(reverse("grid-detail", args=[grid.pk]), {"name": "x"}, format="json").status_code == 403


def test_worker_phone_is_masked_by_role(grid):
    worker = GridWorkerFactory(grid=grid, person=PersonFactory(area_code=grid.code, phone="13912345678"))
    url = reverse("grid-worker-detail", args=[worker.pk])
    seen = {
        role: api_client(user_with_grant(code, role)).get(url).data["person"]["phone"]
        for role, code in [
            (roles.COMMUNITY_STAFF, grid.community.code),
            (roles.GRID_WORKER, grid.code),
            (roles.DISTRICT_ORG_DEPT, grid.code[:6]),
            (roles.API_READER, grid.community.code),
        ]
    }
    assert seen == {
        roles.COMMUNITY_STAFF: "13912345678",
        roles.GRID_WORKER: "13912345678",
        roles.DISTRICT_ORG_DEPT: "139****5678",
        roles.API_READER: "139****5678",
    }


def test_chief_phone_is_masked_for_district(grid):
    chief = ChiefAssignmentFactory(grid=grid, person=PersonFactory(area_code=grid.code, phone="13912345678"))
    district = api_client(user_with_grant(grid.code[:6], roles.DISTRICT_ORG_DEPT))
    rows = district.get(reverse("chief-list")).data["results"]
    assert [(row["id"], row["person"]["phone"]) for row in rows] == [(chief.pk, "139****5678")]


def test_worker_created_by_name_and_phone_finds_the_person_again(grid, staff):
    payload = {"grid": grid.pk, "name": "张伟", "phone": "13900001111", "employment": "full_time"}
    first = staff.post(reverse("grid-worker-list"), payload, format="json")
    assert first.status_code == 201
    assert first.data["person"]["name"] == "张伟"
    assert first.data["person"]["phone"] == "13900001111"
    retired = staff.delete(reverse("grid-worker-detail", args=[first.data["id"]]))
    assert retired.status_code == 204
    second = staff.post(reverse("grid-worker-list"), payload, format="json")
    assert second.status_code == 201
    assert second.data["person"]["id"] == first.data["person"]["id"]


def test_worker_needs_a_person_or_a_name(grid, staff):
    response = staff.post(reverse("grid-worker-list"), {"grid": grid.pk, "employment": "full_time"}, format="json")
    assert response.status_code == 400
    assert "person_id" in response.data


def test_worker_bad_phone_is_refused(grid, staff):
    response = staff.post(
        reverse("grid-worker-list"),
        {"grid": grid.pk, "name": "张伟", "phone": "5551234", "employment": "full_time"},
        format="json",
    )
    assert response.status_code == 400
    assert "手机号码" in str(response.data["phone"][0])


def test_worker_person_outside_the_area_is_an_invalid_pk(grid, staff):
    stranger = PersonFactory(area_code=CommunityFactory().code)
    response = staff.post(
        reverse("grid-worker-list"),
        {"grid": grid.pk, "person_id": stranger.pk, "employment": "full_time"},
        format="json",
    )
    assert response.status_code == 400
    assert "Invalid pk" in str(response.data["person_id"][0])


def test_unit_chief_needs_a_unit(grid, staff):
    response = staff.post(
        reverse("chief-list"), {"grid": grid.pk, "kind": "unit", "name": "赵敏", "phone": "13900003333"}, format="json"
    )
    assert response.status_code == 400
    assert "unit" in response.data


def test_building_created_with_units_and_retired_with_them(grid, staff):
    response = staff.post(reverse("building-list"), {"grid": grid.pk, "name": "3号楼", "units": 3}, format="json")
    assert response.status_code == 201
    building_id = response.data["id"]
    units = staff.get(reverse("unit-list"), {"building": building_id}).data
    assert sorted(row["number"] for row in units["results"]) == [1, 2, 3]
    assert staff.delete(reverse("building-detail", args=[building_id])).status_code == 204
    units = staff.get(reverse("unit-list"), {"building": building_id}).data["results"]
    assert {row["is_active"] for row in units} == {False}


def test_grid_filters_area_and_search(db):
    community = CommunityFactory()
    first = GridFactory(community=community, name="江南一网格")
    second = GridFactory(community=community, name="沿丰二网格")
    other = GridFactory(community=CommunityFactory(street=community.street))
    client = api_client(user_with_grant(community.street.code, roles.STREET_STAFF))
    url = reverse("grid-list")
    assert result_ids(client.get(url)) == {first.pk, second.pk, other.pk}
    assert result_ids(client.get(url, {"area": community.code})) == {first.pk, second.pk}
    assert result_ids(client.get(url, {"area": second.code})) == {second.pk}
    assert result_ids(client.get(url, {"q": "沿丰"})) == {second.pk}
    assert result_ids(client.get(url, {"community": other.community_id})) == {other.pk}


def test_chief_and_worker_filters_by_kind_and_employment(grid, staff):
    grid_chief = ChiefAssignmentFactory(grid=grid, kind=ChiefKind.GRID)
    alley_chief = ChiefAssignmentFactory(grid=grid, kind=ChiefKind.ALLEY, place_name="光华胡同")
    full = GridWorkerFactory(grid=grid, employment=Employment.FULL_TIME)
    part = GridWorkerFactory(grid=grid, employment=Employment.PART_TIME)
    assert result_ids(staff.get(reverse("chief-list"), {"kind": "alley"})) == {alley_chief.pk}
    assert result_ids(staff.get(reverse("chief-list"), {"kind": ["alley", "grid"]})) == {grid_chief.pk, alley_chief.pk}
    assert result_ids(staff.get(reverse("grid-worker-list"), {"employment": "part_time"})) == {part.pk}
    assert result_ids(staff.get(reverse("grid-worker-list"), {"employment": "full_time"})) == {full.pk}
    assert staff.get(reverse("chief-list"), {"kind": "mayor"}).status_code == 400


@pytest.mark.django_db
def test_a_full_update_sends_the_create_only_fields_its_schema_requires():
    from communities.tests.factories import user_with_grant
    from grids.tests.factories import CompoundFactory
    from jilin_grid import scope as roles
    from jilin_grid.testing.api import api_client

    compound = CompoundFactory()
    client = api_client(user_with_grant(compound.community.code, roles.COMMUNITY_STAFF))
    url = reverse("compound-detail", args=[compound.pk])
    refused = client.put(url, {"name": "江城花园"}, format="json")
    assert refused.status_code == 400 and "community" in refused.json()
    done = client.put(url, {"name": "江城花园", "community": compound.community.pk}, format="json")
    assert done.status_code == 200 and done.json()["name"] == "江城花园"
    assert client.patch(url, {"name": "江城花园二期"}, format="json").status_code == 200
