"""Writes of the grids app. Keyword-only, atomic, validated with full_clean()."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.services import person_get_or_create
from jilin_grid.services import retire, save_validated

from . import problems as problem_rules
from .choices import DEFAULT_PROBLEM_CATEGORIES, Evaluation, HandlingLevel, ProblemEventKind, ProblemStatus, Urgency
from .models import (
    Building,
    ChiefAssignment,
    Grid,
    GridWorker,
    NetworkSnapshot,
    ProblemCategory,
    ProblemEvent,
    ProblemPhoto,
    ResidentialCompound,
    ResidentProblem,
    Unit,
)
from .selectors import area_get, organization_network


@transaction.atomic
def grid_create(*, community, code: str, name: str, households: int = 0, boundary: str = "") -> Grid:
    return save_validated(
        Grid(), {"community": community, "code": code, "name": name, "households": households, "boundary": boundary}
    )


@transaction.atomic
def grid_update(*, grid: Grid, **fields: Any) -> Grid:
    """Change a grid's name, households, boundary or status. Its code is fixed once created."""
    fields.pop("code", None)
    fields.pop("community", None)
    return save_validated(grid, fields)


@transaction.atomic
def grid_retire(*, grid: Grid) -> Grid:
    return retire(grid)


@transaction.atomic
def compound_create(*, community, name: str, address: str = "") -> ResidentialCompound:
    return save_validated(ResidentialCompound(), {"community": community, "name": name, "address": address})


@transaction.atomic
def compound_update(*, compound: ResidentialCompound, **fields: Any) -> ResidentialCompound:
    fields.pop("community", None)
    return save_validated(compound, fields)


@transaction.atomic
def building_create(*, grid: Grid, name: str, compound=None, floors: int = 6, units: int = 0) -> Building:
    """A building, with ``units`` entrances numbered 1..n created beside it."""
    building = save_validated(Building(), {"grid": grid, "name": name, "compound": compound, "floors": floors})
    for number in range(1, units + 1):
        unit_create(building=building, number=number)
    return building


@transaction.atomic
def building_update(*, building: Building, **fields: Any) -> Building:
    """Change a building; moving it to another grid carries its units and chiefs along."""
    moved = "grid" in fields and fields["grid"].pk != building.grid_id
    building = save_validated(building, fields)
    if moved:
        for unit in building.units.all():
            unit.save(update_fields=["area_code", "updated_at"])
        building.chiefs.update(grid=building.grid, area_code=building.area_code)
        ChiefAssignment.objects.filter(unit__building=building).update(grid=building.grid, area_code=building.area_code)
    return building


@transaction.atomic
def building_retire(*, building: Building) -> Building:
    building.units.update(is_active=False)
    return retire(building)


@transaction.atomic
def unit_create(*, building: Building, number: int, households: int = 0) -> Unit:
    return save_validated(Unit(), {"building": building, "number": number, "households": households})


@transaction.atomic
def unit_update(*, unit: Unit, **fields: Any) -> Unit:
    fields.pop("building", None)
    return save_validated(unit, fields)


@transaction.atomic
def unit_retire(*, unit: Unit) -> Unit:
    return retire(unit)


@transaction.atomic
def grid_worker_create(
    *, grid: Grid, person=None, name: str = "", phone: str = "", employment: str, started_on: date | None = None
) -> GridWorker:
    """Appoint a grid worker: an existing person, or one found or created by name and phone."""
    if person is None:
        person = person_get_or_create(name=name, phone=phone, area_code=grid.code)
    return save_validated(
        GridWorker(), {"grid": grid, "person": person, "employment": employment, "started_on": started_on}
    )


@transaction.atomic
def grid_worker_update(*, worker: GridWorker, **fields: Any) -> GridWorker:
    return save_validated(worker, fields)


@transaction.atomic
def grid_worker_retire(*, worker: GridWorker) -> GridWorker:
    return retire(worker)


