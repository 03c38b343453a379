"""Demo cadres sunk to communities and checkpoints (机关党员干部下沉), at the document's figures.

At scale 1 (``scale`` multiplies every figure): 72 city and district departments (机关部门) sending
3,432 cadres to exactly 95 communities and their 190 checkpoints (卡点), each assignment in force for
two months and covered around the clock: each checkpoint's three 8-hour shifts of every day, to the
end of next week, taken by its cadres in turn.

The departments (市财政局, 市住建局, 船营区教育局, ...) have their party organizations (in agencies)
and, with a score of enterprises and public institutions (国网吉林供电公司, 吉林化纤集团, 吉林市中心医院,
北华大学, ...), are the employers of the in-service members the volunteering builder adds next.

Deterministic for a given day (its own seeded random generator; dates count back from today),
idempotent (the departments are added only when the city has none) and written in bulk
(``jilin_grid.bulk``). The cadres' phone numbers are taken from 199 0800 0000 upwards, a block of the
demo city's own series far above the numbers its people use.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.choices import HostUnitKind, PartyOrganizationKind
from communities.demo import People, check_phone_block, demo_scale
from communities.models import Community, District, PartyOrganization, Person
from grids.network.models import Grid, ResidentialCompound
from jilin_grid.demo import ROADS, DemoRun, bulk, cn_number, split

from .models import CadreAssignment, Checkpoint, Department, DutyShift

# The volunteering builder's seed: the departments were built with it before they had a builder of their own.
SEED = 18_000_44_526

DEPARTMENTS = 72
CADRES = 3_432
SINKING_COMMUNITIES = 95
CHECKPOINTS_PER_COMMUNITY = 2
CITY_DEPARTMENT_SHARE = 40  # of the 72 departments, those of the city (the rest: districts')
CADRE_PHONE_START = 8_000_000
DUTY_DAYS = 60  # how long the sunk cadres' assignments last
SHIFT_HOURS = 8

# City departments (short name, the unit's full name).
CITY_DEPARTMENTS = (
    ("市财政局", "吉林市财政局"),
    ("市住建局", "吉林市住房和城乡建设局"),
    ("市教育局", "吉林市教育局"),
    ("市民政局", "吉林市民政局"),
    ("市卫健委", "吉林市卫生健康委员会"),
    ("市人社局", "吉林市人力资源和社会保障局"),
    ("市发改委", "吉林市发展和改革委员会"),
    ("市公安局", "吉林市公安局"),
    ("市司法局", "吉林市司法局"),
    ("市自然资源局", "吉林市自然资源局"),
    ("市生态环境局", "吉林市生态环境局"),
    ("市交通运输局", "吉林市交通运输局"),
    ("市水利局", "吉林市水利局"),
    ("市农业农村局", "吉林市农业农村局"),
    ("市商务局", "吉林市商务局"),
    ("市文广旅局", "吉林市文化广播电视和旅游局"),
    ("市科技局", "吉林市科学技术局"),
    ("市工信局", "吉林市工业和信息化局"),
    ("市退役军人事务局", "吉林市退役军人事务局"),
    ("市应急管理局", "吉林市应急管理局"),
    ("市审计局", "吉林市审计局"),
    ("市国资委", "吉林市人民政府国有资产监督管理委员会"),
    ("市市场监管局", "吉林市市场监督管理局"),
    ("市统计局", "吉林市统计局"),
    ("市医保局", "吉林市医疗保障局"),
    ("市林业局", "吉林市林业局"),
    ("市城管执法局", "吉林市城市管理行政执法局"),
    ("市政数局", "吉林市政务服务和数字化建设管理局"),
    ("市信访局", "吉林市信访局"),
    ("市机关事务管理局", "吉林市机关事务管理局"),
    ("市体育局", "吉林市体育局"),
    ("市粮食和物资储备局", "吉林市粮食和物资储备局"),
    ("市住房公积金管理中心", "吉林市住房公积金管理中心"),
    ("市税务局", "国家税务总局吉林市税务局"),
    ("市委组织部", "中共吉林市委组织部"),
    ("市委宣传部", "中共吉林市委宣传部"),
    ("市委统战部", "中共吉林市委统战部"),
    ("市委政法委", "中共吉林市委政法委员会"),
    ("市纪委监委", "吉林市纪委监委"),
    ("市总工会", "吉林市总工会"),
    ("团市委", "共青团吉林市委员会"),
    ("市妇联", "吉林市妇女联合会"),
    ("市残联", "吉林市残疾人联合会"),
    ("市科协", "吉林市科学技术协会"),
    ("市工商联", "吉林市工商业联合会"),
)
# Departments every district and county has (the district's name comes first: 船营区教育局).
DISTRICT_DEPARTMENTS = (
    "教育局",
    "民政局",
    "卫生健康局",
    "住房和城乡建设局",
    "财政局",
    "人力资源和社会保障局",
    "城市管理行政执法局",
    "司法局",
    "市场监督管理局",
    "应急管理局",
    "农业农村局",
    "文化广播电视和旅游局",
    "发展和改革局",
    "审计局",
    "统计局",
    "医疗保障局",
    "退役军人事务局",
    "信访局",
    "机关事务服务中心",
)
# Enterprises and public institutions of the city whose party members serve in their communities:
# (unit, where it sits, how many of the members work there, relatively).
EMPLOYERS = (
    ("中国石油吉林石化公司", HostUnitKind.ENTERPRISE, 6),
    ("吉林化纤集团有限责任公司", HostUnitKind.ENTERPRISE, 5),
    ("国网吉林供电公司", HostUnitKind.ENTERPRISE, 4),
    ("吉林碳谷碳纤维股份有限公司", HostUnitKind.ENTERPRISE, 2),
    ("吉林市公共交通集团有限公司", HostUnitKind.ENTERPRISE, 2),
    ("吉林市水务集团有限公司", HostUnitKind.ENTERPRISE, 1.5),
    ("吉林市热力集团有限公司", HostUnitKind.ENTERPRISE, 1.5),
    ("中国移动吉林市分公司", HostUnitKind.ENTERPRISE, 1.5),
    ("吉林银行吉林分行", HostUnitKind.ENTERPRISE, 1.5),
    ("中国邮政集团有限公司吉林市分公司", HostUnitKind.ENTERPRISE, 1.5),
    ("北华大学", HostUnitKind.INSTITUTION, 4),
    ("吉林化工学院", HostUnitKind.INSTITUTION, 2.5),
    ("吉林医药学院", HostUnitKind.INSTITUTION, 2),
    ("吉林农业科技学院", HostUnitKind.INSTITUTION, 1.5),
    ("吉林市中心医院", HostUnitKind.INSTITUTION, 3),
    ("吉林市人民医院", HostUnitKind.INSTITUTION, 2),
    ("北华大学附属医院", HostUnitKind.INSTITUTION, 2),
    ("吉林市疾病预防控制中心", HostUnitKind.INSTITUTION, 1),
    ("吉林市第一中学", HostUnitKind.INSTITUTION, 1),
    ("吉林市第二实验小学", HostUnitKind.INSTITUTION, 1),
)
CHECKPOINT_NAMES = ("{road}卡点", "{compound}东门卡点", "{compound}南门卡点", "{compound}北门卡点", "{road}路口卡点")
CHECKPOINT_DUTIES = (
    "卡点值守、测温登记",
    "卡点值守、查验健康码和行程码",
    "卡点值守、车辆和人员登记",
    "卡点值守、外来人员登记",
)
COMMUNITY_DUTIES = (
    "入户排查、信息登记",
    "核酸检测现场秩序维护",
    "生活物资配送",
    "居家隔离人员服务保障",
    "政策宣传、心理疏导",
)


@dataclass
class _Place:
    """A community of the demo city, with what the demo needs of it."""

    pk: int
    code: str
    name: str
    grids: int
    compounds: list[str] = field(default_factory=list)

    @property
    def community(self) -> Community:
        """The community as a row the builders can point at: a relation to it derives its area code
        without a query."""
        return Community(pk=self.pk, code=self.code, name=self.name)


def _allocate(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """``total`` shared in proportion to ``weights`` (largest remainders), each at least ``minimum``."""
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError(f"cannot share {total} among {len(weights)} with at least {minimum} each")
    weight_sum = sum(weights)
    shares = [rest * w / weight_sum for w in weights]
    pieces = [int(s) for s in shares]
    for i in sorted(range(len(weights)), key=lambda i: shares[i] - pieces[i], reverse=True)[: rest - sum(pieces)]:
        pieces[i] += 1
    return [minimum + piece for piece in pieces]


def _places() -> list[_Place]:
    city = settings.CITY_CODE
    grids = dict(
        Grid.objects.filter(code__startswith=city)
        .order_by()
        .values("community_id")
        .annotate(n=Count("id"))
        .values_list("community_id", "n")
    )
    compounds: dict[str, list[str]] = defaultdict(list)
    for code, name in (
        ResidentialCompound.objects.filter(area_code__startswith=city).order_by("id").values_list("area_code", "name")
    ):
        compounds[code].append(name)
    return [
        _Place(pk, code, name, grids.get(pk, 1), compounds[code])
        for pk, code, name in Community.objects.filter(code__startswith=city, is_active=True)
        .order_by("code")
        .values_list("id", "code", "name")
    ]


def departments_present() -> bool:
    return Department.objects.filter(area_code__startswith=settings.CITY_CODE).exists()


# -- Departments, their cadres and the checkpoints ---------------------------------------------------------


def _unique_names(names: list, count: int) -> list:
    """``count`` names from ``names``, numbered once the list is used up (for large scales)."""
    result = list(names[:count])
    round_ = 2
    while len(result) < count:
        result.extend(
            (f"{short}（{cn_number(round_)}）", f"{full}（{cn_number(round_)}）")
            for short, full in names[: count - len(result)]
        )
        round_ += 1
    return result


def _build_departments(rng: random.Random, scale: int, places: list[_Place], today: date, people: People) -> None:
    """The departments with their party organizations, the employers, the checkpoints and the cadres on duty."""
    city = settings.CITY_CODE
    committees = {
        org.area_code: org
        for org in PartyOrganization.objects.filter(
            Q(area_code=city) | Q(area_code__length=6), area_code__startswith=city, host_unit_kind=HostUnitKind.AREA
        ).order_by("area_code", "id")
    }
    districts = dict(District.objects.filter(code__startswith=city).order_by("code").values_list("code", "name"))

    # The communities the cadres go to: city districts first (more of their communities), some elsewhere.
    weights = [3.0 if place.code[:6] in ("220202", "220203", "220204", "220211") else 1.0 for place in places]
    chosen_count = min(len(places), SINKING_COMMUNITIES * scale)
    chosen: list[_Place] = []
    pool = list(range(len(places)))
    pool_weights = list(weights)
    for _pick in range(chosen_count):
        index = rng.choices(range(len(pool)), weights=pool_weights)[0]
        chosen.append(places[pool.pop(index)])
        pool_weights.pop(index)
    chosen.sort(key=lambda place: place.code)
    by_district: dict[str, list[_Place]] = defaultdict(list)
    for place in chosen:
        by_district[place.code[:6]].append(place)

    # Departments: the city's and the districts' in proportion to the communities they serve there.
    total = DEPARTMENTS * scale
    city_count = min(CITY_DEPARTMENT_SHARE * scale, total)
    district_codes = sorted(code for code in by_district if code in districts)
    district_counts = (
        _allocate(total - city_count, [len(by_district[code]) for code in district_codes]) if district_codes else []
    )
    if not district_codes:
        city_count = total
    specs: list[tuple[str, str, str]] = [
        (city, short, full) for short, full in _unique_names(CITY_DEPARTMENTS, city_count)
    ]
    for code, count in zip(district_codes, district_counts, strict=True):
        names = [(f"{districts[code]}{kind}", f"{districts[code]}{kind}") for kind in DISTRICT_DEPARTMENTS]
        specs.extend((code, short, full) for short, full in _unique_names(names, count))

    secretaries: list[Person] = []
    organizations: list[PartyOrganization] = []
    departments: list[Department] = []
    for code, short, full in specs:
        at_city = code == city
        secretary = people.new(code, party_share=1.0, female_share=0.35)
        secretaries.append(secretary)
        organization = PartyOrganization(
            name=f"中共{full}机关委员会" if at_city else f"中共{full}机关支部委员会",
            kind=PartyOrganizationKind.COMMITTEE if at_city else PartyOrganizationKind.BRANCH,
            parent=committees.get(code) or committees.get(city),
            area_code=code,
            host_unit_kind=HostUnitKind.AGENCY,
            host_unit_name=full,
            secretary=secretary,
            member_count=rng.randint(40, 260) if at_city else rng.randint(12, 60),
            founded_on=date(rng.randint(1978, 2012), rng.randint(1, 12), 1),
        )
        organizations.append(organization)
        departments.append(Department(name=short, area_code=code, organization=organization))
    for unit, kind, _weight in EMPLOYERS:
        secretary = people.new(city, party_share=1.0, female_share=0.3)
        secretaries.append(secretary)
        organizations.append(
            PartyOrganization(
                name=f"中共{unit}委员会",
                kind=PartyOrganizationKind.COMMITTEE,
                parent=committees.get(city),
                area_code=city,
                host_unit_kind=kind,
                host_unit_name=unit,
                secretary=secretary,
                member_count=rng.randint(150, 1800),
                founded_on=date(rng.randint(1956, 2005), rng.randint(1, 12), 1),
            )
        )
    bulk(Person, secretaries)
    bulk(PartyOrganization, organizations)
    bulk(Department, departments)

    # Which department serves which community: each department one or two, each community one or more.
    links: list[tuple[int, int]] = []  # (department index, community index in ``chosen``)
    index_of = {place.code: i for i, place in enumerate(chosen)}
    served: dict[int, int] = defaultdict(int)

    def candidates(department: Department) -> list[int]:
        if department.area_code == city:
            return list(range(len(chosen)))
        return [index_of[place.code] for place in by_district[department.area_code]]

    for d, department in enumerate(departments):
        options = candidates(department)
        least = min(served[c] for c in options)
        community = rng.choice([c for c in options if served[c] == least])
        links.append((d, community))
        served[community] += 1
    city_departments = [d for d, department in enumerate(departments) if department.area_code == city]
    for c in range(len(chosen)):
        if not served[c]:
            links.append((rng.choice(city_departments or [0]), c))
            served[c] += 1
    for d, department in enumerate(departments):
        if rng.random() < 0.35:
            extra = rng.choice(candidates(department))
            if (d, extra) not in links:
                links.append((d, extra))
    links.sort()

    # Checkpoints: two at each community, named after its compounds and roads.
    checkpoints: list[Checkpoint] = []
    for place in chosen:
        names: list[str] = []
        while len(names) < CHECKPOINTS_PER_COMMUNITY:
            pattern = rng.choice(CHECKPOINT_NAMES)
            compound = rng.choice(place.compounds) if place.compounds else f"{place.name}小区"
            name = pattern.format(road=rng.choice(ROADS), compound=compound)
            if name not in names:
                names.append(name)
        for name in names:
            checkpoints.append(
                Checkpoint(
                    community=place.community,
                    name=name[:100],
                    address=f"{rng.choice(ROADS)}{rng.randint(1, 500)}号",
                )
            )
    bulk(Checkpoint, checkpoints)
    at_community: dict[int, list[Checkpoint]] = defaultdict(list)
    for checkpoint in checkpoints:
        at_community[checkpoint.community_id].append(checkpoint)

    # The cadres, shared out over the links; every checkpoint has some, around the clock.
    per_link = split(CADRES * scale, len(links), rng, minimum=6, spread=0.5)
    starts = {d: today - timedelta(days=rng.randint(28, 42)) for d in range(len(departments))}
    cadres: list[Person] = []
    assignments: list[CadreAssignment] = []
    posted: dict[int, int] = defaultdict(int)  # cadres so far per community
    for (d, c), count in zip(links, per_link, strict=True):
        department, place = departments[d], chosen[c]
        spots = at_community[place.pk]
        for _cadre in range(count):
            cadre = people.new(department.area_code, party_share=1.0, female_share=0.4)
            cadres.append(cadre)
            number = posted[place.pk]
            posted[place.pk] += 1
            # The first cadres of a community open its checkpoints; later ones mostly join them.
            if number < len(spots):
                checkpoint = spots[number]
            elif rng.random() < 0.8:
                checkpoint = rng.choice(spots)
            else:
                checkpoint = None
            duty = rng.choice(CHECKPOINT_DUTIES if checkpoint else COMMUNITY_DUTIES)
            start_on = starts[d]
            assignments.append(
                CadreAssignment(
                    cadre=cadre,
                    department=department,
                    community=place.community,
                    checkpoint=checkpoint,
                    duty=duty,
                    start_on=start_on,
                    end_on=start_on + timedelta(days=DUTY_DAYS - 1),
                )
            )
    bulk(Person, cadres)
    bulk(CadreAssignment, assignments)

    # Duty shifts around the clock (24小时值守): every checkpoint, and the duty at the community
    # itself, has its three 8-hour shifts of each day covered from the start of the assignments to
    # the end of next week, by its cadres in turn (two a shift where it has enough of them), one
    # shift a day per cadre.
    zone = ZoneInfo(settings.TIME_ZONE)
    shifts: list[DutyShift] = []
    at_spot: dict[tuple, list[CadreAssignment]] = defaultdict(list)
    for assignment in assignments:
        at_spot[(assignment.community_id, assignment.checkpoint_id)].append(assignment)
    planned_until = today + timedelta(days=13 - today.weekday())
    per_day = 24 // SHIFT_HOURS
    for spot in at_spot.values():
        per_shift = 2 if len(spot) >= 6 * per_day else 1
        turn = 0
        day = min(assignment.start_on for assignment in spot)
        last = min(planned_until, max(assignment.end_on for assignment in spot))
        while day <= last:
            serving = [a for a in spot if a.start_on <= day <= a.end_on]
            on_duty: set[int] = set()
            for shift in range(per_day):
                starts_at = datetime.combine(day, time(shift * SHIFT_HOURS), tzinfo=zone)
                for _place in range(per_shift):
                    for _attempt in range(len(serving)):
                        assignment = serving[turn % len(serving)]
                        turn += 1
                        if id(assignment) not in on_duty:
                            on_duty.add(id(assignment))
                            shifts.append(
                                DutyShift(
                                    assignment=assignment,
                                    starts_at=starts_at,
                                    ends_at=starts_at + timedelta(hours=SHIFT_HOURS),
                                )
                            )
                            break
            day += timedelta(days=1)
    bulk(DutyShift, shifts)


def demo_cadres_figures() -> dict[str, int]:
    """The figures as the database holds them (the city's): each counted once."""
    assignments = CadreAssignment.objects.filter(area_code__startswith=settings.CITY_CODE)
    return assignments.aggregate(
        departments=Count("department_id", distinct=True),
        cadres=Count("cadre_id", distinct=True),
        communities=Count("community_id", distinct=True),
        checkpoints=Count("checkpoint_id", distinct=True),
    )


@transaction.atomic
def build_demo_cadres(scale: int | None = None, stdout: TextIO | None = None) -> dict[str, int]:
    """Add the demo departments, their cadres and the checkpoints they keep, unless they are there.

    Answers the figures as the database holds them, with ``created`` (False when nothing was added).
    """
    places = _places()
    created = False
    if places and not departments_present():
        scale = scale or demo_scale()
        check_phone_block(CADRE_PHONE_START)
        rng = random.Random(SEED + scale)
        _build_departments(rng, scale, places, timezone.localdate(), People(rng, start=CADRE_PHONE_START))
        created = True
    figures = {"created": created, **demo_cadres_figures()}
    if stdout is not None and created:
        stdout.write(
            _("  Sunk cadres: %(departments)s departments sent %(cadres)s cadres to %(communities)s communities\n")
            % {
                "departments": figures["departments"],
                "cadres": figures["cadres"],
                "communities": figures["communities"],
            }
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of the sunk cadres (see ``jilin_grid.demo``)."""
    figures = build_demo_cadres(scale=run.content_scale, stdout=run.stdout)
    return [
        (figures["departments"], gettext_lazy("departments sending cadres")),
        (figures["cadres"], gettext_lazy("cadres sunk to communities")),
        (figures["communities"], gettext_lazy("communities served by sunk cadres")),
        (figures["checkpoints"], gettext_lazy("checkpoints on duty")),
    ]
