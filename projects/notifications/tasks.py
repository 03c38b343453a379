"""Celery tasks of the notifications: an event's notifications, and beat's daily reminders.

Both take plain values, call the rules and the delivering service, and are safe to run again:
each (event, recipient) is stored once (a unique constraint), so a redelivered message or a second
beat delivers nothing twice. Acknowledged late, with time limits below the broker's visibility
timeout and retries with backoff when the database is away.
"""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from jilin_grid import events

from . import rules
from .services import notifications_deliver

logger = logging.getLogger(__name__)

NOTIFY_SOFT_TIME_LIMIT = 60
NOTIFY_TIME_LIMIT = 120
REMINDERS_SOFT_TIME_LIMIT = 10 * 60
REMINDERS_TIME_LIMIT = 15 * 60
RETRIES = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 30,
    "retry_backoff_max": 15 * 60,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(
    name="projects.tasks.notify_event",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=NOTIFY_SOFT_TIME_LIMIT,
    time_limit=NOTIFY_TIME_LIMIT,
    **RETRIES,
)
def notify_event(kind: str, ids: dict) -> int:
    """Deliver the notifications of one event (``kind`` of ``jilin_grid.events``, its ids); answers
    how many were new."""
    rule = rules.EVENT_RULES.get(kind)
    if rule is None:
        logger.warning("No notification rule for the event %s.", kind)
        return 0
    return len(notifications_deliver(pending=rule(**ids)))


@shared_task(
    name="projects.tasks.send_reminders",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=REMINDERS_SOFT_TIME_LIMIT,
    time_limit=REMINDERS_TIME_LIMIT,
    **RETRIES,
)
def send_reminders(today: str | None = None) -> int:
    """Deliver what is due in three days or overdue on ``today`` (ISO date, by default the local
    date), and catch up what still awaits someone; answers how many notifications were new."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    created = notifications_deliver(pending=rules.reminders(day))
    logger.info("Reminders of %s: %d new notifications.", day.isoformat(), len(created))
    return len(created)


def enqueue(kind: str, **ids) -> None:
    """The events' handler (run after commit): hand the event to the worker. If the broker cannot
    be reached the notifications are delivered here, so none is lost."""
    try:
        notify_event.delay(kind, ids)
    except Exception:
        logger.warning("Could not queue the notifications of %s %s; delivering them now.", kind, ids, exc_info=True)
        notify_event.apply(args=(kind, ids))


def register() -> None:
    """Subscribe to the events the rules answer (from ``ProjectsConfig.ready``)."""
    for kind in rules.EVENT_RULES:
        events.subscribe(kind, _handler(kind))


_HANDLERS: dict = {}


def _handler(kind: str):
    if kind not in _HANDLERS:

        def handle(**ids) -> None:
            enqueue(kind, **ids)

        _HANDLERS[kind] = handle
    return _HANDLERS[kind]
