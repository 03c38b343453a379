"""Demo rectification of weak and lax party organizations (软弱涣散党组织整改晋位), at the document's figures.

The document's 18 rectified street and community organizations (× scale), identified in 2018 (by the
district's decision: the portal's scores start in 2019) or 2019 (from a confirmed 2019 score below
the threshold), each accepted the next year with its next year's confirmed score as the re-rating;
among them 南山社区 of 江南街道, whose measures are the document's: a property company brought in, the
community and property party organizations cross-appointed, residents' deliberation meetings held
with the owners' committee (with the red-heart property demo's company, appointment and meeting when
南山社区 is one of its pilots, else the property company whose party organization the city holds there).
And four open cases of 2020 (× scale) from the 2020 scores below the threshold: two with overdue
measures, one with every measure done, one extended.

Every case has a county standing-committee member of its district as guarantor (a person kept at the
district's code, added here), a helping department of its district (the sunk cadres' sending
departments; the city's when the district has none), a paired community of its district whose latest
confirmed stars are four or more (the assessment demo's scores), the in-service members reporting to
its community, measures with deadlines and monthly progress.

Deterministic (its own seeded random generator), idempotent (nothing is added when the city has
cases) and written in bulk (``jilin_grid.bulk``), after the assessment's scores.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.cadres.models import Department
from alliances.property.models import CompoundMode, CrossAppointment, DeliberationMeeting
from alliances.volunteering.choices import OPEN_REPORT_STATUSES
from alliances.volunteering.models import MemberReport
from communities.choices import HostUnitKind
from communities.demo import People, demo_scale
from communities.models import Community, PartyOrganization, Person
from jilin_grid.demo import DemoRun, bulk
from jilin_grid.scope import COMMUNITY_CODE_LENGTH
from projects.assessment.choices import ScoreStatus
from projects.assessment.models import BranchScore

from .choices import CaseSource, CaseStatus
from .models import CaseExtension, CaseProgress, Measure, ProblemKind, RectificationCase
from .selectors import community_latest_stars
from .services import PAIRED_STARS_AT_LEAST, problem_kinds_ensure

SEED = 2018_06_30
RECTIFIED = 18
OPEN = 4
SHOWCASE = "南山社区"
SHOWCASE_STREET = "江南街道"
GUARANTOR_PHONE_START = 9_900_000
DECISION_REASONS = (
    "班子软弱涣散，书记长期空缺，组织生活不正常。",
    "老旧小区弃管，物业缺失，群众反映强烈。",
    "矛盾纠纷突出，群众满意度测评排名靠后。",
    "制度落实不到位，党员作用发挥不明显。",
)
MEASURES = (
    ("选优配强社区党组织班子", "新任书记到岗，班子成员配齐"),
    ("落实“三会一课”制度", "支部按月开展主题党日，记录完整"),
    ("在职党员到社区报到服务", "报到党员认领服务岗位"),
    ("整治环境卫生和楼道堆物", "清理楼道堆物，居民满意"),
    ("建立网格员、楼栋长队伍", "网格员、楼栋长全部到位"),
    ("开展群众满意度回访", "回访满意率提升到九成以上"),
)
PROGRESS = (
    "班子调整到位，书记带头走访居民。",
    "结对社区上门指导，帮带部门解决经费。",
    "在职党员报到服务，居民问题逐一销号。",
)


def _guarantors(rng: random.Random, district_codes: list[str]) -> dict[str, list[Person]]:
    """Two standing-committee members of each district, kept at the district's code, with numbers of
    the demo's reserved series (``communities.demo.People``) from 9,900,000, apart from the others'."""
    people = People(rng, start=GUARANTOR_PHONE_START)
    rows = [people.new(code, party_share=1.0, female_share=0.2) for code in district_codes for _ in range(2)]
    bulk(Person, rows)
    found: dict[str, list[Person]] = {}
    for person in rows:
        found.setdefault(person.area_code, []).append(person)
    return found


def _departments(district_codes: list[str]) -> dict[str, list[Department]]:
    rows = list(Department.objects.filter(area_code__in=[settings.CITY_CODE, *district_codes], is_active=True)
                .order_by("area_code", "id"))  # fmt: skip
    if not rows:
        city = Department(name="市民政局", area_code=settings.CITY_CODE)
        bulk(Department, [city])
        rows = [city]
    found: dict[str, list[Department]] = {}
    for department in rows:
        found.setdefault(department.area_code, []).append(department)
    return {code: found.get(code) or found.get(settings.CITY_CODE) or rows for code in district_codes}


def _showcase_measures(community: Community) -> tuple[list[tuple[str, date, str]], str]:
    """南山社区's measures, with the red-heart property demo's facts when it is one of its pilots."""
    company = (
        CompoundMode.objects.filter(compound__community=community, company__isnull=False)
        .select_related("company").order_by("since").first()
    )  # fmt: skip
    appointment = (
        CrossAppointment.objects.filter(company__community=community).order_by("started_on").first()
        if company
        else None
    )
    meeting = DeliberationMeeting.objects.filter(community=community).order_by("held_on").first()
    unit = (
        PartyOrganization.objects.filter(area_code=community.code, host_unit_kind=HostUnitKind.PROPERTY_COMPANY)
        .order_by("id").values_list("host_unit_name", flat=True).first()
    )  # fmt: skip
    name = company.company.name if company else unit or "物业服务企业"
    post = f"（{appointment.person_name}任{appointment.post}）" if appointment else ""
    held = f"（{meeting.held_on:%Y年%m月%d日}首次召开）" if meeting else ""
    measures = [
        (f"引进{name}，结束小区弃管", date(2018, 9, 30), f"{name}进驻，签订物业服务合同"),
        ("社区党组织与物业党组织交叉任职", date(2018, 10, 31), f"社区党组织与物业党组织班子交叉任职{post}"),
        ("建立居民议事会，与业委会共商小区事务", date(2018, 12, 31), f"居民议事会与业委会、物业三方共商{held}"),
    ]
    return measures, f"南山社区引进{name}，交叉任职，居民议事会与业委会三方联动。"


class Builder:
    def __init__(self, rng: random.Random, scale: int):
        self.rng, self.scale = rng, scale
        self.cases: list[RectificationCase] = []
        self.plans: list[dict] = []

    def pick(self):
        city = settings.CITY_CODE
        organizations = PartyOrganization.objects.annotate(length=Length("area_code")).filter(
            area_code__startswith=city, host_unit_kind=HostUnitKind.AREA, is_active=True,
            length__in=(9, COMMUNITY_CODE_LENGTH),
        ).order_by("area_code", "id")  # fmt: skip
        scores = {
            (row.organization_id, row.year): row
            for row in BranchScore.objects.filter(area_code__startswith=city, status=ScoreStatus.CONFIRMED,
                                                  area_code__length=COMMUNITY_CODE_LENGTH)
        }  # fmt: skip
        organizations = list(organizations)
        showcase = Community.objects.filter(name=SHOWCASE, street__name=SHOWCASE_STREET,
                                            code__startswith=city).first()  # fmt: skip
        threshold = settings.ASSESSMENT_RECTIFICATION_BELOW
        used: set[int] = set()
        rectified: list[tuple] = []  # (organization, year, source, score)
        if showcase is not None:
            own = next((o for o in organizations if o.area_code == showcase.code), None)
            if own is not None:
                rectified.append((own, 2018, CaseSource.DECISION, None))
                used.add(own.pk)
        wanted = RECTIFIED * self.scale
        streets = [o for o in organizations if len(o.area_code) == 9]
        for organization in self.rng.sample(streets, min(2 * self.scale, len(streets))):
            rectified.append((organization, 2018, CaseSource.DECISION, None))
            used.add(organization.pk)
        communities = [o for o in organizations if len(o.area_code) == COMMUNITY_CODE_LENGTH and o.pk not in used]
        low_2019 = [o for o in communities if (s := scores.get((o.pk, 2019))) and s.confirmed_total < threshold
                    and (n := scores.get((o.pk, 2020))) and n.confirmed_total >= threshold]  # fmt: skip
        for organization in low_2019[: max(0, wanted - len(rectified))]:
            rectified.append((organization, 2019, CaseSource.SCORE, scores[(organization.pk, 2019)]))
            used.add(organization.pk)
        rest = [o for o in communities if o.pk not in used]
        for organization in self.rng.sample(rest, min(len(rest), max(0, wanted - len(rectified)))):
            rectified.append((organization, 2018, CaseSource.DECISION, None))
            used.add(organization.pk)
        low_2020 = [o for o in communities if o.pk not in used and (s := scores.get((o.pk, 2020)))
                    and s.confirmed_total < threshold]  # fmt: skip
        opened = [(o, 2020, CaseSource.SCORE, scores[(o.pk, 2020)]) for o in low_2020[: OPEN * self.scale]]
        return rectified[:wanted], opened, scores, showcase

    def build(self) -> None:
        rectified, opened, scores, showcase = self.pick()
        everything = rectified + opened
        if not everything:
            return
        districts = sorted({organization.area_code[:6] for organization, *_rest in everything})
        guarantors = _guarantors(self.rng, districts)
        departments = _departments(districts)
        stars = community_latest_stars(
            list(Community.objects.filter(code__startswith=settings.CITY_CODE).values_list("code", flat=True))
        )
        excellent = sorted(code for code, (_year, count) in stars.items() if count >= PAIRED_STARS_AT_LEAST)
        paired_ids = dict(Community.objects.filter(code__in=excellent).values_list("code", "pk"))
        communities = {
            c.code: c for c in Community.objects.filter(code__in=[o.area_code[:12] for o, *_r in everything])
        }
        reports: dict[str, list[int]] = {}
        for pk, code in (
            MemberReport.objects.filter(status__in=OPEN_REPORT_STATUSES)
            .filter(Q(area_code__in=[o.area_code for o, *_r in everything]))
            .order_by("area_code", "id").values_list("pk", "area_code")
        ):  # fmt: skip
            reports.setdefault(code, []).append(pk)
        kinds = list(ProblemKind.objects.filter(is_active=True).order_by("position"))
        today = timezone.localdate()
        for organization, year, source, score in everything:
            district = organization.area_code[:6]
            own = organization.area_code[:COMMUNITY_CODE_LENGTH]
            choices = [code for code in excellent if code.startswith(district) and code != own] or [
                code for code in excellent if code != own
            ]
            if not choices:
                continue
            is_open = year == 2020
            is_showcase = showcase is not None and organization.area_code == showcase.code
            identified_on = date(year, 3, 1) + timedelta(days=self.rng.randint(0, 120))
            if source == CaseSource.SCORE:
                # After the district confirmed the year's scores (the assessment demo's 20 December).
                identified_on = date(year, 12, 21) + timedelta(days=self.rng.randint(0, 9))
            accepted_on = None if is_open else date(identified_on.year + 1, 12, self.rng.randint(1, 25))
            case = RectificationCase(
                organization=organization, year=year, identified_on=identified_on, source=source, score=score,
                reason=(DECISION_REASONS[1] if is_showcase else self.rng.choice(DECISION_REASONS))
                if source == CaseSource.DECISION else "",
                problem_note="",
                guarantor=self.rng.choice(guarantors[district]), department=self.rng.choice(departments[district]),
                paired_community_id=paired_ids[self.rng.choice(choices)],
                deadline=identified_on + timedelta(days=365) if is_open else date(identified_on.year + 1, 12, 31),
                status=CaseStatus.OPEN if is_open else CaseStatus.RECTIFIED, accepted_on=accepted_on,
                acceptance_note="" if is_open else "整改到位，晋位摘帽。",
                rerating=None if is_open else scores.get((organization.pk, year + 1)),
            )  # fmt: skip
            if is_showcase:
                measures, note = _showcase_measures(communities[own])
                case.problem_note = "小区弃管，物业缺失，居民意见大。"
                case.acceptance_note = note
            else:
                measures = []
                start = identified_on
                for number, (title, done) in enumerate(self.rng.sample(MEASURES, 3)):
                    measures.append((title, start + timedelta(days=60 * (number + 1)), done))
            self.cases.append(case)
            self.plans.append({
                "case": case, "measures": measures, "open_kind": len([p for p in self.plans if p["case"].year == 2020])
                if is_open else None, "kinds": self.rng.sample(kinds, min(len(kinds), 2 + self.rng.randint(0, 1))),
                "reports": reports.get(organization.area_code, [])[:3],
            })  # fmt: skip
        bulk(RectificationCase, self.cases)
        self.parts(today)

    def parts(self, today: date) -> None:
        measures, progress, extensions, kinds, members = [], [], [], [], []
        for plan in self.plans:
            case = plan["case"]
            kinds.extend(RectificationCase.problems.through(rectificationcase_id=case.pk, problemkind_id=k.pk)
                         for k in plan["kinds"])  # fmt: skip
            members.extend(RectificationCase.member_reports.through(rectificationcase_id=case.pk, memberreport_id=r)
                           for r in plan["reports"])  # fmt: skip
            open_kind = plan["open_kind"]
            for number, (title, due_on, done) in enumerate(plan["measures"]):
                done_on = None if case.is_open else min(due_on, case.accepted_on)
                if open_kind == 2 or (open_kind == 3 and number < 2) or (open_kind in (0, 1) and number < open_kind):
                    done_on = due_on - timedelta(days=3)
                if open_kind == 3 and number == 2:
                    due_on = today + timedelta(days=45)
                measures.append(Measure(case=case, title=title, due_on=due_on, done_on=done_on,
                                        done_note=done if done_on else ""))  # fmt: skip
            if open_kind == 3:
                later = today + timedelta(days=90)
                extensions.append(
                    CaseExtension(case=case, previous_deadline=case.deadline, new_deadline=later,
                                  reason="物业招标受疫情影响延后", extended_on=case.deadline - timedelta(days=10))
                )  # fmt: skip
                case.deadline = later
            month = case.identified_on.replace(day=1)
            for text in PROGRESS:
                month = (month + timedelta(days=32)).replace(day=1)
                done_count = sum(1 for m in measures[-len(plan["measures"]) :] if m.done_on and m.done_on < month)
                progress.append(CaseProgress(case=case, month=month, text=text, measures_done=done_count,
                                             measures_total=len(plan["measures"])))  # fmt: skip
        bulk(Measure, measures)
        bulk(CaseProgress, progress)
        bulk(CaseExtension, extensions)
        RectificationCase.problems.through.objects.bulk_create(kinds)
        RectificationCase.member_reports.through.objects.bulk_create(members)
        extended = [plan["case"] for plan in self.plans if plan["open_kind"] == 3]
        if extended:
            RectificationCase.objects.bulk_update(extended, ["deadline"])


def demo_rectification_figures() -> dict[str, int]:
    cases = RectificationCase.objects.filter(area_code__startswith=settings.CITY_CODE)
    return {
        "cases": cases.count(),
        "rectified": cases.filter(status=CaseStatus.RECTIFIED).count(),
        "open": cases.filter(status=CaseStatus.OPEN).count(),
    }


def build_demo_rectification(scale: int | None = None, stdout: TextIO | None = None) -> dict:
    """Add the demo cases, unless the city has some. Answers the figures as the database holds them,
    with ``created`` and ``seconds``."""
    started = time.monotonic()
    created = False
    with transaction.atomic():
        problem_kinds_ensure()
        if (
            BranchScore.objects.filter(area_code__startswith=settings.CITY_CODE).exists()
            and not RectificationCase.objects.filter(area_code__startswith=settings.CITY_CODE).exists()
        ):
            Builder(random.Random(SEED), scale or demo_scale()).build()
            created = True
    figures = {"created": created, "seconds": round(time.monotonic() - started, 1), **demo_rectification_figures()}
    if stdout is not None and created:
        stdout.write(
            _("  Rectification: %(rectified)s organizations rectified, %(open)s under rectification\n")
            % {"rectified": figures["rectified"], "open": figures["open"]}
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of the rectification of weak and lax organizations (see ``jilin_grid.demo``)."""
    figures = build_demo_rectification(scale=run.content_scale, stdout=run.stdout)
    return [
        (figures["rectified"], gettext_lazy("weak and lax organizations rectified")),
        (figures["open"], gettext_lazy("organizations under rectification")),
    ]
