"""The standard (its tasks sum to exactly 100, copied to a new year, changed until the first score),
the three steps in order with their rules, every change kept, stars at each threshold and the
candidates for rectification."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from projects.assessment import services
from projects.assessment.choices import ScoreStatus, ScoreStep
from projects.assessment.models import AssessmentTask, Evidence, ScoreChange
from projects.assessment.selectors import rectification_candidates

from .factories import community_branch, confirmed_score, grid_branch, make_standard, points_for

pytestmark = pytest.mark.django_db


def test_a_standard_is_put_in_force_only_when_its_tasks_sum_to_100():
    standard = make_standard(2020, in_force=False)
    task = standard.tasks.get(number=1)
    AssessmentTask.objects.filter(pk=task.pk).update(points=task.points - 1)
    with pytest.raises(ValidationError) as refused:
        services.standard_put_in_force(standard=standard)
    assert "99" in refused.value.messages[0]
    standard.refresh_from_db()
    assert not standard.in_force
    AssessmentTask.objects.filter(pk=task.pk).update(points=task.points)
    services.standard_put_in_force(standard=standard)
    standard.refresh_from_db()
    assert standard.in_force
    assert sum(standard.tasks.values_list("points", flat=True)) == 100
    assert standard.tasks.count() == 34


def test_a_new_year_is_a_copy_changeable_until_the_first_score():
    make_standard(2019)
    copy = services.standard_copy(year=2020)
    assert copy.tasks.count() == 34 and not copy.in_force
    assert copy.copied_from.year == 2019
    with pytest.raises(ValidationError) as twice:
        services.standard_copy(year=2020)
    assert "year" in twice.value.message_dict
    first, second = copy.tasks.get(number=1), copy.tasks.get(number=2)
    fields = {name: getattr(first, name) for name in services.TASK_FIELDS}
    services.task_update(task=first, **{**fields, "points": first.points + 1, "description": "书记述职评议为好。"})
    with pytest.raises(ValidationError):
        services.standard_put_in_force(standard=copy)
    fields = {name: getattr(second, name) for name in services.TASK_FIELDS}
    services.task_update(task=second, **{**fields, "points": second.points - 1})
    services.standard_put_in_force(standard=copy)
    confirmed_score(community_branch(), copy, 80)
    first.refresh_from_db()
    with pytest.raises(ValidationError) as frozen:
        services.task_update(task=first, **{name: getattr(first, name) for name in services.TASK_FIELDS})
    assert "2020" in frozen.value.messages[0]


def test_the_three_steps_in_order_and_every_change_kept():
    standard = make_standard()
    branch = grid_branch()
    tasks = list(standard.tasks.order_by("number"))
    points = points_for(standard, 95)
    with pytest.raises(ValidationError) as no_standard:
        services.score_self_assess(organization=branch, year=2021, points=points)
    assert no_standard.value.messages == [gettext("The standard of %(year)s is not in force.") % {"year": 2021}]
    score = services.score_self_assess(organization=branch, year=2020, points=points)
    assert (score.status, score.total, score.stars) == (ScoreStatus.SELF_ASSESSED, 95, None)
    with pytest.raises(ValidationError) as early:
        services.score_confirm(score=score, points={})
    assert early.value.messages == [gettext("The street has not reviewed this score yet.")]
    # The street lowers a task: a reason is needed.
    lowered = {tasks[0].pk: tasks[0].points - 2}
    with pytest.raises(ValidationError) as no_reason:
        services.score_review(score=score, points=lowered)
    assert f"reason_{tasks[0].pk}" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as too_many:
        services.score_review(score=score, points={tasks[1].pk: tasks[1].points + 1})
    assert f"points_{tasks[1].pk}" in too_many.value.message_dict
    services.score_review(score=score, points=lowered, reasons={tasks[0].pk: "会议记录不全"})
    score.refresh_from_db()
    assert (score.status, score.total) == (ScoreStatus.REVIEWED, 93)
    # Reviewed again with nothing sent: each task keeps what the review gave it, and its reason.
    services.score_review(score=score, points={})
    score.refresh_from_db()
    assert score.total == 93
    assert score.items.get(task=tasks[0]).review_reason == "会议记录不全"
    with pytest.raises(ValidationError):
        services.score_self_assess(organization=branch, year=2020, points=points)
    services.score_confirm(score=score, points={tasks[2].pk: 0}, reasons={tasks[2].pk: "无佐证"})
    score.refresh_from_db()
    assert tasks[2].points == 3
    assert (score.status, score.confirmed_total, score.stars) == (ScoreStatus.CONFIRMED, 90, 5)
    changes = list(ScoreChange.objects.filter(score=score).order_by("id").values_list("step", "previous", "points"))
    assert changes == [
        (ScoreStep.REVIEW, tasks[0].points, tasks[0].points - 2),
        (ScoreStep.CONFIRM, tasks[2].points, 0),
    ]
    with pytest.raises(ValidationError) as again:
        services.score_confirm(score=score, points={})
    assert again.value.messages == [gettext("This score is already confirmed.")]


def test_a_task_needing_evidence_is_refused_without_it(settings, tmp_path):
    standard = make_standard()
    task = standard.tasks.get(number=2)
    AssessmentTask.objects.filter(pk=task.pk).update(evidence_required=True)
    branch = community_branch()
    points = points_for(standard, 100)
    with pytest.raises(ValidationError) as refused:
        services.score_self_assess(organization=branch, year=2020, points=points)
    assert f"points_{task.pk}" in refused.value.message_dict
    services.evidence_add(organization=branch, year=2020, task=task, note="2020年述职评议结果：好")
    assert services.score_self_assess(organization=branch, year=2020, points=points).total == 100
    with pytest.raises(ValidationError):
        services.evidence_add(organization=branch, year=2020, task=task, note="")
    assert Evidence.objects.count() == 1


def test_only_community_and_grid_branches_are_scored():
    make_standard()
    from communities.choices import HostUnitKind
    from communities.tests.factories import PartyOrganizationFactory

    unit = PartyOrganizationFactory(host_unit_kind=HostUnitKind.ENTERPRISE, host_unit_name="吉林化纤")
    with pytest.raises(ValidationError):
        services.score_self_assess(organization=unit, year=2020, points={})


@pytest.mark.parametrize(
    ("total", "stars"), [(100, 5), (90, 5), (89, 4), (80, 4), (79, 3), (70, 3), (69, 2), (60, 2), (59, 1), (0, 1)]
)
def test_stars_at_each_threshold(total, stars):
    standard = make_standard()
    assert confirmed_score(community_branch(), standard, total).stars == stars


def test_star_thresholds_are_settings(settings):
    settings.ASSESSMENT_STAR_THRESHOLDS = {5: 95, 4: 85, 3: 75, 2: 65}
    assert services.stars_for(94) == 4
    assert services.stars_for(64) == 1


def test_a_low_confirmed_score_is_a_candidate_for_rectification(settings):
    standard = make_standard()
    low, edge, reviewed = community_branch(), grid_branch(), community_branch()
    confirmed_score(low, standard, 59)
    confirmed_score(edge, standard, 60)
    score = services.score_self_assess(organization=reviewed, year=2020, points=points_for(standard, 30))
    services.score_review(score=score, points={})
    assert [row.organization_id for row in rectification_candidates("2202", 2020)] == [low.pk]
    settings.ASSESSMENT_RECTIFICATION_BELOW = 61
    assert {row.organization_id for row in rectification_candidates("2202", 2020)} == {low.pk, edge.pk}
    assert not rectification_candidates(low.area_code, 2019).exists()
