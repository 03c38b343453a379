"""Demo party-building alliances (党建联盟) of the demo city, at the document's figures.

At scale 1: 358 alliances (one in every community, led by the community's party organization,
and 71 street alliances led by the street's working committee), 1,972 member units (agencies,
enterprises, schools, hospitals, property companies, social organizations, owners' committees;
the units hosting a party organization in the demo city join with it), 243 venues open to
residents (and a few closed for repairs), and activities whose participants add up to exactly
37,900 person-times. 绿地·筑石红社区's alliance runs the three-party linkage (三方联动: residents'
committee, property company, owners' committee) with 100+ joint activities and 20,000+
person-times, as the document tells. ``scale`` multiplies every figure (绿地's stays as it is).

Every alliance has its survey (摸底) and charter (组建) filled in, and runs the last four steps
on its problems: collected (many linked to the residents' problems escalated to its area, the
rest raised at the alliance), consulted at joint meetings whose decisions are assigned to
member units with deadlines, implemented (the units' reports), evaluated by the residents (a
few dissatisfied, sent back to be consulted again): a mix of steps, so every alliance page and
the statistics have content.

Deterministic (its own seeded random generator) and idempotent (nothing is added when the demo
city has alliances); written in bulk (``jilin_grid.bulk``) in one transaction, after the residents'
problems (``grids.problems.demo``), which it links to.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.choices import HostUnitKind
from communities.demo import demo_scale
from communities.models import Community, District, PartyOrganization, Street
from grids.network.models import ResidentialCompound
from grids.problems.choices import Evaluation
from grids.problems.demo import build_demo_problems
from grids.problems.models import ResidentProblem
from jilin_grid.bulk import insert_many
from jilin_grid.demo import (
    COMPOUND_WORDS,
    GIVEN_FEMALE,
    GIVEN_MALE,
    ROADS,
    SURNAME_CUM_WEIGHTS,
    SURNAMES,
    DemoRun,
    bulk,
    split,
)

from .choices import MemberUnitKind, ProblemStep
from .demo_data import (
    ACTIONS,
    ACTIVITY_TITLES,
    ALLIANCE_PROBLEMS,
    EVALUATION_COMMENTS,
    KIND_WEIGHTS,
    OFFERS,
    OPENING_HOURS,
    REPORTS,
    SURVEY_NEEDS,
    UNIT_NAMES,
    VENUE_KINDS,
    VENUE_NAMES,
)
from .models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue

SEED = 358_1972
YEAR = 2020
BATCH_SIZE = 2000
CONTACT_PHONE_SERIES = "1997"  # 199 7000 0000 upwards: apart from people (1990) and residents (1998)

# The document's figures (scale 1).
ALLIANCES = 358
MEMBER_UNITS = 1972
OPEN_VENUES = 243
PARTICIPANTS = 37_900
STREET_ALLIANCES = ALLIANCES - 287  # every community has one; 71 streets have one of their own
CLOSED_VENUES = 9  # venues closed for repairs (not counted as open)

SHOWCASE = "绿地·筑石红社区"
SHOWCASE_ACTIVITIES = 108
SHOWCASE_PARTICIPANTS = 20_160

STREET_ALLIANCE_NAMES = ("党建联盟", "区域化党建联盟", "红心物业党建联盟", "共建共治党建联盟", "医教共建党建联盟")

HOST_KINDS = {
    HostUnitKind.AGENCY: MemberUnitKind.AGENCY,
    HostUnitKind.ENTERPRISE: MemberUnitKind.ENTERPRISE,
    HostUnitKind.PROPERTY_COMPANY: MemberUnitKind.PROPERTY_COMPANY,
    HostUnitKind.SOCIAL_ORGANIZATION: MemberUnitKind.SOCIAL_ORGANIZATION,
    HostUnitKind.INSTITUTION: MemberUnitKind.SCHOOL,
}
# Where the alliances' problems stand at the end of the year.
STEP_WEIGHTS = (
    ("evaluated", 45),
    ("implemented", 15),
    ("consulted", 20),
    ("collected", 15),
    ("dissatisfied", 5),
)


def _between(rng: random.Random, start: date, low: int, high: int) -> date:
    return start + timedelta(days=rng.randint(low, high))


class _Contacts:
    """Fictitious contacts: names from the demo city's lists, phones from their own series."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.next_number = 0

    def new(self) -> tuple[str, str]:
        rng = self.rng
        pool = GIVEN_FEMALE if rng.random() < 0.5 else GIVEN_MALE
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.75 else "")
        name = rng.choices(SURNAMES, cum_weights=SURNAME_CUM_WEIGHTS)[0] + given
        phone = f"{CONTACT_PHONE_SERIES}{self.next_number:07d}"
        self.next_number += 1
        return name, phone


