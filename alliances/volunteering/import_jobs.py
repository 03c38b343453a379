"""Large member imports, run by the Celery worker as a job: starting one, queueing it, running it
under a lease, and the reaper that hands on what a lost worker or an unreachable broker left.

``member_import_start`` reads the upload in the request (bounded: size, unpacked size, rows read).
A sheet of at most ``MEMBER_IMPORT_SYNC_MAX_ROWS`` member rows is imported there and then, as
before; a larger one is stored as a ``MemberImportJob`` with its rows, queued after commit, and
the page (or the API) answers at once with the job. The worker checks and writes the rows
through the same ``members_import_rows`` in one transaction, so the job's result is the one the
request would have given: every row written, or none and every bad row with its reasons.

Like the dispatch reports (``projects.reports``): when the broker cannot be reached the job
waits for the queue and the reaper queues it later; the worker on a job holds a lease renewed
by a heartbeat (which also writes the rows done), the reaper hands a job whose lease ran out to
another worker, and only the holder of the lease may finish it, in the transaction that writes
the rows, so a redelivered message imports once.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jilin_grid.api.exceptions import bilingual
from jilin_grid.scope import get_scope
from jilin_grid.services import save_validated

from .choices import MemberImportStatus
from .imports import ImportResult, members_import_read, members_import_rows, rows_from_json, rows_to_json
from .models import MemberImportJob

logger = logging.getLogger(__name__)

QUEUE_UNREACHABLE = bilingual(
    "任务队列暂时无法连接，导入已登记，队列恢复后将自动开始，无需重新上传。",
    "The task queue cannot be reached just now. The import is recorded and will start automatically "
    "once the queue is back; there is no need to upload it again.",
)


def _worker_lost(attempt: int) -> str:
    return bilingual(
        f"导入的后台进程中断（第 {attempt} 次尝试），已交给另一个后台进程重新导入。",
        f"The worker running this import stopped answering (attempt {attempt}); another worker runs it again.",
    )


def _gave_up(attempts: int) -> str:
    return bilingual(
        f"导入的后台进程中断了 {attempts} 次，已停止重试；没有写入任何数据，请重新上传。",
        f"The workers running this import stopped answering {attempts} times; nothing was written. "
        "Upload the file again.",
    )


@dataclass
class ImportStarted:
    """What starting an import gave: the result of a small import, or the job of a large one."""

    result: ImportResult | None = None
    job: MemberImportJob | None = None


def result_summary(result: ImportResult) -> dict:
    """An import's result as a job keeps it: the counts, and every bad row with its reasons."""
    return {
        **result.counts(),
        "skipped": 0 if result.ok else result.rows,
        "row_errors": [{"row": bad.row, "errors": list(bad.errors)} for bad in result.row_errors],
    }


# -- Starting and queueing ------------------------------------------------------------------------------


def member_import_start(*, file, actor) -> ImportStarted:
    """Read the upload; import a small sheet at once, or make a large one a job for the worker."""
    rows, refused = members_import_read(file)
    if refused is not None:
        return ImportStarted(result=refused)
    if len(rows) <= settings.MEMBER_IMPORT_SYNC_MAX_ROWS:
        return ImportStarted(result=members_import_rows(rows=rows, actor=actor))
    return ImportStarted(job=member_import_job_create(rows=rows, actor=actor, file_name=getattr(file, "name", "")))


@transaction.atomic
def member_import_job_create(*, rows, actor, file_name: str = "", enqueue: bool = True) -> MemberImportJob:
    """Store the rows read from a workbook as a pending job of the requester's area, and queue it
    after commit (when the broker is away, the job waits for the queue; the request succeeds)."""
    job = save_validated(
        MemberImportJob(requested_by=actor),
        {
            "area_code": get_scope(actor).home_code(settings.CITY_CODE),
            "file_name": (file_name or "")[:255],
            "rows": rows_to_json(rows),
            "rows_total": len(rows),
            "status": MemberImportStatus.PENDING,
            # The worker writes the result in the language the file was uploaded in.
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        },
    )
    if enqueue:
        job_id = job.pk
        transaction.on_commit(lambda: member_import_enqueue(job_id=job_id))
    return job


