"""Writes of the dispatch reports: requesting one (enqueued after commit) and producing it.

Every function is keyword-only and atomic; a report is unique per kind, period and area, so
requesting it again replaces it rather than adding a second.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jilin_grid.services import save_validated

from .choices import ReportJobStatus
from .models import ReportJob
from .periods import parse_period

# ---------------------------------------------------------------------------------------------
# Reports: the monthly dispatch report and the quarterly circular, produced by the worker.
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def report_request(*, kind: str, period: str, area_code: str, actor=None, enqueue: bool = True) -> ReportJob:
    """Create or reset the report of (kind, period, area) and queue its generation after commit.

    The row is unique per (kind, period, area): asking again sets it back to pending (keeping
    its attempts and its previous files until the new ones replace them). ``enqueue=False``
    leaves the generation to the caller (``generate_report --sync``).
    """
    from jilin_grid.areas import area_get

    from .tasks import generate_report

    try:
        parsed = parse_period(kind, period)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from error
    area = area_get(area_code or "")
    if area is None:
        raise ValidationError({"area_code": _("No area with code %(code)s.") % {"code": area_code}})
    report = ReportJob.objects.select_for_update().filter(kind=kind, period=parsed.label, area_code=area.code).first()
    report = save_validated(
        report or ReportJob(kind=kind, period=parsed.label, area_code=area.code),
        {
            "area_name": area.name,
            "status": ReportJobStatus.PENDING,
            "message": "",
            "requested_by": actor,
            "requested_at": timezone.now(),
            "started_at": None,
            "finished_at": None,
        },
    )
    if enqueue:
        report_id = report.pk
        transaction.on_commit(lambda: generate_report.delay(report_id))
    return report


def _report_filename(report: ReportJob, suffix: str) -> str:
    return f"{report.area_code}-{report.period}-{report.kind}.{suffix}"


def report_generate(*, report_id: int) -> ReportJob:
    """Produce a report's HTML, Excel workbook and PDF, and mark the row done.

    Marks the row running (one more attempt) first, in its own transaction, so a worker killed
    in the middle leaves it running until the redelivered task runs it again. A report already
    done is left alone, so a redelivered message completes it once. On an exception the row is
    marked failed with the reason, and the exception goes on (the task decides about retrying).
    """
    from projects.reports.documents import render_html, render_pdf, render_xlsx, report_contents

    with transaction.atomic():
        report = ReportJob.objects.select_for_update().get(pk=report_id)
        if report.status == ReportJobStatus.DONE:
            return report
        report.status = ReportJobStatus.RUNNING
        report.attempts += 1
        report.started_at = timezone.now()
        report.finished_at = None
        report.message = ""
        report.save(update_fields=["status", "attempts", "started_at", "finished_at", "message", "updated_at"])
    try:
        with translation.override(settings.LANGUAGE_CODE):
            contents = report_contents(kind=report.kind, period=report.period, area_code=report.area_code)
            html = render_html(contents)
            xlsx = render_xlsx(contents)
            pdf = render_pdf(contents)
        with transaction.atomic():
            report = ReportJob.objects.select_for_update().get(pk=report_id)
            old_names = [name for name in (report.xlsx.name, report.pdf.name) if name]
            report.xlsx.save(_report_filename(report, "xlsx"), ContentFile(xlsx), save=False)
            report.pdf.save(_report_filename(report, "pdf"), ContentFile(pdf), save=False)
            report.html = html
            report.area_name = contents["area"]["name"]
            report.status = ReportJobStatus.DONE
            report.message = ""
            report.finished_at = timezone.now()
            report.save()
            storage = report.xlsx.storage
            stale = [name for name in old_names if name not in (report.xlsx.name, report.pdf.name)]
            transaction.on_commit(lambda: [storage.delete(name) for name in stale])
        return report
    except Exception as error:
        with translation.override(settings.LANGUAGE_CODE):
            message = _("The report could not be produced: %(reason)s") % {"reason": error}
        ReportJob.objects.filter(pk=report_id).update(
            status=ReportJobStatus.FAILED, message=message, finished_at=timezone.now(), updated_at=timezone.now()
        )
        raise
