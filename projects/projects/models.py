"""Secretaries' No.1 projects (书记一号工程): claims, milestones, monthly progress and history."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import PartyOrganization
from jilin_grid.models import AreaCodeModel, ScopedManager, ScopedModel, TimeStampedModel

from .choices import ACTIVE_STATUSES, ProjectEventKind, ProjectStatus

MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]


class Project(AreaCodeModel):
    """A party secretary's No.1 project for one year, claimed by their organization."""

    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="projects", verbose_name=_("party organization")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem it answers"))
    goal = models.TextField(_("goal"))
    measures = models.TextField(_("measures"))
    responsible = models.CharField(_("people responsible"), max_length=300)
    start_month = models.PositiveSmallIntegerField(
        _("first month of progress"),
        default=1,
        validators=MONTH_VALIDATORS,
        help_text=_("Monthly progress is due from this month of the year on."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.SUBMITTED, db_index=True
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("claimed by"),
    )  # fmt: skip
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    showcased = models.BooleanField(_("showcased"), default=False)
    showcase_writeup = models.TextField(_("good practice write-up"), blank=True)
    showcased_at = models.DateTimeField(_("showcased at"), null=True, blank=True)
    closing_summary = models.TextField(_("closing summary"), blank=True)
    abandon_reason = models.TextField(_("reason for abandoning"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("No.1 project")
        verbose_name_plural = _("No.1 projects")
        ordering = ["-year", "area_code", "id"]
        indexes = [models.Index(fields=["year", "area_code"], name="project_year_area")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="project_one_active_claim_per_organization_year",
            ),
            models.CheckConstraint(
                condition=Q(start_month__gte=1) & Q(start_month__lte=12), name="project_start_month_range"
            ),
            models.CheckConstraint(
                condition=Q(showcased=False) | ~Q(showcase_writeup=""), name="project_showcase_has_writeup"
            ),
            models.CheckConstraint(
                condition=~Q(status=ProjectStatus.ABANDONED) | ~Q(abandon_reason=""),
                name="project_abandoned_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProjectStatus.COMPLETED) | ~Q(closing_summary=""),
                name="project_completed_has_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.title}"

    def derive_area_code(self) -> str:
        return self.organization.area_code


class Milestone(TimeStampedModel):
    """A planned step of a project, due in a month of the project's year."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project"))
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH_VALIDATORS)
    description = models.CharField(_("description"), max_length=300)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "month", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="milestone_month_range"),
        ]

    def __str__(self) -> str:
        return _("Month %(month)s: %(description)s") % {"month": self.month, "description": self.description}


class FiledProgress(models.Model):
    """The figures a month's progress is filed with, and who filed them when: those of the month
    (``ProgressReport``) and of each earlier version kept when it was filed again (``ProgressRevision``)."""

    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    done = models.TextField(_("what was done"))
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("submitted by"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        abstract = True


class ProgressReport(ScopedModel, FiledProgress):
    """A month's progress of a project (月调度): one per project and month."""

    scope_field = "project__area_code"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("project")
    )
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH_VALIDATORS)

    class Meta:
        verbose_name = _("monthly progress")
        verbose_name_plural = _("monthly progress")
        ordering = ["project", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="progress_once_per_project_month"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="progress_month_range"),
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="progress_percent_range"),
        ]

    def __str__(self) -> str:
        return _("%(project)s, month %(month)s: %(percent)s%%") % {
            "project": self.project.title,
            "month": self.month,
            "percent": self.percent_complete,
        }


class ProgressRevision(FiledProgress):
    """An earlier version of a month's progress, kept when the month was filed again: its figures,
    who filed it and when, and who replaced it, when and why."""

    scope_field = "progress__project__area_code"

    progress = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("monthly progress")
    )
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("replaced by"),
    )  # fmt: skip
    replaced_at = models.DateTimeField(_("replaced at"))
    reason = models.TextField(_("reason for filing again"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("earlier version of monthly progress")
        verbose_name_plural = _("earlier versions of monthly progress")
        ordering = ["progress", "-replaced_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="progress_revision_percent_range"),
        ]

    def __str__(self) -> str:
        return _("Month %(month)s as filed on %(date)s: %(percent)s%%") % {
            "month": self.progress.month,
            "date": f"{self.submitted_at:%Y-%m-%d}",
            "percent": self.percent_complete,
        }


def attachment_path(instance, filename: str) -> str:
    return f"projects/{instance.progress.project_id}/{instance.progress.month:02d}/{filename}"


class ProgressAttachment(TimeStampedModel):
    """An image, PDF or Office file filed with a month's progress (type- and size-checked)."""

    progress = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("progress")
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["progress", "id"]

    def __str__(self) -> str:
        return self.original_name


class ProjectEvent(models.Model):
    """One step of a project's history: who did what, when, with what note. It lies in its
    project's area, so the one scope rule applies to it through the project."""

    scope_field = "project__area_code"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events", verbose_name=_("project"))
    kind = models.CharField(_("what"), max_length=20, choices=ProjectEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        ordering = ["project", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d}"