def member_import_enqueue(*, job_id: int) -> bool:
    """Hand the job's message to the broker; answers whether it could. When the broker cannot be
    reached, the job is marked waiting for the queue with the reason, and the reaper queues it."""
    from .tasks import run_member_import

    now = timezone.now()
    try:
        run_member_import.apply_async((job_id,), queue=settings.MEMBER_IMPORT_QUEUE)
    except Exception as error:  # each transport raises its own connection errors
        logger.warning("Member import %s could not be queued (%s: %s); it waits for the queue.", job_id,
                       type(error).__name__, error)  # fmt: skip
        MemberImportJob.objects.filter(
            pk=job_id, status__in=(MemberImportStatus.PENDING, MemberImportStatus.WAITING)
        ).update(status=MemberImportStatus.WAITING, message=QUEUE_UNREACHABLE, updated_at=now)
        return False
    MemberImportJob.objects.filter(pk=job_id, status=MemberImportStatus.WAITING).update(
        status=MemberImportStatus.PENDING, message="", enqueued_at=now, updated_at=now
    )
    MemberImportJob.objects.filter(pk=job_id, status=MemberImportStatus.PENDING).update(enqueued_at=now, updated_at=now)
    return True


# -- Running a job under a lease ------------------------------------------------------------------------


class _LeaseLost(Exception):
    """The job was handed to another worker while this one ran it: undo this one's writes."""


class JobHeartbeat:
    """Renews the job's lease and writes the rows done every MEMBER_IMPORT_HEARTBEAT_SECONDS, from a
    thread (and so a database connection) of its own, while the rows are written."""

    def __init__(self, job_id: int, token: uuid.UUID):
        self.job_id, self.token = job_id, token
        self.done = 0
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"member-import-{job_id}-lease", daemon=True)

    def __enter__(self) -> JobHeartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def progress(self, done: int) -> None:
        self.done = done

    def _run(self) -> None:
        try:
            while not self._stop.wait(settings.MEMBER_IMPORT_HEARTBEAT_SECONDS):
                try:
                    renewed = MemberImportJob.objects.filter(pk=self.job_id, lease_token=self.token).update(
                        heartbeat_at=timezone.now(), rows_done=self.done
                    )
                except Exception:  # the database may be busy or away; the lease then runs out
                    logger.info("Member import %s: the lease could not be renewed.", self.job_id, exc_info=True)
                    close_old_connections()
                    continue
                if not renewed:
                    logger.warning("Member import %s: the lease was taken away.", self.job_id)
                    self.lost.set()
                    return
        finally:
            connection.close()


def _claim(job_id: int) -> tuple[MemberImportJob, uuid.UUID | None]:
    """Take the job's lease: (the row, the token), or (the row, None) when the job is finished or
    another worker holds a live lease on it."""
    with transaction.atomic():
        job = MemberImportJob.objects.select_for_update().get(pk=job_id)
        if job.status == MemberImportStatus.DONE:
            return job, None
        if job.status == MemberImportStatus.RUNNING and not lease_expired(job):
            logger.info("Member import %s is run by another worker; this message is dropped.", job_id)
            return job, None
        handed_on = job.status == MemberImportStatus.PENDING and job.attempts > 0 and job.message
        now = timezone.now()
        job.status = MemberImportStatus.RUNNING
        job.attempts += 1
        job.started_at = now
        job.finished_at = None
        job.rows_done = 0
        job.message = job.message if handed_on else ""
        job.lease_token = uuid.uuid4()
        job.heartbeat_at = now
        job.save(
            update_fields=[
                "status", "attempts", "started_at", "finished_at", "rows_done", "message", "lease_token",
                "heartbeat_at", "updated_at",
            ]
        )  # fmt: skip
        return job, job.lease_token


def lease_expired(job: MemberImportJob, now: datetime | None = None) -> bool:
    seen = job.heartbeat_at or job.started_at
    now = now or timezone.now()
    return seen is None or seen < now - timedelta(seconds=settings.MEMBER_IMPORT_LEASE_SECONDS)


