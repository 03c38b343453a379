"""Residents' problems' figures for the cockpit, against the rows counted here, at every level and
for a month and a year; and the lists behind them showing those rows."""

from __future__ import annotations

import pytest
from django.utils import timezone

from communities.tests.factories import CommunityFactory, StreetFactory, user_with_grant
from grids.problems.choices import ProblemStatus
from grids.problems.models import ResidentProblem
from grids.problems.tests.test_stats_api import make_problems
from grids.tests.factories import GridFactory, ProblemCategoryFactory
from jilin_grid import scope as roles
from jilin_grid.figures import MONTH, YEAR, current_period
from jilin_grid.testing.figures import levels, listed, own_figures

pytestmark = pytest.mark.django_db

SOLVED = (ProblemStatus.RESOLVED, ProblemStatus.CLOSED)
OPEN = (ProblemStatus.RECORDED, ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS)


@pytest.fixture
def grids():
    """Two streets of one district, problems in three grids of the first and one of the second."""
    categories = (
        ProblemCategoryFactory(name="测试物业", position=1),
        ProblemCategoryFactory(name="测试环境", position=2),
    )
    street = StreetFactory()
    grids = [GridFactory(community=CommunityFactory(street=street)) for _ in range(3)]
    other = GridFactory(community=CommunityFactory(street=StreetFactory(district=street.district)))
    for grid in [*grids, other]:
        make_problems(grid, categories)
    return grids


def counted(code: str, period) -> dict:
    """The figures worked out from the rows, in plain Python."""
    now = timezone.now()
    rows = [
        row
        for row in ResidentProblem.objects.all()
        if row.area_code.startswith(code) and period.start <= timezone.localdate(row.recorded_at) <= period.end
    ]
    return {
        "recorded": len(rows),
        "resolved": sum(row.status in SOLVED for row in rows),
        "resolved_in_grid": sum(row.status in SOLVED and row.escalations == 0 for row in rows),
        "overdue": sum(row.status in OPEN and row.due_at < now for row in rows),
        "escalated": sum(row.escalations > 0 for row in rows),
        "escalated_street": sum(row.escalations > 0 and row.level == "street" for row in rows),
    }


@pytest.mark.parametrize("kind", [MONTH, YEAR])
def test_the_figures_are_the_rows_at_every_level(grids, kind):
    period = current_period(kind)
    for code in levels(grids[0].community.code):
        figures = own_figures("problems", code, period)
        expected = counted(code, period)
        assert {key: figures[key] for key in expected} == expected, (code, kind)
    city = counted(levels(grids[0].community.code)[0], current_period(YEAR))
    # The scenario as written, in each of the four grids: two escalated (one resolved by the street),
    # three solved in the grid (one resolved, two evaluated and closed).
    assert (city["escalated"], city["resolved_in_grid"], city["escalated_street"]) == (8, 12, 4)


@pytest.mark.parametrize(
    "key", ["recorded", "resolved", "resolved_in_grid", "overdue", "escalated", "escalated_street"]
)
def test_each_link_lists_the_rows_counted(client, grids, key):
    street = grids[0].community.street
    client.force_login(user_with_grant(street.code, roles.STREET_STAFF))
    period = current_period(YEAR)
    for code in (street.code, grids[0].community.code):
        assert listed(client, f"problems.{key}", code, period) == counted(code, period)[key] > 0


def test_a_month_is_fewer_rows_than_its_year(grids):
    code = grids[0].community.code
    month, year = counted(code, current_period(MONTH)), counted(code, current_period(YEAR))
    assert 0 < month["recorded"] < year["recorded"]
