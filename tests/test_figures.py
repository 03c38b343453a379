"""The figures' registry (``jilin_grid/figures.py``): periods, and every registered family's
figures equal to what its statistics endpoint answers for the same area and period."""

from __future__ import annotations

from datetime import date

import pytest

from grids.tests.factories import GridFactory
from jilin_grid.areas import area_get
from jilin_grid.figures import (
    BAD_PERIOD,
    MONTH,
    QUARTER,
    YEAR,
    current_period,
    families,
    figure_get,
    figure_keys,
    parse_period,
    read_figures,
)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "previous"),
    [
        ("2020-06", MONTH, date(2020, 6, 1), date(2020, 6, 30), "2020-05"),
        ("2020-01", MONTH, date(2020, 1, 1), date(2020, 1, 31), "2019-12"),
        ("2020-02", MONTH, date(2020, 2, 1), date(2020, 2, 29), "2020-01"),
        ("2020-Q1", QUARTER, date(2020, 1, 1), date(2020, 3, 31), "2019-Q4"),
        ("2020-Q4", QUARTER, date(2020, 10, 1), date(2020, 12, 31), "2020-Q3"),
        ("2020", YEAR, date(2020, 1, 1), date(2020, 12, 31), "2019"),
    ],
)
def test_a_period_is_read_from_its_label(text, kind, start, end, previous):
    period = parse_period(text)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, text)
    assert period.previous().label == previous


@pytest.mark.parametrize("text", ["", "2020-13", "2020-Q5", "20", "2020-6", "0000", "2020-06-01", " 2020"])
def test_a_malformed_period_is_refused_in_both_languages(text):
    with pytest.raises(ValueError, match="2020-Q2") as error:
        parse_period(text)
    assert str(error.value) == BAD_PERIOD
    assert "期间" in BAD_PERIOD


def test_the_current_period_holds_today():
    assert current_period(QUARTER, today=date(2026, 12, 5)).label == "2026-Q4"
    assert current_period(today=date(2026, 12, 5)).months == ["2026-12"]


def test_figure_keys_name_their_family():
    keys = figure_keys()
    assert "problems.overdue" in keys and "network.grids" in keys
    family, figure = figure_get("problems.overdue")
    assert family.name == "problems" and figure.better < 0
    with pytest.raises(KeyError):
        figure_get("problems.nothing")


@pytest.mark.django_db
def test_each_family_answers_the_figures_of_its_statistics_endpoint():
    """The area's row and each child's are the endpoint's own figures, read once."""
    GridFactory.create_batch(3)
    area = area_get("2202")
    period = parse_period("2020")
    answer = read_figures(area, period)
    assert set(answer) == {family.name for family in families()}
    for family in families():
        payload = family.read_area(area, period)
        assert answer[family.name]["own"] == {figure.key: figure.value(payload) for figure in family.figures}
        assert [row["code"] for row in answer[family.name]["children"]] == [
            row["area"]["code"] for row in payload["children"]
        ]
