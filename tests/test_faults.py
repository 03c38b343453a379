"""Faults survived, with the real services failing: the broker stopped while a report is asked
for, beat down across the first of a month (and two beats by mistake), PostgreSQL restarted
during a burst of requests.

Each test stops and starts a real service, so they run only in a step of `.ci/run` of their own,
after the suite, with ``FAULT_TESTS=1`` (skipped elsewhere: nothing else may run while a service
is down), against PostgreSQL and Redis; each leaves the services running as it found them. The
worker-kill test is ``tests/test_worker_kill.py``.
"""

from __future__ import annotations

import os
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from communities.tests.factories import CityFactory, DistrictFactory, PartyOrganizationFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.models import Heartbeat
from jilin_grid.testing.api import api_client, api_token_key
from projects.reports.choices import ReportJobStatus
from projects.reports.models import ReportJob
from projects.reports.services import due_periods, reports_reap
from projects.tests.factories import ProgressReportFactory, ProjectFactory
from tests.processes import (
    Beat,
    Gunicorn,
    Worker,
    postgres_answers,
    postgres_restart,
    redis_answers,
    redis_start,
    redis_stop,
    wait_until,
)

pytestmark = pytest.mark.faults


@pytest.fixture(autouse=True)
def _only_in_the_fault_step():
    if os.environ.get("FAULT_TESTS") != "1":
        pytest.skip("stops and starts the real services: runs alone in .ci/run (FAULT_TESTS=1)")
    if not settings.CELERY_BROKER_URL.startswith("redis://") or connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL)")
    assert redis_answers() and postgres_answers(), "the services must be running before a fault test"
    yield
    if not redis_answers():
        redis_start()
    assert wait_until(postgres_answers, 60)


@pytest.fixture
def queue():
    return f"faults-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def district():
    district = DistrictFactory(city=CityFactory(), name="丰满区")
    organization = PartyOrganizationFactory(area_code=district.code, name="中共丰满区委员会")
    ProgressReportFactory(project=ProjectFactory(organization=organization, title="红心物业提质工程"), month=6)
    return district


def _report(pk: int) -> ReportJob:
    return ReportJob.objects.get(pk=pk)


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_stopped_a_report_waits_and_is_produced_once_when_it_is_back(
    district, processes, queue, tmp_path
):
    worker = Worker("faults-broker", queue, tmp_path / "worker.log")
    processes.append(worker)
    worker.wait_ready()
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))

    redis_stop()
    try:
        with override_settings(REPORT_QUEUE=queue):
            started = time.monotonic()
            response = client.post(
                reverse("report-list"), {"kind": "monthly", "period": "2020-06", "area": district.code}, format="json"
            )
            took = time.monotonic() - started
    finally:
        redis_start()

    assert response.status_code == 202, response.content
    assert response["Content-Type"] == "application/json"
    assert response.data["status"] == ReportJobStatus.WAITING
    assert "任务队列暂时无法连接" in response.data["message"]
    assert took < 10, f"the request waited {took:.1f} s for the broker"
    report_id = response.data["id"]
    assert _report(report_id).status == ReportJobStatus.WAITING

    # The broker is back: the reaper (beat's, every minute) queues it; the worker reconnects and produces it.
    with override_settings(REPORT_QUEUE=queue):
        counts = reports_reap()
    assert counts["queued"] == 1
    report = wait_until(lambda: _report(report_id).status == ReportJobStatus.DONE and _report(report_id), 90)
    assert report, f"not done: {_report(report_id).status}\n{worker.text()}"
    assert report.attempts == 1 and ReportJob.objects.count() == 1
    with override_settings(REPORT_QUEUE=queue):
        assert reports_reap()["queued"] == 0  # nothing left behind, nothing produced twice
    print(f"Broker stopped: 202 in {took * 1000:.0f} ms, status waiting; produced once after the broker came back.")


