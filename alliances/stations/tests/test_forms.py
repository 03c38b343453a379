"""The page forms of what belongs to a station (service items, stationed organizations, experts,
volunteers) and of the family stations and their activities: each saves through its service, refuses
beside the field with the input kept (400), is refused to a reading role (403) and costs the same
queries at ten times the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.stations import services
from alliances.stations.choices import ExpertField, VolunteerKind
from alliances.stations.models import FamilyStation
from alliances.tests.factories import InServiceMemberFactory, MemberReportFactory
from alliances.volunteering.models import InServiceMember
from communities.tests.factories import user_with_grant
from jilin_grid.scope import Role
from jilin_grid.testing.views import ViewTestCases, build_world

from .factories import FamilyActivityFactory, FamilyStationFactory, RedStationFactory
from .test_views import fill

pytestmark = pytest.mark.django_db


def page(station) -> str:
    return reverse("alliances:red_station_detail", args=[station.pk])


def family_page(station) -> str:
    return reverse("alliances:family_station_detail", args=[station.pk])


# (URL name, service, valid POST data, what the saved row says) of each form of a red station.
STATION_FORMS = {
    "item": (
        "alliances:red_station_item_create",
        "service_item_add",
        {"title": "法律咨询", "schedule": "每周二上午", "provider": "吉林律师事务所"},
        lambda station: list(station.items.values_list("title", "provider")) == [("法律咨询", "吉林律师事务所")],
    ),
    "organization": (
        "alliances:red_station_organization_create",
        "organization_station",
        {"name": "市爱心家园"},
        lambda station: list(station.organizations.values_list("name", flat=True)) == ["市爱心家园"],
    ),
    "expert": (
        "alliances:red_station_expert_create",
        "expert_engage",
        {"name": "刘教授", "field": ExpertField.SCHOLAR, "schedule": "每月第一个周六"},
        lambda station: list(station.experts.values_list("name", "field")) == [("刘教授", ExpertField.SCHOLAR)],
    ),
    "volunteer": (
        "alliances:red_station_volunteer_create",
        "volunteer_add",
        {"kind": VolunteerKind.STUDENT, "name": "北华大学小王"},
        lambda station: list(station.volunteers.values_list("name", "kind")) == [("北华大学小王", "student")],
    ),
}


def spy(monkeypatch, name: str) -> list:
    """Record the calls of the service ``name`` (the pages look it up when they save)."""
    calls = []
    original = getattr(services, name)

    def recorded(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(services, name, recorded)
    return calls


@pytest.mark.parametrize("form", list(STATION_FORMS))
def test_each_form_of_a_station_saves_through_its_service(client, monkeypatch, form):
    url_name, service, data, saved = STATION_FORMS[form]
    world = build_world()
    station = RedStationFactory(community=world.community)
    calls = spy(monkeypatch, service)
    client.force_login(world.writer)
    body = client.get(page(station)).content.decode()
    url = reverse(url_name, args=[station.pk])
    assert url in body  # offered on the station's page
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == page(station)
    assert len(calls) == 1 and calls[0]["station"] == station
    assert saved(station)


def test_a_family_activity_is_logged_through_its_service(client, monkeypatch):
    world = build_world()
    station = FamilyStationFactory(community=world.community, opened_on=datetime.date(2020, 9, 1))
    calls = spy(monkeypatch, "family_activity_log")
    client.force_login(world.writer)
    url = reverse("alliances:family_station_activity_create", args=[station.pk])
    assert url in client.get(family_page(station)).content.decode()
    response = client.post(url, {"held_on": "2021-04-01", "title": "学习二十大精神", "participants": "15"})
    assert response.status_code == 302
    assert response["Location"] == family_page(station)
    assert len(calls) == 1
    assert list(station.activities.values_list("title", "participants")) == [("学习二十大精神", 15)]


def refused(response, field: str, *kept: str) -> str:
    """The message beside ``field`` of a refused form whose input (``kept``) is shown again."""
    assert response.status_code == 400
    body = response.content.decode()
    assert f'data-field="{field}"' in body
    for value in kept:
        assert value in body
    return response.context["form"].errors[field][0]


def test_a_second_organization_of_the_same_name_is_refused_beside_it(client):
    world = build_world()
    station = RedStationFactory(community=world.community)
    services.organization_station(station=station, name="家政协会")
    client.force_login(world.writer)
    url = reverse("alliances:red_station_organization_create", args=[station.pk])
    message = refused(client.post(url, {"name": "家政协会"}), "name", "家政协会")
    assert "already stationed" in message or "已入驻" in message
    assert station.organizations.count() == 1


def test_an_item_and_an_expert_missing_a_field_are_refused_beside_it(client):
    world = build_world()
    station = RedStationFactory(community=world.community)
    client.force_login(world.writer)
    item = reverse("alliances:red_station_item_create", args=[station.pk])
    refused(client.post(item, {"title": "理发", "schedule": "", "provider": "爱心理发店"}), "schedule", "爱心理发店")
    expert = reverse("alliances:red_station_expert_create", args=[station.pk])
    refused(client.post(expert, {"name": "赵医生", "field": "astrologer", "schedule": "周五"}), "field", "赵医生")
    assert not station.items.exists() and not station.experts.exists()


def test_a_member_who_reported_elsewhere_is_refused_unless_ticked(client):
    world = build_world()
    station = RedStationFactory(community=world.community)
    # A member of the community's area with no open report to it.
    member = InServiceMemberFactory(area_code=world.community.code)
    client.force_login(world.writer)
    url = reverse("alliances:red_station_volunteer_create", args=[station.pk])
    data = {"kind": VolunteerKind.MEMBER, "member": str(member.pk), "name": ""}
    message = refused(client.post(url, data), "member", member.person.name)
    assert "reported" in message or "报到" in message
    assert not station.volunteers.exists()
    assert client.post(url, {**data, "reported_elsewhere": "on"}).status_code == 302
    assert station.volunteers.get().member == member


def test_a_student_without_a_name_is_refused_beside_the_name(client):
    world = build_world()
    station = RedStationFactory(community=world.community)
    client.force_login(world.writer)
    url = reverse("alliances:red_station_volunteer_create", args=[station.pk])
    refused(client.post(url, {"kind": VolunteerKind.STUDENT, "name": " "}), "name")
    assert not station.volunteers.exists()


def test_the_volunteer_form_offers_only_the_members_of_the_users_area(client):
    world = build_world()
    station = RedStationFactory(community=world.community)
    own = MemberReportFactory(community=world.community).member
    outside = MemberReportFactory(community=world.other_community).member
    client.force_login(world.writer)
    url = reverse("alliances:red_station_volunteer_create", args=[station.pk])
    body = client.get(url).content.decode()
    assert own.person.name in body
    assert outside.person.name not in body
    response = client.post(url, {"kind": VolunteerKind.MEMBER, "member": str(outside.pk), "reported_elsewhere": "on"})
    refused(response, "member")
    assert outside.person.name not in response.content.decode()
    assert not station.volunteers.exists()


def test_a_family_activity_before_opening_is_refused_beside_its_day(client):
    world = build_world()
    station = FamilyStationFactory(community=world.community, opened_on=datetime.date(2020, 9, 1))
    client.force_login(world.writer)
    url = reverse("alliances:family_station_activity_create", args=[station.pk])
    message = refused(
        client.post(url, {"held_on": "2020-08-01", "title": "邻里议事会", "participants": "8"}), "held_on", "邻里议事会"
    )
    assert "2020-09-01" in message
    assert not station.activities.exists()


def part_urls(station, family) -> list[str]:
    return [reverse(url_name, args=[station.pk]) for url_name, *_rest in STATION_FORMS.values()] + [
        reverse("alliances:family_station_activity_create", args=[family.pk])
    ]


def test_the_forms_are_refused_to_reading_roles_and_hidden_from_them(client):
    world = build_world()
    station = RedStationFactory(community=world.community)
    family = FamilyStationFactory(community=world.community)
    for user in (world.reader, world.viewer):
        client.force_login(user)
        for url in part_urls(station, family):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"name": "市爱心家园", "title": "x"}).status_code == 403, url
    client.force_login(world.viewer)
    body = client.get(page(station)).content.decode() + client.get(family_page(family)).content.decode()
    for url in part_urls(station, family):
        assert url not in body
    assert not station.organizations.exists() and not family.activities.exists()


def test_the_forms_are_refused_to_a_grid_worker_saying_why(client):
    world = build_world()
    station = RedStationFactory(community=world.community)
    family = FamilyStationFactory(community=world.community)
    client.force_login(user_with_grant(world.grid.code, Role.GRID_WORKER))
    for url in part_urls(station, family):
        # A station is kept by its community, outside a grid worker's area.
        assert client.get(url).status_code == 404, url
    response = client.get(reverse("alliances:family_station_create"))
    assert response.status_code == 403
    assert "grid" in response.content.decode() or "网格" in response.content.decode()


def test_the_forms_outside_the_area_are_not_found(client):
    world = build_world()
    station = RedStationFactory(community=world.community)
    family = FamilyStationFactory(community=world.community)
    client.force_login(world.outsider)
    for url in part_urls(station, family):
        assert client.get(url).status_code == 404, url


def test_the_forms_cost_the_same_queries_at_ten_times_the_data(client, settings):
    settings.PICKER_INLINE_LIMIT = 5
    world = build_world()
    small, large = RedStationFactory(community=world.community), RedStationFactory(community=world.community)
    small_family = FamilyStationFactory(community=world.community)
    large_family = FamilyStationFactory(community=world.community)
    fill(small, 1)
    fill(large, 10)
    FamilyActivityFactory(station=small_family)
    FamilyActivityFactory.create_batch(10, station=large_family)
    client.force_login(world.writer)

    def costs() -> list[tuple[int, int]]:
        counted = []
        for one, ten in zip(part_urls(small, small_family), part_urls(large, large_family), strict=True):
            client.get(one)
            with CaptureQueriesContext(connection) as at_one:
                assert client.get(one).status_code == 200
            with CaptureQueriesContext(connection) as at_ten:
                assert client.get(ten).status_code == 200
            counted.append((len(at_one), len(at_ten)))
        return counted

    inline = costs()  # the area's few members listed in the volunteer form
    assert all(one == ten for one, ten in inline), inline
    # Past the picker's limit the volunteer form lists none of the area's members, and costs the
    # same again at ten times as many.
    for _ in range(6):
        InServiceMemberFactory(area_code=world.community.code)
    searched = costs()
    assert all(one == ten for one, ten in searched), searched
    for _ in range(60):
        InServiceMemberFactory(area_code=world.community.code)
    assert costs() == searched
    body = client.get(reverse("alliances:red_station_volunteer_create", args=[small.pk])).content.decode()
    assert 'data-picker-search="1"' in body
    names = InServiceMember.objects.filter(area_code=world.community.code).values_list("person__name", flat=True)
    assert not [name for name in names if name in body]


class TestFamilyStationCreate(ViewTestCases.CreateViewTests):
    model = FamilyStation
    url_prefix = "alliances:family_station"

    def create_data(self):
        return {
            "community": self.world.community.pk,
            "host": "陈桂兰",
            "place": "吉钢小区9号楼",
            "learning_place": "客厅学习角",
            "activity_carrier": "周末读书会",
            "service_feature": "代收快递",
            "opened_on": "2021-07-01",
        }

    def created(self):
        return FamilyStation.objects.filter(place="吉钢小区9号楼", community=self.world.community)

    def test_the_list_offers_the_form_to_writers_only(self):
        url = reverse("alliances:family_station_create")
        self.client.force_login(self.world.writer)
        assert url in self.client.get(reverse("alliances:family_station_list")).content.decode()
        self.client.force_login(self.world.reader)
        assert url not in self.client.get(reverse("alliances:family_station_list")).content.decode()

    def test_a_missing_opening_day_is_refused_beside_it_with_the_input_kept(self):
        self.client.force_login(self.world.writer)
        response = self.client.post(reverse("alliances:family_station_create"), {**self.create_data(), "opened_on": ""})
        refused(response, "opened_on", "周末读书会", "代收快递")
        assert not self.created().exists()
