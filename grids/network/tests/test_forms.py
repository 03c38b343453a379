"""Form validation: what a staff member is told, and where, when an entry is wrong."""

import pytest
from django.utils import translation

from communities.choices import HostUnitKind, PartyOrganizationKind
from communities.forms import PartyOrganizationForm
from communities.models import PartyOrganization
from communities.tests.factories import CommunityFactory, user_with_grant
from grids.network.choices import ChiefKind, Employment
from grids.network.forms import BuildingForm, ChiefAssignmentForm, GridForm, GridWorkerForm
from grids.network.models import Building, ChiefAssignment, Grid, GridWorker
from grids.tests.factories import BuildingFactory, GridFactory, UnitFactory
from jilin_grid.scope import Role


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def place(db):
    community = CommunityFactory()
    grid = GridFactory(community=community)
    return {
        "community": community,
        "grid": grid,
        "user": user_with_grant(community.code, Role.COMMUNITY_STAFF),
    }


def test_grid_code_must_extend_the_community_code(place):
    form = GridForm(
        data={"community": place["community"].pk, "code": "220299999999001", "name": "网格", "households": 1},
        instance=Grid(),
        user=place["user"],
    )
    assert not form.is_valid()
    assert form.errors["code"] == [f"The code must start with its community's code {place['community'].code}."]


def test_grid_code_must_have_fifteen_digits(place):
    form = GridForm(
        data={
            "community": place["community"].pk,
            "code": place["community"].code + "1",
            "name": "网格",
            "households": 1,
        },
        instance=Grid(),
        user=place["user"],
    )
    assert not form.is_valid()
    assert "The code must be exactly 15 digits." in form.errors["code"]
    with translation.override("zh-hans"):
        assert "代码必须是 15 位数字。" in [str(message) for message in form.errors.as_data()["code"][0].messages]


def test_community_outside_the_area_is_not_offered(place):
    other = CommunityFactory()
    form = GridForm(instance=Grid(), user=place["user"])
    assert list(form.fields["community"].queryset) == [place["community"]]
    bound = GridForm(
        data={"community": other.pk, "code": other.code + "001", "name": "网格", "households": 1},
        instance=Grid(),
        user=place["user"],
    )
    assert not bound.is_valid()
    assert "community" in bound.errors


def test_grid_worker_phone_format(place):
    form = GridWorkerForm(
        data={"name": "王小明", "phone": "12345", "grid": place["grid"].pk, "employment": Employment.FULL_TIME},
        instance=GridWorker(),
        user=place["user"],
    )
    assert not form.is_valid()
    assert form.errors["phone"][0].startswith("Enter a mainland mobile number")


def test_road_chief_needs_a_place(place):
    form = ChiefAssignmentForm(
        data={"kind": ChiefKind.ROAD, "name": "张路长", "phone": "", "grid": place["grid"].pk, "place_name": ""},
        instance=ChiefAssignment(),
        user=place["user"],
    )
    assert not form.is_valid()
    assert form.errors["place_name"] == ["Name the road or alley."]


def test_building_chief_building_must_be_in_the_grid(place):
    other_grid = GridFactory(community=place["community"])
    building = BuildingFactory(grid=other_grid)
    form = ChiefAssignmentForm(
        data={"kind": ChiefKind.BUILDING, "name": "楼长", "grid": place["grid"].pk, "building": building.pk},
        instance=ChiefAssignment(),
        user=place["user"],
    )
    assert not form.is_valid()
    assert form.errors["building"] == ["The building must be in the chief's grid."]


def test_unit_chief_unit_must_be_in_the_grid(place):
    unit = UnitFactory(building=BuildingFactory(grid=GridFactory(community=place["community"])))
    form = ChiefAssignmentForm(
        data={"kind": ChiefKind.UNIT, "name": "单元长", "grid": place["grid"].pk, "unit": unit.pk},
        instance=ChiefAssignment(),
        user=place["user"],
    )
    assert not form.is_valid()
    assert form.errors["unit"] == ["The unit must be in the chief's grid."]


def test_building_form_offers_only_grids_of_the_area(place):
    GridFactory()  # another community's grid
    form = BuildingForm(instance=Building(), user=place["user"])
    assert list(form.fields["grid"].queryset) == [place["grid"]]


def test_grid_party_branch_must_belong_to_a_grid(place):
    form = PartyOrganizationForm(
        data={
            "name": "网格党支部",
            "kind": PartyOrganizationKind.GRID_BRANCH,
            "area_code": place["community"].code,
            "host_unit_kind": HostUnitKind.AREA,
            "member_count": 3,
        },
        instance=PartyOrganization(),
        user=place["user"],
    )
    assert not form.is_valid()
    assert form.errors["area_code"] == ["A grid party branch belongs to a grid (a 15-digit code)."]


