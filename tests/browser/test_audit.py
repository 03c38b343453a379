"""In Chromium: community staff rename a grid and its page's History section loads the change when
scrolled to; the district's organization department finds the change, masked where it must be, in
the audit trail on a phone's screen."""

import os
import tempfile

import pytest
from django.urls import reverse

from communities.tests.factories import (
    PASSWORD,
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    StreetFactory,
    user_with_grant,
)
from grids.tests.factories import GridFactory
from jilin_grid.scope import Role
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = {name: os.path.join(tempfile.gettempdir(), f"jilin_audit_{name}.png") for name in ("history", "log")}


def test_history_section_and_the_trail_on_a_phone(page, live_server, chromium_browser):
    city = CityFactory()
    district = DistrictFactory(city=city, code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    nanshan = CommunityFactory(street=street, code="220211001001", name="南山社区")
    grid = GridFactory(community=nanshan, name="第一网格")
    staff = user_with_grant(nanshan.code, Role.COMMUNITY_STAFF, username="nanshan", password=PASSWORD)
    user_with_grant(district.code, Role.DISTRICT_ORG_DEPT, username="fengman", password=PASSWORD)
    assert staff.check_password(PASSWORD)

    log_in(page, live_server, "nanshan")
    page.goto(live_server.url + reverse("grids:grid_edit", args=[grid.pk]))
    page.fill("#id_name", "松江网格")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(live_server.url + reverse("grids:grid_edit", args=[grid.pk]))
    section = page.locator("[data-testid=history-section]")
    section.scroll_into_view_if_needed()
    entries = section.locator("[data-testid=history-entries] li")
    entries.first.wait_for()
    assert "松江网格" in entries.first.inner_text() and "nanshan" in entries.first.inner_text()
    page.screenshot(path=SCREENSHOTS["history"], full_page=True)
    page.context.clear_cookies()

    phone = chromium_browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    mobile = phone.new_page()
    try:
        log_in(mobile, live_server, "fengman")
        mobile.goto(f"{live_server.url}/audit/?kind=update")
        table = mobile.locator("[data-testid=object-table]")
        assert "松江网格" in table.inner_text()
        # The page fits the phone: nothing wider than the screen but the table's own scroller.
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
        mobile.screenshot(path=SCREENSHOTS["log"], full_page=True)
    finally:
        phone.close()
