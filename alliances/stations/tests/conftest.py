"""The functions a station may offer are data the migrations add; a database flushed by another
module's demo city has lost them, so the tests of the stations put them back first."""

import pytest

from alliances.stations.choices import DEFAULT_STATION_FUNCTIONS
from alliances.stations.models import StationFunction


@pytest.fixture(autouse=True)
def station_functions(request):
    if "db" not in request.fixturenames and "demo" not in request.fixturenames:
        request.getfixturevalue("db")
    for position, name in enumerate(DEFAULT_STATION_FUNCTIONS, start=1):
        StationFunction.objects.get_or_create(name=name, defaults={"position": position})