def test_party_organization_outside_the_area_is_refused(place):
    other = CommunityFactory()
    form = PartyOrganizationForm(
        data={
            "name": "别处党支部",
            "kind": PartyOrganizationKind.BRANCH,
            "area_code": other.code,
            "host_unit_kind": HostUnitKind.AREA,
            "member_count": 3,
        },
        instance=PartyOrganization(),
        user=place["user"],
    )
    assert not form.is_valid()
    # Beside the area picked (the area picker refuses it), naming neither the place nor its code.
    assert form.errors["area_code"] == ["请选择您管辖范围内的区域。 / Choose an area inside your own."]
    assert other.name not in str(form.errors) and other.code not in str(form.errors)


def test_the_page_shows_the_message_next_to_the_field(client, place):
    client.force_login(place["user"])
    response = client.post(
        "/chiefs/new/",
        {"kind": ChiefKind.ALLEY, "name": "李巷长", "phone": "", "grid": place["grid"].pk, "place_name": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert '<div class="invalid-feedback d-block" data-field="place_name">Name the road or alley.</div>' in (
        response.content.decode()
    )
    assert not ChiefAssignment.objects.exists()


def test_service_errors_are_mapped_onto_the_form(client, place):
    """A duplicate grid name is caught by the model's constraint and shown on the name field."""
    client.force_login(place["user"])
    response = client.post(
        "/grids/new/",
        {
            "community": place["community"].pk,
            "code": place["community"].code + "777",
            "name": place["grid"].name,
            "households": 10,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Grid.objects.filter(community=place["community"]).count() == 1


def test_validation_errors_from_services_land_on_form_fields(place):
    from django.core.exceptions import ValidationError

    from jilin_grid.forms import apply_validation_error

    form = GridWorkerForm(
        data={"name": "王", "phone": "", "grid": place["grid"].pk, "employment": Employment.FULL_TIME},
        instance=GridWorker(),
        user=place["user"],
    )
    assert form.is_valid()
    apply_validation_error(
        form,
        ValidationError({"person": ["已在本网格任职。"], "is_active": ["状态有误。"]}),
        {"person": "name"},
    )
    assert form.errors["name"] == ["已在本网格任职。"]
    assert form.non_field_errors() == ["状态有误。"]


def test_person_forms_ask_for_a_persons_full_name(place):
    """A grid worker's or a chief's name is a person's (姓名), not an organization's (名称)."""
    for form in (
        GridWorkerForm(instance=GridWorker(), user=place["user"]),
        ChiefAssignmentForm(instance=ChiefAssignment(), user=place["user"]),
    ):
        assert str(form.fields["name"].label) == "Full name"
    organization = PartyOrganizationForm(instance=PartyOrganization(), user=place["user"])
    assert str(organization.fields["name"].label) == "Name"
    # A person's row, wherever it is shown by its field's name (the admin, the audit trail): 姓名.
    from django.utils import translation

    from communities.models import Person

    with translation.override("zh-hans"):
        assert str(Person._meta.get_field("name").verbose_name) == "姓名"


def test_another_communitys_code_is_refused_beside_the_field_on_the_page(client, place):
    other = CommunityFactory()
    client.force_login(place["user"])
    response = client.post(
        "/party-organizations/new/",
        {
            "name": "别处党支部",
            "kind": PartyOrganizationKind.BRANCH,
            "area_code": other.code,
            "host_unit_kind": HostUnitKind.AREA,
            "member_count": 3,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert (
        '<div class="invalid-feedback d-block" data-field="area_code">'
        "请选择您管辖范围内的区域。 / Choose an area inside your own.</div>"
    ) in content
    assert 'value="别处党支部"' in content
    assert other.name not in content
    assert not PartyOrganization.objects.filter(name="别处党支部").exists()


def test_a_refused_retirement_shows_the_confirmation_again_with_the_reason(client, place, monkeypatch):
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from grids.network import services

    def refuse(*, grid):
        raise ValidationError("This grid still has active buildings.")

    monkeypatch.setattr(services, "grid_retire", refuse)
    client.force_login(place["user"])
    response = client.post(reverse("grids:grid_retire", args=[place["grid"].pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    content = response.content.decode()
    assert 'data-testid="form-errors"' in content and "This grid still has active buildings." in content
    place["grid"].refresh_from_db()
    assert place["grid"].is_active
