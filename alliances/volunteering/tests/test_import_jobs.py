"""Large member imports run by the worker as a job: the request answers at once with a pending job,
the task (called directly, as the worker would) writes what the request would have written, and
the job's page, its polling part, its errors workbook and the API tell how it stands, to those
who see its area only. The broker away and a lost worker leave no job behind.
"""

from __future__ import annotations

import io
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError
from openpyxl import load_workbook

from alliances.tests.factories import UnitOrganizationFactory
from alliances.volunteering import import_jobs
from alliances.volunteering.choices import MemberImportStatus, MemberReportStatus
from alliances.volunteering.imports import members_import
from alliances.volunteering.models import MemberImportJob, MemberReport
from alliances.volunteering.tasks import reap_member_imports, run_member_import
from alliances.volunteering.tests.test_imports import HEADERS, workbook
from jilin_grid.testing.api import api_client
from jilin_grid.testing.views import build_world

pytestmark = pytest.mark.django_db

PAGE = "/volunteering/import/"
API = "/api/in-service-members/import/"


@pytest.fixture(autouse=True)
def _quiet_heartbeat(settings):
    """The lease's own thread stays asleep: the tests' database is not shared between threads."""
    settings.MEMBER_IMPORT_HEARTBEAT_SECONDS = 3600


@pytest.fixture
def world(db):
    world = build_world()
    world.organization = UnitOrganizationFactory(name="中共吉林市财政局机关委员会", host_unit_name="吉林市财政局")
    return world


@pytest.fixture
def queued():
    """The jobs handed to the broker (after commit), without a broker."""
    with mock.patch.object(run_member_import, "apply_async") as apply_async:
        yield apply_async


def rows(world, count: int, *, bad: tuple[int, ...] = ()) -> list[list]:
    """``count`` member rows; those at the indexes ``bad`` lack their name."""
    made = []
    for n in range(count):
        values = {
            "姓名": "" if n in bad else f"王{n}",
            "手机号": f"1390{n:07d}",
            "性别": "女",
            "工作单位": "",
            "所在党组织": world.organization.name,
            "居住社区代码": world.community.code,
            "特长": "",
            "服务时间": "",
            "报到日期": "2024-03-01",
        }
        made.append([values[header] for header in HEADERS])
    return made


def sync_summary(world, sheet) -> dict:
    """What the request would have answered for these rows, without keeping what it wrote."""

    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            summary = import_jobs.result_summary(members_import(file=workbook(sheet), actor=world.writer))
            raise Undo
    except Undo:
        pass
    return summary


