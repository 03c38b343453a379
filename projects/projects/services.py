"""Writes of the No.1 projects: claiming, reviewing, showcasing, closing, monthly progress.

Every function is keyword-only and atomic, validates with full_clean(), refuses a step the
lifecycle does not allow with a ValidationError, and records the step in the project's history.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jilin_grid import events
from jilin_grid.services import UNCHANGED, Unchanged, model_update, save_validated
from jilin_grid.uploads import UploadRefused, clean_upload

from .choices import ProjectEventKind, ProjectStatus
from .models import Milestone, ProgressAttachment, ProgressReport, ProgressRevision, Project, ProjectEvent

# Which statuses each step may start from.
ALLOWED_FROM = {
    "revise": (ProjectStatus.SUBMITTED, ProjectStatus.RETURNED),
    "approve": (ProjectStatus.SUBMITTED,),
    "return": (ProjectStatus.SUBMITTED, ProjectStatus.APPROVED),
    "showcase": (ProjectStatus.APPROVED, ProjectStatus.COMPLETED),
    "complete": (ProjectStatus.APPROVED,),
    "abandon": (ProjectStatus.SUBMITTED, ProjectStatus.RETURNED, ProjectStatus.APPROVED),
    "progress": (ProjectStatus.APPROVED,),
}


def _require(project: Project, step: str) -> None:
    if project.status not in ALLOWED_FROM[step]:
        raise ValidationError(
            _("This step is not possible while the project is “%(status)s”.") % {"status": project.get_status_display()}
        )


def _event(project: Project, kind: str, actor, note: str = "") -> ProjectEvent:
    return ProjectEvent.objects.create(project=project, kind=kind, actor=actor, note=note, at=timezone.now())


def _set_milestones(project: Project, milestones: list[dict]) -> None:
    if not milestones:
        raise ValidationError({"milestones": _("Plan at least one milestone with its month.")})
    project.milestones.all().delete()
    for item in milestones:
        save_validated(Milestone(project=project, month=item.get("month"), description=item.get("description", "")))


@transaction.atomic
def project_claim(
    *,
    organization,
    year: int,
    title: str,
    problem: str,
    goal: str,
    measures: str,
    responsible: str,
    milestones: list[dict],
    start_month: int = 1,
    actor=None,
) -> Project:
    """A secretary claims their organization's project of the year (one active claim each)."""
    if Project.objects.filter(organization=organization, year=year).exclude(status=ProjectStatus.ABANDONED).exists():
        raise ValidationError(
            _("%(organization)s has already claimed its project for %(year)s.")
            % {"organization": organization.name, "year": year}
        )
    project = save_validated(
        Project(),
        {
            "organization": organization,
            "year": year,
            "title": title,
            "problem": problem,
            "goal": goal,
            "measures": measures,
            "responsible": responsible,
            "start_month": start_month,
            "claimed_by": actor,
        },
    )
    _set_milestones(project, milestones)
    _event(project, ProjectEventKind.CLAIMED, actor)
    return project


@transaction.atomic
def project_revise(
    *,
    project: Project,
    actor=None,
    title: str | Unchanged = UNCHANGED,
    problem: str | Unchanged = UNCHANGED,
    goal: str | Unchanged = UNCHANGED,
    measures: str | Unchanged = UNCHANGED,
    responsible: str | Unchanged = UNCHANGED,
    start_month: int | Unchanged = UNCHANGED,
    milestones: list[dict] | None = None,
) -> Project:
    """Change a claim awaiting review or returned; a returned claim goes back for review.

    The organization and the year stay those of the claim; ``milestones``, when given, replace
    the planned ones.
    """
    _require(project, "revise")
    project = model_update(
        project,
        title=title,
        problem=problem,
        goal=goal,
        measures=measures,
        responsible=responsible,
        start_month=start_month,
        status=ProjectStatus.SUBMITTED,
    )
    if milestones is not None:
        _set_milestones(project, milestones)
    _event(project, ProjectEventKind.REVISED, actor)
    return project


@transaction.atomic
def project_approve(*, project: Project, actor=None, note: str = "") -> Project:
    _require(project, "approve")
    project = save_validated(
        project, {"status": ProjectStatus.APPROVED, "review_note": note, "reviewed_at": timezone.now()}
    )
    _event(project, ProjectEventKind.APPROVED, actor, note)
    events.publish(events.PROJECT_REVIEWED, project_id=project.pk)
    return project


@transaction.atomic
def project_return(*, project: Project, reason: str, actor=None) -> Project:
    """Send a claim back to its secretary with the reason."""
    _require(project, "return")
    if not reason.strip():
        raise ValidationError({"review_note": _("Say why the project is returned.")})
    project = save_validated(
        project, {"status": ProjectStatus.RETURNED, "review_note": reason, "reviewed_at": timezone.now()}
    )
    _event(project, ProjectEventKind.RETURNED, actor, reason)
    events.publish(events.PROJECT_REVIEWED, project_id=project.pk)
    return project


