"""Writes of the dispatch reports: requesting one, queueing it, producing it under a lease, the
reaper that hands on what a lost worker or an unreachable broker left behind, beat's catch-up,
and telling whoever asked.

Every function is keyword-only. A report is unique per kind, period and area, so requesting it
again replaces it rather than adding a second; only the worker holding a report's lease token
may finish it, so a report handed on is never produced twice.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jilin_grid import events, jobs
from jilin_grid.api.exceptions import bilingual
from jilin_grid.services import save_validated

from .choices import ReportJobStatus, ReportKind
from .models import ReportJob
from .periods import parse_period, period_before, period_end, period_start, previous_month

logger = logging.getLogger(__name__)

QUEUE_UNREACHABLE = bilingual(
    "任务队列暂时无法连接，通报已登记，队列恢复后将自动开始生成，无需重新申请。",
    "The task queue cannot be reached just now. The report is recorded and will be produced "
    "automatically once the queue is back; there is no need to ask again.",
)


def _worker_lost(attempt: int) -> str:
    return bilingual(
        f"生成通报的后台进程中断（第 {attempt} 次尝试），已交给另一个后台进程重新生成。",
        f"The worker producing this report stopped answering (attempt {attempt}); "
        "another worker is producing it again.",
    )


def _gave_up(attempts: int) -> str:
    return bilingual(
        f"生成通报的后台进程中断了 {attempts} 次，已停止重试；请稍后点击“重试”。",
        f"The workers producing this report stopped answering {attempts} times; no more attempts "
        "are made. Use Retry later.",
    )


# The reports as jobs of the worker (jilin_grid.jobs): leased, reaped and queued like every job.
REPORT_JOBS = jobs.JobKind(
    model=ReportJob,
    name="Report",
    task_path="projects.reports.tasks.generate_report",
    queue_unreachable=QUEUE_UNREACHABLE,
    worker_lost=_worker_lost,
    gave_up=_gave_up,
    pending_since="requested_at",
    on_gave_up=lambda report_id: report_notify(report_id=report_id),  # tell whoever asked
)


# ---------------------------------------------------------------------------------------------
# Requesting and queueing.
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def report_request(*, kind: str, period: str, area_code: str, actor=None, enqueue: bool = True) -> ReportJob:
    """Create or reset the report of (kind, period, area) and queue its generation after commit.

    The row is unique per (kind, period, area): asking again sets it back to pending with no
    attempts yet (keeping its previous files until the new ones replace them) and takes the
    lease from any worker still on it. ``enqueue=False`` leaves the generation to the caller
    (``generate_report --sync``). If the broker cannot be reached, the row is left waiting for
    the queue (``report_enqueue``) and the request still succeeds.
    """
    from jilin_grid.areas import area_get

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
            "attempts": 0,
            "enqueued_at": None,
            "lease_token": None,
            "heartbeat_at": None,
            "notified_at": None,
        },
    )
    if enqueue:
        report_id = report.pk
        transaction.on_commit(lambda: report_enqueue(report_id=report_id))
    return report


def report_enqueue(*, report_id: int) -> bool:
    """Hand the report's message to the broker after the row is committed; answers whether it
    could. When the broker cannot be reached the report waits for the queue and the reaper queues
    it later: the caller's request never fails because of it (``jilin_grid.jobs.job_enqueue``)."""
    return jobs.job_enqueue(REPORT_JOBS, report_id)


# ---------------------------------------------------------------------------------------------
# Producing a report under a lease.
# ---------------------------------------------------------------------------------------------


# Whether the worker on a running report has stopped renewing its lease.
lease_expired = jobs.lease_expired


class LeaseHeartbeat(jobs.LeaseHeartbeat):
    """Renews a report's lease every REPORT_HEARTBEAT_SECONDS while the report is produced."""

    def __init__(self, report_id: int, token: uuid.UUID):
        super().__init__(ReportJob, report_id, token)


def _report_filename(report: ReportJob, suffix: str) -> str:
    return f"{report.area_code}-{report.period}-{report.kind}.{suffix}"


def report_generate(*, report_id: int) -> ReportJob:
    """Produce a report's HTML, Excel workbook and PDF, and mark the row done.

    Takes the lease first, in its own transaction (one more attempt), and renews it while it
    works: a worker killed in the middle leaves the row running with a lease that runs out, and
    the reaper hands it to another worker. A report already done, or held by a live lease, is
    left alone, so a redelivered message completes it once; a worker whose lease was taken away
    drops its result. On an exception the row is marked failed with the reason, and the exception
    goes on (the task decides about retrying).
    """
    from projects.reports.documents.contents import report_contents
    from projects.reports.documents.html import render_html
    from projects.reports.documents.pdf import render_pdf
    from projects.reports.documents.workbook import render_xlsx

    report, token = jobs.job_claim(REPORT_JOBS, report_id)
    if token is None:
        return report
    try:
        with LeaseHeartbeat(report_id, token), translation.override(settings.LANGUAGE_CODE):
            contents = report_contents(kind=report.kind, period=report.period, area_code=report.area_code)
            html = render_html(contents)
            xlsx = render_xlsx(contents)
            pdf = render_pdf(contents)
        with transaction.atomic():
            report = jobs.job_locked_if_holder(REPORT_JOBS, report_id, token)
            if report is None:
                return ReportJob.objects.get(pk=report_id)
            old_names = [name for name in (report.xlsx.name, report.pdf.name) if name]
            report.xlsx.save(_report_filename(report, "xlsx"), ContentFile(xlsx), save=False)
            report.pdf.save(_report_filename(report, "pdf"), ContentFile(pdf), save=False)
            report.html = html
            report.area_name = contents["area"]["name"]
            jobs.job_mark_done(report)
            report.save()
            storage = report.xlsx.storage
            stale = [name for name in old_names if name not in (report.xlsx.name, report.pdf.name)]
            transaction.on_commit(lambda: [storage.delete(name) for name in stale])
            transaction.on_commit(lambda: report_notify(report_id=report_id))
            events.publish(events.REPORT_FINISHED, report_id=report_id)
        return report
    except Exception as error:
        with translation.override(settings.LANGUAGE_CODE):
            message = _("The report could not be produced: %(reason)s") % {"reason": error}
        jobs.job_fail(REPORT_JOBS, report_id, token, message)
        raise


