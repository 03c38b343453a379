"""The one-stop desk of the all-round social workers (全科社工): the catalogue of a district's service
matters (事项) with their materials and steps, the social workers of a community with their posts
and the matters they are skilled in (一人多岗、一专多能), and the cases taken at the desk
(一口清导办、一门式受理、一条龙服务), each carried step by step to its end within its time limit.

Time limits are counted in calendar days (自然日): a case accepted on day D with a limit of N days
is due on D + N."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Person
from grids.network.models import Grid
from grids.problems.models import ResidentProblem
from jilin_grid.models import AreaCodeModel, OwnAreaCodeModel, ScopedQuerySet, area_code_field
from jilin_grid.scope import get_scope
from jilin_grid.validators import phone_validator

from .choices import CaseStatus, ServiceMode, WorkerPost

# The longest time limit of a matter, in calendar days.
MAX_TIME_LIMIT_DAYS = 365


class CatalogueQuerySet(ScopedQuerySet):
    """The catalogue is kept by a district (or the city) for everyone below it: a user sees the
    matters placed in their areas and those placed above them (a community reads its district's)."""

    def visible_to(self, user) -> "CatalogueQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        if scope.is_empty:
            return self.none()
        return self.filter(scope.reach_q("area_code"))


class Matter(OwnAreaCodeModel):
    """A service matter of a district's catalogue (事项): what a resident may ask for at the desk, the
    service mode it belongs to and its time limit in calendar days; its materials and steps follow."""

    area_code = area_code_field(help_text=_("The district (or the city) whose catalogue holds the matter."))
    name = models.CharField(_("name"), max_length=100)
    mode = models.CharField(_("service mode"), max_length=20, choices=ServiceMode.choices, db_index=True)
    description = models.TextField(_("description"), blank=True)
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (calendar days)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TIME_LIMIT_DAYS)],
        help_text=_("Counted in calendar days from the day the case is accepted."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = models.Manager.from_queryset(CatalogueQuerySet)()

    class Meta:
        verbose_name = _("service matter")
        verbose_name_plural = _("service matters")
        ordering = ["area_code", "mode", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area_code", "name"], name="desk_matter_unique_name_in_area"),
            models.CheckConstraint(
                condition=Q(time_limit_days__gte=1, time_limit_days__lte=MAX_TIME_LIMIT_DAYS),
                name="desk_matter_time_limit_range",
            ),
            models.CheckConstraint(condition=Q(area_code__length__in=[4, 6]), name="desk_matter_city_or_district"),
        ]

    def __str__(self) -> str:
        return self.name


class MatterMaterial(models.Model):
    """A material a resident brings for a matter (一口清: told once, all of it)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="materials", verbose_name=_("matter"))
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("material"), max_length=200)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("required material")
        verbose_name_plural = _("required materials")
        ordering = ["matter", "position"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "position"], name="desk_material_unique_position"),
        ]

    def __str__(self) -> str:
        return self.name


class MatterStep(models.Model):
    """A step of a matter's handling, in order (受理, 审核, 公示, 审批, 发放, ...)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="steps", verbose_name=_("matter"))
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("step"), max_length=200)

    class Meta:
        verbose_name = _("handling step")
        verbose_name_plural = _("handling steps")
        ordering = ["matter", "position"]
        constraints = [models.UniqueConstraint(fields=["matter", "position"], name="desk_step_unique_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class SocialWorker(AreaCodeModel):
    """An all-round social worker (全科社工) of a community: a person of the portal, the account they
    sign in with (if any), the posts they hold and the matters they are skilled in. Any worker at
    the desk takes any matter (一门式); the skills tell residents and colleagues who knows what best."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="social_workers", verbose_name=_("community")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="desk_posts", verbose_name=_("person"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="desk_workers",
        verbose_name=_("portal account"),
    )  # fmt: skip
    posts = models.JSONField(_("posts"), default=list, blank=True)
    matters = models.ManyToManyField(Matter, blank=True, related_name="skilled_workers", verbose_name=_("skilled in"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("social worker")
        verbose_name_plural = _("social workers")
        ordering = ["area_code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"], condition=Q(is_active=True), name="desk_worker_once_per_community"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.community.name}"

    def derive_area_code(self) -> str:
        return self.community.code

    def post_labels(self) -> list[str]:
        labels = dict(WorkerPost.choices)
        return [str(labels.get(post, post)) for post in self.posts]


class Case(AreaCodeModel):
    """A resident's matter taken at a community's desk: accepted once every required material is
    checked, carried by one social worker through the matter's steps in order, due within the
    matter's time limit (the due day and the days taken are derived, never typed), handled in a grid
    where possible; one that proves to be a problem becomes a resident's problem of the grid."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="desk_cases", verbose_name=_("community")
    )
    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, null=True, blank=True, related_name="desk_cases", verbose_name=_("grid")
    )
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="cases", verbose_name=_("matter"))
    worker = models.ForeignKey(
        SocialWorker, on_delete=models.PROTECT, related_name="cases", verbose_name=_("social worker")
    )
    resident_name = models.CharField(_("resident's name"), max_length=50)
    resident_phone = models.CharField(_("resident's phone"), max_length=20, blank=True, validators=[phone_validator])
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    accepted_on = models.DateField(_("accepted on"))
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (calendar days)"))
    due_on = models.DateField(_("due on"))
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    days_taken = models.PositiveSmallIntegerField(_("days taken"), null=True, blank=True)
    escalated_on = models.DateField(_("turned into a problem on"), null=True, blank=True)
    problem = models.OneToOneField(
        ResidentProblem, on_delete=models.PROTECT, null=True, blank=True, related_name="desk_case",
        verbose_name=_("resident's problem"),
    )  # fmt: skip
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("accepted by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("desk case")
        verbose_name_plural = _("desk cases")
        ordering = ["-accepted_on", "-id"]
        indexes = [
            models.Index(fields=["area_code", "accepted_on"], name="desk_case_area_day"),
            models.Index(fields=["status", "due_on"], name="desk_case_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("accepted_on")), name="desk_case_due_after_accepted"
            ),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.FINISHED, finished_on__isnull=False, days_taken__isnull=False)
                | (~Q(status=CaseStatus.FINISHED) & Q(finished_on__isnull=True, days_taken__isnull=True)),
                name="desk_case_finished_iff_day",
            ),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.ESCALATED, escalated_on__isnull=False, problem__isnull=False)
                | (~Q(status=CaseStatus.ESCALATED) & Q(escalated_on__isnull=True, problem__isnull=True)),
                name="desk_case_escalated_iff_problem",
            ),
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True) | Q(finished_on__gte=models.F("accepted_on")),
                name="desk_case_finished_after_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter.name} · {self.accepted_on:%Y-%m-%d}"

    def derive_area_code(self) -> str:
        return self.grid.code if self.grid_id else self.community.code

    def is_overdue(self, today) -> bool:
        """Still in hand after its due day, or finished after it."""
        if self.status == CaseStatus.OPEN:
            return today > self.due_on
        if self.status == CaseStatus.FINISHED:
            return self.finished_on > self.due_on
        return False


class CaseMaterial(models.Model):
    """A material of the case's matter as it stood when the case was accepted, and whether the
    worker checked it (the catalogue may change later; the case keeps what was asked)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials", verbose_name=_("case"))
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("material"), max_length=200)
    required = models.BooleanField(_("required"), default=True)
    checked = models.BooleanField(_("checked"), default=False)

    class Meta:
        verbose_name = _("case material")
        verbose_name_plural = _("case materials")
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="desk_case_material_unique_position"),
            models.CheckConstraint(condition=Q(required=False) | Q(checked=True), name="desk_case_required_checked"),
        ]

    def __str__(self) -> str:
        return self.name


class CaseStep(models.Model):
    """A step of the case, copied from its matter when accepted: done one at a time, in order, each
    dated (一条龙)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps", verbose_name=_("case"))
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("step"), max_length=200)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["case", "position"]
        constraints = [models.UniqueConstraint(fields=["case", "position"], name="desk_case_step_unique_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
