"""Factories of the red stations and the family stations."""

import datetime

import factory

from communities.tests.factories import CommunityFactory

from ..choices import ExpertField, StationEventKind, VolunteerKind
from ..models import (
    FamilyActivity,
    FamilyStation,
    RedStation,
    StationEvent,
    StationExpert,
    StationServiceItem,
    StationVolunteer,
)


class RedStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RedStation

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"{n}号红色驿站")
    place = "松江东路12号小区门口"
    former_booth = "松江东路警务岗亭"
    opened_on = datetime.date(2020, 8, 1)
    hours = "8:00-20:00"


class ServiceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StationServiceItem

    station = factory.SubFactory(RedStationFactory)
    title = "法律咨询"
    schedule = "每周一上午"
    provider = "律师"


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StationExpert

    station = factory.SubFactory(RedStationFactory)
    name = "张律师"
    field = ExpertField.LAWYER
    schedule = "每周三下午"


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StationVolunteer

    station = factory.SubFactory(RedStationFactory)
    kind = VolunteerKind.RESIDENT
    name = "李大姐"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StationEvent

    station = factory.SubFactory(RedStationFactory)
    held_on = datetime.date(2021, 5, 1)
    kind = StationEventKind.FREE_CLINIC
    title = "医疗义诊"
    participants = 40


class FamilyStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyStation

    community = factory.SubFactory(CommunityFactory)
    host = "王秀英"
    place = factory.Sequence(lambda n: f"吉钢小区{n}号楼")
    learning_place = "客厅学习角"
    activity_carrier = "主题党日"
    service_feature = "邻里互助"
    opened_on = datetime.date(2020, 9, 1)


class FamilyActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyActivity

    station = factory.SubFactory(FamilyStationFactory)
    held_on = datetime.date(2021, 3, 1)
    title = "主题党日学习"
    participants = 12
