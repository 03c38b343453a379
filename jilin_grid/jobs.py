"""Background jobs run by the Celery worker as a database row under a lease: the shared machinery of
the dispatch reports (``projects.reports``) and the large member imports (``alliances.volunteering``).

A job is a row of a model built on ``LeasedJob``; a ``JobKind`` says which model, which task runs it
and what its messages say. The life of a job:

- ``job_enqueue`` hands its message to the broker after the row is committed; when the broker
  cannot be reached the row waits for the queue (status ``waiting``, with the reason) and the
  caller's request still succeeds;
- the worker takes the lease with ``job_claim`` (under ``select_for_update``, one more attempt, a
  token of its own), renews it with ``LeaseHeartbeat`` from a thread of its own while it works
  (writing its progress, if it has any), and finishes the job only while it still holds the token
  (``job_locked_if_holder``, ``job_fail``), so a job handed on is never finished twice;
- ``jobs_reap`` hands a job whose lease ran out to another worker, or fails it after its maximum
  attempts, and queues every job waiting for the queue or pending in it too long.

A job's status set by a conditional update (waiting for the queue, queued again, failed) is
recorded in the audit trail (``audited_update``); the worker's lease and heartbeat are its own
bookkeeping and are not. The settings are read when used, by the names the model gives
(``JobSettings``): ``<PREFIX>_QUEUE``, ``_HEARTBEAT_SECONDS``, ``_LEASE_SECONDS``, ``_MAX_ATTEMPTS``.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar

from celery import Task
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    """Where a job run by the worker stands."""

    PENDING = "pending", _("Pending")
    # Written, but the broker could not be reached: the reaper queues it when the broker is back.
    WAITING = "waiting", _("Waiting for the queue")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")

    @classmethod
    def in_progress(cls) -> tuple[str, ...]:
        """Statuses of a job still to run: its page keeps asking."""
        return (cls.PENDING, cls.WAITING, cls.RUNNING)


@dataclass(frozen=True)
class JobSettings:
    """The names of a job model's settings, read when used (tests and operators change them)."""

    prefix: str
    # How long a job may wait in the queue before the reaper queues it again.
    stale_setting: str = ""

    def _get(self, suffix: str):
        return getattr(settings, f"{self.prefix}_{suffix}")

    @property
    def queue(self) -> str:
        return self._get("QUEUE")

    @property
    def heartbeat_seconds(self) -> float:
        return self._get("HEARTBEAT_SECONDS")

    @property
    def lease_seconds(self) -> float:
        return self._get("LEASE_SECONDS")

    @property
    def max_attempts(self) -> int:
        return self._get("MAX_ATTEMPTS")

    @property
    def queue_stale_seconds(self) -> float:
        return getattr(settings, self.stale_setting or f"{self.prefix}_QUEUE_STALE_SECONDS")


