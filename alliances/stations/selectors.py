"""Reads of the red stations and the family stations: the figures of an area and of its children
(``GET /api/stats/stations/``, from the kept counts), and a station's page with everything that
belongs to it."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch

from jilin_grid.areas import Area, area_statistics
from jilin_grid.counts.selectors import kept_figures
from jilin_grid.scope import prefix_q

from .counts import FAMILIES
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


def _distinct_functions(code: str, length: int) -> tuple[set, dict[str, set]]:
    """The functions offered by the open stations under ``code``: all of them, and per child prefix."""
    through = RedStation.functions.through
    rows = (
        through.objects.filter(prefix_q("redstation__area_code", code), redstation__is_active=True)
        .values_list("redstation__area_code", "stationfunction_id")
        .distinct()
    )
    everything: set = set()
    by_child: dict[str, set] = defaultdict(set)
    for area_code, function_id in rows:
        everything.add(function_id)
        by_child[area_code[:length]].add(function_id)
    return everything, by_child


def station_figures(area: Area) -> dict:
    """The stations' figures of an area and of each direct child (a community's are its grids, where
    the stations, kept by communities, add nothing): read from the kept counts
    (``alliances/stations/counts.py``, one query), but the functions offered, a distinct count read
    from the open stations' functions (one query)."""
    code = area.code
    length = area.child_code_length or len(code)
    own = dict.fromkeys(FIGURES, 0)
    children: dict[str, dict] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for area_code, families in kept_figures(FAMILIES, code=code, child_length=area.child_code_length).items():
        figures = own if area_code == code else children[area_code]
        for by_figure in families.values():
            for name, value in by_figure.items():
                figures[name] += value
    functions, child_functions = _distinct_functions(code, length)
    own["functions"] = len(functions)
    for prefix, ids in child_functions.items():
        children[prefix]["functions"] = len(ids)
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
