"""Demo red stations (红色驿站) and family stations (党员示范活动家庭站点), at the document's figures.

At scale 1 (``scale`` multiplies the stations): 23 red stations made from old police booths, the
first opened in August 2020 in 吉钢社区 with the 12 functions, 3 stationed social organizations
(市爱心家园, 家政协会, 医疗志愿者协会), 21 experts (lawyers, scholars, economists, doctors), 102 volunteers
(in-service members who reported to the community, university students, residents) and 32 service
items; the other stations with fewer. Each holds expert teams, free clinics and aid. Family stations:
8 in 吉钢社区 and 2 in each of four other communities, each with three activities.

Deterministic (its own seeded random generator), idempotent (nothing is added when the city has
red stations) and written in bulk (``jilin_grid.bulk``).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.models import MemberReport
from communities.demo import demo_scale
from communities.models import Community
from jilin_grid.demo import GIVEN_FEMALE, GIVEN_MALE, ROADS, SURNAMES, DemoRun, bulk, cn_number

from .choices import DEFAULT_STATION_FUNCTIONS, ExpertField, StationEventKind, VolunteerKind
from .models import (
    FamilyActivity,
    FamilyStation,
    RedStation,
    StationEvent,
    StationExpert,
    StationFunction,
    StationOrganization,
    StationServiceItem,
    StationVolunteer,
)

SEED = 2020_08_23
STATIONS = 23
FIRST_OPENED = date(2020, 8, 1)
FIRST_COMMUNITY = "吉钢社区"
# The first station's figures (3 organizations, 20+ experts, 100+ volunteers, 30+ service items).
FIRST_ORGANIZATIONS = ("吉林市爱心家园", "吉林市家政协会", "吉林市医疗志愿者协会")
FIRST_EXPERTS = 21
FIRST_VOLUNTEERS = 102
FIRST_ITEMS = 32
FIRST_EVENTS = 12
FAMILY_IN_FIRST_COMMUNITY = 8
FAMILY_OTHER_COMMUNITIES = 4
FAMILY_PER_OTHER_COMMUNITY = 2
ACTIVITIES_PER_FAMILY_STATION = 3

SERVICES = (
    ("法律咨询", "律师"),
    ("政策宣讲", "社区党委"),
    ("健康义诊", "医疗志愿者协会"),
    ("血压测量", "社区医生"),
    ("家政服务对接", "家政协会"),
    ("房屋维修咨询", "装饰协会"),
    ("就业信息发布", "社区工作者"),
    ("创业指导", "经济师"),
    ("心理疏导", "心理咨询师"),
    ("矛盾纠纷调解", "调解员"),
    ("老人代购代办", "在职党员"),
    ("课业辅导", "高校学生"),
    ("便民雨伞借用", "驿站值守人员"),
    ("手机充电", "驿站值守人员"),
    ("饮水休息", "驿站值守人员"),
    ("爱心捐赠", "市爱心家园"),
    ("困难群众帮扶", "社区党委"),
    ("防诈骗宣传", "社区民警"),
    ("理发义剪", "志愿者"),
    ("小家电维修", "志愿者"),
)
SCHEDULES = ("每周一上午", "每周三下午", "每周五全天", "每月第一个周六", "每月15日", "工作日9:00-17:00", "每天")
EXPERT_FIELDS = (ExpertField.LAWYER, ExpertField.SCHOLAR, ExpertField.ECONOMIST, ExpertField.DOCTOR)
EVENTS = (
    (StationEventKind.EXPERT_TEAM, "人才组团进社区"),
    (StationEventKind.FREE_CLINIC, "医疗义诊"),
    (StationEventKind.AID, "扶贫济困送温暖"),
)
FAMILY_FEATURES = ("红色家风宣讲", "邻里互助", "老党员讲党课", "楼栋议事", "青少年红色教育", "文明新风传递")
FAMILY_ACTIVITIES = ("主题党日学习", "楼院议事会", "邻里守望互助", "红色故事分享", "政策宣讲进楼栋")


def _name(rng: random.Random) -> str:
    given = GIVEN_FEMALE if rng.random() < 0.5 else GIVEN_MALE
    return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.randint(1, 2)))


def _communities(scale: int) -> list[Community]:
    """The communities the stations go to: 吉钢社区 first, then spread evenly over the city."""
    communities = list(Community.objects.filter(code__startswith=settings.CITY_CODE, is_active=True).order_by("code"))
    first = [c for c in communities if c.name == FIRST_COMMUNITY][:1] or communities[:1]
    rest = [c for c in communities if c not in first]
    wanted = STATIONS * scale - 1
    step = max(1, len(rest) // max(1, wanted))
    return first + rest[::step][:wanted]


def _reported_members(community: Community) -> list:
    reports = MemberReport.objects.filter(community=community, status=MemberReportStatus.CONFIRMED)
    return list(reports.select_related("member__person").order_by("id").values_list("member", "member__person__name"))


def _build_station(rng, station, functions, *, first: bool, today: date, rows: dict) -> None:
    chosen = functions if first else rng.sample(functions, rng.randint(4, 8))
    rows["functions"].extend(
        RedStation.functions.through(redstation_id=station.pk, stationfunction_id=f.pk) for f in chosen
    )
    items = FIRST_ITEMS if first else rng.randint(3, 6)
    for index in range(items):
        title, provider = SERVICES[index % len(SERVICES)]
        suffix = "" if index < len(SERVICES) else f"（{cn_number(index // len(SERVICES) + 1)}）"
        rows["items"].append(
            StationServiceItem(station=station, title=title + suffix, schedule=rng.choice(SCHEDULES), provider=provider)
        )
    organizations = FIRST_ORGANIZATIONS if first else FIRST_ORGANIZATIONS[: rng.randint(0, 1)]
    rows["organizations"].extend(StationOrganization(station=station, name=name) for name in organizations)
    for index in range(FIRST_EXPERTS if first else rng.randint(1, 3)):
        rows["experts"].append(
            StationExpert(
                station=station,
                name=_name(rng),
                field=EXPERT_FIELDS[index % len(EXPERT_FIELDS)],
                schedule=rng.choice(SCHEDULES),
            )
        )
    members = _reported_members(station.community)
    volunteers = FIRST_VOLUNTEERS if first else rng.randint(5, 10)
    linked = members[: volunteers // 3]
    for member_id, name in linked:
        rows["volunteers"].append(
            StationVolunteer(station=station, kind=VolunteerKind.MEMBER, member_id=member_id, name=name)
        )
    for index in range(volunteers - len(linked)):
        kind = VolunteerKind.STUDENT if index % 3 == 0 else VolunteerKind.RESIDENT
        rows["volunteers"].append(StationVolunteer(station=station, kind=kind, name=_name(rng)))
    span = max(1, (today - station.opened_on).days)
    for index in range(FIRST_EVENTS if first else rng.randint(2, 4)):
        kind, title = EVENTS[index % len(EVENTS)]
        rows["events"].append(
            StationEvent(
                station=station,
                held_on=station.opened_on + timedelta(days=rng.randint(0, span)),
                kind=kind,
                title=title,
                participants=rng.randint(15, 80),
            )
        )


def _build_family_stations(rng, communities: list[Community], scale: int, today: date) -> None:
    first = communities[0]
    others = communities[1 : 1 + FAMILY_OTHER_COMMUNITIES * scale]
    places = [(first, FAMILY_IN_FIRST_COMMUNITY * scale)] + [(c, FAMILY_PER_OTHER_COMMUNITY) for c in others]
    stations = []
    for community, count in places:
        for index in range(count):
            stations.append(
                FamilyStation(
                    community=community,
                    host=_name(rng),
                    place=f"{rng.choice(ROADS)}小区{index + 1}号楼",
                    learning_place=_("The host's living room, with a party-building bookshelf"),
                    activity_carrier=rng.choice(FAMILY_ACTIVITIES),
                    service_feature=rng.choice(FAMILY_FEATURES),
                    opened_on=FIRST_OPENED + timedelta(days=rng.randint(0, 180)),
                )
            )
    bulk(FamilyStation, stations)
    stations = list(FamilyStation.objects.filter(area_code__startswith=settings.CITY_CODE).select_related("community"))
    activities = []
    for station in stations:
        span = max(1, (today - station.opened_on).days)
        for _index in range(ACTIVITIES_PER_FAMILY_STATION):
            activities.append(
                FamilyActivity(
                    station=station,
                    held_on=station.opened_on + timedelta(days=rng.randint(0, span)),
                    title=rng.choice(FAMILY_ACTIVITIES),
                    participants=rng.randint(6, 30),
                )
            )
    bulk(FamilyActivity, activities)


@transaction.atomic
def _build(scale: int, today: date) -> None:
    rng = random.Random(SEED + scale)
    for position, name in enumerate(DEFAULT_STATION_FUNCTIONS, start=1):
        StationFunction.objects.get_or_create(name=name, defaults={"position": position})
    functions = list(StationFunction.objects.filter(is_active=True).order_by("position", "name"))
    communities = _communities(scale)
    stations = []
    for index, community in enumerate(communities):
        opened_on = FIRST_OPENED if index == 0 else FIRST_OPENED + timedelta(days=30 + rng.randint(0, 300))
        stations.append(
            RedStation(
                community=community,
                name=f"{community.name}红色驿站",
                place=f"{rng.choice(ROADS)}{rng.randint(1, 99)}号小区门口",
                former_booth=_("Old police booth at the compound's gate"),
                opened_on=opened_on,
                hours="8:00-20:00" if index == 0 else rng.choice(("8:30-17:30", "9:00-18:00", "8:00-20:00")),
            )
        )
    bulk(RedStation, stations)
    stations = list(
        RedStation.objects.filter(area_code__startswith=settings.CITY_CODE).select_related("community").order_by("id")
    )
    rows: dict[str, list] = {
        key: [] for key in ("functions", "items", "organizations", "experts", "volunteers", "events")
    }
    for index, station in enumerate(stations):
        _build_station(rng, station, functions, first=index == 0, today=today, rows=rows)
    RedStation.functions.through.objects.bulk_create(rows["functions"])
    bulk(StationServiceItem, rows["items"])
    bulk(StationOrganization, rows["organizations"])
    bulk(StationExpert, rows["experts"])
    bulk(StationVolunteer, rows["volunteers"])
    bulk(StationEvent, rows["events"])
    _build_family_stations(rng, communities, scale, today)


def demo_station_figures() -> dict[str, int]:
    city = settings.CITY_CODE
    return {
        "stations": RedStation.objects.filter(area_code__startswith=city).count(),
        "events": StationEvent.objects.filter(area_code__startswith=city).count(),
        "family_stations": FamilyStation.objects.filter(area_code__startswith=city).count(),
    }


def build_demo_stations(scale: int | None = None, stdout: TextIO | None = None, today: date | None = None) -> dict:
    """Add the demo red stations and family stations, unless the city has red stations.

    Answers the figures as the database holds them, with ``created`` (False when nothing was added).
    """
    created = False
    if (
        Community.objects.filter(code__startswith=settings.CITY_CODE).exists()
        and not RedStation.objects.filter(area_code__startswith=settings.CITY_CODE).exists()
    ):
        _build(scale or demo_scale(), today or date.today())
        created = True
    figures = {"created": created, **demo_station_figures()}
    if stdout is not None and created:
        stdout.write(
            _("  Red stations: %(stations)s stations, %(family)s family stations\n")
            % {"stations": figures["stations"], "family": figures["family_stations"]}
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of the red stations and family stations (see ``jilin_grid.demo``)."""
    figures = build_demo_stations(scale=run.content_scale, stdout=run.stdout)
    return [
        (figures["stations"], gettext_lazy("red stations")),
        (figures["events"], gettext_lazy("red station events")),
        (figures["family_stations"], gettext_lazy("family stations")),
    ]
