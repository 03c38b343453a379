"""The walks kept as the places change: a compound or a service point saved, moved, opened, closed
or deleted measures again the compounds near it, in the transaction of the write (whatever service,
page, API call or admin change wrote it). A save that changes neither the place nor whether it
serves costs nothing.

Rows written in bulk (the demo city) send no signal: their builder rebuilds the walks once.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_init, post_save

from alliances.loop.models import Venue
from alliances.stations.models import FamilyStation, RedStation
from communities.models import Community
from grids.network.models import ResidentialCompound

from .choices import PointKind

# Each model that places a service point: its kind, its location's fields, and the field saying it serves.
SERVICE_POINT_MODELS = {
    RedStation: (PointKind.RED_STATION, "latitude", "longitude", "is_active"),
    FamilyStation: (PointKind.FAMILY_STATION, "latitude", "longitude", "is_active"),
    Venue: (PointKind.VENUE, "latitude", "longitude", "is_open"),
    Community: (PointKind.DESK, "centre_latitude", "centre_longitude", "is_active"),
}
STATE = "_map_state"


def _state(instance, latitude: str, longitude: str, serving: str) -> tuple:
    """(location or None, serving): what of a row the walks depend on."""
    lat, lng = instance.__dict__.get(latitude), instance.__dict__.get(longitude)
    location = None if lat is None or lng is None else (float(lat), float(lng))
    return location, bool(instance.__dict__.get(serving, True))


def _remember(sender, instance, **kwargs) -> None:
    _kind, latitude, longitude, serving = _fields(sender)
    instance.__dict__[STATE] = _state(instance, latitude, longitude, serving) if instance.pk else (None, False)


def _fields(sender) -> tuple:
    if sender is ResidentialCompound:
        return "", "latitude", "longitude", "is_active"
    return SERVICE_POINT_MODELS[sender]


def _point_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    from .services import reach_refresh_near

    kind, latitude, longitude, serving = SERVICE_POINT_MODELS[sender]
    before = instance.__dict__.get(STATE, (None, False))
    now = _state(instance, latitude, longitude, serving)
    instance.__dict__[STATE] = now
    if before == now or (before[0] is None and now[0] is None):
        return
    locations = [location for location in (before[0], now[0]) if location is not None]
    reach_refresh_near(kind=kind, point_id=instance.pk, locations=locations)


def _point_deleted(sender, instance, **kwargs) -> None:
    from .services import reach_refresh_near

    kind, _latitude, _longitude, _serving = SERVICE_POINT_MODELS[sender]
    before = instance.__dict__.get(STATE, (None, False))
    if before[0] is None:
        return
    reach_refresh_near(kind=kind, point_id=instance.pk, locations=[before[0]])


def _compound_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    from .services import compound_reach_refresh

    before = instance.__dict__.get(STATE, (None, False))
    now = _state(instance, "latitude", "longitude", "is_active")
    instance.__dict__[STATE] = now
    if before == now or (before[0] is None and now[0] is None):
        return
    compound_reach_refresh(compound_ids=[instance.pk])


def connect() -> None:
    """Called from the app's ``ready()``."""
    for model in (*SERVICE_POINT_MODELS, ResidentialCompound):
        post_init.connect(_remember, sender=model, dispatch_uid=f"maps-remember-{model.__name__}")
    for model in SERVICE_POINT_MODELS:
        post_save.connect(_point_saved, sender=model, dispatch_uid=f"maps-saved-{model.__name__}")
        post_delete.connect(_point_deleted, sender=model, dispatch_uid=f"maps-deleted-{model.__name__}")
    post_save.connect(_compound_saved, sender=ResidentialCompound, dispatch_uid="maps-compound-saved")
