"""Two writers changing the same kept counts at the same moment, each on its own database
connection: both increments are kept.

The race needs a database that runs transactions concurrently with row locks: PostgreSQL (SQLite
serializes writers on the whole file). CI runs this module on PostgreSQL.
"""

import pytest

from communities.tests.factories import PersonFactory
from grids.network import services as network_services
from grids.network.choices import Employment
from grids.network.models import Grid
from grids.tests.factories import GridFactory
from jilin_grid.counts.models import KeptCount
from jilin_grid.counts.services import find_drift
from jilin_grid.testing.races import needs_postgresql, race

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


def appoint(grid: Grid, person):
    def write():
        return network_services.grid_worker_create(
            grid=Grid.objects.get(pk=grid.pk), person=person, employment=Employment.FULL_TIME
        )

    return write


@pytest.mark.parametrize("counted_before", [False, True], ids=["new counts", "existing counts"])
def test_two_writers_racing_on_the_same_counts_lose_no_increment(counted_before):
    grid = GridFactory()
    if counted_before:  # the counts' rows exist: the writers meet on their row locks
        network_services.grid_worker_create(grid=grid, person=PersonFactory(), employment=Employment.FULL_TIME)
    # Otherwise both insert the same new rows: the second waits on the first's unique index entry.
    people = [PersonFactory(area_code=grid.code), PersonFactory(area_code=grid.code)]

    outcome = race([appoint(grid, person) for person in people])

    assert outcome["errors"] == [] and outcome["refusals"] == []
    assert outcome["saw_a_wait"], "the second writer never waited: the writes did not race"
    expected = 3 if counted_before else 2
    for code in (grid.code, grid.code[:12], grid.code[:9], grid.code[:6], grid.code[:4]):
        kept = KeptCount.objects.get(
            family="network.workers", area_code=code, period="", figure=f"employment:{Employment.FULL_TIME}"
        )
        assert kept.value == expected
    assert find_drift() == []


def test_two_progress_reports_of_one_project_racing_count_the_project_once():
    """Each report changes what its project is worth: the project's row is locked while it is
    read before the write, so the second writer reads what the first wrote."""
    from projects.projects import services as project_services
    from projects.projects.models import Project
    from projects.tests.factories import MilestoneFactory, ProjectFactory

    project = ProjectFactory(start_month=1)
    MilestoneFactory(project=project, month=6)

    def report(month: int):
        def write():
            return project_services.progress_report_submit(
                project=Project.objects.get(pk=project.pk), month=month, percent_complete=month * 10, done="推进中"
            )

        return write

    outcome = race([report(1), report(2)])

    assert outcome["errors"] == [] and outcome["refusals"] == []
    assert outcome["saw_a_wait"], "the second writer never waited: the writes did not race"
    assert find_drift() == []
