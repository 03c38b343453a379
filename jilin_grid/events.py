"""Domain events: a service says what happened, by kind and ids; handlers learn of it after commit.

The lower apps (grids, alliances) may not import the apps above them, yet what they do concerns
them (a problem escalated reaches the notifications of ``projects``). A service calls
``publish("problem.escalated", problem_id=..)`` inside its transaction; when (and only if) the
transaction commits, every handler subscribed to that kind is called with the ids. A rolled-back
write publishes nothing. Handlers are registered by the app that cares, from its ``ready()``; a
failing handler is logged and never undoes the write, nor keeps the other handlers from running.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction

logger = logging.getLogger(__name__)

# The kinds published by the services, by name.
PROBLEM_ESCALATED = "problem.escalated"
MEMBER_REPORT_SUBMITTED = "member_report.submitted"
SERVICE_RECORD_LOGGED = "service_record.logged"
PROJECT_REVIEWED = "project.reviewed"
REPORT_FINISHED = "report.finished"

_handlers: dict[str, list[Callable[..., None]]] = defaultdict(list)
_muted = threading.local()


def subscribe(kind: str, handler: Callable[..., None]) -> None:
    """Call ``handler(**ids)`` after the commit of every ``publish(kind, **ids)`` (once per handler)."""
    if handler not in _handlers[kind]:
        _handlers[kind].append(handler)


def unsubscribe(kind: str, handler: Callable[..., None]) -> None:
    if handler in _handlers[kind]:
        _handlers[kind].remove(handler)


def deliver(kind: str, ids: dict) -> None:
    """Run the handlers of ``kind`` now (``publish`` calls it after commit)."""
    for handler in list(_handlers.get(kind, ())):
        try:
            handler(**ids)
        except Exception:  # one handler's failure must not lose the write nor the other handlers
            logger.exception("Handler %r of event %s %s failed.", handler, kind, ids)


def publish(kind: str, **ids: int | str | None) -> None:
    """Say that ``kind`` happened to the objects of ``ids`` (plain ids, never objects): the
    handlers run once the current transaction commits (at once outside a transaction)."""
    if getattr(_muted, "on", False):
        return
    transaction.on_commit(lambda: deliver(kind, ids))


@contextmanager
def muted() -> Iterator[None]:
    """Publish nothing inside the block (a bulk job that delivers what it means to itself, such as
    the demo's builders, which run without a worker)."""
    previous = getattr(_muted, "on", False)
    _muted.on = True
    try:
        yield
    finally:
        _muted.on = previous
