"""Celery tasks of the dispatch reports: the reports, by ID, through the services.

``generate_report`` is acknowledged late and rejected (so redelivered) when its worker is lost:
a worker killed in the middle of a report leaves the row running, the broker hands the message
to the next worker, and ``report_generate`` completes it once (a report already done is not
produced again). Its time limits stay below the broker's visibility timeout, so a message is
never redelivered while a worker is still on it.
"""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from jilin_grid.areas import area_children, area_get

from . import services
from .choices import ReportKind
from .models import ReportJob
from .periods import previous_month

logger = logging.getLogger(__name__)

# Every task keeps the name it had before the domains were packages: beat's schedule and the
# messages already queued use it.


@shared_task(
    name="projects.tasks.generate_report",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    retry_backoff_max=10 * 60,
    retry_jitter=True,
    max_retries=3,
)
def generate_report(report_id: int) -> str:
    """Produce the report with this ID (HTML, Excel, PDF); answers its status."""
    try:
        report = services.report_generate(report_id=report_id)
    except ReportJob.DoesNotExist:
        logger.warning("Report %s no longer exists; nothing to generate.", report_id)
        return "missing"
    logger.info("Report %s (%s) is %s.", report_id, report, report.status)
    return report.status


def _report_areas() -> list[str]:
    """The city and each of its districts."""
    city = area_get(settings.CITY_CODE)
    if city is None:
        return []
    return [city.code, *(code for code, _name in area_children(city))]


def _request_all(kind: str, period: str) -> int:
    codes = _report_areas()
    for code in codes:
        services.report_request(kind=kind, period=period, area_code=code)
    logger.info("Requested the %s report %s of %d areas.", kind, period, len(codes))
    return len(codes)


@shared_task(name="projects.tasks.schedule_monthly_reports", acks_late=True, reject_on_worker_lost=True)
def schedule_monthly_reports(today: str | None = None) -> int:
    """Request last month's dispatch report of the city and each district (run by beat on day 1)."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    year, month = previous_month(day)
    return _request_all(ReportKind.MONTHLY, f"{year}-{month:02d}")


@shared_task(name="projects.tasks.schedule_quarterly_reports", acks_late=True, reject_on_worker_lost=True)
def schedule_quarterly_reports(today: str | None = None) -> int:
    """Request last quarter's circular of the city and each district (run by beat each quarter)."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    quarter = (day.month - 1) // 3  # the quarter before this one, 0 meaning last year's fourth
    year, quarter = (day.year - 1, 4) if quarter == 0 else (day.year, quarter)
    return _request_all(ReportKind.QUARTERLY, f"{year}-Q{quarter}")
