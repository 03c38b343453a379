"""Reads of the red stations and the family stations: the figures of an area and of its children
(``GET /api/stats/stations/``), and a station's page with everything that belongs to it.

Each figure is one grouped query over the rows under the area (``jilin_grid.aggregates.rollup``),
added up per direct child, so the number of queries does not depend on how many rows there are."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch, Sum

from jilin_grid.aggregates import rollup
from jilin_grid.areas import Area, area_statistics
from jilin_grid.scope import prefix_q

from .models import (
    FamilyActivity,
    FamilyStation,
    RedStation,
    StationEvent,
    StationExpert,
    StationServiceItem,
    StationVolunteer,
)

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
    the stations, kept by communities, add nothing)."""
    code = area.code
    length = area.child_code_length or len(code)
    open_stations = {"station__is_active": True}
    counted = [
        (RedStation.objects.filter(is_active=True), {"stations": Count("id")}),
        (StationServiceItem.objects.filter(**open_stations), {"service_items": Count("id")}),
        (StationExpert.objects.filter(**open_stations), {"experts": Count("id")}),
        (StationVolunteer.objects.filter(**open_stations), {"volunteers": Count("id")}),
        (
            StationEvent.objects.filter(**open_stations),
            {"events": Count("id"), "event_participants": Sum("participants")},
        ),
        (FamilyStation.objects.filter(is_active=True), {"family_stations": Count("id")}),
        (
            FamilyActivity.objects.filter(**open_stations),
            {"family_activities": Count("id"), "family_participants": Sum("participants")},
        ),
    ]
    own = dict.fromkeys(FIGURES, 0)
    children: dict[str, dict] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for queryset, aggregates in counted:
        for (prefix,), values in rollup(queryset, field="area_code", prefix=code, length=length, **aggregates).items():
            for name, value in values.items():
                own[name] += value
                children[prefix][name] += value
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
