"""The lifecycle of residents' problems: every step allowed and refused, escalation, evaluation."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from communities.tests.factories import user_with_grant
from grids.problems import services
from grids.problems.choices import Evaluation, HandlingLevel, ProblemStatus
from grids.problems.permissions import ALLOWED_FROM, available_steps
from grids.problems.selectors import problem_figures, problem_queue
from grids.tests.factories import GridFactory, ProblemCategoryFactory
from jilin_grid.scope import Role, get_scope

pytestmark = pytest.mark.django_db

STEPS = {
    "accept": lambda p: services.problem_accept(problem=p),
    "start": lambda p: services.problem_start(problem=p),
    "escalate": lambda p: services.problem_escalate(problem=p, reason="超出网格能力"),
    "resolve": lambda p: services.problem_resolve(problem=p, resolution="已修好"),
    "return": lambda p: services.problem_return(problem=p, reason="不属于社区事务"),
    "evaluate": lambda p: services.problem_evaluate(problem=p, evaluation=Evaluation.SATISFIED),
}


def record(grid=None, days=7, **kwargs):
    grid = grid or GridFactory()
    return services.problem_record(
        grid=grid,
        category=ProblemCategoryFactory(response_days=days),
        description="楼道灯不亮",
        resident_name="王大妈",
        resident_phone="13800000001",
        **kwargs,
    )


def bring_to(status):
    problem = record()
    path = {
        ProblemStatus.RECORDED: [],
        ProblemStatus.ACCEPTED: ["accept"],
        ProblemStatus.IN_PROGRESS: ["accept", "start"],
        ProblemStatus.RESOLVED: ["accept", "start", "resolve"],
        ProblemStatus.CLOSED: ["accept", "start", "resolve", "evaluate"],
        ProblemStatus.RETURNED: ["return"],
    }[status]
    for step in path:
        problem = STEPS[step](problem)
    return problem


@pytest.mark.parametrize("status", list(ProblemStatus))
@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_from_each_status(status, step):
    problem = bring_to(status)
    if status in ALLOWED_FROM[step]:
        STEPS[step](problem)
    else:
        with pytest.raises(ValidationError):
            STEPS[step](problem)


def test_the_whole_loop_keeps_a_timeline():
    problem = record()
    for step in ("accept", "start", "escalate", "resolve", "evaluate"):
        problem = STEPS[step](problem)
    assert problem.status == ProblemStatus.CLOSED
    assert problem.level == HandlingLevel.COMMUNITY
    assert problem.holder_code == problem.area_code[:12]
    kinds = list(problem.events.values_list("kind", flat=True))
    assert kinds == ["recorded", "accepted", "started", "escalated", "resolved", "evaluated"]
    assert problem.minutes_to_resolve is not None


def test_dissatisfied_evaluation_reopens():
    problem = bring_to(ProblemStatus.RESOLVED)
    problem = services.problem_evaluate(problem=problem, evaluation=Evaluation.DISSATISFIED, comment="灯还是不亮")
    assert problem.status == ProblemStatus.IN_PROGRESS
    assert problem.resolved_at is None
    assert list(problem.events.values_list("kind", flat=True))[-2:] == ["evaluated", "reopened"]


def test_escalation_goes_one_level_at_a_time_up_to_the_city():
    problem = record()
    levels = []
    for _ in range(4):
        problem = STEPS["escalate"](problem)
        levels.append((problem.level, problem.holder_code))
    code = problem.area_code
    assert levels == [("community", code[:12]), ("street", code[:9]), ("district", code[:6]), ("city", code[:4])]
    with pytest.raises(ValidationError):
        STEPS["escalate"](problem)


def test_escalated_problem_is_in_the_street_queue_and_only_the_street_may_act():
    problem = record()
    services.problem_escalate(problem=problem, reason="需要街道协调")
    problem = services.problem_escalate(problem=problem, reason="需要街道协调")
    street = user_with_grant(problem.area_code[:9], Role.STREET_STAFF)
    grid_worker = user_with_grant(problem.area_code, Role.GRID_WORKER)
    assert list(problem_queue(street, "escalated")) == [problem]
    assert list(problem_queue(street, "holding")) == [problem]
    assert list(problem_queue(grid_worker, "holding")) == []
    assert list(problem_queue(grid_worker, "area")) == [problem]  # still visible in the grid
    assert available_steps(get_scope(street), problem) == ["accept", "escalate", "return"]
    assert available_steps(get_scope(grid_worker), problem) == []


def test_overdue_is_flagged_in_queues_above():
    old = record(days=1, recorded_at=timezone.now() - timedelta(days=3))
    fresh = record(grid=GridFactory(community=old.grid.community), days=7)
    community = user_with_grant(old.area_code[:12], Role.COMMUNITY_STAFF)
    assert list(problem_queue(community, "overdue")) == [old]
    flags = {p.pk: p.is_overdue for p in problem_queue(community, "area")}
    assert flags == {old.pk: True, fresh.pk: False}


def test_figures_against_a_count():
    grid = GridFactory()
    first = record(grid=grid)
    second = record(grid=grid)
    for step in ("accept", "start", "escalate", "resolve", "evaluate"):
        first = STEPS[step](first)
    services.problem_return(problem=second, reason="重复")
    figures = problem_figures(prefix=grid.code[:9], length=12)
    per_category = figures[grid.code[:12]]
    assert sum(row["recorded"] for row in per_category.values()) == 2
    assert sum(row["resolved"] for row in per_category.values()) == 1
    assert sum(row["satisfied"] for row in per_category.values()) == 1
    assert sum(row["escalated_community"] for row in per_category.values()) == 1


def test_bad_photo_writes_nothing():
    from django.core.files.uploadedfile import SimpleUploadedFile

    grid = GridFactory()
    with pytest.raises(ValidationError):
        record(grid=grid, photos=[SimpleUploadedFile("a.exe", b"MZ")])
    assert not grid.problems.exists()
