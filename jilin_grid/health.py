"""Health of the running portal: liveness and readiness for docker-compose and a load balancer,
the depth of the task queues, and the answer when the database is away.

- ``/healthz``: the process answers (nothing else is touched).
- ``/readyz``: the database, the broker and the media storage are reachable (JSON, 503 if not).
- ``manage.py healthcheck [--worker NAME]``: the same checks from a shell, and for a worker its
  answer through the queue.
- While the database is away, every page answers 503 with a clear page (JSON under ``/api/``),
  never a traceback: ``DatabaseUnavailableMiddleware`` for views, ``server_error`` for what the
  middleware itself raised (the session, the user).
"""

from __future__ import annotations

import logging
import sys
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from .api.exceptions import bilingual

logger = logging.getLogger(__name__)

DATABASE_AWAY = bilingual(
    "数据库暂时无法访问，请稍后再试；您的操作没有被部分保存。",
    "The database cannot be reached just now. Please try again in a moment; nothing was half saved.",
)
RETRY_AFTER_SECONDS = 15


# ---------------------------------------------------------------------------------------------
# Checks: each answers None when fine, or the reason.
# ---------------------------------------------------------------------------------------------


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        connection.close_if_unusable_or_obsolete()
        return f"{type(error).__name__}: {error}".strip()
    return None


def check_broker() -> str | None:
    from .celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as error:  # each transport raises its own connection errors
        return f"{type(error).__name__}: {error}".strip()
    return None


def check_storage() -> str | None:
    """The media storage takes a small file and gives it back."""
    name = f"health/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        try:
            with default_storage.open(saved) as handle:
                if handle.read() != b"ok":
                    return "the file read back differs"
        finally:
            default_storage.delete(saved)
    except OSError as error:
        return f"{type(error).__name__}: {error}".strip()
    return None


def check_worker(name: str) -> str | None:
    """The worker called ``name`` (celery@host) answers a ping sent through the broker."""
    from .celery import app

    try:
        replies = app.control.ping(destination=[name], timeout=5)
    except Exception as error:
        return f"{type(error).__name__}: {error}".strip()
    if not any(name in reply for reply in replies):
        return f"{name} did not answer"
    return None


READINESS_CHECKS: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "broker": check_broker,
    "storage": check_storage,
}


def readiness(extra: dict[str, Callable[[], str | None]] | None = None) -> dict[str, dict]:
    """Every check with its outcome and time: {"database": {"ok": True, "ms": 1.2, "error": None}}."""
    results = {}
    for name, check in {**READINESS_CHECKS, **(extra or {})}.items():
        started = time.perf_counter()
        error = check()
        results[name] = {"ok": error is None, "ms": round((time.perf_counter() - started) * 1000, 1), "error": error}
    return results


def queue_depths(names: list[str] | None = None) -> dict[str, int | None]:
    """The number of messages waiting in each queue (None when the broker cannot tell)."""
    from .celery import app

    names = names or sorted({settings.REPORT_QUEUE, app.conf.task_default_queue})
    depths: dict[str, int | None] = {}
    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
            channel = conn.default_channel
            for name in names:
                try:
                    depths[name] = channel.queue_declare(queue=name, passive=True).message_count
                except Exception:  # a queue never declared has no messages yet
                    depths[name] = 0
    except Exception:
        return dict.fromkeys(names)
    return depths


# ---------------------------------------------------------------------------------------------
# Views and the answer when the database is away.
# ---------------------------------------------------------------------------------------------


@never_cache
def healthz(request):
    """The process answers."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """The database, the broker and the media storage are reachable: 200, or 503 with the reasons."""
    checks = readiness()
    ready = all(check["ok"] for check in checks.values())
    for name, check in checks.items():
        if not check["ok"]:
            logger.warning("Not ready: %s: %s", name, check["error"])
    # The reasons stay in the log and on the status page: they name hosts and ports.
    public = {name: {"ok": check["ok"], "ms": check["ms"]} for name, check in checks.items()}
    return JsonResponse({"ready": ready, "checks": public}, status=200 if ready else 503)


def database_unavailable(request) -> HttpResponse:
    """503, the page or (under /api/) JSON, rendered without touching the database."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": DATABASE_AWAY}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def is_database_away(error: BaseException | None) -> bool:
    return isinstance(error, (OperationalError, InterfaceError))


class DatabaseUnavailableMiddleware:
    """A view that finds the database away answers 503 (its transaction is rolled back whole)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_away(exception):
            logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exception)
            return database_unavailable(request)
        return None


def server_error(request, *args, **kwargs):
    """handler500: the database away (raised by a middleware) is a 503, anything else a 500."""
    if is_database_away(sys.exc_info()[1]):
        return database_unavailable(request)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "detail": bilingual(
                    "服务器出错，已记录，请稍后再试。", "Server error; it has been logged. Please try again."
                )
            },
            status=500,
        )
    return HttpResponseServerError(render_to_string("500.html"))
