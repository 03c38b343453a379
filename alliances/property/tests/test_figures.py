"""Red-heart property's figures for the cockpit, against the rows counted here (``expected`` of
``test_stats_api``), at every level, for a month and a year."""

from __future__ import annotations

import pytest

from jilin_grid.figures import parse_period
from jilin_grid.testing.figures import levels, own_figures

from .test_stats_api import expected, tree  # noqa: F401  (``tree`` is a fixture)

pytestmark = pytest.mark.django_db

KEYS = ("pilots", "compounds", "meetings", "resolutions", "resolutions_done", "resolutions_overdue")


@pytest.mark.parametrize("text", ["2020-03", "2020"])
def test_the_figures_are_the_rows_at_every_level(tree, text):  # noqa: F811
    period = parse_period(text)
    communities = tree[3]
    for code in levels(communities[0].code):
        figures = own_figures("property", code, period)
        counted = expected(code, period.start, period.end)
        assert {key: figures[key] for key in KEYS} == {key: counted[key] for key in KEYS}, (code, text)
        assert figures["fee_rate"] == counted["fee_collection"]["rate"], (code, text)
    year = own_figures("property", tree[0].code, parse_period("2020"))
    assert year["meetings"] > 0 and year["fee_rate"] is not None
