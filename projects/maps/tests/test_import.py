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
    message = str(refused.value)
    assert "Feature 2" in message and "LineString" in message
    assert "Feature 3 (code 220299999999): no area has this code" in message
    assert "Feature 4" in message and "already given to feature 1" in message
    assert "Feature 5" in message and "does not end where it starts" in message
    assert "Feature 6" in message and "no property code" in message
    assert "Feature 1 " not in message
    assert AreaShape.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not JSON"),
        ({"type": "Feature", "geometry": SQUARE, "properties": {}}, "not a GeoJSON FeatureCollection"),
        ({"type": "FeatureCollection", "features": []}, "has no features"),
    ],
)
def test_a_file_that_is_no_feature_collection_is_refused(tmp_path, content, reason):
    with pytest.raises(CommandError, match=reason):
        run(tmp_path, content)
    assert AreaShape.objects.count() == 0
