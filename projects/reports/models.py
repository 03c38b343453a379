"""The dispatch reports (月调度通报, 季度通报): one row per kind, period and area, with its status and files."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jilin_grid.jobs import JobSettings, LeasedJob
from jilin_grid.models import OwnAreaCodeModel

from .choices import ReportKind

# What a report is downloaded as, by format.
REPORT_CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def report_path(instance, filename: str) -> str:
    return f"reports/{instance.kind}/{instance.period}/{instance.area_code}/{filename}"


class ReportJob(LeasedJob, OwnAreaCodeModel):
    """The job producing a monthly dispatch report or quarterly circular of one area and period.

    The row is the report: its status (pending, running, done, failed), its message and its
    files. Unique per (kind, period, area): generating again replaces the files. The worker
    producing it holds a lease (``LeasedJob``) under the REPORT_* settings.
    """

    job_settings = JobSettings("REPORT")

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    period = models.CharField(_("period"), max_length=7, help_text=_("2020-06 for a month, 2020-Q2 for a quarter."))
    area_name = models.CharField(_("area"), max_length=100)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    enqueued_at = models.DateTimeField(
        _("queued at"), null=True, blank=True, help_text=_("When its message was last handed to the broker.")
    )
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

    def clean(self) -> None:
        super().clean()
        from projects.reports.periods import parse_period

        try:
            parse_period(self.kind, self.period)
        except ValueError as error:
            raise ValidationError({"period": str(error)}) from error
