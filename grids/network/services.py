"""Writes of the grid network. Keyword-only, atomic, validated with full_clean()."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from communities.models import Community, Person
from communities.services import person_get_or_create
from jilin_grid.areas import area_get
from jilin_grid.audit.services import audited_update
from jilin_grid.models import carry_area_code
from jilin_grid.services import UNCHANGED, Unchanged, model_update, retire, save_validated

from .models import Building, ChiefAssignment, Grid, GridWorker, NetworkSnapshot, ResidentialCompound, Unit
from .selectors import organization_network


@transaction.atomic
def grid_create(*, community: Community, code: str, name: str, households: int = 0, boundary: str = "") -> Grid:
    """A grid of a community; its code is the community's followed by three digits."""
    return save_validated(
        Grid(), {"community": community, "code": code, "name": name, "households": households, "boundary": boundary}
    )


@transaction.atomic
def grid_update(
    *,
    grid: Grid,
    name: str | Unchanged = UNCHANGED,
    households: int | Unchanged = UNCHANGED,
    boundary: str | Unchanged = UNCHANGED,
) -> Grid:
    """Change a grid's name, households or boundary. Its code and community are fixed once created."""
    return model_update(grid, name=name, households=households, boundary=boundary)


@transaction.atomic
def grid_retire(*, grid: Grid) -> Grid:
    """Retire a grid; it stays in history."""
    return retire(grid)


