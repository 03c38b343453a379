"""Demo standards and scores of the standardized branch creation (五好一满意).

The standards of 2019 and 2020 (34 tasks over the 6 aspects, summing to 100 points; 2020 a copy of
2019 with two tasks reweighted), and every community and grid party branch of the city scored for
both years in the three steps, with a spread of stars (most at three and four, a few below 60
points: the candidates for rectification). A few 2020 scores wait for the street or the district.

Deterministic (its own seeded random generator), idempotent (nothing is added when the city has
scores) and written with ``bulk_create``; ``scale`` follows the city's (its branches are scored).
"""

from __future__ import annotations

import random
import time
from datetime import datetime
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jilin_grid.demo import DemoRun, bulk

from .choices import Aspect, Figure, ScoreStatus, ScoreStep
from .models import ASPECT_FIELDS, AssessmentStandard, AssessmentTask, BranchScore, ScoreChange, TaskScore
from .selectors import scored_organizations
from .services import stars_for

SEED = 2020_12_31
YEARS = (2019, 2020)
A, M, L, R, P, S = Aspect.LEADERSHIP, Aspect.MEMBERS, Aspect.LIFE, Aspect.RULES, Aspect.ROLE, Aspect.SATISFACTION
# (aspect, task, points, what earns them, evidence required, figure shown)
TASKS = (
    (A, "班子配备齐全", 3, "书记、委员按规定配齐，届中调整及时。", False, ""),
    (A, "书记履职尽责", 4, "书记抓党建述职评议为好或较好。", True, ""),
    (A, "交叉任职", 3, "社区党组织与驻区单位、物业党组织班子成员交叉任职。", False, ""),
    (A, "班子分工明确", 2, "委员分工到人，职责上墙公开。", False, ""),
    (A, "后备干部培养", 3, "建立后备干部队伍，每个岗位1至2名。", False, ""),
    (A, "书记一号工程", 3, "书记认领一号工程，按月调度推进。", True, Figure.NO1_PROJECT),
    (M, "党员教育培训", 3, "党员每年集中培训不少于32学时。", True, ""),
    (M, "发展党员", 3, "按程序发展党员，注重从网格员、志愿者中发展。", False, ""),
    (M, "党员积分管理", 3, "实行党员积分制管理，结果公示。", False, ""),
    (M, "流动党员管理", 2, "流动党员建档联系，纳入组织生活。", False, ""),
    (M, "在职党员报到", 3, "在职党员到社区报到，认领服务岗位。", False, Figure.MEMBERS_REPORTED),
    (M, "党费收缴", 3, "党费按时足额收缴，台账清晰。", False, ""),
    (L, "三会一课", 4, "支部党员大会、支委会、党小组会、党课按期召开。", True, ""),
    (L, "主题党日", 3, "每月开展主题党日活动。", True, ""),
    (L, "组织生活会", 3, "每年召开组织生活会，开展批评与自我批评。", False, ""),
    (L, "民主评议党员", 3, "每年开展民主评议党员。", False, ""),
    (L, "谈心谈话", 2, "班子成员与党员谈心谈话全覆盖。", False, ""),
    (L, "党建联盟活动", 2, "参加党建联盟共驻共建活动。", False, Figure.ALLIANCE_ACTIVITIES),
    (R, "党务公开", 3, "党务公开内容、时间、形式规范。", False, ""),
    (R, "四议两公开", 3, "重大事项按“四议两公开”决策。", False, ""),
    (R, "档案管理", 3, "党建档案分类规范、资料完整。", True, ""),
    (R, "阵地建设", 3, "党群服务中心功能完善、标识规范。", False, ""),
    (R, "经费管理", 2, "服务群众专项经费使用规范。", False, ""),
    (R, "网格党组织制度", 2, "网格党支部（党小组）制度健全。", False, ""),
    (P, "六步工作法", 3, "党建联盟按六步工作法解决群众诉求。", False, ""),
    (P, "红心物业", 3, "推进红心物业，三方联动机制运转。", False, ""),
    (P, "志愿服务", 3, "党员志愿服务常态化开展。", False, ""),
    (P, "网格化治理", 3, "网格员、楼栋长队伍健全，诉求及时上报。", False, ""),
    (P, "疫情防控", 2, "党员冲锋在前，防控任务落实。", False, ""),
    (P, "服务品牌", 3, "打造社区服务品牌，形成特色。", False, ""),
    (S, "诉求办结", 4, "群众诉求按时办结。", False, Figure.PROBLEMS_SOLVED),
    (S, "群众满意度", 5, "群众评价满意和基本满意率不低于90%。", False, Figure.SATISFACTION),
    (S, "民主测评", 3, "居民代表民主测评满意。", False, ""),
    (S, "无越级上访", 3, "无越级上访和群体性事件。", False, ""),
)
# 2020 reweights two tasks (still 100 points).
CHANGES_2020 = {"书记一号工程": 4, "谈心谈话": 1}
# The share of branches whose confirmed total lands in each band (5 stars down to 1).
QUALITY_BANDS = ((0.18, 0.90, 0.98), (0.36, 0.80, 0.90), (0.27, 0.70, 0.80), (0.12, 0.60, 0.70), (0.07, 0.40, 0.60))
REVIEW_REASONS = ("佐证材料不完整", "会议记录缺少签到", "台账未及时更新", "活动次数不足")


