"""Reads of the red stations and the family stations: the figures of an area and of its children
(``GET /api/stats/stations/``, from the kept counts), and a station's page with everything that
belongs to it."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch

from jilin_grid.areas import Area, area_statistics
from jilin_grid.counts.selectors import kept_figures

from .counts import FAMILIES, FUNCTIONS
from .models import RedStation, StationVolunteer

FIGURES = (
    "stations",
    "functions",
    "service_items",
    "experts",
    "volunteers",
    "events",
    "event_participants",
    "family_stations",
    "family_activities",
    "family_participants",
)


def station_figures(area: Area) -> dict:
    """The stations' figures of an area and of each direct child (a community's are its grids, where
    the stations, kept by communities, add nothing): read from the kept counts
    (``alliances/stations/counts.py``, one query); the functions offered are the functions with
    an open station in the area, kept per function."""
    code = area.code
    own = dict.fromkeys(FIGURES, 0)
    children: dict[str, dict] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for area_code, families in kept_figures(FAMILIES, code=code, child_length=area.child_code_length).items():
        figures = own if area_code == code else children[area_code]
        for family, by_figure in families.items():
            if family == FUNCTIONS:
                figures["functions"] += sum(1 for value in by_figure.values() if value > 0)
                continue
            for name, value in by_figure.items():
                figures[name] += value
    return area_statistics(
        area, own, lambda child: dict(children[child]) if child in children else dict.fromkeys(FIGURES, 0)
    )


def station_page(queryset, pk: int) -> RedStation:
    """A station of ``queryset`` with its functions, items, organizations, experts, volunteers (with
    their member's person) and events: a fixed number of queries."""
    return (
        queryset.select_related("community")
        .prefetch_related(
            "functions",
            "items",
            "organizations",
            "experts",
            Prefetch("volunteers", queryset=StationVolunteer.objects.select_related("member__person")),
            "events",
        )
        .get(pk=pk)
    )
