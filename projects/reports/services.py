"""Writes of the dispatch reports: requesting one, queueing it, producing it under a lease, the
reaper that hands on what a lost worker or an unreachable broker left behind, beat's catch-up,
and telling whoever asked.

Every function is keyword-only. A report is unique per kind, period and area, so requesting it
again replaces it rather than adding a second; only the worker holding a report's lease token
may finish it, so a report handed on is never produced twice.
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jilin_grid.api.exceptions import bilingual
from jilin_grid.audit.services import audited_update
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
    """Hand the report's message to the broker; answers whether it could.

    Called after the row is committed. When the broker cannot be reached (whatever the
    transport's error), the row is marked waiting for the queue with the reason, and the reaper
    queues it once the broker answers again: the caller's request never fails because of it.
    """
    from .tasks import generate_report

    now = timezone.now()
    try:
        generate_report.apply_async((report_id,), queue=settings.REPORT_QUEUE)
    except Exception as error:  # each transport raises its own connection errors
        logger.warning("Report %s could not be queued (%s: %s); it waits for the queue.", report_id,
                       type(error).__name__, error)  # fmt: skip
        audited_update(
            ReportJob.objects.filter(pk=report_id, status__in=(ReportJobStatus.PENDING, ReportJobStatus.WAITING)),
            status=ReportJobStatus.WAITING,
            message=QUEUE_UNREACHABLE,
            updated_at=now,
        )
        return False
    audited_update(
        ReportJob.objects.filter(pk=report_id, status=ReportJobStatus.WAITING),
        status=ReportJobStatus.PENDING,
        message="",
        enqueued_at=now,
        updated_at=now,
    )
    ReportJob.objects.filter(pk=report_id, status=ReportJobStatus.PENDING).update(enqueued_at=now, updated_at=now)
    return True


# ---------------------------------------------------------------------------------------------
# Producing a report under a lease.
# ---------------------------------------------------------------------------------------------


def lease_expired(report: ReportJob, now: datetime | None = None) -> bool:
    """Whether the worker on a running report has stopped renewing its lease."""
    seen = report.heartbeat_at or report.started_at
    now = now or timezone.now()
    return seen is None or seen < now - timedelta(seconds=settings.REPORT_LEASE_SECONDS)


class LeaseHeartbeat:
    """Renews a report's lease every REPORT_HEARTBEAT_SECONDS from a thread of its own, while the
    report is produced; ``lost`` is set when the lease was taken away (the reaper handed the
    report on, or someone asked for it again)."""

    def __init__(self, report_id: int, token: uuid.UUID):
        self.report_id, self.token = report_id, token
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"report-{report_id}-lease", daemon=True)

    def __enter__(self) -> LeaseHeartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(settings.REPORT_HEARTBEAT_SECONDS):
                try:
                    renewed = ReportJob.objects.filter(pk=self.report_id, lease_token=self.token).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # the database may be away; the lease then runs out
                    logger.warning("Report %s: the lease could not be renewed.", self.report_id, exc_info=True)
                    close_old_connections()
                    continue
                if not renewed:
                    logger.warning("Report %s: the lease was taken away; this worker's result will be dropped.",
                                   self.report_id)  # fmt: skip
                    self.lost.set()
                    return
        finally:
            connection.close()


def _report_filename(report: ReportJob, suffix: str) -> str:
    return f"{report.area_code}-{report.period}-{report.kind}.{suffix}"


def _claim(report_id: int) -> tuple[ReportJob, uuid.UUID | None]:
    """Take the report's lease for this worker: (the row, the token), or (the row, None) when the
    report is done or another worker holds a live lease on it."""
    with transaction.atomic():
        report = ReportJob.objects.select_for_update().get(pk=report_id)
        if report.status == ReportJobStatus.DONE:
            return report, None
        if report.status == ReportJobStatus.RUNNING and not lease_expired(report):
            logger.info("Report %s is being produced by another worker; this message is dropped.", report_id)
            return report, None
        handed_on = report.status == ReportJobStatus.PENDING and report.attempts > 0 and report.message
        now = timezone.now()
        report.status = ReportJobStatus.RUNNING
        report.attempts += 1
        report.started_at = now
        report.finished_at = None
        report.message = report.message if handed_on else ""
        report.lease_token = uuid.uuid4()
        report.heartbeat_at = now
        report.save(
            update_fields=[
                "status", "attempts", "started_at", "finished_at", "message", "lease_token", "heartbeat_at",
                "updated_at",
            ]
        )  # fmt: skip
        return report, report.lease_token


def report_generate(*, report_id: int) -> ReportJob:
    """Produce a report's HTML, Excel workbook and PDF, and mark the row done.

    Takes the lease first, in its own transaction (one more attempt), and renews it while it
    works: a worker killed in the middle leaves the row running with a lease that runs out, and
    the reaper hands it to another worker. A report already done, or held by a live lease, is
    left alone, so a redelivered message completes it once; a worker whose lease was taken away
    drops its result. On an exception the row is marked failed with the reason, and the exception
    goes on (the task decides about retrying).
    """
    from projects.reports.documents import render_html, render_pdf, render_xlsx, report_contents

    report, token = _claim(report_id)
    if token is None:
        return report
    try:
        with LeaseHeartbeat(report_id, token), translation.override(settings.LANGUAGE_CODE):
            contents = report_contents(kind=report.kind, period=report.period, area_code=report.area_code)
            html = render_html(contents)
            xlsx = render_xlsx(contents)
            pdf = render_pdf(contents)
        with transaction.atomic():
            report = ReportJob.objects.select_for_update().get(pk=report_id)
            if report.lease_token != token:
                logger.warning("Report %s was handed on while this worker produced it; its result is dropped.",
                               report_id)  # fmt: skip
                return report
            old_names = [name for name in (report.xlsx.name, report.pdf.name) if name]
            report.xlsx.save(_report_filename(report, "xlsx"), ContentFile(xlsx), save=False)
            report.pdf.save(_report_filename(report, "pdf"), ContentFile(pdf), save=False)
            report.html = html
            report.area_name = contents["area"]["name"]
            report.status = ReportJobStatus.DONE
            report.message = ""
            report.finished_at = timezone.now()
            report.lease_token = None
            report.save()
            storage = report.xlsx.storage
            stale = [name for name in old_names if name not in (report.xlsx.name, report.pdf.name)]
            transaction.on_commit(lambda: [storage.delete(name) for name in stale])
            transaction.on_commit(lambda: report_notify(report_id=report_id))
        return report
    except Exception as error:
        with translation.override(settings.LANGUAGE_CODE):
            message = _("The report could not be produced: %(reason)s") % {"reason": error}
        audited_update(
            ReportJob.objects.filter(pk=report_id, lease_token=token),
            status=ReportJobStatus.FAILED,
            message=message,
            finished_at=timezone.now(),
            lease_token=None,
            updated_at=timezone.now(),
        )
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
    now = now or timezone.now()
    lease_cutoff = now - timedelta(seconds=settings.REPORT_LEASE_SECONDS)
    stale_cutoff = now - timedelta(seconds=settings.REPORT_QUEUE_STALE_SECONDS)
    handed: list[int] = []
    failed: list[int] = []
    with transaction.atomic():
        lost = (
            ReportJob.objects.select_for_update(skip_locked=True)
            .annotate(seen=Coalesce("heartbeat_at", "started_at", "updated_at"))
            .filter(status=ReportJobStatus.RUNNING, seen__lt=lease_cutoff)
        )
        for report in lost:
            report.lease_token = None
            report.heartbeat_at = None
            if report.attempts >= settings.REPORT_MAX_ATTEMPTS:
                report.status = ReportJobStatus.FAILED
                report.message = _gave_up(report.attempts)
                report.finished_at = now
                failed.append(report.pk)
            else:
                report.status = ReportJobStatus.PENDING
                report.message = _worker_lost(report.attempts)
                report.enqueued_at = None
                handed.append(report.pk)
            report.save(update_fields=["status", "message", "finished_at", "enqueued_at", "lease_token",
                                       "heartbeat_at", "updated_at"])  # fmt: skip
    for report_id in failed:
        logger.error("Report %s: its workers were lost %s times; it failed for good.", report_id,
                     settings.REPORT_MAX_ATTEMPTS)  # fmt: skip
        report_notify(report_id=report_id)
    waiting = list(
        ReportJob.objects.filter(
            Q(status=ReportJobStatus.WAITING)
            | Q(status=ReportJobStatus.PENDING, enqueued_at__isnull=True, requested_at__lt=stale_cutoff)
            | Q(status=ReportJobStatus.PENDING, enqueued_at__lt=stale_cutoff)
        )
        .exclude(pk__in=handed)
        .values_list("pk", flat=True)
    )
    queued = 0
    for report_id in [*handed, *waiting]:
        queued += report_enqueue(report_id=report_id)
    counts = {"handed_on": len(handed), "failed": len(failed), "requeued": len(waiting), "queued": queued}
    if any(counts.values()):
        logger.warning("Report reaper: %s", counts)
    return counts


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
