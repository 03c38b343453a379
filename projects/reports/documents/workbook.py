"""A report as an Excel workbook."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jilin_grid.exports import write_workbook

from ..choices import ReportKind
from .contents import ordered_projects
from .tables import problem_tables, project_table, ranking_table, summary_lines, trend_table


def render_xlsx(contents: dict) -> bytes:
    """The report as an Excel workbook: summary, projects (in the order of the report's page), ranking
    (and trend, showcase, problems)."""
    sheets = [
        (_("Summary"), [contents["title"], ""], summary_lines(contents)),
        (_("Projects"), *project_table(contents, ordered_projects(contents))),
        (_("Ranking"), *ranking_table(contents)),
    ]
    if contents["kind"] == ReportKind.QUARTERLY:
        sheets.append((_("Trend"), *trend_table(contents)))
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
    for name, (_title, header, rows) in zip(problem_names, problem_tables(contents), strict=True):
        sheets.append((name, header, rows))
    return write_workbook(sheets)
