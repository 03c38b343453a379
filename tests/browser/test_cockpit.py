"""The district organization department's cockpit in Chromium: 丰满区 for June 2020, ranked by
overdue problems; a click on the worst street opens its cockpit, a click on its worst community
the community's, and a click on its overdue figure the problems list filtered to that community,
that month and overdue."""

import pytest

from communities.tests.factories import user_with_grant
from jilin_grid.scope import Role
from projects.cockpit.tests.factories import set_index, small_city
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fengman():
    city = small_city()
    set_index(("problems.overdue", "lower", 70), ("problems.resolved", "higher", 30))
    user_with_grant("220211", Role.DISTRICT_ORG_DEPT, username="fengman", first_name="丰满区委组织部")
    return city


def open_worst(page):
    row = page.locator('[data-testid="worst-row"]')
    name = row.locator('[data-testid="child-link"]').inner_text()
    with page.expect_navigation():
        row.locator('[data-testid="child-link"]').click()
    page.wait_for_load_state("networkidle")
    return name


def test_from_the_district_to_the_worst_communitys_overdue_problems(page, live_server, fengman):
    log_in(page, live_server, "fengman")
    page.goto(f"{live_server.url}/cockpit/")
    assert page.locator('[data-testid="area-name"]').inner_text() == "丰满区"
    # Choose the year 2020, then its June, and rank by overdue problems: each choice shows at once.
    with page.expect_navigation():
        page.select_option('[data-testid="period-select"]', "2020")
    assert page.locator('[data-testid="empty-period"]').count() == 0
    with page.expect_navigation():
        page.select_option('[data-testid="period-select"]', "2020-06")
    with page.expect_navigation():
        page.select_option('[data-testid="rank-select"]', "problems.overdue")
    assert "period=2020-06" in page.url and "rank=problems.overdue" in page.url
    table = page.locator('[data-testid="ranking-table"]')
    assert table.get_attribute("data-figure") == "problems.overdue"
    assert table.locator("tbody tr").count() == 2

    assert open_worst(page) == "江南街道"
    assert page.locator('[data-testid="area-name"]').inner_text() == "江南街道"
    assert "period=2020-06" in page.url
    assert page.locator('[data-testid="breadcrumbs"] a', has_text="丰满区").count() == 1

    assert open_worst(page) == "南山社区"
    assert page.locator('[data-testid="area-name"]').inner_text() == "南山社区"
    # A community's children are its grids, ranked too.
    assert page.locator('[data-testid="ranking-table"] tbody tr').count() == 2

    overdue = page.locator('[data-figure="problems.overdue"] [data-testid="figure-link"]')
    assert overdue.inner_text() == "4"
    with page.expect_navigation():
        overdue.click()
    page.wait_for_load_state("networkidle")
    assert "/problems/" in page.url
    for part in ("area=220211001001", "recorded_from=2020-06-01", "recorded_to=2020-06-30", "overdue=true"):
        assert part in page.url
    assert page.locator('[data-testid="total"]').inner_text() == "4"
