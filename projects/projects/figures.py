"""The secretaries' No.1 projects' figures for the cockpit (``jilin_grid/figures.py``): those of
``/api/stats/projects/`` for the projects of the period's year (``period.year``: a project is of a
year; the lights and the reporting rate are judged today)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import HIGHER, LOWER, NEUTRAL, Family, Figure, Period, list_link, register_family

from .choices import ProjectStatus
from .selectors import project_stats

CLAIMED = [status.value for status in ProjectStatus if status != ProjectStatus.ABANDONED]


def read(area, period: Period) -> dict:
    """The projects of the period's year."""
    return project_stats(area, period.year)


def _projects(**params):
    def link(code: str, period: Period) -> str:
        return list_link("projects:project_list", year=period.year, **params)(code, period)

    return link


FAMILY = Family(
    name="projects",
    label=_("No.1 projects"),
    read="projects.projects.figures.read",
    order=20,
    figures=(
        Figure("claimed", _("Claimed"), ("claimed",), better=HIGHER, link=_projects(status=CLAIMED)),
        Figure("approved", _("Approved and running"), ("approved",), better=NEUTRAL, link=_projects(status="approved")),
        Figure("completed", _("Completed"), ("completed",), better=HIGHER, link=_projects(status="completed")),
        Figure("reporting_rate", _("Reporting rate"), ("reporting_rate",), unit="%", better=HIGHER),
        Figure("green", _("Green lights"), ("green",), better=HIGHER, link=_projects(light="green")),
        Figure("yellow", _("Yellow lights"), ("yellow",), better=LOWER, link=_projects(light="yellow")),
        Figure("red", _("Red lights"), ("red",), better=LOWER, link=_projects(light="red")),
    ),
)


def register() -> None:
    register_family(FAMILY)
