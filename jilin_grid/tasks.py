"""Background duties of the shared layer: the nightly backup, and beat's own heartbeat.

Beat records every schedule entry it sends (``Heartbeat`` "beat"), from its own process, so the
status page shows when beat last ran even while no worker takes its messages.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import beat_init, before_task_publish

logger = logging.getLogger(__name__)

_in_beat = False


@beat_init.connect
def _beat_started(sender=None, **kwargs) -> None:
    global _in_beat  # one flag per process: this process is beat
    _in_beat = True
    _record_beat("started")


@before_task_publish.connect
def _beat_sent(sender=None, **kwargs) -> None:
    if _in_beat:
        _record_beat(f"sent {sender}")


def _record_beat(detail: str) -> None:
    from jilin_grid.models import Heartbeat

    try:
        Heartbeat.beat("beat", detail)
    except Exception:  # the database away must not stop beat
        logger.warning("Could not record beat's heartbeat.", exc_info=True)


@shared_task(name="jilin_grid.tasks.backup", acks_late=True)
def backup() -> str:
    """Back up the database and the uploaded files (beat, every night), keeping the newest BACKUP_KEEP."""
    from jilin_grid.backups import backup_create
    from jilin_grid.models import Heartbeat

    folder = backup_create()
    Heartbeat.beat("backup", str(folder))
    return str(folder)


@shared_task(name="jilin_grid.tasks.audit_archive", acks_late=True)
def audit_archive() -> int:
    """Archive, then delete, the audit entries older than the retention (beat, every night)."""
    from jilin_grid.audit.archive import audit_archive as archive
    from jilin_grid.models import Heartbeat

    result = archive()
    Heartbeat.beat("audit-archive", f"{result.archived} entries archived")
    return result.archived


@shared_task(name="jilin_grid.tasks.recount_counts", acks_late=True)
def recount_counts() -> int:
    """Recount every kept count from the rows, repair and record any drift (beat, every night)."""
    from jilin_grid.counts.services import recount_and_record

    return len(recount_and_record())


@shared_task(name="jilin_grid.tasks.sweep_held_uploads", acks_late=True)
def sweep_held_uploads() -> int:
    """Delete the files held from refused forms once they are too old to be sent again (beat, hourly)."""
    from jilin_grid.uploads import held_uploads_sweep

    return held_uploads_sweep()
