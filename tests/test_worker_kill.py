"""A worker killed in the middle of a report does not lose it: the next worker completes it, once.

Against the real Redis and PostgreSQL (`.ci/run`; skipped elsewhere). The test starts its own
Celery worker processes, each in its own process group, on the database pytest-django created
for this run (committed rows: ``transaction=True``), with:

- ``tests/slow_report_worker.py`` starting them, so the first worker pauses half-way through the
  report, after marking the row running (its ``render_html`` waits);
- a short broker visibility timeout (``CELERY_VISIBILITY_TIMEOUT``): Redis hands a message that
  was delivered but never acknowledged to another worker once it is older than that, and the
  report's time limits (``REPORT_SOFT_TIME_LIMIT``, ``REPORT_TIME_LIMIT``) stay below it, as in
  production (600/900 s against 3600 s), so a message is not redelivered while a worker is still
  on it;
- a queue of its own (``-Q``), and the task sent there with ``apply_async(queue=...)``. `.ci/run`
  keeps a long-running worker on the same Redis database for the other broker test; it consumes
  only the default queue, so it can neither take this message first nor pick it up after the
  kill, and the only worker that can complete the report is the one this test starts. A queue
  name of this run's own also keeps a message left over from an earlier, interrupted run out.

The first worker is killed with SIGKILL, its whole process group (the pool's parent and child
together, as when a machine or container dies; nothing gets to reject or requeue the message).
The row stays running. Once the visibility timeout has passed, a second worker starts: it
restores the unacknowledged message on start-up, the report is generated again and marked done:
one row, two attempts, its files on disk, and no third run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from communities.tests.factories import CityFactory, DistrictFactory, PartyOrganizationFactory
from projects.reports.choices import ReportJobStatus, ReportKind
from projects.reports.models import ReportJob
from projects.reports.services import report_request
from projects.reports.tasks import generate_report
from projects.tests.factories import MilestoneFactory, ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.broker

BASE_DIR = Path(__file__).resolve().parent.parent
DELAY_SECONDS = 6  # the first worker's pause half-way through the report
VISIBILITY_TIMEOUT = 15  # seconds before Redis hands an unacknowledged message to another worker
SOFT_TIME_LIMIT, TIME_LIMIT = 10, 12  # the report's limits, below the visibility timeout
START_SECONDS = 60
# From the second worker's start: the restore, then the report itself, with room to spare.
DONE_SECONDS = 60


def _skip_reason() -> str | None:
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        return "needs CELERY_BROKER_URL=redis://... (runs in .ci/run)"
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL=postgres://...): the workers read the test's committed rows"
    return None


def _database_url() -> str:
    """The URL of the database this test uses (test_<NAME>), for the worker processes."""
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class Worker:
    """A Celery worker process of this test, in its own process group, logging to a file."""

    def __init__(self, name: str, queue: str, log: Path, media: Path, *, delay: float):
        self.log = log
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DB_CONN_MAX_AGE": "0",  # no connection left open, so the test database can be dropped
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "REPORT_SOFT_TIME_LIMIT": str(SOFT_TIME_LIMIT),
            "REPORT_TIME_LIMIT": str(TIME_LIMIT),
            "MEDIA_ROOT": str(media),
        }
        env.pop("CELERY_WORKER_RUNNING", None)
        command = [
            sys.executable,
            str(BASE_DIR / "tests" / "slow_report_worker.py"),
            str(delay),
            "-A",
            "jilin_grid",
            "worker",
            "--pool=prefork",  # the deployment's pool: the time limits apply
            "--concurrency=1",
            "-Q",
            queue,
            "-n",
            f"{name}@%h",
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        with log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed command line)
                command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if "ready." in self.text():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        pytest.fail(f"the worker did not start:\n{self.text()}")

    def kill(self) -> None:
        """SIGKILL the whole process group: the pool's parent and its child die together."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
        except ProcessLookupError:
            pass


def _wait_for(report: ReportJob, statuses: set[str], seconds: float) -> ReportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in statuses:
            return report
        time.sleep(0.2)
    return report


@pytest.fixture
def workers():
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


@pytest.mark.django_db(transaction=True)
def test_a_report_survives_its_worker_killed_with_sigkill(workers, tmp_path):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    assert max(SOFT_TIME_LIMIT, TIME_LIMIT) < VISIBILITY_TIMEOUT
    district = DistrictFactory(city=CityFactory())
    organization = PartyOrganizationFactory(area_code=district.code, name="中共测试区委员会")
    project = ProjectFactory(organization=organization, title="红心物业提质工程")
    MilestoneFactory(project=project, month=6)
    for month in range(1, 6):
        ProgressReportFactory(project=project, month=month, percent_complete=month * 10)

    queue = f"worker-kill-{uuid.uuid4().hex[:8]}"
    media = tmp_path / "worker-media"
    first = Worker("kill-first", queue, tmp_path / "first.log", media, delay=DELAY_SECONDS)
    workers.append(first)
    first.wait_ready()

    # Requested as the API does (a row, pending), then sent to this test's queue.
    report = report_request(kind=ReportKind.MONTHLY, period="2020-06", area_code=district.code, enqueue=False)
    generate_report.apply_async((report.pk,), queue=queue)

    report = _wait_for(report, {ReportJobStatus.RUNNING, ReportJobStatus.DONE, ReportJobStatus.FAILED}, 30)
    assert report.status == ReportJobStatus.RUNNING, f"the first worker did not start the report:\n{first.text()}"
    assert report.attempts == 1
    running_seen = time.monotonic()  # the message was delivered before this
    first.kill()

    time.sleep(2)
    report.refresh_from_db()
    assert report.status == ReportJobStatus.RUNNING, "the killed worker's report must stay running, not done or failed"
    assert report.attempts == 1 and not report.xlsx and not report.pdf and report.finished_at is None

    # A worker restores the unacknowledged messages older than the visibility timeout when it
    # starts, then on a slow sweep (kombu: every 10 s × 10 calls); start the next one after it.
    time.sleep(max(0.0, running_seen + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    second = Worker("kill-second", queue, tmp_path / "second.log", media, delay=0)
    workers.append(second)
    second.wait_ready()
    report = _wait_for(report, {ReportJobStatus.DONE, ReportJobStatus.FAILED}, DONE_SECONDS)
    assert report.status == ReportJobStatus.DONE, (
        f"status {report.status} {report.message!r} after {DONE_SECONDS} s:\n{second.text()}"
    )
    # Done once: one row, the second attempt, its files written by the second worker.
    assert ReportJob.objects.filter(kind=ReportKind.MONTHLY, period="2020-06", area_code=district.code).count() == 1
    assert report.attempts == 2
    assert report.finished_at and report.started_at and report.finished_at >= report.started_at
    assert "红心物业提质工程" in report.html
    for field in (report.xlsx, report.pdf):
        path = media / field.name
        assert path.is_file() and path.stat().st_size > 0, path
    assert (media / report.pdf.name).read_bytes().startswith(b"%PDF")

    # No third run: the redelivered message was acknowledged.
    time.sleep(3)
    report.refresh_from_db()
    assert report.attempts == 2 and report.status == ReportJobStatus.DONE
    log = second.text()
    assert log.count("projects.tasks.generate_report") >= 1 and "succeeded" in log
