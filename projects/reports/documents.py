"""The monthly dispatch report (月调度通报) and the quarterly circular (季度通报) of an area.

``monthly_contents`` and ``quarterly_contents`` compute what a report says, as plain dicts and
lists, in a fixed number of queries whatever the number of projects: one query of the projects
per month covered (lights and reporting computed in the database by ``projects.projects.selectors``),
the area and its children, and the names of the projects' areas. ``render_html``,
``render_xlsx`` and ``render_pdf`` turn the contents into the three outputs.

What the figures mean (the rule, as the report states it):

- every figure of a month is as it stood at the month's end: a project's status (and whether it
  was showcased) is read from its history (``with_status_at``), so a project completed in August
  is under way in June's report, one abandoned in August is still counted in June, and one
  claimed in August is not in June's;
- the report covers the projects of the period's year whose organization lies inside the area,
  except claims abandoned by then; ``claimed`` counts them;
- a project is *due* to report a month when it is running (approved) and the month is not before
  its first month of progress, or when it filed that month anyway (a project completed since);
  ``reported`` counts the due projects that filed the month's progress, ``not_reported`` the rest;
  the reporting rate is reported / due;
- lights (green, yellow, red; see ``projects.projects.selectors``) are evaluated as of the day after the
  month's deadline (day ``PROJECT_PROGRESS_DEADLINE_DAY + 1`` of the next month), or today when
  that day is still to come; the report gives the evaluation date;
- average progress is the mean percent complete, as of that date, of the projects under way
  (approved or completed);
- child areas are ranked by reporting rate, then average progress (areas with nothing due last).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from grids.network.models import Grid
from jilin_grid.areas import AreaLevel, area_children, area_get, area_names, level_of
from jilin_grid.exports import percent, write_workbook
from jilin_grid.pdf import pdf_font
from projects.projects.choices import Light, ProjectStatus
from projects.projects.models import Project
from projects.projects.selectors import reported_in, with_light, with_status_at

from .choices import ReportKind
from .periods import Period, parse_period, period_end

UNDER_WAY = (ProjectStatus.APPROVED, ProjectStatus.COMPLETED)


class ReportAreaNotFound(ValueError):
    """The report's area code names no area on record."""


def light_labels() -> dict[str, str]:
    return {Light.GREEN: _("Green"), Light.YELLOW: _("Yellow"), Light.RED: _("Red"), "": "—"}


def evaluation_date(year: int, month: int, today: date | None = None) -> date:
    """The day a month's lights are read: the day after its progress deadline, or today if sooner."""
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    day = date(next_year, next_month, settings.PROJECT_PROGRESS_DEADLINE_DAY + 1)
    today = today or timezone.localdate()
    return min(day, today)


@dataclass
class ProjectRow:
    """One project as a report shows it for one month."""

    id: int
    organization: str
    area_code: str
    area_name: str
    title: str
    status: str
    status_label: str
    start_month: int
    progress: int
    light: str
    light_label: str
    reported: bool
    due: bool
    showcased: bool
    showcase_writeup: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _area_names(codes: set[str]) -> dict[str, str]:
    """Names of the projects' areas: administrative ones and grids, in two queries."""
    names = area_names(sorted(code for code in codes if level_of(code) != AreaLevel.GRID))
    grid_codes = sorted(code for code in codes if level_of(code) == AreaLevel.GRID)
    names.update(Grid.objects.filter(code__in=grid_codes).values_list("code", "name"))
    return names


def _fetch(area_code: str, year: int, month: int, as_of: date) -> list[dict]:
    """The area's projects of ``year`` as they stood at the end of ``month`` (status and showcase
    from their history, lights as of ``as_of``), and whether they filed ``month``. One query."""
    month_end = period_end(ReportKind.MONTHLY, f"{year}-{month:02d}")
    queryset = with_status_at(Project.objects.in_area(area_code).filter(year=year), month_end)
    queryset = queryset.exclude(status_then__in=["", ProjectStatus.ABANDONED])
    queryset = reported_in(with_light(queryset, as_of, status_field="status_then"), year, month)
    return list(
        queryset.order_by("area_code", "organization__name", "id").values(
            "id",
            "organization__name",
            "area_code",
            "title",
            "start_month",
            "progress",
            "light",
            "reported",
            "showcase_writeup",
            "status_then",
            "showcased_then",
        )
    )


