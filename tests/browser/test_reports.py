"""A district reviewer asks for a monthly report in Chromium, watches it finish and downloads it.

The report is really produced: the request's enqueue (``generate_report.apply_async``, called after
commit) is patched to hand the report's ID to the test, and the test runs the real task body
(``generate_report.apply``, synchronously, in-process) once the page has shown the report as
pending. The page is never reloaded: htmx polls the status part and swaps in the finished report.
"""

import os
import tempfile
from unittest import mock

import pytest
from openpyxl import load_workbook

from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    StreetFactory,
    user_with_grant,
)
from jilin_grid.scope import Role
from projects.projects.choices import ProjectStatus
from projects.reports.models import ReportJob
from projects.reports.tasks import generate_report
from projects.tests.factories import MilestoneFactory, ProgressReportFactory, ProjectFactory
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = {
    name: os.path.join(tempfile.gettempdir(), f"jilin_{name}.png")
    for name in ("project_list", "project_page", "report")
}


@pytest.fixture
def fengman():
    city = CityFactory()
    district = DistrictFactory(city=city, code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    nanshan = CommunityFactory(street=street, code="220211001001", name="南山社区")
    tianyuan = CommunityFactory(street=street, code="220211001002", name="田园社区")
    on_track = ProjectFactory(
        organization=PartyOrganizationFactory(area_code=nanshan.code, name="南山社区党委"),
        title="红心物业进小区",
        status=ProjectStatus.APPROVED,
    )
    MilestoneFactory(project=on_track, month=3, description="召开居民议事会")
    MilestoneFactory(project=on_track, month=6, description="物业公司入驻")
    for month, percent in [(1, 10), (2, 20), (3, 35), (4, 45), (5, 60), (6, 75)]:
        ProgressReportFactory(project=on_track, month=month, percent_complete=percent, done=f"第{month}月工作")
    late = ProjectFactory(
        organization=PartyOrganizationFactory(area_code=tianyuan.code, name="田园社区党委"),
        title="弃管小区自治",
        status=ProjectStatus.APPROVED,
    )
    MilestoneFactory(project=late, month=6, description="成立协商理事会")
    ProgressReportFactory(project=late, month=1, percent_complete=5)
    user_with_grant(district.code, Role.DISTRICT_ORG_DEPT, username="fengman")
    return {"district": district, "on_track": on_track}


def test_district_reviewer_requests_watches_and_downloads_a_monthly_report(page, live_server, fengman):
    log_in(page, live_server, "fengman")

    # The project list and a project page, as the reviewer sees them.
    page.click('[data-testid="nav-projects"]')
    page.wait_for_load_state("networkidle")
    rows = page.locator('[data-testid="object-table"] tbody tr')
    assert rows.count() == 2
    # Judged today, long after 2020: neither filed December's progress, so both are red.
    assert page.locator('[data-testid="object-table"] .badge[data-value="red"]').count() == 2
    page.screenshot(path=SCREENSHOTS["project_list"], full_page=True)
    with page.expect_navigation():
        page.get_by_role("link", name="红心物业进小区").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("#project-chart canvas")
    assert page.locator('[data-testid="progress"] li').count() == 6
    page.screenshot(path=SCREENSHOTS["project_page"], full_page=True)

    # Ask for June's dispatch report of the district.
    queued: list[int] = []
    with mock.patch.object(generate_report, "apply_async", side_effect=lambda args, **options: queued.extend(args)):
        page.click('[data-testid="nav-reports"]')
        page.wait_for_load_state("networkidle")
        form = page.locator('[data-testid="report-request"]')
        form.locator("#id_kind").select_option("monthly")
        form.locator("#id_period").fill("2020-06")
        form.locator("#id_area_code").select_option(fengman["district"].code)
        with page.expect_navigation():
            form.locator('[data-testid="request-report"]').click()
        page.wait_for_load_state("networkidle")
    report = ReportJob.objects.get()
    assert queued == [report.pk]
    assert page.url == f"{live_server.url}/reports/{report.pk}/"
    status = page.locator('[data-testid="report-status"]')
    assert status.get_attribute("data-status") == "pending"

    # Mark the page: a reload would lose the mark. Then the worker's task runs.
    page.evaluate("window.__stillTheSamePage = true")
    result = generate_report.apply(args=[report.pk])
    assert result.get() == "done"
    page.wait_for_selector('[data-testid="report-status"][data-status="done"]', timeout=15_000)
    assert page.evaluate("window.__stillTheSamePage === true")
    document = page.locator('[data-testid="report-document"]')
    assert "红心物业进小区" in document.inner_text()
    page.screenshot(path=SCREENSHOTS["report"], full_page=True)

    with page.expect_download() as info:
        page.click('[data-testid="download-xlsx"]')
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    assert "丰满区" in download.suggested_filename and "2020-06" in download.suggested_filename
    target = os.path.join(tempfile.mkdtemp(), download.suggested_filename)
    download.save_as(target)
    workbook = load_workbook(target)
    text = " ".join(str(cell) for sheet in workbook.worksheets for row in sheet.values for cell in row if cell)
    assert "红心物业进小区" in text and "弃管小区自治" in text

    # The report as an HTML file of its own, readable with no portal to load styles from.
    with page.expect_download() as info:
        page.click('[data-testid="download-html"]')
    download = info.value
    assert download.suggested_filename.endswith(".html") and "丰满区" in download.suggested_filename
    target = os.path.join(tempfile.mkdtemp(), download.suggested_filename)
    download.save_as(target)
    offline = page.context.new_page()
    fetched: list[str] = []
    offline.route("**/*", lambda route: fetched.append(route.request.url) or route.abort())  # nothing may load
    with open(target, encoding="utf-8") as handle:
        offline.set_content(handle.read())
    assert fetched == []
    assert "红心物业进小区" in offline.locator(".report-document").inner_text()
    # Bootstrap's table borders came with the file.
    border = offline.locator("table.table-bordered td").first.evaluate("cell => getComputedStyle(cell).borderTopStyle")
    assert border == "solid"
    offline.close()


@pytest.fixture
def city_of_projects():
    """A city of three districts with 120 projects, for the city's report page."""
    city = CityFactory()
    for number in range(3):
        district = DistrictFactory(city=city, code=f"22020{number + 1}", name=f"第{number + 1}区")
        street = StreetFactory(district=district, code=f"{district.code}001")
        community = CommunityFactory(street=street, code=f"{street.code}001")
        for index in range(40):
            project = ProjectFactory(
                organization=PartyOrganizationFactory(area_code=community.code), status=ProjectStatus.APPROVED
            )
            if index % 4:  # every fourth did not file June: red; the others yellow below 50%, green from it
                ProgressReportFactory(project=project, month=6, percent_complete=40 + index)
    user_with_grant(city.code, Role.CITY_ORG_DEPT, username="citywide")
    return city


def test_the_city_s_report_page_folds_its_projects_per_district(page, live_server, city_of_projects):
    report = ReportJob.objects.create(
        kind="monthly", period="2020-06", area_code=city_of_projects.code, area_name=city_of_projects.name
    )
    assert generate_report.apply(args=[report.pk]).get() == "done"
    log_in(page, live_server, "citywide")
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.wait_for_load_state("networkidle")

    groups = page.locator("details.report-group")
    assert groups.count() == 3
    # 120 projects, folded: the page is a few screens, not a wall of rows.
    assert page.evaluate("document.documentElement.scrollHeight") < 4000
    assert page.locator("details.report-group tbody tr").first.is_hidden()
    groups.first.locator("summary").click()
    rows = groups.first.locator("tbody tr")
    assert rows.count() == 40 and rows.first.is_visible()
    # Red first (ten did not file June), then yellow, then green, each by progress.
    cells = [(row.get_attribute("data-light"), int(row.get_attribute("data-progress"))) for row in rows.all()]
    assert [light for light, _progress in cells] == ["red"] * 10 + ["yellow"] * 7 + ["green"] * 23
    assert [progress for _light, progress in cells[10:17]] == sorted(progress for _light, progress in cells[10:17])
    assert [progress for _light, progress in cells[17:]] == sorted(progress for _light, progress in cells[17:])
