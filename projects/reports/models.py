"""The dispatch reports (月调度通报, 季度通报): one row per kind, period and area, with its status and files."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jilin_grid.models import OwnAreaCodeModel

from .choices import ReportJobStatus, ReportKind

# What a report is downloaded as, by format.
REPORT_CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def report_path(instance, filename: str) -> str:
    return f"reports/{instance.kind}/{instance.period}/{instance.area_code}/{filename}"


class ReportJob(OwnAreaCodeModel):
    """The job producing a monthly dispatch report or quarterly circular of one area and period.

    The row is the report: its status (pending, running, done, failed), its message and its
    files. Unique per (kind, period, area): generating again replaces the files.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    period = models.CharField(_("period"), max_length=7, help_text=_("2020-06 for a month, 2020-Q2 for a quarter."))
    area_name = models.CharField(_("area"), max_length=100)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportJobStatus.choices, default=ReportJobStatus.PENDING
    )
    message = models.TextField(_("message"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    enqueued_at = models.DateTimeField(
        _("queued at"), null=True, blank=True, help_text=_("When its message was last handed to the broker.")
    )
    # The worker producing the report holds a lease: a token of its own, renewed by a heartbeat.
    # A lease not renewed for REPORT_LEASE_SECONDS lets the reaper hand the report to another
    # worker; only the holder of the token may finish it.
    lease_token = models.UUIDField(_("lease token"), null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    notified_at = models.DateTimeField(
        _("requester notified at"), null=True, blank=True, help_text=_("When whoever asked was told the outcome.")
    )
    html = models.TextField(_("HTML"), blank=True)
    xlsx = models.FileField(_("Excel workbook"), upload_to=report_path, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_path, blank=True)

    class Meta:
        # The table kept its name from when the class was called Report.
        db_table = "projects_report"
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period", "kind", "area_code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period", "area_code"], name="report_unique_kind_period_area"),
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="report_status_heartbeat")]

    def __str__(self) -> str:
        return f"{self.area_name} · {self.get_kind_display()} · {self.period}"

    def download_filename(self, fmt: str) -> str:
        """The name a downloaded file of the report takes: its area, kind and period."""
        name = f"{self.area_name}-{self.get_kind_display()}-{self.period}"
        safe = "".join(char for char in name if char not in '\\/:*?"<>|')
        return f"{safe}.{fmt}"

    @property
    def in_progress(self) -> bool:
        return self.status in ReportJobStatus.in_progress()

    @property
    def max_attempts(self) -> int:
        return settings.REPORT_MAX_ATTEMPTS

    def clean(self) -> None:
        super().clean()
        from projects.reports.periods import parse_period

        try:
            parse_period(self.kind, self.period)
        except ValueError as error:
            raise ValidationError({"period": str(error)}) from error