# ---------------------------------------------------------------------------------------------
# Telling whoever asked.
# ---------------------------------------------------------------------------------------------


def report_notify(*, report_id: int) -> bool:
    """Tell whoever asked for a report that it is done or has failed for good (by e-mail, when
    their account has an address), once; answers whether a mail was sent."""
    report = ReportJob.objects.select_related("requested_by").filter(pk=report_id).first()
    if report is None or report.status not in (ReportJobStatus.DONE, ReportJobStatus.FAILED):
        return False
    if not ReportJob.objects.filter(pk=report_id, notified_at__isnull=True).update(notified_at=timezone.now()):
        return False  # told already
    user = report.requested_by
    if user is None or not user.email:
        logger.info("Report %s is %s; nobody to tell.", report_id, report.status)
        return False
    link = settings.PORTAL_BASE_URL + reverse("projects:report_detail", args=[report.pk])
    if report.status == ReportJobStatus.DONE:
        subject = f"通报已生成 / Report ready: {report}"
        body = f"{report} 已生成，可在平台查看和下载：\n{report} is ready to read and download:\n\n{link}\n"
    else:
        subject = f"通报生成失败 / Report failed: {report}"
        body = f"{report} 未能生成。\n{report} could not be produced.\n\n{report.message}\n\n{link}\n"
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:  # a mail server that is away must not fail the report
        logger.warning("Report %s: the mail to %s could not be sent.", report_id, user.pk, exc_info=True)
        return False
    return True


# ---------------------------------------------------------------------------------------------
# The reaper and beat's catch-up.
# ---------------------------------------------------------------------------------------------


def reports_reap(*, now: datetime | None = None) -> dict[str, int]:
    """Leave no report behind: hand a running report whose lease ran out to another worker (or
    give up after REPORT_MAX_ATTEMPTS, telling whoever asked), and queue every report waiting for
    the queue or pending in it for longer than REPORT_QUEUE_STALE_SECONDS. Answers the counts."""
    return jobs.jobs_reap(REPORT_JOBS, now=now)


def _report_areas() -> list[str]:
    """The city and each of its districts: the areas beat produces reports for."""
    from jilin_grid.areas import area_children, area_get

    city = area_get(settings.CITY_CODE)
    if city is None:
        return []
    return [city.code, *(code for code, _name in area_children(city))]


def reports_request_due(*, kind: str, period: str) -> int:
    """Request the (kind, period) report of the city and each district, unless it was already
    requested after the period ended: running this twice (two beats by mistake, a catch-up after
    the scheduled run) produces each report once. Answers how many were requested."""
    codes = _report_areas()
    ended = period_end(kind, period)
    current = set(
        ReportJob.objects.filter(kind=kind, period=period, area_code__in=codes, requested_at__gte=ended).values_list(
            "area_code", flat=True
        )
    )
    requested = 0
    for code in codes:
        if code in current:
            continue
        report_request(kind=kind, period=period, area_code=code)
        requested += 1
    logger.info("Requested the %s report %s of %d of %d areas.", kind, period, requested, len(codes))
    return requested


def due_periods(now: datetime) -> dict[str, tuple[str, datetime]]:
    """The latest monthly and quarterly periods whose scheduled run (day 1 of the next month or
    quarter, at the settings' hour and minute) is at or before ``now``, with the moment each was due."""
    local = timezone.localtime(now)
    schedule = {
        ReportKind.MONTHLY: (settings.PROJECT_MONTHLY_REPORT_HOUR, settings.PROJECT_MONTHLY_REPORT_MINUTE),
        ReportKind.QUARTERLY: (settings.PROJECT_QUARTERLY_REPORT_HOUR, settings.PROJECT_QUARTERLY_REPORT_MINUTE),
    }
    due = {}
    for kind, (hour, minute) in schedule.items():
        start = period_start(kind, local.date())
        run = timezone.make_aware(datetime(start.year, start.month, 1, hour, minute))
        if run > local:  # this period's run is still ahead: the last one was a period earlier
            start = period_start(kind, date(*previous_month(start), 1))
            run = timezone.make_aware(datetime(start.year, start.month, 1, hour, minute))
        due[kind] = (period_before(kind, start), run)
    return due


def reports_catch_up(*, now: datetime | None = None) -> int:
    """Request the latest due monthly and quarterly reports that beat should have requested and
    did not (it was down on the first of the month), if they fell due within
    REPORT_CATCH_UP_DAYS. Answers how many were requested."""
    now = now or timezone.now()
    window = timedelta(days=settings.REPORT_CATCH_UP_DAYS)
    requested = 0
    for kind, (period, due) in due_periods(now).items():
        if now - due <= window:
            requested += reports_request_due(kind=kind, period=period)
    return requested
