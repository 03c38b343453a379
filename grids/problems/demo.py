"""A year (2020) of demo residents' problems (群众诉求) across the demo city's grids.

About six problems per grid over the year (``scale`` multiplies the grids, and so the problems,
once: a grid of a city ten times the size has the same residents' problems as one of today's), in
every category of the database (the list is data), each told the way a grid worker writes it
down (楼道灯不亮, 下水道堵塞, 独居老人需要助餐, 小区停车难, 物业费纠纷, ...) at a real building and unit
of its grid. Residents are fictitious: names from the demo city's lists, phones from a series of
their own, 199 8000 0000 upwards, apart from the people's 1990 series.

Each problem has its full timeline, following the rules of ``grids.problems.permissions`` and
``grids.problems.services``: most are accepted, worked on and solved inside the grid and closed with a
satisfied evaluation; some go up to the community, fewer to the street, a few to the district and
the city (one level at a time, each with its reason); a few are returned with a reason; some are
evaluated dissatisfied, reopened and solved again; some were resolved past their category's
deadline; and a few are still open past their deadline (overdue) or await the resident's
evaluation at the end of the year.

The rows are written in bulk (``jilin_grid.bulk``) in one transaction, which bypasses the services: the
builder sets ``level``, ``holder_code``, ``escalations``, ``due_at``, ``resolved_at``,
``minutes_to_resolve`` and ``closed_at`` exactly as the services would. Deterministic (its own
seeded random generator) and idempotent (nothing is added when 2020's demo problems exist).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.demo import demo_actors, demo_scale
from grids.network.models import Building, Grid, ResidentialCompound, Unit
from jilin_grid.bulk import insert_many
from jilin_grid.demo import GIVEN_FEMALE, GIVEN_MALE, SURNAME_CUM_WEIGHTS, SURNAMES, DemoRun, bulk, split

from .choices import (
    HANDLING_ORDER,
    OPEN_PROBLEM_STATUSES,
    Evaluation,
    HandlingLevel,
    ProblemEventKind,
    ProblemStatus,
    Urgency,
)
from .models import ProblemCategory, ProblemEvent, ResidentProblem
from .permissions import holder_code
from .services import problem_categories_ensure

YEAR = 2020
SEED = 2202_2020
TZ = ZoneInfo("Asia/Shanghai")
BATCH_SIZE = 2000
PER_GRID = 6  # problems per grid over the year, at any scale
RESIDENT_PHONE_SERIES = "1998"  # 199 8000 0000 upwards: apart from the people's 1990 series

# How far problems go: (escalations, weight). Most are solved in the grid.
ESCALATION_WEIGHTS = ((0, 780), (1, 140), (2, 55), (3, 18), (4, 7))
# Outcomes: closed, returned, open (overdue at the end of the year), resolved awaiting evaluation.
OUTCOME_WEIGHTS = (("closed", 890), ("returned", 35), ("open", 45), ("awaiting", 30))
REOPENED_SHARE = 0.05  # of the closed: dissatisfied first, reopened, solved again
LATE_SHARE = 0.08  # of the solved: resolved after the category's deadline

# What residents bring up, per category (the data migration's names); unknown categories use "其他".
DESCRIPTIONS = {
    "物业管理": (
        "物业费纠纷，业主认为物业服务不到位拒缴物业费，双方僵持不下",
        "小区停车难，外来车辆占用消防通道，物业管理不到位",
        "物业公司保洁人员减少，楼道长期无人打扫",
        "小区门禁损坏多日，物业迟迟不修，外来人员随意进出",
        "电梯频繁故障，物业维保不及时，老人上下楼困难",
        "物业公司撤场，小区处于弃管状态，垃圾无人清运",
        "业主与物业就公共收益使用发生争议，要求公开账目",
        "装修噪音扰民，物业未按规定时间管理",
    ),
    "环境卫生": (
        "下水道堵塞，污水漫到楼前，气味难闻",
        "垃圾桶满溢未及时清运，夏季蚊蝇滋生",
        "楼道内堆放杂物，居民反映影响通行和卫生",
        "小区绿地被私自开荒种菜，破坏公共绿化",
        "化粪池外溢，楼前道路污水横流",
        "居民饲养宠物随意便溺，邻里意见很大",
        "冬季积雪未清理，楼前路面结冰易滑倒",
        "餐饮店油烟直排，影响楼上住户开窗",
    ),
    "治安安全": (
        "楼道内电动车充电，飞线充电存在火灾隐患",
        "小区监控探头损坏，近期发生自行车被盗",
        "夜间有人在楼下聚集喧哗，影响居民休息",
        "楼道消防栓箱内无水带，灭火器过期",
        "独居老人家中燃气软管老化，存在泄漏隐患",
        "小区围墙破损，有陌生人夜间翻越",
        "地下室被人占用居住，存在安全隐患",
        "有人上门推销保健品，老人担心受骗",
    ),
    "养老服务": (
        "独居老人需要助餐，子女在外地无人照顾",
        "高龄老人行动不便，希望上门理发和助浴",
        "失能老人家属咨询居家养老服务补贴办理",
        "空巢老人走失过一次，家属希望办理防走失二维码",
        "老人希望社区开设老年食堂，解决吃饭难",
        "老人慢性病需长期服药，希望家庭医生上门",
        "独居老人家中无人探视，邻居担心其安全",
        "老年人不会使用智能手机，办事扫码困难",
    ),
    "就业帮扶": (
        "下岗职工年过四十，求职屡屡碰壁，希望推荐岗位",
        "高校毕业生回乡待业，咨询就业见习岗位",
        "残疾人家庭成员希望参加技能培训",
        "灵活就业人员咨询社保补贴申请",
        "零就业家庭申请公益性岗位",
        "疫情期间个体户停业，咨询创业担保贷款",
        "农民工工资被拖欠三个月，希望协调追讨",
        "家政服务人员希望参加育婴师培训取证",
    ),
    "法律援助": (
        "邻里因房屋漏水引发赔偿纠纷，协商未果",
        "老人赡养纠纷，子女互相推诿",
        "房屋买卖后迟迟不能办理产权证",
        "居民咨询离婚财产分割和子女抚养问题",
        "租户拖欠房租后失联，房东咨询维权途径",
        "网购遭遇诈骗，咨询报案和追回损失",
        "遗产继承纠纷，兄弟姐妹之间矛盾激化",
        "交通事故赔偿迟迟未到位，咨询法律途径",
    ),
    "设施维修": (
        "楼道灯不亮，晚上上下楼看不清台阶",
        "单元门锁损坏，门无法关闭",
        "屋顶防水层老化，顶楼住户家中漏雨",
        "暖气不热，室温只有十四五度",
        "自来水管道锈蚀，水质发黄",
        "小区路面坑洼不平，雨天积水严重",
        "楼前路灯损坏多盏，夜间一片漆黑",
        "外墙保温层脱落，存在坠落危险",
    ),
    "其他": (
        "居民咨询新冠疫苗接种的时间和地点",
        "希望社区增设健身器材和休闲座椅",
        "居民反映公交站点撤销，出行不便",
        "咨询老旧小区改造的范围和进度",
        "居民希望开设四点半课堂，解决孩子放学无人看管",
        "反映附近工地夜间施工噪音",
        "咨询低保和临时救助的申请条件",
        "希望社区组织文艺活动，丰富居民生活",
    ),
}
# Categories that come up more often in a year of a grid's life.
CATEGORY_WEIGHTS = {
    "物业管理": 20,
    "环境卫生": 18,
    "治安安全": 9,
    "养老服务": 12,
    "就业帮扶": 6,
    "法律援助": 7,
    "设施维修": 20,
    "其他": 8,
}
RESOLUTIONS = {
    "物业管理": (
        "组织居委会、物业公司、业委会三方协商，物业承诺整改，业主补缴物业费",
        "联系物业公司增派人员，限期整改到位",
        "召开居民议事会，明确停车位划分和收费办法",
        "协调物业维保单位更换部件，恢复正常运行",
    ),
    "环境卫生": (
        "联系环卫部门清运垃圾，增设垃圾桶两个",
        "协调市政疏通管道，清理污水并消毒",
        "组织网格党员志愿者清理楼道杂物",
        "约谈商户安装油烟净化设备",
    ),
    "治安安全": (
        "联系社区民警加强夜间巡逻，修复监控探头",
        "清理楼道电动车，引导到集中充电桩充电",
        "协调燃气公司上门更换软管并入户宣传",
        "联合派出所开展防诈骗宣传，劝离推销人员",
    ),
    "养老服务": (
        "对接老年食堂，每日送餐上门",
        "安排志愿者结对帮扶，每周上门探视两次",
        "协助家属办理居家养老服务补贴",
        "联系社区卫生服务中心签约家庭医生",
    ),
    "就业帮扶": (
        "推荐到辖区企业就业，已签订劳动合同",
        "报名参加人社部门组织的技能培训",
        "协助申请公益性岗位，已上岗",
        "协调劳动监察部门，工资已足额发放",
    ),
    "法律援助": (
        "联系法律顾问免费咨询，双方达成调解协议",
        "人民调解员上门调解，签订赡养协议",
        "指导当事人申请法律援助，已立案",
        "协调相关部门，手续已办结",
    ),
    "设施维修": (
        "更换楼道声控灯，已恢复照明",
        "维修单元门锁，门禁恢复正常",
        "协调维修资金，完成屋面防水维修",
        "联系供热公司排气调试，室温达标",
    ),
    "其他": (
        "已向居民详细解答并留下联系方式",
        "反映至相关部门，已落实",
        "协调辖区单位共建，已开展活动",
        "指导居民准备材料，已提交申请",
    ),
}
ESCALATION_REASONS = {
    HandlingLevel.COMMUNITY: (
        "涉及多个网格，需社区统筹协调",
        "需要协调物业公司和业委会，网格层面难以解决",
        "网格多次协调未果，提交社区处理",
    ),
    HandlingLevel.STREET: (
        "涉及辖区单位，需街道协调",
        "需要动用维修资金，社区无权审批",
        "社区协调未果，提请街道联席会议研究",
    ),
    HandlingLevel.DISTRICT: (
        "涉及区级职能部门职责，需区里协调",
        "需要区住建部门立项解决",
        "街道多次协调未果，提请区级督办",
    ),
    HandlingLevel.CITY: (
        "涉及市级部门和供热、供水企业，需市级统筹",
        "属于全市共性问题，提请市级层面研究",
    ),
}
RETURN_REASONS = (
    "属于司法程序中的案件，已告知居民通过诉讼途径解决",
    "诉求重复登记，已合并到原诉求办理",
    "属于居民家庭内部事务，已做好解释工作",
    "不属于本辖区范围，已告知居民向属地反映",
    "属于市场经营行为，已引导居民向市场监管部门投诉",
)
SATISFIED_COMMENTS = (
    "电话回访，居民表示满意",
    "上门回访，问题已解决，居民很满意",
    "居民送来感谢信",
    "回访时居民对处理速度表示认可",
    "",
)
BASIC_COMMENTS = (
    "电话回访，居民表示基本满意，希望今后更及时",
    "问题已解决，居民认为处理时间偏长",
    "上门回访，居民基本满意",
)
DISSATISFIED_COMMENTS = (
    "回访时居民反映问题反复出现，不满意",
    "居民认为只是临时处理，没有根本解决",
    "居民表示没有人上门查看，不满意",
)


@dataclass
class _Plan:
    """One problem and its timeline, decided before any row is written."""

    grid: tuple
    category: ProblemCategory
    description: str
    compound_id: int | None
    building_id: int | None
    unit_id: int | None
    resident_name: str
    resident_phone: str
    urgency: str
    recorded_at: datetime
    status: str = ProblemStatus.RECORDED
    level: str = HandlingLevel.GRID
    escalations: int = 0
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    resolution: str = ""
    return_reason: str = ""
    evaluation: str = ""
    evaluation_comment: str = ""
    events: list[tuple] = field(default_factory=list)  # (kind, level, note, at)


def _at(rng: random.Random, day_of_year: int) -> datetime:
    start = datetime(YEAR, 1, 1, tzinfo=TZ) + timedelta(days=day_of_year)
    return start.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59))


def _later(rng: random.Random, at: datetime, low_hours: float, high_hours: float) -> datetime:
    return at + timedelta(minutes=rng.randint(int(low_hours * 60), int(high_hours * 60)))


class _Residents:
    """Fictitious residents: names from the demo city's lists, phones from their own series."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.next_number = 0  # 199 8000 0000

    def phone(self) -> str:
        number = self.next_number
        self.next_number += 1
        return f"{RESIDENT_PHONE_SERIES}{number:07d}"

    def name(self) -> str:
        rng = self.rng
        pool = GIVEN_FEMALE if rng.random() < 0.55 else GIVEN_MALE
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.75 else "")
        return rng.choices(SURNAMES, cum_weights=SURNAME_CUM_WEIGHTS)[0] + given


