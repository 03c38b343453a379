"""Celery tasks of in-service members' volunteering: large member imports, by job ID, through the services.

``run_member_import`` is acknowledged late and rejected (so redelivered) when its worker is lost;
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
from django.db import InterfaceError, OperationalError

from . import import_jobs
from .models import MemberImportJob

logger = logging.getLogger(__name__)


@shared_task(
    name="alliances.tasks.run_member_import",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.MEMBER_IMPORT_SOFT_TIME_LIMIT,
    time_limit=settings.MEMBER_IMPORT_TIME_LIMIT,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    retry_backoff_max=10 * 60,
    retry_jitter=True,
    max_retries=3,
)
def run_member_import(job_id: int) -> str:
    """Run the member import with this ID; answers its status."""
    try:
        job = import_jobs.member_import_run(job_id=job_id)
    except MemberImportJob.DoesNotExist:
        logger.warning("Member import %s no longer exists; nothing to run.", job_id)
        return "missing"
    logger.info("Member import %s is %s.", job_id, job.status)
    return job.status


@shared_task(name="alliances.tasks.reap_member_imports", acks_late=True, ignore_result=True)
def reap_member_imports() -> dict[str, int]:
    """Hand on the imports of lost workers and queue those waiting for the queue."""
    return import_jobs.member_imports_reap()


@worker_ready.connect
def _reap_when_a_worker_starts(sender=None, **kwargs) -> None:
    try:
        reap_member_imports.apply_async(queue=settings.MEMBER_IMPORT_QUEUE)
    except Exception:  # the periodic run will do it
        logger.warning("Could not queue the member import reaper on start.", exc_info=True)
