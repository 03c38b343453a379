"""Report contents checked against a plain count over the rows the test made, and the three outputs."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date, datetime

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    StreetFactory,
)
from projects.projects.choices import ProjectEventKind, ProjectStatus
from projects.projects.models import ProjectEvent
from projects.reports.documents.contents import (
    LIGHT_ORDER,
    evaluation_date,
    monthly_contents,
    project_groups,
    quarterly_contents,
)
from projects.reports.documents.html import render_html
from projects.reports.documents.pdf import render_pdf
from projects.reports.documents.workbook import render_xlsx
from projects.tests.factories import MilestoneFactory, ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LATE_TODAY = date(2021, 3, 1)  # long after 2020: every month of 2020 is evaluated after its deadline


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _project(community, *, status=ProjectStatus.APPROVED, months=(), percents=None, milestones=(6, 12), **fields):
    organization = PartyOrganizationFactory(area_code=community.code)
    project = ProjectFactory(organization=organization, status=status, **fields)
    for month in milestones:
        MilestoneFactory(project=project, month=month)
    for index, month in enumerate(months):
        percent = percents[index] if percents else min(100, month * 9)
        ProgressReportFactory(project=project, month=month, percent_complete=percent)
    return project


@pytest.fixture
def city():
    """Two districts with projects of every kind, and a project of another city's code."""
    city = CityFactory()
    d1, d2 = DistrictFactory(city=city, name="船营区"), DistrictFactory(city=city, name="昌邑区")
    c1 = CommunityFactory(street=StreetFactory(district=d1))
    c2 = CommunityFactory(street=StreetFactory(district=d1))
    c3 = CommunityFactory(street=StreetFactory(district=d2))
    projects = {
        # on track: every month filed, ahead of its milestones
        "steady": _project(c1, months=range(1, 13), percents=[min(100, m * 9) for m in range(1, 13)]),
        # filed June late? no: missed May and June, filed the rest
        "gaps": _project(c1, months=[1, 2, 3, 4, 7, 8], percents=[5, 10, 15, 20, 30, 35]),
        # filed every month but far behind its milestones (red when behind > 30 points)
        "behind": _project(c2, months=range(1, 13), percents=[1] * 12),
        # starts in July: nothing due in Q2
        "late_start": _project(c2, months=[7, 8, 9], start_month=7),
        # completed: filed up to June
        "done": _project(
            c3,
            status=ProjectStatus.COMPLETED,
            months=range(1, 7),
            percents=[20, 40, 60, 80, 90, 100],
            closing_summary="完成",
        ),
        # awaiting review: no light, not due
        "waiting": _project(c3, status=ProjectStatus.SUBMITTED),
        # abandoned: not in the report at all
        "dropped": _project(c3, status=ProjectStatus.ABANDONED, abandon_reason="撤销"),
        # showcased
        "shown": _project(
            c3,
            months=range(1, 13),
            percents=[m * 8 for m in range(1, 13)],
            showcased=True,
            showcase_writeup="三方联动，居民议事会每月召开",
        ),
        # another year
        "last_year": _project(c1, year=2019, months=range(1, 13)),
    }
    return {"city": city, "districts": (d1, d2), "communities": (c1, c2, c3), "projects": projects}


def _expected_month(projects, year, month, prefix):
    """The monthly figures counted with plain Python over the test's own rows."""
    mine = [
        p for p in projects if p.year == year and p.status != ProjectStatus.ABANDONED and p.area_code.startswith(prefix)
    ]
    filed = {p.pk: {r.month for r in p.progress_reports.all()} for p in mine}
    due = [p for p in mine if (p.status == ProjectStatus.APPROVED and p.start_month <= month) or month in filed[p.pk]]
    reported = [p for p in due if month in filed[p.pk]]
    return {
        "claimed": len(mine),
        "due": len(due),
        "reported": len(reported),
        "not_reported": sorted(p.organization.name for p in due if p not in reported),
        "completed": sum(1 for p in mine if p.status == ProjectStatus.COMPLETED),
    }


