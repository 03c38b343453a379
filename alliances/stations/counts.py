"""What the red stations and the family stations add to the kept counts (families ``stations.*``,
one for each counted model, all time: the figures are today's state).

An open station adds one to ``stations`` (a family station to ``family_stations``); each service
item, expert, volunteer and event of an open red station, and each activity of an open family
station, adds one to its figure, an event and an activity their participants too. A station
closed or opened again counts the change of everything of it (``depends_on``).

The functions offered, a distinct count, are kept as their parts (``stations.functions``): each
open red station adds one to ``function:<id>`` of every function it offers, so the functions an
area offers are its figures above zero (as many as there are functions, whatever the number of
stations). A station's functions set, added or removed from either side count their change
(``many_to_many``), and so does a function deleted (through its stations).
"""

from __future__ import annotations

from jilin_grid.counts.registry import register_counter

FAMILIES = (
    "stations.red",
    "stations.family",
    "stations.items",
    "stations.experts",
    "stations.volunteers",
    "stations.events",
    "stations.activities",
    "stations.functions",
)
FUNCTIONS = "stations.functions"
FUNCTION = "function:"


def while_open(figure: str, participants: str | None = None, *, open_field: str = "station__is_active"):
    """What a row adds while ``open_field`` says its station is open (the station's own
    ``is_active``, or its station's): one to ``figure``, and its participants to ``participants``."""

    def contribute(row: dict):
        if not row.get(open_field) or not row.get("area_code"):
            return []
        answer = [(row["area_code"], None, figure, 1)]
        if participants and row.get("participants"):
            answer.append((row["area_code"], None, participants, row["participants"]))
        return answer

    return contribute


def station_function_rows(queryset):
    """The red stations of ``queryset`` with their area, whether open, and the ids of the
    functions they offer: two queries, whatever the number of stations."""
    stations = {row["pk"]: {**row, "functions": []} for row in queryset.values("pk", "area_code", "is_active")}
    if not stations:
        return []
    through = queryset.model.functions.through
    links = through._base_manager.db_manager(queryset.db).order_by()
    if queryset.query.where:
        links = links.filter(redstation_id__in=list(stations))
    for station_id, function_id in links.values_list("redstation_id", "stationfunction_id"):
        station = stations.get(station_id)
        if station is not None:
            station["functions"].append(function_id)
    return list(stations.values())


def functions_offered(row: dict):
    if not row.get("is_active") or not row.get("area_code"):
        return []
    return [(row["area_code"], None, f"{FUNCTION}{function_id}", 1) for function_id in row["functions"]]


def register() -> None:
    from .models import (
        FamilyActivity,
        FamilyStation,
        RedStation,
        StationEvent,
        StationExpert,
        StationFunction,
        StationServiceItem,
        StationVolunteer,
    )

    for family, model, figure in (
        ("stations.red", RedStation, "stations"),
        ("stations.family", FamilyStation, "family_stations"),
    ):
        register_counter(
            family=family,
            model=model,
            fields=("area_code", "is_active"),
            contribute=while_open(figure, open_field="is_active"),
        )
    parts = (
        ("stations.items", StationServiceItem, "items", "service_items", None),
        ("stations.experts", StationExpert, "experts", "experts", None),
        ("stations.volunteers", StationVolunteer, "volunteers", "volunteers", None),
        ("stations.events", StationEvent, "events", "events", "event_participants"),
        ("stations.activities", FamilyActivity, "activities", "family_activities", "family_participants"),
    )
    for family, model, related, figure, participants in parts:
        station_model = FamilyStation if model is FamilyActivity else RedStation
        register_counter(
            family=family,
            model=model,
            fields=("area_code", "station__is_active", *(("participants",) if participants else ())),
            contribute=while_open(figure, participants),
            depends_on=((station_model, related),),
        )
    register_counter(
        family=FUNCTIONS,
        model=RedStation,
        fields=("area_code", "is_active"),
        contribute=functions_offered,
        rows=station_function_rows,
        many_to_many=("functions",),
        # A function deleted takes its links with it: its stations count the change.
        depends_on=((StationFunction, "stations"),),
    )
