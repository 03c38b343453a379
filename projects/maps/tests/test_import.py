"""``manage.py import_area_shapes``: a real boundary file's features matched to areas by a code
property; a bad file refused with the reason of every feature, and nothing written."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from communities.tests.factories import CommunityFactory, StreetFactory
from projects.maps.choices import ShapeSource
from projects.maps.models import AreaShape

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[126.5, 43.8], [126.6, 43.8], [126.6, 43.9], [126.5, 43.9], [126.5, 43.8]]],
}


def feature(code, geometry=SQUARE, prop="code"):
    return {"type": "Feature", "properties": {prop: code, "name": "x"}, "geometry": geometry}


def run(tmp_path, content, *options) -> str:
    path = tmp_path / "boundaries.geojson"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    out = StringIO()
    call_command("import_area_shapes", str(path), *options, stdout=out)
    return out.getvalue()


def test_a_boundary_file_replaces_the_illustrative_shapes(tmp_path):
    street = StreetFactory()
    community = CommunityFactory(street=street)
    AreaShape.objects.create(code=street.code, geometry=SQUARE, source=ShapeSource.ILLUSTRATIVE)
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]]}
    out = run(
        tmp_path,
        {
            "type": "FeatureCollection",
            "features": [feature(street.code, prop="QHDM"), feature(community.code, multi, "QHDM")],
        },
        "--code-property",
        "QHDM",
    )
    assert "2" in out
    shapes = {shape.code: shape for shape in AreaShape.objects.all()}
    assert shapes[street.code].source == ShapeSource.IMPORTED
    assert shapes[community.code].geometry["type"] == "MultiPolygon"


def test_a_bad_file_is_refused_feature_by_feature_and_nothing_is_written(tmp_path):
    street = StreetFactory()
    community = CommunityFactory(street=street)
    line = {"type": "LineString", "coordinates": [[126.5, 43.8], [126.6, 43.9]]}
    open_ring = {"type": "Polygon", "coordinates": [[[126.5, 43.8], [126.6, 43.8], [126.6, 43.9], [126.5, 43.95]]]}
    content = {
        "type": "FeatureCollection",
        "features": [
            feature(street.code),  # good, but not written since others are bad
            feature(community.code, line),
            feature("220299999999"),
            feature(street.code),
            feature(community.code, open_ring),
            {"type": "Feature", "properties": {}, "geometry": SQUARE},
        ],
    }
    with pytest.raises(CommandError) as refused:
        run(tmp_path, content)
    message = str(refused.value)  # a command speaks the portal's language, Chinese
    assert "第 2 个要素" in message and "LineString" in message
    assert "第 3 个要素（代码 220299999999）：没有区域使用此代码" in message
    assert "第 4 个要素" in message and "此代码已用于第 1 个要素" in message
    assert "第 5 个要素" in message and "多边形的环首尾不闭合" in message
    assert "第 6 个要素" in message and "缺少属性 code" in message
    assert "第 1 个要素（" not in message
    assert AreaShape.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not JSON"),
        ({"type": "Feature", "geometry": SQUARE, "properties": {}}, "不是 GeoJSON 要素集合"),
        ({"type": "FeatureCollection", "features": []}, "中没有要素"),
    ],
)
def test_a_file_that_is_no_feature_collection_is_refused(tmp_path, content, reason):
    with pytest.raises(CommandError, match=reason):
        run(tmp_path, content)
    assert AreaShape.objects.count() == 0
