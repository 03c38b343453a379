"""The demo's maps: illustrative shapes (示意图, not survey boundaries) for every district, street,
community and grid of the demo city, placed inside Jilin City's real extent, and a location for
every compound, red station, family station, venue, checkpoint and community service centre inside
its area's shape; then every compound's walk to its nearest service point.

Each district or county is a frame around its real place: the city proper (船营 west of the
Songhua, 昌邑 north, 龙潭 north-east, 丰满 south-east, around 126.55°E 43.84°N), 永吉 to the south-west
(口前), 蛟河 to the east, 桦甸 to the south, 舒兰 to the north and 磐石 to the south-west, all inside
125.7-127.9°E, 42.5-44.6°N. A parent's frame is split into rows of cells, one per child, with the
rows' and cells' edges shifted a little, so children lie inside their parent and never overlap.
Residents' compounds cluster around their community's service centre.

Deterministic (its own seeded generator) and idempotent: areas with a shape keep it, rows with a
location keep it. Written in bulk (``insert_many``, ``bulk_update``), a few seconds at scale 1.
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.cadres.models import Checkpoint
from alliances.loop.models import Venue
from alliances.stations.models import FamilyStation, RedStation
from communities.models import Community, District, Street
from grids.network.models import Grid, ResidentialCompound
from jilin_grid.bulk import insert_many
from jilin_grid.demo import DemoRun

from .choices import ShapeSource
from .models import AreaShape, CompoundReach
from .services import reach_rebuild

SEED = 2020_10_10

# (west, south, east, north) in degrees: each district's or county's frame around its real place.
FRAMES: dict[str, tuple[float, float, float, float]] = {
    "220204": (126.36, 43.77, 126.52, 43.95),  # 船营区, west of the Songhua
    "220202": (126.52, 43.86, 126.65, 43.99),  # 昌邑区, north of the centre
    "220203": (126.65, 43.86, 126.82, 44.06),  # 龙潭区, north-east
    "220211": (126.52, 43.68, 126.82, 43.86),  # 丰满区, south-east, towards the Fengman dam
    "220221": (126.05, 43.42, 126.50, 43.76),  # 永吉县, seat at 口前
    "220281": (127.05, 43.50, 127.62, 43.98),  # 蛟河市
    "220282": (126.45, 42.72, 127.18, 43.28),  # 桦甸市
    "220283": (126.62, 44.16, 127.40, 44.58),  # 舒兰市
    "220284": (125.76, 42.72, 126.36, 43.30),  # 磐石市
}
# Districts the frames above do not name (another city's codes): strips along the west.
SPARE_FRAME = (125.72, 43.34, 126.02, 44.56)

METRES_PER_DEGREE = 111_320.0
QUANT = Decimal("0.000001")

Rect = tuple[float, float, float, float]


def _width_metres(rect: Rect) -> float:
    west, south, east, north = rect
    return (east - west) * METRES_PER_DEGREE * math.cos(math.radians((south + north) / 2))


def split_rect(rect: Rect, parts: int, rng: random.Random) -> list[Rect]:
    """``parts`` cells of ``rect`` that tile it: rows of nearly equal cells, their edges shifted a
    little so the map does not look like graph paper. Cells never overlap."""
    if parts <= 1:
        return [rect][:parts]
    west, south, east, north = rect
    height = (north - south) * METRES_PER_DEGREE
    columns = max(1, min(parts, round(math.sqrt(parts * _width_metres(rect) / max(height, 1.0)))))
    rows = math.ceil(parts / columns)
    per_row = [parts // rows + (1 if i < parts % rows else 0) for i in range(rows)]

    def cuts(start: float, end: float, count: int) -> list[float]:
        step = (end - start) / count
        inner = [start + step * (i + rng.uniform(-0.18, 0.18)) for i in range(1, count)]
        return [start, *inner, end]

    cells = []
    row_edges = cuts(south, north, rows)
    for row, count in enumerate(per_row):
        column_edges = cuts(west, east, count)
        for column in range(count):
            cells.append((column_edges[column], row_edges[row], column_edges[column + 1], row_edges[row + 1]))
    return cells


def polygon(rect: Rect) -> dict:
    west, south, east, north = (round(value, 6) for value in rect)
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }


def plan_frames(rng: random.Random) -> dict[str, Rect]:
    """Every district's, street's, community's and grid's frame, by code."""
    frames: dict[str, Rect] = {}
    districts = list(District.objects.order_by("code").values_list("code", flat=True))
    spare = [code for code in districts if code not in FRAMES]
    for code, cell in zip(spare, split_rect(SPARE_FRAME, len(spare), rng), strict=True):
        frames[code] = cell
    for code in districts:
        frames.setdefault(code, FRAMES[code])
    for model, parent_length in ((Street, 6), (Community, 9), (Grid, 12)):
        groups: dict[str, list[str]] = defaultdict(list)
        for code in model.objects.order_by("code").values_list("code", flat=True):
            groups[code[:parent_length]].append(code)
        for parent, codes in sorted(groups.items()):
            if parent in frames:
                for code, cell in zip(codes, split_rect(frames[parent], len(codes), rng), strict=True):
                    frames[code] = cell
    return frames


def _inset(rect: Rect, share: float = 0.08) -> Rect:
    west, south, east, north = rect
    dx, dy = (east - west) * share, (north - south) * share
    return west + dx, south + dy, east - dx, north - dy


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def around(rng: random.Random, centre: tuple[float, float], rect: Rect, metres: float) -> tuple[Decimal, Decimal]:
    """A (latitude, longitude) near ``centre`` (``metres`` the spread), inside ``rect``."""
    west, south, east, north = _inset(rect)
    lat = centre[0] + rng.gauss(0, metres / METRES_PER_DEGREE)
    lng = centre[1] + rng.gauss(0, metres / (METRES_PER_DEGREE * math.cos(math.radians(centre[0]))))
    lat, lng = _clamp(lat, south, north), _clamp(lng, west, east)
    return Decimal(lat).quantize(QUANT), Decimal(lng).quantize(QUANT)


def _frame_of(code: str, frames: dict[str, Rect]) -> Rect | None:
    for length in (len(code), 12, 9, 6):
        if code[:length] in frames:
            return frames[code[:length]]
    return None


@transaction.atomic
def build_demo_maps(*, stdout=None) -> dict:
    """Shapes, locations and walks of the demo city; answers the numbers written."""
    rng = random.Random(SEED)
    frames = plan_frames(rng)
    shaped = set(AreaShape.objects.values_list("code", flat=True))
    shapes = [
        AreaShape(code=code, geometry=polygon(rect), source=ShapeSource.ILLUSTRATIVE)
        for code, rect in sorted(frames.items())
        if code not in shaped
    ]
    insert_many(AreaShape, shapes)

    # The service centre of each community, somewhere in its middle; its compounds around it.
    centres: dict[str, tuple[float, float]] = {}
    placed: dict[type, int] = {}
    communities = []
    for pk, code, lat, lng in Community.objects.order_by("code").values_list(
        "id", "code", "centre_latitude", "centre_longitude"
    ):
        rect = frames.get(code)
        if rect is None:
            continue
        west, south, east, north = rect
        if lat is None:
            lat = Decimal(south + (north - south) * rng.uniform(0.35, 0.65)).quantize(QUANT)
            lng = Decimal(west + (east - west) * rng.uniform(0.35, 0.65)).quantize(QUANT)
            communities.append(Community(id=pk, centre_latitude=lat, centre_longitude=lng))
        centres[code] = (float(lat), float(lng))
    Community.objects.bulk_update(communities, ["centre_latitude", "centre_longitude"], batch_size=500)
    placed[Community] = len(communities)

    def spread_of(rect: Rect) -> float:
        # Compounds cluster within about half a kilometre of the centre in a town, wider in the country.
        return min(_width_metres(rect) / 5, 650.0)

    for model, spread_factor in (
        (ResidentialCompound, 1.0),
        (RedStation, 0.9),
        (FamilyStation, 0.9),
        (Checkpoint, 1.2),
        (Venue, 1.1),
    ):
        rows = []
        for pk, code in model.objects.filter(latitude__isnull=True).order_by("id").values_list("id", "area_code"):
            rect = _frame_of(code, frames)
            if rect is None:
                continue
            centre = centres.get(code[:12]) or ((rect[1] + rect[3]) / 2, (rect[0] + rect[2]) / 2)
            lat, lng = around(rng, centre, rect, spread_of(rect) * spread_factor)
            rows.append(model(id=pk, latitude=lat, longitude=lng))
        model.objects.bulk_update(rows, ["latitude", "longitude"], batch_size=500)
        placed[model] = len(rows)
    started = time.perf_counter()
    walks = reach_rebuild()
    if stdout is not None:
        stdout.write(
            _("  Ten-minute circles: %(walks)s compounds measured in %(seconds).1f s")
            % {"walks": walks, "seconds": time.perf_counter() - started}
            + "\n"
        )
    return {"shapes": len(shapes), "compounds": placed.get(ResidentialCompound, 0), "walks": walks}


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of the maps (see ``jilin_grid.demo``)."""
    figures = build_demo_maps(stdout=run.stdout)
    return [
        (figures["shapes"], gettext_lazy("illustrative area shapes")),
        (
            CompoundReach.objects.filter(metres__isnull=False).count(),
            gettext_lazy("compounds measured to a service point"),
        ),
    ]