def _light(project, month):
    """The light rule of projects.projects.selectors, written again by hand for one project and due month."""
    if project.status != ProjectStatus.APPROVED:
        return ""
    if month < project.start_month:
        return "green"
    reports = {r.month: r.percent_complete for r in project.progress_reports.all()}
    if month not in reports:
        return "red"
    progress = max(p for m, p in reports.items() if m <= month)
    milestones = [m.month for m in project.milestones.all()]
    expected = sum(1 for m in milestones if m <= month) * 100 // len(milestones) if milestones else month * 100 // 12
    if progress < expected - 30:
        return "red"
    if progress < expected:
        return "yellow"
    return "green"


def test_evaluation_date_is_the_day_after_the_deadline_or_today(settings):
    settings.PROJECT_PROGRESS_DEADLINE_DAY = 5
    assert evaluation_date(2020, 6, today=date(2021, 1, 1)) == date(2020, 7, 6)
    assert evaluation_date(2020, 12, today=date(2021, 1, 1)) == date(2021, 1, 1)
    assert evaluation_date(2020, 12, today=date(2021, 2, 1)) == date(2021, 1, 6)


def test_monthly_figures_match_a_count_over_the_rows(city):
    projects = list(city["projects"].values())
    contents = monthly_contents(period="2020-06", area_code=city["city"].code, today=LATE_TODAY)
    expected = _expected_month(projects, 2020, 6, city["city"].code)
    summary = contents["summary"]

    assert contents["evaluated_on"] == date(2020, 7, 6)
    assert summary["claimed"] == expected["claimed"] == 7
    assert summary["due"] == expected["due"]
    assert summary["reported"] == expected["reported"]
    assert summary["not_reported"] == len(expected["not_reported"]) == 1
    assert summary["completed"] == expected["completed"] == 1
    assert sorted(item["organization"] for item in contents["not_reported"]) == expected["not_reported"]
    assert contents["not_reported"][0]["title"] == city["projects"]["gaps"].title

    lights = [_light(p, 6) for p in projects if p.year == 2020 and p.status != ProjectStatus.ABANDONED]
    assert summary["green"] == lights.count("green")
    assert summary["yellow"] == lights.count("yellow")
    assert summary["red"] == lights.count("red")
    by_title = {row["title"]: row for row in contents["projects"]}
    assert by_title[city["projects"]["gaps"].title]["light"] == "red"
    assert by_title[city["projects"]["behind"].title]["light"] == "red"
    assert by_title[city["projects"]["steady"].title]["light"] == "green"
    assert by_title[city["projects"]["steady"].title]["progress"] == 54
    assert by_title[city["projects"]["waiting"].title]["light"] == ""
    assert city["projects"]["dropped"].title not in by_title
    assert city["projects"]["last_year"].title not in by_title


def test_monthly_ranking_orders_children_by_reporting_rate_then_progress(city):
    d1, d2 = city["districts"]
    contents = monthly_contents(period="2020-06", area_code=city["city"].code, today=LATE_TODAY)
    projects = list(city["projects"].values())

    ranking = {entry["code"]: entry for entry in contents["ranking"]}
    for district in (d1, d2):
        expected = _expected_month(projects, 2020, 6, district.code)
        assert ranking[district.code]["due"] == expected["due"]
        assert ranking[district.code]["reported"] == expected["reported"]
    # d2: done and shown both filed June (100%); d1: steady and behind filed, gaps did not (2 of 3).
    assert [entry["name"] for entry in contents["ranking"]] == ["昌邑区", "船营区"]
    assert ranking[d2.code]["reporting_rate"] == 100.0
    assert ranking[d1.code]["reporting_rate"] == pytest.approx(66.7)
    assert [entry["rank"] for entry in contents["ranking"]] == [1, 2]


def test_a_report_holds_only_the_data_inside_its_area(city):
    d1, _d2 = city["districts"]
    contents = monthly_contents(period="2020-06", area_code=d1.code, today=LATE_TODAY)

    assert {row["area_code"][:6] for row in contents["projects"]} == {d1.code}
    assert contents["summary"]["claimed"] == 4
    assert all(entry["code"].startswith(d1.code) for entry in contents["ranking"])
    shown = city["projects"]["shown"]
    assert shown.organization.name not in render_html(contents)


