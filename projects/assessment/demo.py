"""Demo standards and scores of the standardized branch creation (五好一满意).

The standards of 2019 and 2020 (34 tasks over the 6 aspects, summing to 100 points; 2020 a copy of
2019 with two tasks reweighted), and every community and grid party branch of the city scored for
both years in the three steps, with a spread of stars (most at three and four, a few below 60
points: the candidates for rectification). A few 2020 scores wait for the street or the district.

Deterministic (its own seeded random generator), idempotent (nothing is added when the city has
scores) and written in bulk (``jilin_grid.bulk``); ``scale`` follows the city's (its branches are scored).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.models import District
from jilin_grid.demo import DemoRun, bulk

from . import services
from .choices import Aspect, Figure, ReportStatus, ReviewGrade, ReviewRoundStatus, ScoreStatus, ScoreStep
from .models import (
    ASPECT_FIELDS,
    AssessmentStandard,
    AssessmentTask,
    BranchScore,
    ReportSection,
    ReviewRound,
    ReviewVote,
    ScoreChange,
    SecretaryReport,
    TaskScore,
)
from .selectors import reporting_organizations, scored_organizations
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


# The annual report-and-review (述职评议), 2015 to 2020 ----------------------------------------------

REVIEW_YEARS = tuple(range(2015, 2021))
REVIEW_SEED = 2015_2020
REVIEWERS_PER_AREA = 7  # each round appoints 5 to 7 of them
# The share of reports whose reviewers lean to each grade (mostly 好 and 较好, a few 一般, a handful 差).
LEANINGS = ((ReviewGrade.GOOD, 0.5), (ReviewGrade.FAIRLY_GOOD, 0.37), (ReviewGrade.AVERAGE, 0.115),
            (ReviewGrade.POOR, 0.015))  # fmt: skip
NOT_REPORTED = 0.015  # organizations without a submitted report in a year (a draft, or nothing)
POOR_COMMUNITIES = 3  # community organizations at least graded 差 in 2018 or 2019
HEADINGS = (
    "履行抓基层党建工作第一责任人职责情况",
    "{year}年党建重点任务推进情况",
    "存在的问题及原因分析",
    "下一步工作打算",
)
DUTY_TEXT = (
    "{year}年，{name}坚持把抓基层党建作为主责主业，全年召开党组织会议专题研究党建工作{meetings}次，"
    "书记带头讲党课{lessons}次，走访党员群众{visits}户，落实“书记一号工程”责任清单。",
    "作为党建第一责任人，本人牵头制定年度党建工作要点，建立班子成员包保网格制度，"
    "全年研究解决基层党建具体问题{meetings}件，督促整改问题{lessons}项。",
)
TASK_TEXT = (
    "深化网格化党建，{grids}个网格党组织实现全覆盖，组建党建联盟开展共驻共建活动{activities}次；"
    "推进在职党员“双报到”，认领服务岗位{posts}个，解决群众诉求{problems}件。",
    "围绕“五好一满意”标准化创建，规范“三会一课”和主题党日，推进红心物业和红色驿站建设，"
    "全年办理群众“急难愁盼”事项{problems}件，群众满意率{satisfaction}%。",
)
PROBLEM_TEXT = (
    "一是部分网格党组织作用发挥不均衡，党员参与网格治理的积极性有待提高；二是党建与业务融合不够紧密，"
    "服务群众的载体还不够丰富；三是党务工作者队伍年龄偏大，能力有待提升。",
    "对照述职要求，仍存在抓党建工作统筹谋划不够、创新举措不多、软弱涣散问题整改持续用力不够等问题，"
    "原因在于思想认识还不到位，压力传导层层递减。",
)
PLAN_TEXT = (
    "{next_year}年，将聚焦组织体系建设，进一步织密网格党组织，深化“小组+联盟”工作法，"
    "推动书记一号工程提质增效，以高质量党建引领基层治理。",
    "下一步，将持续抓好问题整改，健全党建工作责任制，加强党务工作者培训，打造特色服务品牌，不断提升群众满意度。",
)
COMMENTS = {
    ReviewGrade.GOOD: ("责任落实到位，成效明显。", "工作扎实，特色鲜明，群众认可度高。", "思路清晰，措施有力。"),
    ReviewGrade.FAIRLY_GOOD: ("工作较扎实，创新不足。", "基础工作规范，亮点不够突出。", "整体较好，需加强问题整改。"),
    ReviewGrade.AVERAGE: ("问题查摆不够深入。", "重点任务推进较慢。", "党建与治理融合不够。"),
    ReviewGrade.POOR: ("责任落实不到位，组织软弱涣散。", "问题突出，整改不力。", "党组织作用发挥不明显。"),
}
GRADES = list(ReviewGrade)


def _sections(rng: random.Random, organization, year: int) -> list[tuple[str, str]]:
    figures = {
        "name": organization.name,
        "year": year,
        "next_year": year + 1,
        "meetings": rng.randint(8, 24),
        "lessons": rng.randint(2, 8),
        "visits": rng.randint(40, 300),
        "grids": rng.randint(4, 16),
        "activities": rng.randint(6, 40),
        "posts": rng.randint(10, 120),
        "problems": rng.randint(30, 400),
        "satisfaction": rng.randint(90, 99),
    }
    bodies = [rng.choice(DUTY_TEXT), rng.choice(TASK_TEXT), rng.choice(PROBLEM_TEXT), rng.choice(PLAN_TEXT)]
    sections = [(heading.format(**figures), body.format(**figures)) for heading, body in zip(HEADINGS, bodies,
                                                                                              strict=True)]  # fmt: skip
    if rng.random() < 0.4:
        del sections[2]  # three sections: the problems folded into the others
    return sections


def _grades(rng: random.Random, leaning: ReviewGrade, count: int) -> list[str]:
    """``count`` reviewers' grades leaning to ``leaning``: most give it, the others a grade beside it."""
    index = GRADES.index(leaning)
    grades = []
    for _reviewer in range(count):
        if rng.random() < 0.7:
            grades.append(leaning.value)
        else:
            grades.append(GRADES[max(0, min(len(GRADES) - 1, index + rng.choice((-1, 1))))].value)
    return grades


