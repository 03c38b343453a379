"""Rectification of weak and lax party organizations (软弱涣散党组织整改晋位): the organizations the
district (or city) organization department identifies, each case with the problems found, what it was
identified from (a low score, a poor report-and-review, the district's decision), its county
standing-committee guarantor (县级常委包保), its helping department (职能部门帮带), its paired excellent
community (优秀社区结对) and the in-service members reporting to it (在职党员报到); its measures with
deadlines, its monthly progress, its extensions and its acceptance (验收, 晋位摘帽)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliances.cadres.models import Department
from alliances.volunteering.models import MemberReport
from communities.models import Community, PartyOrganization, Person
from jilin_grid.models import AreaCodeModel, ScopedModel
from projects.assessment.models import YEAR_VALIDATORS, BranchScore, SecretaryReport

from .choices import CaseSource, CaseStatus


class ProblemKind(models.Model):
    """A kind of problem found in a weak and lax organization (weak leadership, lax management, no
    role played, residents dissatisfied, ...). The list is data, kept in the admin."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("problem kind")
        verbose_name_plural = _("problem kinds")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class RectificationCase(AreaCodeModel):
    """An organization identified as weak and lax (软弱涣散), and its rectification until the district
    organization department accepts it as rectified. An organization has at most one open case."""

    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="rectification_cases",
        verbose_name=_("party organization"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year identified"), validators=YEAR_VALIDATORS)
    identified_on = models.DateField(_("identified on"))
    source = models.CharField(_("identified from"), max_length=20, choices=CaseSource.choices)
    score = models.ForeignKey(
        BranchScore, on_delete=models.PROTECT, null=True, blank=True, related_name="rectification_cases",
        verbose_name=_("low score"),
    )  # fmt: skip
    review = models.ForeignKey(
        SecretaryReport, on_delete=models.PROTECT, null=True, blank=True, related_name="rectification_cases",
        verbose_name=_("poor report-and-review"),
    )  # fmt: skip
    reason = models.TextField(_("reason"), blank=True, help_text=_("The district's reason, when it decided."))
    problems = models.ManyToManyField(ProblemKind, related_name="cases", verbose_name=_("problems found"))
    problem_note = models.TextField(_("problems in detail"), blank=True)
    guarantor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="guaranteed_cases",
        verbose_name=_("county standing-committee guarantor"),
    )  # fmt: skip
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="helped_cases", verbose_name=_("helping department")
    )
    paired_community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="paired_cases", verbose_name=_("paired excellent community")
    )
    member_reports = models.ManyToManyField(
        MemberReport, related_name="rectification_cases", blank=True, verbose_name=_("in-service members reporting")
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True
    )
    identified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("identified by"),
    )  # fmt: skip
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("accepted by"),
    )  # fmt: skip
    acceptance_note = models.TextField(_("acceptance note"), blank=True)
    open_measures_reason = models.TextField(
        _("why open measures were left"), blank=True,
        help_text=_("Given when the case was accepted with measures still open."),
    )  # fmt: skip
    rerating = models.ForeignKey(
        BranchScore, on_delete=models.SET_NULL, null=True, blank=True, related_name="rerated_cases",
        verbose_name=_("re-rating (next year's score)"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("rectification case")
        verbose_name_plural = _("rectification cases")
        ordering = ["-year", "area_code", "id"]
        indexes = [models.Index(fields=["area_code", "status"], name="rectification_area_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(status=CaseStatus.OPEN),
                name="rectification_one_open_case",
                violation_error_message=_("This organization already has an open rectification case."),
            ),
            models.CheckConstraint(
                condition=~Q(source=CaseSource.SCORE) | Q(score__isnull=False), name="rectification_score_source"
            ),
            models.CheckConstraint(
                condition=~Q(source=CaseSource.REVIEW) | Q(review__isnull=False), name="rectification_review_source"
            ),
            models.CheckConstraint(
                condition=~Q(source=CaseSource.DECISION) | ~Q(reason=""), name="rectification_decision_reason"
            ),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.RECTIFIED, accepted_on__isnull=False)
                | Q(status=CaseStatus.OPEN, accepted_on__isnull=True),
                name="rectification_accepted_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} · {self.year}"

    def derive_area_code(self) -> str:
        return self.organization.area_code

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN


class Measure(ScopedModel):
    """A rectification measure with its deadline; done with a date and a note. A measure not done by
    its deadline is overdue (derived, never stored)."""

    scope_field = "case__area_code"

    case = models.ForeignKey(RectificationCase, on_delete=models.CASCADE, related_name="measures",
                             verbose_name=_("case"))  # fmt: skip
    title = models.CharField(_("measure"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("what was done"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("added by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("rectification measure")
        verbose_name_plural = _("rectification measures")
        ordering = ["case", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True, done_note="") | Q(done_on__isnull=False) & ~Q(done_note=""),
                name="rectification_measure_done_with_note",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today) -> bool:
        return self.done_on is None and self.due_on < today


class CaseProgress(ScopedModel):
    """A month's progress of a case (月调度): what was done, and the measures' state when filed."""

    scope_field = "case__area_code"

    case = models.ForeignKey(RectificationCase, on_delete=models.CASCADE, related_name="progress",
                             verbose_name=_("case"))  # fmt: skip
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    text = models.TextField(_("progress"))
    measures_done = models.PositiveSmallIntegerField(_("measures done"), default=0)
    measures_total = models.PositiveSmallIntegerField(_("measures"), default=0)
    measures_overdue = models.PositiveSmallIntegerField(_("measures overdue"), default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reported by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("monthly progress of a case")
        verbose_name_plural = _("monthly progress of cases")
        ordering = ["case", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "month"],
                name="rectification_progress_once_a_month",
                violation_error_message=_("The progress of this month has been reported already."),
            ),
            models.CheckConstraint(
                condition=Q(measures_done__lte=models.F("measures_total")),
                name="rectification_progress_done_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.month:%Y-%m}"


class CaseExtension(ScopedModel):
    """An extension of a case's deadline, with its reason; every extension is kept."""

    scope_field = "case__area_code"

    case = models.ForeignKey(RectificationCase, on_delete=models.CASCADE, related_name="extensions",
                             verbose_name=_("case"))  # fmt: skip
    previous_deadline = models.DateField(_("previous deadline"))
    new_deadline = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    extended_on = models.DateField(_("extended on"))
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("extended by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("extension of a case")
        verbose_name_plural = _("extensions of cases")
        ordering = ["case", "extended_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_deadline__gt=models.F("previous_deadline")), name="rectification_extension_later"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="rectification_extension_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.previous_deadline} → {self.new_deadline}"
