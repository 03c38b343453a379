"""The nightly snapshot of the organization network: what the task stores and when beat runs it."""

from datetime import date

from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory
from grids.network.choices import Employment
from grids.network.models import NetworkSnapshot
from grids.network.tasks import take_network_snapshots
from grids.tests.factories import GridFactory, GridWorkerFactory


def _small_city():
    city = CityFactory()
    district = DistrictFactory(city=city)
    streets = [StreetFactory(district=district), StreetFactory(district=district)]
    grid = GridFactory(community=CommunityFactory(street=streets[0]))
    GridWorkerFactory(grid=grid, employment=Employment.FULL_TIME)
    return city, district, streets, grid


def test_task_stores_one_row_per_city_district_and_street_for_today(db):
    city, district, streets, _grid = _small_city()

    result = take_network_snapshots.apply()

    assert result.successful()
    assert result.result == 4
    today = timezone.localdate()
    rows = {row.area_code: row for row in NetworkSnapshot.objects.filter(taken_on=today)}
    assert set(rows) == {city.code, district.code, streets[0].code, streets[1].code}
    assert rows[city.code].figures["grids"] == 1
    assert rows[city.code].figures["grid_workers_full_time"] == 1
    assert rows[streets[0].code].figures["grid_workers"] == 1
    assert rows[streets[1].code].figures["grids"] == 0
    assert [child["area"]["code"] for child in rows[city.code].figures["children"]] == [district.code]


def test_running_twice_the_same_day_replaces_the_rows(db):
    city, _district, streets, grid = _small_city()
    take_network_snapshots.apply(kwargs={"taken_on": "2025-03-01"})
    GridWorkerFactory(grid=grid, employment=Employment.PART_TIME)

    take_network_snapshots.apply(kwargs={"taken_on": "2025-03-01"})

    assert NetworkSnapshot.objects.filter(taken_on=date(2025, 3, 1)).count() == 4
    row = NetworkSnapshot.objects.get(area_code=city.code, taken_on=date(2025, 3, 1))
    assert row.figures["grid_workers"] == 2
    assert (
        NetworkSnapshot.objects.get(area_code=streets[0].code, taken_on=date(2025, 3, 1)).figures[
            "grid_workers_part_time"
        ]
        == 1
    )


def test_another_day_keeps_the_earlier_rows_for_trends(db):
    city, *_ = _small_city()
    take_network_snapshots.apply(kwargs={"taken_on": "2025-03-01"})
    take_network_snapshots.apply(kwargs={"taken_on": "2025-03-02"})

    days = list(NetworkSnapshot.objects.filter(area_code=city.code).values_list("taken_on", flat=True))

    assert days == [date(2025, 3, 2), date(2025, 3, 1)]


def test_retired_streets_are_not_snapshotted(db):
    _city, _district, streets, _grid = _small_city()
    streets[1].is_active = False
    streets[1].save()

    take_network_snapshots.apply()

    assert not NetworkSnapshot.objects.filter(area_code=streets[1].code).exists()
    assert NetworkSnapshot.objects.filter(area_code=streets[0].code).exists()


def test_task_survives_a_lost_worker_and_retries_database_errors():
    assert take_network_snapshots.acks_late is True
    assert take_network_snapshots.reject_on_worker_lost is True
    assert take_network_snapshots.max_retries
    assert take_network_snapshots.soft_time_limit < take_network_snapshots.time_limit
    visibility_timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    assert take_network_snapshots.time_limit < visibility_timeout


def test_beat_runs_the_snapshot_every_night_at_the_configured_local_time():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "grids.tasks.take_network_snapshots"]

    assert len(entries) == 1
    assert entries[0]["schedule"] == crontab(
        hour=settings.NETWORK_SNAPSHOT_HOUR, minute=settings.NETWORK_SNAPSHOT_MINUTE
    )
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"
    assert "grids.tasks.take_network_snapshots" in take_network_snapshots.app.tasks
