"""Standardized branch creation, "five goods, one satisfaction" (五好一满意): the city's yearly
standard (6 aspects, 34 tasks, 100 points), each community and grid party branch scored task by task
in three steps (self-assessment with evidence, the street's review, the district's confirmation),
every change of points kept, and stars (评星定级) from the confirmed total."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import PartyOrganization, Person
from jilin_grid.models import (
    AreaCodeModel,
    OwnAreaCodeModel,
    ScopedModel,
    ScopedQuerySet,
    TimeStampedModel,
    area_code_field,
)
from jilin_grid.scope import ancestor_codes, get_scope, prefix_q

from .choices import Aspect, Figure, ReportStatus, ReviewGrade, ReviewRoundStatus, ScoreStatus, ScoreStep

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
FULL_MARKS = 100


class AssessmentStandard(TimeStampedModel):
    """The city's standard of one year: its tasks, in force once they sum to 100 points. A new year
    starts as a copy of the last; it can be changed until the first score of that year is filed."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEAR_VALIDATORS)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("copied from")
    )
    in_force_at = models.DateTimeField(_("in force since"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment standard")
        verbose_name_plural = _("assessment standards")
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("Standard of %(year)s") % {"year": self.year}

    @property
    def in_force(self) -> bool:
        return self.in_force_at is not None


class AssessmentTask(models.Model):
    """A task (任务) of a standard: its aspect, its points, what earns them, whether evidence is
    required, and the portal's figure shown beside it when scoring."""

    standard = models.ForeignKey(
        AssessmentStandard, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("standard")
    )
    aspect = models.CharField(_("aspect"), max_length=20, choices=Aspect.choices)
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("task"), max_length=200)
    points = models.PositiveSmallIntegerField(
        _("points"), validators=[MinValueValidator(1), MaxValueValidator(FULL_MARKS)]
    )
    description = models.TextField(_("what earns the points"), blank=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    figure = models.CharField(_("portal figure shown"), max_length=30, choices=Figure.choices, blank=True)

    class Meta:
        verbose_name = _("assessment task")
        verbose_name_plural = _("assessment tasks")
        ordering = ["standard", "number"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="assessment_task_unique_number"),
            models.CheckConstraint(condition=Q(points__gte=1, points__lte=FULL_MARKS), name="assessment_task_points"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


ASPECT_FIELDS = {aspect: f"aspect_{aspect.value}" for aspect in Aspect}


class BranchScore(AreaCodeModel):
    """A branch's score of one year: where its three steps stand, the totals of the latest step
    (overall and per aspect, kept so the league table sorts on them), the confirmed total and stars."""

    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="assessment_scores",
        verbose_name=_("party organization"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    standard = models.ForeignKey(
        AssessmentStandard, on_delete=models.PROTECT, related_name="scores", verbose_name=_("standard")
    )
    status = models.CharField(_("status"), max_length=20, choices=ScoreStatus.choices)
    total = models.PositiveSmallIntegerField(_("total"), default=0)
    aspect_leadership = models.PositiveSmallIntegerField(Aspect.LEADERSHIP.label, default=0)
    aspect_members = models.PositiveSmallIntegerField(Aspect.MEMBERS.label, default=0)
    aspect_life = models.PositiveSmallIntegerField(Aspect.LIFE.label, default=0)
    aspect_rules = models.PositiveSmallIntegerField(Aspect.RULES.label, default=0)
    aspect_role = models.PositiveSmallIntegerField(Aspect.ROLE.label, default=0)
    aspect_satisfaction = models.PositiveSmallIntegerField(Aspect.SATISFACTION.label, default=0)
    confirmed_total = models.PositiveSmallIntegerField(_("confirmed total"), null=True, blank=True)
    stars = models.PositiveSmallIntegerField(
        _("stars"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    self_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("self-assessed by"),
    )  # fmt: skip
    self_assessed_at = models.DateTimeField(_("self-assessed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reviewed by"),
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("confirmed by"),
    )  # fmt: skip
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("branch score")
        verbose_name_plural = _("branch scores")
        ordering = ["-year", "area_code", "organization_id"]
        indexes = [models.Index(fields=["year", "area_code"], name="branchscore_year_area")]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="branch_score_once_a_year"),
            models.CheckConstraint(condition=Q(total__lte=FULL_MARKS), name="branch_score_total_at_most_100"),
            models.CheckConstraint(
                condition=Q(status=ScoreStatus.CONFIRMED, confirmed_total__isnull=False, stars__isnull=False)
                | (~Q(status=ScoreStatus.CONFIRMED) & Q(confirmed_total__isnull=True, stars__isnull=True)),
                name="branch_score_confirmed_has_stars",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} · {self.year}"

    def derive_area_code(self) -> str:
        return self.organization.area_code


class TaskScore(ScopedModel):
    """The points of one task of a branch's score at each step, with the reasons for a change."""

    scope_field = "score__area_code"

    score = models.ForeignKey(BranchScore, on_delete=models.CASCADE, related_name="items", verbose_name=_("score"))
    task = models.ForeignKey(AssessmentTask, on_delete=models.PROTECT, related_name="+", verbose_name=_("task"))
    self_points = models.PositiveSmallIntegerField(_("self-assessed points"))
    self_reason = models.TextField(_("self-assessment note"), blank=True)
    review_points = models.PositiveSmallIntegerField(_("reviewed points"), null=True, blank=True)
    review_reason = models.TextField(_("review reason"), blank=True)
    confirmed_points = models.PositiveSmallIntegerField(_("confirmed points"), null=True, blank=True)
    confirmed_reason = models.TextField(_("confirmation reason"), blank=True)

    class Meta:
        verbose_name = _("task score")
        verbose_name_plural = _("task scores")
        ordering = ["score", "task__number"]
        constraints = [models.UniqueConstraint(fields=["score", "task"], name="task_score_once_per_score")]

    def __str__(self) -> str:
        return f"{self.score} · {self.task.number}"

    @property
    def current_points(self) -> int:
        for value in (self.confirmed_points, self.review_points, self.self_points):
            if value is not None:
                return value
        return 0


class ScoreChange(ScopedModel):
    """One change of a task's points at one step: who, when, from what to what, and why. Nothing
    is overwritten without leaving one of these."""

    scope_field = "score__area_code"

    score = models.ForeignKey(BranchScore, on_delete=models.CASCADE, related_name="changes", verbose_name=_("score"))
    task = models.ForeignKey(AssessmentTask, on_delete=models.PROTECT, related_name="+", verbose_name=_("task"))
    step = models.CharField(_("step"), max_length=10, choices=ScoreStep.choices)
    previous = models.PositiveSmallIntegerField(_("previous points"), null=True, blank=True)
    points = models.PositiveSmallIntegerField(_("points"))
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")
        ordering = ["score", "at", "id"]

    def __str__(self) -> str:
        return f"{self.score} · {self.task.number}: {self.previous} → {self.points}"


def evidence_path(instance, filename: str) -> str:
    return f"assessment/{instance.year}/{instance.organization_id}/{filename}"


class Evidence(AreaCodeModel):
    """Evidence of a task a branch files with its self-assessment: an uploaded file (an image, a PDF,
    an Office file, checked by content) and/or a note pointing at records the portal already holds."""

    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.CASCADE, related_name="assessment_evidence",
        verbose_name=_("party organization"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    task = models.ForeignKey(AssessmentTask, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("task"))
    note = models.TextField(_("note or link"), blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("added by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["organization", "year", "task", "id"]
        indexes = [models.Index(fields=["organization", "year"], name="evidence_organization_year")]
        constraints = [
            models.CheckConstraint(condition=~Q(note="") | ~Q(file=""), name="evidence_has_file_or_note"),
        ]

    def __str__(self) -> str:
        return self.original_name or self.note[:50]

    def derive_area_code(self) -> str:
        return self.organization.area_code


class DepartmentRoundQuerySet(ScopedQuerySet):
    """Rounds run by a department for the areas below it: a user sees the rounds placed in their
    areas and those of the areas above them (a community sees its district's and the city's)."""

    def visible_to(self, user) -> "DepartmentRoundQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        if scope.is_empty:
            return self.none()
        above = sorted({ancestor for code in scope.codes for ancestor in ancestor_codes(code)} | set(scope.codes))
        condition = Q(area_code__in=above)
        for code in scope.codes:
            condition |= prefix_q("area_code", code)
        return self.filter(condition)


class ReviewRound(OwnAreaCodeModel):
    """A year's annual report-and-review of party building (党建述职评议考核) run by the organization
    department of one area (the city or a district): the reviewers it appoints, the secretaries who
    report, and the ranked results it publishes."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    area_code = area_code_field(help_text=_("The area of the organization department that runs the round."))
    status = models.CharField(_("status"), max_length=20, choices=ReviewRoundStatus.choices,
                              default=ReviewRoundStatus.OPEN)  # fmt: skip
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="review_rounds", blank=True, verbose_name=_("reviewers")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("published by"),
    )  # fmt: skip
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("opened by"),
    )  # fmt: skip

    objects = models.Manager.from_queryset(DepartmentRoundQuerySet)()

    class Meta:
        verbose_name = _("report-and-review round")
        verbose_name_plural = _("report-and-review rounds")
        ordering = ["-year", "area_code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "area_code"], name="review_round_once_a_year"),
            models.CheckConstraint(
                condition=Q(status=ReviewRoundStatus.PUBLISHED, published_at__isnull=False)
                | (~Q(status=ReviewRoundStatus.PUBLISHED) & Q(published_at__isnull=True)),
                name="review_round_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return _("Report-and-review %(year)s · %(area)s") % {"year": self.year, "area": self.area_code}


class SecretaryReport(AreaCodeModel):
    """A secretary's annual report (述职) of a community, street or district party organization, with
    its sections, the reviewers' grades, and once published the result and the rank."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="reports", verbose_name=_("round"))
    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="secretary_reports",
        verbose_name=_("party organization"),
    )  # fmt: skip
    secretary = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="secretary_reports", verbose_name=_("secretary")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=ReviewGrade.choices, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    good_share = models.DecimalField(
        _("share of 好"), max_digits=4, decimal_places=3, null=True, blank=True,
        help_text=_("The share of the reviewers who graded 好, kept with the result: it ranks equal results."),
    )  # fmt: skip
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("written by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("secretary's annual report")
        verbose_name_plural = _("secretaries' annual reports")
        ordering = ["-year", "rank", "area_code", "id"]
        indexes = [models.Index(fields=["year", "area_code"], name="secretary_report_year_area")]
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="secretary_report_once_per_round"),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.SUBMITTED, submitted_at__isnull=False)
                | (~Q(status=ReportStatus.SUBMITTED) & Q(submitted_at__isnull=True)),
                name="secretary_report_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=Q(result="", rank__isnull=True)
                | Q(status=ReportStatus.SUBMITTED, rank__isnull=False) & ~Q(result=""),
                name="secretary_report_result_has_rank",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} · {self.year}"

    def derive_area_code(self) -> str:
        return self.organization.area_code


class ReportSection(ScopedModel):
    """A section of a secretary's annual report: its heading and text, in order."""

    scope_field = "report__area_code"

    report = models.ForeignKey(
        SecretaryReport, on_delete=models.CASCADE, related_name="sections", verbose_name=_("report")
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_section_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.heading}"


class ReviewVote(ScopedModel):
    """One appointed reviewer's grade (好, 较好, 一般, 差) and comment on a secretary's report."""

    scope_field = "report__area_code"

    report = models.ForeignKey(
        SecretaryReport, on_delete=models.CASCADE, related_name="votes", verbose_name=_("report")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    grade = models.CharField(_("grade"), max_length=20, choices=ReviewGrade.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("review grade")
        verbose_name_plural = _("review grades")
        ordering = ["report", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "reviewer"], name="review_vote_once_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_grade_display()}"