@transaction.atomic
def project_showcase(*, project: Project, writeup: str, actor=None) -> Project:
    """Mark a project as showcased (择优晾晒) with a write-up of its good practice."""
    _require(project, "showcase")
    if not writeup.strip():
        raise ValidationError({"showcase_writeup": _("Write up the good practice to showcase.")})
    project = save_validated(project, {"showcased": True, "showcase_writeup": writeup, "showcased_at": timezone.now()})
    _event(project, ProjectEventKind.SHOWCASED, actor, writeup)
    return project


@transaction.atomic
def project_complete(*, project: Project, summary: str, actor=None) -> Project:
    _require(project, "complete")
    if not summary.strip():
        raise ValidationError({"closing_summary": _("Write the closing summary.")})
    project = save_validated(
        project, {"status": ProjectStatus.COMPLETED, "closing_summary": summary, "closed_at": timezone.now()}
    )
    _event(project, ProjectEventKind.COMPLETED, actor, summary)
    return project


@transaction.atomic
def project_abandon(*, project: Project, reason: str, actor=None) -> Project:
    _require(project, "abandon")
    if not reason.strip():
        raise ValidationError({"abandon_reason": _("Say why the project is abandoned.")})
    project = save_validated(
        project, {"status": ProjectStatus.ABANDONED, "abandon_reason": reason, "closed_at": timezone.now()}
    )
    _event(project, ProjectEventKind.ABANDONED, actor, reason)
    return project


def refile_reason_missing(month: int) -> str:
    """The refusal of a month filed again without a reason."""
    return _("Month %(month)s has already been filed. Say why it is filed again: the earlier version is kept.") % {
        "month": month
    }


def attachment_clean(upload: UploadedFile):
    """(the file to store, its content type) of an acceptable attachment, judged by its content
    (pictures written anew without their metadata), or a ValidationError saying what is wrong."""
    suffix = Path(upload.name or "").suffix.lower()
    allowed = settings.PROJECT_ATTACHMENT_TYPES
    if suffix not in allowed:
        raise ValidationError(
            {"attachments": _("%(name)s: only images, PDF and Office files may be attached.") % {"name": upload.name}}
        )
    if upload.size > settings.PROJECT_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "attachments": _("%(name)s is larger than %(limit)s MB.")
                % {"name": upload.name, "limit": settings.PROJECT_ATTACHMENT_MAX_BYTES // (1024 * 1024)}
            }
        )
    try:
        return clean_upload(upload, allowed)
    except UploadRefused as refused:
        raise ValidationError({"attachments": str(refused)}) from refused


@transaction.atomic
def progress_report_submit(
    *,
    project: Project,
    month: int,
    percent_complete: int,
    done: str,
    problems: str = "",
    next_steps: str = "",
    attachments: list[UploadedFile] | None = None,
    reason: str = "",
    actor=None,
    submitted_at=None,
) -> ProgressReport:
    """File the month's progress of an approved project, with its attachments.

    Filing a month already filed replaces its figures and needs a ``reason``: the version it
    replaces is kept (ProgressRevision) with who filed it and when, and who replaced it and why.
    """
    _require(project, "progress")
    existing = ProgressReport.objects.filter(project=project, month=month).first()
    if existing is not None and not reason.strip():
        raise ValidationError({"reason": refile_reason_missing(month)})
    cleaned = [(upload.name, *attachment_clean(upload)) for upload in attachments or []]
    now = timezone.now()
    if existing is not None:
        save_validated(
            ProgressRevision(),
            {
                "progress": existing,
                "percent_complete": existing.percent_complete,
                "done": existing.done,
                "problems": existing.problems,
                "next_steps": existing.next_steps,
                "submitted_by": existing.submitted_by,
                "submitted_at": existing.submitted_at,
                "replaced_by": actor,
                "replaced_at": now,
                "reason": reason.strip(),
            },
        )
    report = save_validated(
        existing or ProgressReport(project=project, month=month),
        {
            "percent_complete": percent_complete,
            "done": done,
            "problems": problems,
            "next_steps": next_steps,
            "submitted_by": actor,
            "submitted_at": submitted_at or now,
        },
    )
    for original_name, file, content_type in cleaned:
        ProgressAttachment.objects.create(
            progress=report, file=file, original_name=original_name, content_type=content_type, size=file.size
        )
    summary = _("Month %(month)s: %(percent)s%%") % {"month": month, "percent": percent_complete}
    if existing is None:
        _event(project, ProjectEventKind.PROGRESS, actor, summary)
    else:
        _event(project, ProjectEventKind.REFILED, actor, f"{summary} · {reason.strip()}")
    return report
