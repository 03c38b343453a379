"""The stations' kept counts: the figures read from them equal the figures grouped from every row
at request time (the computation they replaced, kept here as the independent count), on random
stations at four levels, with stations closed by the service and in the admin, and functions set
by the service and linked or unlinked from either side. The autouse fixture of ``conftest.py``
compares the kept counts with a recount after the test as well."""

import random
from collections import defaultdict

import pytest
from django.db.models import Count, Sum

from alliances.stations import services
from alliances.stations.counts import FAMILIES
from alliances.stations.models import (
    FamilyActivity,
    FamilyStation,
    RedStation,
    StationEvent,
    StationExpert,
    StationFunction,
    StationServiceItem,
    StationVolunteer,
)
from alliances.stations.selectors import FIGURES, station_figures
from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory
from jilin_grid.aggregates import rollup
from jilin_grid.areas import area_get, area_statistics
from jilin_grid.counts.services import find_drift
from jilin_grid.scope import prefix_q

from .factories import (
    EventFactory,
    ExpertFactory,
    FamilyActivityFactory,
    FamilyStationFactory,
    RedStationFactory,
    ServiceItemFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


def distinct_functions(code: str, length: int) -> tuple[set, dict[str, set]]:
    """The functions offered by the open stations under ``code``: all of them, and per child prefix."""
    rows = (
        RedStation.functions.through.objects.filter(prefix_q("redstation__area_code", code), redstation__is_active=True)
        .values_list("redstation__area_code", "stationfunction_id")
        .distinct()
    )
    everything: set = set()
    by_child: dict[str, set] = defaultdict(set)
    for area_code, function_id in rows:
        everything.add(function_id)
        by_child[area_code[:length]].add(function_id)
    return everything, by_child


def grouped_station_figures(area) -> dict:
    """Every figure grouped from the rows under the area, per direct child."""
    code = area.code
    length = area.child_code_length or len(code)
    open_stations = {"station__is_active": True}
    counted = [
        (RedStation.objects.filter(is_active=True), {"stations": Count("id")}),
        (StationServiceItem.objects.filter(**open_stations), {"service_items": Count("id")}),
        (StationExpert.objects.filter(**open_stations), {"experts": Count("id")}),
        (StationVolunteer.objects.filter(**open_stations), {"volunteers": Count("id")}),
        (
            StationEvent.objects.filter(**open_stations),
            {"events": Count("id"), "event_participants": Sum("participants")},
        ),
        (FamilyStation.objects.filter(is_active=True), {"family_stations": Count("id")}),
        (
            FamilyActivity.objects.filter(**open_stations),
            {"family_activities": Count("id"), "family_participants": Sum("participants")},
        ),
    ]
    own = dict.fromkeys(FIGURES, 0)
    children: dict[str, dict] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for queryset, aggregates in counted:
        for (prefix,), values in rollup(queryset, field="area_code", prefix=code, length=length, **aggregates).items():
            for name, value in values.items():
                own[name] += value or 0
                children[prefix][name] += value or 0
    functions, child_functions = distinct_functions(code, length)
    own["functions"] = len(functions)
    for prefix, ids in child_functions.items():
        children[prefix]["functions"] = len(ids)
    return area_statistics(
        area, own, lambda child: dict(children[child]) if child in children else dict.fromkeys(FIGURES, 0)
    )


def relink(rng, station, functions) -> None:
    """One change of a station's functions outside the service, from either side."""
    change = rng.randrange(4)
    if change == 0:
        station.functions.add(rng.choice(functions))
    elif change == 1:
        station.functions.remove(*station.functions.all()[:1])
    elif change == 2:
        station.functions.clear()
    else:
        rng.choice(functions).stations.add(station)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_kept_figures_equal_the_grouped_figures_on_random_stations(seed):
    rng = random.Random(seed)
    city = CityFactory()
    districts = [DistrictFactory(city=city) for _ in range(2)]
    streets = [StreetFactory(district=districts[0]), StreetFactory(district=districts[1])]
    communities = [CommunityFactory(street=street) for street in streets for _ in range(2)]
    stations, families = [], []
    for community in communities:
        for _ in range(rng.randint(0, 3)):
            station = RedStationFactory(community=community)
            stations.append(station)
            for factory in (ServiceItemFactory, ExpertFactory, VolunteerFactory):
                for _ in range(rng.randint(0, 3)):
                    factory(station=station)
            for _ in range(rng.randint(0, 3)):
                EventFactory(station=station, participants=rng.randint(1, 80))
        for _ in range(rng.randint(0, 2)):
            family = FamilyStationFactory(community=community)
            families.append(family)
            for _ in range(rng.randint(0, 3)):
                FamilyActivityFactory(station=family, participants=rng.randint(1, 30))
    functions = [StationFunction.objects.create(name=f"功能{seed}-{k}", position=k) for k in range(6)]
    for station in stations:
        services.station_update(station=station, functions=rng.sample(functions, k=rng.randint(0, 3)))
    for station in rng.sample(stations, k=len(stations) // 2):  # in the admin's form or the shell
        relink(rng, station, functions)
    rng.choice(functions).stations.clear()  # a function withdrawn from every station, from its side
    if stations:
        rng.choice(functions).stations.remove(stations[-1])
    functions[0].delete()  # with its links
    for station in rng.sample(stations, k=len(stations) // 3):
        services.station_retire(station=station)
    for family in rng.sample(families, k=len(families) // 3):
        services.family_station_retire(station=family)
    if stations:
        reopened = stations[0]
        reopened.is_active = True  # opened again in the admin
        reopened.save()
        EventFactory(station=reopened, participants=5).delete()  # logged by mistake and struck out
    assert find_drift(FAMILIES) == []
    for code in (city.code, districts[0].code, streets[1].code, communities[0].code):
        area = area_get(code)
        assert station_figures(area) == grouped_station_figures(area), code


def test_the_figures_take_two_queries_whatever_the_number_of_stations(django_assert_num_queries):
    community = CommunityFactory()
    functions = [StationFunction.objects.create(name=f"功能{k}") for k in range(3)]

    def open_station(k: int) -> None:
        station = RedStationFactory(community=community)
        services.station_update(station=station, functions=functions[: 1 + k % 2])
        EventFactory(station=station)

    for k in range(3):
        open_station(k)
    area = area_get(community.street.district.code)
    with django_assert_num_queries(2):  # the kept counts, the children's names
        small = station_figures(area)
    for k in range(30):
        open_station(k)
    with django_assert_num_queries(2):
        large = station_figures(area)
    assert (small["stations"], large["stations"], large["events"]) == (3, 33, 33)
    assert small["functions"] == large["functions"] == 2
