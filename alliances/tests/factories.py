"""factory_boy factories of the alliances app."""

import datetime

import factory

from alliances.cadres.models import CadreAssignment, Checkpoint, Department
from alliances.loop.choices import ActivityKind, MemberUnitKind
from alliances.loop.models import Activity, Alliance, AllianceProblem, MemberUnit, Venue
from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.models import (
    InServiceMember,
    MemberImportJob,
    MemberReport,
    PostClaim,
    ServiceKind,
    ServicePost,
    ServiceRecord,
)
from communities.choices import HostUnitKind
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, PersonFactory


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


# In-service members and volunteer service.


def service_kind(name: str = "政策宣传") -> ServiceKind:
    """One of the service kinds the migration adds (or a new one)."""
    return ServiceKind.objects.get_or_create(name=name)[0]


class UnitOrganizationFactory(PartyOrganizationFactory):
    """The party organization of a work unit (a city agency by default)."""

    name = factory.Sequence(lambda n: f"测试局{n}机关党支部")
    area_code = "2202"
    host_unit_kind = HostUnitKind.AGENCY
    host_unit_name = factory.Sequence(lambda n: f"测试局{n}")


class InServiceMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InServiceMember

    person = factory.SubFactory(PersonFactory, is_party_member=True)
    organization = factory.SubFactory(UnitOrganizationFactory)
    unit_name = factory.LazyAttribute(lambda o: o.organization.host_unit_name)
    skills = "政策宣讲"
    availability = "周末"
    area_code = factory.LazyAttribute(lambda o: o.person.area_code)


class MemberReportFactory(factory.django.DjangoModelFactory):
    """A confirmed report of a member to a community (the member's own community by default)."""

    class Meta:
        model = MemberReport

    community = factory.SubFactory(CommunityFactory)
    member = factory.SubFactory(InServiceMemberFactory, area_code=factory.SelfAttribute("..community.code"))
    reported_on = datetime.date(2020, 3, 1)
    status = MemberReportStatus.CONFIRMED
    confirmed_on = datetime.date(2020, 3, 2)


class MemberImportJobFactory(factory.django.DjangoModelFactory):
    """A large member import of a community, waiting for the worker."""

    class Meta:
        model = MemberImportJob

    area_code = factory.LazyFunction(lambda: CommunityFactory().code)
    file_name = "members.xlsx"
    rows_total = 301


class ServicePostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePost

    community = factory.SubFactory(CommunityFactory)
    kind = factory.LazyFunction(service_kind)
    title = factory.Sequence(lambda n: f"服务岗位{n}")
    description = "入户宣传惠民政策"
    place = "社区党群服务中心"
    schedule = "每周六上午"
    places = 5
    published_on = datetime.date(2020, 3, 1)


class PostClaimFactory(factory.django.DjangoModelFactory):
    """A claim; keep ``post.claimed`` in step yourself, or use ``services.post_claim``."""

    class Meta:
        model = PostClaim

    report = factory.SubFactory(MemberReportFactory)
    member = factory.SelfAttribute("report.member")
    post = factory.SubFactory(ServicePostFactory, community=factory.SelfAttribute("..report.community"))
    claimed_on = datetime.date(2020, 3, 5)


class ServiceRecordFactory(factory.django.DjangoModelFactory):
    """Unverified service on a post; pass ``verified_at`` to have it count."""

    class Meta:
        model = ServiceRecord

    report = factory.SubFactory(MemberReportFactory)
    member = factory.SelfAttribute("report.member")
    post = factory.SubFactory(ServicePostFactory, community=factory.SelfAttribute("..report.community"))
    kind = factory.SelfAttribute("post.kind")
    served_on = datetime.date(2020, 4, 1)
    hours = 2
    person_times = 1


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"市测试局{n}")
    area_code = "2202"


class CheckpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Checkpoint

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"{n}号卡点")
    address = "松江东路路口"


class CadreAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CadreAssignment

    cadre = factory.SubFactory(PersonFactory, area_code="2202")
    department = factory.SubFactory(DepartmentFactory)
    community = factory.SubFactory(CommunityFactory)
    duty = "卡点值守"
    start_on = datetime.date(2020, 2, 1)
