"""A small hand-made layout for the maps' tests: a street of two communities along a meridian near
Jilin City, where a degree of latitude is 111,195 m, so every distance is known in advance."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from alliances.stations.tests.factories import RedStationFactory
from communities.tests.factories import CommunityFactory, StreetFactory
from grids.network import services as network_services
from jilin_grid.geo import distance_metres

LNG = Decimal("126.500000")
BASE = Decimal("43.800000")


def at(offset: str) -> dict:
    """A location ``offset`` degrees of latitude north of the base, on the same meridian."""
    return {"latitude": BASE + Decimal(offset), "longitude": LNG}


def metres(offset_a: str, offset_b: str) -> float:
    a, b = at(offset_a), at(offset_b)
    return distance_metres((float(a["latitude"]), float(a["longitude"])), (float(b["latitude"]), float(b["longitude"])))


def build(street=None) -> SimpleNamespace:
    """Community ``north`` with its service centre at the base and four compounds: ``near`` 334 m
    from the centre, ``limit`` 799.9 m south of it, ``far`` 1,112 m (222 m from the red station at +0.012),
    ``remote`` 5.6 km (no service point within three walks); community ``south`` with one compound
    ``lonely`` and no service point at all, and one compound not located yet."""
    street = street or StreetFactory()
    north = CommunityFactory(street=street, name="北山社区")
    south = CommunityFactory(street=street, name="南岭社区")
    north.centre_latitude, north.centre_longitude = at("0")["latitude"], LNG
    north.save()
    compounds = {
        name: network_services.compound_create(community=north, name=f"{name}小区", **at(offset))
        for name, offset in (("near", "0.003"), ("limit", "-0.007194"), ("far", "0.010"), ("remote", "0.050"))
    }
    station = RedStationFactory(community=north, name="北山红色驿站", **at("0.012"))
    compounds["lonely"] = network_services.compound_create(community=south, name="lonely小区", **at("-0.200"))
    compounds["unlocated"] = network_services.compound_create(community=south, name="未定位小区")
    return SimpleNamespace(street=street, north=north, south=south, compounds=compounds, station=station)
