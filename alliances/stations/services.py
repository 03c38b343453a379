"""Writes of the red stations (红色驿站) and the family stations (党员示范活动家庭站点). Keyword-only,
atomic, validated. Who may write is checked by the pages and the API (a writing role over the
station's community or an area above it); the rules of the records themselves are kept here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliances.volunteering.choices import OPEN_REPORT_STATUSES
from alliances.volunteering.models import InServiceMember
from communities.models import Community
from jilin_grid.services import UNCHANGED, Unchanged, model_update, retire, save_validated

from .choices import VolunteerKind
from .models import (
    FamilyActivity,
    FamilyStation,
    RedStation,
    StationEvent,
    StationExpert,
    StationFunction,
    StationOrganization,
    StationServiceItem,
    StationVolunteer,
)

# Red stations ------------------------------------------------------------------------------------


def _check_functions(functions: Iterable[StationFunction]) -> list[StationFunction]:
    functions = list(functions)
    if any(not function.is_active for function in functions):
        raise ValidationError({"functions": _("A retired function cannot be given to a station.")})
    return functions


@transaction.atomic
def station_add(
    *,
    community: Community,
    name: str,
    place: str,
    opened_on: date,
    hours: str,
    former_booth: str = "",
    functions: Iterable[StationFunction] = (),
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> RedStation:
    """A red station of a community, with the functions it offers."""
    functions = _check_functions(functions)
    if RedStation.objects.filter(community=community, name=name).exists():
        raise ValidationError({"name": _("The community already has a red station of this name.")})
    station = save_validated(
        RedStation(community=community),
        {
            "name": name,
            "place": place,
            "opened_on": opened_on,
            "hours": hours,
            "former_booth": former_booth,
            "latitude": latitude,
            "longitude": longitude,
        },
    )
    station.functions.set(functions)
    return station


@transaction.atomic
def station_update(
    *,
    station: RedStation,
    name: str | Unchanged = UNCHANGED,
    place: str | Unchanged = UNCHANGED,
    former_booth: str | Unchanged = UNCHANGED,
    opened_on: date | Unchanged = UNCHANGED,
    hours: str | Unchanged = UNCHANGED,
    functions: Iterable[StationFunction] | Unchanged = UNCHANGED,
    latitude: Decimal | Unchanged | None = UNCHANGED,
    longitude: Decimal | Unchanged | None = UNCHANGED,
) -> RedStation:
    """Change a station's description or functions; it stays in its community. It cannot be said to
    have opened after its first event."""
    if (
        name is not UNCHANGED
        and RedStation.objects.filter(community_id=station.community_id, name=name).exclude(pk=station.pk).exists()
    ):
        raise ValidationError({"name": _("The community already has a red station of this name.")})
    if opened_on is not UNCHANGED:
        first = station.events.order_by("held_on").values_list("held_on", flat=True).first()
        if first is not None and opened_on > first:
            raise ValidationError(
                {"opened_on": _("The station held an event on %(day)s, before this day.") % {"day": first.isoformat()}}
            )
    station = model_update(
        station,
        name=name,
        place=place,
        former_booth=former_booth,
        opened_on=opened_on,
        hours=hours,
        latitude=latitude,
        longitude=longitude,
    )
    if functions is not UNCHANGED:
        station.functions.set(_check_functions(functions))
    return station


@transaction.atomic
def station_retire(*, station: RedStation) -> RedStation:
    """Close a station; it stays in history."""
    return retire(station)


def _check_open(station: RedStation) -> None:
    if not station.is_active:
        raise ValidationError(_("The red station is closed."))


@transaction.atomic
def service_item_add(*, station: RedStation, title: str, schedule: str, provider: str) -> StationServiceItem:
    """A service item of a station: what is offered, when, and by whom."""
    _check_open(station)
    return save_validated(
        StationServiceItem(station=station), {"title": title, "schedule": schedule, "provider": provider}
    )


@transaction.atomic
def organization_station(*, station: RedStation, name: str) -> StationOrganization:
    """A social organization comes to be stationed at a station."""
    _check_open(station)
    if station.organizations.filter(name=name).exists():
        raise ValidationError({"name": _("This organization is already stationed here.")})
    return save_validated(StationOrganization(station=station), {"name": name})


@transaction.atomic
def expert_engage(*, station: RedStation, name: str, field: str, schedule: str) -> StationExpert:
    """An expert (a lawyer, a scholar, an economist, a doctor) engaged by a station, and when they serve."""
    _check_open(station)
    return save_validated(StationExpert(station=station), {"name": name, "field": field, "schedule": schedule})


def member_reported_to(member: InServiceMember, community: Community) -> bool:
    """True when the member's open report (awaiting confirmation or confirmed) is to ``community``."""
    return member.reports.filter(community=community, status__in=OPEN_REPORT_STATUSES).exists()


