"""Large member imports, run by the Celery worker as a job: starting one, queueing it, running it
under a lease, and the reaper that hands on what a lost worker or an unreachable broker left.

``member_import_start`` reads the upload in the request (bounded: size, unpacked size, rows read).
A sheet of at most ``MEMBER_IMPORT_SYNC_MAX_ROWS`` member rows is imported there and then, as
before; a larger one is stored as a ``MemberImportJob`` with its rows, queued after commit, and
the page (or the API) answers at once with the job. The worker checks and writes the rows
through the same ``members_import_rows`` in one transaction, so the job's result is the one the
request would have given: every row written, or none and every bad row with its reasons.

A job of the worker like the dispatch reports (``jilin_grid.jobs``): when the broker cannot be reached the job
waits for the queue and the reaper queues it later; the worker on a job holds a lease renewed
by a heartbeat (which also writes the rows done), the reaper hands a job whose lease ran out to
another worker, and only the holder of the lease may finish it, in the transaction that writes
the rows, so a redelivered message imports once.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from jilin_grid import jobs
from jilin_grid.api.exceptions import bilingual
from jilin_grid.scope import get_scope
from jilin_grid.services import save_validated

from .choices import MemberImportStatus
from .imports import ImportResult, _Row, members_import_read, members_import_rows
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


# The member imports as jobs of the worker (jilin_grid.jobs): leased, reaped and queued like every job.
MEMBER_IMPORT_JOBS = jobs.JobKind(
    model=MemberImportJob,
    name="Member import",
    task_path="alliances.volunteering.tasks.run_member_import",
    queue_unreachable=QUEUE_UNREACHABLE,
    worker_lost=_worker_lost,
    gave_up=_gave_up,
    claim_resets={"rows_done": 0},
)


# -- Rows kept for a job ---------------------------------------------------------------------------------


def _cell_to_json(value: Any) -> Any:
    """A cell as JSON holds it: dates and times tagged, so the job reads back what the sheet held."""
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _cell_from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return date.fromisoformat(value["date"])
    return value


def rows_to_json(rows: list[_Row]) -> list[dict]:
    """The rows read from a workbook, as a job stores them for the worker."""
    return [
        {"row": row.number, "values": {key: _cell_to_json(value) for key, value in row.values.items()}} for row in rows
    ]


def rows_from_json(data: list[dict]) -> list[_Row]:
    return [
        _Row(number=item["row"], values={key: _cell_from_json(value) for key, value in item["values"].items()})
        for item in data
    ]


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
    return jobs.job_enqueue(MEMBER_IMPORT_JOBS, job_id)


# -- Running a job under a lease ------------------------------------------------------------------------


class _LeaseLost(Exception):
    """The job was handed to another worker while this one ran it: undo this one's writes."""


class JobHeartbeat(jobs.LeaseHeartbeat):
    """Renews the job's lease and writes the rows done every MEMBER_IMPORT_HEARTBEAT_SECONDS, from a
    thread (and so a database connection) of its own, while the rows are written."""

    def __init__(self, job_id: int, token: uuid.UUID):
        self.done = 0
        super().__init__(MemberImportJob, job_id, token, progress=lambda: {"rows_done": self.done})

    def progress(self, done: int) -> None:
        self.done = done


def member_import_run(*, job_id: int) -> MemberImportJob:
    """Run a job: check and write its rows as the requester, and keep the result on the job.

    The rows and the job's result are written in one transaction, and only while this worker
    holds the lease: a job handed on meanwhile keeps nothing of this run. On an exception the job
    is marked failed with the reason and the exception goes on (the task decides about retrying).
    """
    job, token = jobs.job_claim(MEMBER_IMPORT_JOBS, job_id)
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
            job = jobs.job_locked_if_holder(MEMBER_IMPORT_JOBS, job_id, token)
            if job is None:
                raise _LeaseLost
            jobs.job_mark_done(job, message="" if result.ok else nothing_imported(result))
            job.result = result_summary(result)
            job.rows_done = job.rows_total
            job.rows = []  # the names and phones read are now in the reports, or not wanted
            job.save()
        return job
    except _LeaseLost:
        logger.warning("Member import %s: this worker's writes are undone.", job_id)
        return MemberImportJob.objects.get(pk=job_id)
    except Exception as error:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            message = _("The import could not be run; nothing was written: %(reason)s") % {"reason": error}
        jobs.job_fail(MEMBER_IMPORT_JOBS, job_id, token, message)
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
    return jobs.jobs_reap(MEMBER_IMPORT_JOBS, now=now)
