"""API of the red stations and family stations: the generated tests per endpoint, then by hand the
actions of a station, their refusals (in Chinese, the default language) and scoping for every role."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from alliances.stations.choices import StationEventKind, VolunteerKind
from alliances.stations.models import FamilyStation, RedStation, StationFunction
from alliances.tests.factories import MemberReportFactory
from alliances.volunteering.tests.test_api import user_of
from communities.tests.factories import CommunityFactory
from grids.tests.factories import GridFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids, schema_response

from .factories import FamilyStationFactory, RedStationFactory


class TestRedStationAPI(APITestCases.ReadWrite):
    model = RedStation
    basename = "red-station"
    # Token, grants, count, rows with their community and counts.
    max_list_queries = 4

    def make_object(self, area):
        return RedStationFactory(community=area.community)

    def create_payload(self, area):
        return {
            "community": area.community.pk,
            "name": "吉钢红色驿站",
            "place": "吉钢小区门口",
            "former_booth": "吉钢警务岗亭",
            "opened_on": "2020-08-01",
            "hours": "8:00-20:00",
        }

    def update_payload(self, obj, area):
        return {"hours": "9:00-18:00"}


class TestFamilyStationAPI(APITestCases.Read, APITestCases.Create, APITestCases.Delete):
    model = FamilyStation
    basename = "family-station"
    # Token, grants, count, rows with their community, their activities.
    max_list_queries = 5

    def make_object(self, area):
        return FamilyStationFactory(community=area.community)

    def create_payload(self, area):
        return {
            "community": area.community.pk,
            "host": "王秀英",
            "place": "吉钢小区3号楼",
            "learning_place": "客厅学习角",
            "activity_carrier": "主题党日",
            "service_feature": "邻里互助",
            "opened_on": "2020-09-01",
        }


@pytest.fixture
def place(db):
    community = CommunityFactory()
    return SimpleNamespace(community=community, grid=GridFactory(community=community))


def action_url(station, name):
    return reverse(f"red-station-{name}", args=[station.pk])


def test_a_station_shows_everything_added_through_its_actions(place):
    station = RedStationFactory(community=place.community)
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    member = MemberReportFactory(community=place.community).member
    sent = [
        ("add-item", {"title": "法律咨询", "schedule": "每周一上午", "provider": "律师"}),
        ("add-organization", {"name": "吉林市爱心家园"}),
        ("add-expert", {"name": "赵教授", "field": "scholar", "schedule": "每月15日"}),
        ("add-volunteer", {"kind": VolunteerKind.MEMBER, "member": member.pk}),
        ("add-volunteer", {"kind": VolunteerKind.STUDENT, "name": "北华大学 刘同学"}),
        (
            "log-event",
            {"held_on": "2021-05-01", "kind": StationEventKind.FREE_CLINIC, "title": "义诊", "participants": 60},
        ),
    ]
    for name, payload in sent:
        response = client.post(action_url(station, name), payload, format="json")
        assert response.status_code == 201, (name, response.data)
    body = client.get(reverse("red-station-detail", args=[station.pk])).data
    assert [item["title"] for item in body["items"]] == ["法律咨询"]
    assert [org["name"] for org in body["organizations"]] == ["吉林市爱心家园"]
    assert [expert["field"] for expert in body["experts"]] == ["scholar"]
    assert {v["name"] for v in body["volunteers"]} == {member.person.name, "北华大学 刘同学"}
    assert [event["participants"] for event in body["events"]] == [60]
    listed = client.get(reverse("red-station-list")).data["results"][0]
    assert (listed["service_items"], listed["experts"], listed["volunteers"]) == (1, 1, 2)


def test_an_event_before_opening_is_refused_beside_its_day_in_chinese(place):
    station = RedStationFactory(community=place.community, opened_on=datetime.date(2020, 8, 1))
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    payload = {"held_on": "2020-07-01", "kind": StationEventKind.AID, "title": "送温暖", "participants": 5}
    response = client.post(action_url(station, "log-event"), payload, format="json")
    assert response.status_code == 400
    assert "2020-08-01" in response.json()["held_on"][0]
    assert station.events.count() == 0


def test_a_member_reported_elsewhere_is_refused_unless_allowed(place):
    station = RedStationFactory(community=place.community)
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    # A member of the caller's area who reported to another community of it.
    other = CommunityFactory(street=place.community.street)
    member = MemberReportFactory(community=other).member
    client_street = api_client(user_of(place, roles.STREET_STAFF, "street"))
    payload = {"kind": VolunteerKind.MEMBER, "member": member.pk}
    response = client_street.post(action_url(station, "add-volunteer"), payload, format="json")
    assert response.status_code == 400
    assert "member" in response.json()
    response = client_street.post(
        action_url(station, "add-volunteer"), {**payload, "reported_elsewhere": True}, format="json"
    )
    assert response.status_code == 201
    # The community's staff cannot name a member outside their community at all.
    response = client.post(action_url(station, "add-volunteer"), payload, format="json")
    assert response.status_code == 400
    assert "无效的主键" in response.json()["member"][0]


@pytest.mark.parametrize(
    ("role", "level", "status"),
    [
        (roles.COMMUNITY_STAFF, "community", 201),
        (roles.STREET_STAFF, "street", 201),
        (roles.DISTRICT_ORG_DEPT, "district", 201),
        (roles.CITY_ORG_DEPT, "city", 201),
        (roles.API_READER, "community", 403),
        (roles.GRID_WORKER, "grid", 404),
    ],
)
def test_who_may_log_an_event(place, role, level, status):
    station = RedStationFactory(community=place.community)
    client = api_client(user_of(place, role, level))
    payload = {"held_on": "2021-01-01", "kind": StationEventKind.AID, "title": "送温暖", "participants": 5}
    response = client.post(action_url(station, "log-event"), payload, format="json")
    assert response.status_code == status, response.data
    assert station.events.count() == (1 if status == 201 else 0)


def test_staff_of_another_community_neither_see_nor_write_a_station(place):
    station = RedStationFactory(community=place.community)
    other = CommunityFactory()
    stranger = api_client(
        user_of(SimpleNamespace(community=other, grid=GridFactory(community=other)), roles.COMMUNITY_STAFF)
    )
    assert station.pk not in result_ids(stranger.get(reverse("red-station-list")))
    payload = {"held_on": "2021-01-01", "kind": StationEventKind.AID, "title": "送温暖", "participants": 5}
    assert stranger.post(action_url(station, "log-event"), payload, format="json").status_code == 404
    response = stranger.patch(reverse("red-station-detail", args=[station.pk]), {"hours": "x"}, format="json")
    assert response.status_code == 404


def test_a_reader_may_not_open_a_station_in_its_community(place):
    client = api_client(user_of(place, roles.API_READER))
    payload = {
        "community": place.community.pk,
        "name": "驿站",
        "place": "门口",
        "opened_on": "2021-01-01",
        "hours": "9-17",
    }
    response = client.post(reverse("red-station-list"), payload, format="json")
    assert response.status_code in (400, 403)
    assert not RedStation.objects.exists()


def test_functions_are_set_by_id(place):
    station = RedStationFactory(community=place.community)
    functions = list(StationFunction.objects.order_by("position")[:2])
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    response = client.patch(
        reverse("red-station-detail", args=[station.pk]), {"functions": [f.pk for f in functions]}, format="json"
    )
    assert response.status_code == 200
    assert response.data["function_names"] == [f.name for f in functions]


def test_family_activity_is_logged_and_refused_before_opening(place):
    station = FamilyStationFactory(community=place.community, opened_on=datetime.date(2020, 9, 1))
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    url = reverse("family-station-log-activity", args=[station.pk])
    refused = client.post(url, {"held_on": "2020-08-01", "title": "学习", "participants": 8}, format="json")
    assert refused.status_code == 400
    assert "held_on" in refused.json()
    assert (
        client.post(url, {"held_on": "2020-09-05", "title": "学习", "participants": 8}, format="json").status_code
        == 201
    )
    assert client.get(reverse("family-station-detail", args=[station.pk])).data["activities"][0]["participants"] == 8


def test_schema_documents_the_endpoints(db):
    body = schema_response().content.decode()
    for path in (
        "/api/red-stations/",
        "/api/red-stations/{id}/log-event/",
        "/api/red-stations/{id}/add-volunteer/",
        "/api/family-stations/{id}/log-activity/",
        "/api/stats/stations/",
    ):
        assert path in body