def test_quarterly_trend_problems_and_showcase(city):
    projects = list(city["projects"].values())
    contents = quarterly_contents(period="2020-Q2", area_code=city["city"].code, today=LATE_TODAY)

    assert [item["month"] for item in contents["trend"]] == [4, 5, 6]
    for item in contents["trend"]:
        expected = _expected_month(projects, 2020, item["month"], city["city"].code)
        assert (item["due"], item["reported"]) == (expected["due"], expected["reported"])
        lights = [_light(p, item["month"]) for p in projects if p.year == 2020 and p.status != ProjectStatus.ABANDONED]
        assert (item["green"], item["yellow"], item["red"]) == (
            lights.count("green"),
            lights.count("yellow"),
            lights.count("red"),
        )
    assert contents["summary"]["due"] == sum(item["due"] for item in contents["trend"])
    assert contents["evaluated_on"] == date(2020, 7, 6)

    gaps, behind, shown = (city["projects"][name] for name in ("gaps", "behind", "shown"))
    assert [item["organization"] for item in contents["repeated_non_reporting"]] == [gaps.organization.name]
    assert contents["repeated_non_reporting"][0]["months"] == [5, 6]
    assert {item["title"] for item in contents["red_projects"]} == {gaps.title, behind.title}
    assert [(item["title"], item["writeup"]) for item in contents["showcased"]] == [
        (shown.title, "三方联动，居民议事会每月召开")
    ]


