"""A grid worker records household visits on a phone (390x844) without signal: the two visits wait
in the browser, and when the phone is back online both arrive, each once."""

import os
import tempfile

import pytest
from django.utils import timezone

from alliances.campaigns.choices import DEFAULT_CAMPAIGN_KINDS
from alliances.campaigns.models import CampaignKind, HouseholdVisit
from alliances.campaigns.tests.factories import open_campaign
from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from grids.tests.factories import BuildingFactory, GridFactory, GridWorkerFactory, UnitFactory
from jilin_grid.scope import Role
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR") or tempfile.gettempdir()


def test_visits_typed_offline_arrive_once_back_online(page, live_server):
    for position, name in enumerate(DEFAULT_CAMPAIGN_KINDS, start=1):
        CampaignKind.objects.get_or_create(name=name, defaults={"position": position})
    district = DistrictFactory(city=CityFactory(), code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    community = CommunityFactory(street=street, code="220211001002", name="田园社区")
    grid = GridFactory(community=community, code="220211001002001", name="田园一网格")
    unit = UnitFactory(building=BuildingFactory(grid=grid, name="3号楼"), number=1, households=12)
    GridWorkerFactory(grid=grid)
    campaign = open_campaign(street.code, title="田园社区疫情防控")
    user_with_grant(grid.code, Role.GRID_WORKER, username="tianyuan1")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "tianyuan1")

    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/visit/")
    assert page.locator('[data-testid="pending-count"]').inner_text() == "0"
    page.context.set_offline(True)
    for door in ("1", "2"):
        page.select_option("#visit-unit", str(unit.pk))
        page.fill("#visit-door", door)
        page.click('[data-testid="save-visit"]')
    page.locator('[data-testid="pending-count"]').filter(has_text="2").wait_for()
    assert page.locator('[data-testid="offline-banner"]').is_visible()
    assert HouseholdVisit.objects.count() == 0
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "campaigns-offline.png"), full_page=True)

    page.context.set_offline(False)
    page.locator('[data-testid="sent-count"]').filter(has_text="2").wait_for()
    assert page.locator('[data-testid="pending-count"]').inner_text() == "0"
    # Opened again, the page sends nothing more.
    page.reload()
    page.locator('[data-testid="sent-count"]').filter(has_text="2").wait_for()
    visits = HouseholdVisit.objects.filter(campaign=campaign)
    assert sorted(visits.values_list("door", flat=True)) == [1, 2]
    assert set(visits.values_list("visited_on", flat=True)) == {timezone.localdate()}
    assert visits.values("key").distinct().count() == 2
    assert all(visit.answers.count() == campaign.questions.count() for visit in visits)
    # No page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "campaigns-sent.png"), full_page=True)