@pytest.mark.django_db(transaction=True)
def test_beat_down_across_the_first_is_caught_up_once_when_it_starts_and_two_beats_duplicate_nothing(
    district, processes, queue, tmp_path
):
    due = due_periods(timezone.now())
    expected = {(kind, period, code) for kind, (period, _due) in due.items() for code in ("2202", district.code)}
    assert not ReportJob.objects.exists()  # beat was down when these fell due
    catch_up = {"REPORT_CATCH_UP_DAYS": "400", "REPORT_REAPER_SECONDS": "3600"}
    worker = Worker("faults-beat", queue, tmp_path / "worker.log")
    first = Beat(queue, tmp_path / "beat-1.log", tmp_path / "schedule-1", **catch_up)
    processes.extend([worker, first])
    worker.wait_ready()
    first.wait_ready()

    rows = wait_until(lambda: set(ReportJob.objects.values_list("kind", "period", "area_code")) == expected, 60)
    assert rows, f"beat caught up {set(ReportJob.objects.values_list('kind', 'period', 'area_code'))}:\n{first.text()}"
    requested = dict(ReportJob.objects.values_list("pk", "requested_at"))
    assert Heartbeat.objects.filter(name="beat").exists()

    # A second beat by mistake, and the first started again: no second row, no second request.
    second = Beat(queue, tmp_path / "beat-2.log", tmp_path / "schedule-2", **catch_up)
    processes.append(second)
    second.wait_ready()
    first.stop()
    again = Beat(queue, tmp_path / "beat-3.log", tmp_path / "schedule-1", **catch_up)
    processes.append(again)
    again.wait_ready()
    time.sleep(3)
    assert ReportJob.objects.count() == len(expected)
    assert dict(ReportJob.objects.values_list("pk", "requested_at")) == requested

    done = wait_until(lambda: ReportJob.objects.filter(status=ReportJobStatus.DONE).count() == len(expected), 120)
    assert done, f"{list(ReportJob.objects.values_list('period', 'area_code', 'status'))}\n{worker.text()}"
    assert set(ReportJob.objects.values_list("attempts", flat=True)) == {1}  # each produced once
    periods = ", ".join(sorted({period for _kind, period, _code in expected}))
    print(f"Beat down: {len(expected)} reports of {periods} caught up once on start.")


@pytest.mark.django_db(transaction=True)
def test_a_postgresql_restart_under_traffic_answers_503_not_500_and_recovers_by_itself(district, processes, tmp_path):
    user = user_with_grant("2202", roles.API_READER)
    token = api_token_key(user)
    # Persistent connections, with health checks; the API throttle raised, since the burst is about
    # the database (the statistics are read from the kept counts fast enough to pass 1,200 a minute).
    web = Gunicorn(tmp_path / "gunicorn.log", DB_CONN_MAX_AGE="60", API_USER_RATE="1000000/min")
    processes.append(web)
    web.wait_ready()
    paths = ["/api/districts/", "/api/stats/organization-network/?area=2202", "/readyz", "/login/"]

    def get(path: str) -> tuple[int, str]:
        request = urllib.request.Request(web.url + path, headers={"Authorization": f"Token {token}"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http on the loopback)
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    assert [get(path)[0] for path in paths] == [200] * len(paths)
    seen: list[tuple[float, str, int, str]] = []
    stop = threading.Event()

    def burst() -> None:
        while not stop.is_set():
            for path in paths:
                status, body = get(path)
                seen.append((time.monotonic(), path, status, body[:300]))

    threads = [threading.Thread(target=burst) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    restart_started = time.monotonic()
    postgres_restart()
    restarted = time.monotonic()
    connection.close()  # this test's own connection went with the restart
    time.sleep(8)
    stop.set()
    for thread in threads:
        thread.join()

    statuses = Counter(status for _at, _path, status, _body in seen)
    assert statuses[500] == 0 and set(statuses) <= {200, 503}, statuses
    assert not [body for *_rest, body in seen if "Traceback" in body]
    during = Counter(status for at, _path, status, _body in seen if restart_started <= at <= restarted + 1)
    recovered = [(at, path, status) for at, path, status, _body in seen if at > restarted + 5]
    assert recovered and all(status == 200 for _at, _path, status in recovered), recovered[:10]
    for _at, _path, status, body in seen:
        if status == 503 and not body.startswith("{"):
            assert "数据库暂时无法连接" in body  # the clear page
    print(f"PostgreSQL restarted in {restarted - restart_started:.1f} s under traffic: {dict(statuses)} in all, "
          f"{dict(during)} during the restart; all 200 from 5 s after it.")  # fmt: skip
