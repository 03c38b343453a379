"""Rules of the communities models: codes, parents, grants, database constraints."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communities.choices import HostUnitKind, PartyOrganizationKind
from communities.models import AreaGrant, PartyOrganization
from communities.services import (
    area_grant_create,
    party_organization_create,
    party_organization_update,
    person_create,
    person_get_or_create,
)
from communities.tests.factories import (
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    PersonFactory,
    StreetFactory,
    UserFactory,
)
from jilin_grid.scope import Role

pytestmark = pytest.mark.django_db


def test_street_code_must_extend_its_district():
    district = DistrictFactory(code="220211")
    street = StreetFactory.build(district=district, code="220202001")
    with pytest.raises(ValidationError) as error:
        street.full_clean()
    assert "code" in error.value.message_dict


def test_code_length_is_checked():
    street = StreetFactory()
    community = CommunityFactory.build(street=street, code=street.code + "01")
    with pytest.raises(ValidationError) as error:
        community.full_clean()
    assert "code" in error.value.message_dict


def test_str_is_the_name():
    community = CommunityFactory(name="南山社区")
    assert str(community) == "南山社区"


def test_person_phone_is_validated():
    community = CommunityFactory()
    with pytest.raises(ValidationError) as error:
        person_create(name="张三", area_code=community.code, phone="12345")
    assert "phone" in error.value.message_dict
    assert person_create(name="张三", area_code=community.code, phone="0432-62345678").pk


def test_person_get_or_create_reuses_the_phone():
    community = CommunityFactory()
    first = person_get_or_create(name="李四", area_code=community.code, phone="13900000001")
    again = person_get_or_create(name="李四", area_code=community.code, phone="13900000001")
    assert first.pk == again.pk


def test_person_get_or_create_keeps_the_name_current_and_the_rest_as_it_is():
    community = CommunityFactory()
    first = person_get_or_create(name="李四", area_code=community.code, phone="13900000001")
    first.gender = "male"
    first.save()
    again = person_get_or_create(name="李思", area_code=community.code, phone="13900000001", is_party_member=True)
    again.refresh_from_db()
    assert (again.pk, again.name, again.is_party_member, again.gender) == (first.pk, "李思", True, "male")


def test_party_organization_update_keeps_what_it_is_not_given():
    secretary = PersonFactory()
    organization = PartyOrganizationFactory(secretary=secretary, member_count=30)
    party_organization_update(organization=organization, name="新名字")
    organization.refresh_from_db()
    assert (organization.name, organization.secretary, organization.member_count) == ("新名字", secretary, 30)
    party_organization_update(organization=organization, secretary=None)
    organization.refresh_from_db()
    assert organization.secretary is None


def test_party_organization_update_validates():
    organization = PartyOrganizationFactory()
    with pytest.raises(ValidationError) as error:
        party_organization_update(organization=organization, host_unit_kind=HostUnitKind.PROPERTY_COMPANY)
    assert "host_unit_name" in error.value.message_dict


def test_party_organization_services_take_keywords_only():
    community = CommunityFactory()
    with pytest.raises(TypeError):
        party_organization_create("支部", PartyOrganizationKind.BRANCH, community.code)
    with pytest.raises(TypeError, match="is_active"):
        party_organization_update(organization=PartyOrganizationFactory(), is_active=False)


def test_grid_branch_belongs_to_a_grid():
    community = CommunityFactory()
    with pytest.raises(ValidationError) as error:
        party_organization_create(
            name="第一网格党支部", kind=PartyOrganizationKind.GRID_BRANCH, area_code=community.code
        )
    assert "area_code" in error.value.message_dict


def test_grid_branch_constraint_in_the_database():
    community = CommunityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyOrganization.objects.create(name="x", kind=PartyOrganizationKind.GRID_BRANCH, area_code=community.code)


def test_unit_organization_names_its_unit():
    community = CommunityFactory()
    with pytest.raises(ValidationError) as error:
        party_organization_create(
            name="物业党支部",
            kind=PartyOrganizationKind.BRANCH,
            area_code=community.code,
            host_unit_kind=HostUnitKind.PROPERTY_COMPANY,
        )
    assert "host_unit_name" in error.value.message_dict


def test_parent_organization_must_be_above():
    a, b = CommunityFactory(), CommunityFactory()
    parent = PartyOrganizationFactory(area_code=a.code)
    with pytest.raises(ValidationError) as error:
        party_organization_create(name="支部", kind=PartyOrganizationKind.BRANCH, area_code=b.code, parent=parent)
    assert "parent" in error.value.message_dict


def test_negative_member_count_refused_by_database():
    community = CommunityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyOrganization.objects.create(
            name="y", kind=PartyOrganizationKind.BRANCH, area_code=community.code, member_count=-1
        )


def test_grant_level_matches_role():
    user = UserFactory()
    community = CommunityFactory()
    with pytest.raises(ValidationError) as error:
        area_grant_create(user=user, area_code=community.code, role=Role.DISTRICT_ORG_DEPT)
    assert "area_code" in error.value.message_dict
    grant = area_grant_create(user=user, area_code=community.code, role=Role.COMMUNITY_STAFF)
    assert AreaGrant.objects.get(pk=grant.pk).role == Role.COMMUNITY_STAFF
    assert str(grant).startswith(user.username)


def test_grant_is_unique_per_user_and_area():
    user = UserFactory()
    community = CommunityFactory()
    area_grant_create(user=user, area_code=community.code, role=Role.COMMUNITY_STAFF)
    with pytest.raises(ValidationError):
        area_grant_create(user=user, area_code=community.code, role=Role.COMMUNITY_STAFF)


def test_area_code_must_name_an_area_on_record():
    community = CommunityFactory()
    missing = community.code[:9] + "999"
    with pytest.raises(ValidationError) as error:
        person_create(name="张三", area_code=missing)
    assert "area_code" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        party_organization_create(name="支部", kind=PartyOrganizationKind.BRANCH, area_code=missing)
    assert "area_code" in error.value.message_dict
    with pytest.raises(ValidationError):
        area_grant_create(user=UserFactory(), area_code=missing, role=Role.COMMUNITY_STAFF)


def test_grid_codes_are_known_to_the_communities_app():
    from grids.tests.factories import GridFactory

    grid = GridFactory()
    organization = party_organization_create(
        name="第一网格党支部", kind=PartyOrganizationKind.GRID_BRANCH, area_code=grid.code
    )
    assert organization.is_grid_organization
    with pytest.raises(ValidationError):
        party_organization_create(
            name="不存在的网格党支部", kind=PartyOrganizationKind.GRID_BRANCH, area_code=grid.code[:12] + "998"
        )