class LeasedJob(models.Model):
    """The columns every job has: where it stands, why, and the lease of the worker on it.

    A concrete model names its settings (``job_settings``) and needs an ``updated_at`` column.
    """

    job_settings: ClassVar[JobSettings]

    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.PENDING)
    message = models.TextField(_("message"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    enqueued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    # The worker on the job holds a lease: a token of its own, renewed by a heartbeat. A lease not
    # renewed for <PREFIX>_LEASE_SECONDS lets the reaper hand the job to another worker; only the
    # holder of the token may finish it.
    lease_token = models.UUIDField(_("lease token"), null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def in_progress(self) -> bool:
        return self.status in JobStatus.in_progress()

    @property
    def max_attempts(self) -> int:
        return self.job_settings.max_attempts


@dataclass(frozen=True)
class JobKind:
    """One kind of job: its model, the task that runs it (its dotted path, imported when used, as the
    tasks import the services) and what it tells people when the broker is away or its workers are lost."""

    model: type[LeasedJob]
    name: str  # in the logs: "Report", "Member import"
    task_path: str
    queue_unreachable: str
    worker_lost: Callable[[int], str]
    gave_up: Callable[[int], str]
    # The column saying since when a job never handed to the broker has been pending.
    pending_since: str = "created_at"
    # Further columns the claim sets back (e.g. the progress of an earlier attempt).
    claim_resets: Mapping[str, Any] = field(default_factory=dict)
    # Called with the ID of each job the reaper failed for good (e.g. to tell whoever asked).
    on_gave_up: Callable[[int], Any] | None = None

    @property
    def settings(self) -> JobSettings:
        return self.model.job_settings

    def task(self) -> Task:
        return import_string(self.task_path)


# -- Queueing --------------------------------------------------------------------------------------------


def job_enqueue(kind: JobKind, job_id: int) -> bool:
    """Hand the job's message to the broker; answers whether it could.

    Called after the row is committed. When the broker cannot be reached (whatever the
    transport's error), the row is marked waiting for the queue with the reason, and the reaper
    queues it once the broker answers again: the caller's request never fails because of it.
    """
    from jilin_grid.audit.services import audited_update

    model = kind.model
    now = timezone.now()
    try:
        kind.task().apply_async((job_id,), queue=kind.settings.queue)
    except Exception as error:  # each transport raises its own connection errors
        logger.warning("%s %s could not be queued (%s: %s); it waits for the queue.", kind.name, job_id,
                       type(error).__name__, error)  # fmt: skip
        audited_update(
            model.objects.filter(pk=job_id, status__in=(JobStatus.PENDING, JobStatus.WAITING)),
            status=JobStatus.WAITING,
            message=kind.queue_unreachable,
            updated_at=now,
        )
        return False
    audited_update(
        model.objects.filter(pk=job_id, status=JobStatus.WAITING),
        status=JobStatus.PENDING,
        message="",
        enqueued_at=now,
        updated_at=now,
    )
    model.objects.filter(pk=job_id, status=JobStatus.PENDING).update(enqueued_at=now, updated_at=now)
    return True


# -- Running under a lease -------------------------------------------------------------------------------


def lease_expired(job: LeasedJob, now: datetime | None = None) -> bool:
    """Whether the worker on a running job has stopped renewing its lease."""
    seen = job.heartbeat_at or job.started_at
    now = now or timezone.now()
    return seen is None or seen < now - timedelta(seconds=job.job_settings.lease_seconds)


class LeaseHeartbeat:
    """Renews a job's lease every <PREFIX>_HEARTBEAT_SECONDS from a thread (and so a database
    connection) of its own while the job runs; ``lost`` is set when the lease was taken away (the
    reaper handed the job on, or someone asked for it again). ``progress``, if given, answers
    further columns written with each renewal (the rows done so far)."""

    def __init__(
        self, model: type[LeasedJob], job_id: int, token: uuid.UUID, progress: Callable[[], dict] | None = None
    ):
        self.model, self.job_id, self.token, self._progress = model, job_id, token, progress
        self.lost = threading.Event()
        self._stop = threading.Event()
        name = f"{model._meta.model_name}-{job_id}-lease"
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def __enter__(self) -> LeaseHeartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        label = self.model._meta.verbose_name
        try:
            while not self._stop.wait(self.model.job_settings.heartbeat_seconds):
                values = {"heartbeat_at": timezone.now(), **(self._progress() if self._progress else {})}
                try:
                    renewed = self.model.objects.filter(pk=self.job_id, lease_token=self.token).update(**values)
                except Exception:  # the database may be busy or away; the lease then runs out
                    logger.warning("%s %s: the lease could not be renewed.", label, self.job_id, exc_info=True)
                    close_old_connections()
                    continue
                if not renewed:
                    logger.warning("%s %s: the lease was taken away; this worker's result will be dropped.", label,
                                   self.job_id)  # fmt: skip
                    self.lost.set()
                    return
        finally:
            connection.close()


def job_claim(kind: JobKind, job_id: int) -> tuple[LeasedJob, uuid.UUID | None]:
    """Take the job's lease for this worker: (the row, the token), or (the row, None) when the job
    is done or another worker holds a live lease on it. A job handed on by the reaper keeps the
    reaper's message while it runs again."""
    with transaction.atomic():
        job = kind.model.objects.select_for_update().get(pk=job_id)
        if job.status == JobStatus.DONE:
            return job, None
        if job.status == JobStatus.RUNNING and not lease_expired(job):
            logger.info("%s %s is run by another worker; this message is dropped.", kind.name, job_id)
            return job, None
        handed_on = job.status == JobStatus.PENDING and job.attempts > 0 and job.message
        now = timezone.now()
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = now
        job.finished_at = None
        job.message = job.message if handed_on else ""
        job.lease_token = uuid.uuid4()
        job.heartbeat_at = now
        for name, value in kind.claim_resets.items():
            setattr(job, name, value)
        job.save(
            update_fields=[
                "status", "attempts", "started_at", "finished_at", "message", "lease_token", "heartbeat_at",
                *kind.claim_resets, "updated_at",
            ]
        )  # fmt: skip
        return job, job.lease_token


def job_locked_if_holder(kind: JobKind, job_id: int, token: uuid.UUID) -> LeasedJob | None:
    """The job, locked for the rest of the caller's transaction, if this worker still holds its
    lease; None when it was handed on meanwhile (the caller then drops its result)."""
    job = kind.model.objects.select_for_update().get(pk=job_id)
    if job.lease_token != token:
        logger.warning("%s %s was handed on while this worker ran it; its result is dropped.", kind.name, job_id)
        return None
    return job


def job_mark_done(job: LeasedJob, *, message: str = "") -> None:
    """Set a job held by this worker done and give up its lease (the caller saves it)."""
    job.status = JobStatus.DONE
    job.message = message
    job.finished_at = timezone.now()
    job.lease_token = None


def job_fail(kind: JobKind, job_id: int, token: uuid.UUID, message: str) -> int:
    """Mark the job failed with the reason, if this worker still holds its lease."""
    from jilin_grid.audit.services import audited_update

    now = timezone.now()
    return audited_update(
        kind.model.objects.filter(pk=job_id, lease_token=token),
        status=JobStatus.FAILED,
        message=message,
        finished_at=now,
        lease_token=None,
        updated_at=now,
    )


# -- The reaper ------------------------------------------------------------------------------------------


def jobs_reap(kind: JobKind, *, now: datetime | None = None) -> dict[str, int]:
    """Leave no job behind: hand a running job whose lease ran out to another worker (or fail it
    after <PREFIX>_MAX_ATTEMPTS, calling ``on_gave_up``), and queue every job waiting for the queue
    or pending in it for longer than its stale setting. Answers the counts."""
    model, job_settings = kind.model, kind.settings
    now = now or timezone.now()
    lease_cutoff = now - timedelta(seconds=job_settings.lease_seconds)
    stale_cutoff = now - timedelta(seconds=job_settings.queue_stale_seconds)
    max_attempts = job_settings.max_attempts
    handed: list[int] = []
    failed: list[int] = []
    with transaction.atomic():
        lost = (
            model.objects.select_for_update(skip_locked=True)
            .annotate(seen=Coalesce("heartbeat_at", "started_at", "updated_at"))
            .filter(status=JobStatus.RUNNING, seen__lt=lease_cutoff)
        )
        for job in lost:
            job.lease_token = None
            job.heartbeat_at = None
            if job.attempts >= max_attempts:
                job.status = JobStatus.FAILED
                job.message = kind.gave_up(job.attempts)
                job.finished_at = now
                failed.append(job.pk)
            else:
                job.status = JobStatus.PENDING
                job.message = kind.worker_lost(job.attempts)
                job.enqueued_at = None
                handed.append(job.pk)
            job.save(update_fields=["status", "message", "finished_at", "enqueued_at", "lease_token",
                                    "heartbeat_at", "updated_at"])  # fmt: skip
    for job_id in failed:
        logger.error("%s %s: its workers were lost %s times; it failed for good.", kind.name, job_id, max_attempts)
        if kind.on_gave_up is not None:
            kind.on_gave_up(job_id)
    waiting = list(
        model.objects.filter(
            Q(status=JobStatus.WAITING)
            | Q(status=JobStatus.PENDING, enqueued_at__isnull=True, **{f"{kind.pending_since}__lt": stale_cutoff})
            | Q(status=JobStatus.PENDING, enqueued_at__lt=stale_cutoff)
        )
        .exclude(pk__in=handed)
        .values_list("pk", flat=True)
    )
    queued = sum(job_enqueue(kind, job_id) for job_id in [*handed, *waiting])
    counts = {"handed_on": len(handed), "failed": len(failed), "requeued": len(waiting), "queued": queued}
    if any(counts.values()):
        logger.warning("%s reaper: %s", kind.name, counts)
    return counts


# -- The Celery task -------------------------------------------------------------------------------------


class LeasedJobTask(Task):
    """The base of a task running a job by its ID.

    Acknowledged late and rejected (so redelivered) when its worker is lost; retried with a
    backoff when the database is away. Each task gives its own time limits, which stay below the
    broker's visibility timeout so a message is never redelivered while a worker is still on it.
    """

    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = (OperationalError, InterfaceError)
    retry_backoff = 30
    retry_backoff_max = 10 * 60
    retry_jitter = True
    max_retries = 3


def job_task_options(prefix: str) -> dict[str, int]:
    """The time limits of a job's task, from <PREFIX>_SOFT_TIME_LIMIT and <PREFIX>_TIME_LIMIT."""
    return {
        "soft_time_limit": getattr(settings, f"{prefix}_SOFT_TIME_LIMIT"),
        "time_limit": getattr(settings, f"{prefix}_TIME_LIMIT"),
    }


def job_task_run(kind: JobKind, run: Callable[[int], LeasedJob], job_id: int) -> str:
    """Run the job with this ID through ``run(job_id)`` (the domain's service); answers its status,
    or "missing" when the row is gone."""
    try:
        job = run(job_id)
    except kind.model.DoesNotExist:
        logger.warning("%s %s no longer exists; nothing to run.", kind.name, job_id)
        return "missing"
    logger.info("%s %s (%s) is %s.", kind.name, job_id, job, job.status)
    return job.status


def queue_reaper_on_start(task: Task, queue: str, **kwargs: Any) -> None:
    """A worker that starts (after a crash, a deployment) queues a reaper at once."""
    try:
        task.apply_async(queue=queue, **kwargs)
    except Exception:  # the periodic run will do it
        logger.warning("Could not queue %s on start.", task.name, exc_info=True)
