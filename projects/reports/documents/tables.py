"""The tables a report's workbook and PDF share: the summary as (figure, value) lines, the
projects, the ranking of areas, the quarter's trend and the named lists of problems, each as a
header and rows of cells (counts as numbers, rates as percents, dates as dates)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jilin_grid.exports import percent

from ..choices import ReportKind


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def summary_lines(contents: dict) -> list[tuple[str, Any]]:
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


def project_table(contents: dict, projects: list[dict]) -> tuple[list[str], list[list]]:
    """The table of some of the report's projects, in the order given (see ``contents.project_groups``)."""
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
        for row in projects
    ]
    return header, rows


def ranking_table(contents: dict) -> tuple[list[str], list[list]]:
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


def trend_table(contents: dict) -> tuple[list[str], list[list]]:
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


def problem_tables(contents: dict) -> list[tuple[str, list[str], list[list]]]:
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
