"""The one-stop desk's figures for the cockpit (``jilin_grid/figures.py``): those of
``/api/stats/desk/`` for the cases accepted in the period."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import HIGHER, LOWER, NEUTRAL, Family, Figure, Period, list_link, register_family

from .selectors import desk_figures


def read(area, period: Period) -> dict:
    return desk_figures(area, period.start, period.end, workers_page=None)


def _cases(**params):
    return list_link("alliances:desk_case_list", start="accepted_from", end="accepted_to", **params)


FAMILY = Family(
    name="desk",
    label=_("One-stop desk"),
    read="alliances.desk.figures.read",
    order=90,
    figures=(
        Figure("taken", _("Matters taken"), ("taken",), better=NEUTRAL, link=_cases()),
        Figure("finished", _("Finished"), ("finished",), better=HIGHER, link=_cases(status="finished")),
        Figure("finished_in_time", _("Finished in time"), ("finished_in_time",), better=HIGHER),
        Figure("overdue", _("Overdue"), ("overdue",), better=LOWER, link=_cases(overdue="true")),
        Figure("in_hand", _("In hand"), ("in_hand",), better=NEUTRAL, link=_cases(status="open")),
        Figure(
            "escalated",
            _("Turned into residents' problems"),
            ("escalated",),
            better=LOWER,
            link=_cases(status="escalated"),
        ),
        Figure("average_days", _("Average days to finish"), ("average_days",), unit="d", better=LOWER),
    ),
)


def register() -> None:
    register_family(FAMILY)
