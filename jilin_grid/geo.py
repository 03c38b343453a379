"""Locations on the ground: the latitude and longitude every located model carries (WGS-84, six
decimals: about 0.1 m), their range checks, and distances between two of them.

A located model adds ``LocatedModel``'s two columns and ``location_constraints("<name>")`` to its
``Meta.constraints``; both columns are empty until the place is entered, and are set together.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_METRES = 6_371_008.8
METRES_PER_DEGREE_LATITUDE = 111_320.0

LATITUDE_RANGE = (Decimal("-90"), Decimal("90"))
LONGITUDE_RANGE = (Decimal("-180"), Decimal("180"))

LATITUDE_MESSAGE = _("A latitude lies between -90 and 90 degrees (Jilin City about 43.8).")
LONGITUDE_MESSAGE = _("A longitude lies between -180 and 180 degrees (Jilin City about 126.5).")
BOTH_MESSAGE = _("Enter both the latitude and the longitude, or neither.")


def latitude_field(verbose_name=None) -> models.DecimalField:
    return models.DecimalField(
        verbose_name or _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(LATITUDE_RANGE[0], LATITUDE_MESSAGE),
            MaxValueValidator(LATITUDE_RANGE[1], LATITUDE_MESSAGE),
        ],
        help_text=_("Degrees north (WGS-84), e.g. 43.837800."),
    )


def longitude_field(verbose_name=None) -> models.DecimalField:
    return models.DecimalField(
        verbose_name or _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(LONGITUDE_RANGE[0], LONGITUDE_MESSAGE),
            MaxValueValidator(LONGITUDE_RANGE[1], LONGITUDE_MESSAGE),
        ],
        help_text=_("Degrees east (WGS-84), e.g. 126.549600."),
    )


def location_constraints(name: str, latitude: str = "latitude", longitude: str = "longitude") -> list:
    """The database's checks of a location: each coordinate in its range, and both or neither."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{latitude}__isnull": True})
            | Q(**{f"{latitude}__gte": LATITUDE_RANGE[0], f"{latitude}__lte": LATITUDE_RANGE[1]}),
            name=f"{name}_{latitude}_range",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{longitude}__isnull": True})
            | Q(**{f"{longitude}__gte": LONGITUDE_RANGE[0], f"{longitude}__lte": LONGITUDE_RANGE[1]}),
            name=f"{name}_{longitude}_range",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{latitude}__isnull": True}, **{f"{longitude}__isnull": True})
            | Q(**{f"{latitude}__isnull": False}, **{f"{longitude}__isnull": False}),
            name=f"{name}_{latitude}_{longitude}_together",
        ),
    ]


def check_location_pair(instance, errors: dict, latitude: str = "latitude", longitude: str = "longitude") -> None:
    """Add an error beside the empty one when only one coordinate of the pair is given."""
    lat, lng = getattr(instance, latitude), getattr(instance, longitude)
    if (lat is None) != (lng is None) and latitude not in errors and longitude not in errors:
        errors[latitude if lat is None else longitude] = BOTH_MESSAGE


class LocatedModel(models.Model):
    """A place on the map: latitude and longitude, both empty until entered."""

    latitude = latitude_field()
    longitude = longitude_field()

    class Meta:
        abstract = True

    @property
    def location(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return float(self.latitude), float(self.longitude)

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        check_location_pair(self, errors)
        if errors:
            raise ValidationError(errors)


def distance_metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance between two (latitude, longitude) points, in metres."""
    lat1, lng1, lat2, lng2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(centre: tuple[float, float], metres: float) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(south, north, west, east) of a box holding every point within ``metres`` of ``centre``."""
    lat, lng = centre
    dlat = metres / METRES_PER_DEGREE_LATITUDE
    dlng = metres / (METRES_PER_DEGREE_LATITUDE * max(0.01, math.cos(math.radians(lat))))
    q = Decimal("0.000001")
    return (
        Decimal(lat - dlat).quantize(q),
        Decimal(lat + dlat).quantize(q),
        Decimal(lng - dlng).quantize(q),
        Decimal(lng + dlng).quantize(q),
    )


def box_q(bounds: tuple, latitude: str = "latitude", longitude: str = "longitude") -> Q:
    """Rows whose location lies inside ``bounds`` (south, north, west, east)."""
    south, north, west, east = bounds
    return Q(
        **{
            f"{latitude}__gte": south,
            f"{latitude}__lte": north,
            f"{longitude}__gte": west,
            f"{longitude}__lte": east,
        }
    )


def near_q(centre: tuple[float, float], metres: float, latitude: str = "latitude", longitude: str = "longitude") -> Q:
    """Rows whose location lies in the box around ``centre`` (a superset of those within ``metres``)."""
    return box_q(bounding_box(centre, metres), latitude, longitude)