@transaction.atomic
def chief_assign(
    *,
    grid: Grid,
    kind: str,
    person=None,
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
def chief_update(*, chief: ChiefAssignment, **fields: Any) -> ChiefAssignment:
    return save_validated(chief, fields)


@transaction.atomic
def chief_retire(*, chief: ChiefAssignment) -> ChiefAssignment:
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


# Residents' problems ------------------------------------------------------------------------------


@transaction.atomic
def problem_categories_ensure() -> list[ProblemCategory]:
    """The active categories, creating the default ones when none is on record (a new database)."""
    if not ProblemCategory.objects.filter(is_active=True).exists():
        for position, (name, days) in enumerate(DEFAULT_PROBLEM_CATEGORIES, start=1):
            ProblemCategory.objects.get_or_create(name=name, defaults={"response_days": days, "position": position})
    return list(ProblemCategory.objects.filter(is_active=True).order_by("position", "name"))


def _problem_event(problem, kind: str, actor, note: str = "", at=None):
    return ProblemEvent.objects.create(
        problem=problem, kind=kind, actor=actor, level=problem.level, note=note, at=at or timezone.now()
    )


def _problem_require(problem, step: str) -> None:
    if not problem_rules.step_allowed(problem.status, step):
        raise ValidationError(
            _("This step is not possible while the problem is “%(status)s”.") % {"status": problem.get_status_display()}
        )


def _photo_check(upload) -> None:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in {".jpg", ".jpeg", ".png", ".webp", ".heic"}:
        raise ValidationError(
            {"photos": _("%(name)s is not a photo (JPEG, PNG, WebP or HEIC).") % {"name": upload.name}}
        )
    if upload.size > settings.PROBLEM_PHOTO_MAX_BYTES:
        raise ValidationError(
            {
                "photos": _("%(name)s is larger than %(limit)s MB.")
                % {"name": upload.name, "limit": settings.PROBLEM_PHOTO_MAX_BYTES // (1024 * 1024)}
            }
        )


@transaction.atomic
def problem_record(
    *,
    grid: Grid,
    category: ProblemCategory,
    description: str,
    resident_name: str,
    resident_phone: str = "",
    urgency: str = Urgency.NORMAL,
    compound=None,
    building=None,
    unit=None,
    photos: list | None = None,
    actor=None,
    recorded_at=None,
) -> ResidentProblem:
    """Record a resident's problem in a grid; it is due within its category's deadline."""
    for upload in photos or []:
        _photo_check(upload)
    recorded_at = recorded_at or timezone.now()
    problem = save_validated(
        ResidentProblem(),
        {
            "grid": grid,
            "category": category,
            "description": description,
            "resident_name": resident_name,
            "resident_phone": resident_phone,
            "urgency": urgency,
            "compound": compound,
            "building": building,
            "unit": unit,
            "level": HandlingLevel.GRID,
            "holder_code": grid.code,
            "recorded_by": actor,
            "recorded_at": recorded_at,
            "due_at": recorded_at + timedelta(days=category.response_days),
        },
    )
    for upload in photos or []:
        ProblemPhoto.objects.create(problem=problem, image=upload, original_name=upload.name)
    _problem_event(problem, ProblemEventKind.RECORDED, actor, at=recorded_at)
    return problem


@transaction.atomic
def problem_accept(*, problem: ResidentProblem, actor=None, note: str = "", at=None) -> ResidentProblem:
    _problem_require(problem, "accept")
    problem = save_validated(problem, {"status": ProblemStatus.ACCEPTED})
    _problem_event(problem, ProblemEventKind.ACCEPTED, actor, note, at)
    return problem


@transaction.atomic
def problem_start(*, problem: ResidentProblem, actor=None, note: str = "", at=None) -> ResidentProblem:
    _problem_require(problem, "start")
    problem = save_validated(problem, {"status": ProblemStatus.IN_PROGRESS})
    _problem_event(problem, ProblemEventKind.STARTED, actor, note, at)
    return problem


@transaction.atomic
def problem_escalate(*, problem: ResidentProblem, reason: str, actor=None, at=None) -> ResidentProblem:
    """Hand the problem one level up (四级联动); the new level holds it and sees it in its queue."""
    _problem_require(problem, "escalate")
    level = problem_rules.next_level(problem.level)
    if level is None:
        raise ValidationError(_("The city is the last level: the problem cannot go higher."))
    if not reason.strip():
        raise ValidationError({"note": _("Say why the problem goes up a level.")})
    problem = save_validated(
        problem,
        {
            "level": level,
            "holder_code": problem_rules.holder_code(problem.area_code, level),
            "escalations": problem.escalations + 1,
        },
    )
    _problem_event(problem, ProblemEventKind.ESCALATED, actor, reason, at)
    return problem


@transaction.atomic
def problem_resolve(*, problem: ResidentProblem, resolution: str, actor=None, at=None) -> ResidentProblem:
    _problem_require(problem, "resolve")
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say how the problem was solved.")})
    at = at or timezone.now()
    minutes = max(0, int((at - problem.recorded_at).total_seconds() // 60))
    problem = save_validated(
        problem,
        {"status": ProblemStatus.RESOLVED, "resolution": resolution, "resolved_at": at, "minutes_to_resolve": minutes},
    )
    _problem_event(problem, ProblemEventKind.RESOLVED, actor, resolution, at)
    return problem


@transaction.atomic
def problem_return(*, problem: ResidentProblem, reason: str, actor=None, at=None) -> ResidentProblem:
    """Return a problem the portal's levels cannot take on, with the reason."""
    _problem_require(problem, "return")
    if not reason.strip():
        raise ValidationError({"return_reason": _("Say why the problem is returned.")})
    problem = save_validated(problem, {"status": ProblemStatus.RETURNED, "return_reason": reason})
    _problem_event(problem, ProblemEventKind.RETURNED, actor, reason, at)
    return problem


@transaction.atomic
def problem_evaluate(
    *, problem: ResidentProblem, evaluation: str, comment: str = "", actor=None, at=None
) -> ResidentProblem:
    """Record the resident's evaluation: satisfied closes the problem, dissatisfied reopens it."""
    _problem_require(problem, "evaluate")
    at = at or timezone.now()
    if evaluation == Evaluation.DISSATISFIED:
        problem = save_validated(
            problem,
            {
                "status": ProblemStatus.IN_PROGRESS,
                "evaluation": evaluation,
                "evaluation_comment": comment,
                "resolved_at": None,
                "minutes_to_resolve": None,
            },
        )
        _problem_event(problem, ProblemEventKind.EVALUATED, actor, comment, at)
        _problem_event(problem, ProblemEventKind.REOPENED, actor, comment, at)
        return problem
    problem = save_validated(
        problem,
        {"status": ProblemStatus.CLOSED, "evaluation": evaluation, "evaluation_comment": comment, "closed_at": at},
    )
    _problem_event(problem, ProblemEventKind.EVALUATED, actor, comment, at)
    return problem
