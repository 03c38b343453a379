"""Demo No.1 projects (书记一号工程) of 2020 for the demo city.

The source document counts 713 claimed projects in 2020; at scale 1 the demo holds exactly that
many claims (every claim that holds its organization's place: all but the abandoned ones), and
``scale`` multiplies them. Claimants are party organizations across the city: every community's
own organization first, then every street's and district's, then the unit-hosted branches of the
communities (property companies first), and grid organizations only when a large scale needs
them. One claim per organization and year, as the database enforces.

Each project answers a practice of the document (红心物业, 十分钟便民服务圈, 防走失二维码, 红色驿站,
胡同治理, 在职党员报到, ...), has 3 to 5 milestones, is approved in January or February (a few
are returned and resubmitted first) and files its monthly progress (月调度) over the year: most
on time and on track, some after the deadline day, some with months missing (red), some behind
their milestones (yellow). About one in ten is completed with a closing summary, about twenty
are showcased (择优晾晒) with a write-up, and a handful are abandoned with a reason, their
organizations claiming a new project in their place. Every step is in the history.

The content is deterministic (its own seeded random generator) and written in bulk (``jilin_grid.bulk``)
in one transaction. The builder is idempotent: it does nothing when 2020's demo projects exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.choices import GRID_ORGANIZATION_KINDS, HostUnitKind
from communities.demo import demo_scale
from communities.models import Community, District, PartyOrganization, Street
from jilin_grid.bulk import insert_many
from jilin_grid.demo import DemoRun, bulk

from .choices import ProjectEventKind, ProjectStatus
from .demo_data import THEMES, Theme
from .models import Milestone, ProgressReport, Project, ProjectEvent

YEAR = 2020
CLAIMED = 713  # the document's figure for 2020, at scale 1
SEED = 713_2020
TZ = ZoneInfo("Asia/Shanghai")
BATCH_SIZE = 2000

COMPLETED_SHARE = 0.10
SHOWCASED = 20
RETURNED = 30
ABANDONED = 6

# Themes that suit the claimant: its host unit, or its level.
UNIT_THEMES = {
    HostUnitKind.PROPERTY_COMPANY: ("property", "deliberation", "alley"),
    HostUnitKind.ENTERPRISE: ("reporting", "alliance", "elderly"),
    HostUnitKind.AGENCY: ("qrcode", "epidemic", "alley"),
    HostUnitKind.SOCIAL_ORGANIZATION: ("elderly", "youth", "station", "qrcode"),
    HostUnitKind.INSTITUTION: ("youth", "reporting"),
}
LEVEL_THEMES = {
    6: ("alliance", "circle", "station", "rectify"),
    9: ("circle", "station", "alley", "alliance", "epidemic", "rectify"),
    12: tuple(theme.key for theme in THEMES),
    15: ("epidemic", "deliberation", "alley", "elderly"),
}
THEMES_BY_KEY = {theme.key: theme for theme in THEMES}

RETURN_REASONS = (
    "目标不够具体，请细化可量化的年度指标后重新报送。",
    "措施与问题对应不够，请补充具体举措和责任分工。",
    "节点安排过于集中在年底，请按季度分解任务。",
    "项目与去年重复，请结合今年居民需求调整内容。",
)
REVISED_NOTES = ("已按意见细化指标和节点。", "已补充措施和责任分工。", "已调整节点安排。")
APPROVAL_NOTES = ("", "", "同意，请按节点推进。", "同意。注意做好月调度报送。", "同意，建议加强与驻区单位联动。")
ABANDON_REASONS = (
    "所在片区纳入棚户区改造征收范围，项目条件发生变化，改为认领新项目。",
    "合作单位退出，项目无法按计划实施，经研究改为认领新项目。",
    "与上级统一部署的工作重复，按区委组织部意见调整为新项目。",
    "项目场地被收回，无法继续实施，另行认领项目。",
)


@dataclass
class _Plan:
    """One demo project, decided before any row is written."""

    organization: PartyOrganization
    place: str  # who claims: the area's name, or the host unit's
    area: str  # where: the name of the organization's area
    theme: Theme
    title: str
    claimed_at: datetime
    approved_at: datetime
    start_month: int
    milestone_months: list[int]
    status: str = ProjectStatus.APPROVED
    returned: tuple[datetime, str, datetime] | None = None  # returned at, reason, revised at
    percents: dict[int, int] = field(default_factory=dict)
    late_months: set[int] = field(default_factory=set)
    closed_at: datetime | None = None
    closing: str = ""
    abandon_reason: str = ""
    showcased_at: datetime | None = None
    review_note: str = ""


def _at(rng: random.Random, year: int, month: int, day: int) -> datetime:
    """A working-hours moment of the day, in Shanghai time."""
    return datetime(year, month, day, rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59), tzinfo=TZ)


def _month_end(month: int) -> int:
    return 31 if month == 12 else (datetime(YEAR, month + 1, 1) - timedelta(days=1)).day


def _places() -> dict[str, str]:
    names = dict(District.objects.values_list("code", "name"))
    names.update(Street.objects.values_list("code", "name"))
    names.update(Community.objects.values_list("code", "name"))
    return names


def _claimants(count: int, rng: random.Random) -> list[PartyOrganization]:
    """``count`` organizations: communities', then streets' and districts', then unit-hosted, then grids'."""
    city = settings.CITY_CODE
    organizations = list(
        PartyOrganization.objects.filter(area_code__startswith=city)
        .exclude(area_code=city)
        .select_related("secretary")
        .order_by("area_code", "kind", "host_unit_kind", "name", "id")
    )
    area = [o for o in organizations if o.host_unit_kind == HostUnitKind.AREA and len(o.area_code) != 15]
    communities = [o for o in area if len(o.area_code) == 12]
    higher = [o for o in area if len(o.area_code) in (6, 9)]
    hosted = [o for o in organizations if o.host_unit_kind != HostUnitKind.AREA and len(o.area_code) == 12]
    hosted.sort(key=lambda o: (o.host_unit_kind != HostUnitKind.PROPERTY_COMPANY, rng.random()))
    grids = [o for o in organizations if len(o.area_code) == 15 and o.kind in GRID_ORGANIZATION_KINDS]
    rng.shuffle(grids)
    chosen = (communities + higher + hosted + grids)[:count]
    if len(chosen) < count:
        raise ValueError(f"the demo city has {len(chosen)} party organizations, fewer than {count} projects")
    return chosen


def _milestone_months(rng: random.Random, start: int, end: int) -> list[int]:
    count = min(rng.randint(3, 5), end - start + 1)
    return [*sorted(rng.sample(range(start, end), count - 1)), end]


def _expected(months: list[int], month: int) -> int:
    return sum(1 for m in months if m <= month) * 100 // len(months)


def _progress(rng: random.Random, plan: _Plan, end: int, profile: str) -> None:
    """Percent complete per month from the start month to ``end``, following the profile."""
    lag = {"behind": rng.randint(6, 25), "serious": rng.randint(35, 50)}.get(profile, 0)
    behind_from = rng.randint(plan.start_month, 5)
    span = end - plan.start_month + 1
    percent = 0
    for month in range(plan.start_month, end + 1):
        expected = _expected(plan.milestone_months, month)
        steady = round(100 * (month - plan.start_month + 1) / span)
        value = max(expected, min(100, steady + rng.randint(-5, 5)))
        if lag and month >= behind_from:
            value = max(0, expected - lag)
        percent = min(100, max(percent, value))
        plan.percents[month] = percent
    if plan.status == ProjectStatus.COMPLETED:
        plan.percents[end] = 100
    if profile == "missing":
        candidates = list(range(plan.start_month + 1, end + 1))
        missing = set(rng.sample(candidates, min(len(candidates), rng.randint(1, 3))))
        if rng.random() < 0.4:
            missing.add(6)  # the summer gap: June's progress never came
        for month in missing:
            plan.percents.pop(month, None)
    lateness = rng.choice((0.0,) * 14 + (0.2,) * 5 + (0.6,))
    plan.late_months = {m for m in plan.percents if m < 12 and rng.random() < lateness}


def _plan_projects(scale: int, rng: random.Random) -> list[_Plan]:
    count = CLAIMED * scale
    abandoned = ABANDONED * scale
    organizations = _claimants(count, rng)
    places = _places()
    returned = set(rng.sample(range(count), RETURNED * scale))
    completed = set(rng.sample(range(count), round(COMPLETED_SHARE * count)))
    abandoning = set(rng.sample([i for i in range(count) if i not in completed], abandoned))
    titles: set[str] = set()
    plans: list[_Plan] = []
    for index, organization in enumerate(organizations):
        code = organization.area_code
        if organization.host_unit_kind != HostUnitKind.AREA:
            keys = UNIT_THEMES.get(organization.host_unit_kind, LEVEL_THEMES[12])
            place = organization.host_unit_name or organization.name
        else:
            keys = LEVEL_THEMES[len(code)]
            place = places.get(code, organization.name)
        theme = THEMES_BY_KEY[rng.choice(keys)]
        title = f"{place}{rng.choice(theme.titles)}"
        if title in titles:
            title = f"{place}{theme.titles[0]}（{organization.name}）"
        titles.add(title)
        claimed_at = _at(rng, YEAR, 1, rng.randint(2, 15))
        plan = _Plan(
            organization=organization,
            place=place,
            area=places.get(code, place),
            theme=theme,
            title=title,
            claimed_at=claimed_at,
            approved_at=claimed_at,
            start_month=1,
            milestone_months=[],
        )
        if index in returned:
            returned_at = claimed_at + timedelta(days=rng.randint(4, 9), hours=rng.randint(0, 5))
            revised_at = returned_at + timedelta(days=rng.randint(3, 10), hours=rng.randint(0, 5))
            plan.returned = (returned_at, rng.choice(RETURN_REASONS), revised_at)
            plan.approved_at = revised_at + timedelta(days=rng.randint(3, 12), hours=rng.randint(0, 5))
            if plan.approved_at.month == 1:
                plan.approved_at = _at(rng, YEAR, 2, rng.randint(1, 10))
        else:
            approved_at = claimed_at + timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 6))
            plan.approved_at = approved_at
        plan.start_month = plan.approved_at.month
        profile = rng.choices(("track", "behind", "serious", "missing"), weights=(72, 14, 5, 9))[0]
        end = 12
        if index in completed:
            plan.status = ProjectStatus.COMPLETED
            end = rng.randint(8, 12)
            profile = "track"
        plan.milestone_months = _milestone_months(rng, plan.start_month, end)
        _progress(rng, plan, end, profile)
        if index in completed:
            plan.closed_at = _at(rng, YEAR, end, rng.randint(20, 28))
            plan.closing = theme.closing
        plans.append(plan)
        if index in abandoning:
            plans.append(_replacement(rng, plan))
    showcase = [p for p in plans if p.status != ProjectStatus.ABANDONED and len(p.percents) >= 6 and not p.late_months]
    showcase = [p for p in showcase if p.percents.get(6, 0) >= _expected(p.milestone_months, 6)]
    for plan in rng.sample(showcase, min(len(showcase), SHOWCASED * scale)):
        plan.showcased_at = _at(rng, YEAR, rng.randint(5, 11), rng.randint(10, 25))
        if plan.closed_at and plan.showcased_at > plan.closed_at:
            plan.showcased_at = plan.closed_at - timedelta(days=rng.randint(5, 30))
    return plans


def _replacement(rng: random.Random, first: _Plan) -> _Plan:
    """Abandon ``first`` in spring; its organization claims a new project (answered here)."""
    abandon_month = rng.randint(3, 4)
    first.status = ProjectStatus.ABANDONED
    first.abandon_reason = rng.choice(ABANDON_REASONS)
    first.closed_at = _at(rng, YEAR, abandon_month, rng.randint(8, 20))
    first.percents = {m: p for m, p in first.percents.items() if m < abandon_month}
    first.late_months &= set(first.percents)
    first.showcased_at = None
    keys = [t.key for t in THEMES if t.key != first.theme.key]
    theme = THEMES_BY_KEY[rng.choice(keys)]
    claimed_at = first.closed_at + timedelta(days=rng.randint(2, 8))
    approved_at = claimed_at + timedelta(days=rng.randint(3, 10))
    plan = _Plan(
        organization=first.organization,
        place=first.place,
        area=first.area,
        theme=theme,
        title=f"{first.place}{theme.titles[0]}",
        claimed_at=claimed_at,
        approved_at=approved_at,
        start_month=approved_at.month,
        milestone_months=[],
    )
    plan.milestone_months = _milestone_months(rng, plan.start_month, 12)
    _progress(rng, plan, 12, "track")
    return plan


def _fill(text: str, rng: random.Random, plan: _Plan) -> str:
    return text.format(place=plan.area, n=rng.randint(2, 15), m=rng.randint(20, 400), p=rng.randint(85, 100))


def _submitted_at(rng: random.Random, month: int, late: bool) -> datetime:
    deadline = settings.PROJECT_PROGRESS_DEADLINE_DAY
    if month == 12:
        return _at(rng, YEAR, 12, rng.randint(26, 31))
    if late:
        return _at(rng, YEAR, month + 1, rng.randint(deadline + 1, deadline + 10))
    if rng.random() < 0.5:
        return _at(rng, YEAR, month, rng.randint(25, _month_end(month)))
    return _at(rng, YEAR, month + 1, rng.randint(1, deadline))


def _users() -> dict[str, object]:
    """The demo accounts that act in the history where their area is concerned."""
    users = get_user_model().objects.filter(username__in=("nanshan", "jiangnan", "fengman", "city"))
    return {
        grant.area_code: user
        for user in users.prefetch_related("area_grants")
        for grant in user.area_grants.all()
        if grant.area_code != settings.CITY_CODE
    }


def _actor(users: dict[str, object], code: str, *, reviewer: bool = False):
    for length in (6,) if reviewer else (12, 9):
        user = users.get(code[:length])
        if user is not None:
            return user
    return None


def demo_projects_present(year: int = YEAR) -> bool:
    return Project.objects.filter(year=year, area_code__startswith=settings.CITY_CODE).exists()


@transaction.atomic
def build_demo_projects(scale: int | None = None, stdout: TextIO | None = None) -> dict[str, int]:
    """Add 2020's demo projects (713 × scale claims) unless they are there; answers their figures.

    Without ``scale``, the scale of the demo city in the database.
    """
    if demo_projects_present():
        projects = Project.objects.filter(year=YEAR, area_code__startswith=settings.CITY_CODE)
        return {
            "created": 0,
            "claimed": projects.exclude(status=ProjectStatus.ABANDONED).count(),
            "progress_reports": ProgressReport.objects.filter(project__in=projects).count(),
        }
    scale = scale or demo_scale()
    rng = random.Random(SEED + scale)
    plans = _plan_projects(scale, rng)
    users = _users()
    projects = []
    for plan in plans:
        theme = plan.theme
        secretary = plan.organization.secretary
        responsible = f"{secretary.name}（书记）" if secretary else plan.organization.name
        plan.review_note = rng.choice(APPROVAL_NOTES)
        projects.append(
            Project(
                organization=plan.organization,
                year=YEAR,
                title=plan.title[:200],
                problem=theme.problem.format(place=plan.area),
                goal=theme.goal,
                measures=theme.measures,
                responsible=responsible,
                start_month=plan.start_month,
                status=plan.status,
                claimed_by=_actor(users, plan.organization.area_code),
                review_note=plan.review_note,
                reviewed_at=plan.approved_at,
                showcased=plan.showcased_at is not None,
                showcase_writeup=theme.writeup if plan.showcased_at else "",
                showcased_at=plan.showcased_at,
                closing_summary=plan.closing,
                abandon_reason=plan.abandon_reason,
                closed_at=plan.closed_at,
            )
        )
    bulk(Project, projects, batch_size=BATCH_SIZE)

    milestones, progress, events = [], [], []
    for plan, project in zip(plans, projects, strict=True):
        theme = plan.theme
        code = project.area_code
        claimant = project.claimed_by
        reviewer = _actor(users, code, reviewer=True)
        for position, month in enumerate(plan.milestone_months):
            description = theme.milestones[min(position, len(theme.milestones) - 1)]
            if position == len(plan.milestone_months) - 1:
                description = theme.milestones[-1]
            milestones.append(Milestone(project=project, month=month, description=description))
        events.append(ProjectEvent(project=project, kind=ProjectEventKind.CLAIMED, actor=claimant, at=plan.claimed_at))
        if plan.returned:
            returned_at, reason, revised_at = plan.returned
            events.append(
                ProjectEvent(
                    project=project, kind=ProjectEventKind.RETURNED, actor=reviewer, note=reason, at=returned_at
                )
            )
            events.append(
                ProjectEvent(
                    project=project,
                    kind=ProjectEventKind.REVISED,
                    actor=claimant,
                    note=rng.choice(REVISED_NOTES),
                    at=revised_at,
                )
            )
        events.append(
            ProjectEvent(
                project=project,
                kind=ProjectEventKind.APPROVED,
                actor=reviewer,
                note=plan.review_note,
                at=plan.approved_at,
            )
        )
        for month, percent in sorted(plan.percents.items()):
            submitted_at = _submitted_at(rng, month, month in plan.late_months)
            behind = percent < _expected(plan.milestone_months, month)
            progress.append(
                ProgressReport(
                    project=project,
                    month=month,
                    percent_complete=percent,
                    done=_fill(rng.choice(theme.done), rng, plan) + "。",
                    problems=rng.choice(theme.problems) if behind or rng.random() < 0.3 else "",
                    next_steps=rng.choice(theme.next_steps),
                    submitted_by=claimant,
                    submitted_at=submitted_at,
                )
            )
            events.append(
                ProjectEvent(
                    project=project,
                    kind=ProjectEventKind.PROGRESS,
                    actor=claimant,
                    note=f"{month}月 {percent}%",
                    at=submitted_at,
                )
            )
        if plan.showcased_at:
            events.append(
                ProjectEvent(
                    project=project,
                    kind=ProjectEventKind.SHOWCASED,
                    actor=reviewer,
                    note=theme.writeup,
                    at=plan.showcased_at,
                )
            )
        if plan.status == ProjectStatus.COMPLETED:
            events.append(
                ProjectEvent(
                    project=project,
                    kind=ProjectEventKind.COMPLETED,
                    actor=claimant,
                    note=plan.closing,
                    at=plan.closed_at,
                )
            )
        if plan.status == ProjectStatus.ABANDONED:
            events.append(
                ProjectEvent(
                    project=project,
                    kind=ProjectEventKind.ABANDONED,
                    actor=claimant,
                    note=plan.abandon_reason,
                    at=plan.closed_at,
                )
            )
    insert_many(Milestone, milestones, batch_size=BATCH_SIZE)
    insert_many(ProgressReport, progress, batch_size=BATCH_SIZE)
    insert_many(ProjectEvent, events, batch_size=BATCH_SIZE)
    figures = {
        "created": len(projects),
        "claimed": sum(1 for p in plans if p.status != ProjectStatus.ABANDONED),
        "milestones": len(milestones),
        "progress_reports": len(progress),
        "events": len(events),
    }
    if stdout is not None:
        stdout.write(
            _("  %(year)s No.1 projects: %(claimed)s claimed, %(progress)s monthly progress reports\n")
            % {"year": YEAR, "claimed": figures["claimed"], "progress": len(progress)}
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of 2020's No.1 projects (see ``jilin_grid.demo``)."""
    figures = build_demo_projects(scale=run.content_scale, stdout=run.stdout)
    return [
        (figures["claimed"], gettext_lazy("No.1 projects claimed in 2020")),
        (figures["progress_reports"], gettext_lazy("monthly progress reports of 2020")),
    ]
