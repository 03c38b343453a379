"""Every role walks its menu in Chromium, on a desktop (1366×900) and on a phone (390×844).

The menu is read from the page as the user sees it. Every entry opens without an error status and
marks itself active; on the phone the collapsed menu opens with every entry inside the screen, and
no page scrolls sideways (a wide table scrolls inside its own ``.table-responsive`` box instead).
"""

import pytest

from tests.browser.accounts import log_in
from tests.menus import MENU_ROLES, build_role_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
MENU_LINKS = '[data-testid="portal-menu"] a[href]:not([href="#"])'
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
