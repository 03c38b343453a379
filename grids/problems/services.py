"""Writes of residents' problems: recording and every step of the lifecycle. Keyword-only, atomic,
validated with full_clean()."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grids.network.models import Grid
from jilin_grid import events
from jilin_grid.services import save_validated
from jilin_grid.uploads import UploadRefused, clean_upload

from . import permissions as problem_rules
from .choices import (
    DEFAULT_PROBLEM_CATEGORIES,
    Evaluation,
    HandlingLevel,
    ProblemEventKind,
    ProblemStatus,
    Urgency,
)
from .models import ProblemCategory, ProblemEvent, ProblemPhoto, ResidentProblem

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


PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
               ".heic": "image/heic"}  # fmt: skip


def _photo_clean(upload):
    """The photo to store: judged by its content and written anew without its metadata (EXIF, GPS)."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in PHOTO_TYPES:
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
    try:
        photo, _content_type = clean_upload(upload, PHOTO_TYPES)
    except UploadRefused as refused:
        raise ValidationError({"photos": str(refused)}) from refused
    return photo


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
    """Record a resident's problem in a grid; it is due within its category's deadline. A unit
    given alone places it in its building, and a building in its compound."""
    cleaned = [(upload.name, _photo_clean(upload)) for upload in photos or []]
    if unit is not None and building is None:
        building = unit.building
    if building is not None and compound is None:
        compound = building.compound
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
    for original_name, photo in cleaned:
        ProblemPhoto.objects.create(problem=problem, image=photo, original_name=original_name)
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
    # The level that now holds it learns of it (the notifications, after commit).
    events.publish(events.PROBLEM_ESCALATED, problem_id=problem.pk)
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
