"""Demo red-heart property (红心物业), at the document's figures.

At scale 1 (``scale`` multiplies the pilots): red-heart property piloted in 48 communities, among them
绿地·筑石红社区, whose compounds were served by 绿地物业服务有限公司 until the three-party linkage
(三方联动: residents' committee, property company, owners' committee) began on 2020-01-01: its
property-fee collection rate is about 70 % each month of 2019 (70 % over the year) and about 97 % each
month of 2020 (97 % over the year). Its joint activities (100+, 20,000+ participant-times) are those
of its party-building alliance (``alliances.loop.demo``). The other pilots run embedded management,
three-party or three-society linkage; five compounds (× scale) are abandoned (弃管) and governed by
consultation councils (协商理事会). Every pilot has its company, a cross-appointment or two, owners'
committees, deliberation meetings with resolutions (some done, some overdue) and a year of fees.

Deterministic (its own seeded random generator), idempotent (nothing is added when the city has
management modes) and written in bulk (``jilin_grid.bulk``), after the residents' problems it links to.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.choices import HostUnitKind
from communities.demo import demo_scale
from communities.models import Community, PartyOrganization
from grids.network.models import ResidentialCompound
from grids.problems.models import ResidentProblem
from jilin_grid.demo import GIVEN_FEMALE, GIVEN_MALE, SURNAMES, DemoRun, bulk
from jilin_grid.scope import prefix_q

from .choices import AppointmentDirection, ManagementMode, Party
from .models import (
    CompoundMode,
    CouncilMember,
    CrossAppointment,
    DeliberationMeeting,
    FeeCollection,
    OwnersCommittee,
    OwnersCommitteeMember,
    PropertyCompany,
    Resolution,
)

SEED = 2020_10_01
PILOTS = 48
ABANDONED = 5
SHOWCASE = "绿地·筑石红社区"
SHOWCASE_COMPANY = "绿地物业服务有限公司"
SHOWCASE_SINCE = date(2019, 1, 1)
SHOWCASE_CHANGE = date(2020, 1, 1)
# The showcase's monthly rates, alternating around the year's rate: 70 % in 2019, 97 % in 2020.
RATES_BEFORE = (69, 71)
RATES_AFTER = (96, 98)
SHOWCASE_MEETINGS = 12
YEAR = 2020
RED_HEART = (ManagementMode.EMBEDDED, ManagementMode.THREE_PARTY, ManagementMode.THREE_SOCIETY)
TOPICS = (
    "小区停车秩序整治",
    "楼道堆物清理",
    "物业费收缴与服务提升",
    "老旧小区改造方案征求意见",
    "电梯维保与更新",
    "垃圾分类投放点设置",
    "绿化补植与环境整治",
    "屋面防水维修",
)
RESOLUTIONS = (
    (Party.PROPERTY_COMPANY, "物业公司落实整改并公示"),
    (Party.RESIDENTS_COMMITTEE, "居委会牵头协调相关部门"),
    (Party.OWNERS_COMMITTEE, "业委会征求业主意见并反馈"),
)
COMMITTEE_POSTS = ("主任", "副主任", "委员", "委员", "委员")
COUNCIL_POSTS = ("理事长", "副理事长", "理事", "理事", "理事")


def _name(rng: random.Random) -> str:
    given = GIVEN_FEMALE if rng.random() < 0.5 else GIVEN_MALE
    return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.randint(1, 2)))


def _months(start: date, count: int) -> list[date]:
    months, month = [], start
    for _index in range(count):
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _pilots(scale: int) -> list[Community]:
    """The pilot communities (with compounds): 绿地·筑石红社区 first, then spread evenly over the city."""
    communities = list(
        Community.objects.filter(code__startswith=settings.CITY_CODE, is_active=True, compounds__isnull=False)
        .distinct()
        .order_by("code")
    )
    first = [c for c in communities if c.name == SHOWCASE][:1] or communities[:1]
    rest = [c for c in communities if c not in first]
    wanted = PILOTS * scale - len(first)
    step = max(1, len(rest) // max(1, wanted))
    return first + rest[::step][:wanted]


def _paid(billed: int, rate: int) -> int:
    return billed * rate // 100


class Builder:
    """Collects the rows of every pilot and writes them table by table."""

    def __init__(self, rng: random.Random, scale: int):
        self.rng = rng
        self.scale = scale
        self.rows: dict[str, list] = {
            key: [] for key in ("modes", "fees", "appointments", "committees", "meetings", "resolutions")
        }
        self.council_members: list[tuple[CompoundMode, list]] = []
        self.committee_members: list[tuple[OwnersCommittee, list]] = []
        self.meeting_problems: list[tuple[DeliberationMeeting, list[int]]] = []
        self.meeting_resolutions: list[tuple[DeliberationMeeting, list[Resolution]]] = []

    def companies(self, pilots) -> dict[int, PropertyCompany]:
        organizations = {}
        for organization in PartyOrganization.objects.filter(
            area_code__in=[c.code for c in pilots], host_unit_kind=HostUnitKind.PROPERTY_COMPANY
        ).order_by("id"):
            organizations.setdefault(organization.area_code, organization)
        companies = []
        for community in pilots:
            name = (
                SHOWCASE_COMPANY
                if community.name == SHOWCASE
                else f"{community.name.removesuffix('社区')}物业服务有限公司"
            )
            companies.append(
                PropertyCompany(community=community, name=name, party_organization=organizations.get(community.code))
            )
        bulk(PropertyCompany, companies)
        return {company.community_id: company for company in companies}

    def showcase(self, community, compounds, company) -> None:
        for compound in compounds:
            self.rows["modes"].append(
                CompoundMode(compound=compound, mode=ManagementMode.COMPANY, since=SHOWCASE_SINCE, company=company)
            )
            self.rows["modes"].append(
                CompoundMode(
                    compound=compound,
                    mode=ManagementMode.THREE_PARTY,
                    since=SHOWCASE_CHANGE,
                    company=company,
                    note="居委会、物业公司、业委会三方联动",
                )
            )
            billed = self.rng.randint(3, 9) * 100
            for index, month in enumerate(_months(SHOWCASE_SINCE, 24)):
                rates = RATES_BEFORE if month < SHOWCASE_CHANGE else RATES_AFTER
                self.rows["fees"].append(
                    FeeCollection(
                        compound=compound,
                        month=month,
                        households_billed=billed,
                        households_paid=_paid(billed, rates[index % 2]),
                    )
                )
            self.committee(compound, date(2019, 6, 1))
        self.meetings(community, compounds, SHOWCASE_MEETINGS)
        self.appointments(company, 2)

    def pilot(self, community, compounds, company, abandoned: set[int]) -> None:
        for compound in compounds:
            if compound.pk in abandoned:
                mode = CompoundMode(
                    compound=compound,
                    mode=ManagementMode.ABANDONED,
                    since=date(YEAR - 1, self.rng.randint(1, 12), 1),
                    council_name=f"{compound.name}协商理事会",
                    note="弃管小区居民自治",
                )
                self.rows["modes"].append(mode)
                self.council_members.append((mode, [(_name(self.rng), post) for post in COUNCIL_POSTS]))
                continue
            since = date(YEAR - 2, self.rng.randint(1, 12), 1)
            if self.rng.random() < 0.5:
                self.rows["modes"].append(
                    CompoundMode(compound=compound, mode=ManagementMode.COMPANY, since=since, company=company)
                )
                since = date(YEAR - 1, self.rng.randint(1, 12), 1)
            mode = self.rng.choice(RED_HEART)
            self.rows["modes"].append(
                CompoundMode(
                    compound=compound,
                    mode=mode,
                    since=since,
                    company=None if mode == ManagementMode.THREE_SOCIETY else company,
                )
            )
            billed = self.rng.randint(2, 8) * 100
            for month in _months(date(YEAR, 1, 1), 12):
                rate = self.rng.randint(75, 95)
                self.rows["fees"].append(
                    FeeCollection(
                        compound=compound, month=month, households_billed=billed, households_paid=_paid(billed, rate)
                    )
                )
            if mode == ManagementMode.THREE_PARTY:
                self.committee(compound, date(YEAR - 1, self.rng.randint(1, 12), 1))
        self.meetings(community, compounds, 2)
        self.appointments(company, self.rng.randint(1, 2))

    def committee(self, compound, start: date) -> None:
        committee = OwnersCommittee(compound=compound, term_start=start, term_end=start.replace(year=start.year + 5))
        self.rows["committees"].append(committee)
        self.committee_members.append((committee, [(_name(self.rng), post) for post in COMMITTEE_POSTS]))

    def appointments(self, company, count: int) -> None:
        posts = (
            (AppointmentDirection.COMMUNITY_TO_COMPANY, "物业公司党支部副书记"),
            (AppointmentDirection.COMPANY_TO_COMMUNITY, "社区党委兼职委员"),
        )
        for direction, post in posts[:count]:
            self.rows["appointments"].append(
                CrossAppointment(
                    company=company,
                    person_name=_name(self.rng),
                    direction=direction,
                    post=post,
                    started_on=date(YEAR - 1, self.rng.randint(1, 12), 1),
                )
            )

    def meetings(self, community, compounds, count: int) -> None:
        problems = list(
            # A range on the area code, which its index answers (a LIKE would read every problem).
            ResidentProblem.objects.filter(prefix_q("area_code", community.code))
            .order_by("id")
            .values_list("pk", flat=True)[:count]
        )
        for index in range(count):
            held_on = date(YEAR, 1 + index % 12, self.rng.randint(5, 25))
            meeting = DeliberationMeeting(
                community=community,
                compound=self.rng.choice(compounds) if compounds else None,
                held_on=held_on,
                topics=self.rng.choice(TOPICS),
                residents_committee_attendees=self.rng.randint(2, 4),
                property_company_attendees=self.rng.randint(1, 3),
                owners_committee_attendees=self.rng.randint(2, 5),
            )
            self.rows["meetings"].append(meeting)
            if index < len(problems):
                self.meeting_problems.append((meeting, [problems[index]]))
            resolutions = []
            for party, text in self.rng.sample(RESOLUTIONS, self.rng.randint(1, 3)):
                deadline = held_on + timedelta(days=self.rng.randint(15, 45))
                fate = self.rng.random()
                done_on = None
                if fate < 0.6:
                    done_on = held_on + timedelta(days=self.rng.randint(5, 14))
                elif fate < 0.75:
                    done_on = deadline + timedelta(days=self.rng.randint(3, 20))
                resolutions.append(
                    Resolution(
                        text=text,
                        party=party,
                        deadline=deadline,
                        done_on=done_on,
                        outcome="已落实并向居民公示" if done_on else "",
                    )
                )
            self.meeting_resolutions.append((meeting, resolutions))

    def write(self) -> None:
        bulk(CompoundMode, self.rows["modes"])
        CouncilMember.objects.bulk_create(
            [CouncilMember(compound_mode=m, name=n, post=p) for m, members in self.council_members for n, p in members]
        )
        bulk(FeeCollection, self.rows["fees"])
        bulk(OwnersCommittee, self.rows["committees"])
        OwnersCommitteeMember.objects.bulk_create(
            [
                OwnersCommitteeMember(committee=c, name=n, post=p)
                for c, members in self.committee_members
                for n, p in members
            ]
        )
        bulk(CrossAppointment, self.rows["appointments"])
        bulk(DeliberationMeeting, self.rows["meetings"])
        resolutions = []
        for meeting, rows in self.meeting_resolutions:
            for resolution in rows:
                resolution.meeting = meeting
                resolutions.append(resolution)
        bulk(Resolution, resolutions)
        Through = DeliberationMeeting.problems.through
        Through.objects.bulk_create(
            [
                Through(deliberationmeeting_id=m.pk, residentproblem_id=p)
                for m, problems in self.meeting_problems
                for p in problems
            ]
        )


@transaction.atomic
def _build(scale: int) -> None:
    rng = random.Random(SEED + scale)
    pilots = _pilots(scale)
    compounds_of: dict[int, list] = {c.pk: [] for c in pilots}
    for compound in ResidentialCompound.objects.filter(community__in=pilots).order_by("community_id", "name"):
        compounds_of[compound.community_id].append(compound)
    builder = Builder(rng, scale)
    companies = builder.companies(pilots)
    others = [c for c in pilots if c.name != SHOWCASE]
    # Abandoned compounds: the second compound of pilots spread over the list (a pilot keeps a
    # red-heart compound besides).
    candidates = [compounds_of[c.pk][1] for c in others if len(compounds_of[c.pk]) > 1]
    step = max(1, len(candidates) // max(1, ABANDONED * scale))
    abandoned = {compound.pk for compound in candidates[::step][: ABANDONED * scale]}
    for community in pilots:
        compounds = compounds_of[community.pk]
        if community.name == SHOWCASE:
            builder.showcase(community, compounds, companies[community.pk])
        else:
            builder.pilot(community, compounds, companies[community.pk], abandoned)
    builder.write()


def demo_property_figures() -> dict[str, int]:
    city = settings.CITY_CODE
    return {
        "pilots": CompoundMode.objects.filter(area_code__startswith=city).values("area_code").distinct().count(),
        "meetings": DeliberationMeeting.objects.filter(area_code__startswith=city).count(),
        "fee_collections": FeeCollection.objects.filter(area_code__startswith=city).count(),
    }


def build_demo_property(scale: int | None = None, stdout: TextIO | None = None) -> dict:
    """Add the demo red-heart property, unless the city has management modes.

    Answers the figures as the database holds them, with ``created`` (False when nothing was added).
    """
    created = False
    if (
        Community.objects.filter(code__startswith=settings.CITY_CODE).exists()
        and not CompoundMode.objects.filter(area_code__startswith=settings.CITY_CODE).exists()
    ):
        _build(scale or demo_scale())
        created = True
    figures = {"created": created, **demo_property_figures()}
    if stdout is not None and created:
        stdout.write(
            _("  Red-heart property: %(pilots)s pilot communities, %(meetings)s meetings\n")
            % {"pilots": figures["pilots"], "meetings": figures["meetings"]}
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of red-heart property (see ``jilin_grid.demo``)."""
    figures = build_demo_property(scale=run.content_scale, stdout=run.stdout)
    return [
        (figures["pilots"], gettext_lazy("red-heart property pilot communities")),
        (figures["meetings"], gettext_lazy("residents' deliberation meetings")),
        (figures["fee_collections"], gettext_lazy("monthly property fee collections")),
    ]
