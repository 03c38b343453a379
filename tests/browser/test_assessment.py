"""The standardized branches (五好一满意) in Chromium: community staff self-assess their branch (a task
needing evidence is refused beside its field until the evidence is uploaded), the street lowers a
task (refused without a reason, then with one), the district confirms, and the stars show on the
city's league table, which fits a phone's 390 px."""

import io
import os
import tempfile

import pytest
from PIL import Image

from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from jilin_grid.scope import Role
from projects.assessment.models import AssessmentTask, BranchScore
from projects.assessment.tests.factories import community_branch, make_standard
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR") or tempfile.gettempdir()
FULL_MARKS = "els => els.forEach(el => { el.value = el.max; })"


def sign_in_as(page, live_server, username):
    page.context.clear_cookies()
    log_in(page, live_server, username)


def test_self_assess_review_confirm_and_the_stars_on_the_league_table(page, live_server, tmp_path):
    district = DistrictFactory(city=CityFactory(), code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    community = CommunityFactory(street=street, code="220211001001", name="南山社区")
    branch = community_branch(community)
    standard = make_standard(2020)
    evidence_task = standard.tasks.get(number=2)
    AssessmentTask.objects.filter(pk=evidence_task.pk).update(evidence_required=True)
    first = standard.tasks.get(number=1)
    user_with_grant(community.code, Role.COMMUNITY_STAFF, username="nanshan")
    user_with_grant(street.code, Role.STREET_STAFF, username="jiangnan")
    user_with_grant(district.code, Role.DISTRICT_ORG_DEPT, username="fengman")
    user_with_grant("2202", Role.CITY_ORG_DEPT, username="city")
    card = f"{live_server.url}/assessment/branches/{branch.pk}/2020/"

    sign_in_as(page, live_server, "nanshan")
    page.goto(card)
    page.eval_on_selector_all('form[data-form="self-assess"] input[name^="points_"]', FULL_MARKS)
    page.click('button[data-step="self-assess"]')
    refusal = page.locator(f'[data-field="points_{evidence_task.pk}"]')
    assert refusal.count() == 1
    assert page.input_value(f'input[name="points_{first.pk}"]') == str(first.points)  # what was typed is kept
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "assessment-refused.png"), full_page=True)

    picture = tmp_path / "述职评议.png"
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    picture.write_bytes(buffer.getvalue())
    page.select_option('form[data-form="evidence"] select[name="task"]', str(evidence_task.pk))
    page.set_input_files('form[data-form="evidence"] input[name="files"]', str(picture))
    page.fill('form[data-form="evidence"] textarea[name="note"]', "书记述职评议结果为好")
    page.click('button[data-step="evidence"]')
    page.wait_for_url(card)
    assert "述职评议.png" in page.locator('[data-testid="evidence"]').first.inner_text()
    page.eval_on_selector_all('form[data-form="self-assess"] input[name^="points_"]', FULL_MARKS)
    page.click('button[data-step="self-assess"]')
    page.wait_for_url(card)
    assert page.locator('[data-testid="card-total"]').inner_text() == "100"

    sign_in_as(page, live_server, "jiangnan")
    page.goto(card)
    page.fill(f'input[name="points_{first.pk}"]', str(first.points - 2))
    page.click('button[data-step="review"]')
    assert page.locator(f'[data-field="reason_{first.pk}"]').count() == 1
    assert page.input_value(f'input[name="points_{first.pk}"]') == str(first.points - 2)
    page.fill(f'input[name="reason_{first.pk}"]', "班子成员调整未及时报备")
    page.click('button[data-step="review"]')
    page.wait_for_url(card)
    assert page.locator('[data-testid="card-total"]').inner_text() == "98"

    sign_in_as(page, live_server, "fengman")
    page.goto(card)
    page.click('button[data-step="confirm"]')
    page.wait_for_url(card)
    assert page.locator('[data-testid="card-stars"]').inner_text() == "★★★★★"
    assert "班子成员调整未及时报备" in page.content()
    score = BranchScore.objects.get()
    assert (score.status, score.confirmed_total, score.stars) == ("confirmed", 98, 5)

    sign_in_as(page, live_server, "city")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/assessment/?year=2020")
    row = page.locator(f'[data-testid="league-table"] tr[data-organization="{branch.pk}"]')
    assert row.locator('[data-testid="stars"]').inner_text() == "★★★★★"
    assert row.locator('[data-testid="total"]').inner_text() == "98"
    assert page.locator("#star-chart canvas").count() == 1
    sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert sideways <= 0
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "assessment-league-phone.png"), full_page=True)
    page.goto(card)
    assert page.locator('[data-testid="star-history"]').inner_text().startswith("2020")
    sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert sideways <= 0
