"""The six-step loop of an alliance: collect, consult, implement, evaluate, and its figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from alliances.loop import services
from alliances.loop.choices import ProblemStep
from alliances.loop.selectors import alliance_loop, alliance_stats
from alliances.tests.factories import (
    ActivityFactory,
    AllianceFactory,
    AllianceProblemFactory,
    MemberUnitFactory,
    VenueFactory,
)
from grids.problems.choices import Evaluation
from jilin_grid.areas import area_get

pytestmark = pytest.mark.django_db
DAY = datetime.date(2020, 6, 1)


def test_the_loop_closes_and_counts():
    alliance = AllianceFactory()
    unit = MemberUnitFactory(alliance=alliance)
    solved = services.alliance_problem_collect(alliance=alliance, title="停车难", description="夜间无处停车")
    waiting = services.alliance_problem_collect(alliance=alliance, title="路灯坏", description="3号楼前路灯不亮")
    services.meeting_record(
        alliance=alliance,
        held_on=DAY,
        minutes="商定错时停车",
        attendees=[unit],
        decisions=[{"problem": solved, "assigned_to": unit, "action": "开放单位停车场", "deadline": DAY}],
    )
    solved.refresh_from_db()
    assert solved.step == ProblemStep.CONSULTED
    decision = solved.decisions.get()
    services.decision_report(decision=decision, report="已开放50个车位")
    solved.refresh_from_db()
    assert solved.step == ProblemStep.IMPLEMENTED
    services.alliance_problem_evaluate(problem=solved, evaluation=Evaluation.SATISFIED, comment="好")

    loop = alliance_loop(alliance)
    assert loop == {
        "found": 2,
        "consulted": 1,
        "solved": 1,
        "evaluated": 1,
        "satisfaction_rate": 100.0,
        "by_step": {"collected": 1, "consulted": 0, "implemented": 0, "evaluated": 1},
    }
    assert waiting.step == ProblemStep.COLLECTED


def test_evaluation_before_implementation_is_refused():
    problem = AllianceProblemFactory()
    with pytest.raises(ValidationError):
        services.alliance_problem_evaluate(problem=problem, evaluation=Evaluation.SATISFIED)


def test_dissatisfied_sends_the_problem_back():
    alliance = AllianceFactory()
    unit = MemberUnitFactory(alliance=alliance)
    problem = AllianceProblemFactory(alliance=alliance)
    services.meeting_record(
        alliance=alliance,
        held_on=DAY,
        minutes="x",
        decisions=[{"problem": problem, "assigned_to": unit, "action": "维修", "deadline": DAY}],
    )
    services.decision_report(decision=problem.decisions.get(), report="已维修")
    problem.refresh_from_db()
    problem = services.alliance_problem_evaluate(problem=problem, evaluation=Evaluation.DISSATISFIED)
    assert problem.step == ProblemStep.COLLECTED
    assert alliance_loop(alliance)["satisfaction_rate"] == 0.0


def test_decisions_go_to_members_of_the_alliance():
    alliance = AllianceFactory()
    outsider = MemberUnitFactory()
    problem = AllianceProblemFactory(alliance=alliance)
    with pytest.raises(ValidationError):
        services.meeting_record(
            alliance=alliance,
            held_on=DAY,
            minutes="x",
            decisions=[{"problem": problem, "assigned_to": outsider, "action": "维修", "deadline": DAY}],
        )
    assert not alliance.meetings.exists()


def test_area_figures_against_a_count():
    alliance = AllianceFactory()
    other = AllianceFactory()
    member = MemberUnitFactory(alliance=alliance)
    VenueFactory(member=member)
    VenueFactory(member=member, is_open=False)
    ActivityFactory(alliance=alliance, participants=25)
    ActivityFactory(alliance=alliance, participants=15)
    AllianceProblemFactory(alliance=alliance)
    figures = {row["area"]["code"]: row for row in alliance_stats(area_get("2202"))["children"]}
    mine = figures[alliance.area_code[:6]]
    if alliance.area_code[:6] != other.area_code[:6]:
        assert mine["alliances"] == 1
    assert sum(row["alliances"] for row in figures.values()) == 2
    assert sum(row["open_venues"] for row in figures.values()) == 1
    assert sum(row["activity_participants"] for row in figures.values()) == 40
    assert sum(row["problems"]["collected"] for row in figures.values()) == 1