@dataclass
class _AreaInfo:
    code: str
    name: str  # the community's or the street's name
    street: str
    district: str
    address: str
    lead: PartyOrganization
    hosted: list[PartyOrganization] = field(default_factory=list)
    compounds: list[str] = field(default_factory=list)
    problems: list[tuple] = field(default_factory=list)  # (id, category, text, recorded date)


def demo_alliances_present() -> bool:
    return Alliance.objects.filter(area_code__startswith=settings.CITY_CODE).exists()


def _areas() -> tuple[list[_AreaInfo], list[_AreaInfo]]:
    """The communities and streets of the demo city with what their alliances need."""
    city = settings.CITY_CODE
    districts = dict(District.objects.filter(code__startswith=city).values_list("code", "name"))
    leads = {
        org.area_code: org
        for org in PartyOrganization.objects.filter(
            area_code__startswith=city, area_code__length__in=(9, 12), host_unit_kind=HostUnitKind.AREA
        ).order_by("area_code", "id")
    }
    hosted: dict[str, list] = defaultdict(list)
    for org in (
        PartyOrganization.objects.filter(area_code__startswith=city, area_code__length=12)
        .exclude(host_unit_kind=HostUnitKind.AREA)
        .order_by("area_code", "id")
    ):
        hosted[org.area_code].append(org)
    compounds: dict[str, list] = defaultdict(list)
    for code, name in (
        ResidentialCompound.objects.filter(area_code__startswith=city).order_by("id").values_list("area_code", "name")
    ):
        compounds[code].append(name)
    streets = []
    for code, name in Street.objects.filter(code__startswith=city).order_by("code").values_list("code", "name"):
        if code in leads:
            streets.append(_AreaInfo(code, name, name, districts[code[:6]], f"{name}党群服务中心", leads[code]))
    street_names = {s.code: s.name for s in streets}
    communities = []
    for code, name, address in (
        Community.objects.filter(code__startswith=city).order_by("code").values_list("code", "name", "address")
    ):
        if code in leads:
            communities.append(
                _AreaInfo(
                    code,
                    name,
                    street_names.get(code[:9], ""),
                    districts[code[:6]],
                    address or f"{name}党群服务中心",
                    leads[code],
                    hosted[code],
                    compounds[code],
                )
            )
    by_code = {info.code: info for info in communities + streets}
    # Residents' problems that went up to a community or further are the alliances' to take on.
    for pk, code, category, description, recorded_at in (
        ResidentProblem.objects.filter(area_code__startswith=city, escalations__gt=0)
        .order_by("recorded_at", "id")
        .values_list("id", "area_code", "category__name", "description", "recorded_at")
    ):
        text = description.split("：", 1)[-1].rstrip("。")
        for length in (12, 9):
            info = by_code.get(code[:length])
            if info is not None:
                info.problems.append((pk, category, text, recorded_at.date()))
    return communities, streets


def _balance(counts: list[int], needs: list[int]) -> list[int]:
    """Raise each count to its need, taking the difference from the largest counts (sum unchanged)."""
    counts = list(counts)
    for index, need in enumerate(needs):
        while counts[index] < need:
            donor = max(range(len(counts)), key=lambda i: counts[i] - needs[i])
            counts[donor] -= 1
            counts[index] += 1
    return counts


