"""Writes of the grids app: validation, derived area codes, retiring and moving."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communities.models import Person
from communities.tests.factories import CommunityFactory
from grids.network import services
from grids.network.choices import ChiefKind, Employment
from grids.network.models import Building, ChiefAssignment, GridWorker, Unit
from grids.tests.factories import BuildingFactory, CompoundFactory, GridFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_grid_code_must_extend_the_community():
    community = CommunityFactory()
    other = CommunityFactory()
    with pytest.raises(ValidationError) as error:
        services.grid_create(community=community, code=other.code + "001", name="第一网格")
    assert "code" in error.value.message_dict
    grid = services.grid_create(community=community, code=community.code + "001", name="第一网格")
    assert grid.code.startswith(community.code)


@pytest.mark.parametrize("fixed", ["code", "community"])
def test_grid_code_and_community_are_fixed_after_creation(fixed):
    grid = GridFactory()
    with pytest.raises(TypeError, match=fixed):
        services.grid_update(grid=grid, name="新名字", **{fixed: None})
    grid.refresh_from_db()
    assert grid.name != "新名字"


def test_grid_update_changes_only_what_it_is_given():
    grid = GridFactory(households=120, boundary="东至松江路")
    services.grid_update(grid=grid, name="新名字")
    grid.refresh_from_db()
    assert (grid.name, grid.households, grid.boundary) == ("新名字", 120, "东至松江路")


def test_grid_update_validates():
    grid = GridFactory()
    other = GridFactory(community=grid.community)
    with pytest.raises(ValidationError) as error:
        services.grid_update(grid=grid, name=other.name)
    assert "__all__" in error.value.message_dict


def test_a_compound_stays_in_its_community():
    compound = CompoundFactory()
    with pytest.raises(TypeError, match="community"):
        services.compound_update(compound=compound, community=CommunityFactory())
    assert services.compound_update(compound=compound, address="松江路8号").community == compound.community


def test_a_unit_stays_in_its_building():
    with pytest.raises(TypeError, match="building"):
        services.unit_update(unit=UnitFactory(), building=BuildingFactory())


def test_compound_retire():
    compound = services.compound_retire(compound=CompoundFactory())
    compound.refresh_from_db()
    assert compound.is_active is False


def test_building_with_units_is_atomic_and_coded():
    grid = GridFactory()
    building = services.building_create(grid=grid, name="3号楼", floors=7, units=3)
    assert building.area_code == grid.code
    assert list(building.units.values_list("number", flat=True)) == [1, 2, 3]
    assert set(Unit.objects.filter(building=building).values_list("area_code", flat=True)) == {grid.code}


def test_failed_building_leaves_nothing_behind():
    grid = GridFactory()
    with pytest.raises(ValidationError):
        services.building_create(grid=grid, name="5号楼", floors=0, units=2)
    assert not Building.objects.filter(grid=grid).exists()
    assert not Unit.objects.filter(building__grid=grid).exists()


def test_compound_must_be_in_the_grids_community():
    grid = GridFactory()
    foreign = CompoundFactory()
    with pytest.raises(ValidationError) as error:
        services.building_create(grid=grid, name="1号楼", compound=foreign)
    assert "compound" in error.value.message_dict


def test_moving_a_building_carries_units_and_chiefs():
    building = BuildingFactory()
    unit = UnitFactory(building=building, number=1)
    chief = services.chief_assign(grid=building.grid, kind=ChiefKind.UNIT, unit=unit, name="王五", phone="13900000005")
    building_chief = services.chief_assign(
        grid=building.grid, kind=ChiefKind.BUILDING, building=building, name="王六", phone="13900000015"
    )
    target = GridFactory(community=building.grid.community)

    services.building_update(building=building, grid=target)

    unit.refresh_from_db()
    chief.refresh_from_db()
    building_chief.refresh_from_db()
    assert unit.area_code == target.code
    assert (chief.grid_id, chief.area_code) == (target.pk, target.code)
    assert (building_chief.grid_id, building_chief.area_code) == (target.pk, target.code)


def test_renaming_a_building_keeps_its_grid_compound_and_floors():
    compound = CompoundFactory()
    grid = GridFactory(community=compound.community)
    building = BuildingFactory(grid=grid, compound=compound, floors=11)
    services.building_update(building=building, name="新3号楼")
    building.refresh_from_db()
    assert (building.name, building.grid, building.compound, building.floors) == ("新3号楼", grid, compound, 11)
    services.building_update(building=building, compound=None)
    building.refresh_from_db()
    assert building.compound is None


def test_grid_worker_creates_the_person_in_the_grid():
    grid = GridFactory()
    worker = services.grid_worker_create(grid=grid, name="赵六", phone="13900000006", employment=Employment.PART_TIME)
    assert worker.area_code == grid.code
    assert worker.person.area_code == grid.code
    again = services.grid_worker_create(
        grid=GridFactory(community=grid.community), name="赵六", phone="13900000006", employment=Employment.FULL_TIME
    )
    assert again.person_id != worker.person_id  # another grid, another area: recorded there
    assert Person.objects.filter(phone="13900000006").count() == 2


def test_grid_worker_bad_phone_writes_nothing():
    grid = GridFactory()
    with pytest.raises(ValidationError):
        services.grid_worker_create(grid=grid, name="钱七", phone="010", employment=Employment.FULL_TIME)
    assert not GridWorker.objects.filter(grid=grid).exists()


def test_same_person_once_per_grid_while_active():
    grid = GridFactory()
    worker = services.grid_worker_create(grid=grid, name="孙八", phone="13900000008", employment=Employment.FULL_TIME)
    with pytest.raises(ValidationError):
        services.grid_worker_create(grid=grid, person=worker.person, employment=Employment.PART_TIME)
    services.grid_worker_retire(worker=worker)
    assert services.grid_worker_create(grid=grid, person=worker.person, employment=Employment.PART_TIME).is_active


@pytest.mark.parametrize(
    ("kind", "missing_field"),
    [
        (ChiefKind.BUILDING, "building"),
        (ChiefKind.UNIT, "unit"),
        (ChiefKind.ROAD, "place_name"),
        (ChiefKind.ALLEY, "place_name"),
    ],
)
def test_chief_needs_its_place(kind, missing_field):
    grid = GridFactory()
    with pytest.raises(ValidationError) as error:
        services.chief_assign(grid=grid, kind=kind, name="周九", phone="13900000009")
    assert missing_field in error.value.message_dict


def test_chief_place_must_be_in_the_grid():
    grid = GridFactory()
    elsewhere = BuildingFactory()
    with pytest.raises(ValidationError) as error:
        services.chief_assign(grid=grid, kind=ChiefKind.BUILDING, building=elsewhere, name="吴十", phone="13900000010")
    assert "building" in error.value.message_dict


def test_chief_constraints_hold_in_the_database():
    grid = GridFactory()
    person = Person.objects.create(name="郑一", area_code=grid.code)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChiefAssignment.objects.create(grid=grid, kind=ChiefKind.BUILDING, person=person, area_code=grid.code)


def test_road_chief_place_shown():
    grid = GridFactory()
    chief = services.chief_assign(
        grid=grid, kind=ChiefKind.ROAD, place_name="松江东路", name="冯二", phone="13900000011"
    )
    assert chief.place == "松江东路"
    assert "松江东路" in str(chief)


def test_retiring_a_building_retires_its_units():
    building = services.building_create(grid=GridFactory(), name="9号楼", units=2)
    services.building_retire(building=building)
    assert not Unit.objects.filter(building=building, is_active=True).exists()
