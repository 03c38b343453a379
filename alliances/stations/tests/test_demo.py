"""The demo red stations and family stations: the document's 23 stations, the first opened in
August 2020 in 吉钢社区 with 3 social organizations, 20+ experts, 100+ volunteers and 30+ service
items, and family stations in 吉钢社区 and a few others; consistent with the services' rules,
multiplied by the scale and idempotent."""

from django.db.models import F

from alliances.stations.choices import VolunteerKind
from alliances.stations.models import (
    FamilyActivity,
    FamilyStation,
    RedStation,
    StationEvent,
    StationFunction,
    StationVolunteer,
)
from alliances.stations.selectors import station_figures
from jilin_grid.areas import area_get
from jilin_grid.demo import build_demo


def test_the_documents_figures_exactly(demo, db):
    stations = RedStation.objects.order_by("opened_on", "id")
    assert stations.count() == 23
    first = stations.first()
    assert first.community.name == "吉钢社区"
    assert (first.opened_on.year, first.opened_on.month) == (2020, 8)
    assert first.organizations.count() == 3
    assert first.experts.count() > 20
    assert first.volunteers.count() > 100
    assert first.items.count() > 30
    assert first.functions.count() == StationFunction.objects.filter(is_active=True).count() == 12
    assert StationEvent.objects.filter(held_on__lt=F("station__opened_on")).count() == 0
    assert FamilyActivity.objects.filter(held_on__lt=F("station__opened_on")).count() == 0
    assert FamilyStation.objects.filter(community__name="吉钢社区").count() == 8
    assert FamilyStation.objects.values("community").distinct().count() == 5
    # Each member volunteer reported to the station's community.
    members = StationVolunteer.objects.filter(kind=VolunteerKind.MEMBER)
    assert members.exists()
    assert not members.exclude(member__reports__community=F("station__community")).exists()
    figures = station_figures(area_get("2202"))
    assert figures["stations"] == 23
    assert figures["functions"] == 12
    assert sum(child["stations"] for child in figures["children"]) == 23
    assert build_demo(scale=1)["more"]  # a second run adds nothing
    assert RedStation.objects.count() == 23
