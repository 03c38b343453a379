"""Reads of the maps: the service points and the other points drawn, the ten-minute circles'
coverage of an area and of its children (kept counts of the compounds by their walk, so a fixed
number of queries whatever the size of the city), the compounds outside them, and an area's GeoJSON."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import Left

from alliances.cadres.models import Checkpoint
from alliances.loop.models import Venue
from alliances.stations.models import FamilyStation, RedStation
from communities.models import Community
from grids.network.models import Building
from jilin_grid.areas import Area, AreaLevel, area_children, level_of
from jilin_grid.counts.selectors import kept_parts
from jilin_grid.figures import Period, current_period
from jilin_grid.geo import box_q
from jilin_grid.scope import prefix_q

from .choices import SERVICE_POINT_KINDS, PointKind
from .counts import FAMILY, STEP, WITHIN
from .models import AreaShape, CompoundReach

# The compounds outside the circles drawn and listed on one map, the farthest first.
OUTSIDE_LIMIT = 2000
COMPOUND_CODE_LENGTH = 12


DEFAULT_WALK_METRES = 800.0
WALK_RANGE = (100.0, 5000.0)


def configured_walk() -> float | None:
    """``TEN_MINUTE_WALK_METRES`` as a number of metres, or None when it is not one of 100 to 5000."""
    try:
        metres = float(settings.TEN_MINUTE_WALK_METRES)
    except (TypeError, ValueError):
        return None
    return metres if WALK_RANGE[0] <= metres <= WALK_RANGE[1] else None


def walk_metres() -> float:
    """How far a resident walks in ten minutes (``TEN_MINUTE_WALK_METRES``; 800 when it is not
    a number of 100 to 5000, which ``manage.py check`` reports)."""
    metres = configured_walk()
    return DEFAULT_WALK_METRES if metres is None else metres


def search_metres() -> float:
    """How far the services look for a compound's nearest service point: three ten-minute walks.
    A compound with none so near keeps no distance, and is outside the circle."""
    return 3 * walk_metres()


@dataclass(frozen=True)
class Point:
    """One point of a map: a service point, a checkpoint or a compound outside the circles."""

    kind: str
    id: int
    name: str
    latitude: float
    longitude: float
    area_code: str
    metres: float | None = None

    @property
    def location(self) -> tuple[float, float]:
        return self.latitude, self.longitude


def _points(queryset, kind: str, name: str, latitude: str = "latitude", longitude: str = "longitude") -> list[Point]:
    rows = queryset.order_by().values_list(
        "id", name, latitude, longitude, "code" if kind == PointKind.DESK else "area_code"
    )
    return [Point(kind, pk, label, float(lat), float(lng), code) for pk, label, lat, lng, code in rows]


def map_points(*, area_code: str = "", bounds: tuple | None = None, kinds=SERVICE_POINT_KINDS) -> list[Point]:
    """The located points of ``kinds`` inside the area ``area_code`` (all areas when empty), and
    inside ``bounds`` (south, north, west, east) when given: one query per kind."""
    points: list[Point] = []
    located = Q(latitude__isnull=False)
    where = (box_q(bounds) if bounds else Q()) & (prefix_q("area_code", area_code) if area_code else Q())
    if PointKind.RED_STATION in kinds:
        queryset = RedStation.objects.filter(located, where, is_active=True)
        points += _points(queryset, PointKind.RED_STATION, "name")
    if PointKind.DESK in kinds:
        # The one-stop desk sits at the community's party-mass service centre.
        centre_box = box_q(bounds, "centre_latitude", "centre_longitude") if bounds else Q()
        queryset = Community.objects.filter(
            centre_box,
            prefix_q("code", area_code) if area_code else Q(),
            centre_latitude__isnull=False,
            is_active=True,
        )
        rows = queryset.order_by().values_list("id", "name", "centre_latitude", "centre_longitude", "code")
        points += [
            Point(PointKind.DESK, pk, f"{name}党群服务中心", float(lat), float(lng), code)
            for pk, name, lat, lng, code in rows
        ]
    if PointKind.VENUE in kinds:
        points += _points(Venue.objects.filter(located, where, is_open=True), PointKind.VENUE, "name")
    if PointKind.FAMILY_STATION in kinds:
        points += _points(
            FamilyStation.objects.filter(located, where, is_active=True), PointKind.FAMILY_STATION, "place"
        )
    if PointKind.CHECKPOINT in kinds:
        points += _points(Checkpoint.objects.filter(located, where, is_active=True), PointKind.CHECKPOINT, "name")
    return points


def compounds_outside(area_code: str, *, limit: int = OUTSIDE_LIMIT) -> list[dict]:
    """The located, active compounds of the area outside the ten-minute circle, the farthest first
    (those with no service point within the search radius before them): one query."""
    rows = (
        CompoundReach.objects.filter(prefix_q("area_code", area_code[:COMPOUND_CODE_LENGTH]))
        .filter(Q(metres__isnull=True) | Q(metres__gt=walk_metres()))
        .order_by(F("metres").desc(nulls_first=True), "area_code", "compound_id")
        .values(
            "compound_id",
            "compound__name",
            "compound__latitude",
            "compound__longitude",
            "area_code",
            "compound__community__name",
            "metres",
            "point_name",
        )
    )
    if len(area_code) > COMPOUND_CODE_LENGTH:
        # A grid's compounds are those holding one of its buildings.
        rows = rows.filter(compound__buildings__area_code=area_code).distinct()
    return [
        {
            "id": row["compound_id"],
            "name": row["compound__name"],
            "community": row["compound__community__name"],
            "area_code": row["area_code"],
            "latitude": float(row["compound__latitude"]),
            "longitude": float(row["compound__longitude"]),
            "metres": None if row["metres"] is None else round(row["metres"]),
            "nearest": row["point_name"] if row["metres"] is not None else "",
        }
        for row in rows[:limit]
    ]


# Coverage.


def _empty() -> dict:
    return {"compounds": 0, "located": 0, "covered": 0}


def _counts(code: str, length: int) -> dict[str, dict]:
    """Compounds, located compounds and compounds inside the circle of the area ``code``, by the
    first ``length`` digits of their place. Down to communities they are read from the kept counts
    (``projects/maps/counts.py``): one query, and one more for the compounds of the step the walk
    falls in when it is not a whole number of steps. A community's grids, or a grid, are counted
    from the buildings: one grouped query over the community's rows."""
    limit = walk_metres()
    found: dict[str, dict] = {}
    if length > COMPOUND_CODE_LENGTH:
        rows = (
            Building.objects.filter(prefix_q("area_code", code), is_active=True, compound__is_active=True)
            .order_by()
            .values("area_code")
            .annotate(
                compounds=Count("compound", distinct=True),
                located=Count("compound__reach", distinct=True),
                covered=Count("compound__reach", distinct=True, filter=Q(compound__reach__metres__lte=limit)),
            )
        )
        for row in rows:
            found[row["area_code"]] = {key: row[key] for key in ("compounds", "located", "covered")}
        return found
    whole_steps = int(limit // STEP) * STEP
    for key, families in (kept_parts((FAMILY,), prefix=code, length=length) or {}).items():
        kept = families.get(FAMILY, {})
        found[key] = {
            "compounds": kept.get("compounds", 0),
            "located": kept.get("located", 0),
            "covered": sum(
                value
                for figure, value in kept.items()
                if figure.startswith(WITHIN) and int(figure.removeprefix(WITHIN)) <= whole_steps
            ),
        }
    if whole_steps < limit:  # the compounds of the step the walk falls in, within the walk
        rows = (
            CompoundReach.objects.filter(
                prefix_q("area_code", code),
                compound__is_active=True,
                metres__gt=whole_steps,
                metres__lte=limit,
            )
            .annotate(key=Left("area_code", length))
            .order_by()
            .values("key")
            .annotate(n=Count("id"))
        )
        for row in rows:
            found.setdefault(row["key"], _empty())["covered"] += row["n"]
    return found


def _figures(counts: dict) -> dict:
    located, covered = counts["located"], counts["covered"]
    return {
        "compounds": counts["compounds"],
        "compounds_located": located,
        "compounds_covered": covered,
        "compounds_outside": located - covered,
        "ten_minute_share": round(100 * covered / located, 1) if located else None,
    }


def child_coverage(area: Area, codes: list[str]) -> dict[str, dict]:
    """The coverage figures of each of ``codes`` (the area's children, or the area itself when it has
    none), by code."""
    if not codes:
        return {}
    length = len(codes[0])
    counts = _counts(area.code, length)
    return {code: _figures(counts.get(code, _empty())) for code in codes}


def coverage(area: Area, *, children: bool = True) -> dict:
    """The ten-minute circles of an area: its own figures and each direct child's (``children``)."""
    own = _figures(_counts(area.code, len(area.code)).get(area.code, _empty()))
    rows = []
    if children:
        kids = area_children(area)
        figures = child_coverage(area, [code for code, _name in kids])
        rows = [
            {"area": {"code": code, "name": name, "level": level_of(code).value}, **figures[code]}
            for code, name in kids
        ]
    return {"area": area.as_dict(), "walk_metres": round(walk_metres()), **own, "children": rows}


# Shapes.


def shapes_of(codes: list[str]) -> dict[str, dict]:
    """The shapes of the areas ``codes``: ``{code: {"geometry": …, "illustrative": bool}}``, one query."""
    rows = AreaShape.objects.filter(code__in=codes).order_by().values_list("code", "geometry", "source")
    return {code: {"geometry": geometry, "illustrative": source != "imported"} for code, geometry, source in rows}


def drawn_areas(area: Area) -> list[tuple[str, str]]:
    """The areas a map of ``area`` draws: its active children, or the area itself when it has none (a grid)."""
    if area.level == AreaLevel.GRID:
        return [(area.code, area.name)]
    return area_children(area) or [(area.code, area.name)]


def geo_collection(area: Area, figure, period: Period | None = None) -> dict:
    """The map of ``area`` as a GeoJSON FeatureCollection: one feature per area drawn (its shape, or
    no geometry while it has none) with ``figure``'s value, and the points beside it (``points``):
    the service points, the checkpoints and the compounds outside the ten-minute circle. A fixed
    number of queries whatever the size of the area. A figure of a period (the cockpit's) is read for
    ``period``, by default the current month."""
    drawn = drawn_areas(area)
    codes = [code for code, _name in drawn]
    shapes = shapes_of(codes)
    period = period or current_period()
    values = figure.values(area, codes, period)
    features = [
        {
            "type": "Feature",
            "id": code,
            "geometry": shapes.get(code, {}).get("geometry"),
            "properties": {
                "code": code,
                "name": name,
                "level": level_of(code).value,
                "illustrative": shapes.get(code, {}).get("illustrative", False),
                "value": values.get(code),
            },
        }
        for code, name in drawn
    ]
    points = [
        _point_feature(point.kind, point.id, point.name, point.latitude, point.longitude, point.area_code)
        for point in map_points(area_code=area.code, kinds=(*SERVICE_POINT_KINDS, PointKind.CHECKPOINT))
    ]
    outside = compounds_outside(area.code)
    points += [
        _point_feature(
            PointKind.COMPOUND_OUTSIDE,
            row["id"],
            row["name"],
            row["latitude"],
            row["longitude"],
            row["area_code"],
            row["metres"],
        )
        for row in outside
    ]
    return {
        "type": "FeatureCollection",
        "area": area.as_dict(),
        "figure": figure.as_dict(),
        "period": period.label,
        "walk_metres": round(walk_metres()),
        "illustrative": any(shape["illustrative"] for shape in shapes.values()),
        "features": features,
        "points": points,
        "points_truncated": len(outside) >= OUTSIDE_LIMIT,
    }


def _point_feature(kind, pk, name, latitude, longitude, area_code, metres=None) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(longitude, 6), round(latitude, 6)]},
        "properties": {"kind": str(kind), "id": pk, "name": name, "area_code": area_code, "metres": metres},
    }