def demo_problems_present(year: int = YEAR) -> bool:
    return ResidentProblem.objects.filter(
        area_code__startswith=settings.CITY_CODE,
        recorded_at__gte=datetime(year, 1, 1, tzinfo=TZ),
        recorded_at__lt=datetime(year + 1, 1, 1, tzinfo=TZ),
    ).exists()


def _places(grid_ids: list[int]) -> dict[int, list[tuple]]:
    """Per grid: (compound id, building id, place name, [(unit id, number)]) of each building."""
    compounds = dict(
        ResidentialCompound.objects.filter(area_code__startswith=settings.CITY_CODE).values_list("id", "name")
    )
    units: dict[int, list[tuple[int, int]]] = {}
    for unit_id, building_id, number in (
        Unit.objects.filter(area_code__startswith=settings.CITY_CODE)
        .order_by("building_id", "number")
        .values_list("id", "building_id", "number")
    ):
        units.setdefault(building_id, []).append((unit_id, number))
    places: dict[int, list[tuple]] = {grid_id: [] for grid_id in grid_ids}
    for building_id, grid_id, compound_id, name in (
        Building.objects.filter(area_code__startswith=settings.CITY_CODE)
        .order_by("id")
        .values_list("id", "grid_id", "compound_id", "name")
    ):
        place = f"{compounds[compound_id]}{name}" if compound_id else name
        places.setdefault(grid_id, []).append((compound_id, building_id, place, units.get(building_id, [])))
    return places


