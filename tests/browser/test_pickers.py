"""Pickers in Chromium: a staff member whose area holds more grids than a drop-down lists finds
one by typing, and the building and unit lists follow the grid and the building chosen."""

import os
import tempfile

import pytest

from communities.tests.factories import PASSWORD, CommunityFactory, user_with_grant
from grids.problems.models import ResidentProblem
from grids.tests.factories import BuildingFactory, CompoundFactory, GridFactory, ProblemCategoryFactory, UnitFactory
from jilin_grid.scope import Role
from tests.browser.accounts import log_in
from tests.menus import build_role_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = os.path.join(tempfile.gettempdir(), "jilin_{}.png")


@pytest.fixture
def community(settings):
    settings.PICKER_INLINE_LIMIT = 3  # this community "holds more" than a drop-down lists
    community = CommunityFactory(name="福泽社区")
    grids = [GridFactory(community=community, name=f"第{n}网格") for n in range(1, 6)]
    compound = CompoundFactory(community=community, name="江城花园")
    for name in ("10号楼", "1号楼", "2号楼"):
        building = BuildingFactory(grid=grids[3], compound=compound, name=name)
        for number in (1, 2):
            UnitFactory(building=building, number=number)
    BuildingFactory(grid=grids[0], name="9号楼")
    ProblemCategoryFactory(name="物业管理")
    user = user_with_grant(community.code, Role.COMMUNITY_STAFF, username="shequ")
    user.set_password(PASSWORD)
    user.save()
    return {"grids": grids}


def option_texts(select) -> list[str]:
    return [text.strip() for text in select.locator("option:not([value=''])").all_inner_texts()]


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}])
def test_a_grid_found_by_typing_and_the_location_following_it(page, live_server, community, viewport):
    page.set_viewport_size(viewport)
    log_in(page, live_server, "shequ")
    page.goto(f"{live_server.url}/problems/new/")
    form = page.locator('[data-testid="problem-form"]')
    grid = form.locator("#id_grid")
    assert option_texts(grid) == []  # five grids: searched, not listed
    search = form.locator("input[type=search][aria-controls=id_grid]")
    search.fill("第4")
    page.wait_for_function("document.querySelectorAll('#id_grid option[value]:not([value=\"\"])').length === 1")
    assert option_texts(grid) == ["福泽社区 · 第4网格"]
    grid.select_option(label="福泽社区 · 第4网格")
    building = form.locator("#id_building")
    page.wait_for_function("document.querySelectorAll('#id_building option:not([value=\"\"])').length === 3")
    assert option_texts(building) == ["江城花园 1号楼", "江城花园 2号楼", "江城花园 10号楼"]
    building.select_option(label="江城花园 2号楼")
    page.wait_for_function("document.querySelectorAll('#id_unit option:not([value=\"\"])').length === 2")
    form.locator("#id_unit").select_option(label="江城花园 2号楼 2单元")
    form.locator("#id_category").select_option(label="物业管理")
    form.locator("#id_description").fill("2号楼2单元楼道灯不亮")
    form.locator("#id_resident_name").fill("王大妈")
    page.screenshot(path=SCREENSHOT.format(f"picker_{viewport['width']}"), full_page=True)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    problem = ResidentProblem.objects.get(description="2号楼2单元楼道灯不亮")
    assert (problem.grid.name, problem.building.name, problem.unit.number) == ("第4网格", "2号楼", 2)
    assert problem.compound.name == "江城花园"

    # Another grid empties the building chosen, and the unit with it.
    page.goto(f"{live_server.url}/problems/new/")
    search = form.locator("input[type=search][aria-controls=id_grid]")
    search.fill("第4")
    page.wait_for_function("document.querySelectorAll('#id_grid option:not([value=\"\"])').length === 1")
    grid.select_option(label="福泽社区 · 第4网格")
    page.wait_for_function("document.querySelectorAll('#id_building option:not([value=\"\"])').length === 3")
    building.select_option(label="江城花园 1号楼")
    page.wait_for_function("document.querySelectorAll('#id_unit option:not([value=\"\"])').length === 2")
    search.fill("第1")
    page.wait_for_function("document.querySelectorAll('#id_grid option:not([value=\"\"])').length >= 1")
    grid.select_option(label="福泽社区 · 第1网格")
    page.wait_for_function("document.querySelectorAll('#id_building option:not([value=\"\"])').length === 1")
    assert option_texts(building) == ["9号楼"]
    assert building.input_value() == ""
    page.wait_for_function("document.querySelectorAll('#id_unit option:not([value=\"\"])').length === 0")


def test_the_area_picker_picks_the_only_match_and_the_first_on_enter(page, live_server, settings):
    """A city's areas are more than the filter lists: a name typed with one match picks it; Enter picks
    the first match of the very text typed (the area before those below it), and sends nothing."""
    settings.PICKER_INLINE_LIMIT = 3
    build_role_city()  # the city's district, street, two communities and two grids: searched
    log_in(page, live_server, "city")
    page.goto(f"{live_server.url}/problems/?queue=area")
    page.wait_for_load_state("networkidle")
    area = page.locator("select#id_area")
    search = page.locator("input[type=search][aria-controls=id_area]")
    assert area.input_value() == ""

    # One match: picked, without a key more.
    search.fill("南山第二")
    page.wait_for_function("document.querySelector('#id_area').value === '220211001001002'")
    assert area.locator("option:checked").inner_text() == "丰满区 › 江南街道 › 南山社区 › 南山第二网格"

    # Several: Enter at once (before the search has even been sent) picks the first of "南山", the
    # community above its grids, and stays on the page.
    url = page.url
    search.fill("南山")
    search.press("Enter")
    page.wait_for_function("document.querySelector('#id_area').value === '220211001001'")
    assert option_texts(area)[:3] == [
        "丰满区 › 江南街道 › 南山社区",
        "丰满区 › 江南街道 › 南山社区 › 南山第一网格",
        "丰满区 › 江南街道 › 南山社区 › 南山第二网格",
    ]
    assert page.url == url

    # A code's first digits: Enter picks the street, the first area whose code starts with them.
    search.fill("220211001")
    search.press("Enter")
    page.wait_for_function("document.querySelector('#id_area').value === '220211001'")
    # Nothing matched: Enter changes nothing.
    search.fill("不存在的地方")
    search.press("Enter")
    page.wait_for_function("document.querySelectorAll('#id_area option[value]:not([value=\"\"])').length === 1")
    assert area.input_value() == "220211001" and page.url == url

    # The filter sends the area picked.
    search.fill("田园")
    page.wait_for_function("document.querySelector('#id_area').value === '220211001002'")
    with page.expect_navigation():
        page.locator(".filter-form button[type=submit]").click()
    assert "area=220211001002" in page.url
    assert area.input_value() == "220211001002"
    page.screenshot(path=SCREENSHOT.format("area_picker_1366"), full_page=True)
