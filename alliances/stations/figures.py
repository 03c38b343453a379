"""Red stations' and family stations' figures for the cockpit (``jilin_grid/figures.py``): those
of ``/api/stats/stations/``, today's (a state, the same whatever the period)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import HIGHER, NEUTRAL, Family, Figure, Period, list_link, register_family

from .selectors import station_figures


def read(area, period: Period) -> dict:
    """Today's stations, whatever the period."""
    return station_figures(area)


FAMILY = Family(
    name="stations",
    label=_("Red stations"),
    read="alliances.stations.figures.read",
    in_period=False,
    order=80,
    figures=(
        Figure(
            "stations",
            _("Red stations open"),
            ("stations",),
            better=NEUTRAL,
            link=list_link("alliances:red_station_list", is_active="true"),
        ),
        Figure("service_items", _("Service items"), ("service_items",), better=HIGHER),
        Figure("volunteers", _("Station volunteers"), ("volunteers",), better=HIGHER),
        Figure("events", _("Station events"), ("events",), better=HIGHER),
        Figure("event_participants", _("Event participant-times"), ("event_participants",), better=HIGHER),
        Figure(
            "family_stations",
            _("Family stations open"),
            ("family_stations",),
            better=NEUTRAL,
            link=list_link("alliances:family_station_list", is_active="true"),
        ),
        Figure("family_activities", _("Family station activities"), ("family_activities",), better=HIGHER),
    ),
)


def register() -> None:
    register_family(FAMILY)