def _plan(rng: random.Random, plan: _Plan) -> None:
    """The timeline of one problem, and the fields it leaves on the row."""
    name = plan.category.name if plan.category.name in DESCRIPTIONS else "其他"
    outcome = rng.choices([o for o, _w in OUTCOME_WEIGHTS], weights=[w for _o, w in OUTCOME_WEIGHTS])[0]
    target = rng.choices([e for e, _w in ESCALATION_WEIGHTS], weights=[w for _e, w in ESCALATION_WEIGHTS])[0]
    if outcome == "returned":
        target = min(target, 1)
    deadline = timedelta(days=plan.category.response_days)
    at = plan.recorded_at
    events = plan.events
    events.append((ProblemEventKind.RECORDED, HandlingLevel.GRID, "", at))

    def step(kind: str, note: str = "", low: float = 0.5, high: float = 6.0) -> None:
        nonlocal at
        at = _later(rng, at, low, high)
        events.append((kind, plan.level, note, at))

    def escalate() -> None:
        plan.escalations += 1
        plan.level = HANDLING_ORDER[plan.escalations].value
        step(ProblemEventKind.ESCALATED, rng.choice(ESCALATION_REASONS[HandlingLevel(plan.level)]), 4, 48)

    if outcome == "returned":
        if rng.random() < 0.5:
            step(ProblemEventKind.ACCEPTED)
            plan.status = ProblemStatus.ACCEPTED
        for _step in range(target):
            escalate()
        plan.return_reason = rng.choice(RETURN_REASONS)
        plan.status = ProblemStatus.RETURNED
        step(ProblemEventKind.RETURNED, plan.return_reason, 2, 30)
        return

    # Escalated at once (beyond the grid's powers), or after the grid tried.
    early = target > 0 and rng.random() < 0.35
    if early:
        for _step in range(target):
            escalate()
    step(ProblemEventKind.ACCEPTED)
    plan.status = ProblemStatus.ACCEPTED
    if outcome == "open" and rng.random() < 0.3:
        return
    step(ProblemEventKind.STARTED, "", 1, 24)
    plan.status = ProblemStatus.IN_PROGRESS
    if not early:
        for _step in range(target):
            escalate()
    if outcome == "open":
        return

    late = rng.random() < LATE_SHARE
    hours = deadline.total_seconds() / 3600
    if late:
        resolve_at = plan.recorded_at + deadline + timedelta(hours=rng.uniform(6, hours * 1.5 + 24))
    else:
        resolve_at = plan.recorded_at + timedelta(hours=rng.uniform(0.15, 0.85) * hours)
    resolve_at = max(resolve_at, _later(rng, at, 1, 8))
    resolutions = RESOLUTIONS.get(name, RESOLUTIONS["其他"])
    plan.resolution = rng.choice(resolutions)
    at = resolve_at
    events.append((ProblemEventKind.RESOLVED, plan.level, plan.resolution, at))
    plan.resolved_at = at
    plan.status = ProblemStatus.RESOLVED
    if outcome == "awaiting":
        return

    if rng.random() < REOPENED_SHARE:
        comment = rng.choice(DISSATISFIED_COMMENTS)
        step(ProblemEventKind.EVALUATED, comment, 12, 72)
        events.append((ProblemEventKind.REOPENED, plan.level, comment, at))
        plan.evaluation, plan.evaluation_comment = Evaluation.DISSATISFIED, comment
        plan.resolution = rng.choice([r for r in resolutions if r != plan.resolution])
        step(ProblemEventKind.RESOLVED, plan.resolution, 24, 24 * 6)
        plan.resolved_at = at
    if rng.random() < 0.78:
        plan.evaluation, plan.evaluation_comment = Evaluation.SATISFIED, rng.choice(SATISFIED_COMMENTS)
    else:
        plan.evaluation, plan.evaluation_comment = Evaluation.BASICALLY_SATISFIED, rng.choice(BASIC_COMMENTS)
    step(ProblemEventKind.EVALUATED, plan.evaluation_comment, 6, 72)
    plan.closed_at = at
    plan.status = ProblemStatus.CLOSED


