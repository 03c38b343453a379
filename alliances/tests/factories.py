"""factory_boy factories of the alliances app."""

import datetime

import factory

from alliances.choices import ActivityKind, MemberUnitKind
from alliances.models import Activity, Alliance, AllianceProblem, MemberUnit, Venue
from communities.tests.factories import PartyOrganizationFactory


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    name = factory.Sequence(lambda n: f"党建联盟{n}")
    lead_organization = factory.SubFactory(PartyOrganizationFactory)
    area_code = factory.LazyAttribute(lambda o: o.lead_organization.area_code)
    founded_on = datetime.date(2020, 3, 1)


class MemberUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberUnit

    alliance = factory.SubFactory(AllianceFactory)
    name = factory.Sequence(lambda n: f"成员单位{n}")
    kind = MemberUnitKind.ENTERPRISE
    contact_name = "联系人"
    contact_phone = factory.Sequence(lambda n: f"137{n % 100000000:08d}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    member = factory.SubFactory(MemberUnitFactory)
    name = factory.Sequence(lambda n: f"活动室{n}")
    address = "松江东路1号"
    opening_hours = "周一至周五 9:00-17:00"
    capacity = 40


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    alliance = factory.SubFactory(AllianceFactory)
    title = factory.Sequence(lambda n: f"联盟活动{n}")
    kind = ActivityKind.VOLUNTEERING
    held_on = datetime.date(2020, 6, 1)
    place = "社区广场"
    participants = 30


class AllianceProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceProblem

    alliance = factory.SubFactory(AllianceFactory)
    title = factory.Sequence(lambda n: f"居民难题{n}")
    description = "小区停车难"
    collected_on = datetime.date(2020, 5, 1)
