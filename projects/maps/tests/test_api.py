"""``GET /api/geo/<code>/`` and ``GET /api/stats/maps/``: the map of an area as GeoJSON with the
figure asked for and the points, the circles' figures, the scope (404 outside), and a number of
queries that does not grow with the data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliances.tests.factories import CheckpointFactory
from communities.tests.factories import StreetFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client
from projects.maps.services import shapes_import

from .layout import at, build

pytestmark = pytest.mark.django_db


def square(west: float, south: float, size: float = 0.01) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
        ],
    }


def geo(user, code: str, **params):
    return api_client(user).get(reverse("geo-area", args=[code]), params)


def test_the_map_of_a_street_colours_its_communities_and_carries_the_points():
    layout = build()
    shapes_import(
        collection={
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"code": layout.north.code}, "geometry": square(126.49, 43.79, 0.03)},
            ],
        }
    )
    CheckpointFactory(community=layout.north, **at("0.001"))
    user = user_with_grant(layout.street.district.code, roles.DISTRICT_ORG_DEPT)
    body = geo(user, layout.street.code).json()
    assert body["type"] == "FeatureCollection"
    assert body["figure"]["name"] == "ten_minute_share"
    features = {feature["properties"]["code"]: feature for feature in body["features"]}
    north, south = features[layout.north.code], features[layout.south.code]
    assert north["geometry"]["type"] == "Polygon" and north["properties"]["illustrative"] is False
    assert north["properties"]["value"] == 75.0 and north["properties"]["name"] == "北山社区"
    # The south has no shape yet: listed without geometry, its share 0 of its one located compound.
    assert south["geometry"] is None and south["properties"]["value"] == 0.0
    kinds = sorted(point["properties"]["kind"] for point in body["points"])
    assert kinds == ["checkpoint", "compound_outside", "compound_outside", "desk", "red_station"]
    outside = {p["properties"]["name"]: p for p in body["points"] if p["properties"]["kind"] == "compound_outside"}
    assert set(outside) == {"remote小区", "lonely小区"}
    assert outside["remote小区"]["geometry"]["coordinates"] == [126.5, 43.85]
    assert {figure["name"] for figure in body["figures"]} >= {"ten_minute_share", "compounds", "compounds_outside"}


def test_the_figure_asked_for_colours_the_areas():
    layout = build()
    user = user_with_grant(layout.street.code, roles.STREET_STAFF)
    body = geo(user, layout.street.code, figure="compounds_outside").json()
    values = {feature["properties"]["code"]: feature["properties"]["value"] for feature in body["features"]}
    assert values == {layout.north.code: 1, layout.south.code: 1}
    assert body["figure"]["higher_is_better"] is False
    body = geo(user, layout.street.code, figure="compounds").json()
    assert {f["properties"]["code"]: f["properties"]["value"] for f in body["features"]}[layout.south.code] == 2
    refused = geo(user, layout.street.code, figure="households")
    assert refused.status_code == 400 and "figure" in refused.json()


def test_any_figure_of_the_cockpit_colours_the_areas_for_the_period_asked():
    from grids.network.models import Grid

    layout = build()
    user = user_with_grant(layout.street.code, roles.STREET_STAFF)
    body = geo(user, layout.street.code, figure="network.grids", period="2020-06").json()
    values = {feature["properties"]["code"]: feature["properties"]["value"] for feature in body["features"]}
    assert values == {
        community.code: Grid.objects.filter(code__startswith=community.code, is_active=True).count()
        for community in (layout.north, layout.south)
    }
    assert (body["figure"]["name"], body["period"]) == ("network.grids", "2020-06")
    assert "problems.overdue" in {figure["name"] for figure in body["figures"]}
    assert geo(user, layout.street.code, figure="problems.overdue", period="2020").json()["period"] == "2020"
    refused = geo(user, layout.street.code, figure="problems.overdue", period="2020-13")
    assert refused.status_code == 400 and "2020-Q2" in refused.json()["period"][0]


def test_a_community_map_draws_its_grids_and_a_grid_map_itself():
    from grids.tests.factories import BuildingFactory, GridFactory

    layout = build()
    grid = GridFactory(community=layout.north)
    BuildingFactory(grid=grid, compound=layout.compounds["far"])
    user = user_with_grant(layout.street.code, roles.STREET_STAFF)
    body = geo(user, layout.north.code).json()
    assert [f["properties"]["code"] for f in body["features"]] == [grid.code]
    # The grid holds one building, of a compound inside the circle (222 m from the station).
    assert body["features"][0]["properties"]["value"] == 100.0
    body = geo(user, grid.code).json()
    assert [f["properties"]["code"] for f in body["features"]] == [grid.code]


def test_outside_the_callers_area_the_map_is_404_and_names_nothing():
    layout = build()
    other = StreetFactory()
    user = user_with_grant(other.code, roles.STREET_STAFF)
    response = geo(user, layout.street.code)
    assert response.status_code == 404
    assert "北山" not in response.content.decode()
    assert api_client().get(reverse("geo-area", args=[layout.street.code])).status_code in {401, 403}
    assert api_client(user).get(reverse("stats-maps"), {"area": layout.north.code}).status_code == 404


def test_the_statistics_of_the_circles():
    layout = build()
    user = user_with_grant(layout.street.code, roles.STREET_STAFF)
    body = api_client(user).get(reverse("stats-maps"), {"area": layout.street.code}).json()
    assert body["walk_metres"] == 800
    assert (body["compounds"], body["compounds_located"], body["compounds_covered"], body["compounds_outside"]) == (
        6,
        5,
        3,
        2,
    )
    assert [row["ten_minute_share"] for row in body["children"]] == [75.0, 0.0]


def grow(street, size: int) -> None:
    for _ in range(size):
        build(street)


@pytest.mark.parametrize("size", [1, 10])
def test_the_geo_api_and_the_statistics_cost_the_same_queries_at_ten_times_the_data(
    size, django_assert_max_num_queries
):
    street = StreetFactory()
    grow(street, size)
    user = user_with_grant(street.district.code, roles.DISTRICT_ORG_DEPT)
    client = api_client(user)
    client.get(reverse("stats-maps"))  # the token's first use is written once
    # Session and grants (3), the area (2), its children, shapes, figure (2), five kinds of points,
    # the compounds outside.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("geo-area", args=[street.district.code]))
    assert response.status_code == 200
    assert len([p for p in response.json()["points"] if p["properties"]["kind"] == "compound_outside"]) == 2 * size
    with django_assert_max_num_queries(9):
        assert client.get(reverse("stats-maps"), {"area": street.code}).status_code == 200