@transaction.atomic
def volunteer_add(
    *,
    station: RedStation,
    kind: str,
    name: str = "",
    member: InServiceMember | None = None,
    reported_elsewhere: bool = False,
) -> StationVolunteer:
    """A volunteer of a station. An in-service party member is linked to their record and must have
    reported to the station's community (双报到), unless the community says explicitly that the member
    serves here though reported elsewhere (``reported_elsewhere``)."""
    _check_open(station)
    if kind == VolunteerKind.MEMBER:
        if member is None:
            raise ValidationError({"member": _("Choose the in-service party member.")})
        if not reported_elsewhere and not member_reported_to(member, station.community):
            raise ValidationError(
                {
                    "member": _(
                        "This member has not reported to the station's community; tick “reported elsewhere” "
                        "to link them all the same."
                    )
                }
            )
        if station.volunteers.filter(member=member).exists():
            raise ValidationError({"member": _("This member already volunteers at the station.")})
        name = member.person.name
    elif member is not None:
        raise ValidationError({"member": _("Only an in-service party member is linked to a member's record.")})
    if not name.strip():
        raise ValidationError({"name": _("Give the volunteer's name.")})
    return save_validated(StationVolunteer(station=station), {"kind": kind, "name": name.strip(), "member": member})


@transaction.atomic
def station_event_log(*, station: RedStation, held_on: date, kind: str, title: str, participants: int) -> StationEvent:
    """An event held at a station; not before the station opened."""
    _check_open(station)
    if held_on < station.opened_on:
        raise ValidationError(
            {
                "held_on": _("The station opened on %(day)s; an event cannot be held before.")
                % {"day": station.opened_on.isoformat()}
            }
        )
    return save_validated(
        StationEvent(station=station),
        {"held_on": held_on, "kind": kind, "title": title, "participants": participants},
    )


# Family stations ---------------------------------------------------------------------------------


@transaction.atomic
def family_station_add(
    *,
    community: Community,
    host: str,
    place: str,
    learning_place: str,
    activity_carrier: str,
    service_feature: str,
    opened_on: date,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> FamilyStation:
    """A party member's home opened as a demonstration family station."""
    return save_validated(
        FamilyStation(community=community),
        {
            "host": host,
            "place": place,
            "learning_place": learning_place,
            "activity_carrier": activity_carrier,
            "service_feature": service_feature,
            "opened_on": opened_on,
            "latitude": latitude,
            "longitude": longitude,
        },
    )


@transaction.atomic
def family_station_retire(*, station: FamilyStation) -> FamilyStation:
    """Close a family station; it stays in history."""
    return retire(station)


@transaction.atomic
def family_activity_log(*, station: FamilyStation, held_on: date, title: str, participants: int) -> FamilyActivity:
    """An activity held at a family station; not before it opened."""
    if not station.is_active:
        raise ValidationError(_("The family station is closed."))
    if held_on < station.opened_on:
        raise ValidationError(
            {
                "held_on": _("The family station opened on %(day)s; an activity cannot be held before.")
                % {"day": station.opened_on.isoformat()}
            }
        )
    return save_validated(
        FamilyActivity(station=station), {"held_on": held_on, "title": title, "participants": participants}
    )
