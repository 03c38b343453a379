"""Red-heart property (红心物业): the property companies serving a community's residential compounds,
the owners' committees (业委会) of the compounds, how each compound is managed over time (a property
company, embedded red-heart management, three-party or three-society linkage, or abandoned and
self-governed through a consultation council), the cross-appointments (交叉任职) between the
community's party organization and the companies, the residents' deliberation meetings (居民议事会)
of the three parties with their resolutions, and the property fees collected per compound and month.

The joint activities of the community's units are the activities of its party-building alliance
(``alliances.loop``)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community, PartyOrganization
from grids.network.models import ResidentialCompound
from grids.problems.models import ResidentProblem
from jilin_grid.models import AreaCodeModel

from .choices import COMPANY_MODES, AppointmentDirection, ManagementMode, Party, ResolutionStatus


def collection_rate(billed: int, paid: int) -> float | None:
    """The share of billed households that paid, in percent with one decimal (None with nothing billed)."""
    if not billed:
        return None
    return round(paid * 100 / billed, 1)


class PropertyCompany(AreaCodeModel):
    """A property company (物业公司) serving compounds of a community, with its party organization
    when it has one."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="property_companies", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=150)
    party_organization = models.ForeignKey(
        PartyOrganization, on_delete=models.SET_NULL, null=True, blank=True, related_name="property_companies",
        verbose_name=_("party organization"),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("property company")
        verbose_name_plural = _("property companies")
        ordering = ["area_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="property_company_unique_in_community")
        ]

    def __str__(self) -> str:
        return self.name

    def derive_area_code(self) -> str:
        return self.community.code


class CompoundPart(AreaCodeModel):
    """A row that belongs to a residential compound and lies in its community."""

    class Meta:
        abstract = True

    def derive_area_code(self) -> str:
        return self.compound.area_code


class OwnersCommittee(CompoundPart):
    """An owners' committee (业委会) of a compound for one term."""

    compound = models.ForeignKey(
        ResidentialCompound, on_delete=models.CASCADE, related_name="owners_committees", verbose_name=_("compound")
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))

    class Meta:
        verbose_name = _("owners' committee")
        verbose_name_plural = _("owners' committees")
        ordering = ["area_code", "compound", "-term_start"]
        constraints = [
            models.CheckConstraint(condition=Q(term_end__gt=F("term_start")), name="owners_committee_term_order")
        ]

    def __str__(self) -> str:
        return f"{self.compound.name} · {self.term_start:%Y}-{self.term_end:%Y}"


class OwnersCommitteeMember(models.Model):
    """A member of an owners' committee and their post (主任, 委员, ...)."""

    committee = models.ForeignKey(
        OwnersCommittee, on_delete=models.CASCADE, related_name="members", verbose_name=_("owners' committee")
    )
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("owners' committee member")
        verbose_name_plural = _("owners' committee members")
        ordering = ["committee", "id"]

    def __str__(self) -> str:
        return f"{self.name} · {self.post}" if self.post else self.name


