"""Drill down the area pages in Chromium as city staff; community staff cannot open a neighbour."""

import os
import re
import tempfile

import pytest

from communities.choices import PartyOrganizationKind
from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    StreetFactory,
    user_with_grant,
)
from grids.network.choices import Employment
from grids.tests.factories import BuildingFactory, GridFactory, GridWorkerFactory, UnitFactory
from jilin_grid.scope import Role
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = os.path.join(tempfile.gettempdir(), "jilin_area_page.png")


@pytest.fixture
def small_city():
    city = CityFactory()
    district = DistrictFactory(city=city, code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    nanshan = CommunityFactory(street=street, code="220211001001", name="南山社区")
    tianyuan = CommunityFactory(street=street, code="220211001002", name="田园社区")
    first = GridFactory(community=nanshan, code="220211001001001", name="南山第一网格")
    second = GridFactory(community=nanshan, code="220211001001002", name="南山第二网格")
    third = GridFactory(community=tianyuan, code="220211001002001", name="田园第一网格")
    GridWorkerFactory.create_batch(2, grid=first, employment=Employment.FULL_TIME)
    GridWorkerFactory(grid=first, employment=Employment.PART_TIME)
    GridWorkerFactory(grid=second, employment=Employment.FULL_TIME)
    GridWorkerFactory.create_batch(2, grid=third, employment=Employment.PART_TIME)
    PartyOrganizationFactory(area_code=first.code, kind=PartyOrganizationKind.GRID_BRANCH, member_count=8)
    PartyOrganizationFactory(area_code=nanshan.code, kind=PartyOrganizationKind.COMMITTEE, member_count=25)
    building = BuildingFactory(grid=first, name="3号楼")
    UnitFactory(building=building, number=1)
    UnitFactory(building=building, number=2)
    user_with_grant("2202", Role.CITY_ORG_DEPT, username="city")
    user_with_grant(nanshan.code, Role.COMMUNITY_STAFF, username="nanshan")
    return {"nanshan": nanshan, "tianyuan": tianyuan, "first": first}


def figure(page, key) -> int:
    text = page.locator(f'[data-figure="{key}"] .figure-value').inner_text()
    return int(text.replace(",", ""))


def open_child(page, name):
    with page.expect_navigation():
        page.locator('[data-testid="children-table"]').get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="area-name"]').inner_text() == name


def test_city_staff_drill_down_and_community_staff_stay_home(page, live_server, small_city):
    log_in(page, live_server, "city")
    assert page.url == f"{live_server.url}/areas/2202/"
    assert page.locator('[data-testid="area-name"]').inner_text() == "吉林市"
    assert figure(page, "communities") == 2
    assert figure(page, "grids") == 3
    assert figure(page, "grid_workers") == 6
    assert figure(page, "party_members") == 33
    # The chart was drawn by ECharts from the page's JSON (a canvas inside the container).
    page.wait_for_selector("#area-chart canvas")

    open_child(page, "丰满区")
    assert figure(page, "grids") == 3
    open_child(page, "江南街道")
    assert figure(page, "communities") == 2
    assert figure(page, "grid_workers") == 6
    rows = page.locator('[data-testid="children-table"] tbody tr')
    assert rows.count() == 2
    page.screenshot(path=SCREENSHOT, full_page=True)

    open_child(page, "南山社区")
    assert figure(page, "grids") == 2
    assert figure(page, "grid_workers") == 4
    assert figure(page, "grid_party_organizations") == 1
    assert figure(page, "party_members") == 33

    open_child(page, "南山第一网格")
    assert figure(page, "grid_workers") == 3
    assert page.locator('[data-figure="grid_workers_full_time"]').inner_text().endswith("2")
    buildings = page.locator('[data-testid="grid-buildings"] tbody tr')
    assert buildings.count() == 1
    assert re.search(r"3号楼\s+6\s+2", buildings.first.inner_text())
    breadcrumbs = page.locator('[data-testid="breadcrumbs"]')
    assert breadcrumbs.get_by_role("link", name="南山社区").count() == 1

    with page.expect_navigation():
        page.locator("form[action='/logout/'] button").click()
    page.wait_for_load_state("networkidle")
    assert "/login/" in page.url

    log_in(page, live_server, "nanshan")
    assert page.url == f"{live_server.url}/areas/{small_city['nanshan'].code}/"
    # The street above is plain text in the breadcrumbs, not a link.
    assert page.locator('[data-testid="breadcrumbs"]').get_by_role("link", name="江南街道").count() == 0
    response = page.goto(f"{live_server.url}/areas/{small_city['tianyuan'].code}/")
    assert response.status == 404
    assert page.locator('[data-testid="not-found"]').is_visible()
    assert "田园社区" not in page.content()
