"""The desk's figures for the cockpit, against the cases counted here one by one (``expected`` of
``test_stats_api``), at every level, for this month and this year; and the case list behind each
figure showing those cases."""

from __future__ import annotations

import pytest
from django.utils import timezone

from communities.tests.factories import user_with_grant
from jilin_grid import scope as roles
from jilin_grid.figures import MONTH, YEAR, current_period
from jilin_grid.testing.figures import levels, listed, own_figures

from .test_stats_api import city, expected, under  # noqa: F401  (``city`` is a fixture)

pytestmark = pytest.mark.django_db


def in_period(cases, period):
    return [case for case in cases if period.start <= case.accepted_on <= period.end]


@pytest.mark.parametrize("kind", [MONTH, YEAR])
def test_the_figures_are_the_cases_accepted_in_the_period_at_every_level(city, kind):  # noqa: F811
    period = current_period(kind)
    communities = city[3]
    for code in levels(communities[0].code):
        figures = own_figures("desk", code, period)
        counted = expected(in_period(under(code), period))
        assert {key: figures[key] for key in counted} == counted, (code, kind)


@pytest.mark.parametrize("key", ["taken", "finished", "overdue", "in_hand", "escalated"])
def test_each_link_lists_the_cases_counted(client, city, key):  # noqa: F811
    communities = city[3]
    street = communities[0].code[:9]
    client.force_login(user_with_grant(street, roles.STREET_STAFF))
    period = current_period(YEAR)
    assert timezone.localdate().year == period.year
    for code in (street, communities[0].code):
        assert listed(client, f"desk.{key}", code, period) == expected(in_period(under(code), period))[key] > 0
