"""The demo residents' problems: a year (2020) across the grids, with timelines the services would write.

The city is built once for the module with the fixture of the city's own tests (which sends
every demo builder, so the problems come with it); the checks are plain queries. Later builders
add problems of their own days (a case at the desk turned into a problem): the year's are
``year_problems()``.
"""

import hashlib
from datetime import timedelta

from auditlog.context import disable_auditlog
from django.db.models import Count, F, Min
from django.utils import timezone

from communities.models import Person
from grids.network.models import Grid
from grids.problems.choices import (
    HANDLING_CODE_LENGTHS,
    HANDLING_ORDER,
    OPEN_PROBLEM_STATUSES,
    SATISFIED_EVALUATIONS,
    ProblemEventKind,
    ProblemStatus,
)
from grids.problems.demo import PER_GRID, YEAR, build_demo_problems
from grids.problems.models import ProblemCategory, ProblemEvent, ResidentProblem
from grids.problems.selectors import problem_figures


def content_hash() -> str:
    digest = hashlib.sha256()
    for row in ResidentProblem.objects.order_by("area_code", "recorded_at", "resident_phone").values_list(
        "area_code", "category__name", "description", "resident_name", "resident_phone", "status", "level",
        "recorded_at", "resolved_at", "closed_at", "evaluation",
    ):  # fmt: skip
        digest.update(repr(row).encode())
    for row in ProblemEvent.objects.order_by("problem__resident_phone", "at", "id").values_list(
        "problem__resident_phone", "kind", "level", "note", "at"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def year_problems():
    """The problems this builder made: those recorded in its year."""
    return ResidentProblem.objects.filter(recorded_at__year=YEAR)


def test_a_year_of_problems_in_every_grid_and_category(demo, db):
    problems = year_problems()
    grids = Grid.objects.count()
    assert problems.count() == PER_GRID * grids
    # The other builders' problems are of the last twelve months, after the demo year.
    later = ResidentProblem.objects.exclude(pk__in=problems.values("pk"))
    assert not later.filter(recorded_at__lt=timezone.now() - timedelta(days=366)).exists()
    assert problems.values("grid").distinct().count() == grids
    assert set(problems.values_list("category", flat=True)) == set(ProblemCategory.objects.values_list("id", flat=True))
    assert not ResidentProblem.objects.filter(recorded_at__year__lt=YEAR).exists()
    assert problems.filter(description__contains="楼道灯不亮").exists()
    assert problems.filter(description__contains="独居老人需要助餐").exists()
    # Residents are fictitious, with numbers of their own, apart from the people's.
    phones = list(problems.values_list("resident_phone", flat=True))
    assert all(phone.startswith("1998") and len(phone) == 11 for phone in phones)
    assert len(set(phones)) == len(phones)
    assert not Person.objects.filter(phone__startswith="1998").exists()


def test_the_lifecycle_fields_agree_with_the_rules(demo, db):
    problems = ResidentProblem.objects.select_related("category")
    escalated_events = dict(
        ProblemEvent.objects.filter(kind=ProblemEventKind.ESCALATED)
        .values("problem")
        .annotate(n=Count("id"))
        .values_list("problem", "n")
    )
    for problem in problems.iterator(chunk_size=5000):
        assert problem.holder_code == problem.area_code[: HANDLING_CODE_LENGTHS[problem.level]]
        assert HANDLING_ORDER.index(problem.level) == problem.escalations == escalated_events.get(problem.pk, 0)
        assert problem.due_at == problem.recorded_at + timedelta(days=problem.category.response_days)
        if problem.status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED):
            assert problem.resolved_at > problem.recorded_at and problem.resolution
            assert problem.minutes_to_resolve == int((problem.resolved_at - problem.recorded_at).total_seconds() // 60)
        else:
            assert problem.resolved_at is None and problem.minutes_to_resolve is None
        if problem.status == ProblemStatus.CLOSED:
            assert problem.evaluation in SATISFIED_EVALUATIONS and problem.closed_at >= problem.resolved_at
        else:
            assert problem.closed_at is None
        if problem.status == ProblemStatus.RETURNED:
            assert problem.return_reason
    # Every timeline starts with "recorded" at the time of recording, by the level of the grid.
    first = ProblemEvent.objects.values("problem").annotate(first=Min("at"))
    assert first.count() == problems.count()
    recorded = ProblemEvent.objects.filter(kind=ProblemEventKind.RECORDED)
    assert recorded.count() == problems.count()
    assert recorded.filter(at=F("problem__recorded_at"), level="grid").count() == problems.count()
    assert not ProblemEvent.objects.filter(at__lt=F("problem__recorded_at")).exists()


def test_solved_in_the_grid_mostly_some_escalated_overdue_returned_reopened(demo, db):
    problems = year_problems()
    total = problems.count()
    closed = problems.filter(status=ProblemStatus.CLOSED)
    assert closed.count() > 0.8 * total
    assert closed.filter(escalations=0).count() > 0.6 * total
    levels = dict(problems.values_list("level").annotate(n=Count("id")).values_list("level", "n"))
    assert levels["grid"] > levels["community"] > levels["street"] > levels["district"] > levels["city"] > 0
    overdue = problems.filter(status__in=OPEN_PROBLEM_STATUSES, due_at__lt=timezone.now())
    assert 0.01 * total < overdue.count() < 0.1 * total
    assert problems.filter(status=ProblemStatus.RETURNED).count() > 0.01 * total
    assert problems.filter(status=ProblemStatus.RESOLVED, evaluation="").exists()
    reopened = problems.filter(events__kind=ProblemEventKind.REOPENED)
    assert 0.02 * total < reopened.count() < 0.1 * total
    assert reopened.filter(status=ProblemStatus.CLOSED).count() == reopened.count()
    late = closed.filter(resolved_at__gt=F("due_at")).count()
    assert 0.03 * closed.count() < late < 0.15 * closed.count()
    # The statistics see the same year.
    figures = problem_figures(prefix="2202", length=4, start="2020-01-01T00:00+08:00", end="2021-01-01T00:00+08:00")
    assert sum(row["recorded"] for row in figures["2202"].values()) == total
    assert sum(row["escalated_city"] for row in figures["2202"].values()) == levels["city"]


def test_running_again_adds_nothing_and_the_same_problems_come_back(demo, db):
    before = (ResidentProblem.objects.count(), ProblemEvent.objects.count())
    assert build_demo_problems()["created"] == 0
    assert (ResidentProblem.objects.count(), ProblemEvent.objects.count()) == before
    digest = content_hash()
    year = year_problems().count()
    with disable_auditlog():  # no person's change: not one audit entry a row, as the builder writes them
        year_problems().delete()  # the other builders' problems stay, with what points to them
    assert build_demo_problems()["created"] == year
    assert content_hash() == digest
