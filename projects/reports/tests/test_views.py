"""Pages of the dispatch reports: the scoped list and its request form, the report page, its status,
retry and downloads."""

import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from communities.tests.factories import user_reading_through_api_grant, user_with_grant
from jilin_grid.scope import Role
from projects.reports.choices import ReportJobStatus, ReportKind
from projects.reports.models import ReportJob

# Reports ----------------------------------------------------------------------------------------


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["项目", "进度"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_report(area, status=ReportJobStatus.DONE, **kwargs) -> ReportJob:
    report = ReportJob.objects.create(
        kind=kwargs.pop("kind", ReportKind.MONTHLY),
        period=kwargs.pop("period", "2020-06"),
        area_code=area.code,
        area_name=area.name,
        status=status,
        **kwargs,
    )
    if status == ReportJobStatus.DONE:
        report.html = '<article class="report-document"><h2>月调度通报正文</h2></article>'
        report.xlsx.save("report.xlsx", ContentFile(xlsx_bytes()), save=False)
        report.pdf.save("report.pdf", ContentFile(b"%PDF-1.4 fake"), save=False)
        report.save()
    return report


@pytest.fixture
def report_world(world, people):
    district = world.community.street.district
    street = world.community.street
    return {**people, "district": district, "street": street, "world": world}


def test_report_list_is_scoped_and_offers_the_request_form_by_role(client, report_world):
    district, street = report_world["district"], report_world["street"]
    own = make_report(district, period="2020-05")
    city_report = ReportJob.objects.create(
        kind=ReportKind.MONTHLY, period="2020-05", area_code="2202", area_name="吉林市全市", status=ReportJobStatus.DONE
    )
    client.force_login(report_world["reviewer"])
    response = client.get(reverse("projects:report_list"))
    content = response.content.decode()
    assert reverse("projects:report_detail", args=[own.pk]) in content
    assert "吉林市全市" not in content
    assert 'data-testid="report-request"' in content
    assert f'value="{street.code}"' in content
    client.force_login(report_world["staff"])
    content = client.get(reverse("projects:report_list")).content.decode()
    assert 'data-testid="report-request"' not in content
    assert client.get(reverse("projects:report_detail", args=[city_report.pk])).status_code == 404


def test_requesting_a_report_creates_it_and_opens_its_page(client, report_world, django_capture_on_commit_callbacks):
    from unittest import mock

    district = report_world["district"]
    client.force_login(report_world["reviewer"])
    with (
        mock.patch("projects.reports.tasks.generate_report.apply_async") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("projects:report_list"), {"kind": "monthly", "period": "2020-06", "area_code": district.code}
        )
    report = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:report_detail", args=[report.pk])
    assert (report.kind, report.period, report.area_code, report.status) == (
        "monthly",
        "2020-06",
        district.code,
        "pending",
    )
    queued.assert_called_once_with((report.pk,), queue=settings.REPORT_QUEUE)


def test_report_request_refuses_areas_and_periods_it_should(client, report_world):
    client.force_login(report_world["reviewer"])
    url = reverse("projects:report_list")
    response = client.post(url, {"kind": "monthly", "period": "2020-13", "area_code": report_world["district"].code})
    assert response.status_code == 400 and response.context["request_form"].errors["period"]
    response = client.post(url, {"kind": "monthly", "period": "2020-06", "area_code": "2202"})
    assert response.status_code == 400 and response.context["request_form"].errors["area_code"]
    client.force_login(report_world["staff"])
    response = client.post(url, {"kind": "monthly", "period": "2020-06", "area_code": report_world["district"].code})
    assert response.status_code == 403
    assert not ReportJob.objects.exists()


def test_status_partial_polls_while_pending_and_stops_when_done(client, report_world):
    report = make_report(report_world["district"], status=ReportJobStatus.PENDING)
    client.force_login(report_world["reviewer"])
    status_url = reverse("projects:report_status", args=[report.pk])
    page = client.get(reverse("projects:report_detail", args=[report.pk])).content.decode()
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 2s"' in page
    partial = client.get(status_url).content.decode()
    assert "<html" not in partial and 'data-status="pending"' in partial and "hx-trigger" in partial
    report.delete()
    done = make_report(report_world["district"])
    partial = client.get(reverse("projects:report_status", args=[done.pk])).content.decode()
    assert 'data-status="done"' in partial and "hx-trigger" not in partial
    assert "月调度通报正文" in partial
    assert reverse("projects:report_download", args=[done.pk, "xlsx"]) in partial
    assert reverse("projects:report_download", args=[done.pk, "pdf"]) in partial


def test_download_is_scoped(client, report_world):
    report = make_report(report_world["district"])
    url = reverse("projects:report_download", args=[report.pk, "xlsx"])
    client.force_login(report_world["reviewer"])
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert next(workbook.active.values) == ("项目", "进度")
    assert client.get(reverse("projects:report_download", args=[report.pk, "pdf"])).status_code == 200
    assert client.get(reverse("projects:report_download", args=[report.pk, "doc"])).status_code == 404
    # A user of another district does not see this district's report.
    other = user_with_grant("220299", Role.DISTRICT_ORG_DEPT)
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.get(reverse("projects:report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("projects:report_status", args=[report.pk])).status_code == 404


def test_the_report_page_offers_its_html_as_a_file_that_needs_nothing_from_the_portal(client, report_world):
    report = make_report(report_world["district"])
    url = reverse("projects:report_download", args=[report.pk, "html"])
    client.force_login(report_world["reviewer"])
    page = client.get(reverse("projects:report_detail", args=[report.pk])).content.decode()
    assert f'href="{url}"' in page

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".html" in response["Content-Disposition"]
    document = response.content.decode()
    assert document.startswith("<!doctype html>") and "月调度通报正文" in document
    # Self-contained: Bootstrap's and the report's styles inlined; no stylesheet, script or
    # image to fetch, from the portal or elsewhere.
    assert "<style>" in document and ".table-bordered" in document and ".report-group" in document
    assert "<link" not in document and "<script" not in document and "src=" not in document
    assert settings.STATIC_URL not in document and "sourceMappingURL" not in document
    assert "url(/" not in document and "url(http" not in document and "@import" not in document

    # Scoped like the other files: another district's user gets 404, and so does a report not done.
    client.force_login(user_with_grant("220299", Role.DISTRICT_ORG_DEPT))
    assert client.get(url).status_code == 404
    running = make_report(report_world["street"], status=ReportJobStatus.RUNNING)
    client.force_login(report_world["reviewer"])
    assert client.get(reverse("projects:report_download", args=[running.pk, "html"])).status_code == 404


def test_pending_report_has_no_download(client, report_world):
    report = make_report(report_world["district"], status=ReportJobStatus.RUNNING)
    client.force_login(report_world["reviewer"])
    assert client.get(reverse("projects:report_download", args=[report.pk, "xlsx"])).status_code == 404


def test_failed_report_shows_why_and_retries(client, report_world, django_capture_on_commit_callbacks):
    from unittest import mock

    report = make_report(report_world["district"], status=ReportJobStatus.FAILED, message="数据库连接中断")
    client.force_login(report_world["reviewer"])
    page = client.get(reverse("projects:report_detail", args=[report.pk])).content.decode()
    assert "数据库连接中断" in page and 'data-testid="retry"' in page
    with (
        mock.patch("projects.reports.tasks.generate_report.apply_async") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("projects:report_retry", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportJobStatus.PENDING and report.message == ""
    queued.assert_called_once_with((report.pk,), queue=settings.REPORT_QUEUE)
    assert ReportJob.objects.count() == 1
    # A read-only grant over the district reads the report but may not ask for it again.
    client.force_login(user_reading_through_api_grant(report_world["district"].code))
    assert client.get(reverse("projects:report_detail", args=[report.pk])).status_code == 200
    assert client.post(reverse("projects:report_retry", args=[report.pk])).status_code == 403
    # The API client's own account has no portal pages at all.
    client.force_login(user_with_grant(report_world["district"].code, Role.API_READER))
    assert client.get(reverse("projects:report_detail", args=[report.pk])).status_code == 403
