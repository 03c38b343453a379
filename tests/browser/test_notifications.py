"""A problem escalated to the district reaches 丰满区's organization department in Chromium: the bell
counts it, the inbox lists it, and a click opens the problem and marks it read."""

import pytest

from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from grids.problems import services
from grids.tests.factories import GridFactory, ProblemCategoryFactory
from jilin_grid.scope import Role
from projects.notifications import tasks
from projects.notifications.models import Notification
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def escalated(monkeypatch):
    monkeypatch.setattr(tasks.notify_event, "delay", lambda kind, ids: tasks.notify_event.apply(args=(kind, ids)))
    district = DistrictFactory(city=CityFactory(), code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    community = CommunityFactory(street=street, code="220211001001", name="南山社区")
    grid = GridFactory(community=community, code="220211001001001", name="南山第一网格")
    user_with_grant(district.code, Role.DISTRICT_ORG_DEPT, username="fengman", first_name="李红梅")
    problem = services.problem_record(
        grid=grid,
        category=ProblemCategoryFactory(name="供暖", response_days=3),
        description="老楼供暖不热，街道协调不了热力公司",
        resident_name="刘大爷",
        resident_phone="13900001111",
    )
    for reason in ("社区协调不了", "需要街道协调", "需要区里统筹热力公司"):
        problem = services.problem_escalate(problem=problem, reason=reason)
    return problem


def test_fengman_sees_the_escalated_problem_in_the_bell_and_opens_it_from_the_inbox(page, live_server, escalated):
    log_in(page, live_server, "fengman")
    bell = page.locator('[data-testid="bell"]')
    assert bell.locator('[data-testid="bell-count"]').inner_text() == "1"
    with page.expect_navigation():
        bell.click()
    item = page.locator('[data-testid="notification"]')
    assert item.count() == 1 and item.get_attribute("data-read") == "false"
    assert "老楼供暖不热" in item.inner_text()
    with page.expect_navigation():
        item.locator("a.notification-link").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/problems/{escalated.pk}/")
    assert "老楼供暖不热" in page.content()
    assert page.locator('[data-testid="bell-count"]').count() == 0
    assert Notification.objects.get().read_at is not None
