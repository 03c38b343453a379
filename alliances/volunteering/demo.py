"""Demo volunteering of in-service party members and the cadres sunk to communities, at the document's figures.

At scale 1 (``scale`` multiplies every figure):

- 18,000 in-service party members (在职党员) reported to the communities they live in (双报到) and
  confirmed there; a few hundred more reports await confirmation, and some members' earlier
  reports were declined or withdrawn (history, not counted);
- 17,427 places of service posts (服务岗位) claimed (认领) and still held; each community publishes
  posts over the service kinds with enough places, and a few posts have closed (their claims
  withdrawn); every post's ``claimed`` equals the claims held on it;
- 44,526 verified volunteer-service person-times: service on the posts the members hold, dated in
  the past year (relative to today, so the pages look alive), and attendance at the demo
  alliances' activities of the member's community or street on the activity's day; some recent
  service still awaits verification (not counted). Every record falls within its member's report;
- the epidemic duty: 72 city and district departments (机关部门) sending 3,432 cadres to exactly 95
  communities and their 190 checkpoints (卡点), each assignment in force for two months and
  covered around the clock: each checkpoint's three 8-hour shifts of every day, to the end of
  next week, taken by its cadres in turn.

The departments (市财政局, 市住建局, 船营区教育局, ...) have their party organizations (in agencies)
and, with a score of enterprises and public institutions (国网吉林供电公司, 吉林化纤集团, 吉林市中心医院,
北华大学, ...), are the members' employers.

Deterministic for a given day (its own seeded random generator; dates count back from today),
idempotent (the members and the departments are each added only when the city has none) and
written in bulk (``jilin_grid.bulk``) in one transaction. Everyone is fictitious: the members' phone
numbers are taken from 199 0500 0000 upwards and the cadres' from 199 0800 0000 upwards, blocks
of the demo city's own series far above the numbers its people use.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.cadres.demo import EMPLOYERS, _allocate, _Place, _places
from alliances.loop.choices import ActivityKind
from alliances.loop.models import Activity
from communities.choices import HostUnitKind
from communities.demo import People, check_phone_block, demo_actors, demo_scale
from communities.models import PartyOrganization, Person
from jilin_grid.demo import DemoRun, between, bulk

from .choices import DEFAULT_SERVICE_KINDS, MemberReportStatus
from .models import (
    InServiceMember,
    MemberReport,
    PostClaim,
    ServiceKind,
    ServicePost,
    ServiceRecord,
)

SEED = 18_000_44_526
BATCH_SIZE = 2000

# The document's figures (scale 1).
MEMBERS = 18_000
CLAIMS = 17_427
PERSON_TIMES = 44_526

# History around them (scale 1), not counted in the figures.
AWAITING = 260  # members whose report awaits the community's confirmation
DECLINED = 90  # members whose earlier report elsewhere was declined
WITHDRAWN = 60  # members who withdrew an earlier report before it was confirmed
TWO_POSTS = 1_200  # members holding two posts (the rest hold one, or none)
UNVERIFIED = 1_600  # recent service awaiting verification

# Phone numbers: blocks of the demo city's series 1990xxxxxxx, far above its people's.
MEMBER_PHONE_START = 5_000_000

# When the members reported: the campaign started in mid-2019.
CAMPAIGN_START = date(2019, 6, 1)
EARLY_SHARE = 0.35  # reported in the campaign's first eighteen months
CITY_DEPARTMENT_WEIGHT = 1.2
DISTRICT_DEPARTMENT_WEIGHT = 1.5  # members of a district's departments mostly live in that district

# Titles of the posts a community publishes, per service kind (the migration's kinds).
POST_TITLES = {
    "政策宣传": ("政策宣讲员", "惠民政策入户宣传岗", "理论宣讲岗"),
    "创业指导": ("创业就业指导岗", "技能培训辅导岗", "招聘信息推送岗"),
    "法律援助": ("法律咨询岗", "普法宣传岗", "法律援助引导岗"),
    "环境整治": ("楼院环境整治岗", "垃圾分类督导岗", "背街小巷清扫岗"),
    "关爱老人": ("助老服务岗", "独居老人结对岗", "老年食堂帮厨岗"),
    "课业辅导": ("四点半课堂辅导岗", "假期托管辅导岗", "青少年心理辅导岗"),
    "疫情防控": ("卡点值守岗", "疫情防控宣传岗", "流调信息登记岗"),
    "文明实践": ("新时代文明实践岗", "文明劝导岗", "交通文明引导岗"),
    "医疗健康": ("健康义诊岗", "健康知识讲座岗", "慢病随访岗"),
    "矛盾调解": ("矛盾纠纷调解岗", "邻里议事协调岗", "物业纠纷调解岗"),
}
CLOSED_POST_TITLES = ("核酸检测秩序维护岗", "疫苗接种服务岗", "防汛值守岗", "人口普查入户登记岗")
POST_PLACES = ("社区党群服务中心", "社区新时代文明实践站", "社区居家养老服务站", "小区红色驿站", "社区活动室")
POST_SCHEDULES = ("每周六上午", "每周日下午", "每月第一个周六", "工作日晚上", "节假日", "每周三晚上")
SPARE_PLACES = (0, 0, 1, 2, 2, 3, 4, 5, 8)
SKILLS = (
    "法律咨询",
    "财务会计",
    "医疗护理",
    "教育辅导",
    "电工维修",
    "计算机",
    "文艺表演",
    "心理咨询",
    "政策宣讲",
    "书法绘画",
    "",
)
AVAILABILITY = ("周末", "工作日晚上", "节假日", "每月第一个周六", "周六上午", "随叫随到")
DECLINE_REASONS = ("经核实，该党员不在本社区居住", "居住地址有误，请向实际居住的社区报到")
WITHDRAW_REASON = "报到社区选择有误，撤回后向居住社区重新报到"
SERVICE_NOTES = {
    "政策宣传": ("入户发放政策明白纸", "为居民讲解医保缴费政策"),
    "法律援助": ("为居民解答继承纠纷问题", "开展防范电信诈骗宣传"),
    "环境整治": ("清理楼道堆物", "清扫背街小巷"),
    "关爱老人": ("为独居老人代购生活用品", "陪同老人就医"),
    "课业辅导": ("辅导小学生作业", "组织读书分享"),
    "医疗健康": ("为老人测量血压", "讲解慢病用药"),
    "矛盾调解": ("调解邻里漏水纠纷", "参加居民议事会"),
}
SERVICE_HOURS = (Decimal("1.0"), Decimal("1.5"), Decimal("2.0"), Decimal("2.5"), Decimal("3.0"), Decimal("4.0"))
HOUR_WEIGHTS = (10, 12, 30, 14, 20, 8)
# The service kind a member gives at an alliance activity of each kind.
ACTIVITY_SERVICE_KINDS = {
    ActivityKind.VOLUNTEERING: "文明实践",
    ActivityKind.STUDY: "政策宣传",
    ActivityKind.CULTURE: "文明实践",
    ActivityKind.HEALTH: "医疗健康",
    ActivityKind.LEGAL: "法律援助",
    ActivityKind.ENVIRONMENT: "环境整治",
    ActivityKind.OTHER: "创业指导",
}


def service_kinds_ensure() -> list[ServiceKind]:
    """The service kinds of the migration, also on a database emptied since (the demo needs them)."""
    for position, name in enumerate(DEFAULT_SERVICE_KINDS, start=1):
        ServiceKind.objects.get_or_create(name=name, defaults={"position": position})
    return list(ServiceKind.objects.filter(is_active=True).order_by("position", "id"))


# -- In-service members: reports, posts, claims and service ---------------------------------------------


@dataclass
class _Member:
    member: InServiceMember
    report: MemberReport
    place: _Place
    claims: list[PostClaim] = field(default_factory=list)


def _employers(places: list[_Place]) -> tuple[dict[str, list], dict[str, list[float]]]:
    """Per district: the employer organizations its residents may work for, and their weights."""
    city = settings.CITY_CODE
    organizations = list(
        PartyOrganization.objects.filter(Q(area_code=city) | Q(area_code__length=6), area_code__startswith=city)
        .exclude(host_unit_kind=HostUnitKind.AREA)
        .filter(is_active=True)
        .order_by("area_code", "id")
    )
    weight_of = {unit: weight for unit, _kind, weight in EMPLOYERS}
    city_level = [org for org in organizations if org.area_code == city]
    city_weights = [weight_of.get(org.host_unit_name, CITY_DEPARTMENT_WEIGHT) for org in city_level]
    options: dict[str, list] = {}
    weights: dict[str, list[float]] = {}
    for district in sorted({place.code[:6] for place in places}):
        own = [org for org in organizations if org.area_code == district]
        options[district] = city_level + own
        weights[district] = city_weights + [DISTRICT_DEPARTMENT_WEIGHT] * len(own)
    return options, weights


def _report_day(rng: random.Random, today: date) -> date:
    last = today - timedelta(days=20)
    if rng.random() < EARLY_SHARE:
        return between(rng, CAMPAIGN_START, min(last, CAMPAIGN_START + timedelta(days=579)))
    return between(rng, CAMPAIGN_START, last)


def _build_members(rng: random.Random, scale: int, places: list[_Place], today: date, people: People) -> None:
    """The members and their reports, the posts and their claims, the service and its verification."""
    options, option_weights = _employers(places)
    if not any(options.values()):
        return
    kinds = service_kinds_ensure()
    kind_by_name = {kind.name: kind for kind in kinds}
    actors = demo_actors("nanshan")
    now = timezone.now()
    zone = ZoneInfo(settings.TIME_ZONE)
    held_count: dict[int, int] = defaultdict(int)  # members per employer organization

    def new_member(place: _Place) -> InServiceMember:
        district = place.code[:6]
        organization = rng.choices(options[district], weights=option_weights[district])[0]
        held_count[organization.pk] += 1
        return InServiceMember(
            person=people.new(place.code, party_share=1.0, female_share=0.48),
            organization=organization,
            unit_name=organization.host_unit_name,
            skills=rng.choice(SKILLS),
            availability=rng.choice(AVAILABILITY),
            area_code=place.code,
        )

    # Members, spread over the communities by their size, each with a confirmed report.
    counts = _allocate(MEMBERS * scale, [place.grids * rng.lognormvariate(0, 0.35) for place in places], minimum=8)
    members: list[_Member] = []
    for place, count in zip(places, counts, strict=True):
        for _n in range(count):
            reported_on = _report_day(rng, today)
            confirmed_on = min(reported_on + timedelta(days=rng.randint(1, 10)), today - timedelta(days=1))
            member = new_member(place)
            report = MemberReport(
                member=member,
                community=place.community,
                reported_on=reported_on,
                status=MemberReportStatus.CONFIRMED,
                confirmed_on=confirmed_on,
                confirmed_by=actors.get(place.code),
            )
            members.append(_Member(member, report, place))
    # More members whose report awaits the community's confirmation.
    waiting: list[tuple[InServiceMember, MemberReport]] = []
    for place in rng.choices(places, weights=[p.grids for p in places], k=AWAITING * scale):
        member = new_member(place)
        report = MemberReport(
            member=member,
            community=place.community,
            reported_on=today - timedelta(days=rng.randint(0, 25)),
            status=MemberReportStatus.REPORTED,
        )
        waiting.append((member, report))
    # Earlier reports of some members: to the wrong community, declined or withdrawn before confirmation.
    street_places: dict[str, list[_Place]] = defaultdict(list)
    for place in places:
        street_places[place.code[:9]].append(place)
    history: list[MemberReport] = []
    for number, entry in enumerate(rng.sample(members, (DECLINED + WITHDRAWN) * scale)):
        neighbours = [p for p in street_places[entry.place.code[:9]] if p.pk != entry.place.pk] or [
            p for p in places if p.pk != entry.place.pk
        ]
        wrong = rng.choice(neighbours)
        reported_on = entry.report.reported_on - timedelta(days=rng.randint(8, 40))
        declined = number < DECLINED * scale
        history.append(
            MemberReport(
                member=entry.member,
                community=wrong.community,
                reported_on=reported_on,
                status=MemberReportStatus.DECLINED if declined else MemberReportStatus.ENDED,
                ended_on=reported_on + timedelta(days=rng.randint(1, 6)),
                end_reason=rng.choice(DECLINE_REASONS) if declined else WITHDRAW_REASON,
            )
        )

    all_members = [entry.member for entry in members] + [member for member, _report in waiting]
    bulk(Person, [member.person for member in all_members])
    bulk(InServiceMember, all_members)
    bulk(MemberReport, [entry.report for entry in members] + [report for _member, report in waiting] + history)
    employers = PartyOrganization.objects.in_bulk(list(held_count))
    for pk, count in held_count.items():
        employers[pk].member_count = max(employers[pk].member_count, count + rng.randint(5, 60))
    PartyOrganization.objects.bulk_update(list(employers.values()), ["member_count"], batch_size=BATCH_SIZE)

    # Posts: each community publishes some over the service kinds.
    by_place: dict[int, list[_Member]] = defaultdict(list)
    for entry in members:
        by_place[entry.place.pk].append(entry)
    posts_of: dict[int, list[ServicePost]] = {}
    posts: list[ServicePost] = []
    for place in places:
        present = by_place[place.pk]
        wanted = max(4, min(12, round(len(present) / 8) + rng.randint(0, 2)))
        order = list(kinds)
        rng.shuffle(order)
        # A first post of every kind, then second ones, and so on: titles are unique in the community.
        titles = [(kind, _post_titles(kind)[turn]) for turn in range(3) for kind in order][:wanted]
        own = [
            ServicePost(
                community=place.community,
                kind=kind,
                title=title,
                description=f"{kind.name}：{title}，面向报到在职党员认领。",
                place=rng.choice(POST_PLACES),
                schedule=rng.choice(POST_SCHEDULES),
                places=1,
                published_on=today,
            )
            for kind, title in titles
        ]
        posts_of[place.pk] = own
        posts.extend(own)

    # Claims still held: one post for most members, two for some, none for a few.
    two, one = TWO_POSTS * scale, (CLAIMS - 2 * TWO_POSTS) * scale
    shares = [2] * two + [1] * one + [0] * (MEMBERS * scale - one - two)
    if len(shares) != len(members) or sum(shares) != CLAIMS * scale:
        raise ValueError("the claims do not add up")
    rng.shuffle(shares)
    popularity = {id(post): rng.lognormvariate(0, 0.6) for post in posts}
    claims: list[PostClaim] = []
    yesterday = today - timedelta(days=1)
    for entry, share in zip(members, shares, strict=True):
        own = posts_of[entry.place.pk]
        if len(own) < share:
            raise ValueError(f"{entry.place.name} has too few posts")
        chosen_posts: list[ServicePost] = []
        while len(chosen_posts) < share:
            post = rng.choices(own, weights=[popularity[id(p)] for p in own])[0]
            if post not in chosen_posts:
                chosen_posts.append(post)
        claimed_on = min(entry.report.confirmed_on + timedelta(days=rng.randint(0, 45)), yesterday)
        for post in chosen_posts:
            claim = PostClaim(post=post, member=entry.member, report=entry.report, claimed_on=claimed_on)
            claims.append(claim)
            entry.claims.append(claim)
            claimed_on = min(claimed_on + timedelta(days=rng.randint(15, 400)), yesterday)
    held: dict[int, list[PostClaim]] = defaultdict(list)
    for claim in claims:
        held[id(claim.post)].append(claim)
    for post in posts:
        own = held[id(post)]
        post.claimed = len(own)
        post.places = max(1, post.claimed + rng.choice(SPARE_PLACES))
        first = min((claim.claimed_on for claim in own), default=today - timedelta(days=rng.randint(20, 300)))
        post.published_on = first - timedelta(days=rng.randint(0, 20))

    # A few posts have closed; the members who held them withdrew their claims then.
    withdrawn: list[PostClaim] = []
    for place in places:
        present = by_place[place.pk]
        if rng.random() >= 0.2 or not present:
            continue
        closed_on = today - timedelta(days=rng.randint(60, 300))
        published_on = closed_on - timedelta(days=rng.randint(60, 200))
        eligible = [entry for entry in present if entry.report.confirmed_on <= closed_on - timedelta(days=10)]
        taken = rng.sample(eligible, min(len(eligible), rng.randint(3, 8)))
        title = rng.choice(CLOSED_POST_TITLES)
        post = ServicePost(
            community=place.community,
            kind=kind_by_name.get("疫情防控", kinds[0]),
            title=title,
            description=f"{title}，任务完成后关闭。",
            place=rng.choice(POST_PLACES),
            schedule=rng.choice(POST_SCHEDULES),
            places=max(len(taken), 1) + rng.randint(0, 3),
            claimed=0,
            published_on=published_on,
            closed_on=closed_on,
        )
        posts.append(post)
        for entry in taken:
            start = max(published_on, entry.report.confirmed_on)
            withdrawn.append(
                PostClaim(
                    post=post,
                    member=entry.member,
                    report=entry.report,
                    claimed_on=between(rng, start, closed_on),
                    withdrawn_on=closed_on,
                )
            )
    bulk(ServicePost, posts)
    bulk(PostClaim, claims + withdrawn)

    # Service at the alliances' activities of the member's community or street, on the activity's day.
    records: list[ServiceRecord] = []
    confirmed_in: dict[str, list[_Member]] = defaultdict(list)
    for entry in members:
        confirmed_in[entry.place.code].append(entry)
        confirmed_in[entry.place.code[:9]].append(entry)
    activities = list(
        Activity.objects.filter(area_code__startswith=settings.CITY_CODE)
        .order_by("held_on", "id")
        .values_list("id", "area_code", "held_on", "kind", "participants")
    )

    def verified(served_on: date, place: _Place) -> dict:
        moment = datetime.combine(served_on + timedelta(days=rng.randint(1, 6)), time(rng.randint(9, 17)), tzinfo=zone)
        return {"verified_at": min(moment, now), "verified_by": actors.get(place.code)}

    for activity_id, code, held_on, kind, participants in activities:
        eligible = [entry for entry in confirmed_in.get(code, ()) if entry.report.confirmed_on <= held_on]
        if not eligible:
            continue
        for entry in rng.sample(eligible, min(len(eligible), participants, rng.randint(2, 8))):
            records.append(
                ServiceRecord(
                    member=entry.member,
                    report=entry.report,
                    kind=kind_by_name.get(ACTIVITY_SERVICE_KINDS.get(kind, ""), kinds[0]),
                    activity_id=activity_id,
                    served_on=held_on,
                    hours=rng.choices(SERVICE_HOURS[2:], weights=HOUR_WEIGHTS[2:])[0],
                    **verified(held_on, entry.place),
                )
            )
    at_activities = len(records)
    on_posts = PERSON_TIMES * scale - at_activities
    if on_posts < 0:
        raise ValueError("more service at activities than the person-times to reach")

    # Service on the posts held, in the past year: shared out by how long each claim has been held there.
    window_start = today - timedelta(days=364)
    windows = []
    for claim in claims:
        first = max(claim.claimed_on, window_start)
        windows.append((first, (yesterday - first).days + 1))
    shares = _allocate(on_posts, [days * rng.lognormvariate(0, 0.6) for _first, days in windows])
    # A share larger than the days available moves on to other claims.
    overflow = 0
    for index, (_first, days) in enumerate(windows):
        if shares[index] > days:
            overflow += shares[index] - days
            shares[index] = days
    while overflow:
        index = rng.randrange(len(windows))
        if shares[index] < windows[index][1]:
            shares[index] += 1
            overflow -= 1
    used: dict[int, set[date]] = {}
    entry_of = {id(claim): entry for entry in members for claim in entry.claims}
    for index, (claim, (first, days), share) in enumerate(zip(claims, windows, shares, strict=True)):
        entry = entry_of[id(claim)]
        days_served = [first + timedelta(days=offset) for offset in rng.sample(range(days), share)]
        used[index] = set(days_served)
        for served_on in sorted(days_served):
            records.append(_post_record(rng, claim, entry, served_on, **verified(served_on, entry.place)))
    # Recent service still awaiting the community's verification (it does not count yet).
    waiting_records = 0
    recent_start = today - timedelta(days=13)
    attempts = 0
    while waiting_records < UNVERIFIED * scale and attempts < UNVERIFIED * scale * 20:
        attempts += 1
        index = rng.randrange(len(claims))
        claim = claims[index]
        served_on = between(rng, max(claim.claimed_on, recent_start), today)
        if served_on in used[index]:
            continue
        used[index].add(served_on)
        records.append(_post_record(rng, claim, entry_of[id(claim)], served_on, verified_at=None, verified_by=None))
        waiting_records += 1
    bulk(ServiceRecord, records)


def _post_titles(kind: ServiceKind) -> tuple[str, str, str]:
    """Three titles of posts of a kind (kinds added in the admin get titles made from their name)."""
    return POST_TITLES.get(kind.name) or (f"{kind.name}服务岗", f"{kind.name}志愿岗", f"{kind.name}宣传岗")


def _post_record(
    rng: random.Random, claim: PostClaim, entry: _Member, served_on: date, **verification
) -> ServiceRecord:
    kind = claim.post.kind
    notes = SERVICE_NOTES.get(kind.name, ())
    return ServiceRecord(
        member=entry.member,
        report=entry.report,
        kind=kind,
        post=claim.post,
        served_on=served_on,
        hours=rng.choices(SERVICE_HOURS, weights=HOUR_WEIGHTS)[0],
        note=rng.choice(notes) if notes and rng.random() < 0.3 else "",
        **verification,
    )


# -- Entry point -----------------------------------------------------------------------------------------


def volunteering_present() -> bool:
    return InServiceMember.objects.filter(area_code__startswith=settings.CITY_CODE).exists()


def demo_volunteering_figures() -> dict[str, int]:
    """The figures as the database holds them (the city's)."""
    city = settings.CITY_CODE
    return {
        "members_reported": MemberReport.objects.filter(
            area_code__startswith=city, status=MemberReportStatus.CONFIRMED
        ).count(),
        "posts_claimed": PostClaim.objects.filter(area_code__startswith=city, withdrawn_on__isnull=True).count(),
        "service_person_times": ServiceRecord.objects.filter(
            area_code__startswith=city, verified_at__isnull=False
        ).aggregate(n=Sum("person_times"))["n"]
        or 0,
    }


@transaction.atomic
def build_demo_volunteering(scale: int | None = None, stdout: TextIO | None = None) -> dict[str, int]:
    """Add the members' volunteering, unless it is there (after the cadres: their departments'
    organizations are among the members' employers).

    Answers the figures as the database holds them, with ``created`` (False when nothing was added).
    """
    places = _places()
    created = False
    if places and not volunteering_present():
        scale = scale or demo_scale()
        check_phone_block(MEMBER_PHONE_START)
        rng = random.Random(SEED * 7 + scale)
        _build_members(rng, scale, places, timezone.localdate(), People(rng, start=MEMBER_PHONE_START))
        created = True
    figures = {"created": created, **demo_volunteering_figures()}
    if stdout is not None and created:
        stdout.write(
            _("  In-service members: %(members)s reported, %(claims)s posts claimed, %(times)s person-times\n")
            % {
                "members": figures["members_reported"],
                "claims": figures["posts_claimed"],
                "times": figures["service_person_times"],
            }
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of in-service members' volunteering (see ``jilin_grid.demo``)."""
    figures = build_demo_volunteering(scale=run.content_scale, stdout=run.stdout)
    return [
        (figures["members_reported"], gettext_lazy("in-service party members reported (confirmed)")),
        (figures["posts_claimed"], gettext_lazy("service post places claimed")),
        (figures["service_person_times"], gettext_lazy("volunteer-service person-times (verified)")),
    ]
