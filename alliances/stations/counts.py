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


def _open(row: dict, flag: str) -> bool:
    return bool(row.get(flag)) and bool(row.get("area_code"))


def station(row: dict):
    return [(row["area_code"], None, "stations", 1)] if _open(row, "is_active") else []


def family_station(row: dict):
    return [(row["area_code"], None, "family_stations", 1)] if _open(row, "is_active") else []


def part(figure: str, participants: str | None = None):
    """What a part of a station adds while its station is open: one to ``figure``, and its
    participants to ``participants``."""

    def contribute(row: dict):
        if not _open(row, "station__is_active"):
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

    register_counter(family="stations.red", model=RedStation, fields=("area_code", "is_active"), contribute=station)
    register_counter(
        family="stations.family", model=FamilyStation, fields=("area_code", "is_active"), contribute=family_station
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
            contribute=part(figure, participants),
            depends_on=((station_model, related),),
        )
