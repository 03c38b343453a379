"""The demo city's trends: every month of 2020 for every kept area, equal to the live figures at the
city, a district, a street and a community, the network left out (no snapshot of 2020), the kept counts
set once before the back-fill, and a second run adding nothing."""

import pytest

from jilin_grid.areas import area_get, children_remembered
from jilin_grid.counts.services import find_drift
from jilin_grid.figures import families, read_figures
from projects.trends.demo import build_demo_step
from projects.trends.models import TrendSnapshot
from projects.trends.selectors import month_period, month_rows, trend_parents

pytestmark = pytest.mark.django_db


def test_the_demo_year_is_kept_for_every_area_and_equals_the_live_figures(demo):
    # The tests' city leaves the trends out (jilin_grid/testing/demo.py): take them as seed_demo does.
    assert build_demo_step(None)
    in_period = [family.name for family in families() if family.in_period]
    months = sorted(set(TrendSnapshot.objects.values_list("month", flat=True)))
    assert months == [f"2020-{month:02d}" for month in range(1, 13)]
    # The city, 9 districts, 72 streets and 287 communities, each month and family of the period.
    assert TrendSnapshot.objects.count() == 369 * 12 * len(in_period)
    assert not TrendSnapshot.objects.filter(family="network").exists()
    for code in ("2202", "220211", "220211001", "220211001001"):
        for month in ("2020-03", "2020-11"):
            live = read_figures(area_get(code), month_period(month), in_period)
            for name in in_period:
                row = TrendSnapshot.objects.get(area_code=code, month=month, family=name)
                assert row.figures == live[name]["own"], (code, month, name)
    assert TrendSnapshot.objects.get(area_code="2202", month="2020-06", family="problems").figures["recorded"] > 0
    assert build_demo_step(None) == []


def test_each_level_read_at_once_equals_each_parents_own_read(demo):
    """A month is read one level at a time (all the city's communities at once); every family answers
    each area of a level exactly as reading its parent does, for all 369 areas."""
    city, june = area_get("2202"), month_period("2020-06")
    in_period = [family for family in families() if family.in_period]
    by_level = {(row.area_code, row.family): row.figures for row in month_rows(city, june)}
    by_parent = {}

    def values(family, row):
        return {figure.key: figure.value(row) for figure in family.figures}

    with children_remembered():
        for family in in_period:
            for parent in trend_parents(city):
                payload = family.read_area(parent, june)
                if parent.code == city.code:
                    by_parent[(city.code, family.name)] = values(family, payload)
                for child in payload["children"]:
                    by_parent[(child["area"]["code"], family.name)] = values(family, child)
    assert len(by_parent) == 369 * len(in_period)
    assert by_level == by_parent
    communities = [figures for (code, name), figures in by_level.items() if name == "problems" and len(code) == 12]
    assert len(communities) == 287 and sum(figures["recorded"] for figures in communities) > 0


def test_the_kept_counts_were_set_once_before_the_backfill_and_hold(demo):
    assert find_drift() == []
