"""Writes of the one-stop desk: the catalogue of matters (kept by a district or the city), the
social workers of a community, and the cases taken at the desk (accept, advance step by step,
finish, turn into a resident's problem). Keyword-only, atomic, validated.

Who may write is asked by the pages and the API (``catalogue_editable`` for the catalogue: district
staff and above; a writing role over the case's community for the rest); the rules of the records
themselves are kept here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community
from communities.services import person_get_or_create
from grids.network.models import Grid
from grids.problems.models import ProblemCategory
from grids.problems.services import problem_record
from jilin_grid.scope import CITY_CODE_LENGTH, DISTRICT_CODE_LENGTH
from jilin_grid.services import UNCHANGED, Unchanged, model_update, retire, save_validated

from .choices import CaseStatus, WorkerPost
from .models import Case, CaseMaterial, CaseStep, Matter, MatterMaterial, MatterStep, SocialWorker

# The catalogue ---------------------------------------------------------------------------------


def catalogue_editable(scope, area_code: str) -> bool:
    """District staff and above edit the catalogue of their district (the city's: the city's staff);
    streets, communities and grids read it."""
    return (
        len(area_code) <= DISTRICT_CODE_LENGTH and scope.writes_at(DISTRICT_CODE_LENGTH) and scope.can_write(area_code)
    )


def _clean_lines(lines: Iterable[str]) -> list[str]:
    return [line.strip() for line in lines if line and line.strip()]


def _set_contents(matter: Matter, materials: Sequence[tuple[str, bool]], steps: Sequence[str]) -> None:
    materials = [(name.strip(), required) for name, required in materials if name and name.strip()]
    steps = _clean_lines(steps)
    errors = {}
    if not any(required for _name, required in materials):
        errors["materials"] = _("List at least one required material.")
    elif len({name for name, _required in materials}) != len(materials):
        errors["materials"] = _("A material is listed twice.")
    if not steps:
        errors["steps"] = _("List at least one step.")
    if any(len(name) > 200 for name, _required in materials):
        errors["materials"] = _("A material is named in at most 200 characters.")
    if any(len(name) > 200 for name in steps):
        errors["steps"] = _("A step is named in at most 200 characters.")
    if errors:
        raise ValidationError(errors)
    matter.materials.all().delete()
    matter.steps.all().delete()
    MatterMaterial.objects.bulk_create(
        MatterMaterial(matter=matter, position=index, name=name, required=required)
        for index, (name, required) in enumerate(materials, start=1)
    )
    MatterStep.objects.bulk_create(
        MatterStep(matter=matter, position=index, name=name) for index, name in enumerate(steps, start=1)
    )


@transaction.atomic
def matter_add(
    *,
    area_code: str,
    name: str,
    mode: str,
    time_limit_days: int,
    materials: Sequence[tuple[str, bool]],
    steps: Sequence[str],
    description: str = "",
) -> Matter:
    """A matter of a district's (or the city's) catalogue, with its materials (name, required) and its
    steps in order."""
    if len(area_code) not in (CITY_CODE_LENGTH, DISTRICT_CODE_LENGTH):
        raise ValidationError({"area_code": _("The catalogue is kept by a district or the city.")})
    if Matter.objects.filter(area_code=area_code, name=name).exists():
        raise ValidationError({"name": _("The catalogue already has a matter of this name.")})
    matter = save_validated(
        Matter(area_code=area_code),
        {"name": name, "mode": mode, "time_limit_days": time_limit_days, "description": description},
    )
    _set_contents(matter, materials, steps)
    return matter


@transaction.atomic
def matter_update(
    *,
    matter: Matter,
    name: str | Unchanged = UNCHANGED,
    mode: str | Unchanged = UNCHANGED,
    time_limit_days: int | Unchanged = UNCHANGED,
    description: str | Unchanged = UNCHANGED,
    materials: Sequence[tuple[str, bool]] | Unchanged = UNCHANGED,
    steps: Sequence[str] | Unchanged = UNCHANGED,
) -> Matter:
    """Change a matter of the catalogue. Cases already taken keep the materials, steps and time limit
    they were accepted with."""
    if (
        name is not UNCHANGED
        and Matter.objects.filter(area_code=matter.area_code, name=name).exclude(pk=matter.pk).exists()
    ):
        raise ValidationError({"name": _("The catalogue already has a matter of this name.")})
    matter = model_update(matter, name=name, mode=mode, time_limit_days=time_limit_days, description=description)
    if materials is not UNCHANGED or steps is not UNCHANGED:
        _set_contents(
            matter,
            [(m.name, m.required) for m in matter.materials.all()] if materials is UNCHANGED else materials,
            [s.name for s in matter.steps.all()] if steps is UNCHANGED else steps,
        )
    return matter


@transaction.atomic
def matter_retire(*, matter: Matter) -> Matter:
    """Take a matter out of the catalogue; its cases stay in history and those in hand go on."""
    return retire(matter)


# Social workers --------------------------------------------------------------------------------


def _check_posts(posts: Iterable[str]) -> list[str]:
    posts = list(dict.fromkeys(posts))
    if not posts:
        raise ValidationError({"posts": _("A social worker holds at least one post.")})
    if any(post not in WorkerPost.values for post in posts):
        raise ValidationError({"posts": _("Choose posts from the list.")})
    return posts


def _check_skills(community: Community, matters: Iterable[Matter]) -> list[Matter]:
    matters = list(matters)
    for matter in matters:
        if not community.code.startswith(matter.area_code):
            raise ValidationError(
                {"matters": _("“%(matter)s” is not in the community's catalogue.") % {"matter": matter}}
            )
    return matters


@transaction.atomic
def social_worker_add(
    *,
    community: Community,
    name: str,
    phone: str = "",
    posts: Iterable[str],
    matters: Iterable[Matter] = (),
    user=None,
) -> SocialWorker:
    """An all-round social worker of a community (a person of the community, found again by phone),
    with the posts they hold and the matters they are skilled in."""
    posts = _check_posts(posts)
    matters = _check_skills(community, matters)
    if not name.strip():
        raise ValidationError({"name": _("Give the social worker's name.")})
    person = person_get_or_create(name=name.strip(), area_code=community.code, phone=phone)
    if SocialWorker.objects.filter(community=community, person=person, is_active=True).exists():
        raise ValidationError({"name": _("This person is already a social worker of the community.")})
    worker = save_validated(SocialWorker(community=community), {"person": person, "posts": posts, "user": user})
    worker.matters.set(matters)
    return worker


@transaction.atomic
def social_worker_update(
    *,
    worker: SocialWorker,
    posts: Iterable[str] | Unchanged = UNCHANGED,
    matters: Iterable[Matter] | Unchanged = UNCHANGED,
) -> SocialWorker:
    """Change the posts a worker holds or the matters they are skilled in."""
    worker = model_update(worker, posts=UNCHANGED if posts is UNCHANGED else _check_posts(posts))
    if matters is not UNCHANGED:
        worker.matters.set(_check_skills(worker.community, matters))
    return worker


@transaction.atomic
def social_worker_retire(*, worker: SocialWorker) -> SocialWorker:
    """A worker leaves the desk; their cases stay in history."""
    return retire(worker)


# Cases -----------------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _require_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise ValidationError(
            _("The case is no longer in hand (“%(status)s”).") % {"status": case.get_status_display()}
        )


@transaction.atomic
def case_accept(
    *,
    community: Community,
    matter: Matter,
    worker: SocialWorker,
    resident_name: str,
    resident_phone: str = "",
    checked: Iterable[MatterMaterial] = (),
    grid: Grid | None = None,
    accepted_on: date | None = None,
    actor=None,
) -> Case:
    """Take a resident's matter at the community's desk (一门式): any active worker of the community
    takes any active matter of its catalogue. The case starts only when every required material of
    the matter is checked (一口清); it is due the matter's time limit after the day it is accepted."""
    accepted_on = accepted_on or _today()
    errors: dict[str, str] = {}
    if not matter.is_active:
        errors["matter"] = _("This matter has been taken out of the catalogue.")
    elif not community.code.startswith(matter.area_code):
        errors["matter"] = _("This matter is not in the community's catalogue.")
    if worker.community_id != community.pk or not worker.is_active:
        errors["worker"] = _("Choose a social worker of the community's desk.")
    if grid is not None and grid.community_id != community.pk:
        errors["grid"] = _("The grid is not in the community.")
    if accepted_on > _today():
        errors["accepted_on"] = _("A case cannot be accepted in the future.")
    if not resident_name.strip():
        errors["resident_name"] = _("Give the resident's name.")
    if errors:
        raise ValidationError(errors)
    materials = list(matter.materials.all())
    checked_ids = {material.pk for material in checked}
    if checked_ids - {material.pk for material in materials}:
        raise ValidationError({"materials": _("Check only the materials of this matter.")})
    missing = [material.name for material in materials if material.required and material.pk not in checked_ids]
    if missing:
        raise ValidationError(
            {
                "materials": _("The case cannot start until every required material is checked; missing: %(missing)s.")
                % {"missing": "、".join(missing)}
            }
        )
    steps = list(matter.steps.all())
    case = save_validated(
        Case(community=community, grid=grid),
        {
            "matter": matter,
            "worker": worker,
            "resident_name": resident_name.strip(),
            "resident_phone": resident_phone.strip(),
            "accepted_on": accepted_on,
            "time_limit_days": matter.time_limit_days,
            "due_on": accepted_on + timedelta(days=matter.time_limit_days),
            "accepted_by": actor,
        },
    )
    CaseMaterial.objects.bulk_create(
        CaseMaterial(case=case, position=m.position, name=m.name, required=m.required, checked=m.pk in checked_ids)
        for m in materials
    )
    CaseStep.objects.bulk_create(CaseStep(case=case, position=s.position, name=s.name) for s in steps)
    return case


