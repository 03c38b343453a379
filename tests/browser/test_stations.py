"""Community staff log an event of their red station in Chromium: a day before the station opened
is refused beside the field with what was typed kept, the right day is saved and shows on the
station's page with its functions, service items, experts and volunteers."""

import datetime
import os
import tempfile

import pytest

from alliances.stations.models import StationFunction
from alliances.stations.tests.factories import ExpertFactory, RedStationFactory, ServiceItemFactory, VolunteerFactory
from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from jilin_grid.scope import Role
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR") or tempfile.gettempdir()


def test_staff_log_an_event_of_their_station(page, live_server):
    city = CityFactory()
    district = DistrictFactory(city=city, code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="沿丰街道")
    community = CommunityFactory(street=street, code="220211001001", name="吉钢社区")
    station = RedStationFactory(community=community, name="吉钢红色驿站", opened_on=datetime.date(2020, 8, 1))
    for position, name in enumerate(("党建宣传", "法律援助", "医疗健康"), start=1):
        station.functions.add(StationFunction.objects.get_or_create(name=name, defaults={"position": position})[0])
    ServiceItemFactory(station=station, title="法律咨询")
    ExpertFactory(station=station, name="赵律师")
    VolunteerFactory(station=station, name="北华大学刘同学", kind="student")
    user_with_grant(community.code, Role.COMMUNITY_STAFF, username="jigang")
    log_in(page, live_server, "jigang")

    page.goto(f"{live_server.url}/stations/{station.pk}/")
    page.click('[data-testid="log-event"]')
    page.fill("#id_held_on", "2020-07-01")
    page.select_option("#id_kind", "free_clinic")
    page.fill("#id_title", "医疗义诊进小区")
    page.fill("#id_participants", "48")
    page.click("main button[type=submit]")
    refusal = page.locator('[data-field="held_on"]')
    assert "2020-08-01" in refusal.inner_text()
    assert page.input_value("#id_title") == "医疗义诊进小区"
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "stations-refused.png"), full_page=True)

    page.fill("#id_held_on", "2021-06-01")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/stations/{station.pk}/")
    assert page.locator('[data-testid="event-count"]').inner_text() == "1"
    assert "医疗义诊进小区" in page.content()
    assert page.locator('[data-testid="function-count"]').inner_text() == "3"
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "stations-page.png"), full_page=True)


def test_staff_add_a_volunteer_from_their_area_to_their_station(page, live_server):
    from alliances.tests.factories import InServiceMemberFactory

    district = DistrictFactory(city=CityFactory(), code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="沿丰街道")
    community = CommunityFactory(street=street, code="220211001001", name="吉钢社区")
    station = RedStationFactory(community=community, name="吉钢红色驿站")
    member = InServiceMemberFactory(area_code=community.code, person__name="孙红梅")
    user_with_grant(community.code, Role.COMMUNITY_STAFF, username="jigang")
    log_in(page, live_server, "jigang")

    page.goto(f"{live_server.url}/stations/{station.pk}/")
    page.click('[data-testid="add-volunteer"]')
    page.select_option("#id_kind", "member")
    page.select_option("#id_member", str(member.pk))
    page.click("main button[type=submit]")
    refusal = page.locator('[data-field="member"]')
    assert "reported" in refusal.inner_text() or "报到" in refusal.inner_text()
    assert page.input_value("#id_member") == str(member.pk)
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "stations-volunteer-refused.png"), full_page=True)

    page.check("#id_reported_elsewhere")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/stations/{station.pk}/")
    assert page.locator('[data-testid="volunteer-count"]').inner_text() == "1"
    assert "孙红梅" in page.content()
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "stations-volunteer-page.png"), full_page=True)