def _leaning(rng: random.Random) -> ReviewGrade:
    pick = rng.random()
    for grade, share in LEANINGS:
        if pick < share:
            return grade
        pick -= share
    return ReviewGrade.POOR


def _build_reviews(rng: random.Random) -> None:
    from communities.demo import ensure_department_reviewers

    city = settings.CITY_CODE
    districts = list(District.objects.filter(code__startswith=city).order_by("code").values_list("code", flat=True))
    reviewers = ensure_department_reviewers([city, *districts], REVIEWERS_PER_AREA, rng)
    organizations = {
        code: list(reporting_organizations(code).filter(secretary__isnull=False).select_related("secretary")
                   .order_by("area_code", "id"))
        for code in [city, *districts]
    }  # fmt: skip
    communities = [org for code in districts for org in organizations[code] if len(org.area_code) == 12]
    poor = {(org.pk, rng.choice((2018, 2019))) for org in rng.sample(communities, min(POOR_COMMUNITIES,
                                                                                        len(communities)))}  # fmt: skip
    # Who reported a year: the secretary filed in post at its end (a predecessor, for the years before
    # a change of secretary), else the organization's secretary.
    from projects.filing.models import SecretaryFiling

    filed = defaultdict(list)
    for organization_id, secretary_id, selected_on, ended_on in SecretaryFiling.objects.values_list(
        "organization_id", "secretary_id", "selected_on", "ended_on"
    ):
        filed[organization_id].append((selected_on, ended_on, secretary_id))

    def reporter(organization, year: int) -> int:
        year_end = date(year, 12, 31)
        for selected_on, ended_on, secretary_id in filed[organization.pk]:
            if selected_on <= year_end and (ended_on is None or ended_on >= year_end):
                return secretary_id
        return organization.secretary_id

    Through = ReviewRound.reviewers.through
    for year in REVIEW_YEARS:
        published_at = timezone.make_aware(datetime(year + 1, 1, 15, 10))
        rounds = [
            ReviewRound(area_code=code, year=year, status=ReviewRoundStatus.PUBLISHED, published_at=published_at,
                        published_by=reviewers[code][0])
            for code in [city, *districts]
        ]  # fmt: skip
        bulk(ReviewRound, rounds)
        appointed, links = {}, []
        for review_round in rounds:
            chosen = rng.sample(reviewers[review_round.area_code], rng.randint(5, min(7, REVIEWERS_PER_AREA)))
            appointed[review_round.pk] = chosen
            links.extend(Through(reviewround_id=review_round.pk, user_id=user.pk) for user in chosen)
        Through.objects.bulk_create(links)
        reports, plans = [], []
        for review_round in rounds:
            for organization in organizations[review_round.area_code]:
                missing = rng.random() < NOT_REPORTED and (organization.pk, year) not in poor
                if missing and rng.random() < 0.5:
                    continue  # not even a draft
                submitted_at = timezone.make_aware(datetime(year, 12, rng.randint(10, 28), 9))
                reports.append(
                    SecretaryReport(round=review_round, organization=organization,
                                    secretary_id=reporter(organization, year), year=year,
                                    status=ReportStatus.DRAFT if missing else ReportStatus.SUBMITTED,
                                    submitted_at=None if missing else submitted_at)
                )  # fmt: skip
                leaning = ReviewGrade.POOR if (organization.pk, year) in poor else _leaning(rng)
                plans.append((missing, leaning))
        # The results and ranks of each round, from its grades.
        grades_of = {}
        for index, (report, (missing, leaning)) in enumerate(zip(reports, plans, strict=True)):
            if missing:
                continue
            given = _grades(rng, leaning, len(appointed[report.round.pk]))
            if leaning == ReviewGrade.POOR and (report.organization.pk, year) in poor:
                given = [ReviewGrade.POOR.value] * (len(given) - 1) + [ReviewGrade.AVERAGE.value]
            grades_of[index] = given
            report.result = services.review_result(given)
            report.good_share = (Decimal(given.count(ReviewGrade.GOOD)) / len(given)).quantize(Decimal("0.001"))
        by_round = defaultdict(list)
        for index, report in enumerate(reports):
            if index in grades_of:
                by_round[report.round.pk].append((index, report.result, report.good_share))
        for rows in by_round.values():
            for index, rank in services.rank_reports(rows).items():
                reports[index].rank = rank
        bulk(SecretaryReport, reports)
        sections, votes = [], []
        for index, report in enumerate(reports):
            for number, (heading, body) in enumerate(_sections(rng, report.organization, year), start=1):
                sections.append(ReportSection(report_id=report.pk, number=number, heading=heading, body=body))
            for reviewer, grade in zip(appointed[report.round.pk], grades_of.get(index, ()), strict=False):
                votes.append(
                    ReviewVote(report_id=report.pk, reviewer=reviewer, grade=grade,
                               comment=rng.choice(COMMENTS[ReviewGrade(grade)]) if rng.random() < 0.6 else "",
                               at=timezone.make_aware(datetime(year + 1, 1, rng.randint(5, 12), 14)))
                )  # fmt: skip
        bulk(ReportSection, sections, batch_size=5000)
        bulk(ReviewVote, votes, batch_size=5000)