class CompoundMode(CompoundPart):
    """How a compound is managed from a day on: the history of its modes, one row per change. A
    company serves it in the company modes; an abandoned compound (弃管小区) governs itself through a
    consultation council (协商理事会) with its members."""

    compound = models.ForeignKey(
        ResidentialCompound, on_delete=models.CASCADE, related_name="management_modes", verbose_name=_("compound")
    )
    mode = models.CharField(_("management mode"), max_length=20, choices=ManagementMode.choices)
    since = models.DateField(_("since"))
    company = models.ForeignKey(
        PropertyCompany, on_delete=models.PROTECT, null=True, blank=True, related_name="compound_modes",
        verbose_name=_("property company"),
    )  # fmt: skip
    council_name = models.CharField(_("consultation council"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("management mode")
        verbose_name_plural = _("management modes")
        ordering = ["area_code", "compound", "-since"]
        # The changes of mode of the current month (the figures read them from the rows).
        indexes = [models.Index(fields=["since"], name="compound_mode_by_day")]
        constraints = [
            models.UniqueConstraint(fields=["compound", "since"], name="compound_mode_one_change_a_day"),
            models.CheckConstraint(
                condition=Q(mode=ManagementMode.ABANDONED, company__isnull=True)
                | (~Q(mode=ManagementMode.ABANDONED) & Q(council_name="")),
                name="compound_mode_council_iff_abandoned",
            ),
            models.CheckConstraint(
                condition=~Q(mode__in=COMPANY_MODES) | Q(company__isnull=False),
                name="compound_mode_company_in_company_modes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.compound.name} · {self.get_mode_display()} · {self.since:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.mode == ManagementMode.ABANDONED:
            if not self.council_name:
                errors["council_name"] = _(
                    "An abandoned compound governs itself through a consultation council: name it."
                )
            if self.company_id is not None:
                errors["company"] = _("An abandoned compound has no property company.")
        elif self.council_name:
            errors["council_name"] = _("Only an abandoned compound has a consultation council.")
        if self.mode in COMPANY_MODES and self.company_id is None:
            errors["company"] = _("Choose the property company serving the compound in this mode.")
        if errors:
            raise ValidationError(errors)


class CouncilMember(models.Model):
    """A member of an abandoned compound's consultation council (协商理事会)."""

    compound_mode = models.ForeignKey(
        CompoundMode, on_delete=models.CASCADE, related_name="council_members", verbose_name=_("management mode")
    )
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["compound_mode", "id"]

    def __str__(self) -> str:
        return f"{self.name} · {self.post}" if self.post else self.name


class CrossAppointment(AreaCodeModel):
    """A cross-appointment (交叉任职): a member of the community's party organization serving in a
    property company, or a member of the company serving in the community's party organization."""

    company = models.ForeignKey(
        PropertyCompany, on_delete=models.CASCADE, related_name="cross_appointments", verbose_name=_("property company")
    )
    person_name = models.CharField(_("name"), max_length=50)
    direction = models.CharField(_("direction"), max_length=30, choices=AppointmentDirection.choices)
    post = models.CharField(_("post held"), max_length=100)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("cross-appointment")
        verbose_name_plural = _("cross-appointments")
        ordering = ["area_code", "company", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
                name="cross_appointment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_name} · {self.company.name} · {self.post}"

    def derive_area_code(self) -> str:
        return self.company.area_code


class DeliberationMeeting(AreaCodeModel):
    """A residents' deliberation meeting (居民议事会) of the three parties in a community: who came
    from each party, the topics, the residents' problems it took up, and its resolutions."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="deliberation_meetings", verbose_name=_("community")
    )
    compound = models.ForeignKey(
        ResidentialCompound, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliberation_meetings",
        verbose_name=_("compound"),
    )  # fmt: skip
    held_on = models.DateField(_("held on"))
    topics = models.TextField(_("topics"))
    residents_committee_attendees = models.PositiveSmallIntegerField(_("attendees of the residents' committee"))
    property_company_attendees = models.PositiveSmallIntegerField(_("attendees of the property company"))
    owners_committee_attendees = models.PositiveSmallIntegerField(_("attendees of the owners' committee"))
    problems = models.ManyToManyField(
        ResidentProblem, blank=True, related_name="deliberation_meetings", verbose_name=_("residents' problems")
    )

    class Meta:
        verbose_name = _("residents' deliberation meeting")
        verbose_name_plural = _("residents' deliberation meetings")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["area_code", "held_on"], name="deliberation_meeting_by_day")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} · {self.community.name}"

    @property
    def attendees(self) -> int:
        return self.residents_committee_attendees + self.property_company_attendees + self.owners_committee_attendees

    def derive_area_code(self) -> str:
        return self.community.code


class Resolution(AreaCodeModel):
    """A resolution of a deliberation meeting, assigned to one of the three parties with a deadline,
    and its outcome when it was carried out."""

    meeting = models.ForeignKey(
        DeliberationMeeting, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("meeting")
    )
    text = models.CharField(_("resolution"), max_length=300)
    party = models.CharField(_("assigned to"), max_length=30, choices=Party.choices)
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("carried out on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["meeting", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True, outcome="") | (Q(done_on__isnull=False) & ~Q(outcome="")),
                name="resolution_outcome_with_its_day",
            )
        ]
        # The resolutions not done that fell due earlier this month (the figures' one read of rows).
        indexes = [models.Index(fields=["done_on", "deadline"], name="resolution_open_by_deadline")]

    def __str__(self) -> str:
        return self.text

    def derive_area_code(self) -> str:
        return self.meeting.area_code

    def status_on(self, today: date) -> str:
        """Done (on time or late) from the outcome's day, else open or overdue from the deadline."""
        if self.done_on is not None:
            return ResolutionStatus.DONE if self.done_on <= self.deadline else ResolutionStatus.DONE_LATE
        return ResolutionStatus.OVERDUE if today > self.deadline else ResolutionStatus.OPEN

    @property
    def status(self) -> str:
        return self.status_on(date.today())

    def get_status_display(self) -> str:
        return ResolutionStatus(self.status).label


class FeeCollection(CompoundPart):
    """The property fees of a compound for one month: households billed and households that paid.
    The collection rate is derived from them, never typed."""

    compound = models.ForeignKey(
        ResidentialCompound, on_delete=models.CASCADE, related_name="fee_collections", verbose_name=_("compound")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    households_billed = models.PositiveIntegerField(_("households billed"))
    households_paid = models.PositiveIntegerField(_("households paid"))

    class Meta:
        verbose_name = _("fee collection")
        verbose_name_plural = _("fee collections")
        ordering = ["area_code", "compound", "month"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "month"], name="fee_collection_one_per_month"),
            models.CheckConstraint(
                condition=Q(households_paid__lte=F("households_billed")), name="fee_collection_paid_within_billed"
            ),
            models.CheckConstraint(condition=Q(households_billed__gt=0), name="fee_collection_billed_someone"),
        ]
        indexes = [models.Index(fields=["area_code", "month"], name="fee_collection_by_month")]

    def __str__(self) -> str:
        return f"{self.compound.name} · {self.month:%Y-%m}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.month and self.month.day != 1:
            errors["month"] = _("A month is given by its first day.")
        if (
            self.households_billed is not None
            and self.households_paid is not None
            and self.households_paid > self.households_billed
        ):
            errors["households_paid"] = _("More households paid than were billed.")
        if errors:
            raise ValidationError(errors)

    @property
    def rate(self) -> float | None:
        return collection_rate(self.households_billed, self.households_paid)
