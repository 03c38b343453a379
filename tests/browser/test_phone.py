"""A grid worker on a phone (390×844) in Chromium.

From the home page one tap opens the problem form; the worker picks their grid's compound,
building and unit, attaches a photo taken with the phone and saves; the problem page shows it with
its photo and the place with its compound. No page scrolls sideways; the list of problems is cards
on the phone and a table on a desktop, its filters folded away on the phone, and the resident's
phone number dials with a tap for the worker (and stays masked, without a link, for a role that
does not see it).
"""

import os
import tempfile

import pytest

from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from grids.problems import services
from grids.problems.models import ResidentProblem
from grids.tests.factories import BuildingFactory, CompoundFactory, GridFactory, ProblemCategoryFactory, UnitFactory
from jilin_grid.scope import Role
from jilin_grid.testing.files import picture
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SCREENSHOTS = os.path.join(tempfile.gettempdir(), "jilin_phone_{}.png")
# The smallest height of what a thumb taps (Apple's and Google's guidelines say 44 px and 48 dp).
TOUCH = 44


@pytest.fixture
def nanshan():
    city = CityFactory()
    district = DistrictFactory(city=city, code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    community = CommunityFactory(street=street, code="220211001001", name="南山社区")
    grid = GridFactory(community=community, code="220211001001001", name="南山第一网格")
    other_grid = GridFactory(community=community, code="220211001001002", name="南山第二网格")
    compound = CompoundFactory(community=community, name="康宁花园")
    CompoundFactory(community=community, name="松江小区")  # the neighbouring grid's
    BuildingFactory(grid=other_grid, compound=CompoundFactory(community=community, name="江湾小区"))
    building = BuildingFactory(grid=grid, compound=compound, name="3号楼")
    unit = UnitFactory(building=building, number=2)
    category = ProblemCategoryFactory(name="物业管理", response_days=7)
    services.problem_record(
        grid=grid,
        category=category,
        description="小区路灯长期不亮",
        resident_name="刘大爷",
        resident_phone="13900001111",
    )
    user_with_grant(grid.code, Role.GRID_WORKER, username="wangge", first_name="张网格")
    user_with_grant(district.code, Role.DISTRICT_ORG_DEPT, username="quwei", first_name="区委组织部")
    return {"grid": grid, "compound": compound, "building": building, "unit": unit}


@pytest.fixture
def phone(chromium_browser, live_server):
    context = chromium_browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sideways_scroll(page) -> int:
    """How far the page scrolls sideways (0 when it fits the screen)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def height(locator) -> float:
    return locator.bounding_box()["height"]


def test_a_grid_worker_records_a_problem_with_a_photo_from_the_home_page(phone, live_server, nanshan, tmp_path):
    photo = tmp_path / "楼道.jpg"
    photo.write_bytes(picture("JPEG", (120, 90)))
    log_in(phone, live_server, "wangge")

    # The home page: three big buttons, nothing wider than the phone.
    assert phone.url == f"{live_server.url}/"
    assert sideways_scroll(phone) == 0
    for testid in ("home-record", "home-todo", "home-grid"):
        button = phone.locator(f'[data-testid="{testid}"]')
        assert button.is_visible() and height(button) >= TOUCH, testid
    assert phone.locator('[data-testid="home-todo-count"]').inner_text() == "1"
    phone.screenshot(path=SCREENSHOTS.format("home"), full_page=True)

    taps = 0
    with phone.expect_navigation():
        phone.locator('[data-testid="home-record"]').tap()
        taps += 1
    phone.wait_for_load_state("networkidle")
    assert taps <= 3
    assert phone.url == f"{live_server.url}/problems/new/"
    assert sideways_scroll(phone) == 0

    form = phone.locator('[data-testid="problem-form"]')
    assert form.locator("#id_grid option:checked").inner_text().endswith("南山第一网格")
    form.locator("#id_category").select_option(label="物业管理")
    form.locator("#id_description").fill("3号楼2单元楼道漏水，墙皮脱落")
    # The worker's compounds: the one their grid's buildings stand in, not the neighbour's.
    compounds = form.locator("#id_compound option").all_inner_texts()
    assert any("康宁花园" in text for text in compounds)
    assert not any("江湾小区" in text or "松江小区" in text for text in compounds)
    # Each choice reloads the one below it; a choice is kept when the reload answers after it.
    with phone.expect_response(lambda response: "/pickers/building/" in response.url):
        form.locator("#id_compound").select_option(str(nanshan["compound"].pk))
    with phone.expect_response(lambda response: "/pickers/unit/" in response.url):
        form.locator("#id_building").select_option(str(nanshan["building"].pk))
    form.locator("#id_unit").select_option(str(nanshan["unit"].pk))
    form.locator("#id_resident_name").fill("王大妈")
    form.locator("#id_resident_phone").fill("13812345678")
    form.locator("#id_photos").set_input_files(str(photo))
    phone.screenshot(path=SCREENSHOTS.format("form"), full_page=True)
    with phone.expect_navigation():
        form.locator("button[type=submit]").tap()
    phone.wait_for_load_state("networkidle")

    problem = ResidentProblem.objects.get(description="3号楼2单元楼道漏水，墙皮脱落")
    assert phone.url == f"{live_server.url}/problems/{problem.pk}/"
    assert problem.compound == nanshan["compound"] and problem.unit == nanshan["unit"]
    assert problem.photos.count() == 1
    image = phone.locator('[data-testid="photos"] img')
    assert image.count() == 1
    assert phone.evaluate("img => img.complete && img.naturalWidth", image.element_handle()) == 120
    assert "康宁花园 3号楼 · 2单元" in phone.locator('[data-testid="problem-place"]').inner_text()
    call = phone.locator('[data-testid="resident-phone"] a[href="tel:13812345678"]')
    assert call.count() == 1
    assert sideways_scroll(phone) == 0


def test_the_problem_list_is_cards_on_a_phone_and_a_table_on_a_desktop(phone, live_server, nanshan):
    log_in(phone, live_server, "wangge")
    phone.goto(f"{live_server.url}/problems/")
    phone.wait_for_load_state("networkidle")
    assert sideways_scroll(phone) == 0
    cards = phone.locator('[data-testid="object-card"]')
    assert cards.count() == 1 and cards.first.is_visible()
    assert not phone.locator('[data-testid="object-table"]').is_visible()
    card = cards.first
    assert "小区路灯长期不亮" in card.inner_text() and "刘大爷" in card.inner_text()
    call = card.locator('[data-testid="tel-link"]')
    assert call.get_attribute("href") == "tel:13900001111"
    assert height(call) >= TOUCH
    # The filters are folded away behind one button, which opens them.
    toggle = phone.locator('[data-testid="filter-toggle"]')
    assert toggle.is_visible() and height(toggle) >= TOUCH
    filters = phone.locator(".filter-form")
    assert not filters.is_visible()
    first_card_top = card.bounding_box()["y"]
    assert first_card_top < PHONE["height"] / 2, first_card_top
    toggle.tap()
    filters.wait_for(state="visible")
    phone.screenshot(path=SCREENSHOTS.format("list"), full_page=True)
    # Tapping the card's title opens the problem.
    phone.goto(f"{live_server.url}/problems/")
    with phone.expect_navigation():
        card.locator(".object-card-title a").tap()
    assert "/problems/" in phone.url and phone.url.rstrip("/").split("/")[-1].isdigit()

    # On a desktop: the table, with the filters open and no fold button.
    phone.set_viewport_size(DESKTOP)
    phone.goto(f"{live_server.url}/problems/")
    phone.wait_for_load_state("networkidle")
    table = phone.locator('[data-testid="object-table"]')
    assert table.is_visible()
    assert not cards.first.is_visible()
    assert phone.locator(".filter-form").is_visible()
    assert not phone.locator('[data-testid="filter-toggle"]').is_visible()
    assert table.locator('a[href="tel:13900001111"]').count() == 1
    # Every column fits: the table does not scroll sideways inside its card at 1366 px.
    assert phone.evaluate("document.querySelector('.table-responsive').scrollWidth") <= phone.evaluate(
        "document.querySelector('.table-responsive').clientWidth"
    )


def test_a_role_that_sees_phone_numbers_masked_gets_no_link(phone, live_server, nanshan):
    log_in(phone, live_server, "quwei")
    phone.goto(f"{live_server.url}/problems/")
    phone.wait_for_load_state("networkidle")
    card = phone.locator('[data-testid="object-card"]').first
    assert "139****1111" in card.inner_text()
    assert phone.locator('a[href^="tel:"]').count() == 0


def test_the_queue_tabs_are_one_row_that_scrolls_to_the_open_queue(phone, live_server, nanshan):
    """Five queues are wider than a phone: they stay one row of thumb-sized tabs that scrolls sideways
    inside its own box (the page does not), the open queue scrolled into view."""
    log_in(phone, live_server, "quwei")
    row = phone.locator('[data-testid="queue-tabs"]')
    for queue in ("mine", "overdue", "escalated"):  # the first tab, one in the middle, the last
        phone.goto(f"{live_server.url}/problems/?queue={queue}")
        phone.wait_for_load_state("networkidle")
        assert sideways_scroll(phone) == 0
        tabs = row.locator(".nav-link").all()
        assert len(tabs) == 5
        assert len({round(tab.bounding_box()["y"]) for tab in tabs}) == 1, queue  # one row
        assert all(height(tab) >= TOUCH for tab in tabs)
        assert row.evaluate("row => row.scrollWidth > row.clientWidth")
        box, active = row.bounding_box(), row.locator(".nav-link.active").bounding_box()
        assert box["x"] <= active["x"] and active["x"] + active["width"] <= box["x"] + box["width"], (queue, active)
        phone.screenshot(path=SCREENSHOTS.format(f"queues_{queue}"))
    assert row.evaluate("row => row.scrollLeft") > 0  # the last tab was scrolled to
    # A tap on another tab opens its queue.
    with phone.expect_navigation():
        row.locator('[data-queue="holding"]').tap()
    assert "queue=holding" in phone.url
    assert row.locator('[data-queue="holding"].active').is_visible()

    # On a desktop the five fit: nothing to scroll.
    phone.set_viewport_size(DESKTOP)
    phone.goto(f"{live_server.url}/problems/?queue=escalated")
    phone.wait_for_load_state("networkidle")
    assert row.evaluate("row => row.scrollWidth <= row.clientWidth && row.scrollLeft === 0")
    assert len({round(tab.bounding_box()["y"]) for tab in row.locator(".nav-link").all()}) == 1
