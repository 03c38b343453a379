"""Writes of the red stations and family stations: the rules of their records."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from alliances.stations import services
from alliances.stations.choices import StationEventKind, VolunteerKind
from alliances.stations.models import StationFunction
from alliances.tests.factories import InServiceMemberFactory, MemberReportFactory
from alliances.volunteering.choices import MemberReportStatus
from communities.tests.factories import CommunityFactory

from .factories import EventFactory, FamilyStationFactory, RedStationFactory

pytestmark = pytest.mark.django_db


def test_station_add_sets_its_area_and_functions():
    community = CommunityFactory()
    functions = list(StationFunction.objects.all()[:3])
    station = services.station_add(
        community=community,
        name="吉钢红色驿站",
        place="吉钢小区门口",
        opened_on=datetime.date(2020, 8, 1),
        hours="8:00-20:00",
        former_booth="吉钢警务岗亭",
        functions=functions,
    )
    assert station.area_code == community.code
    assert set(station.functions.all()) == set(functions)
    with pytest.raises(ValidationError) as error:
        services.station_add(
            community=community, name="吉钢红色驿站", place="x", opened_on=datetime.date(2021, 1, 1), hours="9-17"
        )
    assert "name" in error.value.message_dict


def test_a_retired_function_is_refused():
    function = StationFunction.objects.create(name="已撤销功能", is_active=False)
    with pytest.raises(ValidationError) as error:
        services.station_update(station=RedStationFactory(), functions=[function])
    assert "functions" in error.value.message_dict


def test_an_event_before_the_station_opened_is_refused():
    station = RedStationFactory(opened_on=datetime.date(2020, 8, 1))
    with pytest.raises(ValidationError) as error:
        services.station_event_log(
            station=station,
            held_on=datetime.date(2020, 7, 31),
            kind=StationEventKind.AID,
            title="送温暖",
            participants=5,
        )
    assert "2020-08-01" in error.value.message_dict["held_on"][0]
    event = services.station_event_log(
        station=station, held_on=datetime.date(2020, 8, 1), kind=StationEventKind.AID, title="送温暖", participants=5
    )
    assert event.area_code == station.area_code


def test_the_opening_day_cannot_move_after_the_first_event():
    event = EventFactory(held_on=datetime.date(2020, 9, 1))
    with pytest.raises(ValidationError) as error:
        services.station_update(station=event.station, opened_on=datetime.date(2020, 10, 1))
    assert "opened_on" in error.value.message_dict
    services.station_update(station=event.station, opened_on=datetime.date(2020, 9, 1))


def test_a_closed_station_takes_no_event():
    station = services.station_retire(station=RedStationFactory())
    with pytest.raises(ValidationError):
        services.station_event_log(
            station=station, held_on=datetime.date(2021, 1, 1), kind=StationEventKind.AID, title="x", participants=1
        )


def test_a_member_volunteer_must_have_reported_to_the_community_or_be_clearly_allowed():
    station = RedStationFactory()
    elsewhere = MemberReportFactory().member
    with pytest.raises(ValidationError) as error:
        services.volunteer_add(station=station, kind=VolunteerKind.MEMBER, member=elsewhere)
    assert "member" in error.value.message_dict
    linked = services.volunteer_add(
        station=station, kind=VolunteerKind.MEMBER, member=elsewhere, reported_elsewhere=True
    )
    assert linked.name == elsewhere.person.name

    here = MemberReportFactory(community=station.community).member
    volunteer = services.volunteer_add(station=station, kind=VolunteerKind.MEMBER, member=here)
    assert (volunteer.member, volunteer.area_code) == (here, station.area_code)
    with pytest.raises(ValidationError):
        services.volunteer_add(station=station, kind=VolunteerKind.MEMBER, member=here)


def test_an_ended_report_does_not_count_as_reported():
    station = RedStationFactory()
    report = MemberReportFactory(
        community=station.community, status=MemberReportStatus.ENDED, ended_on=datetime.date(2021, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.volunteer_add(station=station, kind=VolunteerKind.MEMBER, member=report.member)


def test_only_members_are_linked_and_others_need_a_name():
    station = RedStationFactory()
    with pytest.raises(ValidationError) as error:
        services.volunteer_add(station=station, kind=VolunteerKind.STUDENT, member=InServiceMemberFactory())
    assert "member" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.volunteer_add(station=station, kind=VolunteerKind.STUDENT, name="  ")
    assert "name" in error.value.message_dict
    assert services.volunteer_add(station=station, kind=VolunteerKind.STUDENT, name="北华大学 刘同学").member is None


def test_organizations_are_stationed_once():
    station = RedStationFactory()
    services.organization_station(station=station, name="吉林市爱心家园")
    with pytest.raises(ValidationError):
        services.organization_station(station=station, name="吉林市爱心家园")


def test_a_family_activity_not_before_the_station_opened():
    station = FamilyStationFactory(opened_on=datetime.date(2020, 9, 1))
    with pytest.raises(ValidationError) as error:
        services.family_activity_log(station=station, held_on=datetime.date(2020, 8, 1), title="学习", participants=8)
    assert "held_on" in error.value.message_dict
    activity = services.family_activity_log(
        station=station, held_on=datetime.date(2020, 9, 2), title="学习", participants=8
    )
    assert activity.area_code == station.area_code
