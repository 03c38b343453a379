"""The demo's maps: every district, street, community and grid has an illustrative shape inside its
parent's and apart from its siblings', inside Jilin City's extent; every located place lies inside
its area's shape; every compound has its walk."""

from __future__ import annotations

import pytest

from alliances.stations.models import RedStation
from communities.models import Community
from grids.network.models import Grid, ResidentialCompound
from projects.maps.choices import ShapeSource
from projects.maps.models import AreaShape, CompoundReach

pytestmark = pytest.mark.django_db


def bounds(geometry) -> tuple[float, float, float, float]:
    ring = geometry["coordinates"][0]
    lngs, lats = [p[0] for p in ring], [p[1] for p in ring]
    return min(lngs), min(lats), max(lngs), max(lats)


def inside(inner, outer, slack=1e-6) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def overlap(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1e-6 and min(a[3], b[3]) - max(a[1], b[1]) > 1e-6


def test_every_area_has_an_illustrative_shape_inside_its_parent_and_apart_from_its_siblings(demo):
    shapes = {code: bounds(geometry) for code, geometry in AreaShape.objects.values_list("code", "geometry")}
    assert set(AreaShape.objects.values_list("source", flat=True)) == {ShapeSource.ILLUSTRATIVE}
    assert Grid.objects.count() == 2766 and all(code in shapes for code in Grid.objects.values_list("code", flat=True))
    for code, box in shapes.items():
        assert box[0] >= 125.7 and box[2] <= 127.9 and box[1] >= 42.5 and box[3] <= 44.6, code
        parent = {9: 6, 12: 9, 15: 12}.get(len(code))
        if parent:
            assert inside(box, shapes[code[:parent]]), code
    siblings: dict[str, list[str]] = {}
    for code in shapes:
        siblings.setdefault(code[: {6: 4, 9: 6, 12: 9, 15: 12}[len(code)]], []).append(code)
    for codes in siblings.values():
        for i, first in enumerate(codes):
            for second in codes[i + 1 :]:
                assert not overlap(shapes[first], shapes[second]), (first, second)
    # 船营区 lies west of 昌邑区, 舒兰市 north of them all, 桦甸市 south.
    assert shapes["220204"][2] <= shapes["220202"][0] + 1e-6
    assert shapes["220283"][1] > shapes["220203"][3] and shapes["220282"][3] < shapes["220221"][1]


def test_every_place_lies_inside_its_area_and_every_compound_has_its_walk(demo):
    shapes = {code: bounds(geometry) for code, geometry in AreaShape.objects.values_list("code", "geometry")}
    for model in (ResidentialCompound, RedStation):
        rows = model.objects.values_list("area_code", "latitude", "longitude")
        assert rows and all(lat is not None for _code, lat, _lng in rows)
        for code, lat, lng in rows:
            box = shapes[code]
            assert box[0] <= float(lng) <= box[2] and box[1] <= float(lat) <= box[3], code
    for code, lat, lng in Community.objects.values_list("code", "centre_latitude", "centre_longitude"):
        box = shapes[code]
        assert box[0] <= float(lng) <= box[2] and box[1] <= float(lat) <= box[3], code
    assert CompoundReach.objects.count() == ResidentialCompound.objects.filter(is_active=True).count()
    covered = CompoundReach.objects.filter(metres__lte=800).count()
    assert 0.5 < covered / CompoundReach.objects.count() < 0.95
