"""The benchmark command measures every level and writes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from grids.models import Grid
from grids.tests.factories import GridFactory, GridWorkerFactory

pytestmark = pytest.mark.django_db


def test_benchmark_reports_each_level_with_its_queries():
    grid = GridFactory()
    GridWorkerFactory(grid=grid)
    out = StringIO()

    call_command("benchmark", "--repeat", "2", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["area", "what", "queries", "min", "ms", "median", "ms"]
    measured = [line.split() for line in lines[1:]]
    assert len(measured) == 5 * 3  # five levels, three measurements each
    assert {row[0] for row in measured} == {"2202", grid.code[:6], grid.code[:9], grid.code[:12], grid.code}
    assert all(int(row[-3]) > 0 for row in measured)
    assert Grid.objects.count() == 1


def test_benchmark_refuses_an_unknown_code():
    GridFactory()
    with pytest.raises(CommandError):
        call_command("benchmark", "220299", stdout=StringIO())
