"""A judge scores a brand in Chromium: the round page ranks the applications, a score out of range
is refused beside its field with what was typed kept, a valid one lands on the ranked page; the
showcase column shows the newest article first."""

import os
import tempfile

import pytest

from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    StreetFactory,
    user_with_grant,
)
from jilin_grid.scope import Role
from projects.brands.models import BrandApplication, BrandScore, ShowcaseArticle
from projects.tests.factories import BrandApplicationFactory, BrandScoreFactory, ProjectFactory, SelectionRoundFactory
from tests.browser.accounts import log_in
from tests.browser.panels import open_panel

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


def test_the_city_names_a_winner_and_records_the_province_on_the_round_page(page, live_server, brand_round):
    selection_round, brands = brand_round
    log_in(page, live_server, "judge")  # a judge of the city organization department organizes too
    page.goto(f"{live_server.url}/brands/{selection_round.pk}/")
    steps = page.locator(f"[data-testid=steps-{brands[0].pk}]")
    with page.expect_navigation():
        steps.get_by_role("button", name="评为获奖品牌").click()
    brands[0].refresh_from_db()
    assert brands[0].is_winner
    panel = open_panel(page, f"forward-{brands[0].pk}")
    assert "全省评选" in page.locator(f'button[data-toggle-form="forward-{brands[0].pk}"]').inner_text()
    panel.locator("select").select_option("best_case")
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()
    brands[0].refresh_from_db()
    assert brands[0].province_outcome == "best_case"
    assert "获评全省最佳案例" in page.locator(f"[data-testid=application-{brands[0].pk}]").inner_text()


def test_a_district_applies_with_projects_listed_for_the_community_it_chose(page, live_server, settings):
    settings.PICKER_INLINE_LIMIT = 3  # the district holds more projects than a drop-down lists
    street = StreetFactory(district=DistrictFactory(city=CityFactory(), code="220211", name="丰满区"))
    own, other = CommunityFactory(street=street, name="吉钢社区"), CommunityFactory(street=street, name="南山社区")
    for community, titles in ((own, ("家·党建", "红色驿站")), (other, ("弃管小区自治", "三方联动", "老兵志愿队"))):
        organization = PartyOrganizationFactory(area_code=community.code)
        for year, title in enumerate(titles, start=2019):
            ProjectFactory(organization=organization, title=title, year=year)
    user_with_grant("220211", Role.DISTRICT_ORG_DEPT, username="fengman")
    selection_round = SelectionRoundFactory(status="open")
    log_in(page, live_server, "fengman")
    page.goto(f"{live_server.url}/brands/apply/?round={selection_round.pk}")
    projects = page.locator("#id_projects")
    assert projects.locator("option").count() == 0  # five projects: searched, not listed
    page.locator("#id_community").select_option(label="吉钢社区")
    page.wait_for_function("document.querySelectorAll('#id_projects option').length === 2")
    titles = [text.split(" · ")[1] for text in projects.locator("option").all_inner_texts()]
    assert sorted(titles) == ["家·党建", "红色驿站"]
    projects.select_option(label=projects.locator("option", has_text="家·党建").inner_text())
    search = page.locator("input[type=search][aria-controls=id_projects]")
    search.fill("红色")  # a search keeps what is chosen and adds its one match
    page.wait_for_function("document.querySelectorAll('#id_projects option:checked').length === 2")
    page.fill("#id_name", "家·党建")
    page.fill("#id_description", "在家做党建，党建做到家")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    application = BrandApplication.objects.get(community=own)
    assert sorted(application.projects.values_list("title", flat=True)) == ["家·党建", "红色驿站"]
