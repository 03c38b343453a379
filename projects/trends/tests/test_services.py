"""The monthly snapshot of every figure family: the same rows however often it runs, equal to the live
figures for the months it covers at the city, a district, a street and a community, the network of a
past month from that month's last network snapshot, and refusals that write nothing."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.tests.factories import CommunityFactory, DistrictFactory, StreetFactory
from grids.network.services import network_snapshots_take_all
from grids.tests.factories import GridFactory, GridWorkerFactory, ResidentProblemFactory
from jilin_grid.areas import area_get
from jilin_grid.figures import families, read_figures
from projects.trends import services
from projects.trends.choices import TrendSource
from projects.trends.models import TrendSnapshot
from projects.trends.selectors import month_period

from .factories import build_city, recorded

pytestmark = pytest.mark.django_db
JUNE_15 = date(2020, 6, 15)


def kept(**filters) -> dict:
    rows = TrendSnapshot.objects.filter(**filters)
    return {(row.area_code, row.month, row.family): (row.figures, row.source, row.state_on) for row in rows}


@pytest.fixture
def place():
    return build_city()


def test_taking_a_month_twice_writes_the_same_rows(place):
    first = services.trend_month_take(month="2020-04", today=JUNE_15)
    before = kept()
    second = services.trend_month_take(month="2020-04", today=JUNE_15)
    assert first == second == TrendSnapshot.objects.count()
    assert kept() == before
    # One row per area (city, 2 districts, 3 streets, 4 communities) and family of a period's activity.
    in_period = [family.name for family in families() if family.in_period]
    assert TrendSnapshot.objects.filter(family__in=in_period).count() == 10 * len(in_period)
    assert not TrendSnapshot.objects.filter(area_code__in=[grid.code for grid in place.grids]).exists()


def test_the_backfill_equals_the_live_figures_at_four_levels(place):
    services.trend_months_take(first="2020-02", last="2020-06", today=JUNE_15)
    codes = ["2202", place.fengman.code, place.jiangnan.code, place.nanshan.code]
    checked = 0
    for month in ("2020-02", "2020-03", "2020-04", "2020-05", "2020-06"):
        period = month_period(month)
        for code in codes:
            live = read_figures(area_get(code), period)
            for family in families():
                if not family.in_period and month != "2020-06":
                    continue  # a state of a past month: see the network's tests below
                row = TrendSnapshot.objects.get(area_code=code, month=month, family=family.name)
                assert row.figures == live[family.name]["own"], (code, month, family.name)
                checked += 1
    assert checked >= 4 * 5
    # The problems differ from month to month and area to area: the comparison says something.
    recorded = {
        (row.area_code, row.month): row.figures["recorded"] for row in TrendSnapshot.objects.filter(family="problems")
    }
    assert recorded[("2202", "2020-02")] == 0
    assert recorded[("2202", "2020-05")] == 13
    assert recorded[(place.nanshan.code, "2020-03")] == 2
    assert recorded[(place.fengman.code, "2020-04")] == 7


def test_the_network_of_a_past_month_is_its_last_network_snapshot(place):
    network_snapshots_take_all(taken_on=date(2020, 5, 10))
    GridWorkerFactory(grid=place.grids[0])
    network_snapshots_take_all(taken_on=date(2020, 5, 31))
    GridWorkerFactory(grid=place.grids[0])  # after May: today's network has three in 南山社区1
    services.trend_months_take(first="2020-04", last="2020-06", today=JUNE_15)

    may = {row.area_code: row for row in TrendSnapshot.objects.filter(family="network", month="2020-05")}
    assert set(may) == {"2202", "220211", "220202", "220211001", "220211002", "220202001"} | {
        community.code for community in place.communities
    }
    assert {row.source for row in may.values()} == {TrendSource.NETWORK_SNAPSHOT}
    assert {row.state_on for row in may.values()} == {date(2020, 5, 31)}
    assert may[place.nanshan.code].figures["grid_workers"] == 2
    assert may["2202"].figures["grid_workers"] == 5
    # No snapshot in April: the network is left out rather than shown as today's.
    assert not TrendSnapshot.objects.filter(family="network", month="2020-04").exists()
    # The month under way reads today's network.
    june = TrendSnapshot.objects.get(family="network", month="2020-06", area_code=place.nanshan.code)
    assert (june.figures["grid_workers"], june.source, june.state_on) == (3, TrendSource.LIVE, JUNE_15)


def test_a_past_month_without_a_snapshot_keeps_the_network_taken_while_it_was_under_way(place):
    services.trend_month_take(month="2020-06", today=JUNE_15)
    GridWorkerFactory(grid=place.grids[0])
    services.trend_month_take(month="2020-06", today=date(2020, 7, 1))
    row = TrendSnapshot.objects.get(family="network", month="2020-06", area_code=place.nanshan.code)
    assert (row.figures["grid_workers"], row.state_on) == (1, JUNE_15)


def test_an_area_and_its_subtree_only(place):
    services.trend_months_take(first="2020-03", last="2020-03", area_code=place.fengman.code, today=JUNE_15)
    codes = set(TrendSnapshot.objects.values_list("area_code", flat=True))
    assert codes == {"220211", "220211001", "220211002", "220211001001", "220211001002", "220211002001"}
    row = TrendSnapshot.objects.get(area_code="220211", family="problems")
    assert row.figures == read_figures(area_get("220211"), month_period("2020-03"))["problems"]["own"]


def test_the_reads_are_the_same_at_ten_times_the_areas_and_rows(place):
    with CaptureQueriesContext(connection) as once:
        services.trend_month_take(month="2020-03", today=JUNE_15)
    # Ten times the communities of the first street, and streets of a new district, with workers and
    # problems: ten times the areas below the city and the rows.
    district = DistrictFactory(city=place.city, code="220204", name="船营区")
    streets = [StreetFactory(district=district, code=f"220204{number:03d}") for number in range(1, 6)]
    for number in range(3, 30):
        street = place.jiangnan if number < 18 else streets[number % 5]
        community = CommunityFactory(street=street, code=f"{street.code}{number:03d}")
        grid = GridFactory(community=community, code=f"{community.code}001")
        GridWorkerFactory.create_batch(3, grid=grid)
        ResidentProblemFactory.create_batch(3, grid=grid, recorded_at=recorded(3))
    with CaptureQueriesContext(connection) as tenfold:
        services.trend_month_take(month="2020-03", today=JUNE_15)

    def reads(captured):  # the rows written come in batches of a thousand: more areas, more batches
        return [query for query in captured.captured_queries if query["sql"].startswith("SELECT")]

    # The active districts and streets are listed once a month (one query per area above the
    # streets: the new district's); every family reads each level once.
    assert len(reads(tenfold)) == len(reads(once)) + 1
    assert TrendSnapshot.objects.filter(month="2020-03", family="problems").count() == 10 + 1 + 5 + 27


def test_the_areas_under_a_closed_street_are_not_kept(place):
    place.yanfeng.is_active = False
    place.yanfeng.save()
    services.trend_month_take(month="2020-03", today=JUNE_15)
    codes = set(TrendSnapshot.objects.filter(family="problems").values_list("area_code", flat=True))
    assert place.yanfeng.code not in codes and "220211002001" not in codes
    assert {place.jiangnan.code, place.nanshan.code, "220202001001"} <= codes
    # The district still counts what was recorded there, as its own statistics do.
    row = TrendSnapshot.objects.get(area_code="220211", month="2020-03", family="problems")
    assert row.figures == read_figures(area_get("220211"), month_period("2020-03"))["problems"]["own"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2020-13", "--to", "2020-12"], "YYYY-MM"),
        (["--from", "2020-1", "--to", "2020-12"], "YYYY-MM"),
        (["--from", "2020-06", "--to", "2020-01"], "The first month is after the last"),
        (["--from", "2020-01", "--to", "2999-01"], "has not begun"),
        (["--from", "2020-01", "--to", "2020-02", "--area", "220299"], "No area"),
        (["--from", "2020-01", "--to", "2020-02", "--area", "220211001001001"], "communities"),
    ],
)
def test_the_command_refuses_a_bad_month_or_area_and_writes_nothing(place, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("backfill_trends", *args)
    assert not TrendSnapshot.objects.exists()


def test_the_command_keeps_each_month_and_says_so(place, capsys):
    call_command("backfill_trends", "--from", "2020-03", "--to", "2020-05", "--area", place.fengman.code)
    out = capsys.readouterr().out
    assert "2020-03: " in out and "2020-05: " in out and "Kept" in out
    assert set(TrendSnapshot.objects.values_list("month", flat=True)) == {"2020-03", "2020-04", "2020-05"}
