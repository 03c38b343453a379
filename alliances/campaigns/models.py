"""All-round grids in an emergency (全能网格): a campaign opened by the city, a district or a street
(疫情防控, 防汛, ...) makes every grid of its area a team. The grid workers visit every household of
their grid with the campaign's checklist and keep duty in turns at the team's posts; the alliances'
member units take support tasks and gather supplies; party members donate."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliances.loop.models import MemberUnit
from alliances.volunteering.models import InServiceMember
from communities.models import PartyOrganization, Person
from grids.network.models import Grid, Unit
from jilin_grid.models import AreaCodeModel, OwnAreaCodeModel, area_code_field

from .choices import QuestionKind, SupplyKind, SupportKind, TaskState, TeamRole


class CampaignKind(models.Model):
    """A kind of campaign (疫情防控, 防汛, 综合治理, 安全检查): data, edited by the city in the admin."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("campaign kind")
        verbose_name_plural = _("campaign kinds")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Campaign(OwnAreaCodeModel):
    """A campaign of the all-round grids in an area (a city, a district or a street) and a period:
    every grid of the area becomes a team."""

    area_code = area_code_field(help_text=_("The city, district or street the campaign covers."))
    kind = models.ForeignKey(CampaignKind, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("kind"))
    title = models.CharField(_("title"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_closed = models.BooleanField(_("closed"), default=False)
    donations_published = models.BooleanField(_("donations published"), default=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.starts_on:%Y-%m-%d}"


class ChecklistQuestion(models.Model):
    """A question of a campaign's household-visit checklist: answered yes or no, or with one of its
    answer choices."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="questions", verbose_name=_("campaign")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("answered"), max_length=10, choices=QuestionKind.choices)
    choices = models.JSONField(_("answer choices"), default=list, blank=True)

    class Meta:
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")
        ordering = ["campaign", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "text"], name="checklist_question_unique_text")]

    def __str__(self) -> str:
        return self.text


class CampaignPart(AreaCodeModel):
    """A row of a campaign placed in a grid of its area."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, verbose_name=_("campaign"))
    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, verbose_name=_("grid"))

    class Meta:
        abstract = True

    def derive_area_code(self) -> str:
        return self.grid.code


class DutyPost(CampaignPart):
    """A duty post of a grid's team (a checkpoint at a compound's gate, the community's door)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="posts", verbose_name=_("campaign"))
    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="campaign_posts", verbose_name=_("grid"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("duty post")
        verbose_name_plural = _("duty posts")
        ordering = ["area_code", "name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "grid", "name"], name="duty_post_unique_name")]

    def __str__(self) -> str:
        return f"{self.grid.name} · {self.name}"


class TeamMember(CampaignPart):
    """A person of a grid's team in a campaign: its workers and chiefs, and the sunk cadres and
    reported in-service members who join."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="team", verbose_name=_("campaign"))
    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="campaign_teams", verbose_name=_("grid"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="campaign_teams", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["area_code", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "grid", "person"], name="team_member_once_per_grid"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.get_role_display()}"


class HouseholdVisit(AreaCodeModel):
    """A grid worker's visit to a household (a unit and a door number) on a day, with the checklist's
    answers. One a household and day; ``key`` is made by the phone, so a visit sent again after the
    signal came back is kept once."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="visits", verbose_name=_("campaign"))
    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="campaign_visits", verbose_name=_("grid"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="campaign_visits", verbose_name=_("unit"))
    door = models.PositiveSmallIntegerField(_("household number"))
    visited_on = models.DateField(_("visited on"))
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="campaign_visits",
        verbose_name=_("visited by"),
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=200, blank=True)
    key = models.UUIDField(_("idempotency key"), unique=True)

    class Meta:
        verbose_name = _("household visit")
        verbose_name_plural = _("household visits")
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "door", "visited_on"], name="visit_once_per_household_and_day"
            ),
            models.CheckConstraint(condition=Q(door__gte=1), name="visit_door_positive"),
        ]
        indexes = [models.Index(fields=["campaign", "area_code"], name="visit_by_campaign_area")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.door} · {self.visited_on:%Y-%m-%d}"

    def derive_area_code(self) -> str:
        return self.unit.area_code


class VisitAnswer(AreaCodeModel):
    """A household's answer to one question of the checklist."""

    visit = models.ForeignKey(HouseholdVisit, on_delete=models.CASCADE, related_name="answers", verbose_name=_("visit"))
    question = models.ForeignKey(
        ChecklistQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    answer = models.CharField(_("answer"), max_length=50)

    class Meta:
        verbose_name = _("visit answer")
        verbose_name_plural = _("visit answers")
        ordering = ["visit", "question__position"]
        constraints = [models.UniqueConstraint(fields=["visit", "question"], name="visit_answer_once")]

    def __str__(self) -> str:
        return f"{self.question.text}: {self.answer}"

    def derive_area_code(self) -> str:
        return self.visit.area_code


class CampaignShift(AreaCodeModel):
    """A turn of duty of a team member at one of the team's posts, from a time to a time."""

    post = models.ForeignKey(DutyPost, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("duty post"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="campaign_shifts", verbose_name=_("person")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("campaign duty shift")
        verbose_name_plural = _("campaign duty shifts")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="campaign_shift_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.post.name} · {self.person.name} · {self.starts_at:%Y-%m-%d %H:%M}"

    def derive_area_code(self) -> str:
        return self.post.area_code


class SupportTask(AreaCodeModel):
    """A support task of a campaign (disinfection, supplies, transport, hotline) assigned to a member
    unit of an alliance of the area, with its deadline and outcome."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="support_tasks", verbose_name=_("campaign")
    )
    member_unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="campaign_tasks", verbose_name=_("member unit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    title = models.CharField(_("task"), max_length=150)
    due_on = models.DateField(_("deadline"))
    state = models.CharField(_("state"), max_length=10, choices=TaskState.choices, default=TaskState.ASSIGNED)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("support task")
        verbose_name_plural = _("support tasks")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=TaskState.ASSIGNED) | ~Q(outcome=""), name="support_task_outcome_when_finished"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_unit.name} · {self.title}"

    def derive_area_code(self) -> str:
        return self.member_unit.area_code


class SupplyGift(AreaCodeModel):
    """Supplies gathered for a campaign from a member unit: their kind and quantity."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="supplies", verbose_name=_("campaign")
    )
    member_unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="campaign_supplies", verbose_name=_("member unit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SupplyKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    received_on = models.DateField(_("received on"))

    class Meta:
        verbose_name = _("supplies gathered")
        verbose_name_plural = _("supplies gathered")
        ordering = ["-received_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="supply_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.member_unit.name} · {self.get_kind_display()} × {self.quantity}"

    def derive_area_code(self) -> str:
        return self.member_unit.area_code


class Donation(AreaCodeModel):
    """A party member's donation to a campaign: who gave, their party organization and work unit,
    the amount, the day and the receipt's number (once per campaign)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="donations", verbose_name=_("campaign")
    )
    donor_name = models.CharField(_("donor"), max_length=50)
    member = models.ForeignKey(
        InServiceMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="campaign_donations",
        verbose_name=_("in-service party member"),
    )  # fmt: skip
    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="campaign_donations",
        verbose_name=_("party organization"),
    )  # fmt: skip
    unit_name = models.CharField(_("work unit"), max_length=150)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    donated_on = models.DateField(_("donated on"))
    receipt_number = models.CharField(_("receipt number"), max_length=30)

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-donated_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "receipt_number"], name="donation_receipt_once_per_campaign"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="donation_amount_positive"),
        ]
        indexes = [models.Index(fields=["campaign", "area_code"], name="donation_by_campaign_area")]

    def __str__(self) -> str:
        return f"{self.donor_name} · {self.amount} · {self.receipt_number}"

    def derive_area_code(self) -> str:
        return self.organization.area_code


class DailySummary(OwnAreaCodeModel):
    """A campaign's daily summary for the organization department of its area, as produced by the
    worker each evening: the page (HTML) and the workbook. Produced again the same day, it replaces
    that day's."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="daily_summaries", verbose_name=_("campaign")
    )
    day = models.DateField(_("day"))
    html = models.TextField(_("page"))
    workbook = models.BinaryField(_("workbook"))
    produced_at = models.DateTimeField(_("produced at"), auto_now=True)

    class Meta:
        verbose_name = _("daily summary")
        verbose_name_plural = _("daily summaries")
        ordering = ["-day", "area_code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "area_code", "day"], name="daily_summary_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.title} · {self.day:%Y-%m-%d}"
