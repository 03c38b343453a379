"""Every role walks its menu in Chromium, on a desktop (1366×900) and on a phone (390×844).

The menu is read from the page as the user sees it. Every entry opens without an error status and
marks itself active; on the phone the collapsed menu opens with every entry inside the screen, and
no page scrolls sideways (a wide table scrolls inside its own ``.table-responsive`` box instead).
The navbar is one row on a laptop (1366 and 1280 px) for the widest menus, as the demo's accounts
see it (their names, the demo badge); where a longer language does not fit, it folds behind its
burger button rather than growing a second row.
"""

import os
import tempfile

import pytest
from django.contrib.auth.models import Group

from communities.demo import DEMO_DISPLAY_NAMES
from jilin_grid.security import DEMO_GROUP
from tests.browser.accounts import log_in
from tests.menus import MENU_ROLES, build_role_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
MENU_LINKS = '[data-testid="portal-menu"] a[href]:not([href="#"])'
# One row of the navbar is 56 px high; a second row makes it over 90.
ONE_ROW = 70
SCREENSHOTS = os.path.join(tempfile.gettempdir(), "jilin_navbar_{}.png")
# What sticks out of the screen, leaving out what lies inside a box that scrolls or clips by itself.
OVERFLOW = """() => {
  const width = window.innerWidth, found = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let parent = element.parentElement, contained = false;
    for (; parent && parent !== document.body; parent = parent.parentElement) {
      const scrolls = ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(parent).overflowX);
      if (scrolls) { contained = true; break; }
    }
    const name = `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`;
    if (!contained) found.push(`${name} ends at ${Math.round(box.right)}px`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, found: found.slice(0, 5)};
}"""


def visit(page, url) -> None:
    response = page.goto(url, wait_until="domcontentloaded")
    assert response is not None and response.status < 400, (url, response and response.status)


@pytest.mark.parametrize("username", MENU_ROLES)
def test_the_role_walks_every_menu_entry_on_a_desktop_and_a_phone(page, live_server, username):
    build_role_city()
    log_in(page, live_server, username, wait="load")
    links = page.eval_on_selector_all(MENU_LINKS, "links => links.map(link => link.getAttribute('href'))")
    assert links, f"{username} has no menu"

    for link in links:
        # Each page is opened on the desktop, then the window narrowed to the phone's width (as a
        # page opened at 390 px: the layout follows the width, the charts redraw on resizing).
        page.set_viewport_size(DESKTOP)
        visit(page, live_server.url + link)
        # The entry shows where the user is: it (or its drop-down) is marked active on its page.
        assert page.locator('[data-testid="portal-menu"] .active').count() >= 1, (username, link)
        page.set_viewport_size(PHONE)
        # The charts redraw at the new width on the window's resize event: let it run.
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        sizes = page.evaluate(OVERFLOW)
        assert sizes["scrollWidth"] <= sizes["innerWidth"], (username, link, sizes)

    # On a page opened on the phone, the collapsed menu opens, and its entries lie inside the screen.
    visit(page, live_server.url + links[0])
    page.locator(".navbar-toggler").click()
    page.locator("#portal-nav.show").wait_for(state="visible")
    for item in page.locator('[data-testid="portal-menu"] > li > a').all():
        box = item.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (username, box)


def as_the_demo(city: dict) -> None:
    """The accounts as the demo city has them: their people's names, and the demo badge."""
    demo, _created = Group.objects.get_or_create(name=DEMO_GROUP)
    for username, user in city["users"].items():
        user.first_name = DEMO_DISPLAY_NAMES[username]
        user.save(update_fields=["first_name"])
        user.groups.add(demo)


def navbar(page) -> dict:
    """The navbar's height, whether it is folded behind its burger button, and the entries of the
    bar lying below its first row."""
    return page.evaluate(
        """() => {
      const nav = document.querySelector('[data-testid="navbar"]');
      const brand = nav.querySelector('.navbar-brand').getBoundingClientRect();
      const items = [...nav.querySelectorAll('.portal-menu > li, .portal-account > *')];
      return {
        height: nav.getBoundingClientRect().height,
        folded: getComputedStyle(nav.querySelector('.navbar-toggler')).display !== 'none',
        below: items.filter(item => item.getBoundingClientRect().top >= brand.bottom)
          .map(item => item.innerText.trim()),
      };
    }"""
    )


