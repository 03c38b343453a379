"""Fixtures of the service brands' tests: a city with two districts' communities, the city
organization department, judges, community staff and a round."""

import pytest

from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from jilin_grid import scope as roles
from projects.tests.factories import SelectionRoundFactory


@pytest.fixture
def places(db):
    city = CityFactory()
    east, west = DistrictFactory(city=city), DistrictFactory(city=city)
    street = StreetFactory(district=east)
    return {
        "city": city,
        "east": east,
        "west": west,
        "community": CommunityFactory(street=street),
        "neighbour": CommunityFactory(street=street),
        "far": CommunityFactory(street=StreetFactory(district=west)),
    }


@pytest.fixture
def people(places):
    return {
        "organizer": user_with_grant("2202", roles.CITY_ORG_DEPT),
        "judge": user_with_grant(places["west"].code, roles.DISTRICT_ORG_DEPT),
        "judge2": user_with_grant("2202", roles.CITY_ORG_DEPT),
        "staff": user_with_grant(places["community"].code, roles.COMMUNITY_STAFF),
        "neighbour_staff": user_with_grant(places["neighbour"].code, roles.COMMUNITY_STAFF),
        "district": user_with_grant(places["east"].code, roles.DISTRICT_ORG_DEPT),
        "gridworker": user_with_grant(places["community"].code + "001", roles.GRID_WORKER),
    }


@pytest.fixture
def selection_round(people):
    selection_round = SelectionRoundFactory()
    selection_round.judges.set([people["judge"], people["judge2"]])
    return selection_round
