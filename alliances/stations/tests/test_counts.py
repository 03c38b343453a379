"""The stations' kept counts: the figures read from them equal the figures grouped from every row
at request time (the computation they replaced, kept here as the independent count), on random
stations at four levels, with stations closed by the service and in the admin. The autouse fixture
of ``conftest.py`` compares the kept counts with a recount after the test as well."""

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
    StationServiceItem,
    StationVolunteer,
)
from alliances.stations.selectors import FIGURES, _distinct_functions, station_figures
from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory
from jilin_grid.aggregates import rollup
from jilin_grid.areas import area_get, area_statistics
from jilin_grid.counts.services import find_drift

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
    functions, child_functions = _distinct_functions(code, length)
    own["functions"] = len(functions)
    for prefix, ids in child_functions.items():
        children[prefix]["functions"] = len(ids)
    return area_statistics(
        area, own, lambda child: dict(children[child]) if child in children else dict.fromkeys(FIGURES, 0)
    )


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
    for _ in range(3):
        EventFactory(station=RedStationFactory(community=community))
    area = area_get(community.street.district.code)
    with django_assert_num_queries(3):  # the kept counts, the functions, the children's names
        small = station_figures(area)
    for _ in range(30):
        EventFactory(station=RedStationFactory(community=community))
    with django_assert_num_queries(3):
        large = station_figures(area)
    assert (small["stations"], large["stations"], large["events"]) == (3, 33, 33)
