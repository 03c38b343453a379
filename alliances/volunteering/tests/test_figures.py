"""Volunteering's figures for the cockpit, against the rows counted here (``counted`` of
``test_stats_api``), at every level, for a month and a quarter; and the service records' list
behind the service figures showing those records."""

from __future__ import annotations

import pytest

from alliances.volunteering.models import ServiceRecord
from communities.tests.factories import user_with_grant
from jilin_grid import scope as roles
from jilin_grid.figures import parse_period
from jilin_grid.testing.figures import levels, listed, own_figures

from .test_stats_api import build_city, counted

pytestmark = pytest.mark.django_db

NAMES = {
    "members_reported": "members_reported",
    "service_hours": "service_hours",
    "person_times": "service_person_times",
    "posts_claimed": "posts_claimed",
}


@pytest.mark.parametrize("text", ["2020-06", "2020-Q2"])
def test_the_figures_are_the_rows_at_every_level(text):
    made = build_city()
    period = parse_period(text)
    for code in levels(made["communities"][0].code):
        figures = own_figures("volunteering", code, period)
        expected = counted(code, period.start, period.end)
        assert {key: figures[key] for key in NAMES} == {key: expected[name] for key, name in NAMES.items()}, code
    quarter = parse_period("2020-Q2")
    assert counted(made["city"].code, quarter.start, quarter.end)["service_person_times"] > 0


@pytest.mark.parametrize("key", ["service_hours", "person_times"])
def test_the_service_link_lists_the_verified_records_of_the_period(client, key):
    made = build_city()
    street = made["streets"][0].code
    client.force_login(user_with_grant(street, roles.STREET_STAFF))
    period = parse_period("2020-Q2")
    for code in (street, made["communities"][0].code):
        records = [
            row
            for row in ServiceRecord.objects.all()
            if row.area_code.startswith(code) and row.verified_at and period.start <= row.served_on <= period.end
        ]
        assert listed(client, f"volunteering.{key}", code, period) == len(records) > 0
