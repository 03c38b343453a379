"""The residents' problem statistics endpoint, checked against figures worked out here in plain
Python from the rows created, with its query count pinned at tenfold data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.tests.factories import CommunityFactory, StreetFactory, user_with_grant
from grids.problems import services
from grids.problems.choices import Evaluation, ProblemStatus
from grids.problems.models import ResidentProblem
from grids.tests.factories import GridFactory, ProblemCategoryFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client

pytestmark = pytest.mark.django_db

URL = reverse("stats-problems")
LEVELS = ("community", "street", "district", "city")
SATISFIED = (Evaluation.SATISFIED, Evaluation.BASICALLY_SATISFIED)
OPEN = (ProblemStatus.RECORDED, ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS)


def make_problems(grid, categories, copies=1):
    """Problems of every kind in ``grid``: open on time, overdue, resolved, closed, reopened,
    escalated (to the community, to the street and resolved there), returned; some long ago."""
    now = timezone.now()
    first, second = categories
    for copy in range(copies):

        def record(category, days_ago, days=7, hours=0, copy=copy):
            return services.problem_record(
                grid=grid,
                category=category,
                description="诉求",
                resident_name="居民",
                recorded_at=now - timedelta(days=days_ago, hours=hours + copy),
            )

        record(first, 1, days=30)  # open, on time
        record(second, 10, days=3)  # overdue
        problem = record(first, 4)
        services.problem_accept(problem=problem)
        services.problem_resolve(problem=problem, resolution="修好", at=problem.recorded_at + timedelta(hours=5))
        for evaluation in (Evaluation.SATISFIED, Evaluation.BASICALLY_SATISFIED):
            problem = record(second, 6)
            services.problem_accept(problem=problem)
            services.problem_resolve(problem=problem, resolution="修好", at=problem.recorded_at + timedelta(hours=30))
            services.problem_evaluate(problem=problem, evaluation=evaluation, at=now)
        problem = record(first, 3)
        services.problem_accept(problem=problem)
        problem = services.problem_resolve(problem=problem, resolution="修好", at=now)
        services.problem_evaluate(problem=problem, evaluation=Evaluation.DISSATISFIED, comment="不满意")  # reopened
        problem = record(first, 2)
        services.problem_escalate(problem=services.problem_accept(problem=problem), reason="上报社区")
        problem = record(second, 40, days=60)  # long ago, escalated twice and resolved by the street
        problem = services.problem_escalate(problem=problem, reason="上报社区")
        problem = services.problem_escalate(problem=problem, reason="上报街道")
        services.problem_accept(problem=problem)
        services.problem_resolve(problem=problem, resolution="街道协调", at=problem.recorded_at + timedelta(days=2))
        services.problem_return(problem=record(second, 45), reason="不属于本级事务")


def expected(rows, prefix, names):
    """The figures of the rows under ``prefix``, worked out without the portal's selectors."""
    now = timezone.now()
    mine = [row for row in rows if row.area_code.startswith(prefix)]
    timed = [row.minutes_to_resolve for row in mine if row.minutes_to_resolve is not None]
    evaluated = [row for row in mine if row.evaluation]
    by_category = {}
    for row in mine:
        bucket = by_category.setdefault(
            row.category_id,
            {"category_id": row.category_id, "category": names[row.category_id], "recorded": 0, "resolved": 0,
             "overdue": 0},
        )  # fmt: skip
        bucket["recorded"] += 1
        bucket["resolved"] += row.status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED)
        bucket["overdue"] += row.status in OPEN and row.due_at < now
    return {
        "recorded": len(mine),
        "resolved": sum(row.status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED) for row in mine),
        "overdue": sum(row.status in OPEN and row.due_at < now for row in mine),
        "escalated": {level: sum(row.escalations > 0 and row.level == level for row in mine) for level in LEVELS},
        "average_hours_to_resolve": round(sum(timed) / len(timed) / 60, 1) if timed else None,
        "satisfaction_rate": (
            round(100 * sum(row.evaluation in SATISFIED for row in evaluated) / len(evaluated), 1)
            if evaluated
            else None
        ),
        "by_category": sorted(by_category.values(), key=lambda item: item["category_id"]),
    }


def figures_of(data):
    keep = ("recorded", "resolved", "overdue", "escalated", "average_hours_to_resolve", "satisfaction_rate")
    result = {key: data[key] for key in keep}
    result["by_category"] = sorted(data["by_category"], key=lambda item: item["category_id"])
    return result


@pytest.fixture
def street():
    """A street of two communities with two grids each, problems in three of the grids."""
    street = StreetFactory()
    categories = (
        ProblemCategoryFactory(name="测试物业", position=1),
        ProblemCategoryFactory(name="测试环境", position=2),
    )
    grids = []
    for _ in range(2):
        community = CommunityFactory(street=street)
        grids += [GridFactory(community=community), GridFactory(community=community)]
    for grid in grids[:3]:
        make_problems(grid, categories)
    return street


