"""Party-building alliances (党建联盟): member units, venues, activities, and the six-step loop
on residents' problems: survey, form, collect, consult (meetings and decisions), implement,
evaluate.

And the services units and their members give the communities (共驻共建): in-service party members
reporting to the community they live in (双报到), the service posts they claim (认领服务岗位), their
volunteer service, and cadres sunk from departments to communities and checkpoints (机关党员干部下沉).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Community, PartyOrganization, Person, phone_validator, validate_area_exists
from grids.problems.choices import Evaluation
from grids.problems.models import ResidentProblem
from jilin_grid.models import AreaCodeModel, ScopedModel, area_code_validator

from .choices import OPEN_REPORT_STATUSES, ActivityKind, MemberUnitKind, ProblemStep, ReportStatus


class Alliance(ScopedModel):
    """A party-building alliance of an area (usually a community or a street), led by a party organization.

    Its first two steps live on the row: the survey (摸底: needs and resources of the area) and the
    forming (组建: the charter and the member units).
    """

    name = models.CharField(_("name"), max_length=150)
    area_code = models.CharField(_("area code"), max_length=15, db_index=True, validators=[area_code_validator])
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


class Venue(AreaCodeModel):
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


# In-service party members and volunteer service ---------------------------------------------------


class ServiceKind(models.Model):
    """A kind of service (policy publicity, legal aid, elderly care, epidemic duty, ...).

    The list is data: administrators add, rename and order kinds in the admin.
    """

    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service kind")
        verbose_name_plural = _("service kinds")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class InServiceMember(ScopedModel):
    """An in-service party member (在职党员): works in an agency or enterprise, belongs to its party
    organization, and lives in a community.

    ``area_code`` is the community of their latest report; the member's employer organization sees
    their service wherever it was given (the report by unit).
    """

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="in_service_member", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="in_service_members",
        verbose_name=_("party organization"), help_text=_("The party organization of the member's work unit."),
    )  # fmt: skip
    unit_name = models.CharField(_("work unit"), max_length=150)
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    area_code = models.CharField(
        _("area code"), max_length=15, db_index=True, validators=[area_code_validator],
        help_text=_("The community the member last reported to."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("in-service party member")
        verbose_name_plural = _("in-service party members")
        ordering = ["area_code", "person__name", "id"]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.unit_name}"


class MemberReport(AreaCodeModel):
    """A member's report to the community they live in (双报到), confirmed by the community.

    A member holds at most one open report (awaiting confirmation or confirmed); one who moves
    ends it and reports again, and the ended report stays in their history.
    """

    member = models.ForeignKey(
        InServiceMember, on_delete=models.CASCADE, related_name="reports", verbose_name=_("member")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="member_reports", verbose_name=_("community")
    )
    reported_on = models.DateField(_("reported on"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.REPORTED)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("confirmed by"),
    )  # fmt: skip
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("member report")
        verbose_name_plural = _("member reports")
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["area_code", "status"], name="memberreport_area_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(status__in=OPEN_REPORT_STATUSES), name="member_one_open_report"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.CONFIRMED) | Q(confirmed_on__isnull=False),
                name="member_report_confirmed_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.ENDED) | Q(ended_on__isnull=False), name="member_report_ended_dated"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.person.name} → {self.community.name}"

    def derive_area_code(self) -> str:
        return self.community.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REPORT_STATUSES


class ServicePost(AreaCodeModel):
    """A service post (服务岗位) a community publishes for reported members to claim.

    ``claimed`` counts the places taken; the database keeps it between 0 and ``places``.
    """

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="service_posts", verbose_name=_("community")
    )
    kind = models.ForeignKey(ServiceKind, on_delete=models.PROTECT, related_name="posts", verbose_name=_("kind"))
    title = models.CharField(pgettext_lazy("service post", "title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(pgettext_lazy("service post", "place"), max_length=200)
    schedule = models.CharField(_("schedule"), max_length=200)
    places = models.PositiveIntegerField(_("places"))
    claimed = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    published_on = models.DateField(_("published on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("service post")
        verbose_name_plural = _("service posts")
        ordering = ["area_code", "-published_on", "id"]
        indexes = [models.Index(fields=["area_code", "published_on"], name="servicepost_area_published")]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="service_post_has_places"),
            models.CheckConstraint(
                condition=Q(claimed__lte=models.F("places")), name="service_post_claims_within_places"
            ),
            models.UniqueConstraint(fields=["community", "title"], name="service_post_unique_title_in_community"),
        ]

    def __str__(self) -> str:
        return self.title

    def derive_area_code(self) -> str:
        return self.community.code

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def places_left(self) -> int:
        return max(self.places - self.claimed, 0)


class PostClaim(AreaCodeModel):
    """A reported member's claim (认领) of one place of a service post; withdrawing frees the place."""

    post = models.ForeignKey(ServicePost, on_delete=models.CASCADE, related_name="claims", verbose_name=_("post"))
    member = models.ForeignKey(
        InServiceMember, on_delete=models.CASCADE, related_name="claims", verbose_name=_("member")
    )
    report = models.ForeignKey(MemberReport, on_delete=models.PROTECT, related_name="claims", verbose_name=_("report"))
    claimed_on = models.DateField(_("claimed on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("post claim")
        verbose_name_plural = _("post claims")
        ordering = ["-claimed_on", "-id"]
        indexes = [models.Index(fields=["area_code", "claimed_on"], name="postclaim_area_claimed")]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member"], condition=Q(withdrawn_on__isnull=True), name="post_claim_once_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.person.name} · {self.post.title}"

    def derive_area_code(self) -> str:
        return self.post.community.code

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class ServiceRecord(AreaCodeModel):
    """Service a member gave on a post or at an alliance activity: the date, hours and person-times.

    It counts in the statistics only once community staff have verified it. Its area is the
    community the member reported to.
    """

    member = models.ForeignKey(
        InServiceMember, on_delete=models.PROTECT, related_name="service_records", verbose_name=_("member")
    )
    report = models.ForeignKey(
        MemberReport, on_delete=models.PROTECT, related_name="service_records", verbose_name=_("report")
    )
    kind = models.ForeignKey(
        ServiceKind, on_delete=models.PROTECT, related_name="service_records", verbose_name=_("kind")
    )
    post = models.ForeignKey(
        ServicePost, on_delete=models.PROTECT, null=True, blank=True, related_name="service_records",
        verbose_name=_("post"),
    )  # fmt: skip
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="service_records",
        verbose_name=_("activity"),
    )  # fmt: skip
    served_on = models.DateField(_("served on"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    person_times = models.PositiveSmallIntegerField(_("person-times"), default=1)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("verified by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-served_on", "-id"]
        indexes = [
            models.Index(
                fields=["area_code", "served_on"], condition=Q(verified_at__isnull=False), name="service_verified_area"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, activity__isnull=True) | Q(post__isnull=True, activity__isnull=False),
                name="service_on_post_or_activity",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="service_hours_in_a_day"),
            models.CheckConstraint(condition=Q(person_times__gte=1), name="service_person_times_positive"),
            models.UniqueConstraint(
                fields=["activity", "member"], condition=Q(activity__isnull=False), name="service_once_per_activity"
            ),
            models.UniqueConstraint(
                fields=["post", "member", "served_on"],
                condition=Q(post__isnull=False),
                name="service_once_a_day_on_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.served_on} · {self.member.person.name} · {self.hours}h"

    def derive_area_code(self) -> str:
        return self.report.community.code

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


# Cadres sunk to communities (机关党员干部下沉) ----------------------------------------------------------


class Department(ScopedModel):
    """A department (机关部门) of the city or a district that sends cadres to communities."""

    name = models.CharField(_("name"), max_length=150)
    area_code = models.CharField(
        _("area code"), max_length=15, db_index=True, validators=[area_code_validator],
        help_text=_("The city or district the department belongs to."),
    )  # fmt: skip
    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.SET_NULL, null=True, blank=True, related_name="departments",
        verbose_name=_("party organization"),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["area_code", "name"]
        constraints = [models.UniqueConstraint(fields=["area_code", "name"], name="department_unique_name_in_area")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        if self.area_code and len(self.area_code) not in (4, 6):
            errors["area_code"] = _("A department belongs to the city or to a district or county.")
        validate_area_exists(self, errors)
        if errors:
            raise ValidationError(errors)


class Checkpoint(AreaCodeModel):
    """A checkpoint (卡点) of a community where sunk cadres take duty shifts."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="checkpoints", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["area_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="checkpoint_unique_name_in_community")
        ]

    def __str__(self) -> str:
        return f"{self.community.name} · {self.name}"

    def derive_area_code(self) -> str:
        return self.community.code


class CadreAssignment(AreaCodeModel):
    """A cadre sent by a department to a community, or one of its checkpoints, for a period, with
    the post and duty fixed for them (设岗定责)."""

    cadre = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="cadre_assignments", verbose_name=_("cadre")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("department")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="cadre_assignments", verbose_name=_("community")
    )
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments",
        verbose_name=_("checkpoint"),
    )  # fmt: skip
    duty = models.CharField(_("post and duty"), max_length=200)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("cadre assignment")
        verbose_name_plural = _("cadre assignments")
        ordering = ["area_code", "-start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")), name="assignment_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name} · {self.department.name} → {self.community.name}"

    def derive_area_code(self) -> str:
        return self.community.code

    def clean(self) -> None:
        super().clean()
        if self.checkpoint_id and self.community_id and self.checkpoint.community_id != self.community_id:
            raise ValidationError({"checkpoint": _("The checkpoint must belong to the community.")})
        if self.department_id and self.community_id and not self.community.code.startswith(self.department.area_code):
            raise ValidationError({"department": _("The department serves only communities of its city or district.")})
        if self.end_on and self.start_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": _("The end must not come before the start.")})


class DutyShift(AreaCodeModel):
    """A duty shift of a sunk cadre (24-hour duty is covered by shifts)."""

    assignment = models.ForeignKey(
        CadreAssignment, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("assignment")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="duty_shift_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment.cadre.name} · {self.starts_at:%Y-%m-%d %H:%M}"

    def derive_area_code(self) -> str:
        return self.assignment.area_code
