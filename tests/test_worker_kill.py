"""A worker killed in the middle of a report does not lose it, and it is noticed within seconds of
the lease running out, not when the broker's visibility timeout (an hour) redelivers the message:
the reaper, sent by a real beat, hands the report to another worker, which completes it once.

Against the real Redis and PostgreSQL (`.ci/run`; skipped elsewhere), on the database
pytest-django created for this run (committed rows: ``transaction=True``). The processes
(``tests/processes.py``) are the deployment's: prefork workers with the production time limits
and visibility timeout, and celery beat; only the lease is short (a heartbeat every second, a
lease of four) and the reaper runs every second, so the test takes seconds. Everything goes to
a queue of this run's own (``REPORT_QUEUE``), so `.ci/run`'s long-running worker on the default
queue can take nothing of it.

The first worker is started through ``tests/slow_report_worker.py``, so it pauses half-way through
the report, after taking the lease; it is killed with SIGKILL, its whole process group (as when a
machine or container dies; nothing gets to reject or requeue the message).
"""

from __future__ import annotations

import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from communities.tests.factories import CityFactory, DistrictFactory, PartyOrganizationFactory
from projects.reports.choices import ReportJobStatus, ReportKind
from projects.reports.models import ReportJob
from projects.reports.services import report_request
from projects.tests.factories import MilestoneFactory, ProgressReportFactory, ProjectFactory
from tests.processes import BASE_DIR, Beat, Worker, wait_until

pytestmark = pytest.mark.broker

HEARTBEAT_SECONDS, LEASE_SECONDS = 1, 4
MARGIN_SECONDS = 30  # the reaper's next run, the second worker's start of the report, the report itself
LEASE = {
    "REPORT_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
    "REPORT_LEASE_SECONDS": str(LEASE_SECONDS),
    "REPORT_REAPER_SECONDS": "1",
    "REPORT_CATCH_UP_DAYS": "0",
}


def _skip_reason() -> str | None:
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        return "needs CELERY_BROKER_URL=redis://... (runs in .ci/run)"
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL=postgres://...): the workers read the test's committed rows"
    return None


def _status(report: ReportJob) -> ReportJob:
    report.refresh_from_db()
    return report


@pytest.mark.django_db(transaction=True)
def test_a_report_survives_its_worker_killed_with_sigkill(processes, tmp_path):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    visibility_timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility_timeout >= 3600, "the production visibility timeout: it must not be what saves the report"
    district = DistrictFactory(city=CityFactory())
    organization = PartyOrganizationFactory(area_code=district.code, name="中共测试区委员会")
    project = ProjectFactory(organization=organization, title="红心物业提质工程")
    MilestoneFactory(project=project, month=6)
    for month in range(1, 6):
        ProgressReportFactory(project=project, month=month, percent_complete=month * 10)

    queue = f"worker-kill-{uuid.uuid4().hex[:8]}"
    slow = [sys.executable, str(BASE_DIR / "tests" / "slow_report_worker.py"), "120"]
    first = Worker("kill-first", queue, tmp_path / "first.log", program=slow, **LEASE)
    processes.append(first)
    first.wait_ready()

    # Requested as the API does (a row, queued after commit), on this test's queue.
    with override_settings(REPORT_QUEUE=queue):
        report = report_request(kind=ReportKind.MONTHLY, period="2020-06", area_code=district.code)
    report = wait_until(lambda: _status(report).status != ReportJobStatus.PENDING and report, 30)
    assert report.status == ReportJobStatus.RUNNING, f"the first worker did not start the report:\n{first.text()}"
    assert report.attempts == 1 and report.lease_token

    # A second worker and beat (the reaper every second) start while the first one works: its
    # heartbeat keeps the lease, so nobody takes the report from it.
    second = Worker("kill-second", queue, tmp_path / "second.log", **LEASE)
    beat = Beat(queue, tmp_path / "beat.log", tmp_path / "beat-schedule", **LEASE)
    processes.extend([second, beat])
    second.wait_ready()
    beat.wait_ready()
    time.sleep(LEASE_SECONDS + 2)
    report = _status(report)
    assert (report.status, report.attempts) == (ReportJobStatus.RUNNING, 1), "a live worker's report was taken"
    assert "projects.tasks.reap_reports" in second.text(), f"beat sent no reaper:\n{beat.text()}"

    first.kill()
    killed_at = time.monotonic()
    report = wait_until(lambda: _status(report).status in (ReportJobStatus.DONE, ReportJobStatus.FAILED) and report,
                        LEASE_SECONDS + MARGIN_SECONDS)  # fmt: skip
    took = time.monotonic() - killed_at
    assert report.status == ReportJobStatus.DONE, (
        f"status {report.status} {report.message!r} {took:.0f} s after the kill:\n{second.text()}"
    )
    assert took < LEASE_SECONDS + MARGIN_SECONDS
    # Done once: one row, the second attempt, its files written by the second worker.
    assert ReportJob.objects.filter(kind=ReportKind.MONTHLY, period="2020-06", area_code=district.code).count() == 1
    assert report.attempts == 2 and report.lease_token is None
    assert "红心物业提质工程" in report.html
    for field in (report.xlsx, report.pdf):
        assert field.storage.exists(field.name) and field.size > 0
    with report.pdf.open("rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # No third run.
    time.sleep(3)
    report = _status(report)
    assert report.attempts == 2 and report.status == ReportJobStatus.DONE
    print(f"Worker killed: the report was done {took:.1f} s later (lease {LEASE_SECONDS} s).")
