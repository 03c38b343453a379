"""The area map page: who may open it, what it lists, and its cost at ten times the data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from communities.tests.factories import StreetFactory, user_with_grant
from grids.tests.factories import GridFactory
from jilin_grid import scope as roles

from .layout import build

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_page_shows_the_figures_the_map_and_the_compounds_outside(client):
    layout = build()
    user = user_with_grant(layout.street.code, roles.STREET_STAFF)
    response = signed_in(client, user).get(reverse("projects:map_area", args=[layout.street.code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-area-map" in page and reverse("geo-area", args=[layout.street.code]) in page
    assert "60.0%" in page  # the street's coverage
    # The compounds outside, the farthest (none within three walks) first, each linked.
    outside = page[page.index('data-testid="outside-table"') :]
    assert outside.index("remote小区") < outside.index("lonely小区")  # both beyond reach; by community
    assert "near小区" not in outside and "far小区" not in outside
    assert reverse("alliances:property_compound", args=[layout.compounds["remote"].pk]) in outside


def test_maps_home_opens_the_users_own_area(client):
    layout = build()
    user = user_with_grant(layout.north.code, roles.COMMUNITY_STAFF)
    response = signed_in(client, user).get(reverse("projects:map_home"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "projects:map_area", args=[layout.north.code]
    )


def test_another_area_is_404_and_a_grid_worker_is_told_why(client):
    layout = build()
    other = StreetFactory()
    user = user_with_grant(other.code, roles.STREET_STAFF)
    response = signed_in(client, user).get(reverse("projects:map_area", args=[layout.street.code]))
    assert response.status_code == 404 and "北山" not in response.content.decode()
    worker = user_with_grant(GridFactory(community=layout.north).code, roles.GRID_WORKER)
    client.force_login(worker)
    response = client.get(reverse("projects:map_area", args=[layout.north.code]))
    assert response.status_code == 403


@pytest.mark.parametrize("size", [1, 10])
def test_the_page_costs_the_same_queries_at_ten_times_the_data(client, size, django_assert_max_num_queries):
    street = StreetFactory()
    for _ in range(size):
        build(street)
    user = user_with_grant(street.district.code, roles.DISTRICT_ORG_DEPT)
    signed_in(client, user)
    client.get(reverse("projects:map_area", args=[street.district.code]))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("projects:map_area", args=[street.district.code]))
    assert response.status_code == 200
    assert response.content.decode().count("remote小区") >= 1