def _rows(raw: list[dict], month: int, names: dict[str, str]) -> list[ProjectRow]:
    lights = light_labels()
    statuses = dict(ProjectStatus.choices)
    rows = []
    for item in raw:
        status = item["status_then"]
        running = status == ProjectStatus.APPROVED and item["start_month"] <= month
        under_way = status in UNDER_WAY
        rows.append(
            ProjectRow(
                id=item["id"],
                organization=item["organization__name"],
                area_code=item["area_code"],
                area_name=names.get(item["area_code"], item["area_code"]),
                title=item["title"],
                status=status,
                status_label=str(statuses.get(status, status)),
                start_month=item["start_month"],
                progress=item["progress"] if under_way else 0,
                light=item["light"],
                light_label=lights.get(item["light"], item["light"]),
                reported=bool(item["reported"]),
                due=running or bool(item["reported"]),
                showcased=item["showcased_then"],
                showcase_writeup=item["showcase_writeup"],
            )
        )
    return rows


def _rate(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def summarize(rows: list[ProjectRow]) -> dict:
    """The figures of a set of project rows for one month."""
    due = sum(1 for row in rows if row.due)
    reported = sum(1 for row in rows if row.due and row.reported)
    under_way = [row.progress for row in rows if row.status in UNDER_WAY]
    return {
        "claimed": len(rows),
        "due": due,
        "reported": reported,
        "not_reported": due - reported,
        "reporting_rate": _rate(reported, due),
        "green": sum(1 for row in rows if row.light == Light.GREEN),
        "yellow": sum(1 for row in rows if row.light == Light.YELLOW),
        "red": sum(1 for row in rows if row.light == Light.RED),
        "completed": sum(1 for row in rows if row.status == ProjectStatus.COMPLETED),
        "showcased": sum(1 for row in rows if row.showcased),
        "average_progress": round(sum(under_way) / len(under_way), 1) if under_way else None,
    }


def _rank(entries: list[dict]) -> list[dict]:
    """Sort by reporting rate, then average progress, best first; areas with nothing due last."""
    entries.sort(
        key=lambda entry: (
            entry["reporting_rate"] is None,
            -(entry["reporting_rate"] or 0),
            -(entry["average_progress"] or 0),
            entry["code"],
        )
    )
    for place, entry in enumerate(entries, start=1):
        entry["rank"] = place
    return entries


def _not_reported(rows: list[ProjectRow]) -> list[dict]:
    return [
        {"organization": row.organization, "area_name": row.area_name, "title": row.title}
        for row in rows
        if row.due and not row.reported
    ]


def _area(area_code: str):
    area = area_get(area_code)
    if area is None:
        raise ReportAreaNotFound(_("No area with code %(code)s.") % {"code": area_code})
    return area


def _header(kind: str, period: Period, area, evaluated_on: date) -> dict:
    if kind == ReportKind.MONTHLY:
        title = _("%(area)s No.1 projects: monthly dispatch report, %(year)s-%(month)02d") % {
            "area": area.name,
            "year": period.year,
            "month": period.months[0],
        }
    else:
        title = _("%(area)s No.1 projects: quarterly circular, %(year)s Q%(quarter)s") % {
            "area": area.name,
            "year": period.year,
            "quarter": (period.months[0] - 1) // 3 + 1,
        }
    return {
        "kind": kind,
        "kind_label": str(ReportKind(kind).label),
        "period": period.label,
        "year": period.year,
        "months": list(period.months),
        "area": {"code": area.code, "name": area.name, "level": area.level.value},
        "title": title,
        "evaluated_on": evaluated_on,
        "generated_at": timezone.localtime(),
        "deadline_day": settings.PROJECT_PROGRESS_DEADLINE_DAY,
    }


def monthly_contents(*, period: str, area_code: str, today: date | None = None) -> dict:
    """What the monthly dispatch report of ``period`` ("2020-06") for an area says."""
    parsed = parse_period(ReportKind.MONTHLY, period)
    area = _area(area_code)
    month = parsed.months[0]
    as_of = evaluation_date(parsed.year, month, today)
    raw = _fetch(area.code, parsed.year, month, as_of)
    names = _area_names({item["area_code"] for item in raw})
    rows = _rows(raw, month, names)
    ranking = []
    for code, name in area_children(area):
        ranking.append(
            {"code": code, "name": name, **summarize([row for row in rows if row.area_code.startswith(code)])}
        )
    return {
        **_header(ReportKind.MONTHLY, parsed, area, as_of),
        "summary": summarize(rows),
        "projects": [row.as_dict() for row in rows],
        "not_reported": _not_reported(rows),
        "ranking": _rank(ranking),
    }


def quarterly_contents(*, period: str, area_code: str, today: date | None = None) -> dict:
    """What the quarterly circular of ``period`` ("2020-Q2") for an area says."""
    parsed = parse_period(ReportKind.QUARTERLY, period)
    area = _area(area_code)
    months = parsed.months
    dates = {month: evaluation_date(parsed.year, month, today) for month in months}
    raws = {month: _fetch(area.code, parsed.year, month, dates[month]) for month in months}
    names = _area_names({item["area_code"] for raw in raws.values() for item in raw})
    by_month = {month: _rows(raws[month], month, names) for month in months}
    last = by_month[months[-1]]

    trend = [{"month": month, "evaluated_on": dates[month], **summarize(by_month[month])} for month in months]
    ranking = []
    for code, name in area_children(area):
        per_month = [summarize([row for row in by_month[m] if row.area_code.startswith(code)]) for m in months]
        due = sum(figures["due"] for figures in per_month)
        reported = sum(figures["reported"] for figures in per_month)
        end = per_month[-1]
        ranking.append(
            {
                "code": code,
                "name": name,
                "claimed": end["claimed"],
                "due": due,
                "reported": reported,
                "reporting_rate": _rate(reported, due),
                "average_progress": end["average_progress"],
                "green": end["green"],
                "yellow": end["yellow"],
                "red": end["red"],
                "completed": end["completed"],
            }
        )

    missed: dict[int, list[int]] = {}
    for month in months:
        for row in by_month[month]:
            if row.due and not row.reported:
                missed.setdefault(row.id, []).append(month)
    rows_by_id = {row.id: row for month in months for row in by_month[month]}
    repeated = [
        {
            "organization": rows_by_id[project_id].organization,
            "area_name": rows_by_id[project_id].area_name,
            "title": rows_by_id[project_id].title,
            "months": missed_months,
        }
        for project_id, missed_months in missed.items()
        if len(missed_months) >= 2
    ]
    repeated.sort(key=lambda item: (item["area_name"], item["organization"]))

    quarter_due = sum(item["due"] for item in trend)
    quarter_reported = sum(item["reported"] for item in trend)
    summary = {
        **summarize(last),
        "due": quarter_due,
        "reported": quarter_reported,
        "not_reported": quarter_due - quarter_reported,
        "reporting_rate": _rate(quarter_reported, quarter_due),
    }
    return {
        **_header(ReportKind.QUARTERLY, parsed, area, dates[months[-1]]),
        "summary": summary,
        "trend": trend,
        "projects": [row.as_dict() for row in last],
        "ranking": _rank(ranking),
        "showcased": [
            {
                "organization": row.organization,
                "area_name": row.area_name,
                "title": row.title,
                "writeup": row.showcase_writeup,
            }
            for row in last
            if row.showcased
        ],
        "red_projects": [
            {"organization": row.organization, "area_name": row.area_name, "title": row.title, "progress": row.progress}
            for row in last
            if row.light == Light.RED
        ],
        "repeated_non_reporting": repeated,
    }


def report_contents(*, kind: str, period: str, area_code: str, today: date | None = None) -> dict:
    if kind == ReportKind.MONTHLY:
        return monthly_contents(period=period, area_code=area_code, today=today)
    if kind == ReportKind.QUARTERLY:
        return quarterly_contents(period=period, area_code=area_code, today=today)
    raise ValueError(_("Unknown report kind."))


# ---------------------------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------------------------


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


LIGHT_ORDER = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2}


