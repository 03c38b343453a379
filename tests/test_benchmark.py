"""The benchmark command measures every registered suite at every level and writes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from alliances.tests.factories import ServiceRecordFactory
from alliances.volunteering.models import ServiceRecord
from grids.network.models import Grid
from grids.tests.factories import GridFactory, GridWorkerFactory

pytestmark = pytest.mark.django_db


def run(*args) -> list[list[str]]:
    """The measured rows, split: code, name, suite, what, queries, min ms, median ms."""
    out = StringIO()
    call_command("benchmark", "--repeat", "2", *args, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["area", "suite", "what", "queries", "min", "ms", "median", "ms"]
    return [line.split() for line in lines[1:]]


def test_benchmark_reports_each_level_with_its_queries():
    grid = GridFactory()
    GridWorkerFactory(grid=grid)
    record = ServiceRecordFactory(report__community=grid.community)

    measured = run()

    codes = ["2202", grid.code[:6], grid.code[:9], grid.code[:12], grid.code]
    network = [row for row in measured if row[2] == "network"]
    assert len(network) == 5 * 3  # five levels, three measurements each
    assert {row[0] for row in network} == set(codes)
    volunteering = [row for row in measured if row[2] == "volunteering"]
    assert len(volunteering) == 4 * 4  # service is counted per community: no grid
    assert {row[3] for row in volunteering} == {"selector", "page", "api", "by-unit"}
    assert all(int(row[-3]) > 0 for row in measured if row[2] != "pages")  # some pages read nothing
    assert Grid.objects.count() == 1
    assert ServiceRecord.objects.get().verified_at is None and record.pk


def test_benchmark_runs_only_the_suites_asked_for():
    grid = GridFactory()
    measured = run("--only", "volunteering", grid.code[:12])
    assert {(row[0], row[2]) for row in measured} == {(grid.code[:12], "volunteering")}


def test_benchmark_refuses_an_unknown_code():
    GridFactory()
    with pytest.raises(CommandError):
        call_command("benchmark", "220299", stdout=StringIO())


def test_benchmark_produces_the_city_s_dispatch_reports_only_for_the_city():
    grid = GridFactory()
    measured = run("--only", "reports", "2202", grid.code[:6])
    assert {(row[0], row[3]) for row in measured} == {("2202", "monthly"), ("2202", "quarterly")}


def test_benchmark_walks_every_page_of_the_city_and_writes_nothing():
    from django.contrib.sessions.models import Session

    grid = GridFactory()
    measured = run("--only", "pages", "2202", grid.code)
    paths = {row[3] for row in measured}
    assert {"/problems/new/", "/buildings/", "/chiefs/new/", "/projects/"} <= paths
    assert not any(path.startswith(("/api/", "/admin/", "/pickers/")) for path in paths)
    assert {row[0] for row in measured} == {"2202"}
    assert not Session.objects.exists()


def test_benchmark_times_every_statistics_endpoint_at_every_level():
    from jilin_grid.benchmarks import stats_paths

    grid = GridFactory()
    measured = run("--only", "stats", "2202", grid.code[:9], grid.code)
    endpoints = set(stats_paths())
    assert {"/api/stats/organization-network/", "/api/stats/desk/", "/api/stats/property/"} <= endpoints
    assert not any("<" in path for path in endpoints)
    for code in ("2202", grid.code[:9], grid.code):
        assert {row[3] for row in measured if row[0] == code} == endpoints
    assert all(int(row[-3]) > 0 for row in measured)