@pytest.mark.parametrize("username", ["city", "fengman", "admin"])
def test_the_navbar_is_one_row_on_a_laptop_and_folds_on_a_phone(page, live_server, username):
    city = build_role_city()
    as_the_demo(city)
    log_in(page, live_server, username, wait="load")
    visit(page, f"{live_server.url}/problems/")
    links = page.eval_on_selector_all(MENU_LINKS, "links => links.map(link => link.getAttribute('href'))")

    for size in (DESKTOP, LAPTOP):
        page.set_viewport_size(size)
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        bar = navbar(page)
        assert bar["height"] < ONE_ROW and not bar["folded"] and bar["below"] == [], (username, size, bar)
        page.screenshot(
            path=SCREENSHOTS.format(f"{username}_{size['width']}"), clip={**size, "x": 0, "y": 0, "height": 160}
        )
        # Nothing dropped: the same entries, the secondary ones as icons named for screen readers
        # and with their label as tooltip, the demo badge and the user's name in view.
        assert page.eval_on_selector_all(MENU_LINKS, "links => links.map(link => link.getAttribute('href'))") == links
        for link in page.locator('[data-testid="portal-menu"] .nav-icon-only').all():
            assert link.is_visible() and link.get_attribute("title"), username
            assert page.get_by_role("link", name=link.get_attribute("title"), exact=True).is_visible()
        assert page.locator('[data-testid="demo-badge"]').is_visible()
        assert DEMO_DISPLAY_NAMES[username] in page.locator('[data-testid="current-user"]').inner_text()
        # The grouped entries are one tap away, and the user's drop-down holds the role and language.
        page.locator('[data-testid="nav-network"]').click()
        assert page.locator('[data-testid="nav-grids"]').is_visible()
        page.locator('[data-testid="current-user"]').click()
        account = page.locator('[data-testid="account-menu"]')
        assert account.locator('[data-testid="role-label"]').is_visible()
        box = account.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], box
        page.keyboard.press("Escape")

    # On a phone the bar folds behind its button: nothing scrolls sideways, the menu opens with its
    # entries and the account's drop-down inside the screen, the labels of the secondary entries shown.
    page.set_viewport_size(PHONE)
    visit(page, f"{live_server.url}/problems/")
    sizes = page.evaluate(OVERFLOW)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], sizes
    assert navbar(page)["height"] < ONE_ROW
    page.locator(".navbar-toggler").click()
    page.locator("#portal-nav.show").wait_for(state="visible")
    for label in page.locator('[data-testid="portal-menu"] .nav-compact-label').all():
        assert label.bounding_box()["width"] > 1, username
    page.locator('[data-testid="current-user"]').click()
    box = page.locator('[data-testid="account-menu"]').bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    sizes = page.evaluate(OVERFLOW)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], sizes
    page.screenshot(path=SCREENSHOTS.format(f"{username}_390"), full_page=True)


def test_a_menu_too_wide_for_one_row_folds_behind_its_button(page, live_server):
    """In English the city's menu is wider than 1366 px: it folds (one row, the burger button) and
    unfolds again on a screen wide enough."""
    city = build_role_city()
    as_the_demo(city)
    log_in(page, live_server, "city", wait="load")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    visit(page, f"{live_server.url}/problems/")
    assert page.locator("html").get_attribute("lang") == "en"
    bar = navbar(page)
    assert bar["height"] < ONE_ROW and bar["folded"], bar
    page.locator(".navbar-toggler").click()
    page.locator("#portal-nav.show").wait_for(state="visible")
    assert page.locator('[data-testid="nav-problems"]').is_visible()
    page.screenshot(path=SCREENSHOTS.format("english_1366"), full_page=True)
    page.set_viewport_size({"width": 2400, "height": 900})
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"navbar\"]').classList.contains('portal-navbar-folded')"
    )
    bar = navbar(page)
    assert bar["height"] < ONE_ROW and not bar["folded"] and bar["below"] == [], bar
