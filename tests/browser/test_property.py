"""Community staff file a month's property fees of a compound in Chromium: more households paid than
billed is refused beside the field with what was typed kept; the right figures are saved and the
compound's chart gains the month, with the rate after the three-party linkage beside it."""

import datetime
import os
import tempfile

import pytest

from alliances.property.choices import ManagementMode
from alliances.property.tests.factories import CompoundModeFactory, FeeCollectionFactory, PropertyCompanyFactory
from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from grids.tests.factories import CompoundFactory
from jilin_grid.scope import Role
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR") or tempfile.gettempdir()


def chart_points(page) -> list:
    """The rates the page's ECharts instance draws."""
    return page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('property-chart')).getOption().series[0].data"
    )


def test_staff_file_a_month_and_see_the_chart_change(page, live_server):
    city = CityFactory()
    district = DistrictFactory(city=city, code="220204", name="船营区")
    street = StreetFactory(district=district, code="220204001", name="德胜街道")
    community = CommunityFactory(street=street, code="220204001001", name="绿地·筑石红社区")
    compound = CompoundFactory(community=community, name="绿地·筑石红小区")
    company = PropertyCompanyFactory(community=community, name="绿地物业服务有限公司")
    CompoundModeFactory(
        compound=compound, mode=ManagementMode.COMPANY, since=datetime.date(2019, 1, 1), company=company
    )
    CompoundModeFactory(compound=compound, since=datetime.date(2020, 1, 1), company=company)
    FeeCollectionFactory(
        compound=compound, month=datetime.date(2019, 12, 1), households_billed=600, households_paid=420
    )
    user_with_grant(community.code, Role.COMMUNITY_STAFF, username="lvdi")
    log_in(page, live_server, "lvdi")

    page.goto(f"{live_server.url}/property/compounds/{compound.pk}/")
    page.wait_for_function(
        "() => window.echarts && echarts.getInstanceByDom(document.getElementById('property-chart'))"
    )
    assert chart_points(page) == [70]
    page.click('[data-testid="file-fees"]')
    page.fill("#id_month", "2020-01")
    page.fill("#id_households_billed", "600")
    page.fill("#id_households_paid", "700")
    page.click("main button[type=submit]")
    refusal = page.locator('[data-field="households_paid"]')
    assert "billed" in refusal.inner_text() or "应缴" in refusal.inner_text()
    assert page.input_value("#id_households_paid") == "700"
    assert page.input_value("#id_households_billed") == "600"
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "property-refused.png"), full_page=True)

    page.fill("#id_households_paid", "582")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/property/compounds/{compound.pk}/")
    page.wait_for_function(
        "() => window.echarts && echarts.getInstanceByDom(document.getElementById('property-chart'))"
    )
    assert chart_points(page) == [70, 97]
    assert page.locator('[data-testid="month-count"]').inner_text() == "2"
    assert page.locator('[data-testid="rate-before"]').inner_text() == "70.0%"
    assert page.locator('[data-testid="rate-after"]').inner_text() == "97.0%"
    page.wait_for_timeout(1500)  # the line's drawing animation
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "property-chart.png"), full_page=True)
