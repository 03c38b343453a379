"""What the red stations and the family stations add to the kept counts (families ``stations.*``,
one for each counted model, all time: the figures are today's state).

An open station adds one to ``stations`` (a family station to ``family_stations``); each service
item, expert, volunteer and event of an open red station, and each activity of an open family
station, adds one to its figure, an event and an activity their participants too. A station
closed or opened again counts the change of everything of it (``depends_on``). The functions the
open stations offer are a distinct count over a few rows per station, and stay read from them.
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
)


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


def register() -> None:
    from .models import (
        FamilyActivity,
        FamilyStation,
        RedStation,
        StationEvent,
        StationExpert,
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
