"""The party-building alliances' figures for the cockpit (``jilin_grid/figures.py``): those of
``/api/stats/alliances/`` for the period: the alliances, member units and open venues of today,
the activities held and their participants, and the six-step loop of the problems collected."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import HIGHER, NEUTRAL, Family, Figure, Period, list_link, register_family

from .selectors import alliance_stats


def read(area, period: Period) -> dict:
    return alliance_stats(area, period.start, period.end)


FAMILY = Family(
    name="alliances",
    label=_("Party-building alliances"),
    read="alliances.loop.figures.read",
    order=40,
    figures=(
        Figure(
            "alliances",
            _("Alliances"),
            ("alliances",),
            better=NEUTRAL,
            link=list_link("alliances:alliance_list", is_active="true"),
        ),
        Figure("member_units", _("Member units"), ("member_units",), better=NEUTRAL),
        Figure("activities", _("Activities"), ("activities",), better=HIGHER),
        Figure("participants", _("Participant-times"), ("activity_participants",), better=HIGHER),
        Figure("collected", _("Problems collected"), ("loop", "collected"), better=NEUTRAL),
        Figure("consulted", _("Consulted"), ("loop", "consulted"), better=HIGHER),
        Figure("implemented", _("Implemented"), ("loop", "implemented"), better=HIGHER),
        Figure("evaluated", _("Evaluated"), ("loop", "evaluated"), better=HIGHER),
        Figure("satisfaction_rate", _("Satisfaction"), ("satisfaction_rate",), unit="%", better=HIGHER),
    ),
)


def register() -> None:
    register_family(FAMILY)