def member_import_run(*, job_id: int) -> MemberImportJob:
    """Run a job: check and write its rows as the requester, and keep the result on the job.

    The rows and the job's result are written in one transaction, and only while this worker
    holds the lease: a job handed on meanwhile keeps nothing of this run. On an exception the job
    is marked failed with the reason and the exception goes on (the task decides about retrying).
    """
    job, token = _claim(job_id)
    if token is None:
        return job
    try:
        actor = job.requested_by
        if actor is None or not actor.is_active:
            raise ValueError(_("the account that asked for the import no longer exists or is disabled"))
        rows = rows_from_json(job.rows)
        with translation.override(job.language or settings.LANGUAGE_CODE), transaction.atomic():
            with JobHeartbeat(job_id, token) as heartbeat:
                result = members_import_rows(rows=rows, actor=actor, progress=heartbeat.progress)
            job = MemberImportJob.objects.select_for_update().get(pk=job_id)
            if job.lease_token != token:
                raise _LeaseLost
            job.status = MemberImportStatus.DONE
            job.result = result_summary(result)
            job.rows_done = job.rows_total
            job.rows = []  # the names and phones read are now in the reports, or not wanted
            job.message = "" if result.ok else nothing_imported(result)
            job.finished_at = timezone.now()
            job.lease_token = None
            job.save()
        return job
    except _LeaseLost:
        logger.warning("Member import %s was handed on while this worker ran it; its writes are undone.", job_id)
        return MemberImportJob.objects.get(pk=job_id)
    except Exception as error:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            message = _("The import could not be run; nothing was written: %(reason)s") % {"reason": error}
        MemberImportJob.objects.filter(pk=job_id, lease_token=token).update(
            status=MemberImportStatus.FAILED,
            message=message,
            finished_at=timezone.now(),
            lease_token=None,
            updated_at=timezone.now(),
        )
        raise


def nothing_imported(result: ImportResult) -> str:
    return _("Nothing was imported: %(bad)s of %(rows)s rows need correcting.") % {
        "bad": len(result.row_errors),
        "rows": result.rows,
    }


# -- The reaper ------------------------------------------------------------------------------------------


def member_imports_reap(*, now: datetime | None = None) -> dict[str, int]:
    """Leave no job behind: hand a running job whose lease ran out to another worker (or fail it
    after MEMBER_IMPORT_MAX_ATTEMPTS), and queue every job waiting for the queue or pending in it
    for longer than REPORT_QUEUE_STALE_SECONDS. Answers the counts."""
    now = now or timezone.now()
    lease_cutoff = now - timedelta(seconds=settings.MEMBER_IMPORT_LEASE_SECONDS)
    stale_cutoff = now - timedelta(seconds=settings.REPORT_QUEUE_STALE_SECONDS)
    handed: list[int] = []
    failed = 0
    with transaction.atomic():
        lost = (
            MemberImportJob.objects.select_for_update(skip_locked=True)
            .annotate(seen=Coalesce("heartbeat_at", "started_at", "updated_at"))
            .filter(status=MemberImportStatus.RUNNING, seen__lt=lease_cutoff)
        )
        for job in lost:
            job.lease_token = None
            job.heartbeat_at = None
            if job.attempts >= settings.MEMBER_IMPORT_MAX_ATTEMPTS:
                job.status = MemberImportStatus.FAILED
                job.message = _gave_up(job.attempts)
                job.finished_at = now
                failed += 1
            else:
                job.status = MemberImportStatus.PENDING
                job.message = _worker_lost(job.attempts)
                job.enqueued_at = None
                handed.append(job.pk)
            job.save(update_fields=["status", "message", "finished_at", "enqueued_at", "lease_token",
                                    "heartbeat_at", "updated_at"])  # fmt: skip
    waiting = list(
        MemberImportJob.objects.filter(
            Q(status=MemberImportStatus.WAITING)
            | Q(status=MemberImportStatus.PENDING, enqueued_at__isnull=True, created_at__lt=stale_cutoff)
            | Q(status=MemberImportStatus.PENDING, enqueued_at__lt=stale_cutoff)
        )
        .exclude(pk__in=handed)
        .values_list("pk", flat=True)
    )
    queued = sum(member_import_enqueue(job_id=job_id) for job_id in [*handed, *waiting])
    counts = {"handed_on": len(handed), "failed": failed, "requeued": len(waiting), "queued": queued}
    if any(counts.values()):
        logger.warning("Member import reaper: %s", counts)
    return counts
