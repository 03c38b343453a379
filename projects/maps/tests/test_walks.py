"""The ten-minute circles on a hand-made layout: each compound's walk to its nearest service point
as the places change, and the coverage read from it, the compound exactly at the limit included."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings

from alliances.loop import services as loop_services
from alliances.stations import services as station_services
from alliances.tests.factories import MemberUnitFactory
from grids.network import services as network_services
from jilin_grid.areas import area_get
from projects.maps.checks import walk_setting_check
from projects.maps.choices import PointKind
from projects.maps.models import CompoundReach
from projects.maps.selectors import coverage

from .layout import at, build, metres

pytestmark = pytest.mark.django_db


def walk(compound) -> CompoundReach | None:
    return CompoundReach.objects.filter(compound=compound).first()


def test_each_compound_keeps_its_walk_to_the_nearest_service_point():
    layout = build()
    near, limit, far, remote = (layout.compounds[name] for name in ("near", "limit", "far", "remote"))
    assert walk(near).point_kind == PointKind.DESK
    assert walk(near).metres == pytest.approx(metres("0", "0.003"), abs=0.1)
    assert 333 < walk(near).metres < 335
    assert walk(limit).metres == pytest.approx(799.9, abs=0.1)
    # The red station at +0.012 is nearer to ``far`` than the service centre is.
    assert walk(far).point_kind == PointKind.RED_STATION
    assert walk(far).point_name == "北山红色驿站"
    assert walk(far).metres == pytest.approx(metres("0.010", "0.012"), abs=0.1)
    # Nothing within three walks (2.4 km) of ``remote`` or ``lonely``; the unlocated one has no walk.
    assert walk(remote).metres is None and walk(remote).point_kind == ""
    assert walk(layout.compounds["lonely"]).metres is None
    assert walk(layout.compounds["unlocated"]) is None


def test_coverage_of_a_street_and_its_communities():
    layout = build()
    figures = coverage(area_get(layout.street.code))
    assert (figures["compounds"], figures["compounds_located"], figures["compounds_covered"]) == (6, 5, 3)
    assert figures["compounds_outside"] == 2
    assert figures["ten_minute_share"] == 60.0
    children = {row["area"]["code"]: row for row in figures["children"]}
    assert children[layout.north.code]["ten_minute_share"] == 75.0
    assert children[layout.south.code]["compounds"] == 2
    assert children[layout.south.code]["compounds_located"] == 1
    assert children[layout.south.code]["ten_minute_share"] == 0.0


def test_a_compound_exactly_at_the_limit_is_inside_and_a_tenth_of_a_metre_more_is_not():
    layout = build()
    at_limit = walk(layout.compounds["limit"]).metres
    with override_settings(TEN_MINUTE_WALK_METRES=str(at_limit)):
        assert coverage(area_get(layout.north.code), children=False)["compounds_covered"] == 3
    with override_settings(TEN_MINUTE_WALK_METRES=str(at_limit - 0.1)):
        assert coverage(area_get(layout.north.code), children=False)["compounds_covered"] == 2


def test_moving_closing_and_deleting_a_service_point_measures_the_compounds_near_it_again():
    layout = build()
    far, remote = layout.compounds["far"], layout.compounds["remote"]
    # Moved next to ``remote``: ``far`` falls back to the service centre (1,112 m, outside).
    station_services.station_update(station=layout.station, **at("0.0495"))
    assert walk(remote).point_kind == PointKind.RED_STATION and walk(remote).metres < 60
    assert walk(far).point_kind == PointKind.DESK
    assert walk(far).metres == pytest.approx(metres("0", "0.010"), abs=0.1)
    # Closed: nothing near ``remote`` any more.
    station_services.station_retire(station=layout.station)
    assert walk(remote).metres is None
    # A venue opened where the station was, then deleted.
    venue = loop_services.venue_add(
        member=MemberUnitFactory(), name="社区活动室", address="北山路1号", opening_hours="全天", **at("0.050")
    )
    assert walk(remote).point_kind == PointKind.VENUE and walk(remote).metres == 0
    venue.delete()
    assert walk(remote).metres is None


def test_a_compound_moved_retired_or_unlocated_is_measured_again():
    layout = build()
    remote = layout.compounds["remote"]
    network_services.compound_update(compound=remote, **at("0.001"))
    assert walk(remote).point_kind == PointKind.DESK and walk(remote).metres < 112
    network_services.compound_update(compound=remote, latitude=None, longitude=None)
    assert walk(remote) is None
    network_services.compound_retire(compound=layout.compounds["near"])
    assert walk(layout.compounds["near"]) is None
    assert coverage(area_get(layout.north.code), children=False)["compounds"] == 3


def test_a_service_centre_entered_later_covers_its_compounds():
    layout = build()
    lonely = layout.compounds["lonely"]
    layout.south.centre_latitude, layout.south.centre_longitude = at("-0.2005")["latitude"], Decimal("126.500000")
    layout.south.save()
    assert walk(lonely).point_kind == PointKind.DESK and walk(lonely).metres < 60


def test_measure_walks_rebuilds_what_bulk_writes_left_out():
    layout = build()
    CompoundReach.objects.all().delete()
    call_command("measure_walks", layout.street.code, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert CompoundReach.objects.count() == 5
    assert walk(layout.compounds["far"]).point_kind == PointKind.RED_STATION


def test_the_walk_setting_is_checked():
    with override_settings(TEN_MINUTE_WALK_METRES="800"):
        assert walk_setting_check() == []
    for bad in ("ten minutes", "50", "90000"):
        with override_settings(TEN_MINUTE_WALK_METRES=bad):
            errors = walk_setting_check()
            assert [error.id for error in errors] == ["maps.E001"]
            # The figures go on with 800 m meanwhile.
            from projects.maps.selectors import walk_metres

            assert walk_metres() == 800.0


@pytest.mark.parametrize("walk_setting", ["100", "250.5", "334", "799.9", "800", "1200", "2400"])
def test_the_kept_coverage_equals_the_walks_counted_from_their_rows(walk_setting):
    """The compounds inside the circle are kept by the step of their walk; a walk that is not a
    whole number of steps takes the compounds of its last step from the rows."""
    layout = build()
    network_services.compound_retire(compound=layout.compounds["far"])
    with override_settings(TEN_MINUTE_WALK_METRES=walk_setting):
        limit = float(walk_setting)
        for community in (layout.north, layout.south):
            walks = CompoundReach.objects.filter(area_code=community.code, compound__is_active=True)
            expected = {
                "compounds": community.compounds.filter(is_active=True).count(),
                "compounds_located": walks.count(),
                "compounds_covered": walks.filter(metres__lte=limit).count(),
            }
            figures = coverage(area_get(community.code), children=False)
            assert {key: figures[key] for key in expected} == expected
        street = coverage(area_get(layout.street.code))
        assert street["compounds_covered"] == sum(row["compounds_covered"] for row in street["children"])


def test_a_whole_number_of_steps_reads_no_walk_row(django_assert_num_queries):
    layout = build()
    area = area_get(layout.street.code)
    # The area's kept figures, its children's names and their kept figures.
    with override_settings(TEN_MINUTE_WALK_METRES="800"), django_assert_num_queries(3):
        assert coverage(area)["compounds_covered"] == 3
    # And, for each, the walks of the last step.
    with override_settings(TEN_MINUTE_WALK_METRES="799.9"), django_assert_num_queries(5):
        assert coverage(area)["compounds_covered"] == 3
