"""The demo's service brands: the document's 20 winners, 6 put forward to the province and 2 best
cases of 2020, its named brands at its communities, and the showcase column. Checked with plain
queries, independent of the builder; the statistics endpoint agrees with them."""

from django.urls import reverse

from communities.models import AreaGrant
from jilin_grid.testing.api import api_client
from projects.brands.demo import APPLICATIONS, BEST_CASES, PROVINCE_ENTRIES, WINNERS, YEAR, build_demo_brands
from projects.brands.models import BrandApplication, BrandScore, SelectionRound, ShowcaseArticle


def test_the_documents_figures_at_scale_one(demo, db):
    selection_round = SelectionRound.objects.get(year=YEAR)
    assert selection_round.theme == "党建引领聚民心，服务提升树品牌"
    applications = BrandApplication.objects.filter(round=selection_round)
    assert applications.count() == APPLICATIONS
    assert (applications.filter(is_winner=True).count(), WINNERS) == (20, 20)
    assert applications.exclude(province_outcome="").count() == PROVINCE_ENTRIES == 6
    assert applications.filter(province_outcome="best_case").count() == BEST_CASES == 2
    # Every application is scored by each judge; the winners are the round's best.
    judges = selection_round.judges.count()
    assert judges >= 1 and BrandScore.objects.filter(application__round=selection_round).count() == 48 * judges
    worst_winner = min(a.scores.order_by("score").first().score for a in applications.filter(is_winner=True))
    best_other = max(a.scores.order_by("-score").first().score for a in applications.filter(is_winner=False))
    assert worst_winner > best_other


def test_the_documents_brands_at_its_communities(demo, db):
    by_name = dict(BrandApplication.objects.values_list("name", "community__name"))
    assert by_name["家·党建"] == "吉钢社区"
    assert by_name["三方联动"] == "绿地·筑石红社区"
    assert "防走失二维码" in by_name
    assert BrandApplication.projects.through.objects.exists()  # the No.1 projects behind them
    linked = BrandApplication.objects.filter(projects__isnull=False).distinct()
    assert all(p.area_code.startswith(a.community.code) for a in linked for p in a.projects.all())


def test_the_column_and_the_statistics(demo, db):
    assert ShowcaseArticle.objects.count() >= 3
    assert not ShowcaseArticle.objects.filter(brand__is_winner=False).exists()
    api_user = AreaGrant.objects.get(user__username="api").user
    answer = api_client(api_user).get(reverse("stats-brands"), {"year": YEAR}).data
    assert (answer["rounds"], answer["winners"], answer["province_entries"], answer["best_cases"]) == (1, 20, 6, 2)
    assert sum(row["applications"] for row in answer["children"]) == APPLICATIONS


def test_building_again_changes_nothing(demo, db):
    before = BrandApplication.objects.count(), BrandScore.objects.count(), ShowcaseArticle.objects.count()
    build_demo_brands(scale=1)
    assert (BrandApplication.objects.count(), BrandScore.objects.count(), ShowcaseArticle.objects.count()) == before