def next_step(case: Case) -> CaseStep | None:
    """The first step of the case not yet done (None when all are)."""
    return case.steps.filter(done_on__isnull=True).order_by("position").first()


def _check_day(case: Case, day: date, field: str) -> None:
    last = case.steps.filter(done_on__isnull=False).order_by("-position").values_list("done_on", flat=True).first()
    earliest = max(filter(None, [case.accepted_on, last]))
    if day < earliest:
        raise ValidationError(
            {field: _("The day cannot be before %(day)s, the case's last step.") % {"day": earliest.isoformat()}}
        )
    if day > _today():
        raise ValidationError({field: _("The day cannot be in the future.")})


@transaction.atomic
def case_advance(*, case: Case, done_on: date | None = None, note: str = "") -> CaseStep:
    """Do the case's next step (一条龙: one at a time, in the matter's order), dated."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_open(case)
    step = next_step(case)
    if step is None:
        raise ValidationError(_("Every step is done: finish the case."))
    done_on = done_on or _today()
    _check_day(case, done_on, "done_on")
    return save_validated(step, {"done_on": done_on, "note": note.strip()})


@transaction.atomic
def case_finish(*, case: Case, finished_on: date | None = None) -> Case:
    """Close the case once every step is done; the days it took are counted from acceptance."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    _require_open(locked)
    step = next_step(locked)
    if step is not None:
        raise ValidationError(_("Step “%(step)s” is not done yet.") % {"step": step.name})
    finished_on = finished_on or _today()
    _check_day(locked, finished_on, "finished_on")
    return save_validated(
        case,
        {
            "status": CaseStatus.FINISHED,
            "finished_on": finished_on,
            "days_taken": (finished_on - locked.accepted_on).days,
        },
    )


@transaction.atomic
def case_escalate(
    *, case: Case, category: ProblemCategory, description: str, grid: Grid | None = None, actor=None
) -> Case:
    """A case that turns out to be a problem (a dispute, a repair, a hardship beyond the matter)
    becomes a resident's problem of its grid (the grid given when the case has none), recorded
    through the problems' service; the case keeps a link to it and the problem answers
    ``desk_case``."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    _require_open(locked)
    grid = case.grid or grid
    if grid is None:
        raise ValidationError({"grid": _("Choose the grid where the resident's problem will be handled.")})
    if grid.community_id != case.community_id:
        raise ValidationError({"grid": _("The grid is not in the community.")})
    if not category.is_active:
        raise ValidationError({"category": _("This category is no longer used.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what the problem is.")})
    problem = problem_record(
        grid=grid,
        category=category,
        description=description.strip(),
        resident_name=case.resident_name,
        resident_phone=case.resident_phone,
        actor=actor,
    )
    return save_validated(
        case, {"status": CaseStatus.ESCALATED, "escalated_on": _today(), "problem": problem, "grid": grid}
    )
