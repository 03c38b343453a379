"""Factories of red-heart property."""

import datetime

import factory

from communities.tests.factories import CommunityFactory
from grids.tests.factories import CompoundFactory

from ..choices import AppointmentDirection, ManagementMode, Party
from ..models import CompoundMode, CrossAppointment, DeliberationMeeting, FeeCollection, PropertyCompany, Resolution


class PropertyCompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PropertyCompany

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"{n}号物业服务有限公司")


class CompoundModeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompoundMode

    compound = factory.SubFactory(CompoundFactory)
    mode = ManagementMode.THREE_PARTY
    since = datetime.date(2020, 1, 1)
    company = factory.LazyAttribute(lambda o: PropertyCompanyFactory(community=o.compound.community))


class CrossAppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrossAppointment

    company = factory.SubFactory(PropertyCompanyFactory)
    person_name = factory.Sequence(lambda n: f"张{n}")
    direction = AppointmentDirection.COMMUNITY_TO_COMPANY
    post = "物业公司党支部副书记"
    started_on = datetime.date(2020, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliberationMeeting

    community = factory.SubFactory(CommunityFactory)
    held_on = datetime.date(2020, 3, 10)
    topics = "小区停车秩序整治"
    residents_committee_attendees = 3
    property_company_attendees = 2
    owners_committee_attendees = 4


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    meeting = factory.SubFactory(MeetingFactory)
    text = "物业公司划定停车位"
    party = Party.PROPERTY_COMPANY
    deadline = datetime.date(2020, 4, 10)


class FeeCollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeCollection

    compound = factory.SubFactory(CompoundFactory)
    month = datetime.date(2020, 1, 1)
    households_billed = 100
    households_paid = 80
