"""In Chromium, on a desk and on a phone: the city's organization department makes a token for the
big screen's read-only account, copies its key (shown once), sees it in the list, and revokes it;
the key then answers 401."""

import os
import tempfile
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from communities.tests.factories import PASSWORD, CityFactory, user_with_grant
from jilin_grid.scope import Role
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_make_copy_and_revoke_a_token(chromium_browser, live_server, width, height):
    city = CityFactory(code="2202", name="吉林市")
    user_with_grant(city.code, Role.CITY_ORG_DEPT, username="city", password=PASSWORD)
    reader = user_with_grant(city.code, Role.API_READER, username="bigscreen", password=PASSWORD)
    context = chromium_browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    shots = os.path.join(tempfile.gettempdir(), f"jilin_api_tokens_{width}")
    try:
        log_in(page, live_server, "city")
        page.goto(f"{live_server.url}/api-tokens/")
        page.click("[data-testid=new-token]")
        page.fill("#id_label", "市级大屏")
        page.select_option("#id_user", str(reader.pk))
        page.fill("#id_expires_on", (timezone.localdate() + timedelta(days=30)).isoformat())
        page.screenshot(path=f"{shots}_form.png", full_page=True)
        page.click("main form button[type=submit]")
        key = page.locator("[data-testid=token-key]").input_value()
        assert len(key) == 40
        page.screenshot(path=f"{shots}_created.png", full_page=True)
        api = Client(HTTP_AUTHORIZATION=f"Token {key}")
        assert api.get("/api/districts/").status_code == 200

        page.goto(f"{live_server.url}/api-tokens/")
        table = page.locator("[data-testid=object-table]")
        assert "市级大屏" in table.inner_text() and key[:8] in table.inner_text()
        assert key not in page.content()  # the key is shown once, never again
        # Nothing is wider than the screen but the table's own scroller.
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        page.screenshot(path=f"{shots}_list.png", full_page=True)

        table.locator("a[href$='/revoke/']:visible").first.click()
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert api.get("/api/districts/").status_code == 401
    finally:
        context.close()
