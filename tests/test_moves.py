"""Changing an object's place carries everything that hangs on it, in the same transaction.

Every service that changes a place is listed in ``MOVES`` (found by walking the apps' services, so a
new one fails here until it is listed); each move is made on a small area holding every kind of
row, and afterwards no row may sit elsewhere than its parents say (``place_drift``), the old area's
users no longer read what moved and the new area's do.
"""

import importlib
import inspect
import pkgutil

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities import services as communities_services
from communities.tests.factories import (
    CommunityFactory,
    PartyOrganizationFactory,
    PersonFactory,
    StreetFactory,
    user_with_grant,
)
from grids.network import services as network_services
from grids.network.choices import ChiefKind
from grids.tests.factories import (
    BuildingFactory,
    ChiefAssignmentFactory,
    CompoundFactory,
    GridFactory,
    GridWorkerFactory,
    ResidentProblemFactory,
    UnitFactory,
)
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client, result_ids
from jilin_grid.testing.moves import place_drift

pytestmark = pytest.mark.django_db

# The parameters of an update service that name a place (an area code or a parent with one).
PLACE_PARAMETERS = {
    "area_code",
    "community",
    "grid",
    "compound",
    "building",
    "unit",
    "alliance",
    "organization",
    "lead_organization",
    "parent",
    "post",
    "report",
    "meeting",
    "member",
}

# Every place parameter of every update service, and what a change of it does to the rows below.
MOVES = {
    "communities.services.person_update:area_code": "leaf: nothing derives its area from a person",
    "communities.services.party_organization_update:area_code": "carries its projects (test below)",
    "communities.services.party_organization_update:parent": "the parent organization is not a place",
    "grids.network.services.building_update:grid": "carries units, chiefs and problems (tests below)",
    "grids.network.services.building_update:compound": "a compound of the grid's community; nothing hangs on it",
    "grids.network.services.grid_worker_update:grid": "leaf (test below)",
    "grids.network.services.chief_update:grid": "leaf, checked against its building and unit (test below)",
    "grids.network.services.chief_update:building": "leaf, checked against its grid",
    "grids.network.services.chief_update:unit": "leaf, checked against its grid",
    "alliances.cadres.services.department_update:organization": "a department's area is its own",
    "alliances.loop.services.alliance_update:lead_organization": "an alliance's area is its own",
    "alliances.volunteering.services.member_update:organization": "a member's place is their reports'",
}


def _update_services():
    """``module.function:parameter`` for every place parameter of every ``*_update`` or ``*_revise``
    service of the apps (the first parameter, the object changed, is not a place)."""
    found = set()
    for app in ("communities", "grids", "alliances", "projects"):
        package = importlib.import_module(app)
        names = [f"{app}.services"] + [
            f"{app}.{module.name}.services" for module in pkgutil.iter_modules(package.__path__) if module.ispkg
        ]
        for name in names:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                continue
            for function_name, function in vars(module).items():
                if not (inspect.isfunction(function) and function.__module__ == name):
                    continue
                if not function_name.endswith(("_update", "_revise")):
                    continue
                parameters = list(inspect.signature(function).parameters)[1:]
                found |= {f"{name}.{function_name}:{p}" for p in parameters if p in PLACE_PARAMETERS}
    return found


def test_every_service_that_changes_a_place_is_accounted_for():
    assert _update_services() == set(MOVES)


@pytest.fixture
def place():
    """A street of two communities, A (two grids) and B (one grid); in A's first grid a building of a
    compound, with two units, a chief for the building and one for a unit, a grid worker, and
    problems reported at the building, at a unit and one escalated to the community."""
    street = StreetFactory()
    a, b = CommunityFactory(street=street), CommunityFactory(street=street)
    a1, a2, b1 = GridFactory(community=a), GridFactory(community=a), GridFactory(community=b)
    compound_a, compound_b = CompoundFactory(community=a), CompoundFactory(community=b)
    building = BuildingFactory(grid=a1, compound=compound_a)
    units = [UnitFactory(building=building, number=1), UnitFactory(building=building, number=2)]
    chiefs = [
        ChiefAssignmentFactory(grid=a1, kind=ChiefKind.BUILDING, building=building),
        ChiefAssignmentFactory(grid=a1, kind=ChiefKind.UNIT, unit=units[0]),
    ]
    problems = [
        ResidentProblemFactory(grid=a1, compound=compound_a, building=building),
        ResidentProblemFactory(grid=a1, building=building, unit=units[1]),
        ResidentProblemFactory(grid=a1, building=building, holder_code=a.code, status="escalated"),
    ]
    worker = GridWorkerFactory(grid=a1)
    assert place_drift() == []
    return {
        "street": street,
        "a": a,
        "b": b,
        "a1": a1,
        "a2": a2,
        "b1": b1,
        "compound_b": compound_b,
        "building": building,
        "units": units,
        "chiefs": chiefs,
        "problems": problems,
        "worker": worker,
    }


