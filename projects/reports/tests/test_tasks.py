"""Reports as rows produced by the worker: request, generate, replace, fail and retry, schedule."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import OperationalError
from openpyxl import load_workbook
from pypdf import PdfReader

from communities.tests.factories import (
    DistrictFactory,
    UserFactory,
)
from projects.reports import services
from projects.reports.choices import ReportJobStatus, ReportKind
from projects.reports.models import ReportJob
from projects.reports.tasks import generate_report, schedule_monthly_reports, schedule_quarterly_reports

pytestmark = pytest.mark.django_db


def test_request_creates_one_pending_row_and_queues_it_after_commit(
    district, queued, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.report_request(kind="monthly", period="2020-06", area_code=district.code, actor=user)
        queued.assert_not_called()  # not before the row is committed
    for callback in callbacks:
        callback()

    queued.assert_called_once_with((report.pk,), queue=settings.REPORT_QUEUE)
    assert report.status == ReportJobStatus.PENDING
    assert report.area_name == "丰满区"
    assert report.requested_by == user


def test_bad_period_or_unknown_area_is_refused(district, queued):
    with pytest.raises(ValidationError) as error:
        services.report_request(kind="monthly", period="2020-Q2", area_code=district.code)
    assert "period" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.report_request(kind="quarterly", period="2020-Q2", area_code="220299")
    assert "area_code" in error.value.message_dict
    assert not ReportJob.objects.exists()


def _run(report_id):
    result = generate_report.apply(args=(report_id,))
    assert result.successful(), result.traceback
    return ReportJob.objects.get(pk=report_id)


def test_the_task_produces_html_excel_and_pdf(district, queued, django_capture_on_commit_callbacks):
    report = services.report_request(kind="monthly", period="2020-06", area_code=district.code)

    with django_capture_on_commit_callbacks(execute=True):
        report = _run(report.pk)

    assert report.status == ReportJobStatus.DONE
    assert report.attempts == 1
    assert report.started_at <= report.finished_at
    assert "江南社区党委" in report.html
    workbook = load_workbook(report.xlsx.path)
    assert [row[0] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)] == ["江南社区党委"]
    text = "".join(page.extract_text() for page in PdfReader(report.pdf.path).pages)
    assert "丰满区" in text
    assert "江南社区党委" in text
    assert report.xlsx.name.startswith(f"reports/monthly/2020-06/{district.code}/")


def test_generating_again_replaces_the_files_and_keeps_one_row(district, queued, django_capture_on_commit_callbacks):
    report = services.report_request(kind="monthly", period="2020-06", area_code=district.code)
    with django_capture_on_commit_callbacks(execute=True):
        first = _run(report.pk)
    first_files = (first.xlsx.name, first.pdf.name)
    storage = first.xlsx.storage

    with django_capture_on_commit_callbacks(execute=True):
        again = services.report_request(kind="monthly", period="2020-06", area_code=district.code)
    assert again.pk == report.pk
    assert again.status == ReportJobStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        second = _run(report.pk)

    assert ReportJob.objects.count() == 1
    assert second.status == ReportJobStatus.DONE
    assert second.attempts == 1  # attempts count per request
    assert storage.exists(second.xlsx.name)
    assert storage.exists(second.pdf.name)
    for name in first_files:
        if name not in (second.xlsx.name, second.pdf.name):
            assert not storage.exists(name)
    folder = f"reports/monthly/2020-06/{district.code}"
    assert len(storage.listdir(folder)[1]) == 2


def test_a_redelivered_message_does_not_produce_a_done_report_again(district, queued):
    report = services.report_request(kind="monthly", period="2020-06", area_code=district.code)
    done = _run(report.pk)

    again = _run(report.pk)

    assert again.attempts == done.attempts == 1
    assert again.finished_at == done.finished_at


def test_a_report_left_running_by_a_killed_worker_completes_on_redelivery(district, queued):
    report = services.report_request(kind="monthly", period="2020-06", area_code=district.code)
    ReportJob.objects.filter(pk=report.pk).update(status=ReportJobStatus.RUNNING, attempts=1)

    report = _run(report.pk)

    assert report.status == ReportJobStatus.DONE
    assert report.attempts == 2


def test_a_failure_marks_the_row_failed_with_the_reason_and_it_can_be_retried(district, queued):
    report = services.report_request(kind="quarterly", period="2020-Q2", area_code=district.code)
    with (
        mock.patch("projects.reports.documents.pdf.render_pdf", side_effect=RuntimeError("font missing")),
        pytest.raises(RuntimeError),
    ):
        services.report_generate(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == ReportJobStatus.FAILED
    assert "font missing" in report.message
    assert not report.pdf

    services.report_request(kind="quarterly", period="2020-Q2", area_code=district.code)
    report = _run(report.pk)
    assert report.status == ReportJobStatus.DONE
    assert report.message == ""
    assert report.attempts == 1  # the new request's first attempt


def test_a_database_error_is_retried_by_the_task(district, queued):
    report = services.report_request(kind="monthly", period="2020-06", area_code=district.code)
    with (
        mock.patch("projects.reports.services.report_generate", side_effect=OperationalError("database is locked")),
        mock.patch.object(generate_report, "retry", side_effect=RuntimeError("retried")) as retry,
        pytest.raises(RuntimeError, match="retried"),
    ):
        generate_report.run(report.pk)
    assert retry.called


def test_task_settings_survive_a_lost_worker_within_the_visibility_timeout(settings):
    assert generate_report.acks_late is True
    assert generate_report.reject_on_worker_lost is True
    assert generate_report.max_retries == 3
    assert generate_report.retry_backoff
    assert OperationalError in generate_report.autoretry_for
    assert generate_report.soft_time_limit < generate_report.time_limit
    visibility_timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    assert generate_report.time_limit < visibility_timeout


def test_beat_requests_the_reports_on_the_first_day_of_each_month_and_quarter(settings):
    by_task = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert by_task["projects.tasks.schedule_monthly_reports"] == crontab(
        day_of_month=1, hour=settings.PROJECT_MONTHLY_REPORT_HOUR, minute=settings.PROJECT_MONTHLY_REPORT_MINUTE
    )
    quarterly = by_task["projects.tasks.schedule_quarterly_reports"]
    assert quarterly == crontab(
        month_of_year="1,4,7,10",
        day_of_month=1,
        hour=settings.PROJECT_QUARTERLY_REPORT_HOUR,
        minute=settings.PROJECT_QUARTERLY_REPORT_MINUTE,
    )
    assert quarterly.month_of_year == {1, 4, 7, 10}
    assert quarterly.day_of_month == {1}
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"
    assert "projects.tasks.schedule_monthly_reports" in generate_report.app.tasks


def test_the_schedulers_request_last_period_for_the_city_and_each_district(district, queued):
    other = DistrictFactory(city=district.city)

    assert schedule_monthly_reports.apply(kwargs={"today": "2021-01-01"}).result == 3
    assert schedule_quarterly_reports.apply(kwargs={"today": "2020-07-01"}).result == 3

    rows = set(ReportJob.objects.values_list("kind", "period", "area_code"))
    codes = {"2202", district.code, other.code}
    assert rows == {("monthly", "2020-12", code) for code in codes} | {("quarterly", "2020-Q2", code) for code in codes}
    schedule_quarterly_reports.apply(kwargs={"today": "2021-01-01"})
    assert ReportJob.objects.filter(kind=ReportKind.QUARTERLY, period="2020-Q4").count() == 3


def test_the_command_runs_a_report_inline(district, queued):
    out = io.StringIO()
    call_command("generate_report", kind="monthly", period="2020-06", area=district.code, sync=True, stdout=out)

    report = ReportJob.objects.get()
    assert report.status == ReportJobStatus.DONE
    assert report.pdf.path in out.getvalue()
    assert "queries" in out.getvalue()
    queued.assert_not_called()


def test_the_command_queues_without_sync(district, queued, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_report", kind="quarterly", period="2020-Q2", area=district.code, stdout=out)

    assert "Queued" in out.getvalue()
    queued.assert_called_once_with((ReportJob.objects.get().pk,), queue=settings.REPORT_QUEUE)


@pytest.mark.parametrize(
    ("kind", "period", "area", "message"),
    [
        ("monthly", "2020-13", None, "2020-06"),
        ("quarterly", "2020-06", None, "2020-Q2"),
        ("monthly", "2020-06", "220298", "220298"),
    ],
)
def test_the_command_explains_bad_arguments(district, queued, kind, period, area, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_report", kind=kind, period=period, area=area or district.code)
    assert not ReportJob.objects.exists()
