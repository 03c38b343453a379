"""``GET /api/stats/stations/``: the figures of an area and of its children, checked against counts
made here row by row, for every level; and a number of queries that does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.stations import services
from alliances.stations.models import StationFunction
from communities.tests.factories import CommunityFactory, StreetFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client

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
URL = reverse("stats-stations")


def fill(community, *, size: int = 1) -> list:
    """Stations of ``community`` with ``size`` times their rows; answers the stations."""
    functions = list(StationFunction.objects.order_by("position"))
    stations = []
    for index in range(size):
        station = RedStationFactory(community=community)
        station.functions.set(functions[index % 3 : index % 3 + 4])
        ServiceItemFactory.create_batch(2, station=station)
        ExpertFactory(station=station)
        VolunteerFactory.create_batch(3, station=station)
        EventFactory(station=station, participants=10 + index)
        family = FamilyStationFactory(community=community)
        FamilyActivityFactory(station=family, participants=5)
        stations.append(station)
    return stations


def expected(stations, families) -> dict:
    """The figures counted here, one row at a time, from the open stations given."""
    stations = [s for s in stations if s.is_active]
    families = [f for f in families if f.is_active]
    events = [e for s in stations for e in s.events.all()]
    activities = [a for f in families for a in f.activities.all()]
    return {
        "stations": len(stations),
        "functions": len({f.pk for s in stations for f in s.functions.all()}),
        "service_items": sum(s.items.count() for s in stations),
        "experts": sum(s.experts.count() for s in stations),
        "volunteers": sum(s.volunteers.count() for s in stations),
        "events": len(events),
        "event_participants": sum(e.participants for e in events),
        "family_stations": len(families),
        "family_activities": len(activities),
        "family_participants": sum(a.participants for a in activities),
    }


def test_figures_of_a_street_and_its_communities_match_an_independent_count():
    street = StreetFactory()
    first, second = CommunityFactory(street=street), CommunityFactory(street=street)
    outside = CommunityFactory()
    stations_first = fill(first, size=2)
    stations_second = fill(second, size=1)
    fill(outside, size=3)
    services.station_retire(station=stations_first[1])
    stations_first[1].refresh_from_db()
    user = user_with_grant(street.code, roles.STREET_STAFF)
    body = api_client(user).get(URL, {"area": street.code}).json()
    families = {c.pk: list(c.family_stations.all()) for c in (first, second)}
    own = expected(stations_first + stations_second, families[first.pk] + families[second.pk])
    assert {key: body[key] for key in own} == own
    assert own["stations"] == 2  # the closed station is not counted
    children = {row["area"]["code"]: row for row in body["children"]}
    for community, stations in ((first, stations_first), (second, stations_second)):
        figures = expected(stations, families[community.pk])
        assert {key: children[community.code][key] for key in figures} == figures


def test_a_community_sees_only_its_own_area():
    community = CommunityFactory()
    fill(community)
    other = CommunityFactory()
    user = user_with_grant(community.code, roles.COMMUNITY_STAFF)
    client = api_client(user)
    assert client.get(URL).json()["stations"] == 1
    assert client.get(URL, {"area": other.code}).status_code == 404
    assert client.get(URL, {"area": "22x"}).status_code == 400
    assert api_client().get(URL).status_code == 401


def test_the_queries_do_not_grow_with_the_data():
    street = StreetFactory()
    communities = [CommunityFactory(street=street) for _ in range(2)]
    for community in communities:
        fill(community, size=1)
    client = api_client(user_with_grant(street.district.city.code, roles.CITY_ORG_DEPT))
    client.get(URL)  # the token row is created on first use
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, {"area": street.code}).status_code == 200
    for community in communities:
        fill(community, size=10)
    with CaptureQueriesContext(connection) as large:
        body = client.get(URL, {"area": street.code}).json()
    assert body["stations"] == 22
    # Token, grants, the area, one query per figure, the children's names.
    assert len(large.captured_queries) == len(small.captured_queries) <= 13
