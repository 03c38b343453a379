"""The service brand pages: who sees what, the application and scoring forms with their refusals,
the showcase column and its Atom feed, and the round page's queries at 1x and 10x data."""

from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import translation

from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, StreetFactory
from projects.brands.choices import RoundStatus
from projects.brands.models import BrandApplication, BrandScore, ShowcaseArticle
from projects.tests.factories import BrandApplicationFactory, BrandScoreFactory, ProjectFactory

ROUNDS = reverse("projects:brand_round_list")
APPLY = reverse("projects:brand_apply")
SHOWCASE = reverse("projects:showcase_list")
FEED = reverse("projects:showcase_feed")


def round_page(selection_round) -> str:
    return reverse("projects:brand_round_detail", args=[selection_round.pk])


def test_every_role_sees_the_citys_round_and_only_its_areas_applications(client, selection_round, places, people):
    own = BrandApplicationFactory(round=selection_round, community=places["community"], name="家·党建")
    far = BrandApplicationFactory(round=selection_round, community=places["far"], name="防走失二维码")
    client.force_login(people["staff"])
    assert selection_round.theme in client.get(ROUNDS).content.decode()
    page = client.get(round_page(selection_round)).content.decode()
    assert own.name in page and far.name not in page and places["far"].name not in page
    client.force_login(people["judge"])  # a judge of the round reads every application
    page = client.get(round_page(selection_round)).content.decode()
    assert own.name in page and far.name in page


def test_round_page_ranks_by_the_judges_average(client, selection_round, places, people):
    low = BrandApplicationFactory(round=selection_round, community=places["community"], name="甲品牌")
    high = BrandApplicationFactory(round=selection_round, community=places["neighbour"], name="乙品牌")
    BrandScoreFactory(application=low, judge=people["judge"], score=70)
    BrandScoreFactory(application=low, judge=people["judge2"], score=80)
    BrandScoreFactory(application=high, judge=people["judge"], score=90)
    client.force_login(people["organizer"])
    page = client.get(round_page(selection_round)).content.decode()
    assert page.index("乙品牌") < page.index("甲品牌")
    assert "75.0" in page and "90.0" in page


def test_community_staff_apply_and_a_refusal_keeps_the_input(client, selection_round, places, people):
    project = ProjectFactory(organization=PartyOrganizationFactory(area_code=places["community"].code))
    client.force_login(people["staff"])
    form = {
        "round": selection_round.pk,
        "community": places["community"].pk,
        "name": "家·党建",
        "description": "在家做党建，党建做到家",
        "evidence": "https://example.org",
        "projects": [project.pk],
    }
    response = client.post(APPLY, form)
    assert response.status_code == 302
    application = BrandApplication.objects.get()
    assert list(application.projects.all()) == [project]
    response = client.post(APPLY, {**form, "name": "第二次申报"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "第二次申报" in content  # the input is kept
    with translation.override("zh-hans"):
        expected = translation.gettext("This community has applied to this round already.")
    assert response.context["form"].errors["community"] == [expected]


def test_a_closed_round_is_not_offered_and_another_community_is_refused(client, selection_round, places, people):
    client.force_login(people["staff"])
    response = client.post(
        APPLY, {"round": selection_round.pk, "community": places["neighbour"].pk, "name": "x", "description": "y"}
    )
    assert response.status_code == 400
    assert not BrandApplication.objects.exists()
    selection_round.status = RoundStatus.CLOSED
    selection_round.save()
    response = client.post(
        APPLY, {"round": selection_round.pk, "community": places["community"].pk, "name": "x", "description": "y"}
    )
    assert response.status_code == 400 and not BrandApplication.objects.exists()


def test_grid_workers_do_not_apply(client, selection_round, people):
    client.force_login(people["gridworker"])
    assert client.get(APPLY).status_code == 403


def test_a_judge_scores_once_and_others_may_not(client, selection_round, places, people):
    application = BrandApplicationFactory(round=selection_round, community=places["community"])
    selection_round.status = RoundStatus.CLOSED
    selection_round.save()
    url = reverse("projects:brand_score", args=[application.pk])
    client.force_login(people["judge"])
    response = client.post(url, {"score": "101", "comment": "太高"})
    assert response.status_code == 400 and "太高" in response.content.decode()
    assert client.post(url, {"score": "88", "comment": "好"}).status_code == 302
    response = client.post(url, {"score": "90", "comment": "再评"})
    assert response.status_code == 400 and "再评" in response.content.decode()
    assert list(BrandScore.objects.values_list("score", flat=True)) == [88]
    client.force_login(people["staff"])  # sees the application, is no judge
    assert client.post(url, {"score": "90"}).status_code == 403
    client.force_login(people["neighbour_staff"])  # does not see it at all
    assert client.get(url).status_code == 404


@pytest.fixture
def articles(places, selection_round):
    application = BrandApplicationFactory(round=selection_round, community=places["community"], name="三方联动")
    old = ShowcaseArticle.objects.create(area_code="2202", title="旧文章", body="正文一", published_on="2020-11-01")
    new = ShowcaseArticle.objects.create(
        area_code="2202", title="新文章", body="正文二", published_on="2020-12-01", brand=application
    )
    return old, new


def test_showcase_column_newest_first_for_anyone_signed_in(client, articles, people):
    new = articles[1]
    assert client.get(SHOWCASE).status_code == 302  # signed out: to the login page
    client.force_login(people["gridworker"])
    page = client.get(SHOWCASE).content.decode()
    assert page.index("新文章") < page.index("旧文章")
    detail = client.get(reverse("projects:showcase_detail", args=[new.pk])).content.decode()
    assert "正文二" in detail and "三方联动" in detail


def test_showcase_feed_is_atom_newest_first(client, articles, people):
    assert client.get(FEED).status_code == 302
    client.force_login(people["staff"])
    response = client.get(FEED)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = ElementTree.fromstring(response.content).findall("atom:entry", ns)  # noqa: S314
    assert [entry.find("atom:title", ns).text for entry in entries] == ["新文章", "旧文章"]
    assert (
        entries[0]
        .find("atom:link", ns)
        .get("href")
        .endswith(reverse("projects:showcase_detail", args=[articles[1].pk]))
    )


def _grow(selection_round, places, people, count: int) -> None:
    for _ in range(count):
        community = CommunityFactory(street=StreetFactory(district=places["east"]))
        application = BrandApplicationFactory(round=selection_round, community=community)
        BrandScoreFactory(application=application, judge=people["judge"], score=80)
        BrandScoreFactory(application=application, judge=people["judge2"], score=70)


def test_round_page_queries_do_not_grow_with_the_data(
    client, selection_round, places, people, django_assert_num_queries
):
    client.force_login(people["judge"])
    _grow(selection_round, places, people, 3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(round_page(selection_round)).status_code == 200
    _grow(selection_round, places, people, 27)
    with CaptureQueriesContext(connection) as large:
        page = client.get(round_page(selection_round))
    assert page.status_code == 200 and page.content.decode().count('data-testid="application-') == 30
    assert len(large) == len(small)


def test_the_admin_lists_the_brands(admin_client, selection_round, places, people):
    application = BrandApplicationFactory(round=selection_round, community=places["community"], name="家·党建")
    BrandScoreFactory(application=application, judge=people["judge"])
    for name in ("selectionround", "brandapplication", "showcasearticle"):
        assert admin_client.get(reverse(f"admin:projects_{name}_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:projects_brandapplication_change", args=[application.pk]))
    assert page.status_code == 200 and "家·党建" in page.content.decode()