def _group_figures(rows: list[dict]) -> dict:
    """The figures of a group of project rows of the report's (last) month."""
    due = sum(1 for row in rows if row["due"])
    reported = sum(1 for row in rows if row["due"] and row["reported"])
    under_way = [row["progress"] for row in rows if row["status"] in UNDER_WAY]
    return {
        "claimed": len(rows),
        "due": due,
        "reported": reported,
        "reporting_rate": _rate(reported, due),
        "average_progress": round(sum(under_way) / len(under_way), 1) if under_way else None,
        "green": sum(1 for row in rows if row["light"] == Light.GREEN),
        "yellow": sum(1 for row in rows if row["light"] == Light.YELLOW),
        "red": sum(1 for row in rows if row["light"] == Light.RED),
    }


def project_groups(contents: dict) -> list[dict]:
    """The report's projects folded per child area of its area, in the ranking's order, each with
    the area's figures (the ranking's) and its projects sorted by light, red first, then by
    progress, lowest first; the projects lying in the area itself, under none of its children,
    come last under the area's own name."""

    def ordered(rows: list[dict]) -> list[dict]:
        return sorted(rows, key=lambda row: (LIGHT_ORDER.get(row["light"], 3), row["progress"], row["id"]))

    groups, placed = [], set()
    for entry in contents["ranking"]:
        rows = [row for row in contents["projects"] if row["area_code"].startswith(entry["code"])]
        placed.update(row["id"] for row in rows)
        if rows:
            groups.append({"code": entry["code"], "name": entry["name"], "figures": entry, "projects": ordered(rows)})
    rest = [row for row in contents["projects"] if row["id"] not in placed]
    if rest:
        area = contents["area"]
        groups.append(
            {"code": area["code"], "name": area["name"], "figures": _group_figures(rest), "projects": ordered(rest)}
        )
    return groups


