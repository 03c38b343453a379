"""Reads of the dispatch reports: where the production of the reports stands, for the status page."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from jilin_grid.backups import backups
from jilin_grid.health import queue_depths, readiness
from jilin_grid.models import CountDrift, Heartbeat

from .choices import ReportJobStatus
from .models import ReportJob


def report_production_status() -> dict:
    """The readiness of the database, broker and storage, the queues' depth, the reports in
    progress (the oldest waiting one, those running with their last heartbeat), beat's and the
    other background duties' last runs (the kept counts' recount among them), the kept counts it
    repaired in the last week, and the newest backup."""
    now = timezone.now()
    in_progress = ReportJob.objects.filter(status__in=ReportJobStatus.in_progress()).only(
        "kind", "period", "area_code", "area_name", "status", "attempts", "requested_at", "enqueued_at",
        "started_at", "heartbeat_at",
    )  # fmt: skip
    counts = dict(in_progress.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    oldest_waiting = (
        in_progress.filter(status__in=(ReportJobStatus.PENDING, ReportJobStatus.WAITING))
        .order_by("requested_at", "pk")
        .first()
    )
    running = list(in_progress.filter(status=ReportJobStatus.RUNNING).order_by("started_at", "pk")[:20])
    newest_backup = backups()[-1:] or [None]
    return {
        "checks": readiness(),
        "queues": queue_depths(),
        "counts": {status: counts.get(status, 0) for status in ReportJobStatus.in_progress()},
        "oldest_waiting": oldest_waiting,
        "running": [{"report": report} for report in running],
        "heartbeats": list(Heartbeat.objects.all()),
        "count_drift": {
            "recent": CountDrift.objects.filter(found_at__gte=now - timedelta(days=7)).count(),
            "last": CountDrift.objects.order_by("-found_at", "-pk").first(),
        },
        "newest_backup": newest_backup[0],
        "lease_seconds": settings.REPORT_LEASE_SECONDS,
        "failed_last_day": ReportJob.objects.filter(
            status=ReportJobStatus.FAILED, finished_at__gte=now - timedelta(days=1)
        ).count(),
    }
