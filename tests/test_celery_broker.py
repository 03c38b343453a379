"""A round trip through a real broker and a real Celery worker process.

`.ci/run` starts the worker in the background against Redis (CELERY_BROKER_URL=redis://...)
and sets CELERY_WORKER_RUNNING=1. The worker is another process, so it cannot see this test's
uncommitted transaction: the test uses ``transaction=True`` (rows are committed, and the
tables are flushed afterwards) and the worker is pointed at the very database pytest-django
creates, ``test_<NAME>`` (CELERY_WORKER_DATABASE names it, and the test checks that it is the
one in use here; under pytest-xdist each process gets its own name, so this runs without it).
Starting the worker from `.ci/run` rather than from the test keeps the worker's start-up out
of the test's timing and exercises the worker command the deployment uses.
"""

import os
import time

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from communities.tests.factories import CityFactory, DistrictFactory, StreetFactory
from grids.network.models import NetworkSnapshot
from grids.network.tasks import take_network_snapshots
from grids.tests.factories import GridFactory

pytestmark = pytest.mark.broker

WAIT_SECONDS = 60


def _skip_reason() -> str | None:
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        return "needs CELERY_BROKER_URL=redis://... (the round trip runs in .ci/run)"
    if os.environ.get("CELERY_WORKER_RUNNING") != "1":
        return "needs a Celery worker on the same broker and CELERY_WORKER_RUNNING=1 (started by .ci/run)"
    return None


@pytest.mark.django_db(transaction=True)
def test_snapshot_task_sent_with_delay_is_run_by_the_worker():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    expected_db = os.environ.get("CELERY_WORKER_DATABASE")
    assert not expected_db or connection.settings_dict["NAME"] == expected_db, (
        f"the worker uses the database {expected_db} but this test {connection.settings_dict['NAME']}: "
        "run this test alone, without pytest-xdist (-p no:xdist)"
    )
    district = DistrictFactory(city=CityFactory())
    street = StreetFactory(district=district)
    GridFactory(community__street=street)
    day = timezone.localdate().isoformat()

    take_network_snapshots.delay(taken_on=day)

    deadline = time.monotonic() + WAIT_SECONDS
    codes: set[str] = set()
    while time.monotonic() < deadline:
        codes = set(NetworkSnapshot.objects.filter(taken_on=day).values_list("area_code", flat=True))
        if {"2202", district.code, street.code} <= codes:
            break
        time.sleep(0.5)
    assert codes == {"2202", district.code, street.code}, f"the worker stored {codes or 'nothing'} in {WAIT_SECONDS} s"
    city_row = NetworkSnapshot.objects.get(area_code="2202", taken_on=day)
    assert city_row.figures["grids"] == 1
