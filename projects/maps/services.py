"""Writes of the maps: the areas' shapes imported from a boundary file, and each compound's walk to
its nearest service point, kept as compounds and service points are saved, moved or deleted (only
the compounds near them are measured again)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from numbers import Real
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from grids.network.models import ResidentialCompound
from jilin_grid.areas import area_names, level_of
from jilin_grid.bulk import insert_many
from jilin_grid.geo import METRES_PER_DEGREE_LATITUDE, bounding_box, distance_metres, near_q

from .choices import ShapeSource
from .counts import counted_walks
from .models import AreaShape, CompoundReach
from .selectors import Point, map_points, search_metres

# Compounds measured again per round of ``compound_reach_refresh`` (one read of the points around them).
REFRESH_BATCH = 2000


# The walks.


class _PointIndex:
    """The service points in cells a search radius wide: a compound's nearest point within the
    radius lies in its own cell or one of the eight around it."""

    def __init__(self, points: list[Point], radius: float, widest_latitude: float):
        self.radius = radius
        self.dlat = radius / METRES_PER_DEGREE_LATITUDE
        self.dlng = radius / (METRES_PER_DEGREE_LATITUDE * max(0.01, math.cos(math.radians(widest_latitude))))
        self.cells: dict[tuple[int, int], list[Point]] = defaultdict(list)
        for point in points:
            self.cells[self._cell(point.latitude, point.longitude)].append(point)

    def _cell(self, latitude: float, longitude: float) -> tuple[int, int]:
        return math.floor(latitude / self.dlat), math.floor(longitude / self.dlng)

    def nearest(self, location: tuple[float, float]) -> tuple[float, Point] | None:
        row, column = self._cell(*location)
        best: tuple[float, Point] | None = None
        for i in (row - 1, row, row + 1):
            for j in (column - 1, column, column + 1):
                for point in self.cells.get((i, j), ()):
                    metres = distance_metres(location, point.location)
                    if metres <= self.radius and (
                        best is None or (metres, point.kind, point.id) < (best[0], best[1].kind, best[1].id)
                    ):
                        best = (metres, point)
        return best


def _measure(compounds: list[tuple[int, str, float, float]]) -> list[CompoundReach]:
    """The walks of ``compounds`` (id, area code, latitude, longitude) to their nearest service point:
    one read of the points around them (a query per kind of point)."""
    if not compounds:
        return []
    radius = search_metres()
    south = min(lat for _id, _code, lat, _lng in compounds)
    north = max(lat for _id, _code, lat, _lng in compounds)
    west = min(lng for _id, _code, _lat, lng in compounds)
    east = max(lng for _id, _code, _lat, lng in compounds)
    lower = bounding_box((south, west), radius)
    upper = bounding_box((north, east), radius)
    widest = max(abs(lower[0]), abs(upper[1]))
    bounds = (lower[0], upper[1], min(lower[2], upper[2]), max(lower[3], upper[3]))
    index = _PointIndex(map_points(bounds=bounds), radius, float(widest))
    rows = []
    for pk, code, lat, lng in compounds:
        found = index.nearest((lat, lng))
        if found is None:
            rows.append(CompoundReach(compound_id=pk, area_code=code, metres=None, point_kind="", point_name=""))
        else:
            metres, point = found
            rows.append(
                CompoundReach(
                    compound_id=pk,
                    area_code=code,
                    metres=round(metres, 1),
                    point_kind=point.kind,
                    point_id=point.id,
                    point_name=point.name[:200],
                )
            )
    return rows


def _located(queryset) -> list[tuple[int, str, float, float]]:
    rows = queryset.filter(is_active=True, latitude__isnull=False).order_by("id")
    return [
        (pk, code, float(lat), float(lng))
        for pk, code, lat, lng in rows.values_list("id", "area_code", "latitude", "longitude")
    ]


@transaction.atomic
def compound_reach_refresh(*, compound_ids: Iterable[int]) -> int:
    """Measure again the walks of these compounds (the inactive or unlocated among them lose theirs).
    Answers the number of walks written."""
    ids = sorted(set(compound_ids))
    written = 0
    for start in range(0, len(ids), REFRESH_BATCH):
        batch = ids[start : start + REFRESH_BATCH]
        CompoundReach.objects.filter(compound_id__in=batch).delete()
        rows = _measure(_located(ResidentialCompound.objects.filter(id__in=batch)))
        with counted_walks(row.compound_id for row in rows):
            insert_many(CompoundReach, rows)
        written += len(rows)
    return written


@transaction.atomic
def reach_refresh_near(*, kind: str, point_id: int, locations: Iterable[tuple[float, float]]) -> int:
    """A service point was added, moved, opened, closed or deleted: measure again the compounds
    within the search radius of where it was and where it is, and those it was nearest to."""
    near = Q(reach__point_kind=kind, reach__point_id=point_id)
    for location in locations:
        near |= near_q(location, search_metres())
    ids = ResidentialCompound.objects.filter(near).order_by().values_list("id", flat=True).distinct()
    return compound_reach_refresh(compound_ids=list(ids))


@transaction.atomic
def reach_rebuild(*, area_code: str = "") -> int:
    """Measure every compound of the area (the whole city when empty) again: after a bulk write,
    or to repair. Answers the number of walks written."""
    compounds = ResidentialCompound.objects.all()
    if area_code:
        compounds = compounds.filter(area_code__startswith=area_code)
    CompoundReach.objects.filter(area_code__startswith=area_code).delete()
    located = _located(compounds)
    written = 0
    for start in range(0, len(located), REFRESH_BATCH * 5):
        rows = _measure(located[start : start + REFRESH_BATCH * 5])
        with counted_walks(row.compound_id for row in rows):
            insert_many(CompoundReach, rows)
        written += len(rows)
    return written


# The shapes.

SHAPE_LEVELS = ("district", "street", "community", "grid")


def _position_error(position: Any) -> str | None:
    if not isinstance(position, list | tuple) or len(position) < 2:
        return _("a position is not [longitude, latitude]")
    lng, lat = position[0], position[1]
    if not all(isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(v) for v in (lng, lat)):
        return _("a position is not [longitude, latitude]")
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        return _("a position lies outside the globe (longitude -180 to 180, latitude -90 to 90)")
    return None


def _polygon_error(rings: Any) -> str | None:
    if not isinstance(rings, list) or not rings:
        return _("a polygon has no rings")
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            return _("a ring of a polygon has fewer than four positions")
        for position in ring:
            error = _position_error(position)
            if error:
                return error
        if list(ring[0][:2]) != list(ring[-1][:2]):
            return _("a ring of a polygon does not end where it starts")
    return None


def geometry_error(geometry: Any) -> str | None:
    """Why ``geometry`` is not a GeoJSON Polygon or MultiPolygon, or None when it is one."""
    if not isinstance(geometry, dict):
        return _("it has no geometry")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        return _polygon_error(coordinates)
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            return _("a multipolygon has no polygons")
        for polygon in coordinates:
            error = _polygon_error(polygon)
            if error:
                return error
        return None
    return _("its geometry is a %(kind)s, not a Polygon or MultiPolygon") % {"kind": str(kind)[:40]}


@transaction.atomic
def shapes_import(*, collection: Any, code_property: str = "code") -> int:
    """Store the shapes of a GeoJSON FeatureCollection, each feature matched to an area by the
    property ``code_property``; they replace the shapes of those areas (illustrative ones included).

    Refused whole, with the reason of every feature refused, when anything is wrong: not a
    FeatureCollection, a geometry that is not a (Multi)Polygon, no code, a code that matches no
    district, street, community or grid, a code given twice. Answers the number of shapes stored."""
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise ValidationError(_("The file is not a GeoJSON FeatureCollection."))
    features = collection.get("features")
    if not isinstance(features, list) or not features:
        raise ValidationError(_("The FeatureCollection has no features."))
    errors: list[str] = []
    found: dict[str, tuple[int, dict]] = {}
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        raw = properties.get(code_property) if isinstance(properties, dict) else None
        code = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
        label = _("Feature %(number)s (code %(code)s)") % {"number": number, "code": code or "—"}
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(_("%(feature)s: it is not a GeoJSON Feature.") % {"feature": label})
            continue
        if not code:
            errors.append(
                _("%(feature)s: it has no property %(property)s.") % {"feature": label, "property": code_property}
            )
            continue
        problem = geometry_error(feature.get("geometry"))
        if problem:
            errors.append(f"{label}: {problem}.")
            continue
        if level_of(code) is None or level_of(code).value not in SHAPE_LEVELS:
            errors.append(
                _("%(feature)s: the code is not that of a district, street, community or grid.") % {"feature": label}
            )
            continue
        if code in found:
            errors.append(
                _("%(feature)s: the code was already given to feature %(first)s.")
                % {"feature": label, "first": found[code][0]}
            )
            continue
        found[code] = (number, feature["geometry"])
    known = area_names(list(found)) if found else {}
    for code, (number, _geometry) in found.items():
        if code not in known:
            errors.append(
                _("%(feature)s: no area has this code.")
                % {"feature": _("Feature %(number)s (code %(code)s)") % {"number": number, "code": code}}
            )
    if errors:
        raise ValidationError(errors)
    AreaShape.objects.filter(code__in=list(found)).delete()
    insert_many(
        AreaShape,
        [
            AreaShape(code=code, geometry=geometry, source=ShapeSource.IMPORTED)
            for code, (_n, geometry) in found.items()
        ],
    )
    return len(found)
