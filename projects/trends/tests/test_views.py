"""The trends page: the chosen figure's chart and table with the children's columns, the last kept
month by default, a bad choice answered 400 beside its field with the choice kept, 404 outside the
user's area or below the communities, 403 for a grid worker; the menu offers it to the organization
departments; the include draws from the API when given no trend."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from communities.tests.factories import user_with_grant
from jilin_grid import scope as roles
from jilin_grid.menus import MENU_ENTRIES
from jilin_grid.scope import get_scope
from projects.trends import services

from .factories import build_city

pytestmark = pytest.mark.django_db


def page(code: str) -> str:
    return reverse("projects:trends_area", args=[code])


@pytest.fixture
def place():
    place = build_city()
    services.trend_months_take(first="2020-01", last="2020-05", today=date(2020, 6, 15))
    return place


@pytest.fixture
def reviewer(client, place):
    client.force_login(user_with_grant(place.fengman.code, roles.DISTRICT_ORG_DEPT))
    return client


def test_the_page_shows_the_figure_by_month_ending_at_the_last_kept_month(place, reviewer):
    response = reviewer.get(page("220211"), {"figure": "problems.recorded", "children": "true"})
    assert response.status_code == 200
    trend = response.context["trend"]
    assert trend["months"][-1] == "2020-05" and len(trend["months"]) == 12
    html = response.content.decode()
    assert "data-trend-chart" in html and "json" in html
    rows = response.context["rows"]
    assert rows[0] == {"month": "2020-05", "value": "10", "children": ["7", "3"]}
    # Each child's column leads to its own trends, with the same choice.
    assert f'href="{page("220211001")}?figure=problems.recorded&amp;children=true"' in html


def test_a_bad_choice_answers_400_beside_its_field_and_keeps_it(place, reviewer):
    response = reviewer.get(page("220211"), {"figure": "problems.nothing", "to": "2020-13"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "is-invalid" in html and "No such figure" in html and "YYYY-MM" in html
    assert 'value="2020-13"' in html
    assert response.context["trend"] is None


def test_outside_the_area_or_below_the_communities_is_not_found(place, reviewer):
    assert reviewer.get(page(place.changyi.code)).status_code == 404
    assert reviewer.get(page(place.grids[0].code)).status_code == 404


def test_a_grid_worker_is_refused_and_community_staff_see_their_own(client, place):
    client.force_login(user_with_grant(place.grids[0].code, roles.GRID_WORKER))
    assert client.get(page(place.grids[0].code)).status_code == 403
    client.force_login(user_with_grant(place.nanshan.code, roles.COMMUNITY_STAFF))
    response = client.get(page(place.nanshan.code), {"figure": "problems.recorded"})
    assert response.status_code == 200 and response.context["rows"][0]["value"] == "4"


def test_the_menu_offers_the_trends_to_the_organization_departments_only(place):
    entry = MENU_ENTRIES["trends"]
    district = user_with_grant(place.fengman.code, roles.DISTRICT_ORG_DEPT)
    street = user_with_grant(place.jiangnan.code, roles.STREET_STAFF)
    assert entry.visible(get_scope(district)) and not entry.visible(get_scope(street))
    assert entry.args(get_scope(district)) == (place.fengman.code,)


def test_the_include_asks_the_api_when_given_no_trend():
    html = render_to_string(
        "projects/trends/_chart.html",
        {"area_code": "220211", "figure": "problems.overdue", "to": "2020-06", "children": True},
    )
    assert 'data-url="/api/trends/?area=220211&amp;figure=problems.overdue&amp;to=2020-06&amp;children=true"' in html
    assert "js/trend_chart.js" in html
