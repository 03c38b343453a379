"""Demo campaigns of the all-round grids (全能网格), at the document's figures.

The 2020 epidemic campaign (疫情防控) across the city: every grid is a team with its workers and
chiefs; in 田园社区 (丰满区) every household of its grids (eight in the demo tree at scale 1) is
visited with the checklist, the teams keep duty round the clock at their two posts, and the member
units of the alliances of 丰满区 take support tasks (disinfection, supplies, transport, hotline)
and give supplies. Exactly 15,480 members' donations totalling exactly 2,355,000 yuan (times the
scale), published. And a smaller flood-control campaign (防汛) in 永吉县 with one grid's visits.

Deterministic (its own seeded random generator), idempotent (nothing is added when the city has
the epidemic campaign) and written in bulk (``jilin_grid.bulk``).
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.loop.models import MemberUnit
from communities.demo import demo_scale
from communities.models import Community, PartyOrganization
from grids.network.models import Unit
from jilin_grid.bulk import insert_many
from jilin_grid.demo import GIVEN_FEMALE, GIVEN_MALE, SURNAMES, DemoRun, bulk, split

from . import services
from .choices import DEFAULT_CAMPAIGN_KINDS, QuestionKind, SupplyKind, SupportKind, TaskState, TeamRole
from .models import (
    Campaign,
    CampaignKind,
    CampaignShift,
    Donation,
    DutyPost,
    HouseholdVisit,
    SupplyGift,
    SupportTask,
    TeamMember,
    VisitAnswer,
)

SEED = 2020_01_25
EPIDEMIC_TITLE = "2020年疫情防控"
EPIDEMIC_START, EPIDEMIC_END = date(2020, 1, 25), date(2020, 4, 30)
FLOOD_TITLE = "2020年永吉县防汛"
FLOOD_START, FLOOD_END = date(2020, 7, 15), date(2020, 8, 31)
MODEL_COMMUNITY = "田园社区"
MODEL_DISTRICT = "220211"
FLOOD_DISTRICT = "220221"
DONATIONS = 15_480
DONATED_YUAN = 2_355_000
DUTY_DAYS = 14
EPIDEMIC_QUESTIONS = [
    {"text": "家中常住人数是否在家", "kind": QuestionKind.YES_NO},
    {"text": "是否有外地返吉人员", "kind": QuestionKind.YES_NO},
    {"text": "是否有独居老人", "kind": QuestionKind.YES_NO},
    {"text": "需要的帮助", "kind": QuestionKind.CHOICE, "choices": ["无", "代购生活物资", "就医购药", "心理疏导"]},
]
EPIDEMIC_POSTS = ["小区出入口卡点", "楼栋巡查岗"]
FLOOD_QUESTIONS = [
    {"text": "房屋是否有渗漏", "kind": QuestionKind.YES_NO},
    {"text": "是否需要转移安置", "kind": QuestionKind.YES_NO},
]
FLOOD_POSTS = ["河堤巡查点"]
AGENCIES = (
    "市委组织部",
    "市财政局",
    "市教育局",
    "市卫健委",
    "市住建局",
    "市民政局",
    "市公安局",
    "市交通运输局",
    "市自然资源局",
    "市人社局",
    "市商务局",
    "市文广旅局",
    "市税务局",
    "市市场监管局",
    "市应急管理局",
)
TASKS = {
    SupportKind.DISINFECTION: ("楼道电梯消杀", "完成消杀"),
    SupportKind.SUPPLIES: ("筹集生活物资", "物资已送达"),
    SupportKind.TRANSPORT: ("接送医护人员", "接送完成"),
    SupportKind.HOTLINE: ("开通心理疏导热线", "热线接听"),
}


def _answer(rng: random.Random, question) -> str:
    if question.kind == QuestionKind.YES_NO:
        weights = {"家中常住人数是否在家": 0.92, "是否有外地返吉人员": 0.04, "是否有独居老人": 0.08}
        return "yes" if rng.random() < weights.get(question.text, 0.05) else "no"
    return question.choices[0] if rng.random() < 0.85 else rng.choice(question.choices[1:])


def _visits(rng: random.Random, campaign: Campaign, prefix: str, start: date, days: int) -> int:
    """Every household of the active units under ``prefix`` visited once, spread over ``days``."""
    questions = list(campaign.questions.order_by("position"))
    units = list(
        Unit.objects.filter(area_code__startswith=prefix, is_active=True, households__gt=0)
        .select_related("building")
        .order_by("area_code", "id")
    )
    visits = []
    for unit in units:
        day = start + timedelta(days=rng.randrange(days))
        for door in range(1, unit.households + 1):
            visits.append(
                HouseholdVisit(
                    campaign=campaign,
                    grid_id=unit.building.grid_id,
                    unit=unit,
                    door=door,
                    visited_on=day,
                    key=uuid.UUID(int=rng.getrandbits(128), version=4),
                    area_code=unit.area_code,
                )
            )
    insert_many(HouseholdVisit, visits, batch_size=2000)
    visits = list(
        HouseholdVisit.objects.filter(campaign=campaign, area_code__startswith=prefix).only("id", "area_code")
    )
    answers = [
        VisitAnswer(visit_id=visit.pk, question=question, answer=_answer(rng, question), area_code=visit.area_code)
        for visit in visits
        for question in questions
    ]
    insert_many(VisitAnswer, answers, batch_size=5000)
    return len(visits)


def _duty(campaign: Campaign, prefix: str, start: date, days: int) -> None:
    """Round-the-clock duty at every post under ``prefix``: three turns of eight hours a day, taken
    in turn by the team's members."""
    team: dict[int, list[int]] = {}
    for grid_id, person_id in (
        TeamMember.objects.filter(campaign=campaign, area_code__startswith=prefix)
        .order_by("id")
        .values_list("grid_id", "person_id")
    ):
        team.setdefault(grid_id, []).append(person_id)
    posts_by_grid: dict[int, list[DutyPost]] = {}
    for post in DutyPost.objects.filter(campaign=campaign, area_code__startswith=prefix).order_by("grid_id", "id"):
        posts_by_grid.setdefault(post.grid_id, []).append(post)
    shifts = []
    zone = timezone.get_current_timezone()
    for grid_id, posts in posts_by_grid.items():
        people = team.get(grid_id, [])
        # The turns kept at the same time go to different members (a team has more members than posts).
        if len(people) < len(posts):
            continue
        index = 0
        for offset in range(days):
            day = datetime.combine(start + timedelta(days=offset), time(0), tzinfo=zone)
            for third in range(3):
                begin = day + timedelta(hours=8 * third)
                for post in posts:
                    shifts.append(
                        CampaignShift(
                            post=post,
                            person_id=people[index % len(people)],
                            starts_at=begin,
                            ends_at=begin + timedelta(hours=8),
                            area_code=post.area_code,
                        )
                    )
                    index += 1
    insert_many(CampaignShift, shifts, batch_size=2000)