def render_html(contents: dict) -> str:
    """The report as an HTML fragment (templates/projects/report_document.html)."""
    return render_to_string(
        "projects/reports/report_document.html", {"report": contents, "groups": project_groups(contents)}
    )


REPORT_STYLESHEETS = ("vendor/bootstrap/css/bootstrap.min.css", "css/report-document.css")


def _stylesheet(path: str) -> str:
    """A stylesheet of the portal's static files: from the app's directories, or as collected."""
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    found = finders.find(path)
    if found:
        with open(found, encoding="utf-8") as handle:
            text = handle.read()
    else:
        with staticfiles_storage.open(path) as handle:
            text = handle.read().decode("utf-8")
    # No pointer to a source map that the file's reader does not have.
    return "\n".join(line for line in text.splitlines() if "sourceMappingURL" not in line)


def html_document(report) -> str:
    """The report's HTML as a file of its own: its styles inlined, nothing to load from the
    portal (or from anywhere), readable in a browser with no network."""
    from django.utils.html import escape as html_escape

    styles = "\n".join(_stylesheet(path) for path in REPORT_STYLESHEETS).replace("</", "<\\/")
    return (
        '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html_escape(str(report))}</title><style>{styles}</style></head>"
        f'<body class="report-download"><main class="container-fluid py-3">{report.html}</main></body></html>'
    )


def _summary_lines(contents: dict) -> list[tuple[str, Any]]:
    """The summary as (figure, value) lines: counts as numbers, rates as percents, the date as a date."""
    summary = contents["summary"]
    quarterly = contents["kind"] == ReportKind.QUARTERLY
    return [
        (_("Area"), contents["area"]["name"]),
        (_("Period"), contents["period"]),
        (_("Lights evaluated on"), contents["evaluated_on"]),
        (_("Projects claimed"), summary["claimed"]),
        (_("Progress due (project-months)") if quarterly else _("Due to report"), summary["due"]),
        (_("Reported"), summary["reported"]),
        (_("Not reported"), summary["not_reported"]),
        (_("Reporting rate"), percent(summary["reporting_rate"])),
        (_("Green"), summary["green"]),
        (_("Yellow"), summary["yellow"]),
        (_("Red"), summary["red"]),
        (_("Completed"), summary["completed"]),
        (_("Showcased"), summary["showcased"]),
        (_("Average progress"), percent(summary["average_progress"])),
    ]


