"""No report stuck or lost: the broker away when a report is asked for, a worker lost in the middle
(its lease runs out and the reaper hands the report on, at most REPORT_MAX_ATTEMPTS times), a
worker whose lease was taken drops its result, beat's missed runs caught up once, and whoever
asked told of the outcome.

These run in process with the broker mocked; `.ci/run` repeats the broker, worker and beat
faults with the real services in `tests/test_faults.py`.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from communities.tests.factories import (
    UserFactory,
    user_with_grant,
)
from jilin_grid import scope as roles
from jilin_grid.models import Heartbeat
from jilin_grid.testing.api import api_client
from projects.reports import services
from projects.reports.choices import ReportJobStatus, ReportKind
from projects.reports.models import ReportJob
from projects.reports.tasks import generate_report, reap_reports, schedule_monthly_reports

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def broker_down():
    """Every message handed to the broker fails as a refused connection does."""
    with mock.patch.object(
        generate_report, "apply_async", side_effect=BrokerError("Error 111 connecting to redis:6379.")
    ) as apply_async:
        yield apply_async


def _request(district, **kwargs):
    return services.report_request(kind="monthly", period="2020-06", area_code=district.code, **kwargs)


# The broker away --------------------------------------------------------------------------------


# Committed for real (transaction=True), so the enqueue runs after commit inside the request, as in production.
@pytest.mark.django_db(transaction=True)
def test_the_api_answers_202_with_the_report_waiting_when_the_broker_is_away(district, broker_down):
    client = api_client(user_with_grant(district.code, roles.DISTRICT_ORG_DEPT))
    response = client.post(
        reverse("report-list"), {"kind": "monthly", "period": "2020-06", "area": district.code}, format="json"
    )

    assert response.status_code == 202
    assert response["Content-Type"] == "application/json"
    assert response.data["status"] == "waiting"
    assert "任务队列暂时无法连接" in response.data["message"]
    assert "The task queue cannot be reached" in response.data["message"]
    report = ReportJob.objects.get()
    assert report.status == ReportJobStatus.WAITING and report.enqueued_at is None
    assert broker_down.call_count == 1


@pytest.mark.django_db(transaction=True)
def test_the_page_says_the_report_waits_for_the_queue(client, district, broker_down):
    client.force_login(user_with_grant(district.code, roles.DISTRICT_ORG_DEPT))
    response = client.post(
        reverse("projects:report_list"),
        {"kind": "monthly", "period": "2020-06", "area_code": district.code},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "任务队列暂时无法连接" in page  # the message at the top, and on the report
    assert 'data-status="waiting"' in page
    assert 'hx-trigger="every 2s"' in page  # the page keeps asking


def test_the_reaper_queues_what_waited_once_the_broker_is_back(district, broker_down, queued):
    with mock.patch.object(generate_report, "apply_async", broker_down):
        report = _request(district)
        services.report_enqueue(report_id=report.pk)  # the broker away: waits
        assert services.reports_reap()["queued"] == 0
    report.refresh_from_db()
    assert report.status == ReportJobStatus.WAITING

    counts = services.reports_reap()  # the broker back

    assert counts["requeued"] == 1 and counts["queued"] == 1
    queued.assert_called_once_with((report.pk,), queue=settings.REPORT_QUEUE)
    report.refresh_from_db()
    assert report.status == ReportJobStatus.PENDING and report.message == "" and report.enqueued_at
    assert services.reports_reap()["queued"] == 1 - 1  # queued once: nothing more to do


def test_a_message_lost_in_the_queue_is_queued_again(district, queued):
    report = _request(district)
    services.report_enqueue(report_id=report.pk)
    later = timezone.now() + timedelta(seconds=settings.REPORT_QUEUE_STALE_SECONDS + 1)

    assert services.reports_reap()["requeued"] == 0  # recent: in the queue
    assert services.reports_reap(now=later)["requeued"] == 1
    assert queued.call_count == 2


# A worker lost: the lease ------------------------------------------------------------------------


def _running(report, *, attempts=1, seen_seconds_ago=0):
    seen = timezone.now() - timedelta(seconds=seen_seconds_ago)
    ReportJob.objects.filter(pk=report.pk).update(
        status=ReportJobStatus.RUNNING, attempts=attempts, lease_token=uuid.uuid4(), heartbeat_at=seen, started_at=seen
    )
    report.refresh_from_db()
    return report


def test_a_running_report_with_a_live_lease_is_left_to_its_worker(district, queued):
    report = _running(_request(district))

    assert services.reports_reap()["handed_on"] == 0
    again = generate_report.apply(args=(report.pk,)).result  # a duplicate message

    assert again == ReportJobStatus.RUNNING
    report.refresh_from_db()
    assert report.attempts == 1 and report.status == ReportJobStatus.RUNNING


def test_a_lease_that_ran_out_is_handed_to_another_worker_which_completes_it_once(district, queued):
    report = _running(_request(district), seen_seconds_ago=settings.REPORT_LEASE_SECONDS + 1)
    old_token = report.lease_token

    counts = services.reports_reap()

    assert counts["handed_on"] == 1 and counts["queued"] == 1
    queued.assert_called_once_with((report.pk,), queue=settings.REPORT_QUEUE)
    report.refresh_from_db()
    assert report.status == ReportJobStatus.PENDING and report.lease_token is None
    assert "另一个后台进程" in report.message

    assert generate_report.apply(args=(report.pk,)).result == ReportJobStatus.DONE
    report.refresh_from_db()
    assert report.attempts == 2 and report.status == ReportJobStatus.DONE and report.lease_token != old_token
    # The killed worker's message, redelivered later, finds it done.
    assert generate_report.apply(args=(report.pk,)).result == ReportJobStatus.DONE
    report.refresh_from_db()
    assert report.attempts == 2


def test_after_the_last_attempt_the_report_fails_for_good_and_whoever_asked_is_told(district, queued):
    user = UserFactory(email="fengman@example.cn")
    report = _request(district, actor=user)
    _running(report, attempts=settings.REPORT_MAX_ATTEMPTS, seen_seconds_ago=settings.REPORT_LEASE_SECONDS + 1)

    counts = services.reports_reap()

    assert counts == {"handed_on": 0, "failed": 1, "requeued": 0, "queued": 0}
    report.refresh_from_db()
    assert report.status == ReportJobStatus.FAILED and report.notified_at
    assert f"{settings.REPORT_MAX_ATTEMPTS} 次" in report.message
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["fengman@example.cn"] and "失败" in mail.outbox[0].subject
    queued.assert_not_called()


def test_a_worker_whose_lease_was_taken_drops_its_result(district, queued):
    report = _request(district)

    def hand_on_midway(contents):
        # While this worker renders, its lease runs out and the reaper hands the report on.
        ReportJob.objects.filter(pk=report.pk).update(
            heartbeat_at=timezone.now() - timedelta(seconds=settings.REPORT_LEASE_SECONDS + 1)
        )
        services.reports_reap()
        return "<article>late</article>"

    with mock.patch("projects.reports.documents.html.render_html", side_effect=hand_on_midway):
        result = services.report_generate(report_id=report.pk)

    assert result.status == ReportJobStatus.PENDING  # handed on: this worker wrote nothing
    report.refresh_from_db()
    assert not report.xlsx and not report.pdf and report.html == ""
    assert services.report_generate(report_id=report.pk).status == ReportJobStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_renews_the_lease_while_the_report_is_produced(district, queued, settings):
    settings.REPORT_HEARTBEAT_SECONDS = 0.05
    report = _running(_request(district), seen_seconds_ago=3600)
    with services.LeaseHeartbeat(report.pk, report.lease_token) as heartbeat:
        deadline = timezone.now() + timedelta(seconds=5)
        while timezone.now() < deadline:
            report.refresh_from_db()
            if report.heartbeat_at > timezone.now() - timedelta(seconds=60):
                break
    assert not heartbeat.lost.is_set()
    assert not services.lease_expired(report)  # renewed by the thread

    with services.LeaseHeartbeat(report.pk, uuid.uuid4()) as taken:  # a token that is not the row's
        taken.lost.wait(5)
    assert taken.lost.is_set()


def test_the_page_shows_the_attempt_of_a_report_handed_on(client, district, queued):
    report = _running(_request(district), attempts=2)
    client.force_login(user_with_grant(district.code, roles.DISTRICT_ORG_DEPT))
    page = client.get(reverse("projects:report_detail", args=[report.pk])).content.decode()
    assert 'data-testid="report-attempts"' in page
    assert f"第 2 次，共 {settings.REPORT_MAX_ATTEMPTS} 次" in page


def test_whoever_asked_is_told_once_when_the_report_is_done(district, queued, django_capture_on_commit_callbacks):
    user = UserFactory(email="city@example.cn")
    report = _request(district, actor=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_generate(report_id=report.pk)

    assert len(mail.outbox) == 1
    assert f"/reports/{report.pk}/" in mail.outbox[0].body and "已生成" in mail.outbox[0].subject
    assert services.report_notify(report_id=report.pk) is False  # once
    assert len(mail.outbox) == 1


def test_a_failure_for_good_in_the_task_tells_whoever_asked(district, queued):
    user = UserFactory(email="jiangnan@example.cn")
    report = _request(district, actor=user)
    with mock.patch("projects.reports.documents.pdf.render_pdf", side_effect=RuntimeError("font missing")):
        result = generate_report.apply(args=(report.pk,))
    assert result.failed()
    assert len(mail.outbox) == 1 and "font missing" in mail.outbox[0].body


# Beat: missed runs caught up, two beats no duplicate ----------------------------------------------


@pytest.mark.parametrize(
    ("now", "monthly", "quarterly"),
    [
        (datetime(2026, 12, 4, 12, 0), "2026-11", "2026-Q3"),
        (datetime(2026, 12, 1, 5, 59), "2026-10", "2026-Q3"),  # November's run is due at 06:00
        (datetime(2027, 1, 1, 6, 30), "2026-12", "2026-Q4"),
        (datetime(2027, 1, 1, 6, 10), "2026-12", "2026-Q3"),  # the circular is due at 06:30
    ],
)
def test_due_periods(now, monthly, quarterly):
    due = services.due_periods(now.replace(tzinfo=SHANGHAI))
    assert due[ReportKind.MONTHLY][0] == monthly
    assert due[ReportKind.QUARTERLY][0] == quarterly


def test_a_run_missed_while_beat_was_down_is_caught_up_once(district, queued, settings):
    settings.REPORT_CATCH_UP_DAYS = 7
    now = datetime(2026, 12, 4, 12, 0, tzinfo=SHANGHAI)  # beat was down on 1 December

    assert services.reports_catch_up(now=now) == 2  # November's report of the city and the district
    assert services.reports_catch_up(now=now) == 0
    rows = set(ReportJob.objects.values_list("kind", "period", "area_code"))
    assert rows == {("monthly", "2026-11", "2202"), ("monthly", "2026-11", district.code)}
    # The quarter's circular fell due on 1 October: outside the window, left to the organization departments.
    settings.REPORT_CATCH_UP_DAYS = 90
    assert services.reports_catch_up(now=now) == 2
    assert ReportJob.objects.filter(kind="quarterly", period="2026-Q3").count() == 2


def test_two_beats_by_mistake_produce_each_report_once(district, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_monthly_reports.apply(kwargs={"today": "2021-01-01"}).result == 2
        assert schedule_monthly_reports.apply(kwargs={"today": "2021-01-01"}).result == 0
    assert ReportJob.objects.filter(period="2020-12").count() == 2
    assert queued.call_count == 2


def test_beat_requests_again_a_report_asked_for_before_its_period_ended(district, queued):
    early = _request(district)  # June's report asked for in June: part of the month only
    ReportJob.objects.filter(pk=early.pk).update(requested_at=datetime(2020, 6, 20, tzinfo=SHANGHAI))

    assert schedule_monthly_reports.apply(kwargs={"today": "2020-07-01"}).result == 2
    early.refresh_from_db()
    assert early.requested_at > datetime(2020, 7, 1, tzinfo=SHANGHAI)


def test_the_reaper_task_records_its_run(district, queued):
    reap_reports.apply()
    assert Heartbeat.objects.get(name="report-reaper").at <= timezone.now()
