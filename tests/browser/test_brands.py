"""A judge scores a brand in Chromium: the round page ranks the applications, a score out of range
is refused beside its field with what was typed kept, a valid one lands on the ranked page; the
showcase column shows the newest article first."""

import os
import tempfile

import pytest

from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from jilin_grid.scope import Role
from projects.brands.models import BrandScore, ShowcaseArticle
from projects.tests.factories import BrandApplicationFactory, BrandScoreFactory, SelectionRoundFactory
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = {name: os.path.join(tempfile.gettempdir(), f"jilin_brands_{name}.png") for name in ("round", "score")}


@pytest.fixture
def brand_round():
    city = CityFactory()
    street = StreetFactory(district=DistrictFactory(city=city, code="220211", name="丰满区"))
    judge = user_with_grant("2202", Role.CITY_ORG_DEPT, username="judge")
    other = user_with_grant("2202", Role.CITY_ORG_DEPT, username="judge2")
    selection_round = SelectionRoundFactory(status="closed")
    selection_round.judges.set([judge, other])
    brands = []
    for name, community, score in (
        ("家·党建", "吉钢社区", 96),
        ("三方联动", "绿地·筑石红社区", 91),
        ("邻里议事厅", "南山社区", None),
    ):
        application = BrandApplicationFactory(
            round=selection_round, community=CommunityFactory(street=street, name=community), name=name
        )
        if score is not None:
            BrandScoreFactory(application=application, judge=other, score=score)
        brands.append(application)
    ShowcaseArticle.objects.create(
        area_code="2202", title="择优晾晒｜家·党建", body="在家做党建", published_on="2020-12-08"
    )
    ShowcaseArticle.objects.create(
        area_code="2202", title="择优晾晒｜三方联动", body="三方联动", published_on="2020-12-01"
    )
    return selection_round, brands


def test_a_judge_scores_on_the_ranked_round_page(page, live_server, brand_round):
    selection_round, brands = brand_round
    log_in(page, live_server, "judge")
    page.goto(f"{live_server.url}/brands/{selection_round.pk}/")
    rows = page.locator("[data-testid=applications] tbody tr")
    assert rows.nth(0).inner_text().startswith("1") and "家·党建" in rows.nth(0).inner_text()
    assert "三方联动" in rows.nth(1).inner_text()
    page.screenshot(path=SCREENSHOTS["round"], full_page=True)
    rows.nth(2).get_by_role("link").click()
    page.fill("#id_score", "101")
    page.fill("#id_comment", "特色鲜明，可复制推广")
    page.click("main button[type=submit]")
    assert page.locator("#id_comment").input_value() == "特色鲜明，可复制推广"
    assert page.locator(".invalid-feedback, .errorlist").first.is_visible()
    page.screenshot(path=SCREENSHOTS["score"], full_page=True)
    page.fill("#id_score", "93")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert BrandScore.objects.filter(application=brands[2], judge__username="judge", score=93).exists()
    assert "邻里议事厅" in page.locator("[data-testid=applications] tbody tr").nth(1).inner_text()
    page.goto(f"{live_server.url}/showcase/")
    assert page.locator("main table tbody tr").first.inner_text().count("家·党建") == 1
