"""In-service party members (在职党员) and their volunteering: service kinds, the members, their reports to
the community they live in (双报到), service posts, claims (认领) and service records."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliances.loop.models import Activity
from communities.models import Community, PartyOrganization, Person
from jilin_grid.jobs import JobSettings, LeasedJob
from jilin_grid.models import AreaCodeModel, OwnAreaCodeModel, area_code_field

from .choices import OPEN_REPORT_STATUSES, MemberReportStatus

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


class InServiceMember(OwnAreaCodeModel):
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
    area_code = area_code_field(help_text=_("The community the member last reported to."))

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
    status = models.CharField(
        _("status"), max_length=20, choices=MemberReportStatus.choices, default=MemberReportStatus.REPORTED
    )
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
                condition=~Q(status=MemberReportStatus.CONFIRMED) | Q(confirmed_on__isnull=False),
                name="member_report_confirmed_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status=MemberReportStatus.ENDED) | Q(ended_on__isnull=False),
                name="member_report_ended_dated",
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
            # The communities a unit's members served in, read for the units a report shows from
            # the index alone (``selectors.UnitReport.rows``).
            models.Index(fields=["member", "verified_at", "area_code"], name="service_member_verified"),
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


# Imports run by the worker ------------------------------------------------------------------------


class MemberImportJob(LeasedJob, OwnAreaCodeModel):
    """A large import of in-service members from an Excel workbook, run by the Celery worker.

    The rows read from the upload are kept on the row for the worker; ``rows_done`` of
    ``rows_total`` tell how far it is; ``result`` holds, once done, the counts or every bad row
    (nothing is written unless every row is good). ``area_code`` is the area of whoever asked,
    so the job is seen by those who see that area. The worker running it holds a lease
    (``LeasedJob``) under the MEMBER_IMPORT_* settings.
    """

    job_settings = JobSettings("MEMBER_IMPORT", stale_setting="REPORT_QUEUE_STALE_SECONDS")

    file_name = models.CharField(_("file"), max_length=255, blank=True)
    rows = models.JSONField(_("rows"), default=list, blank=True, help_text=_("The rows read from the workbook."))
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True, help_text=_("Of the result's messages."))

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="memberimport_status_heartbeat")]
        constraints = [
            models.CheckConstraint(condition=Q(rows_done__lte=F("rows_total")), name="memberimport_done_le_total"),
        ]

    def __str__(self) -> str:
        return self.file_name or str(_("member import"))

    @property
    def percent(self) -> int:
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def row_errors(self) -> list[dict]:
        return list(self.result.get("row_errors", []))
