"""Party-building alliances (党建联盟): member units, venues, activities, and the six-step loop
on residents' problems: survey, form, collect, consult (meetings and decisions), implement,
evaluate.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import PartyOrganization, validate_area_exists
from grids.problems.choices import Evaluation
from grids.problems.models import ResidentProblem
from jilin_grid.geo import LocatedModel, location_constraints
from jilin_grid.models import AreaCodeModel, OwnAreaCodeModel
from jilin_grid.validators import phone_validator

from .choices import ActivityKind, MemberUnitKind, ProblemStep


class Alliance(OwnAreaCodeModel):
    """A party-building alliance of an area (usually a community or a street), led by a party organization.

    Its first two steps live on the row: the survey (摸底: needs and resources of the area) and the
    forming (组建: the charter and the member units).
    """

    name = models.CharField(_("name"), max_length=150)
    lead_organization = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="led_alliances", verbose_name=_("lead organization")
    )
    survey_needs = models.TextField(_("needs found in the survey"), blank=True)
    survey_resources = models.TextField(_("resources found in the survey"), blank=True)
    surveyed_on = models.DateField(_("surveyed on"), null=True, blank=True)
    charter = models.TextField(_("charter"), blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("party-building alliance")
        verbose_name_plural = _("party-building alliances")
        ordering = ["area_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area_code", "name"], name="alliance_unique_name_in_area"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        validate_area_exists(self, errors)
        if self.lead_organization_id and self.area_code:
            lead = self.lead_organization.area_code
            if not (self.area_code.startswith(lead) or lead.startswith(self.area_code)):
                errors["lead_organization"] = _("The lead organization must belong to the alliance's area.")
        if errors:
            raise ValidationError(errors)


class MemberUnit(AreaCodeModel):
    """A member unit of an alliance: what it offers and what it commits to."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="members", verbose_name=_("alliance"))
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=30, choices=MemberUnitKind.choices)
    party_organization = models.ForeignKey(
        PartyOrganization, on_delete=models.SET_NULL, null=True, blank=True, related_name="alliance_memberships",
        verbose_name=_("party organization"),
    )  # fmt: skip
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True, validators=[phone_validator])
    offers_venue = models.BooleanField(_("offers a venue"), default=False)
    offers_funds = models.BooleanField(_("offers funds"), default=False)
    offers_skills = models.BooleanField(_("offers skills"), default=False)
    offers_volunteers = models.BooleanField(_("offers volunteers"), default=False)
    resources = models.TextField(_("what it offers"), blank=True)
    commitments = models.TextField(_("what it commits to"), blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        ordering = ["alliance", "name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="member_unit_unique_in_alliance"),
        ]

    def __str__(self) -> str:
        return self.name

    def derive_area_code(self) -> str:
        return self.alliance.area_code


class Venue(LocatedModel, AreaCodeModel):
    """A member unit's venue opened to residents."""

    member = models.ForeignKey(
        MemberUnit, on_delete=models.CASCADE, related_name="venues", verbose_name=_("member unit")
    )
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=200)
    opening_hours = models.CharField(_("opening hours"), max_length=100)
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    is_open = models.BooleanField(_("open to residents"), default=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["member", "name"]
        constraints = location_constraints("venue")

    def __str__(self) -> str:
        return self.name

    def derive_area_code(self) -> str:
        return self.member.alliance.area_code


class Activity(AreaCodeModel):
    """An alliance activity: when, where, who organized it, what kind, how many took part."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="activities", verbose_name=_("alliance")
    )
    title = models.CharField(pgettext_lazy("activity", "title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(pgettext_lazy("activity", "place"), max_length=200)
    organizers = models.ManyToManyField(MemberUnit, related_name="activities", blank=True, verbose_name=_("organizers"))
    participants = models.PositiveIntegerField(_("participants (person-times)"))

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} · {self.title}"

    def derive_area_code(self) -> str:
        return self.alliance.area_code


class AllianceProblem(AreaCodeModel):
    """A residents' problem taken on by an alliance (收集), linked to a grid's record or raised at the alliance.

    ``step`` is where it stands in the loop: collected, consulted (a meeting decided on it),
    implemented (every decision on it was carried out), evaluated (the residents' evaluation
    closed it).
    """

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="problems", verbose_name=_("alliance")
    )
    resident_problem = models.ForeignKey(
        ResidentProblem, on_delete=models.SET_NULL, null=True, blank=True, related_name="alliance_problems",
        verbose_name=_("resident's problem"),
    )  # fmt: skip
    title = models.CharField(pgettext_lazy("problem", "title"), max_length=150)
    description = models.TextField(_("description"))
    collected_on = models.DateField(_("collected on"))
    step = models.CharField(_("step"), max_length=20, choices=ProblemStep.choices, default=ProblemStep.COLLECTED)
    evaluation = models.CharField(_("evaluation"), max_length=30, choices=Evaluation.choices, blank=True)
    evaluation_comment = models.TextField(_("evaluation comment"), blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("alliance problem")
        verbose_name_plural = _("alliance problems")
        ordering = ["alliance", "-collected_on", "id"]
        indexes = [models.Index(fields=["area_code", "step"], name="allianceproblem_area_step")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(step=ProblemStep.EVALUATED) | ~Q(evaluation=""), name="alliance_problem_evaluated"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def derive_area_code(self) -> str:
        return self.alliance.area_code


class Meeting(AreaCodeModel):
    """A joint meeting (会商) of the alliance: who attended, the minutes, the problems discussed."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("alliance")
    )
    held_on = models.DateField(_("date"))
    attendees = models.ManyToManyField(
        MemberUnit, related_name="meetings", blank=True, verbose_name=_("attending units")
    )
    minutes = models.TextField(_("minutes"))
    problems = models.ManyToManyField(AllianceProblem, related_name="meetings", blank=True, verbose_name=_("problems"))

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.alliance.name} · {self.held_on}"

    def derive_area_code(self) -> str:
        return self.alliance.area_code


class Decision(AreaCodeModel):
    """A meeting's decision on a problem, assigned to a member unit with a deadline (落实)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting"))
    problem = models.ForeignKey(
        AllianceProblem, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("problem")
    )
    assigned_to = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("assigned unit")
    )
    action = models.TextField(_("what is to be done"))
    deadline = models.DateField(_("deadline"))
    report = models.TextField(_("what the unit did"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reported by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.action[:40]

    @staticmethod
    def overdue_q(on: date) -> Q:
        """Decisions overdue on the day ``on``: the deadline passed and nothing was reported."""
        return Q(reported_on__isnull=True, deadline__lt=on)

    @property
    def is_overdue(self) -> bool:
        """The deadline passed (before today) and nothing was reported: the rule of ``overdue_q``."""
        return self.reported_on is None and self.deadline < timezone.localdate()

    def derive_area_code(self) -> str:
        return self.meeting.alliance.area_code

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.meeting_id and self.problem_id and self.problem.alliance_id != self.meeting.alliance_id:
            errors["problem"] = _("The problem must be one of the meeting's alliance.")
        if self.meeting_id and self.assigned_to_id and self.assigned_to.alliance_id != self.meeting.alliance_id:
            errors["assigned_to"] = _("The unit must be a member of the meeting's alliance.")
        if errors:
            raise ValidationError(errors)