def names():
    from grids.problems.models import ProblemCategory

    return dict(ProblemCategory.objects.values_list("id", "name"))


def test_a_streets_figures_and_its_communities(street):
    user = user_with_grant(street.code, roles.STREET_STAFF)
    response = api_client(user).get(URL)
    assert response.status_code == 200
    data = response.data
    assert data["area"]["code"] == street.code
    assert data["from"] is None and data["to"] is None
    rows = list(ResidentProblem.objects.all())
    category_names = names()
    assert figures_of(data) == expected(rows, street.code, category_names)
    # The figures come out as the scenario was written.
    assert data["recorded"] == 3 * 9
    assert data["escalated"] == {"community": 3, "street": 3, "district": 0, "city": 0}
    assert data["satisfaction_rate"] == round(100 * 6 / 9, 1)
    children = {child["area"]["code"]: child for child in data["children"]}
    assert set(children) == {community.code for community in street.communities.all()}
    for code, child in children.items():
        assert child["area"]["level"] == "community"
        assert figures_of(child) == expected(rows, code, category_names)


def test_a_communitys_children_are_its_grids(street):
    community = street.communities.order_by("code").first()
    user = user_with_grant(street.code, roles.STREET_STAFF)
    data = api_client(user).get(URL, {"area": community.code}).data
    rows = list(ResidentProblem.objects.all())
    assert figures_of(data) == expected(rows, community.code, names())
    assert [child["area"]["code"] for child in data["children"]] == sorted(
        community.grids.values_list("code", flat=True)
    )
    for child in data["children"]:
        assert child["area"]["level"] == "grid"
        assert figures_of(child) == expected(rows, child["area"]["code"], names())


def test_the_period_counts_problems_by_their_recording_day(street):
    user = user_with_grant(street.code, roles.STREET_STAFF)
    start = timezone.localdate() - timedelta(days=20)
    end = timezone.localdate() - timedelta(days=3)
    data = api_client(user).get(URL, {"from": start.isoformat(), "to": end.isoformat()}).data
    assert (data["from"], data["to"]) == (start, end)
    rows = [row for row in ResidentProblem.objects.all() if start <= timezone.localdate(row.recorded_at) <= end]
    assert 0 < len(rows) < ResidentProblem.objects.count()
    assert figures_of(data) == expected(rows, street.code, names())


def test_no_problems_gives_zeros_and_nulls():
    community = CommunityFactory()
    user = user_with_grant(community.code, roles.COMMUNITY_STAFF)
    data = api_client(user).get(URL).data
    assert data["recorded"] == 0
    assert data["average_hours_to_resolve"] is None
    assert data["satisfaction_rate"] is None
    assert data["by_category"] == []
    assert data["escalated"] == dict.fromkeys(LEVELS, 0)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2020-13-01"}, "from"),
        ({"to": "20200630"}, "to"),
        ({"from": "2020-07-01", "to": "2020-06-01"}, "from"),
        ({"area": "22x"}, "area"),
    ],
)
def test_bad_parameters_are_400_with_a_clear_message(street, params, field):
    user = user_with_grant(street.code, roles.STREET_STAFF)
    response = api_client(user).get(URL, params)
    assert response.status_code == 400
    message = str(response.data[field][0])
    assert " / " in message
    if field != "area":
        assert "YYYY-MM-DD" in message or "after the end" in message


def test_scoping_of_the_stats(street):
    other = CommunityFactory()
    user = user_with_grant(street.code, roles.STREET_STAFF)
    assert api_client(user).get(URL, {"area": other.code}).status_code == 404
    assert api_client(user).get(URL, {"area": street.district.code}).status_code == 404
    assert api_client().get(URL).status_code == 401
    reader = user_with_grant(street.code, roles.API_READER)
    assert api_client(reader).get(URL).status_code == 200


def test_query_count_does_not_grow_with_the_data(django_assert_max_num_queries):
    street = StreetFactory()
    categories = (ProblemCategoryFactory(name="测试甲"), ProblemCategoryFactory(name="测试乙"))
    grids = [GridFactory(community=CommunityFactory(street=street)) for _ in range(2)]
    user = user_with_grant(street.code, roles.STREET_STAFF)
    client = api_client(user)
    client.get(URL)  # the token row is created on first use
    # token, grants, the area and its ancestors (2), the children, the kept counts, the open
    # problems past their deadline (overdue is not kept: it changes as time passes), the category names
    for grid in grids:
        make_problems(grid, categories)
    with django_assert_max_num_queries(8) as small:
        first = client.get(URL)
    for grid in grids:
        make_problems(grid, categories, copies=9)
    with django_assert_max_num_queries(8) as large:
        second = client.get(URL)
    assert second.data["recorded"] == 10 * first.data["recorded"]
    assert len(large.captured_queries) == len(small.captured_queries)
