"""Celery tasks of the trends: plain arguments in, a service call, nothing else."""

from __future__ import annotations

import logging
from datetime import date, datetime, time

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from jilin_grid.figures import MONTH, current_period

from . import services
from .models import TrendSnapshot

logger = logging.getLogger(__name__)

# Below the broker's visibility timeout (settings.CELERY_BROKER_TRANSPORT_OPTIONS), as the network
# snapshot's: a task acknowledged late is never handed to a second worker while the first is on it.
TRENDS_SOFT_TIME_LIMIT = 10 * 60
TRENDS_TIME_LIMIT = 15 * 60


@shared_task(
    name="projects.tasks.take_trend_snapshots",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=TRENDS_SOFT_TIME_LIMIT,
    time_limit=TRENDS_TIME_LIMIT,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    retry_backoff_max=15 * 60,
    retry_jitter=True,
    max_retries=5,
)
def take_trend_snapshots(today: str | None = None) -> dict[str, int]:
    """Keep this month's figures so far for the city and every kept area, and the month just ended
    when it has not been taken since it ended (on the 1st, or the first night beat runs after it).

    ``today`` is an ISO date (by default the local date). Beat runs it every night after the network
    snapshot, so the month just ended reads its network from that month's last snapshot. Running it
    again replaces the rows. Answers the rows written by month.
    """
    day = date.fromisoformat(today) if today else timezone.localdate()
    this_month = current_period(MONTH, day)
    previous = this_month.previous()
    months = []
    ended = timezone.make_aware(datetime.combine(this_month.start, time.min))
    if not TrendSnapshot.objects.filter(month=previous.label, area_code__length=4, taken_at__gte=ended).exists():
        months.append(previous.label)
    months.append(this_month.label)
    written = {month: services.trend_month_take(month=month, today=day) for month in months}
    logger.info("Kept trends for %s: %s rows.", ", ".join(months), sum(written.values()))
    return written


__all__ = ["TRENDS_SOFT_TIME_LIMIT", "TRENDS_TIME_LIMIT", "take_trend_snapshots"]
