"""Celery tasks of the dispatch reports: the reports, by ID, through the services.

``generate_report`` (a ``jilin_grid.jobs.LeasedJobTask``) is acknowledged late and rejected (so
redelivered) when its worker is lost,
and the worker on a report holds a lease on its row that it renews while it works: a worker
killed in the middle of a report stops renewing it, and the reaper (``reap_reports``, run by beat
every minute and by every worker when it starts) hands the report to another worker within
minutes, long before the broker's visibility timeout would redeliver the message. Only the
holder of the lease may finish a report, and a report already done is not produced again, so a
redelivered or duplicated message completes it once. Its time limits stay below the broker's
visibility timeout, so a message is never redelivered while a worker is still on it.

When beat starts, it catches up the monthly and quarterly runs it missed while it was down.
"""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from celery.signals import beat_init, worker_ready
from django.conf import settings
from django.utils import timezone

from jilin_grid.jobs import LeasedJobTask, job_task_options, job_task_run, queue_reaper_on_start

from . import services
from .choices import ReportKind
from .periods import period_before

logger = logging.getLogger(__name__)

# Every task keeps the name it had before the domains were packages: beat's schedule and the
# messages already queued use it.


class ReportTask(LeasedJobTask):
    """A report task that tells whoever asked when it has failed for good (no retry follows)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        report_id = args[0] if args else kwargs.get("report_id")
        if report_id is not None:
            try:
                services.report_notify(report_id=report_id)
            except Exception:  # telling must not hide the failure itself
                logger.warning("Report %s: could not tell whoever asked.", report_id, exc_info=True)
        super().on_failure(exc, task_id, args, kwargs, einfo)


@shared_task(
    base=ReportTask,
    name="projects.tasks.generate_report",
    **job_task_options("REPORT"),
)
def generate_report(report_id: int) -> str:
    """Produce the report with this ID (HTML, Excel, PDF); answers its status."""
    return job_task_run(services.REPORT_JOBS, lambda pk: services.report_generate(report_id=pk), report_id)


@shared_task(name="projects.tasks.reap_reports", acks_late=True, ignore_result=True)
def reap_reports(catch_up: bool = True) -> dict[str, int]:
    """Hand on the reports of lost workers, queue those waiting for the queue, and (from beat,
    every REPORT_REAPER_SECONDS) catch up the scheduled runs beat missed."""
    from jilin_grid.models import Heartbeat

    counts = services.reports_reap()
    if catch_up:
        counts["caught_up"] = services.reports_catch_up()
    Heartbeat.beat("report-reaper", ", ".join(f"{key} {value}" for key, value in counts.items()))
    return counts


@shared_task(name="projects.tasks.schedule_monthly_reports", acks_late=True, reject_on_worker_lost=True)
def schedule_monthly_reports(today: str | None = None) -> int:
    """Request last month's dispatch report of the city and each district (run by beat on day 1)."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return services.reports_request_due(kind=ReportKind.MONTHLY, period=period_before(ReportKind.MONTHLY, day))


@shared_task(name="projects.tasks.schedule_quarterly_reports", acks_late=True, reject_on_worker_lost=True)
def schedule_quarterly_reports(today: str | None = None) -> int:
    """Request last quarter's circular of the city and each district (run by beat each quarter)."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return services.reports_request_due(kind=ReportKind.QUARTERLY, period=period_before(ReportKind.QUARTERLY, day))


@worker_ready.connect
def _reap_when_a_worker_starts(sender=None, **kwargs) -> None:
    """A worker that starts (after a crash, a deployment) queues the reaper at once; catching up
    beat's missed runs is beat's own business."""
    queue_reaper_on_start(reap_reports, settings.REPORT_QUEUE, kwargs={"catch_up": False})


@beat_init.connect
def _catch_up_when_beat_starts(sender=None, **kwargs) -> None:
    """Beat starting again requests the scheduled reports it missed while it was down."""
    try:
        requested = services.reports_catch_up()
    except Exception:  # beat must start; the reaper catches up later
        logger.exception("Could not catch up the scheduled reports on beat start.")
        return
    logger.info("Beat started: %d missed reports requested.", requested)
