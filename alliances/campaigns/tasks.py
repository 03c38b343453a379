"""Celery tasks of the campaigns: plain arguments in, a service call, nothing else."""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)

# Below the broker's visibility timeout (settings.CELERY_BROKER_TRANSPORT_OPTIONS), so a task
# acknowledged late is never handed to a second worker while the first is still on it.
SUMMARY_SOFT_TIME_LIMIT = 10 * 60
SUMMARY_TIME_LIMIT = 15 * 60


@shared_task(
    name="alliances.tasks.produce_campaign_summaries",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SUMMARY_SOFT_TIME_LIMIT,
    time_limit=SUMMARY_TIME_LIMIT,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    retry_backoff_max=15 * 60,
    retry_jitter=True,
    max_retries=5,
)
def produce_campaign_summaries(day: str | None = None) -> int:
    """Produce the daily summary of every running campaign for its area's organization department.

    ``day`` is an ISO date; by default today (local). Running it again the same day replaces that
    day's summaries. Answers how many were produced."""
    when = date.fromisoformat(day) if day else timezone.localdate()
    produced = services.daily_summaries_produce(day=when)
    logger.info("Produced %d campaign summaries for %s.", len(produced), when.isoformat())
    return len(produced)
