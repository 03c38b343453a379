"""Two writers changing the same kept counts at the same moment, each on its own database
connection: both increments are kept.

The race needs a database that runs transactions concurrently with row locks: PostgreSQL (SQLite
serializes writers on the whole file). CI runs this module on PostgreSQL.
"""

import threading

import pytest
from django.db import connections, transaction

from communities.tests.factories import PersonFactory
from grids.network import services as network_services
from grids.network.choices import Employment
from grids.network.models import Grid
from grids.tests.factories import GridFactory
from jilin_grid.counts.models import KeptCount
from jilin_grid.counts.services import find_drift
from jilin_grid.testing.races import another_backend_waits, needs_postgresql

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]

WAIT_FOR_THE_OTHER = 10.0


def race(grid: Grid, people: list) -> dict:
    """Each person is appointed a grid worker of ``grid`` in its own thread and connection; the
    first to write its counts keeps its transaction open until it sees the other blocked on them."""
    barrier = threading.Barrier(len(people))
    outcome: dict = {"errors": [], "saw_the_other_wait": False}
    lock = threading.Lock()

    def appoint(person) -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                network_services.grid_worker_create(
                    grid=Grid.objects.get(pk=grid.pk), person=person, employment=Employment.FULL_TIME
                )
                waited = 0.0
                while waited < WAIT_FOR_THE_OTHER and not another_backend_waits():
                    threading.Event().wait(0.05)
                    waited += 0.05
                with lock:
                    outcome["saw_the_other_wait"] |= waited < WAIT_FOR_THE_OTHER
        except Exception as error:  # reported to the test's thread
            with lock:
                outcome["errors"].append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=appoint, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcome


@pytest.mark.parametrize("counted_before", [False, True], ids=["new counts", "existing counts"])
def test_two_writers_racing_on_the_same_counts_lose_no_increment(counted_before):
    grid = GridFactory()
    if counted_before:  # the counts' rows exist: the writers meet on their row locks
        network_services.grid_worker_create(grid=grid, person=PersonFactory(), employment=Employment.FULL_TIME)
    # Otherwise both insert the same new rows: the second waits on the first's unique index entry.
    people = [PersonFactory(area_code=grid.code), PersonFactory(area_code=grid.code)]

    outcome = race(grid, people)

    assert outcome["errors"] == []
    assert outcome["saw_the_other_wait"], "the second writer never waited: the writes did not race"
    expected = 3 if counted_before else 2
    for code in (grid.code, grid.code[:12], grid.code[:9], grid.code[:6], grid.code[:4]):
        kept = KeptCount.objects.get(
            family="network.workers", area_code=code, period="", figure=f"employment:{Employment.FULL_TIME}"
        )
        assert kept.value == expected
    assert find_drift() == []
