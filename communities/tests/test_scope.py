"""The one scope rule, for every role: a user sees what lies under their grants, and nothing else."""

import pytest

from communities.models import Community, PartyOrganization, Person
from communities.tests.factories import (
    CommunityFactory,
    PartyOrganizationFactory,
    PersonFactory,
    StreetFactory,
    UserFactory,
    user_with_grant,
)
from grids.network.models import Grid, GridWorker
from grids.tests.factories import GridFactory, GridWorkerFactory
from jilin_grid.scope import Role, get_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    """Two streets in one district, another district, each with a community and a grid."""
    street_a = StreetFactory()
    street_b = StreetFactory(district=street_a.district)
    street_c = StreetFactory()
    communities = [CommunityFactory(street=s) for s in (street_a, street_b, street_c)]
    grids = [GridFactory(community=c) for c in communities]
    for grid in grids:
        GridWorkerFactory(grid=grid)
        PartyOrganizationFactory(area_code=grid.community.code)
    return {"streets": (street_a, street_b, street_c), "communities": communities, "grids": grids}


@pytest.mark.parametrize(
    ("role", "level", "expected_grids"),
    [
        (Role.CITY_ORG_DEPT, "city", 3),
        (Role.DISTRICT_ORG_DEPT, "district", 2),
        (Role.STREET_STAFF, "street", 1),
        (Role.COMMUNITY_STAFF, "community", 1),
        (Role.GRID_WORKER, "grid", 1),
        (Role.API_READER, "city", 3),
    ],
)
def test_each_role_sees_its_area(city, role, level, expected_grids):
    grid = city["grids"][0]
    code = {
        "city": "2202",
        "district": grid.code[:6],
        "street": grid.code[:9],
        "community": grid.code[:12],
        "grid": grid.code,
    }[level]
    user = user_with_grant(code, role)

    visible = Grid.objects.visible_to(user)

    assert visible.count() == expected_grids
    assert all(g.code.startswith(code) for g in visible)
    assert GridWorker.objects.visible_to(user).count() == expected_grids
    assert grid in visible


def test_other_area_is_invisible(city):
    nanshan = city["communities"][0]
    user = user_with_grant(nanshan.code, Role.COMMUNITY_STAFF)

    assert list(Community.objects.visible_to(user)) == [nanshan]
    assert not Grid.objects.visible_to(user).filter(pk=city["grids"][1].pk).exists()
    assert PartyOrganization.objects.visible_to(user).count() == 1


def test_user_without_grant_sees_nothing(city):
    user = UserFactory()
    assert not Grid.objects.visible_to(user).exists()
    assert not Person.objects.visible_to(user).exists()


def test_superuser_sees_everything(city):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert Grid.objects.visible_to(admin).count() == 3


def test_anonymous_sees_nothing(city):
    from django.contrib.auth.models import AnonymousUser

    assert not Grid.objects.visible_to(AnonymousUser()).exists()


def test_two_grants_add_up(city):
    first, _second, third = city["communities"]
    user = user_with_grant(first.code, Role.COMMUNITY_STAFF)
    from communities.services import area_grant_create

    area_grant_create(user=user, area_code=third.code, role=Role.COMMUNITY_STAFF)
    user = type(user).objects.get(pk=user.pk)  # a fresh request: no cached scope

    assert set(Community.objects.visible_to(user)) == {first, third}


def test_a_prefix_is_not_a_sibling(db):
    """Code 220211001 must not cover 2202110010 (a longer sibling-looking code) at another level."""
    street = StreetFactory()
    community = CommunityFactory(street=street)
    user = user_with_grant(community.code, Role.COMMUNITY_STAFF)
    person_inside = PersonFactory(area_code=community.code)
    person_above = PersonFactory(area_code=street.code)

    assert list(Person.objects.visible_to(user)) == [person_inside]
    assert person_above not in Person.objects.visible_to(user)


def test_roles_decide_writing_and_personal_data(city):
    grid = city["grids"][0]
    district = user_with_grant(grid.code[:6], Role.DISTRICT_ORG_DEPT)
    community = user_with_grant(grid.code[:12], Role.COMMUNITY_STAFF)
    reader = user_with_grant("2202", Role.API_READER)

    assert get_scope(district).can_write(grid.code)
    assert not get_scope(district).sees_personal_data(grid.code)
    assert get_scope(community).can_write(grid.code)
    assert get_scope(community).sees_personal_data(grid.code)
    assert not get_scope(community).can_write(city["grids"][1].code)
    assert not get_scope(reader).can_write(grid.code)
    assert not get_scope(reader).sees_personal_data(grid.code)
    assert get_scope(reader).home_code("2202") == "2202"
    assert get_scope(community).home_code("2202") == grid.code[:12]


@pytest.mark.parametrize(
    ("code", "expected"),
    [("2202", "2203"), ("220219", "220220"), ("220299999", "220300000"), ("9999", None), ("0", "1")],
)
def test_next_code(code, expected):
    from jilin_grid.scope import next_code

    assert next_code(code) == expected


def test_in_area_matches_exactly_the_prefix(db):
    street = StreetFactory(code="220211009", district__code="220211")
    inside = CommunityFactory(street=street, code="220211009001")
    after = StreetFactory(code="220211010", district=street.district)
    outside = CommunityFactory(street=after, code="220211010001")

    assert list(Community.objects.in_area("220211009")) == [inside]
    assert set(Community.objects.in_area("220211")) == {inside, outside}
    assert list(Community.objects.in_area(inside.code)) == [inside]