def _support(rng: random.Random, campaign: Campaign, prefix: str, count: int, start: date, end: date) -> None:
    units = list(MemberUnit.objects.filter(area_code__startswith=prefix, is_active=True).order_by("id")[:count])
    tasks, supplies = [], []
    kinds = list(TASKS)
    for index, unit in enumerate(units):
        kind = kinds[index % len(kinds)]
        title, outcome = TASKS[kind]
        state = TaskState.ASSIGNED if index % 7 == 6 else TaskState.DONE
        tasks.append(
            SupportTask(
                campaign=campaign,
                member_unit=unit,
                kind=kind,
                title=title,
                due_on=start + timedelta(days=rng.randint(3, max(3, (end - start).days))),
                state=state,
                outcome="" if state == TaskState.ASSIGNED else outcome,
            )
        )
        supply_kind = rng.choice([SupplyKind.MASKS, SupplyKind.DISINFECTANT, SupplyKind.FOOD])
        supplies.append(
            SupplyGift(
                campaign=campaign,
                member_unit=unit,
                kind=supply_kind,
                quantity=rng.randint(5, 50) * 20,
                received_on=start + timedelta(days=rng.randint(1, 20)),
            )
        )
    bulk(SupportTask, tasks)
    bulk(SupplyGift, supplies)


def _donations(rng: random.Random, campaign: Campaign, scale: int) -> None:
    """``DONATIONS`` members' donations of whole yuan adding up to ``DONATED_YUAN`` (times the scale)."""
    count, total = DONATIONS * scale, DONATED_YUAN * scale
    organizations = list(
        PartyOrganization.objects.filter(area_code__startswith=settings.CITY_CODE)
        .order_by("id")
        .values_list("id", "area_code")[:400]
    )
    amounts = split(total, count, rng, minimum=20, spread=0.6)
    rows = []
    for index, amount in enumerate(amounts):
        organization_id, area_code = organizations[index % len(organizations)]
        given = GIVEN_MALE if rng.random() < 0.55 else GIVEN_FEMALE
        rows.append(
            Donation(
                campaign=campaign,
                donor_name=rng.choice(SURNAMES) + rng.choice(given) + rng.choice(("", rng.choice(given))),
                organization_id=organization_id,
                unit_name=AGENCIES[index % len(AGENCIES)],
                amount=Decimal(amount),
                donated_on=EPIDEMIC_START + timedelta(days=rng.randint(5, 40)),
                receipt_number=f"JZ2020-{index + 1:06d}",
                area_code=area_code,
            )
        )
    insert_many(Donation, rows, batch_size=2000)


