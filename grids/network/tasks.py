"""Celery tasks of the grid network: plain arguments in, a service call, nothing else."""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)

# Below the broker's visibility timeout (settings.CELERY_BROKER_TRANSPORT_OPTIONS), so a task
# acknowledged late is never handed to a second worker while the first is still on it.
SNAPSHOT_SOFT_TIME_LIMIT = 10 * 60
SNAPSHOT_TIME_LIMIT = 15 * 60


@shared_task(
    # The name it had before the domains were packages: beat's schedule and queued messages use it.
    name="grids.tasks.take_network_snapshots",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SNAPSHOT_SOFT_TIME_LIMIT,
    time_limit=SNAPSHOT_TIME_LIMIT,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    retry_backoff_max=15 * 60,
    retry_jitter=True,
    max_retries=5,
)
def take_network_snapshots(taken_on: str | None = None) -> int:
    """Store today's organization-network figures of the city, each district and each street.

    ``taken_on`` is an ISO date (``"2025-01-31"``); by default the local date in
    ``settings.TIME_ZONE``. Running it again the same day replaces that day's rows. Answers
    the number of areas stored.
    """
    day = date.fromisoformat(taken_on) if taken_on else timezone.localdate()
    snapshots = services.network_snapshots_take_all(taken_on=day)
    logger.info("Stored %d network snapshots for %s (%s).", len(snapshots), day.isoformat(), settings.TIME_ZONE)
    return len(snapshots)