def build_standards() -> dict[int, AssessmentStandard]:
    """The standards of 2019 and 2020, in force."""
    standards = {}
    for year in YEARS:
        standard, _created = AssessmentStandard.objects.get_or_create(
            year=year, defaults={"in_force_at": timezone.make_aware(datetime(year, 1, 5))}
        )
        if not standard.tasks.exists():
            AssessmentTask.objects.bulk_create(
                AssessmentTask(standard=standard, number=number, aspect=aspect, title=title,
                               points=CHANGES_2020.get(title, points) if year == 2020 else points,
                               description=description, evidence_required=evidence, figure=figure)
                for number, (aspect, title, points, description, evidence, figure) in enumerate(TASKS, start=1)
            )  # fmt: skip
        standards[year] = standard
    return standards


def _quality(rng: random.Random) -> float:
    pick = rng.random()
    for share, low, high in QUALITY_BANDS:
        if pick < share:
            return rng.uniform(low, high)
        pick -= share
    return rng.uniform(0.4, 0.6)


def _build(rng: random.Random, standards: dict[int, AssessmentStandard]) -> None:
    organizations = list(scored_organizations().filter(area_code__startswith=settings.CITY_CODE).order_by("id"))
    for year, standard in standards.items():
        tasks = list(standard.tasks.order_by("number"))
        at = timezone.make_aware(datetime(year, 12, 20))
        scores, plans = [], []
        for organization in organizations:
            quality = _quality(rng)
            waiting = rng.random() if year == YEARS[-1] else 1.0
            status = (
                ScoreStatus.SELF_ASSESSED if waiting < 0.02
                else ScoreStatus.REVIEWED if waiting < 0.05
                else ScoreStatus.CONFIRMED
            )  # fmt: skip
            rows = []
            for task in tasks:
                points = max(0, min(task.points, round(task.points * min(1.0, quality + rng.uniform(-0.08, 0.08)))))
                claimed = min(task.points, points + (1 if rng.random() < 0.15 else 0))
                rows.append((task, claimed, points))
            plans.append((status, rows))
            current = [claimed if status == ScoreStatus.SELF_ASSESSED else points for _t, claimed, points in rows]
            aspects = dict.fromkeys(ASPECT_FIELDS.values(), 0)
            for (task, _c, _p), value in zip(rows, current, strict=True):
                aspects[ASPECT_FIELDS[Aspect(task.aspect)]] += value
            total = sum(current)
            confirmed = status == ScoreStatus.CONFIRMED
            scores.append(
                BranchScore(
                    organization=organization, year=year, standard=standard, status=status, total=total, **aspects,
                    confirmed_total=total if confirmed else None, stars=stars_for(total) if confirmed else None,
                    self_assessed_at=at, reviewed_at=at if status != ScoreStatus.SELF_ASSESSED else None,
                    confirmed_at=at if confirmed else None,
                )
            )  # fmt: skip
        bulk(BranchScore, scores)
        items, changes = [], []
        for score, (status, rows) in zip(scores, plans, strict=True):
            reviewed = status != ScoreStatus.SELF_ASSESSED
            confirmed = status == ScoreStatus.CONFIRMED
            for task, claimed, points in rows:
                reason = rng.choice(REVIEW_REASONS) if reviewed and claimed != points else ""
                items.append(
                    TaskScore(score_id=score.pk, task=task, self_points=claimed,
                              review_points=points if reviewed else None, review_reason=reason,
                              confirmed_points=points if confirmed else None)
                )  # fmt: skip
                if reason:
                    changes.append(
                        ScoreChange(score_id=score.pk, task=task, step=ScoreStep.REVIEW, previous=claimed,
                                    points=points, reason=reason, at=at)
                    )  # fmt: skip
        bulk(TaskScore, items, batch_size=5000)
        bulk(ScoreChange, changes)


def demo_assessment_figures() -> dict[str, int]:
    scores = BranchScore.objects.filter(area_code__startswith=settings.CITY_CODE)
    return {
        "scores": scores.count(),
        "confirmed": scores.filter(status=ScoreStatus.CONFIRMED).count(),
        "standards": AssessmentStandard.objects.filter(year__in=YEARS).count(),
    }


def build_demo_assessment(stdout: TextIO | None = None) -> dict:
    """Add the demo standards and scores, unless the city has scores. Answers the figures as the
    database holds them, with ``created`` and ``seconds`` (how long the step took)."""
    started = time.monotonic()
    created = False
    with transaction.atomic():
        if not BranchScore.objects.filter(area_code__startswith=settings.CITY_CODE).exists():
            standards = build_standards()
            if scored_organizations().filter(area_code__startswith=settings.CITY_CODE).exists():
                _build(random.Random(SEED), standards)
                created = True
    figures = {"created": created, "seconds": round(time.monotonic() - started, 1), **demo_assessment_figures()}
    if stdout is not None and created:
        stdout.write(
            _("  Standardized branches: %(scores)s scores in %(seconds)s s\n")
            % {"scores": figures["scores"], "seconds": figures["seconds"]}
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of the standardized branches' standards and scores (see ``jilin_grid.demo``)."""
    figures = build_demo_assessment(stdout=run.stdout)
    return [
        (figures["standards"], gettext_lazy("assessment standards")),
        (figures["scores"], gettext_lazy("branch scores")),
    ]