def _kind(name: str) -> CampaignKind:
    position = DEFAULT_CAMPAIGN_KINDS.index(name) + 1 if name in DEFAULT_CAMPAIGN_KINDS else 0
    return CampaignKind.objects.get_or_create(name=name, defaults={"position": position})[0]


@transaction.atomic
def _build(scale: int) -> None:
    rng = random.Random(SEED * 1000 + scale)
    epidemic = services.campaign_open(
        kind=_kind("疫情防控"),
        title=EPIDEMIC_TITLE,
        area_code=settings.CITY_CODE,
        starts_on=EPIDEMIC_START,
        ends_on=EPIDEMIC_END,
        questions=EPIDEMIC_QUESTIONS,
        post_names=EPIDEMIC_POSTS,
    )
    for community in Community.objects.filter(code__startswith=MODEL_DISTRICT, name=MODEL_COMMUNITY).order_by("code"):
        _visits(rng, epidemic, community.code, EPIDEMIC_START, 10)
        _duty(epidemic, community.code, EPIDEMIC_START, DUTY_DAYS)
    _support(rng, epidemic, MODEL_DISTRICT, 24 * scale, EPIDEMIC_START, EPIDEMIC_END)
    _donations(rng, epidemic, scale)
    epidemic.is_closed = epidemic.donations_published = True
    epidemic.save(update_fields=["is_closed", "donations_published", "updated_at"])

    flood = services.campaign_open(
        kind=_kind("防汛"),
        title=FLOOD_TITLE,
        area_code=FLOOD_DISTRICT,
        starts_on=FLOOD_START,
        ends_on=FLOOD_END,
        questions=FLOOD_QUESTIONS,
        post_names=FLOOD_POSTS,
    )
    first_grid = (
        DutyPost.objects.filter(campaign=flood).order_by("area_code").values_list("area_code", flat=True).first()
    )
    if first_grid:
        _visits(rng, flood, first_grid, FLOOD_START, 3)
        _duty(flood, first_grid, FLOOD_START, 3)
    _support(rng, flood, FLOOD_DISTRICT, 4 * scale, FLOOD_START, FLOOD_END)
    flood.is_closed = True
    flood.save(update_fields=["is_closed", "updated_at"])


def demo_campaign_figures() -> dict[str, int]:
    epidemic = Campaign.objects.filter(title=EPIDEMIC_TITLE, area_code=settings.CITY_CODE).first()
    if epidemic is None:
        return {"campaigns": 0, "teams": 0, "visits": 0, "donations": 0}
    return {
        "campaigns": Campaign.objects.filter(area_code__startswith=settings.CITY_CODE).count(),
        "teams": TeamMember.objects.filter(campaign=epidemic, role=TeamRole.WORKER).values("grid").distinct().count(),
        "visits": HouseholdVisit.objects.filter(campaign=epidemic).count(),
        "donations": Donation.objects.filter(campaign=epidemic).count(),
    }


def build_demo_campaigns(scale: int | None = None, stdout: TextIO | None = None) -> dict:
    """Add the demo campaigns, unless the city has the epidemic campaign. Answers the figures as the
    database holds them, with ``created`` (False when nothing was added)."""
    created = False
    if (
        Community.objects.filter(code__startswith=settings.CITY_CODE).exists()
        and not Campaign.objects.filter(title=EPIDEMIC_TITLE, area_code=settings.CITY_CODE).exists()
    ):
        _build(scale or demo_scale())
        created = True
    figures = {"created": created, **demo_campaign_figures()}
    if stdout is not None and created:
        stdout.write(
            _("  Campaigns: %(campaigns)s campaigns, %(visits)s household visits, %(donations)s donations\n")
            % {"campaigns": figures["campaigns"], "visits": figures["visits"], "donations": figures["donations"]}
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of the campaigns of the all-round grids (see ``jilin_grid.demo``)."""
    figures = build_demo_campaigns(scale=run.content_scale, stdout=run.stdout)
    return [
        (figures["campaigns"], gettext_lazy("campaigns of the all-round grids")),
        (figures["visits"], gettext_lazy("household visits")),
        (figures["donations"], gettext_lazy("donations")),
    ]