@transaction.atomic
def build_demo_problems(scale: int | None = None, stdout: TextIO | None = None) -> dict[str, int]:
    """Add 2020's demo residents' problems (about 6 per grid) unless they are there.

    Without ``scale``, the scale of the demo city in the database. Answers the figures.
    """
    problems = ResidentProblem.objects.filter(area_code__startswith=settings.CITY_CODE)
    if demo_problems_present():
        return {"created": 0, "problems": problems.count()}
    scale = scale or demo_scale()
    rng = random.Random(SEED + scale)
    categories = problem_categories_ensure()
    grids = list(Grid.objects.filter(code__startswith=settings.CITY_CODE).order_by("code").values_list("id", "code"))
    if not categories or not grids:
        return {"created": 0, "problems": 0}
    weights = [CATEGORY_WEIGHTS.get(c.name, 6) for c in categories]
    places = _places([grid_id for grid_id, _code in grids])
    residents = _Residents(rng)
    actors = demo_actors("gridworker", "nanshan", "jiangnan", "fengman", "city")
    counts = split(PER_GRID * len(grids), len(grids), rng, minimum=1, spread=0.5)
    # Every category at least once, whatever the weights.
    forced = iter(categories)

    plans: list[_Plan] = []
    for grid, count in zip(grids, counts, strict=True):
        for _index in range(count):
            category = next(forced, None) or rng.choices(categories, weights=weights)[0]
            name = category.name if category.name in DESCRIPTIONS else "其他"
            compound_id = building_id = unit_id = None
            location = ""
            buildings = places.get(grid[0])
            if buildings and rng.random() < 0.9:
                compound_id, building_id, location, units = rng.choice(buildings)
                if units and rng.random() < 0.7:
                    unit_id, number = rng.choice(units)
                    location += f"{number}单元"
                location += "居民反映："
            urgent = 0.25 if name == "治安安全" else 0.1
            draw = rng.random()
            urgency = Urgency.CRITICAL if draw < urgent / 4 else Urgency.URGENT if draw < urgent else Urgency.NORMAL
            plan = _Plan(
                grid=grid,
                category=category,
                description=location + rng.choice(DESCRIPTIONS[name]) + "。",
                compound_id=compound_id,
                building_id=building_id,
                unit_id=unit_id,
                resident_name=residents.name(),
                resident_phone=residents.phone(),
                urgency=urgency,
                recorded_at=_at(rng, rng.randint(0, 365)),
            )
            _plan(rng, plan)
            plans.append(plan)

    rows = []
    for plan in plans:
        grid_id, code = plan.grid
        minutes = None
        if plan.resolved_at is not None:
            minutes = max(0, int((plan.resolved_at - plan.recorded_at).total_seconds() // 60))
        rows.append(
            ResidentProblem(
                grid=Grid(pk=grid_id, code=code),  # the row it points at: its area code derives without a query
                category=plan.category,
                description=plan.description,
                compound_id=plan.compound_id,
                building_id=plan.building_id,
                unit_id=plan.unit_id,
                resident_name=plan.resident_name,
                resident_phone=plan.resident_phone,
                urgency=plan.urgency,
                status=plan.status,
                level=plan.level,
                holder_code=holder_code(code, plan.level),
                recorded_by=actors.get(code),
                recorded_at=plan.recorded_at,
                due_at=plan.recorded_at + timedelta(days=plan.category.response_days),
                resolved_at=plan.resolved_at,
                minutes_to_resolve=minutes,
                closed_at=plan.closed_at,
                resolution=plan.resolution,
                return_reason=plan.return_reason,
                evaluation=plan.evaluation,
                evaluation_comment=plan.evaluation_comment,
                escalations=plan.escalations,
            )
        )
    bulk(ResidentProblem, rows, batch_size=BATCH_SIZE)
    events = []
    for plan, problem in zip(plans, rows, strict=True):
        code = problem.area_code
        for kind, level, note, at in plan.events:
            actor = actors.get(holder_code(code, level)) if kind != ProblemEventKind.EVALUATED else actors.get(code)
            if kind == ProblemEventKind.RECORDED:
                actor = problem.recorded_by
            events.append(ProblemEvent(problem=problem, kind=kind, actor=actor, level=level, note=note, at=at))
    insert_many(ProblemEvent, events, batch_size=BATCH_SIZE)
    figures = {
        "created": len(rows),
        "problems": len(rows),
        "events": len(events),
        "escalated": sum(1 for p in plans if p.escalations),
        "open": sum(1 for p in plans if p.status in OPEN_PROBLEM_STATUSES),
    }
    if stdout is not None:
        stdout.write(
            _("  %(year)s residents' problems: %(problems)s recorded, %(escalated)s escalated\n")
            % {"year": YEAR, "problems": len(rows), "escalated": figures["escalated"]}
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of 2020's residents' problems (see ``jilin_grid.demo``)."""
    figures = build_demo_problems(scale=run.content_scale, stdout=run.stdout)
    return [(figures["problems"], gettext_lazy("residents' problems of 2020"))]
