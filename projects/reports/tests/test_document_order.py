"""Every output of a report lists the projects as its page does: area by area in the ranking's
order, each area's red first, then yellow and green (no light last), the least advanced first,
with each project's status and light as they stood at the period's end."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
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
from projects.projects.choices import ProjectEventKind, ProjectStatus
from projects.projects.models import ProjectEvent
from projects.reports import services
from projects.reports.choices import ReportJobStatus
from projects.reports.documents.contents import LIGHT_ORDER
from projects.tests.factories import MilestoneFactory, ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# (title, filed months with their percents, status): with milestones in June and December, June
# plans 50%: 50 or more is green, 20 to 49 yellow, less (or no June progress) red.
PROJECTS = [
    ("green80", {m: min(100, m * 14) for m in range(1, 7)} | {6: 80}, ProjectStatus.APPROVED),
    ("red15", {5: 10, 6: 15}, ProjectStatus.APPROVED),
    ("yellow45", {6: 45}, ProjectStatus.APPROVED),
    ("waiting", {}, ProjectStatus.SUBMITTED),
    ("green55", {6: 55}, ProjectStatus.APPROVED),
    ("redmissed", {4: 25, 5: 30}, ProjectStatus.APPROVED),
    ("done", {5: 90, 6: 100}, ProjectStatus.COMPLETED),
    ("yellow25", {6: 25}, ProjectStatus.APPROVED),
    ("red05", {6: 5}, ProjectStatus.APPROVED),
]


def _local(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def city():
    """Two districts, each with projects of every light and of different progress in two
    communities, made in no order a report would show; one of them completed in August."""
    city = CityFactory()
    districts = {"east": DistrictFactory(city=city, name="船营区"), "west": DistrictFactory(city=city, name="昌邑区")}
    for tag, district in districts.items():  # 船营区 first: the lower codes
        communities = [CommunityFactory(street=StreetFactory(district=district)) for _ in range(2)]
        for index, (name, filed, status) in enumerate(PROJECTS):
            organization = PartyOrganizationFactory(area_code=communities[index % 2].code)
            project = ProjectFactory(
                organization=organization,
                title=f"P-{tag}-{name}",
                status=status,
                closing_summary="完成" if status == ProjectStatus.COMPLETED else "",
            )
            for month in (6, 12):
                MilestoneFactory(project=project, month=month)
            for month, percent in filed.items():
                ProgressReportFactory(project=project, month=month, percent_complete=percent)
        # Completed in August: in June's report it was under way, yellow at 30%, and is placed so.
        late = ProjectFactory(
            organization=PartyOrganizationFactory(area_code=communities[0].code),
            title=f"P-{tag}-laterdone",
            status=ProjectStatus.COMPLETED,
            closing_summary="完成",
        )
        for month in (6, 12):
            MilestoneFactory(project=late, month=month)
        for month, percent in {6: 30, 7: 60, 8: 100}.items():
            ProgressReportFactory(project=late, month=month, percent_complete=percent)
        for kind, at in (
            (ProjectEventKind.CLAIMED, _local(2020, 1, 5)),
            (ProjectEventKind.APPROVED, _local(2020, 1, 20)),
            (ProjectEventKind.COMPLETED, _local(2020, 8, 20)),
        ):
            ProjectEvent.objects.create(project=late, kind=kind, at=at)
        if tag == "east":  # one more project, red, that never reported: 船营区 ranks below 昌邑区
            silent = ProjectFactory(
                organization=PartyOrganizationFactory(area_code=communities[1].code), title="P-east-redsilent"
            )
            MilestoneFactory(project=silent, month=6)
    return city


ROW = re.compile(r'<tr data-light="(\w*)" data-progress="(\d+)">.*?<td>(P-[\w-]+)</td>', re.S)


def _html_titles(html: str) -> list[tuple[str, str, int]]:
    """The (title, light, progress) of each project row of a report's HTML, in order."""
    return [(title, light, int(progress)) for light, progress, title in ROW.findall(html)]


def _pdf_titles(data: bytes, titles: set[str], tmp_path) -> list[str]:
    """The project titles in the order ``pdftotext`` reads them from the PDF's project tables (the
    report's last section: a title named earlier, among those that did not report, is read there)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert all(title in text for title in titles), text
    return sorted(titles, key=text.rfind)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize(("kind", "period"), [("monthly", "2020-06"), ("quarterly", "2020-Q2")])
def test_the_workbook_pdf_and_html_download_list_the_projects_as_the_page_does(client, city, kind, period, tmp_path):
    with translation.override("zh-hans"):
        report = services.report_request(kind=kind, period=period, area_code=city.code, enqueue=False)
        report = services.report_generate(report_id=report.pk)
    assert report.status == ReportJobStatus.DONE, report.message
    client.force_login(user_with_grant(city.code, Role.CITY_ORG_DEPT))

    page = client.get(reverse("projects:report_detail", args=[report.pk]))
    assert page.status_code == 200
    shown = _html_titles(page.content.decode())
    order = [title for title, _light, _progress in shown]

    # The page: 昌邑区 first (船营区's silent project lowers its reporting rate), each area's
    # projects red, yellow, green, then those with no light, the least advanced first; the project
    # completed in August stands where its June light and progress put it.
    assert [title.split("-")[1] for title in order] == ["west"] * 10 + ["east"] * 11
    for area in (shown[:10], shown[10:]):
        keys = [(LIGHT_ORDER.get(light, 3), progress) for _title, light, progress in area]
        assert keys == sorted(keys)
    names = [title.split("-", 2)[2] for title in order]
    expected = [
        "red05",
        "red15",
        "redmissed",
        "yellow25",
        "laterdone",
        "yellow45",
        "green55",
        "green80",
        "waiting",
        "done",
    ]
    assert names == [*expected, "redsilent", *expected]
    assert order != sorted(order)  # not the order the projects were made or named in

    download = client.get(reverse("projects:report_download", args=[report.pk, "html"]))
    assert [title for title, _light, _progress in _html_titles(download.content.decode())] == order

    with report.xlsx.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    sheet = workbook[workbook.sheetnames[1]]
    assert sheet["C1"].value == "项目"
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == order

    with report.pdf.open("rb") as handle:
        assert _pdf_titles(handle.read(), set(order), tmp_path) == order
