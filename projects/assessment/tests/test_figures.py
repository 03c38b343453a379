"""The assessment's figures for the cockpit, against the scores counted here (``independent`` of
``test_stats_api``), at every level, for a month and a year (both read the year's scores)."""

from __future__ import annotations

import pytest

from jilin_grid.figures import parse_period
from jilin_grid.testing.figures import levels, own_figures

from .test_stats_api import city, independent  # noqa: F401  (``city`` is a fixture)

pytestmark = pytest.mark.django_db

STARS = {"five_stars": "5", "four_stars": "4", "three_stars": "3", "two_stars": "2", "one_star": "1"}


@pytest.mark.parametrize("text", ["2020-06", "2020"])
def test_the_figures_are_the_confirmed_scores_of_the_year_at_every_level(city, text):  # noqa: F811
    for code in levels(city["communities"][0].code):
        figures = own_figures("assessment", code, parse_period(text))
        counted = independent(code)
        assert figures["branches_scored"] == counted["branches_scored"], code
        assert figures["average_score"] == counted["average_score"], code
        assert figures["below_threshold"] == counted["below_threshold"], code
        assert {key: figures[key] for key in STARS} == {key: counted["stars"][stars] for key, stars in STARS.items()}
    assert own_figures("assessment", "2202", parse_period("2020"))["branches_scored"] == 12
    assert own_figures("assessment", "2202", parse_period("2019"))["branches_scored"] == 0
