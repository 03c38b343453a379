"""The demo red stations at a larger scale, on a small tree of its own: the stations and family
stations are multiplied, the first station stays in 吉钢社区, and a second run adds nothing."""

import datetime

import pytest

from alliances.stations.choices import VolunteerKind
from alliances.stations.demo import build_demo_stations
from alliances.stations.models import RedStation
from alliances.tests.factories import MemberReportFactory
from communities.tests.factories import CommunityFactory, StreetFactory
from jilin_grid.counts.services import count_everything


@pytest.fixture(autouse=True)
def _counted_afterwards():
    """The builder writes in bulk, as the demo does: the kept counts are set from its rows once it
    is done, as ``build_demo`` sets them."""
    yield
    count_everything()


@pytest.mark.django_db
def test_the_scale_multiplies_the_stations():
    street = StreetFactory()
    communities = [CommunityFactory(street=street, code=f"{street.code}{n:03d}") for n in range(1, 61)]
    communities[5].name = "吉钢社区"
    communities[5].save()
    MemberReportFactory.create_batch(4, community=communities[5])
    figures = build_demo_stations(scale=2, today=datetime.date(2024, 6, 30))
    assert figures == {"created": True, "stations": 46, "events": figures["events"], "family_stations": 32}
    first = RedStation.objects.get(community=communities[5])
    assert first.opened_on == datetime.date(2020, 8, 1)
    assert first.volunteers.filter(kind=VolunteerKind.MEMBER).count() == 4
    assert build_demo_stations(scale=2)["created"] is False
    assert RedStation.objects.count() == 46
