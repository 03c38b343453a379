"""Residents' problems' figures for the cockpit (``jilin_grid/figures.py``): those of
``/api/stats/problems/`` for the problems recorded in the period."""

from __future__ import annotations

from datetime import date

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import HIGHER, LOWER, NEUTRAL, Family, Figure, Period, list_link, register_family
from jilin_grid.scope import prefix_q

from .models import ResidentProblem
from .selectors import problem_stats


def read(area, period: Period) -> dict:
    return problem_stats(area, period.start, period.end)


def latest(area) -> date | None:
    """The day the area's last problem was recorded (local date), in one query on the area's index."""
    moment = ResidentProblem.objects.filter(prefix_q("area_code", area.code)).aggregate(last=Max("recorded_at"))["last"]
    return timezone.localdate(moment) if moment else None


def _problems(**params):
    return list_link("grids:problem_list", start="recorded_from", end="recorded_to", **params)


FAMILY = Family(
    name="problems",
    label=_("Residents' problems"),
    read="grids.problems.figures.read",
    latest="grids.problems.figures.latest",
    order=30,
    figures=(
        Figure("recorded", _("Recorded"), ("recorded",), better=NEUTRAL, link=_problems()),
        Figure("resolved", _("Solved"), ("resolved",), better=HIGHER, link=_problems(status=["resolved", "closed"])),
        Figure(
            "resolved_in_grid",
            _("Solved inside the grid"),
            ("resolved_in_grid",),
            better=HIGHER,
            link=_problems(status=["resolved", "closed"], level="grid"),
        ),
        Figure("overdue", _("Overdue"), ("overdue",), better=LOWER, link=_problems(overdue="true")),
        Figure("escalated", _("Escalated"), ("escalated_total",), better=LOWER, link=_problems(escalated="true")),
        Figure(
            "escalated_street",
            _("Escalated to the street"),
            ("escalated", "street"),
            better=LOWER,
            link=_problems(level="street"),
        ),
        Figure(
            "escalated_district",
            _("Escalated to the district"),
            ("escalated", "district"),
            better=LOWER,
            link=_problems(level="district"),
        ),
        Figure("satisfaction_rate", _("Satisfaction"), ("satisfaction_rate",), unit="%", better=HIGHER),
        Figure(
            "average_hours_to_resolve",
            _("Average time to solve"),
            ("average_hours_to_resolve",),
            unit="h",
            better=LOWER,
        ),
    ),
)


def register() -> None:
    register_family(FAMILY)