@transaction.atomic
def build_demo_alliances(scale: int | None = None, stdout: TextIO | None = None) -> dict[str, int]:
    """Add the demo alliances (358 × scale) and their members, venues, activities and loop, unless there."""
    city = settings.CITY_CODE
    if demo_alliances_present():
        return {
            "created": 0,
            "alliances": Alliance.objects.filter(area_code__startswith=city).count(),
            "member_units": MemberUnit.objects.filter(area_code__startswith=city).count(),
        }
    scale = scale or demo_scale()
    build_demo_problems(scale=scale)  # the problems the alliances take on come first
    rng = random.Random(SEED + scale)
    communities, streets = _areas()
    if not communities:
        return {"created": 0, "alliances": 0, "member_units": 0}
    contacts = _Contacts(rng)

    # Alliances: one per community, and street alliances spread over the streets.
    street_total = ALLIANCES * scale - len(communities)
    per_street = [street_total // len(streets)] * len(streets)
    for index in rng.sample(range(len(streets)), street_total % len(streets)):
        per_street[index] += 1
    areas: list[tuple[_AreaInfo, str]] = [(info, f"{info.name}党建联盟") for info in communities]
    for info, count in zip(streets, per_street, strict=True):
        for k in range(count):
            suffix = STREET_ALLIANCE_NAMES[k] if k < len(STREET_ALLIANCE_NAMES) else f"第{k + 1}党建联盟"
            areas.append((info, f"{info.name}{suffix}"))

    alliances = []
    for info, name in areas:
        founded_on = _between(rng, date(2018, 6, 1), 0, 700)
        needs = [category for category, _n in Counter(p[1] for p in info.problems).most_common(3)]
        survey_needs = "；".join(rng.sample(SURVEY_NEEDS, 2))
        if needs:
            survey_needs = f"摸底走访发现，居民诉求集中在{'、'.join(needs)}等方面；{survey_needs}。"
        else:
            survey_needs = f"摸底走访发现，{survey_needs}。"
        charter = (
            f"{name}由{info.lead.name}牵头，辖区机关、企业、学校、医院、物业和社会组织自愿参加，"
            "坚持党建引领、资源共享、优势互补、共驻共建，按照摸底、组建、收集、会商、落实、评价六步工作法，"
            "每季度召开一次联席会议，共同解决居民的操心事、烦心事、揪心事。"
        )
        if info.name == SHOWCASE:
            charter += (
                "推行“红心物业”内嵌式管理，建立社区居委会、物业公司、业主委员会三方联动机制，"
                "每月召开三方联席会议，物业服务事项和收支定期公开，物业费收缴率由70%提升到97%。"
            )
        alliances.append(
            Alliance(
                name=name,
                area_code=info.code,
                lead_organization=info.lead,
                survey_needs=survey_needs,
                survey_resources="",  # filled in once the members are known
                surveyed_on=founded_on - timedelta(days=rng.randint(20, 60)),
                charter=charter,
                founded_on=founded_on,
            )
        )

    # Member units: the hosting units of the area's party organizations first, then others.
    needs = [len(info.hosted) + (2 if info.name == SHOWCASE else 0) for info, _name in areas]
    counts = split(MEMBER_UNITS * scale, len(areas), rng, minimum=3, spread=0.4)
    counts = _balance(counts, [max(3, n) for n in needs])
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    members_of: list[list[MemberUnit]] = []
    members: list[MemberUnit] = []
    for (info, _name), alliance, count in zip(areas, alliances, counts, strict=True):
        chosen: list[MemberUnit] = []
        names: set[str] = set()

        def add(name: str, kind: str, organization=None, *, alliance=alliance, chosen=chosen, names=names) -> None:
            if name in names:
                return
            names.add(name)
            (_venue, funds, skills, volunteers), resources, commitments = OFFERS[kind]
            contact_name, contact_phone = contacts.new()
            chosen.append(
                MemberUnit(
                    alliance=alliance,
                    name=name[:150],
                    kind=kind,
                    party_organization=organization,
                    contact_name=contact_name,
                    contact_phone=contact_phone,
                    offers_funds=funds,
                    offers_skills=skills,
                    offers_volunteers=volunteers,
                    resources=rng.choice(resources),
                    commitments=rng.choice(commitments),
                    joined_on=_between(rng, alliance.founded_on, 0, 120),
                )
            )

        if info.name == SHOWCASE and alliance.area_code == info.code and len(info.code) == 12:
            add("绿地物业服务有限公司", MemberUnitKind.PROPERTY_COMPANY)
            add("绿地·筑石红小区业主委员会", MemberUnitKind.OTHER)
        for organization in info.hosted if len(info.code) == 12 else ():
            add(organization.host_unit_name or organization.name, HOST_KINDS[organization.host_unit_kind], organization)
        attempts = 0
        while len(chosen) < count:
            attempts += 1
            kind = rng.choices(kinds, weights=weights)[0]
            pattern = rng.choice(UNIT_NAMES[kind])
            compound = rng.choice(info.compounds) if info.compounds else f"{info.name}小区"
            name = pattern.format(
                street=info.street, district=info.district, area=info.name, word=rng.choice(COMPOUND_WORDS),
                compound=compound,
            )  # fmt: skip
            if attempts > 50:
                name = f"{name}（{info.name}）" if attempts < 100 else f"{name}{attempts}"
            add(name, kind)
        members_of.append(chosen)
        members.extend(chosen)

    # Venues: exactly 243 × scale members open one to residents; a few more are closed for repairs.
    candidates = [m for m in members if m.kind in VENUE_KINDS]
    rng.shuffle(candidates)
    with_venue = candidates[: (OPEN_VENUES + CLOSED_VENUES) * scale]
    closed = set(map(id, rng.sample(with_venue, CLOSED_VENUES * scale)))
    venues: list[Venue] = []
    for member in with_venue:
        member.offers_venue = True
        venues.append(
            Venue(
                member=member,
                name=f"{member.name}{rng.choice(VENUE_NAMES[member.kind])}"[:150],
                address=f"{rng.choice(ROADS)}{rng.randint(1, 999)}号",
                opening_hours=rng.choice(OPENING_HOURS),
                capacity=rng.choice((30, 50, 60, 80, 100, 150, 200, 300)),
                is_open=id(member) not in closed,
            )
        )
    for alliance, chosen in zip(alliances, members_of, strict=True):
        offering = sum(1 for m in chosen if m.offers_venue)
        alliance.survey_resources = (
            f"辖区可联合的单位{len(chosen)}家，其中可开放场地{offering}处，"
            f"可提供资金{sum(1 for m in chosen if m.offers_funds)}家、"
            f"专业技能{sum(1 for m in chosen if m.offers_skills)}家、"
            f"志愿者{sum(1 for m in chosen if m.offers_volunteers)}家。"
        )
    insert_many(Alliance, alliances, batch_size=BATCH_SIZE)
    for member in members:
        member.alliance_id = member.alliance.pk
    bulk(MemberUnit, members, batch_size=BATCH_SIZE)
    for venue in venues:
        venue.member_id = venue.member.pk
    bulk(Venue, venues, batch_size=BATCH_SIZE)
    places = defaultdict(list)
    for venue in venues:
        if venue.is_open:
            places[venue.member.alliance_id].append(venue.name)

    # Activities: 绿地·筑石红社区's 108 joint activities, the others' sharing the rest of 37,900 × scale.
    showcase = next((i for i, (info, _n) in enumerate(areas) if info.name == SHOWCASE), None)
    plan: list[tuple[int, int]] = []  # (alliance index, activities)
    for index in range(len(areas)):
        plan.append((index, SHOWCASE_ACTIVITIES if index == showcase else rng.randint(1, 4)))
    showcase_total = SHOWCASE_PARTICIPANTS if showcase is not None else 0
    others = sum(n for index, n in plan if index != showcase)
    other_people = iter(split(PARTICIPANTS * scale - showcase_total, others, rng, minimum=8, spread=0.6))
    showcase_people = (
        iter(split(showcase_total, SHOWCASE_ACTIVITIES, rng, minimum=60, spread=0.5)) if showcase_total else None
    )
    activities: list[Activity] = []
    organizers = []
    for index, n in plan:
        alliance = alliances[index]
        chosen = members_of[index]
        for _activity in range(n):
            kind = rng.choice(list(ACTIVITY_TITLES))
            people = next(showcase_people) if index == showcase else next(other_people)
            activity = Activity(
                alliance=alliance,
                title=rng.choice(ACTIVITY_TITLES[kind]),
                kind=kind,
                held_on=_between(rng, date(YEAR, 1, 5), 0, 355),
                place=rng.choice(places.get(alliance.pk) or [areas[index][0].address]),
                participants=people,
            )
            activities.append(activity)
            organizers.append(rng.sample(chosen, min(len(chosen), rng.randint(1, 3))))
    bulk(Activity, activities, batch_size=BATCH_SIZE)
    Organizer = Activity.organizers.through
    insert_many(
        Organizer,
        [
            Organizer(activity_id=a.pk, memberunit_id=m.pk)
            for a, ms in zip(activities, organizers, strict=True)
            for m in ms
        ],
        batch_size=BATCH_SIZE,
    )

    # The loop: problems collected, consulted at meetings, decisions reported, evaluated.
    taken: set[int] = set()
    problems: list[AllianceProblem] = []
    fates: list[str] = []
    for (info, _name), alliance in zip(areas, alliances, strict=True):
        for _problem in range(rng.randint(2, 6)):
            fate = rng.choices([f for f, _w in STEP_WEIGHTS], weights=[w for _f, w in STEP_WEIGHTS])[0]
            free = [p for p in info.problems if p[0] not in taken and p[3] >= alliance.founded_on]
            if free and rng.random() < 0.6:
                pk, category, text, recorded = rng.choice(free)
                taken.add(pk)
                title, description = f"{category}：{text}"[:60], f"网格上报至联盟：{text}。"
                collected_on = _between(rng, recorded, 1, 10)
            else:
                pk = None
                title, description = rng.choice(ALLIANCE_PROBLEMS)
                collected_on = _between(rng, max(alliance.founded_on, date(YEAR, 1, 2)), 0, 300)
                if collected_on.year > YEAR:
                    collected_on = date(YEAR, rng.randint(3, 10), rng.randint(1, 28))
            if any(p.title == title and p.alliance is alliance for p in problems[-6:]):
                title = f"{title}（{collected_on:%m月}）"
            problems.append(
                AllianceProblem(
                    alliance=alliance,
                    resident_problem_id=pk,
                    title=title,
                    description=description,
                    collected_on=collected_on,
                )
            )
            fates.append(fate)

    meetings: list[Meeting] = []
    meeting_problems: list[list[AllianceProblem]] = []
    decisions: list[Decision] = []
    assigned: dict[int, set[int]] = defaultdict(set)  # meeting → the units given a decision (they attend)
    by_alliance: dict[int, list[tuple[AllianceProblem, str]]] = defaultdict(list)
    for problem, fate in zip(problems, fates, strict=True):
        by_alliance[id(problem.alliance)].append((problem, fate))
    member_lists = {id(a): ms for a, ms in zip(alliances, members_of, strict=True)}
    for alliance in alliances:
        discussed = sorted(
            ((p, f) for p, f in by_alliance[id(alliance)] if f != "collected"), key=lambda pf: pf[0].collected_on
        )
        chosen = member_lists[id(alliance)]
        while discussed:
            size = rng.randint(1, 3)
            group, discussed = discussed[:size], discussed[size:]
            held_on = _between(rng, max(p.collected_on for p, _f in group), 3, 20)
            meeting = Meeting(
                alliance=alliance,
                held_on=held_on,
                minutes=(
                    f"会议由{alliance.lead_organization.name}主持，围绕"
                    f"{'、'.join('“' + p.title + '”' for p, _f in group)}进行会商，明确责任单位和完成时限。"
                ),
            )
            meetings.append(meeting)
            meeting_problems.append([p for p, _f in group])
            for problem, fate in group:
                last_report = None
                count = rng.randint(1, 2)
                for number in range(count):
                    unit = rng.choice(chosen)
                    deadline = _between(rng, held_on, 10, 45)
                    reported = fate != "consulted" or (number < count - 1 and rng.random() < 0.5)
                    reported_on = _between(rng, held_on, 3, 50) if reported else None
                    if reported_on:
                        last_report = max(last_report or reported_on, reported_on)
                    decisions.append(
                        Decision(
                            meeting=meeting,
                            problem=problem,
                            assigned_to=unit,
                            action=rng.choice(ACTIONS).format(problem=problem.title),
                            deadline=deadline,
                            report=rng.choice(REPORTS) if reported else "",
                            reported_on=reported_on,
                        )
                    )
                    assigned[id(meeting)].add(id(unit))
                if fate == "consulted":
                    problem.step = ProblemStep.CONSULTED
                elif fate == "implemented":
                    problem.step = ProblemStep.IMPLEMENTED
                else:
                    if fate == "dissatisfied":
                        evaluation, problem.step = Evaluation.DISSATISFIED, ProblemStep.COLLECTED
                    else:
                        evaluation = Evaluation.SATISFIED if rng.random() < 0.8 else Evaluation.BASICALLY_SATISFIED
                        problem.step = ProblemStep.EVALUATED
                    problem.evaluation = evaluation
                    problem.evaluation_comment = rng.choice(EVALUATION_COMMENTS[evaluation])
                    problem.evaluated_on = _between(rng, last_report, 3, 20)

    for problem in problems:
        problem.alliance_id = problem.alliance.pk
    bulk(AllianceProblem, problems, batch_size=BATCH_SIZE)
    for meeting in meetings:
        meeting.alliance_id = meeting.alliance.pk
    bulk(Meeting, meetings, batch_size=BATCH_SIZE)
    for decision in decisions:
        decision.meeting_id, decision.problem_id = decision.meeting.pk, decision.problem.pk
        decision.assigned_to_id = decision.assigned_to.pk
    bulk(Decision, decisions, batch_size=BATCH_SIZE)
    pks = {id(member): member.pk for member in members}
    assigned = {key: {pks[unit] for unit in units} for key, units in assigned.items()}
    Attendee, Discussed = Meeting.attendees.through, Meeting.problems.through
    attendees, discussed_rows = [], []
    for meeting, group in zip(meetings, meeting_problems, strict=True):
        chosen = member_lists[id(meeting.alliance)]
        units = {m.pk for m in rng.sample(chosen, min(len(chosen), rng.randint(2, 6)))} | assigned[id(meeting)]
        attendees.extend(Attendee(meeting_id=meeting.pk, memberunit_id=pk) for pk in sorted(units))
        discussed_rows.extend(Discussed(meeting_id=meeting.pk, allianceproblem_id=p.pk) for p in group)
    insert_many(Attendee, attendees, batch_size=BATCH_SIZE)
    insert_many(Discussed, discussed_rows, batch_size=BATCH_SIZE)

    figures = {
        "created": len(alliances),
        "alliances": len(alliances),
        "member_units": len(members),
        "open_venues": sum(1 for v in venues if v.is_open),
        "activity_participants": sum(a.participants for a in activities),
        "problems": len(problems),
        "meetings": len(meetings),
        "decisions": len(decisions),
    }
    if stdout is not None:
        stdout.write(
            _("  Party-building alliances: %(alliances)s, %(members)s member units, %(venues)s open venues\n")
            % {"alliances": len(alliances), "members": len(members), "venues": figures["open_venues"]}
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of the party-building alliances and their six-step loop (see ``jilin_grid.demo``)."""
    figures = build_demo_alliances(scale=run.content_scale, stdout=run.stdout)
    return [
        (figures["alliances"], gettext_lazy("party-building alliances")),
        (figures["member_units"], gettext_lazy("alliance member units")),
    ]