def _project_table(contents: dict) -> tuple[list[str], list[list]]:
    reported_header = _("Reported this month") if contents["kind"] == ReportKind.MONTHLY else _("Reported last month")
    header = [
        _("Party organization"),
        _("Area"),
        _("Project"),
        _("Status"),
        _("Percent complete"),
        _("Light"),
        reported_header,
    ]
    rows = [
        [
            row["organization"],
            row["area_name"],
            row["title"],
            row["status_label"],
            percent(row["progress"]),
            row["light_label"],
            _yes_no(row["reported"]) if row["due"] else "—",
        ]
        for row in contents["projects"]
    ]
    return header, rows


def _ranking_table(contents: dict) -> tuple[list[str], list[list]]:
    header = [
        _("Rank"),
        _("Area"),
        _("Projects claimed"),
        _("Due"),
        _("Reported"),
        _("Reporting rate"),
        _("Average progress"),
        _("Green"),
        _("Yellow"),
        _("Red"),
    ]
    rows = [
        [
            entry["rank"],
            entry["name"],
            entry["claimed"],
            entry["due"],
            entry["reported"],
            percent(entry["reporting_rate"]),
            percent(entry["average_progress"]),
            entry["green"],
            entry["yellow"],
            entry["red"],
        ]
        for entry in contents["ranking"]
    ]
    return header, rows


def _trend_table(contents: dict) -> tuple[list[str], list[list]]:
    header = [
        _("Month"),
        _("Lights evaluated on"),
        _("Due"),
        _("Reported"),
        _("Reporting rate"),
        _("Average progress"),
        _("Green"),
        _("Yellow"),
        _("Red"),
    ]
    rows = [
        [
            f"{contents['year']}-{item['month']:02d}",
            item["evaluated_on"],
            item["due"],
            item["reported"],
            percent(item["reporting_rate"]),
            percent(item["average_progress"]),
            item["green"],
            item["yellow"],
            item["red"],
        ]
        for item in contents["trend"]
    ]
    return header, rows


def _problem_tables(contents: dict) -> list[tuple[str, list[str], list[list]]]:
    """The named lists: organizations that did not report, red projects, repeated non-reporting."""
    organization, area, project = _("Party organization"), _("Area"), _("Project")
    if contents["kind"] == ReportKind.MONTHLY:
        return [
            (
                _("Organizations that did not report"),
                [organization, area, project],
                [[item["organization"], item["area_name"], item["title"]] for item in contents["not_reported"]],
            )
        ]
    return [
        (
            _("Red projects at the end of the quarter"),
            [organization, area, project, _("Percent complete")],
            [
                [item["organization"], item["area_name"], item["title"], percent(item["progress"])]
                for item in contents["red_projects"]
            ],
        ),
        (
            _("Organizations that missed two or more months"),
            [organization, area, project, _("Months missed")],
            [
                [item["organization"], item["area_name"], item["title"], ", ".join(str(m) for m in item["months"])]
                for item in contents["repeated_non_reporting"]
            ],
        ),
    ]


def render_xlsx(contents: dict) -> bytes:
    """The report as an Excel workbook: summary, projects, ranking (and trend, showcase, problems)."""
    sheets = [
        (_("Summary"), [contents["title"], ""], _summary_lines(contents)),
        (_("Projects"), *_project_table(contents)),
        (_("Ranking"), *_ranking_table(contents)),
    ]
    if contents["kind"] == ReportKind.QUARTERLY:
        sheets.append((_("Trend"), *_trend_table(contents)))
        sheets.append(
            (
                _("Showcase"),
                [_("Party organization"), _("Area"), _("Project"), _("Good practice")],
                [
                    [item["organization"], item["area_name"], item["title"], item["writeup"]]
                    for item in contents["showcased"]
                ],
            )
        )
    problem_names = [_("Not reported")] if contents["kind"] == ReportKind.MONTHLY else [_("Red"), _("Missed months")]
    for name, (_title, header, rows) in zip(problem_names, _problem_tables(contents), strict=True):
        sheets.append((name, header, rows))
    return write_workbook(sheets)