def test_the_excel_workbook_reads_back(city):
    contents = quarterly_contents(period="2020-Q2", area_code=city["city"].code, today=LATE_TODAY)
    workbook = load_workbook(io.BytesIO(render_xlsx(contents)))

    assert workbook.sheetnames[:5] == ["Summary", "Projects", "Ranking", "Trend", "Showcase"]
    projects = workbook["Projects"]
    assert projects["A1"].value == "Party organization"
    assert projects["A1"].font.bold
    # Wide enough for the longest title, a Chinese character counting two.
    longest = max(sum(2 if ord(char) > 0x2E80 else 1 for char in row["title"]) for row in contents["projects"])
    assert projects.column_dimensions["C"].width >= longest
    organizations = {row[0] for row in projects.iter_rows(min_row=2, values_only=True)}
    assert organizations == {row["organization"] for row in contents["projects"]}
    assert projects.max_row == 1 + 7
    summary = {row[0].value: row[1] for row in workbook["Summary"].iter_rows(min_row=2)}
    # Counts are integers, rates fractions shown as percents, the evaluation date a date.
    assert summary["Projects claimed"].value == 7
    assert summary["Projects claimed"].data_type == "n"
    assert summary["Red"].value == contents["summary"]["red"]
    rate = summary["Reporting rate"]
    assert rate.data_type == "n"
    assert rate.value == pytest.approx(contents["summary"]["reporting_rate"] / 100)
    assert rate.number_format == "0.0%"
    assert summary["Average progress"].number_format == "0.0%"
    assert summary["Lights evaluated on"].is_date
    assert summary["Lights evaluated on"].value.date() == date(2020, 7, 6)
    assert summary["Lights evaluated on"].number_format == "yyyy-mm-dd"
    first = next(projects.iter_rows(min_row=2))
    assert first[4].data_type == "n" and first[4].number_format == "0.0%"
    ranking = next(workbook["Ranking"].iter_rows(min_row=2))
    assert [ranking[index].data_type for index in (0, 2, 3, 4, 5, 7, 8, 9)] == ["n"] * 8
    assert ranking[5].number_format == "0.0%"
    trend = list(workbook["Trend"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in trend] == ["2020-04", "2020-05", "2020-06"]
    assert [row[1].date() for row in trend] == [date(2020, 5, 6), date(2020, 6, 6), date(2020, 7, 6)]
    showcase = list(workbook["Showcase"].iter_rows(min_row=2, values_only=True))
    assert showcase[0][3] == "三方联动，居民议事会每月召开"


def test_the_monthly_workbook_lists_who_did_not_report(city):
    contents = monthly_contents(period="2020-06", area_code=city["city"].code, today=LATE_TODAY)
    workbook = load_workbook(io.BytesIO(render_xlsx(contents)))

    assert workbook.sheetnames == ["Summary", "Projects", "Ranking", "Not reported"]
    rows = list(workbook["Not reported"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [city["projects"]["gaps"].organization.name]
    ranking = list(workbook["Ranking"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in ranking] == ["昌邑区", "船营区"]


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_text_is_chinese_and_extracts(city):
    with translation.override("zh-hans"):
        contents = monthly_contents(period="2020-06", area_code=city["city"].code, today=LATE_TODAY)
        data = render_pdf(contents)

    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "吉林市" in text
    assert city["projects"]["gaps"].organization.name in text
    assert city["projects"]["steady"].title in text
    assert "船营区" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_pdftotext_reads_the_chinese_text(city, tmp_path):
    contents = quarterly_contents(period="2020-Q2", area_code=city["city"].code, today=LATE_TODAY)
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(contents))

    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607

    assert "吉林市" in text
    assert "三方联动，居民议事会每月召开" in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs pdffonts (poppler-utils)")
def test_the_pdf_embeds_its_one_font_and_every_character_extracts(city, tmp_path):
    """Readable on a machine without any Chinese font: every font of the file is embedded (a
    subset of Noto Sans SC), and the text, "·" included, comes back out of it."""
    with translation.override("zh-hans"):
        contents = quarterly_contents(period="2020-Q2", area_code=city["city"].code, today=LATE_TODAY)
        path = tmp_path / "report.pdf"
        path.write_bytes(render_pdf(contents))

    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    fonts = [line.split() for line in listing.splitlines()[2:]]
    assert fonts, listing
    for line in fonts:
        # name type ... emb sub uni object-id generation: "emb" and "sub" are the 5th and 4th from the end
        assert "NotoSansSC" in line[0], listing
        assert line[-5:-3] == ["yes", "yes"], listing  # embedded, as a subset
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    shown = city["projects"]["shown"]
    assert f"{shown.organization.name} · {shown.title}" in text
    assert contents["title"] in text
    assert "季度通报" in text and "亮灯评定日期" in text


def _history(project, *steps):
    """Record the project's steps (kind, aware moment) as its history."""
    for kind, at in steps:
        ProjectEvent.objects.create(project=project, kind=kind, at=at)


def _local(*args):
    return timezone.make_aware(datetime(*args))


def test_a_month_s_report_shows_each_project_as_it_stood_at_the_month_s_end(city):
    """June's report, produced in September: a project completed in August is still under way in
    June (with its June light), one abandoned in August still counts, one claimed in August is
    not there yet, one approved in July was still awaiting review."""
    c1, c2, c3 = city["communities"]
    later = _project(c1, status=ProjectStatus.COMPLETED, months=range(1, 9), closing_summary="完成")
    _history(
        later,
        (ProjectEventKind.CLAIMED, _local(2020, 1, 5)),
        (ProjectEventKind.APPROVED, _local(2020, 1, 20)),
        (ProjectEventKind.COMPLETED, _local(2020, 8, 20)),
    )
    dropped_late = _project(c2, status=ProjectStatus.ABANDONED, months=[5, 6], abandon_reason="撤销")
    _history(
        dropped_late,
        (ProjectEventKind.CLAIMED, _local(2020, 1, 5)),
        (ProjectEventKind.APPROVED, _local(2020, 1, 20)),
        (ProjectEventKind.ABANDONED, _local(2020, 8, 2)),
    )
    claimed_late = _project(c3, months=[8])
    _history(
        claimed_late, (ProjectEventKind.CLAIMED, _local(2020, 8, 1)), (ProjectEventKind.APPROVED, _local(2020, 8, 3))
    )
    approved_late = _project(c3, months=[7, 8])
    _history(
        approved_late,
        (ProjectEventKind.CLAIMED, _local(2020, 5, 1)),
        (ProjectEventKind.APPROVED, _local(2020, 7, 1, 0, 0)),  # the first moment of July
    )
    # Completed on the last evening of June: completed in June's report.
    completed_in_june = _project(c3, status=ProjectStatus.COMPLETED, months=range(1, 7), closing_summary="完成")
    _history(
        completed_in_june,
        (ProjectEventKind.APPROVED, _local(2020, 1, 2)),
        (ProjectEventKind.COMPLETED, _local(2020, 6, 30, 23, 59)),
    )

    contents = monthly_contents(period="2020-06", area_code=city["city"].code, today=date(2020, 9, 15))
    rows = {row["id"]: row for row in contents["projects"]}

    assert rows[later.pk]["status"] == ProjectStatus.APPROVED
    # 54% filed in June, 50% planned: green, not the blank light of a completed project
    assert rows[later.pk]["light"] == "green"
    assert rows[later.pk]["due"] and rows[later.pk]["reported"]
    assert rows[dropped_late.pk]["status"] == ProjectStatus.APPROVED
    assert claimed_late.pk not in rows
    assert rows[approved_late.pk]["status"] == ProjectStatus.SUBMITTED
    assert rows[approved_late.pk]["light"] == "" and not rows[approved_late.pk]["due"]
    assert rows[completed_in_june.pk]["status"] == ProjectStatus.COMPLETED
    # The figures count them as they stood: the city's seven, plus the three there in June.
    assert contents["summary"]["claimed"] == 7 + 3 + 1
    assert contents["summary"]["completed"] == 1 + 1

    # August's report shows them as they stand now.
    august = monthly_contents(period="2020-08", area_code=city["city"].code, today=date(2020, 9, 15))
    rows = {row["id"]: row for row in august["projects"]}
    assert rows[later.pk]["status"] == ProjectStatus.COMPLETED
    assert dropped_late.pk not in rows
    assert rows[claimed_late.pk]["status"] == ProjectStatus.APPROVED


def test_a_project_counts_as_showcased_from_the_day_it_was_shown(city):
    shown = city["projects"]["shown"]
    shown.showcased_at = _local(2020, 8, 1)
    shown.save(update_fields=["showcased_at"])

    june = quarterly_contents(period="2020-Q2", area_code=city["city"].code, today=LATE_TODAY)
    september = quarterly_contents(period="2020-Q3", area_code=city["city"].code, today=LATE_TODAY)

    assert june["showcased"] == [] and june["summary"]["showcased"] == 0
    assert [item["title"] for item in september["showcased"]] == [shown.title]


def test_the_html_names_the_evaluation_date_and_the_figures(city):
    contents = monthly_contents(period="2020-06", area_code=city["city"].code, today=LATE_TODAY)
    html = render_html(contents)

    assert "2020-07-06" in html
    assert 'data-figure="not_reported">1<' in html
    assert city["projects"]["gaps"].organization.name in html
    assert "吉林市" in html


def test_the_html_folds_the_projects_per_area_sorted_red_yellow_green_then_progress(city):
    contents = monthly_contents(period="2020-06", area_code=city["city"].code, today=LATE_TODAY)
    html = render_html(contents)
    d1, d2 = city["districts"]

    groups = project_groups(contents)
    # One group per child area in the ranking's order, with the ranking's figures.
    assert [group["name"] for group in groups] == ["昌邑区", "船营区"]
    assert [group["figures"]["claimed"] for group in groups] == [3, 4]
    for group in groups:
        keys = [(LIGHT_ORDER.get(row["light"], 3), row["progress"]) for row in group["projects"]]
        assert keys == sorted(keys)
    lights = [row["light"] for row in groups[1]["projects"]]
    assert lights == ["red", "red", "green", "green"]  # gaps and behind, then late_start and steady
    assert groups[1]["projects"][0]["progress"] <= groups[1]["projects"][1]["progress"]

    # Folded: one closed <details> per area whose header carries the area's figures.
    folded = re.findall(r'<details class="report-group[^"]*" data-area="(\d+)"( open)?>', html)
    assert [code for code, _open in folded] == [d2.code, d1.code]
    assert all(not opened for _code, opened in folded)
    header = html.split(f'data-area="{d1.code}"', 1)[1].split("</summary>", 1)[0]
    assert re.search(r'data-figure="red">\s*Red 2<', header)
    assert "2/3" in header and "66.7%" in header  # 船营区: gaps did not file June


def _grow(city, count):
    c1, c2, c3 = city["communities"]
    for index in range(count):
        community = (c1, c2, c3)[index % 3]
        _project(community, months=range(1, 7), percents=[10, 20, 30, 40, 50, 60], milestones=(3, 9))


@pytest.mark.parametrize("kind", ["monthly", "quarterly"])
def test_report_contents_take_the_same_queries_at_ten_times_the_projects(city, kind, django_assert_max_num_queries):
    build = monthly_contents if kind == "monthly" else quarterly_contents
    period = "2020-06" if kind == "monthly" else "2020-Q2"
    _grow(city, 3)
    with django_assert_max_num_queries(50) as small:
        build(period=period, area_code=city["city"].code, today=LATE_TODAY)
    _grow(city, 30)
    with django_assert_max_num_queries(50) as large:
        contents = build(period=period, area_code=city["city"].code, today=LATE_TODAY)

    assert contents["summary"]["claimed"] == 7 + 33
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= (6 if kind == "monthly" else 8)