def _reads(user, name, rows):
    ids = result_ids(api_client(user).get(reverse(name), {"page_size": 100}))
    return {row.pk for row in rows} & ids


def test_a_building_moved_within_its_community_takes_its_units_chiefs_and_problems(place):
    building, a1, a2 = place["building"], place["a1"], place["a2"]

    network_services.building_update(building=building, grid=a2)

    assert place_drift() == []
    old, new = user_with_grant(a1.code, roles.GRID_WORKER), user_with_grant(a2.code, roles.GRID_WORKER)
    for name, rows in (("unit-list", place["units"]), ("chief-list", place["chiefs"])):
        assert _reads(old, name, rows) == set(), name
        assert _reads(new, name, rows) == {row.pk for row in rows}, name
    grid_held = place["problems"][:2]
    assert _reads(new, "problem-list", grid_held) == {p.pk for p in grid_held}
    assert _reads(old, "problem-list", place["problems"]) == set()
    for problem in grid_held:
        problem.refresh_from_db()
        assert (problem.grid_id, problem.holder_code) == (a2.pk, a2.code)
    escalated = place["problems"][2]
    escalated.refresh_from_db()
    assert escalated.holder_code == place["a"].code  # still held by the community it was escalated to


def test_a_building_moved_to_another_community_through_the_api_takes_everything_along(place):
    building, a, b, b1 = place["building"], place["a"], place["b"], place["b1"]
    street_staff = api_client(user_with_grant(place["street"].code, roles.STREET_STAFF))

    response = street_staff.patch(
        reverse("building-detail", args=[building.pk]), {"grid": b1.pk, "compound": place["compound_b"].pk}
    )

    assert response.status_code == 200, response.content
    assert place_drift() == []
    old, new = user_with_grant(a.code, roles.COMMUNITY_STAFF), user_with_grant(b.code, roles.COMMUNITY_STAFF)
    everything = [building, *place["units"], *place["chiefs"]]
    for name, rows in (
        ("building-list", [building]),
        ("unit-list", place["units"]),
        ("chief-list", place["chiefs"]),
        ("problem-list", place["problems"]),
    ):
        assert _reads(old, name, rows) == set(), name
        assert _reads(new, name, rows) == {row.pk for row in rows}, name
    assert everything
    holders = set()
    for problem in place["problems"]:
        problem.refresh_from_db()
        assert problem.compound_id in (None, place["compound_b"].pk)
        holders.add(problem.holder_code)
    assert holders == {b1.code, b.code}  # the grid's own move to the new grid, the escalated one to B


def test_a_refused_building_move_moves_nothing(place):
    building, b1 = place["building"], place["b1"]

    with pytest.raises(ValidationError):  # the building keeps a compound of its old community
        network_services.building_update(building=building, grid=b1)

    building.refresh_from_db()
    assert building.grid_id == place["a1"].pk
    assert place_drift() == []
    for problem in place["problems"]:
        problem.refresh_from_db()
        assert problem.grid_id == place["a1"].pk


def test_moving_an_organization_leaves_no_row_behind(place):
    from projects.tests.factories import ProgressReportFactory, ProjectFactory

    organization = PartyOrganizationFactory(area_code=place["a"].code)
    ProgressReportFactory(project=ProjectFactory(organization=organization), month=3)

    communities_services.party_organization_update(organization=organization, area_code=place["b"].code)

    assert place_drift() == []


@pytest.mark.parametrize("service", ["grid_worker", "chief"])
def test_leaves_move_alone_and_stay_consistent(place, service):
    b1 = place["b1"]
    if service == "grid_worker":
        network_services.grid_worker_update(worker=place["worker"], grid=b1)
    else:
        network_services.chief_update(
            chief=ChiefAssignmentFactory(grid=place["a1"], kind=ChiefKind.GRID, person=PersonFactory()), grid=b1
        )
    assert place_drift() == []


def test_a_chief_cannot_be_moved_away_from_the_building_they_answer_for(place):
    with pytest.raises(ValidationError):
        network_services.chief_update(chief=place["chiefs"][0], grid=place["a2"])
    assert place_drift() == []
