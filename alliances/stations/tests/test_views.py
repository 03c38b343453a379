"""Pages of the red stations and family stations: the generated tests of the list and forms, then
by hand the station's page, the event form and its refusals, and the roles that may use them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.stations.choices import StationEventKind
from alliances.stations.models import FamilyStation, RedStation, StationFunction
from alliances.tests.factories import MemberReportFactory
from communities.tests.factories import user_with_grant
from jilin_grid.scope import Role
from jilin_grid.testing.views import ViewTestCases, build_world, table_html

from .factories import (
    EventFactory,
    ExpertFactory,
    FamilyActivityFactory,
    FamilyStationFactory,
    RedStationFactory,
    ServiceItemFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


class TestRedStationViews(ViewTestCases.ListViewTests, ViewTestCases.EditViewTests, ViewTestCases.CreateViewTests):
    model = RedStation
    url_prefix = "alliances:red_station"

    def make_object(self, grid):
        return RedStationFactory(community=grid.community)

    def create_data(self):
        functions = StationFunction.objects.order_by("position")[:2]
        return {
            "community": self.world.community.pk,
            "name": "吉钢红色驿站",
            "place": "吉钢小区门口",
            "former_booth": "吉钢警务岗亭",
            "opened_on": "2020-08-01",
            "hours": "8:00-20:00",
            "functions": [f.pk for f in functions],
        }

    def created(self):
        return RedStation.objects.filter(name="吉钢红色驿站", community=self.world.community)

    def update_data(self, obj):
        return {
            "name": obj.name,
            "place": obj.place,
            "former_booth": obj.former_booth,
            "opened_on": "2020-08-01",
            "hours": "9:00-18:00",
            "functions": [StationFunction.objects.order_by("position").first().pk],
        }

    def assert_updated(self, obj):
        assert obj.hours == "9:00-18:00"
        assert obj.functions.count() == 1


def page(station) -> str:
    return reverse("alliances:red_station_detail", args=[station.pk])


def event_url(station) -> str:
    return reverse("alliances:red_station_event_create", args=[station.pk])


def fill(station, times: int) -> None:
    station.functions.set(StationFunction.objects.all()[: 2 + times])
    for _ in range(times):
        ServiceItemFactory(station=station)
        ExpertFactory(station=station)
        VolunteerFactory(station=station)
        EventFactory(station=station)
        station.organizations.create(name=f"社会组织{station.organizations.count()}")
    member = MemberReportFactory(community=station.community).member
    VolunteerFactory(station=station, kind="member", member=member, name=member.person.name)


def test_the_station_page_shows_what_belongs_to_it(client):
    world = build_world()
    station = RedStationFactory(community=world.community)
    fill(station, 2)
    client.force_login(world.writer)
    response = client.get(page(station))
    assert response.status_code == 200
    body = response.content.decode()
    for testid, count in (
        ("item-count", 2),
        ("expert-count", 2),
        ("volunteer-count", 3),
        ("event-count", 2),
        ("organization-count", 2),
        ("function-count", 4),
    ):
        assert f'data-testid="{testid}">{count}<' in body, testid
    assert event_url(station) in body


def test_the_station_page_runs_the_same_queries_at_ten_times_the_data(client):
    world = build_world()
    small, large = RedStationFactory(community=world.community), RedStationFactory(community=world.community)
    fill(small, 1)
    fill(large, 10)
    client.force_login(world.writer)
    client.get(page(small))
    with CaptureQueriesContext(connection) as one:
        assert client.get(page(small)).status_code == 200
    with CaptureQueriesContext(connection) as ten:
        assert client.get(page(large)).status_code == 200
    assert len(one.captured_queries) == len(ten.captured_queries)


def test_the_station_list_runs_the_same_queries_at_ten_times_the_data(client):
    world = build_world()
    client.force_login(world.writer)
    fill(RedStationFactory(community=world.community), 1)
    url = reverse("alliances:red_station_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(9):
        fill(RedStationFactory(community=world.community), 3)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(url)
    assert len(table_html(response).split("<tr")) - 2 == 10
    assert len(one.captured_queries) == len(ten.captured_queries)


def test_a_station_outside_the_area_is_not_found_and_readers_see_no_forms(client):
    world = build_world()
    station = RedStationFactory(community=world.community)
    client.force_login(world.outsider)
    assert client.get(page(station)).status_code == 404
    assert client.get(event_url(station)).status_code == 404
    client.force_login(world.viewer)
    response = client.get(page(station))
    assert response.status_code == 200
    assert event_url(station) not in response.content.decode()
    assert client.get(event_url(station)).status_code == 403


def test_a_grid_worker_is_refused_the_pages_saying_why(client):
    world = build_world()
    worker = user_with_grant(world.grid.code, Role.GRID_WORKER)
    client.force_login(worker)
    for name in ("alliances:red_station_list", "alliances:family_station_list"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "grid" in response.content.decode() or "网格" in response.content.decode()


@pytest.mark.parametrize("level", ["community", "street", "district", "city"])
def test_staff_of_the_community_and_above_log_an_event(client, level):
    world = build_world()
    station = RedStationFactory(community=world.community, opened_on=datetime.date(2020, 8, 1))
    code = {
        "community": world.community.code,
        "street": world.community.code[:9],
        "district": world.community.code[:6],
        "city": world.community.code[:4],
    }[level]
    role = {
        "community": Role.COMMUNITY_STAFF,
        "street": Role.STREET_STAFF,
        "district": Role.DISTRICT_ORG_DEPT,
        "city": Role.CITY_ORG_DEPT,
    }[level]
    client.force_login(user_with_grant(code, role))
    data = {"held_on": "2021-06-01", "kind": StationEventKind.FREE_CLINIC, "title": "医疗义诊", "participants": "45"}
    response = client.post(event_url(station), data)
    assert response.status_code == 302
    assert response["Location"] == page(station)
    assert list(station.events.values_list("title", "participants")) == [("医疗义诊", 45)]


def test_an_event_before_opening_is_refused_beside_its_day_and_the_input_kept(client):
    world = build_world()
    station = RedStationFactory(community=world.community, opened_on=datetime.date(2020, 8, 1))
    client.force_login(world.writer)
    data = {"held_on": "2020-07-01", "kind": StationEventKind.AID, "title": "扶贫济困送温暖", "participants": "12"}
    response = client.post(event_url(station), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "2020-08-01" in form.errors["held_on"][0]
    body = response.content.decode()
    assert 'data-field="held_on"' in body
    assert "扶贫济困送温暖" in body
    assert not station.events.exists()


def test_editing_the_opening_day_after_an_event_is_refused_beside_it(client):
    world = build_world()
    station = RedStationFactory(community=world.community, opened_on=datetime.date(2020, 8, 1))
    EventFactory(station=station, held_on=datetime.date(2020, 9, 1))
    client.force_login(world.writer)
    data = {
        "name": station.name,
        "place": station.place,
        "former_booth": "",
        "opened_on": "2020-10-01",
        "hours": "9-17",
    }
    response = client.post(reverse("alliances:red_station_edit", args=[station.pk]), data)
    assert response.status_code == 400
    assert "opened_on" in response.context["form"].errors
    station.refresh_from_db()
    assert station.opened_on == datetime.date(2020, 8, 1)


def test_family_stations_list_and_page(client):
    world = build_world()
    own = FamilyStationFactory(community=world.community, place="吉钢小区7号楼")
    FamilyActivityFactory(station=own, participants=9)
    FamilyActivityFactory(station=own, participants=11)
    other = FamilyStationFactory(community=world.other_community, place="外社区3号楼")
    client.force_login(world.writer)
    response = client.get(reverse("alliances:family_station_list"))
    assert response.status_code == 200
    table = table_html(response)
    assert "吉钢小区7号楼" in table
    assert "外社区3号楼" not in response.content.decode()
    detail = client.get(reverse("alliances:family_station_detail", args=[own.pk]))
    assert detail.status_code == 200
    assert 'data-testid="activity-count">2<' in detail.content.decode()
    assert client.get(reverse("alliances:family_station_detail", args=[other.pk])).status_code == 404
    assert FamilyStation.objects.count() == 2


def test_the_menu_offers_the_stations_to_community_staff(client):
    world = build_world()
    client.force_login(world.writer)
    body = client.get(reverse("alliances:red_station_list")).content.decode()
    assert reverse("alliances:family_station_list") in body
