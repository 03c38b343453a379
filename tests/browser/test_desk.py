"""A social worker takes a resident's matter at the one-stop desk on a phone (390 px) in Chromium:
picks the matter, is refused beside the checklist while a required material is unticked (what was
typed kept), ticks every material, then carries the case through its steps one at a time and
finishes it; the page scrolls no wider than the phone."""

import os
import tempfile

import pytest

from alliances.desk.models import Case
from alliances.desk.tests.factories import MatterFactory, SocialWorkerFactory
from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from grids.tests.factories import GridFactory
from jilin_grid.scope import Role
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR") or tempfile.gettempdir()
PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_social_worker_takes_a_matter_checks_its_materials_and_finishes_it(page, live_server):
    district = DistrictFactory(city=CityFactory(), code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    community = CommunityFactory(street=street, code="220211001001", name="华西社区")
    GridFactory(community=community, name="华西第一网格")
    matter = MatterFactory(area_code=district.code, name="居住证明", time_limit_days=3)
    user = user_with_grant(community.code, Role.COMMUNITY_STAFF, username="huaxi")
    worker = SocialWorkerFactory(community=community, person__name="刘社工", user=user)
    log_in(page, live_server, "huaxi")
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/desk/cases/add/")
    page.click('[data-matter="居住证明"]')
    checklist = page.locator('[data-testid="materials-checklist"]')
    assert "居民身份证" in checklist.inner_text() and "户口簿" in checklist.inner_text()
    assert page.input_value("#id_worker") == str(worker.pk)  # the worker signed in is at the desk
    page.fill("#id_resident_name", "张大爷")
    page.fill("#id_resident_phone", "13912345678")
    required = [m for m in matter.materials.order_by("position") if m.required]
    page.check(f'input[name="materials"][value="{required[0].pk}"]')
    page.click('[data-testid="accept-case"]')
    refusal = page.locator('[data-field="materials"]')
    assert "户口簿" in refusal.inner_text()
    assert page.input_value("#id_resident_name") == "张大爷"
    assert not Case.objects.exists()
    assert no_sideways_scroll(page)
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "desk-refused.png"), full_page=True)

    for material in required:
        page.check(f'input[name="materials"][value="{material.pk}"]')
    page.click('[data-testid="accept-case"]')
    page.wait_for_selector('[data-testid="case-steps"]')
    case = Case.objects.get()
    assert page.url.endswith(f"/desk/cases/{case.pk}/")
    assert page.locator('[data-testid="case-due"]').inner_text() == case.due_on.isoformat()

    for position in (1, 2, 3):
        take_step(page, "advance")
        page.wait_for_selector(f'[data-step-position="{position}"][data-done="yes"]')
    take_step(page, "finish")
    page.wait_for_selector('[data-testid="case-finished"]')
    case.refresh_from_db()
    assert case.status == "finished" and case.days_taken == 0
    assert page.locator('[data-testid="steps"]').count() == 0
    assert no_sideways_scroll(page)
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "desk-finished.png"), full_page=True)


def take_step(page, step: str) -> None:
    """Open a step's form and confirm it, once Bootstrap's collapse has finished opening (it adds
    "show" at the end of the transition): a click during the transition can miss the button, and
    one before the page's scripts have run opens nothing."""
    page.wait_for_load_state()
    page.click(f'[data-step="{step}"]')
    page.locator(f"#step-{step}.show").wait_for(state="visible")
    with page.expect_navigation():
        page.click(f'[data-step-form="{step}"] button[type=submit]')
