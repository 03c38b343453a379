"""Celery tasks of in-service members' volunteering: large member imports, by job ID, through the services.

``run_member_import`` (a ``jilin_grid.jobs.LeasedJobTask``) is acknowledged late and rejected (so
redelivered) when its worker is lost;
the worker holds a lease on the job that it renews while it works, and the reaper
(``reap_member_imports``, run by beat and by every worker when it starts) hands a job whose lease
ran out to another worker, or queues a job the broker could not take. Only the holder of the
lease finishes a job and a job done is not run again, so a redelivered message imports once. The
time limits stay below the broker's visibility timeout.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from jilin_grid.jobs import LeasedJobTask, job_task_options, job_task_run, queue_reaper_on_start

from . import import_jobs

logger = logging.getLogger(__name__)


@shared_task(
    base=LeasedJobTask,
    name="alliances.tasks.run_member_import",
    **job_task_options("MEMBER_IMPORT"),
)
def run_member_import(job_id: int) -> str:
    """Run the member import with this ID; answers its status."""
    return job_task_run(import_jobs.MEMBER_IMPORT_JOBS, lambda pk: import_jobs.member_import_run(job_id=pk), job_id)


@shared_task(name="alliances.tasks.reap_member_imports", acks_late=True, ignore_result=True)
def reap_member_imports() -> dict[str, int]:
    """Hand on the imports of lost workers and queue those waiting for the queue."""
    return import_jobs.member_imports_reap()


@worker_ready.connect
def _reap_when_a_worker_starts(sender=None, **kwargs) -> None:
    queue_reaper_on_start(reap_member_imports, settings.MEMBER_IMPORT_QUEUE)