def job_for(world, sheet, settings, client=None) -> MemberImportJob:
    settings.MEMBER_IMPORT_SYNC_MAX_ROWS = min(settings.MEMBER_IMPORT_SYNC_MAX_ROWS, len(sheet) - 1)
    client = client or api_client(world.writer)
    language = translation.get_language()  # the request's language is the job's
    response = client.post(API, {"file": workbook(sheet)}, format="multipart", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 202, response.content
    return MemberImportJob.objects.get(pk=response.json()["id"])


# Queued, not held ---------------------------------------------------------------------------------


def test_a_301_row_file_answers_at_once_with_a_pending_job(world, client, queued, settings):
    """The request only files the job: its cost is the same for 301 rows as for 602 (the rows are
    read by the worker), which a wall-clock limit on a shared machine cannot tell."""
    assert settings.MEMBER_IMPORT_SYNC_MAX_ROWS == 300
    client.force_login(world.writer)
    client.get(PAGE)  # the page once, so what is counted is the import and not the first page's set-up
    larger = rows(world, 602)
    client.post(PAGE, {"file": workbook(larger)})  # the session's first write is not the import's cost
    with CaptureQueriesContext(connection) as large, translation.override("en"):
        client.post(PAGE, {"file": workbook(larger)})
    MemberImportJob.objects.all().delete()
    upload = workbook(rows(world, 301))
    with CaptureQueriesContext(connection) as small, translation.override("en"):
        response = client.post(PAGE, {"file": upload})
    assert len(small.captured_queries) == len(large.captured_queries) < 301
    job = MemberImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("alliances:member_import_job", args=[job.pk])
    assert (job.status, job.rows_total, job.rows_done, job.requested_by) == ("pending", 301, 0, world.writer)
    assert job.area_code == world.community.code and job.file_name == "members.xlsx"
    assert not MemberReport.objects.exists()  # nothing written by the request


def test_the_job_is_queued_after_commit(world, queued, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_for(world, rows(world, 3), settings)
    queued.assert_called_once_with((job.pk,), queue=settings.MEMBER_IMPORT_QUEUE)
    job.refresh_from_db()
    assert job.enqueued_at is not None and job.status == MemberImportStatus.PENDING


def test_small_imports_stay_in_the_request(world, queued, settings):
    settings.MEMBER_IMPORT_SYNC_MAX_ROWS = 3
    response = api_client(world.writer).post(API, {"file": workbook(rows(world, 3))}, format="multipart")
    assert response.status_code == 201
    assert response.json()["reported"] == 3
    assert not MemberImportJob.objects.exists()
    queued.assert_not_called()


# The task gives the request's result ------------------------------------------------------------------


def test_the_task_writes_what_the_request_would_have_written(world, queued, settings):
    sheet = rows(world, 301)
    with translation.override("en"):
        expected = sync_summary(world, sheet)
        assert not MemberReport.objects.exists()
        job = job_for(world, sheet, settings)
    assert run_member_import(job.pk) == MemberImportStatus.DONE
    job.refresh_from_db()
    assert job.result == expected
    assert expected["reported"] == 301 and expected["row_errors"] == []
    assert (job.status, job.rows_done, job.message) == ("done", 301, "")
    assert job.finished_at is not None and job.lease_token is None and job.rows == []
    reports = MemberReport.objects.filter(community=world.community)
    assert reports.count() == 301 and {r.status for r in reports} == {MemberReportStatus.REPORTED}
    # A redelivered message imports nothing twice.
    assert run_member_import(job.pk) == MemberImportStatus.DONE
    assert MemberReport.objects.count() == 301


def test_the_task_refuses_bad_rows_as_the_request_does(world, queued, settings):
    sheet = rows(world, 6, bad=(1, 4))
    with translation.override("en"):
        expected = sync_summary(world, sheet)
        job = job_for(world, sheet, settings)
    run_member_import(job.pk)
    job.refresh_from_db()
    assert job.result == expected
    assert [bad["row"] for bad in job.result["row_errors"]] == [3, 6]
    assert job.result["row_errors"][0]["errors"] == ["姓名 is required."]
    assert (job.result["reported"], job.result["skipped"]) == (0, 6)
    assert job.status == MemberImportStatus.DONE and not MemberReport.objects.exists()  # every row or none


# The pages -----------------------------------------------------------------------------------------


def test_the_job_page_shows_its_progress_and_keeps_asking_until_done(world, client, queued, settings):
    with translation.override("en"):
        job = job_for(world, rows(world, 4), settings)
    client.force_login(world.writer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        page = client.get(reverse("alliances:member_import_job", args=[job.pk])).content.decode()
        assert 'data-status="pending"' in page and "0 of 4 rows done" in page
        assert f'hx-get="{reverse("alliances:member_import_job_status", args=[job.pk])}"' in page
        assert 'hx-trigger="every 2s"' in page
        MemberImportJob.objects.filter(pk=job.pk).update(status=MemberImportStatus.RUNNING, rows_done=2)
        part = client.get(reverse("alliances:member_import_job_status", args=[job.pk])).content.decode()
        assert part.lstrip().startswith("<div") and "<html" not in part
        assert 'data-status="running"' in part and "2 of 4 rows done" in part and "every 2s" in part
        MemberImportJob.objects.filter(pk=job.pk).update(status=MemberImportStatus.PENDING, rows_done=0)
        run_member_import(job.pk)
        part = client.get(reverse("alliances:member_import_job_status", args=[job.pk])).content.decode()
    assert 'data-status="done"' in part and "hx-get" not in part  # it stops asking
    assert "4 members reported" in part and "4 of 4 rows done" in part


def test_the_errors_workbook_lists_every_bad_row(world, client, queued, settings):
    with translation.override("en"):
        job = job_for(world, rows(world, 5, bad=(2,)), settings)
        run_member_import(job.pk)
    client.force_login(world.writer)
    page = client.get(reverse("alliances:member_import_job", args=[job.pk])).content.decode()
    url = reverse("alliances:member_import_job_errors", args=[job.pk])
    assert 'data-testid="import-refused"' in page and url in page
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = [list(line) for line in sheet.iter_rows(min_row=2, values_only=True)]
    assert lines == [[4, "姓名 is required."]]


def test_a_job_with_no_bad_rows_has_no_errors_workbook(world, client, queued, settings):
    job = job_for(world, rows(world, 3), settings)
    run_member_import(job.pk)
    client.force_login(world.writer)
    assert client.get(reverse("alliances:member_import_job_errors", args=[job.pk])).status_code == 404


def test_a_failed_job_shows_why(world, client, queued, settings):
    job = job_for(world, rows(world, 3), settings)
    with (
        mock.patch.object(import_jobs, "members_import_rows", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        run_member_import(job.pk)
    job.refresh_from_db()
    assert job.status == MemberImportStatus.FAILED and "disk full" in job.message
    client.force_login(world.writer)
    page = client.get(reverse("alliances:member_import_job", args=[job.pk])).content.decode()
    assert 'data-status="failed"' in page and "disk full" in page and 'data-testid="import-job-message"' in page
    assert "hx-get" not in page
    assert not MemberReport.objects.exists()


def test_another_areas_job_is_not_found(world, client, queued, settings):
    job = job_for(world, rows(world, 3), settings)
    client.force_login(world.outsider)
    for name in ("member_import_job", "member_import_job_status", "member_import_job_errors"):
        assert client.get(reverse(f"alliances:{name}", args=[job.pk])).status_code == 404, name
    assert api_client(world.outsider).get(f"{API}{job.pk}/").status_code == 404


# The API --------------------------------------------------------------------------------------------


def test_the_api_answers_202_with_the_jobs_url_and_tells_how_it_stands(world, queued, settings):
    settings.MEMBER_IMPORT_SYNC_MAX_ROWS = 2
    client = api_client(world.writer)
    response = client.post(API, {"file": workbook(rows(world, 3))}, format="multipart")
    assert response.status_code == 202
    data = response.json()
    assert data["url"].endswith(f"{API}{data['id']}/") and response["Location"] == data["url"]
    assert (data["status"], data["rows_total"], data["rows_done"], data["result"]) == ("pending", 3, 0, None)
    run_member_import(data["id"])
    data = client.get(data["url"].removeprefix("http://testserver")).json()
    assert data["status"] == "done" and data["rows_done"] == 3
    assert (data["result"]["reported"], data["result"]["row_errors"]) == (3, [])


# The broker away, a worker lost -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_job_waits_for_the_queue_when_the_broker_is_away_and_the_reaper_queues_it(settings):
    world = build_world()
    world.organization = UnitOrganizationFactory(name="中共吉林市财政局机关委员会", host_unit_name="吉林市财政局")
    settings.MEMBER_IMPORT_SYNC_MAX_ROWS = 2
    refused = BrokerError("Error 111 connecting to redis:6379.")
    with mock.patch.object(run_member_import, "apply_async", side_effect=refused):
        response = api_client(world.writer).post(API, {"file": workbook(rows(world, 3))}, format="multipart")
        assert response.status_code == 202
        job = MemberImportJob.objects.get()
        assert job.status == MemberImportStatus.WAITING and "The task queue cannot be reached" in job.message
        assert reap_member_imports()["queued"] == 0  # still away
    with mock.patch.object(run_member_import, "apply_async") as queued:
        counts = reap_member_imports()
    assert counts["requeued"] == 1 and counts["queued"] == 1
    queued.assert_called_once_with((job.pk,), queue=settings.MEMBER_IMPORT_QUEUE)
    job.refresh_from_db()
    assert job.status == MemberImportStatus.PENDING and job.message == "" and job.enqueued_at


def test_a_job_whose_worker_was_lost_is_handed_on_then_given_up(world, queued, settings):
    job = job_for(world, rows(world, 3), settings)
    long_ago = timezone.now() - timedelta(seconds=settings.MEMBER_IMPORT_LEASE_SECONDS + 5)
    for attempt in range(1, settings.MEMBER_IMPORT_MAX_ATTEMPTS + 1):
        MemberImportJob.objects.filter(pk=job.pk).update(
            status=MemberImportStatus.RUNNING, attempts=attempt, heartbeat_at=long_ago, started_at=long_ago
        )
        import_jobs.member_imports_reap()
        job.refresh_from_db()
        if attempt < settings.MEMBER_IMPORT_MAX_ATTEMPTS:
            assert job.status == MemberImportStatus.PENDING and "stopped answering" in job.message
    assert job.status == MemberImportStatus.FAILED and "nothing was written" in job.message


def test_a_worker_whose_lease_was_taken_away_keeps_nothing_it_wrote(world, queued, settings):
    job = job_for(world, rows(world, 3), settings)
    real = import_jobs.members_import_rows

    def handed_on_meanwhile(**kwargs):
        result = real(**kwargs)
        MemberImportJob.objects.filter(pk=job.pk).update(lease_token=None, status=MemberImportStatus.PENDING)
        return result

    with mock.patch.object(import_jobs, "members_import_rows", side_effect=handed_on_meanwhile):
        run_member_import(job.pk)
    assert not MemberReport.objects.exists()  # the worker holding the lease imports the rows, once
    # (Here the hand-over was written on the worker's own connection, so it was undone with the rows.)
    MemberImportJob.objects.filter(pk=job.pk).update(lease_token=None, status=MemberImportStatus.PENDING)
    run_member_import(job.pk)
    assert MemberReport.objects.count() == 3


def test_the_task_survives_a_lost_worker_within_the_visibility_timeout_and_beat_runs_the_reaper(settings):
    from jilin_grid.celery import app

    app.loader.import_default_modules()  # the worker's autodiscovery
    assert {"alliances.tasks.run_member_import", "alliances.tasks.reap_member_imports"} <= set(app.tasks)
    assert run_member_import.acks_late is True and run_member_import.reject_on_worker_lost is True
    assert run_member_import.max_retries == 3 and run_member_import.retry_backoff
    assert run_member_import.soft_time_limit < run_member_import.time_limit
    assert run_member_import.time_limit < settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    by_task = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert by_task["alliances.tasks.reap_member_imports"] == settings.REPORT_REAPER_SECONDS


@pytest.mark.django_db(transaction=True)
def test_the_rows_done_advance_while_the_worker_writes(settings):
    """On PostgreSQL the heartbeat's own connection writes the rows done while the rows' transaction
    is open (SQLite has one writer: there the rows done show at the end)."""
    import threading

    from django.db import connection, connections

    from alliances.volunteering import imports

    if connection.vendor != "postgresql":
        pytest.skip("the rows done are written beside the open transaction on PostgreSQL only")
    settings.MEMBER_IMPORT_HEARTBEAT_SECONDS = 0.05
    world = build_world()
    world.organization = UnitOrganizationFactory(name="中共吉林市财政局机关委员会", host_unit_name="吉林市财政局")
    with mock.patch.object(run_member_import, "apply_async"):
        job = job_for(world, rows(world, 20), settings)
    seen: list[int] = []
    stop = threading.Event()

    def watch():
        try:
            while not stop.wait(0.02):
                seen.append(MemberImportJob.objects.values_list("rows_done", flat=True).get(pk=job.pk))
        finally:
            connections.close_all()

    real = imports.member_report_submit

    def slowly(**kwargs):
        time.sleep(0.03)
        return real(**kwargs)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with mock.patch.object(imports, "member_report_submit", side_effect=slowly):
            run_member_import(job.pk)
    finally:
        stop.set()
        watcher.join()
    assert any(0 < done < 20 for done in seen), seen
    job.refresh_from_db()
    assert (job.status, job.rows_done) == ("done", 20)
