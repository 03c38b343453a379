"""Writes of the departments and checkpoints the sunk cadres serve from."""

import pytest
from django.core.exceptions import ValidationError

from alliances.cadres import services
from alliances.tests.factories import CheckpointFactory, DepartmentFactory
from communities.tests.factories import CityFactory, CommunityFactory, PartyOrganizationFactory

pytestmark = pytest.mark.django_db


def test_department_add_belongs_to_the_city_or_a_district():
    city = CityFactory()
    department = services.department_add(name="市民政局", area_code=city.code)
    assert (department.area_code, department.organization) == (city.code, None)
    with pytest.raises(ValidationError) as error:
        services.department_add(name="社区办", area_code=CommunityFactory().code)
    assert "area_code" in error.value.message_dict


def test_department_update_keeps_its_area_and_what_it_is_not_given():
    CityFactory()
    organization = PartyOrganizationFactory(area_code="2202")
    department = DepartmentFactory(organization=organization)
    with pytest.raises(TypeError, match="area_code"):
        services.department_update(department=department, area_code="220211")
    services.department_update(department=department, name="市民政局")
    department.refresh_from_db()
    assert (department.name, department.area_code, department.organization) == ("市民政局", "2202", organization)
    services.department_update(department=department, organization=None)
    department.refresh_from_db()
    assert department.organization is None


def test_checkpoint_add_and_update_keep_the_community():
    community = CommunityFactory()
    checkpoint = services.checkpoint_add(community=community, name="北门卡点")
    assert (checkpoint.area_code, checkpoint.address) == (community.code, "")
    with pytest.raises(TypeError, match="community"):
        services.checkpoint_update(checkpoint=checkpoint, community=CommunityFactory())
    services.checkpoint_update(checkpoint=checkpoint, address="松江东路1号")
    checkpoint.refresh_from_db()
    assert (checkpoint.community, checkpoint.name, checkpoint.address) == (community, "北门卡点", "松江东路1号")


def test_checkpoint_update_validates():
    checkpoint = CheckpointFactory()
    other = CheckpointFactory(community=checkpoint.community)
    with pytest.raises(ValidationError):
        services.checkpoint_update(checkpoint=checkpoint, name=other.name)
