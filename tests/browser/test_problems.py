"""A resident's problem goes up the levels in Chromium and comes back closed by the evaluation.

A grid worker records it (with a photo) and escalates it to the community; the community staff
escalate it to the street; the street staff find it in their "held at my level" queue, accept and
resolve it; the grid worker records the resident's evaluation "satisfied", and the problem shows
as closed with the whole timeline.
"""

import os
import tempfile
from datetime import timedelta

import pytest
from django.utils import timezone

from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from grids.problems import services
from grids.problems.choices import HandlingLevel, ProblemStatus
from grids.problems.models import ResidentProblem
from grids.tests.factories import BuildingFactory, GridFactory, ProblemCategoryFactory
from jilin_grid.scope import Role
from jilin_grid.testing.files import picture
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = {
    name: os.path.join(tempfile.gettempdir(), f"jilin_{name}.png") for name in ("problem_queue", "problem_page")
}
PNG = picture("PNG", (64, 48), gps=True)  # a phone photo, with its position


@pytest.fixture
def nanshan():
    city = CityFactory()
    district = DistrictFactory(city=city, code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    community = CommunityFactory(street=street, code="220211001001", name="南山社区")
    grid = GridFactory(community=community, code="220211001001001", name="南山第一网格")
    other_grid = GridFactory(community=community, code="220211001001002", name="南山第二网格")
    building = BuildingFactory(grid=grid, name="3号楼")
    category = ProblemCategoryFactory(name="物业管理", response_days=7)
    # An older problem of the neighbouring grid, already at the street and past its deadline.
    late = services.problem_record(
        grid=other_grid,
        category=category,
        description="小区路灯长期不亮",
        resident_name="刘大爷",
        resident_phone="13900001111",
        recorded_at=timezone.now() - timedelta(days=12),
    )
    late = services.problem_escalate(problem=late, reason="社区协调不了供电")
    services.problem_escalate(problem=late, reason="需要街道协调供电公司")
    user_with_grant(grid.code, Role.GRID_WORKER, username="wangge", first_name="张网格")
    user_with_grant(community.code, Role.COMMUNITY_STAFF, username="shequ", first_name="李社区")
    user_with_grant(street.code, Role.STREET_STAFF, username="jiedao", first_name="赵街道")
    return {"grid": grid, "category": category, "building": building}


def log_out(page):
    with page.expect_navigation():
        page.locator("form[action='/logout/'] button").click()
    page.wait_for_load_state("networkidle")


def take_step(page, step, **fields):
    """Open a step's form on the problem page, fill it and confirm."""
    page.locator(f'[data-testid="steps"] button[data-step="{step}"]').click()
    # Wait for Bootstrap's collapse to finish opening (it adds "show" at the end of the transition).
    page.locator(f"#step-{step}.show").wait_for(state="visible")
    form = page.locator(f'form[data-step-form="{step}"]')
    form.wait_for(state="visible")
    for name, value in fields.items():
        if name == "evaluation":
            form.locator(f'input[name="evaluation"][value="{value}"]').check()
        else:
            form.locator(f'[name="{name}"]').fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert-success").count() == 1, page.locator(".alert").all_inner_texts()


def open_from_queue(page, live_server, queue, description):
    page.goto(f"{live_server.url}/problems/?queue={queue}")
    table = page.locator('[data-testid="object-table"]')
    with page.expect_navigation():
        table.get_by_role("link", name=description).click()
    page.wait_for_load_state("networkidle")


def test_a_problem_goes_up_to_the_street_and_is_closed_by_the_evaluation(page, live_server, nanshan, tmp_path):
    photo = tmp_path / "楼道.png"
    photo.write_bytes(PNG)

    # The grid worker records the problem in their grid, with a photo.
    log_in(page, live_server, "wangge")
    with page.expect_navigation():
        page.locator('[data-testid="nav-problems"]').click()
    page.wait_for_load_state("networkidle")
    with page.expect_navigation():
        page.locator("main a.btn-danger[href='/problems/new/']").click()
    page.wait_for_load_state("networkidle")
    form = page.locator('[data-testid="problem-form"]')
    assert form.locator("#id_grid option:checked").inner_text() != ""
    form.locator("#id_category").select_option(label="物业管理")
    form.locator("#id_description").fill("3号楼楼道漏水，墙皮脱落")
    form.locator("#id_building").select_option(str(nanshan["building"].pk))
    form.locator("#id_resident_name").fill("王大妈")
    form.locator("#id_resident_phone").fill("13812345678")
    form.locator("#id_urgency").select_option("urgent")
    form.locator("#id_photos").set_input_files(str(photo))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    problem = ResidentProblem.objects.get(description="3号楼楼道漏水，墙皮脱落")
    assert page.url == f"{live_server.url}/problems/{problem.pk}/"
    assert page.locator('[data-testid="photos"] img').count() == 1
    assert page.locator('[data-level="grid"][aria-current="step"]').count() == 1

    take_step(page, "escalate", reason="楼上住户不配合，需社区协调")
    assert page.locator('[data-level="community"][aria-current="step"]').count() == 1
    # Held by the community now: the grid worker has no step left but the evaluation later.
    assert page.locator('[data-testid="steps"]').count() == 0
    log_out(page)

    # The community staff find it held at their level and send it up to the street.
    log_in(page, live_server, "shequ")
    open_from_queue(page, live_server, "holding", "3号楼楼道漏水，墙皮脱落")
    take_step(page, "escalate", reason="涉及公共维修资金，需街道审批")
    assert page.locator('[data-level="street"][aria-current="step"]').count() == 1
    log_out(page)

    # The street staff see it in their queue, beside the overdue one, accept and resolve it.
    log_in(page, live_server, "jiedao")
    page.goto(f"{live_server.url}/problems/?queue=holding")
    table = page.locator('[data-testid="object-table"]')
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    assert table.locator("tbody tr", has_text="3号楼楼道漏水").locator('[data-testid="overdue"]').count() == 0
    assert table.locator("tbody tr", has_text="小区路灯长期不亮").locator('[data-testid="overdue"]').count() == 1
    assert page.locator('[data-queue-count="holding"]').inner_text() == "2"
    assert page.locator('[data-queue-count="escalated"]').inner_text() == "2"
    assert page.locator('[data-queue-count="overdue"]').inner_text() == "1"
    assert page.locator('[data-queue="holding"].active').count() == 1
    page.screenshot(path=SCREENSHOTS["problem_queue"], full_page=True)

    with page.expect_navigation():
        table.get_by_role("link", name="3号楼楼道漏水，墙皮脱落").click()
    page.wait_for_load_state("networkidle")
    take_step(page, "accept", note="已受理，联系物业和维修基金")
    take_step(page, "resolve", resolution="动用维修资金更换楼顶防水层，墙面已修复")
    assert page.locator('[data-testid="problem-status"] [data-status="resolved"]').count() == 1
    log_out(page)

    # The grid worker calls the resident back and records "satisfied": the problem is closed.
    log_in(page, live_server, "wangge")
    open_from_queue(page, live_server, "mine", "3号楼楼道漏水，墙皮脱落")
    take_step(page, "evaluate", evaluation="satisfied", comment="电话回访，居民满意")
    assert page.locator('[data-testid="problem-status"] [data-status="closed"]').count() == 1
    assert page.locator('[data-testid="problem-evaluation"]').get_attribute("data-value") == "satisfied"
    assert page.locator('[data-testid="steps"]').count() == 0
    events = page.locator('[data-testid="timeline"] li')
    kinds = [events.nth(index).get_attribute("data-event") for index in range(events.count())]
    assert kinds == ["recorded", "escalated", "escalated", "accepted", "resolved", "evaluated"]
    timeline = page.locator('[data-testid="timeline"]').inner_text()
    for text in ("张网格", "李社区", "赵街道", "需社区协调", "需街道审批", "更换楼顶防水层", "电话回访，居民满意"):
        assert text in timeline
    page.screenshot(path=SCREENSHOTS["problem_page"], full_page=True)

    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED
    assert problem.level == HandlingLevel.STREET
    assert problem.escalations == 2
