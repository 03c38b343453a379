"""The nightly trends task: this month so far, the month just ended once after it ended, the same
rows however often it runs, and beat's schedule."""

import pytest
from django.conf import settings

from projects.trends.models import TrendSnapshot
from projects.trends.tasks import TRENDS_SOFT_TIME_LIMIT, TRENDS_TIME_LIMIT, take_trend_snapshots

from .factories import build_city

pytestmark = pytest.mark.django_db


def rows():
    return sorted(TrendSnapshot.objects.values_list("area_code", "month", "family", "figures", "source", "state_on"))


def test_the_first_of_a_month_takes_the_month_just_ended_and_the_new_one():
    build_city()
    written = take_trend_snapshots("2020-06-01")
    assert list(written) == ["2020-05", "2020-06"]
    assert set(TrendSnapshot.objects.values_list("month", flat=True)) == {"2020-05", "2020-06"}
    may = TrendSnapshot.objects.get(area_code="2202", month="2020-05", family="problems")
    assert may.figures["recorded"] == 13


def test_running_it_twice_writes_the_same_rows_and_takes_the_ended_month_once():
    build_city()
    take_trend_snapshots("2020-06-01")
    before = rows()
    written = take_trend_snapshots("2020-06-01")
    assert list(written) == ["2020-06"]  # May was taken after it ended
    assert rows() == before
    assert TrendSnapshot.objects.filter(month="2020-06", family="problems").count() == 10


def test_the_task_is_acknowledged_late_with_limits_below_the_visibility_timeout():
    assert take_trend_snapshots.acks_late and take_trend_snapshots.reject_on_worker_lost
    # The production broker's visibility timeout is an hour (CELERY_VISIBILITY_TIMEOUT).
    assert TRENDS_SOFT_TIME_LIMIT < TRENDS_TIME_LIMIT < 3600
    assert take_trend_snapshots.max_retries == 5


def test_beat_takes_the_trends_every_night_after_the_network_snapshot():
    entries = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    trends = entries["projects.tasks.take_trend_snapshots"]["schedule"]
    network = entries["grids.tasks.take_network_snapshots"]["schedule"]
    assert trends.day_of_month == set(range(1, 32)) and trends.hour == network.hour == {1}
    assert min(trends.minute) > min(network.minute)
