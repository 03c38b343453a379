"""Demo one-stop desks (全科社工) of the communities.

Each district keeps the same catalogue of 22 realistic matters across the five service modes (低保申请,
居住证明, 老年优待证, 残疾人证, 计划生育服务证明, ...), each with its materials, steps and time limit
in calendar days. At scale 1 (``scale`` multiplies the communities), 20 communities run a desk:
南山社区 and 华西社区 first, then spread over the city; each has 3 to 5 all-round social workers holding
two to four posts and skilled in several matters (the demo account of 南山社区 is one of them). Each
desk took about a case every working day over the past year: most finished within the time limit,
some finished late, some still in hand (a few of them overdue), and a few turned into residents'
problems of their grid.

Deterministic (its own seeded random generator), idempotent (nothing is added when the city has
matters in its catalogues) and written in bulk (``jilin_grid.bulk``) (the problems through their service).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import count
from typing import TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.demo import People, check_phone_block, demo_scale
from communities.models import Community, Person
from grids.network.models import Grid
from grids.problems.demo import RESIDENT_PHONE_SERIES
from grids.problems.services import problem_categories_ensure, problem_record
from jilin_grid.demo import GIVEN_FEMALE, GIVEN_MALE, SURNAMES, DemoRun, bulk

from .choices import CaseStatus, ServiceMode, WorkerPost
from .models import Case, CaseMaterial, CaseStep, Matter, MatterMaterial, MatterStep, SocialWorker

SEED = 2020_11_15
COMMUNITIES = 20
FIRST_COMMUNITIES = ("南山社区", "华西社区")
CASES_PER_COMMUNITY = 150
ID_CARD = "居民身份证"
HOUSEHOLD = "户口簿"

M = ServiceMode
# (name, mode, time limit in calendar days, required materials, optional materials, steps)
CATALOGUE = (
    ("最低生活保障申请", M.ONE_STOP, 30, (ID_CARD, HOUSEHOLD, "家庭收入证明", "家庭财产申报表"), ("残疾证或病历",),
     ("受理", "入户调查", "民主评议", "张榜公示", "街道审核", "区民政局审批")),
    ("居住证明", M.ONE_STOP, 3, (ID_CARD, "房屋产权证明或租赁合同"), (), ("受理", "核实", "出具证明")),
    ("老年人优待证办理", M.ONE_STOP, 10, (ID_CARD, "近期一寸免冠照片"), (HOUSEHOLD,), ("受理", "审核", "制证", "发放")),
    ("残疾人证申领", M.ONE_STOP, 30, (ID_CARD, HOUSEHOLD, "近期二寸免冠照片"), ("医院诊断证明",),
     ("受理", "指定医院评残", "区残联审核", "制证发放")),
    ("计划生育服务证明", M.ONE_STOP, 5, ("夫妻双方居民身份证", "结婚证", HOUSEHOLD), (), ("受理", "核实", "出具证明")),
    ("城乡居民医疗保险参保登记", M.ONE_STOP, 7, (ID_CARD, HOUSEHOLD), ("低保证或残疾证",),
     ("受理", "信息录入", "缴费确认")),
    ("城乡居民养老保险参保登记", M.ONE_STOP, 7, (ID_CARD, HOUSEHOLD), (), ("受理", "信息录入", "缴费确认")),
    ("临时救助申请", M.ONE_STOP, 15, (ID_CARD, "困难情况说明", "相关费用票据"), (),
     ("受理", "入户核实", "公示", "审批发放")),
    ("就业失业登记", M.ONE_STOP, 5, (ID_CARD, "近期一寸免冠照片"), ("解除劳动合同证明",), ("受理", "审核", "登记发证")),
    ("高龄津贴申领", M.ONE_STOP, 15, (ID_CARD, HOUSEHOLD, "银行卡"), (), ("受理", "审核", "公示", "发放")),
    ("独生子女父母光荣证补办", M.ONE_STOP, 10, ("夫妻双方居民身份证", "结婚证", "子女出生医学证明"), (),
     ("受理", "核实", "街道审批", "发证")),
    ("退役军人优待证申领", M.ONE_STOP, 20, (ID_CARD, "退役证件", "近期二寸免冠照片"), (), ("受理", "审核", "制证发放")),
    ("居家养老服务预约", M.MENU, 3, (ID_CARD,), ("老年人优待证",), ("登记需求", "派单", "上门服务", "回访")),
    ("家电维修上门", M.MENU, 5, ("报修登记表",), (), ("登记", "派单", "上门维修", "回访")),
    ("代缴水电燃气费", M.MENU, 2, ("缴费户号",), (), ("登记", "代缴", "回单交付")),
    ("爱心助餐登记", M.MENU, 3, (ID_CARD,), ("低保证",), ("登记", "审核", "开通助餐")),
    ("在职党员志愿服务认领", M.PROJECT, 7, ("党员报到证明",), (), ("登记", "认领项目", "开展服务", "评价")),
    ("困难家庭学生课业辅导", M.PROJECT, 10, ("学生基本情况表",), (), ("登记", "匹配志愿者", "开展辅导", "回访")),
    ("心理咨询服务转介", M.SOCIALIZED, 7, ("咨询需求登记表",), (), ("登记", "转介社会组织", "跟踪服务", "回访")),
    ("法律援助申请转介", M.SOCIALIZED, 10, (ID_CARD, "案情说明"), ("相关证据材料",),
     ("受理", "转介律师事务所", "跟踪办理", "回访")),
    ("网上预约办事", M.INTERNET, 2, ("网上预约单",), (), ("审核预约", "办理", "反馈")),
    ("政务服务网上代办", M.INTERNET, 5, (ID_CARD, "办事授权书"), (), ("受理", "网上提交", "结果反馈")),
)  # fmt: skip

POSTS = WorkerPost.values
NOTES = ("", "", "材料齐全", "已电话告知居民", "已入户核实")


def _name(rng: random.Random) -> str:
    given = GIVEN_FEMALE if rng.random() < 0.6 else GIVEN_MALE
    return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.randint(1, 2)))


# Numbers of the demo's reserved series: the social workers' among the people's
# (``communities.demo.People``) from 9,000,000, apart from the city's, the members' and the
# cadres'; the residents' among the residents' problems' from 9,000,000, apart from theirs.
WORKER_PHONE_START = 9_000_000
RESIDENT_PHONE_START = 9_000_000


def _communities(scale: int) -> list[Community]:
    communities = list(Community.objects.filter(code__startswith=settings.CITY_CODE, is_active=True).order_by("code"))
    first = [c for name in FIRST_COMMUNITIES for c in communities if c.name == name][: len(FIRST_COMMUNITIES)]
    rest = [c for c in communities if c not in first]
    wanted = max(0, COMMUNITIES * scale - len(first))
    step = max(1, len(rest) // max(1, wanted))
    return first + rest[::step][:wanted]


def _build_catalogues(districts: list[str]) -> dict[str, list[Matter]]:
    bulk(
        Matter,
        [
            Matter(area_code=district, name=name, mode=mode, time_limit_days=days, description="")
            for district in districts
            for name, mode, days, _required, _optional, _steps in CATALOGUE
        ],
    )
    matters = list(Matter.objects.filter(area_code__in=districts).order_by("area_code", "id"))
    by_name = {entry[0]: entry for entry in CATALOGUE}
    materials, steps = [], []
    for matter in matters:
        required, optional, names = by_name[matter.name][3:]
        listed = [(n, True) for n in required] + [(n, False) for n in optional]
        materials += [
            MatterMaterial(matter=matter, position=i, name=n, required=r) for i, (n, r) in enumerate(listed, start=1)
        ]
        steps += [MatterStep(matter=matter, position=i, name=n) for i, n in enumerate(names, start=1)]
    bulk(MatterMaterial, materials)
    bulk(MatterStep, steps)
    catalogues: dict[str, list[Matter]] = {}
    for matter in matters:
        catalogues.setdefault(matter.area_code, []).append(matter)
    return catalogues


def _build_workers(rng, communities: list[Community], catalogues: dict[str, list[Matter]]) -> None:
    people, workers = [], []
    phones = People(rng, start=WORKER_PHONE_START)
    for community in communities:
        for _index in range(rng.randint(3, 5)):
            people.append((community, Person(name=_name(rng), phone=phones.phone(), area_code=community.code)))
    bulk(Person, [person for _community, person in people])
    nanshan_user = get_user_model().objects.filter(username="nanshan").first()
    seen: set[int] = set()
    for community, person in people:
        first = community.pk not in seen
        seen.add(community.pk)
        user = nanshan_user if community.name == "南山社区" and first else None
        workers.append(
            SocialWorker(community=community, person=person, posts=rng.sample(POSTS, rng.randint(2, 4)), user=user)
        )
    bulk(SocialWorker, workers)
    skills = []
    codes = [c.code for c in communities]
    for worker in SocialWorker.objects.filter(area_code__in=codes).select_related("community"):
        catalogue = catalogues.get(worker.community.code[:6], [])
        for matter in rng.sample(catalogue, min(len(catalogue), rng.randint(4, 10))):
            skills.append(SocialWorker.matters.through(socialworker_id=worker.pk, matter_id=matter.pk))
    SocialWorker.matters.through.objects.bulk_create(skills)


def _build_cases(rng, communities: list[Community], catalogues, today: date) -> list[Case]:
    workers: dict[int, list[SocialWorker]] = {}
    for worker in SocialWorker.objects.filter(community__in=communities).order_by("id"):
        workers.setdefault(worker.community_id, []).append(worker)
    grids: dict[int, list[Grid]] = {}
    for grid in Grid.objects.filter(community__in=communities).order_by("code"):
        grids.setdefault(grid.community_id, []).append(grid)
    contents = {
        m.pk: (list(m.materials.all()), list(m.steps.all()))
        for m in Matter.objects.filter(area_code__in=list(catalogues)).prefetch_related("materials", "steps")
    }
    cases, plans = [], []
    phones = (f"{RESIDENT_PHONE_SERIES}{number:07d}" for number in count(RESIDENT_PHONE_START))
    for community in communities:
        catalogue = catalogues.get(community.code[:6], [])
        staff = workers.get(community.pk, [])
        if not catalogue or not staff:
            continue
        for _index in range(CASES_PER_COMMUNITY):
            matter = rng.choice(catalogue)
            accepted_on = today - timedelta(days=rng.randint(0, 364))
            limit = matter.time_limit_days
            steps = contents[matter.pk][1]
            roll = rng.random()
            age = (today - accepted_on).days
            if roll < 0.06 and age > 3:
                outcome = "escalate"
            elif roll < 0.14 or age < limit // 2:
                outcome = "open"
            elif roll < 0.24:
                outcome = "late"
            else:
                outcome = "finish"
            if outcome == "late" and age <= limit + 1:
                outcome = "finish"
            case = Case(
                community=community,
                grid=rng.choice(grids[community.pk]) if grids.get(community.pk) and rng.random() < 0.8 else None,
                matter=matter,
                worker=rng.choice(staff),
                resident_name=_name(rng),
                resident_phone=next(phones),
                accepted_on=accepted_on,
                time_limit_days=limit,
                due_on=accepted_on + timedelta(days=limit),
            )
            finished_on = None
            if outcome == "finish":
                finished_on = accepted_on + timedelta(days=rng.randint(0, min(limit, age)))
            elif outcome == "late":
                finished_on = accepted_on + timedelta(days=rng.randint(limit + 1, min(age, limit * 2 + 1)))
            if finished_on is not None:
                case.status, case.finished_on = CaseStatus.FINISHED, finished_on
                case.days_taken = (finished_on - accepted_on).days
            done = len(steps) if finished_on else rng.randint(0, len(steps) - 1)
            cases.append(case)
            plans.append((outcome, done, finished_on or min(today, accepted_on + timedelta(days=limit))))
    bulk(Case, cases)
    materials, steps_rows = [], []
    for case, (_outcome, done, last_day) in zip(cases, plans, strict=True):
        listed, steps = contents[case.matter_id]
        materials += [
            CaseMaterial(case=case, position=m.position, name=m.name, required=m.required,
                         checked=m.required or rng.random() < 0.5)
            for m in listed
        ]  # fmt: skip
        span = max(0, (last_day - case.accepted_on).days)
        days = sorted(case.accepted_on + timedelta(days=rng.randint(0, span)) for _ in range(done))
        steps_rows += [
            CaseStep(case=case, position=s.position, name=s.name, done_on=days[i] if i < done else None,
                     note=rng.choice(NOTES) if i < done else "")
            for i, s in enumerate(steps)
        ]  # fmt: skip
    bulk(CaseMaterial, materials)
    bulk(CaseStep, steps_rows)
    return [case for case, plan in zip(cases, plans, strict=True) if plan[0] == "escalate"]


def _escalate(rng, cases: list[Case], today: date) -> None:
    categories = problem_categories_ensure()
    grids: dict[int, Grid] = {}
    for grid in Grid.objects.filter(community__in={c.community_id for c in cases}).order_by("code"):
        grids.setdefault(grid.community_id, grid)
    for case in cases:
        grid = case.grid or grids.get(case.community_id)
        if grid is None:
            continue
        problem = problem_record(
            grid=grid,
            category=rng.choice(categories),
            description=_("Turned into a resident's problem at the desk: %(matter)s") % {"matter": case.matter.name},
            resident_name=case.resident_name,
            resident_phone=case.resident_phone,
        )
        escalated_on = min(today, case.accepted_on + timedelta(days=rng.randint(1, 3)))
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.ESCALATED, problem=problem, escalated_on=escalated_on, grid=grid, area_code=grid.code
        )


@transaction.atomic
def _build(scale: int, today: date) -> None:
    check_phone_block(WORKER_PHONE_START)
    rng = random.Random(SEED + scale)
    communities = _communities(scale)
    districts = sorted({community.code[:6] for community in communities})
    catalogues = _build_catalogues(districts)
    _build_workers(rng, communities, catalogues)
    escalated = _build_cases(rng, communities, catalogues, today)
    _escalate(rng, escalated, today)


def demo_desk_figures() -> dict[str, int]:
    city = settings.CITY_CODE
    return {
        "matters": Matter.objects.filter(area_code__startswith=city).count(),
        "workers": SocialWorker.objects.filter(area_code__startswith=city).count(),
        "cases": Case.objects.filter(area_code__startswith=city).count(),
    }


def build_demo_desk(scale: int | None = None, stdout: TextIO | None = None, today: date | None = None) -> dict:
    """Add the demo desks, unless the city's catalogues hold matters. Answers the figures as the
    database holds them, with ``created`` (False when nothing was added)."""
    created = False
    if (
        Community.objects.filter(code__startswith=settings.CITY_CODE).exists()
        and not Matter.objects.filter(area_code__startswith=settings.CITY_CODE).exists()
    ):
        _build(scale or demo_scale(), today or date.today())
        created = True
    figures = {"created": created, **demo_desk_figures()}
    if stdout is not None and created:
        stdout.write(
            _("  One-stop desks: %(matters)s matters, %(workers)s social workers, %(cases)s cases\n")
            % {"matters": figures["matters"], "workers": figures["workers"], "cases": figures["cases"]}
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of the one-stop desks (see ``jilin_grid.demo``)."""
    figures = build_demo_desk(scale=run.content_scale, stdout=run.stdout)
    return [
        (figures["matters"], gettext_lazy("service matters")),
        (figures["workers"], gettext_lazy("all-round social workers")),
        (figures["cases"], gettext_lazy("desk cases")),
    ]
