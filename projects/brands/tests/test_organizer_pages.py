"""The city organization department's pages of the service brands: opening a round, its steps on
the round page (close, name winners, the province's selection) and publishing in the showcase
column; each refusal beside its field with the input kept (400), others refused (403), and the
round page's queries the same at 1x and 10x applications for the organizer too."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from communities.tests.factories import CommunityFactory, PartyOrganizationFactory
from projects.brands.choices import ProvinceOutcome, RoundStatus
from projects.brands.models import BrandApplication, SelectionRound, ShowcaseArticle
from projects.tests.factories import BrandApplicationFactory, BrandScoreFactory, ProjectFactory

OPEN = reverse("projects:brand_round_create")
PUBLISH = reverse("projects:showcase_publish")


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


def round_page(selection_round) -> str:
    return reverse("projects:brand_round_detail", args=[selection_round.pk])


def round_step(selection_round, step: str) -> str:
    return reverse("projects:brand_round_step", args=[selection_round.pk, step])


def application_step(application, step: str) -> str:
    return reverse("projects:brand_application_step", args=[application.pk, step])


@pytest.fixture
def closed_round(selection_round):
    selection_round.status = RoundStatus.CLOSED
    selection_round.save()
    return selection_round


def test_the_city_opens_a_round_with_its_judges_and_a_second_one_of_the_year_is_refused(client, places, people):
    client.force_login(people["organizer"])
    assert 'data-testid="open-round"' in client.get(reverse("projects:brand_round_list")).content.decode()
    form = client.get(OPEN).context["form"]
    candidates = set(form.fields["judges"].queryset)
    assert {people["judge"], people["judge2"], people["district"]} <= candidates
    assert people["staff"] not in candidates  # community staff do not judge
    data = {
        "year": 2021,
        "theme": "党建引领聚民心，服务提升树品牌",
        "judges": [people["judge"].pk, people["judge2"].pk],
    }
    response = client.post(OPEN, data)
    selection_round = SelectionRound.objects.get(year=2021)
    assert response.status_code == 302 and response.url == round_page(selection_round)
    assert set(selection_round.judges.all()) == {people["judge"], people["judge2"]}
    assert selection_round.status == RoundStatus.OPEN and selection_round.opened_by == people["organizer"]

    response = client.post(OPEN, {**data, "theme": "第二轮"})
    assert response.status_code == 400
    assert "第二轮" in response.content.decode()  # the input is kept
    assert response.context["form"].errors["year"] == [
        zh("A selection round of %(year)s has been opened already.") % {"year": 2021}
    ]
    response = client.post(OPEN, {"year": 2022, "theme": "x"})
    assert response.status_code == 400 and "judges" in response.context["form"].errors
    assert SelectionRound.objects.count() == 1


@pytest.mark.parametrize("who", ["district", "staff", "judge"])
def test_only_the_city_opens_rounds_and_publishes(client, people, who):
    client.force_login(people[who])
    assert client.get(OPEN).status_code == 403
    assert client.post(OPEN, {"year": 2021, "theme": "x"}).status_code == 403
    assert client.get(PUBLISH).status_code == 403
    assert 'data-testid="open-round"' not in client.get(reverse("projects:brand_round_list")).content.decode()
    assert 'data-testid="publish"' not in client.get(reverse("projects:showcase_list")).content.decode()
    assert not SelectionRound.objects.filter(year=2021).exists()


def test_the_city_closes_the_round_from_its_page_and_a_second_close_is_refused(client, selection_round, people):
    client.force_login(people["organizer"])
    page = client.get(round_page(selection_round)).content.decode()
    assert round_step(selection_round, "close") in page
    response = client.post(round_step(selection_round, "close"), {"next": round_page(selection_round)})
    assert response.status_code == 302 and response.url == round_page(selection_round)
    selection_round.refresh_from_db()
    assert selection_round.status == RoundStatus.CLOSED
    assert round_step(selection_round, "close") not in client.get(round_page(selection_round)).content.decode()

    response = client.post(round_step(selection_round, "close"), {"next": round_page(selection_round)})
    assert response.status_code == 400  # the round page again, the refusal above it
    assert zh("This round is closed to applications already.") in response.content.decode()


def test_others_may_not_close_a_round(client, selection_round, people):
    client.force_login(people["judge"])
    assert round_step(selection_round, "close") not in client.get(round_page(selection_round)).content.decode()
    assert client.post(round_step(selection_round, "close")).status_code == 403
    selection_round.refresh_from_db()
    assert selection_round.status == RoundStatus.OPEN


def test_the_city_names_a_scored_winner_and_records_the_provinces_selection(client, closed_round, places, people):
    scored = BrandApplicationFactory(round=closed_round, community=places["community"], name="家·党建")
    unscored = BrandApplicationFactory(round=closed_round, community=places["neighbour"], name="防走失二维码")
    BrandScoreFactory(application=scored, judge=people["judge"], score=92)
    client.force_login(people["organizer"])
    back = round_page(closed_round)
    page = client.get(back).content.decode()
    assert application_step(scored, "winner") in page
    assert application_step(unscored, "winner") not in page  # nothing to name before a judge scores it

    response = client.post(application_step(unscored, "winner"), {"next": back})
    assert response.status_code == 400
    assert zh("Only an application the judges have scored can be named a winner.") in response.content.decode()
    assert not BrandApplication.objects.get(pk=unscored.pk).is_winner

    assert client.post(application_step(scored, "winner"), {"next": back}).status_code == 302
    page = client.get(back).content.decode()
    assert application_step(scored, "forward") in page and f"?brand={scored.pk}" in page

    response = client.post(application_step(scored, "forward"), {"next": back, "province_outcome": "gold"})
    assert response.status_code == 400  # an outcome that is not one: beside the field, its form open
    form = response.context["open_step"], response.content.decode()
    assert form[0] == f"forward-{scored.pk}" and 'aria-invalid="true"' in form[1]
    response = client.post(
        application_step(scored, "forward"), {"next": back, "province_outcome": ProvinceOutcome.BEST_CASE}
    )
    assert response.status_code == 302
    scored.refresh_from_db()
    assert scored.is_winner and scored.province_outcome == ProvinceOutcome.BEST_CASE


def test_others_may_not_name_winners(client, closed_round, places, people):
    application = BrandApplicationFactory(round=closed_round, community=places["community"])
    BrandScoreFactory(application=application, judge=people["judge"])
    for who in ("staff", "district"):
        client.force_login(people[who])
        assert client.post(application_step(application, "winner")).status_code == 403
    for who in ("neighbour_staff", "judge"):  # an application outside the caller's area
        client.force_login(people[who])
        assert client.post(application_step(application, "winner")).status_code == 404
    assert not BrandApplication.objects.get(pk=application.pk).is_winner


def test_the_city_publishes_an_article_on_a_winner_and_a_refusal_keeps_the_input(client, closed_round, places, people):
    winner = BrandApplicationFactory(round=closed_round, community=places["community"], name="家·党建", is_winner=True)
    BrandApplicationFactory(round=closed_round, community=places["neighbour"], name="未获奖")
    client.force_login(people["organizer"])
    form = client.get(PUBLISH, {"brand": winner.pk}).context["form"]
    assert form.initial["brand"] == str(winner.pk)
    assert [brand.name for brand in form.fields["brand"].queryset] == ["家·党建"]  # winners only

    data = {"title": "在家做党建，党建做到家", "body": "吉钢社区的做法", "published_on": "2020-12-01"}
    response = client.post(PUBLISH, data)
    assert response.status_code == 400
    assert "在家做党建，党建做到家" in response.content.decode()
    assert response.context["form"].errors["brand"] == [zh("Name the brand or the No.1 project the article showcases.")]
    assert not ShowcaseArticle.objects.exists()

    response = client.post(PUBLISH, {**data, "brand": winner.pk})
    article = ShowcaseArticle.objects.get()
    assert response.status_code == 302 and response.url == reverse("projects:showcase_detail", args=[article.pk])
    assert article.brand == winner and article.published_on == datetime.date(2020, 12, 1)
    assert article.published_by == people["organizer"]


def test_the_project_picker_lists_the_chosen_communitys_projects(client, selection_round, places, people):
    own = ProjectFactory(organization=PartyOrganizationFactory(area_code=places["community"].code), title="红心物业")
    ProjectFactory(organization=PartyOrganizationFactory(area_code=places["neighbour"].code), title="邻居的项目")
    client.force_login(people["district"])
    answer = client.get(reverse("picker", args=["project"]), {"community": places["community"].pk}).json()
    assert [item["id"] for item in answer["results"]] == [own.pk]
    refused = client.get(reverse("picker", args=["project"]), {"community": "x"})
    assert refused.status_code == 400 and "community" in refused.json()["errors"]
    page = client.get(reverse("projects:brand_apply")).content.decode()
    assert 'name="projects"' in page and 'data-picker-url="/pickers/project/"' in page
    assert '"community": "community"' in page.replace("&quot;", '"')


def test_the_round_page_queries_are_the_same_at_1x_and_10x_for_the_city(client, closed_round, places, people):
    def grow(count):
        for _ in range(count):
            application = BrandApplicationFactory(
                round=closed_round, community=CommunityFactory(street=places["community"].street)
            )
            BrandScoreFactory(application=application, judge=people["judge"], score=80)
            if application.pk % 2:  # winners offer another step than the others
                BrandApplication.objects.filter(pk=application.pk).update(is_winner=True)

    client.force_login(people["organizer"])
    grow(3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(round_page(closed_round)).status_code == 200
    grow(27)
    with CaptureQueriesContext(connection) as large:
        page = client.get(round_page(closed_round)).content.decode()
    assert page.count('data-testid="steps-') == 30
    assert len(large) == len(small)