TABLE_ROWS_PER_PAGE = 30


def render_pdf(contents: dict) -> bytes:
    """The report as a PDF (A4 landscape) whose Chinese text renders and extracts."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

    font = pdf_font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=4 * mm)
    heading = ParagraphStyle("heading", fontName=font, fontSize=12, leading=16, spaceBefore=4 * mm, spaceAfter=2 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")

    def table(header: list[str], rows: list[list], widths: list[float], wrap: tuple[int, ...] = ()) -> list:
        """The rows as tables of at most a page's worth each, every one with the header: a
        table laid out across many pages is measured again at every page, so the city's
        thousands of projects would cost the square of their number."""
        heading_row = [Paragraph(escape(str(item)), cell) for item in header]
        # A text that fits its column on one line is drawn as it is; only a longer one is laid
        # out as a wrapping paragraph (the costly part of a long report).
        room = [width * mm - 6 for width in widths]

        def shown(index: int, value) -> Any:
            text = str(value)
            if index in wrap and stringWidth(text, font, 8) > room[index]:
                return Paragraph(escape(text), cell)
            return text

        tables = []
        for start in range(0, max(len(rows), 1), TABLE_ROWS_PER_PAGE):
            data = [heading_row]
            for row in rows[start : start + TABLE_ROWS_PER_PAGE]:
                data.append([shown(index, value) for index, value in enumerate(row)])
            result = LongTable(data, colWidths=[width * mm for width in widths], repeatRows=1)
            result.setStyle(
                [
                    ("FONT", (0, 0), (-1, -1), font, 8),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1dede")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
            tables.append(result)
        return tables

    story = [Paragraph(escape(contents["title"]), title_style)]
    story.append(
        Paragraph(
            _("Lights evaluated on %(date)s (the day after the deadline, day %(day)s of the next month).")
            % {"date": contents["evaluated_on"].isoformat(), "day": contents["deadline_day"]},
            body,
        )
    )
    story.append(Paragraph(_("Summary"), heading))
    story.extend(table([_("Figure"), _("Value")], _summary_lines(contents), [60, 80]))
    if contents["kind"] == ReportKind.QUARTERLY:
        story.append(Paragraph(_("Trend by month"), heading))
        header, rows = _trend_table(contents)
        story.extend(table(header, rows, [20, 28, 18, 18, 22, 22, 16, 16, 16]))
    story.append(Paragraph(_("Ranking of areas"), heading))
    header, rows = _ranking_table(contents)
    story.extend(table(header, rows, [12, 50, 22, 18, 18, 22, 22, 16, 16, 16], wrap=(1,)))
    for title, header, rows in _problem_tables(contents):
        story.append(Paragraph(title, heading))
        if rows:
            story.extend(table(header, rows, [70, 50, 110, 30][: len(header)], wrap=(0, 1, 2)))
        else:
            story.append(Paragraph(_("None."), body))
    if contents["kind"] == ReportKind.QUARTERLY:
        story.append(Paragraph(_("Showcased projects and good practices"), heading))
        for item in contents["showcased"]:
            story.append(Paragraph(escape(f"{item['organization']} · {item['title']}"), body))
            story.append(Paragraph(escape(item["writeup"]), body))
            story.append(Spacer(1, 2 * mm))
        if not contents["showcased"]:
            story.append(Paragraph(_("None."), body))
    story.append(Paragraph(_("Projects"), heading))
    header, rows = _project_table(contents)
    story.extend(table(header, rows, [62, 38, 90, 30, 18, 16, 20], wrap=(0, 1, 2)))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=contents["title"],
        initialFontName=font,  # not Helvetica, which would be named in the file without being embedded
    )
    document.build(story)
    return buffer.getvalue()