def demo_review_figures() -> dict[str, int]:
    reports = SecretaryReport.objects.filter(area_code__startswith=settings.CITY_CODE)
    return {
        "rounds": ReviewRound.objects.filter(area_code__startswith=settings.CITY_CODE).count(),
        "reports": reports.count(),
        "poor": reports.filter(result=ReviewGrade.POOR).count(),
    }


def build_demo_reviews(stdout: TextIO | None = None) -> dict:
    """Add six years of published rounds (2015-2020) of the city and every district, unless the city
    has a round. Answers the figures as the database holds them, with ``created`` and ``seconds``."""
    started = time.monotonic()
    created = False
    with transaction.atomic():
        city = settings.CITY_CODE
        if (
            not ReviewRound.objects.filter(area_code__startswith=city).exists()
            and District.objects.filter(code__startswith=city).exists()
        ):
            _build_reviews(random.Random(REVIEW_SEED))
            created = True
    figures = {"created": created, "seconds": round(time.monotonic() - started, 1), **demo_review_figures()}
    if stdout is not None and created:
        stdout.write(
            _("  Report-and-review: %(reports)s secretaries' reports in %(seconds)s s\n")
            % {"reports": figures["reports"], "seconds": figures["seconds"]}
        )
    return figures


def build_review_step(run: DemoRun) -> list:
    """The demo builder of the report-and-review's six years of rounds (see ``jilin_grid.demo``)."""
    figures = build_demo_reviews(stdout=run.stdout)
    return [
        (figures["rounds"], gettext_lazy("report-and-review rounds")),
        (figures["reports"], gettext_lazy("secretaries' annual reports")),
    ]
