"""A list's filters in Chromium: an area found by typing its name, the list filtered by it, and the
filter removed again by its chip."""

import os
import tempfile

import pytest

from communities.tests.factories import (
    PASSWORD,
    CommunityFactory,
    PartyOrganizationFactory,
    StreetFactory,
    user_with_grant,
)
from grids.tests.factories import GridFactory
from jilin_grid.scope import Role
from projects.tests.factories import ProjectFactory
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = os.path.join(tempfile.gettempdir(), "jilin_filters_{}.png")


@pytest.fixture
def street(settings):
    settings.PICKER_INLINE_LIMIT = 3  # the street "holds more" areas than a drop-down lists
    street = StreetFactory(name="江南街道")
    nanshan = CommunityFactory(street=street, name="南山社区")
    beishan = CommunityFactory(street=street, name="北山社区")
    for community in (nanshan, beishan):
        GridFactory(community=community, name=f"{community.name[:2]}第1网格")
    ProjectFactory(title="南山道路硬化", organization=PartyOrganizationFactory(area_code=nanshan.code))
    ProjectFactory(title="北山路灯", organization=PartyOrganizationFactory(area_code=beishan.code))
    user = user_with_grant(street.code, Role.STREET_STAFF, username="jiedao")
    user.set_password(PASSWORD)
    user.save()
    return {"nanshan": nanshan}


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}])
def test_an_area_picked_by_name_filters_the_list_and_its_chip_removes_it(page, live_server, street, viewport):
    page.set_viewport_size(viewport)
    log_in(page, live_server, "jiedao")
    page.goto(f"{live_server.url}/projects/")
    phone = viewport["width"] < 768
    # A phone shows the rows as cards and folds the filters behind one button.
    table = page.locator('[data-testid="object-cards"]' if phone else '[data-testid="object-table"]')
    assert "南山道路硬化" in table.inner_text() and "北山路灯" in table.inner_text()
    assert page.locator('[data-testid="filter-chips"]').count() == 0
    if phone:
        page.click('[data-testid="filter-toggle"]')
    search = page.locator("input[type=search][aria-controls=id_area]")
    search.fill("南山社")
    page.wait_for_function(
        "Array.from(document.querySelectorAll('#id_area option')).some(o => o.text.includes('南山社区'))"
    )
    options = page.locator("#id_area option:not([value=''])").all_inner_texts()
    assert options[0].endswith("江南街道 › 南山社区")
    page.select_option("#id_area", street["nanshan"].code)
    page.locator("fieldset[data-filter=status] label", has_text="已通过").click()  # a check box, as a button
    assert page.locator("input[name=status][value=approved]").is_checked()
    page.click("form.filter-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "南山道路硬化" in table.inner_text() and "北山路灯" not in table.inner_text()
    chips = page.locator('[data-testid="filter-chips"] .filter-chip')
    assert chips.count() == 2
    area_chip = page.locator('[data-testid="filter-chips"] .filter-chip[data-filter="area"]')
    assert "江南街道 › 南山社区" in area_chip.inner_text()
    page.screenshot(path=SCREENSHOT.format(viewport["width"]), full_page=True)
    area_chip.click()
    page.wait_for_load_state("networkidle")
    assert "area=" not in page.url and "status=approved" in page.url
    assert "北山路灯" in table.inner_text()
    assert page.locator('[data-testid="filter-chips"] .filter-chip').count() == 1