@transaction.atomic
def compound_create(
    *,
    community: Community,
    name: str,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> ResidentialCompound:
    """A residential compound of a community, where it stands when known."""
    return save_validated(
        ResidentialCompound(),
        {"community": community, "name": name, "address": address, "latitude": latitude, "longitude": longitude},
    )


@transaction.atomic
def compound_update(
    *,
    compound: ResidentialCompound,
    name: str | Unchanged = UNCHANGED,
    address: str | Unchanged = UNCHANGED,
    latitude: Decimal | Unchanged | None = UNCHANGED,
    longitude: Decimal | Unchanged | None = UNCHANGED,
) -> ResidentialCompound:
    """Change a compound's name, address or location; it stays in its community."""
    return model_update(compound, name=name, address=address, latitude=latitude, longitude=longitude)


@transaction.atomic
def compound_retire(*, compound: ResidentialCompound) -> ResidentialCompound:
    """Retire a compound; its buildings stay where they are."""
    return retire(compound)


@transaction.atomic
def building_create(*, grid: Grid, name: str, compound=None, floors: int = 6, units: int = 0) -> Building:
    """A building, with ``units`` entrances numbered 1..n created beside it."""
    building = save_validated(Building(), {"grid": grid, "name": name, "compound": compound, "floors": floors})
    for number in range(1, units + 1):
        unit_create(building=building, number=number)
    return building


@transaction.atomic
def building_update(
    *,
    building: Building,
    grid: Grid | Unchanged = UNCHANGED,
    compound: ResidentialCompound | Unchanged | None = UNCHANGED,
    name: str | Unchanged = UNCHANGED,
    floors: int | Unchanged = UNCHANGED,
) -> Building:
    """Change a building; moving it to another grid carries along what hangs on it (its units, their
    chiefs and the problems reported at it; see grids/apps.py), in the same transaction."""
    moved = grid is not UNCHANGED and grid.pk != building.grid_id
    building = model_update(building, grid=grid, compound=compound, name=name, floors=floors)
    if moved:
        carry_area_code(building)
    return building


@transaction.atomic
def building_retire(*, building: Building) -> Building:
    """Retire a building with its units."""
    audited_update(building.units.all(), is_active=False)
    return retire(building)


@transaction.atomic
def unit_create(*, building: Building, number: int, households: int = 0) -> Unit:
    """A unit (entrance) of a building."""
    return save_validated(Unit(), {"building": building, "number": number, "households": households})


@transaction.atomic
def unit_update(*, unit: Unit, number: int | Unchanged = UNCHANGED, households: int | Unchanged = UNCHANGED) -> Unit:
    """Change a unit's number or households; it stays in its building."""
    return model_update(unit, number=number, households=households)


@transaction.atomic
def unit_retire(*, unit: Unit) -> Unit:
    """Retire a unit."""
    return retire(unit)


@transaction.atomic
def grid_worker_create(
    *,
    grid: Grid,
    person: Person | None = None,
    name: str = "",
    phone: str = "",
    employment: str,
    started_on: date | None = None,
) -> GridWorker:
    """Appoint a grid worker: an existing person, or one found or created by name and phone."""
    if person is None:
        person = person_get_or_create(name=name, phone=phone, area_code=grid.code)
    return save_validated(
        GridWorker(), {"grid": grid, "person": person, "employment": employment, "started_on": started_on}
    )


@transaction.atomic
def grid_worker_update(
    *,
    worker: GridWorker,
    grid: Grid | Unchanged = UNCHANGED,
    person: Person | Unchanged = UNCHANGED,
    employment: str | Unchanged = UNCHANGED,
    started_on: date | Unchanged | None = UNCHANGED,
) -> GridWorker:
    """Change a grid worker's grid, person, employment or starting date."""
    return model_update(worker, grid=grid, person=person, employment=employment, started_on=started_on)


@transaction.atomic
def grid_worker_retire(*, worker: GridWorker) -> GridWorker:
    """Retire a grid worker from their grid."""
    return retire(worker)


@transaction.atomic
def chief_assign(
    *,
    grid: Grid,
    kind: str,
    person: Person | None = None,
    name: str = "",
    phone: str = "",
    building: Building | None = None,
    unit: Unit | None = None,
    place_name: str = "",
) -> ChiefAssignment:
    """Name a chief of the five-chief system for a place in a grid."""
    if person is None:
        person = person_get_or_create(name=name, phone=phone, area_code=grid.code)
    return save_validated(
        ChiefAssignment(),
        {"grid": grid, "kind": kind, "person": person, "building": building, "unit": unit, "place_name": place_name},
    )


@transaction.atomic
def chief_update(
    *,
    chief: ChiefAssignment,
    grid: Grid | Unchanged = UNCHANGED,
    kind: str | Unchanged = UNCHANGED,
    person: Person | Unchanged = UNCHANGED,
    building: Building | Unchanged | None = UNCHANGED,
    unit: Unit | Unchanged | None = UNCHANGED,
    place_name: str | Unchanged = UNCHANGED,
) -> ChiefAssignment:
    """Change a chief's grid, kind, person or the place they answer for."""
    return model_update(chief, grid=grid, kind=kind, person=person, building=building, unit=unit, place_name=place_name)


@transaction.atomic
def chief_retire(*, chief: ChiefAssignment) -> ChiefAssignment:
    """Retire a chief from their place."""
    return retire(chief)


@transaction.atomic
def network_snapshot_take(*, area_code: str, taken_on: date) -> NetworkSnapshot:
    """Store the organization-network figures of one area for one day, replacing that day's row."""
    area = area_get(area_code)
    if area is None:
        raise ValueError(f"No area with code {area_code}.")
    snapshot, _created = NetworkSnapshot.objects.update_or_create(
        area_code=area_code, taken_on=taken_on, defaults={"figures": organization_network(area)}
    )
    return snapshot


def network_snapshots_take_all(*, taken_on: date) -> list[NetworkSnapshot]:
    """Snapshots of every active city, district and street for one day (one transaction per area).

    Each area is its own transaction, so a large city is not held in one long write lock and a
    retry of the task redoes only what is missing or stale: taking a day again replaces its rows.
    """
    from communities.models import City, District, Street

    codes: list[str] = []
    for model in (City, District, Street):
        codes.extend(model.objects.filter(is_active=True).order_by("code").values_list("code", flat=True))
    return [network_snapshot_take(area_code=code, taken_on=taken_on) for code in codes]
