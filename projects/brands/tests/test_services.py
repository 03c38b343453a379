"""The rules of the service brands' services."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communities.tests.factories import PartyOrganizationFactory
from projects.brands import services
from projects.brands.choices import ProvinceOutcome, RoundStatus
from projects.brands.models import BrandScore, SelectionRound
from projects.tests.factories import BrandApplicationFactory, BrandScoreFactory, ProjectFactory


def apply(selection_round, community, **extra):
    return services.application_submit(
        selection_round=selection_round, community=community, name="家·党建", description="楼院家庭站点", **extra
    )


def test_open_round_with_judges_once_a_year(people):
    selection_round = services.round_open(year=2021, theme="服务提升树品牌", judges=[people["judge"]])
    assert selection_round.status == RoundStatus.OPEN and selection_round.area_code == "2202"
    with pytest.raises(ValidationError) as refused:
        services.round_open(year=2021, theme="again", judges=[people["judge"]])
    assert "year" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.round_open(year=2022, theme="no judges", judges=[])
    assert "judges" in refused.value.message_dict


def test_only_open_rounds_take_applications(selection_round, places):
    application = apply(selection_round, places["community"])
    assert application.area_code == places["community"].code
    services.round_close(selection_round=selection_round)
    with pytest.raises(ValidationError) as refused:
        apply(selection_round, places["neighbour"])
    assert "round" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.application_revise(application=application, name="改名")


def test_one_application_per_community_and_round(selection_round, places):
    apply(selection_round, places["community"])
    with pytest.raises(ValidationError) as refused:
        apply(selection_round, places["community"])
    assert "community" in refused.value.message_dict


def test_projects_behind_a_brand_are_the_communitys(selection_round, places):
    own = ProjectFactory(organization=PartyOrganizationFactory(area_code=places["community"].code))
    other = ProjectFactory(organization=PartyOrganizationFactory(area_code=places["far"].code))
    with pytest.raises(ValidationError) as refused:
        apply(selection_round, places["community"], projects=[own, other])
    assert "projects" in refused.value.message_dict
    application = apply(selection_round, places["community"], projects=[own])
    assert list(application.projects.all()) == [own]


def test_one_score_per_judge_and_application(selection_round, places, people):
    application = apply(selection_round, places["community"])
    with pytest.raises(ValidationError):  # the round still takes applications
        services.score_record(application=application, judge=people["judge"], score=80)
    services.round_close(selection_round=selection_round)
    services.score_record(application=application, judge=people["judge"], score=80, comment="好")
    with pytest.raises(ValidationError) as refused:
        services.score_record(application=application, judge=people["judge"], score=90)
    assert "score" in refused.value.message_dict
    with pytest.raises(ValidationError):  # not a judge of the round
        services.score_record(application=application, judge=people["organizer"], score=90)
    with pytest.raises(ValidationError):  # out of 0-100
        services.score_record(application=application, judge=people["judge2"], score=101)
    assert BrandScore.objects.filter(application=application).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        BrandScoreFactory(application=application, judge=people["judge"])


def test_winners_only_from_scored_applications(selection_round, places, people):
    scored = apply(selection_round, places["community"])
    unscored = apply(selection_round, places["neighbour"])
    with pytest.raises(ValidationError):  # the round is still open
        services.application_name_winner(application=scored)
    services.round_close(selection_round=SelectionRound.objects.get(pk=selection_round.pk))
    scored.refresh_from_db()
    unscored.refresh_from_db()
    services.score_record(application=scored, judge=people["judge"], score=95)
    with pytest.raises(ValidationError):
        services.application_name_winner(application=unscored)
    assert services.application_name_winner(application=scored).is_winner


def test_province_outcome_only_for_winners(selection_round, places):
    application = BrandApplicationFactory(round=selection_round, community=places["community"])
    with pytest.raises(ValidationError) as refused:
        services.application_put_forward(application=application, outcome=ProvinceOutcome.ENTERED)
    assert "province_outcome" in refused.value.message_dict
    application.is_winner = True
    application.save()
    assert services.application_put_forward(application=application, outcome=ProvinceOutcome.BEST_CASE).province_outcome
    with pytest.raises(IntegrityError), transaction.atomic():
        BrandApplicationFactory(round=selection_round, community=places["far"], province_outcome="entered")


def test_article_names_what_it_showcases(places, selection_round):
    with pytest.raises(ValidationError) as refused:
        services.article_publish(title="晾晒", body="正文", published_on="2020-12-01")
    assert "brand" in refused.value.message_dict
    application = BrandApplicationFactory(round=selection_round, community=places["community"])
    article = services.article_publish(title="晾晒", body="正文", published_on="2020-12-01", brand=application)
    assert article.area_code == "2202"
