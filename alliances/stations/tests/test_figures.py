"""Stations' figures for the cockpit, against the rows counted here (``expected`` of
``test_stats_api``), at every level: today's, the same for a month and a year; and the lists of
open stations behind them."""

from __future__ import annotations

import pytest

from alliances.stations.models import FamilyStation, RedStation
from communities.tests.factories import CommunityFactory, StreetFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.figures import families, parse_period
from jilin_grid.testing.figures import levels, listed, own_figures

from .test_stats_api import expected, fill

pytestmark = pytest.mark.django_db


def test_the_figures_are_todays_at_every_level_whatever_the_period(client):
    street = StreetFactory()
    first = CommunityFactory(street=street)
    fill(first, size=2)
    fill(CommunityFactory(street=street), size=1)
    fill(CommunityFactory(street=StreetFactory(district=street.district)), size=1)
    family = next(family for family in families() if family.name == "stations")
    assert not family.in_period
    for text in ("2020-06", "2020"):
        for code in levels(first.code):
            everything = [s for s in RedStation.objects.all() if s.area_code.startswith(code)]
            family_stations = [s for s in FamilyStation.objects.all() if s.area_code.startswith(code)]
            counted = expected(everything, family_stations)
            figures = own_figures("stations", code, parse_period(text))
            assert {key: figures[key] for key in figures} == {key: counted[key] for key in figures}, code
    client.force_login(user_with_grant(street.code, roles.STREET_STAFF))
    for code in (street.code, first.code):
        figures = own_figures("stations", code, parse_period("2020"))
        assert listed(client, "stations.stations", code, parse_period("2020")) == figures["stations"] > 0
        assert listed(client, "stations.family_stations", code, parse_period("2020")) == figures["family_stations"] > 0
