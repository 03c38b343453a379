"""Every rule of the alliances' write services, allowed and refused, and the atomicity of a
meeting with its decisions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alliances.loop import services
from alliances.loop.choices import MemberUnitKind, ProblemStep
from alliances.loop.models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue
from alliances.tests.factories import (
    AllianceFactory,
    AllianceProblemFactory,
    MemberUnitFactory,
    VenueFactory,
)
from communities.models import Community
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, UserFactory
from grids.problems.choices import Evaluation
from grids.tests.factories import GridFactory, ResidentProblemFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2020, 6, 1)


def decision(problem, unit, action="维修", deadline=DAY) -> dict:
    return {"problem": problem, "assigned_to": unit, "action": action, "deadline": deadline}


def consulted(problem, unit=None):
    """The problem decided on at a meeting; returns its decision."""
    unit = unit or MemberUnitFactory(alliance=problem.alliance)
    meeting = services.meeting_record(
        alliance=problem.alliance, held_on=DAY, minutes="会商", decisions=[decision(problem, unit)]
    )
    problem.refresh_from_db()
    return meeting.decisions.get(problem=problem)


def implemented(problem):
    services.decision_report(decision=consulted(problem), report="已办结")
    problem.refresh_from_db()
    return problem


# Forming the alliance.


def test_alliance_create_in_the_lead_organizations_area():
    community = CommunityFactory()
    lead = PartyOrganizationFactory(area_code=community.code)
    alliance = services.alliance_create(
        name="江南街道党建联盟", area_code=community.code, lead_organization=lead, charter="共建共治共享"
    )
    assert Alliance.objects.get(pk=alliance.pk).lead_organization == lead
    assert alliance.is_active


def test_alliance_led_by_the_street_of_its_community_is_allowed():
    community = CommunityFactory()
    lead = PartyOrganizationFactory(area_code=community.street.code)
    alliance = services.alliance_create(name="联盟", area_code=community.code, lead_organization=lead)
    assert alliance.pk


def test_alliance_led_from_another_area_is_refused():
    lead = PartyOrganizationFactory(area_code=CommunityFactory().code)
    with pytest.raises(ValidationError) as error:
        services.alliance_create(name="联盟", area_code=CommunityFactory().code, lead_organization=lead)
    assert "lead_organization" in error.value.message_dict
    assert not Alliance.objects.exists()


def test_alliance_in_an_unknown_area_is_refused():
    community = CommunityFactory()
    lead = PartyOrganizationFactory(area_code=community.code)
    with pytest.raises(ValidationError) as error:
        services.alliance_create(name="联盟", area_code=f"{community.street.code}998", lead_organization=lead)
    assert "area_code" in error.value.message_dict


def test_two_alliances_of_one_name_in_an_area_are_refused():
    alliance = AllianceFactory()
    with pytest.raises(ValidationError):
        services.alliance_create(
            name=alliance.name, area_code=alliance.area_code, lead_organization=alliance.lead_organization
        )
    assert Alliance.objects.count() == 1


def test_alliance_update_keeps_its_area():
    alliance = AllianceFactory()
    with pytest.raises(TypeError, match="area_code"):
        services.alliance_update(alliance=alliance, charter="新章程", area_code=CommunityFactory().code)
    services.alliance_update(alliance=alliance, charter="新章程")
    alliance.refresh_from_db()
    assert alliance.charter == "新章程"


def test_alliance_update_leaves_the_survey_to_its_step():
    alliance = AllianceFactory()
    with pytest.raises(TypeError, match="survey_needs"):
        services.alliance_update(alliance=alliance, survey_needs="停车难")


def test_alliance_update_checks_the_lead_organization():
    alliance = AllianceFactory()
    with pytest.raises(ValidationError) as error:
        services.alliance_update(
            alliance=alliance, lead_organization=PartyOrganizationFactory(area_code=CommunityFactory().code)
        )
    assert "lead_organization" in error.value.message_dict


def test_survey_records_needs_and_resources():
    alliance = services.alliance_survey_record(
        alliance=AllianceFactory(), needs="停车难、养老难", resources="单位停车场两处", surveyed_on=DAY
    )
    alliance.refresh_from_db()
    assert (alliance.survey_needs, alliance.survey_resources, alliance.surveyed_on) == (
        "停车难、养老难",
        "单位停车场两处",
        DAY,
    )


@pytest.mark.parametrize(("needs", "resources"), [("", "场地"), ("停车难", "  ")])
def test_survey_without_needs_or_resources_is_refused(needs, resources):
    alliance = AllianceFactory()
    with pytest.raises(ValidationError):
        services.alliance_survey_record(alliance=alliance, needs=needs, resources=resources, surveyed_on=DAY)
    alliance.refresh_from_db()
    assert alliance.surveyed_on is None


def test_alliance_retire():
    alliance = services.alliance_retire(alliance=AllianceFactory())
    assert Alliance.objects.get(pk=alliance.pk).is_active is False


# Member units and venues.


def test_member_unit_add_takes_the_alliances_area():
    alliance = AllianceFactory()
    member = services.member_unit_add(
        alliance=alliance, name="市第一医院", kind=MemberUnitKind.HOSPITAL, contact_phone="13912345678"
    )
    assert member.area_code == alliance.area_code


def test_member_unit_with_a_bad_phone_is_refused():
    with pytest.raises(ValidationError):
        services.member_unit_add(alliance=AllianceFactory(), name="x", kind=MemberUnitKind.SCHOOL, contact_phone="12")
    assert not MemberUnit.objects.exists()


def test_member_unit_update_keeps_its_alliance():
    member = MemberUnitFactory(contact_phone="13912345678")
    with pytest.raises(TypeError, match="alliance"):
        services.member_unit_update(member=member, alliance=AllianceFactory(), commitments="每月义诊")
    services.member_unit_update(member=member, commitments="每月义诊")
    member.refresh_from_db()
    assert (member.commitments, member.contact_phone) == ("每月义诊", "13912345678")


def test_member_unit_retire_closes_its_venues():
    venue = VenueFactory()
    services.member_unit_retire(member=venue.member)
    venue.refresh_from_db()
    assert venue.member.is_active is False
    assert venue.is_open is False


def test_venue_add_and_update_keep_the_member():
    member = MemberUnitFactory()
    venue = services.venue_add(member=member, name="党群活动室", address="松江路1号", opening_hours="全天", capacity=60)
    assert venue.area_code == member.area_code
    with pytest.raises(TypeError, match="member"):
        services.venue_update(venue=venue, member=MemberUnitFactory(), capacity=80)
    services.venue_update(venue=venue, capacity=80)
    venue.refresh_from_db()
    assert (venue.member, venue.capacity, venue.opening_hours) == (member, 80, "全天")


def test_venue_without_an_address_is_refused():
    with pytest.raises(ValidationError):
        services.venue_add(member=MemberUnitFactory(), name="活动室", address="", opening_hours="全天")
    assert not Venue.objects.exists()


# Activities.


def test_activity_record_with_organizers_of_the_alliance():
    alliance = AllianceFactory()
    units = MemberUnitFactory.create_batch(2, alliance=alliance)
    activity = services.activity_record(
        alliance=alliance, organizers=units, title="义诊", kind="health", held_on=DAY, place="广场", participants=120
    )
    assert set(activity.organizers.all()) == set(units)
    assert activity.area_code == alliance.area_code


def test_activity_organized_by_another_alliances_unit_is_refused():
    alliance = AllianceFactory()
    with pytest.raises(ValidationError) as error:
        services.activity_record(
            alliance=alliance,
            organizers=[MemberUnitFactory(alliance=alliance), MemberUnitFactory()],
            title="义诊",
            kind="health",
            held_on=DAY,
            place="广场",
            participants=120,
        )
    assert "organizers" in error.value.message_dict
    assert not Activity.objects.exists()


# Collect.


def test_collect_a_problem_raised_at_the_alliance_today():
    problem = services.alliance_problem_collect(alliance=AllianceFactory(), title="停车难", description="夜间无位")
    assert problem.step == ProblemStep.COLLECTED
    assert problem.collected_on == timezone.localdate()


def test_collect_a_residents_problem_of_the_alliances_area():
    alliance = AllianceFactory()
    resident = ResidentProblemFactory(grid=GridFactory(community=Community.objects.get(code=alliance.area_code)))
    problem = services.alliance_problem_collect(
        alliance=alliance, title="楼道灯", description="不亮", resident_problem=resident, collected_on=DAY
    )
    assert problem.resident_problem == resident


def test_collect_a_residents_problem_from_elsewhere_is_refused():
    alliance = AllianceFactory()
    with pytest.raises(ValidationError) as error:
        services.alliance_problem_collect(
            alliance=alliance, title="楼道灯", description="不亮", resident_problem=ResidentProblemFactory()
        )
    assert "resident_problem" in error.value.message_dict
    assert not AllianceProblem.objects.exists()


def test_collect_without_a_title_is_refused():
    with pytest.raises(ValidationError):
        services.alliance_problem_collect(alliance=AllianceFactory(), title="", description="x")


# Consult.


def test_meeting_consults_every_problem_decided_on():
    alliance = AllianceFactory()
    unit = MemberUnitFactory(alliance=alliance)
    first, second, untouched = AllianceProblemFactory.create_batch(3, alliance=alliance)
    meeting = services.meeting_record(
        alliance=alliance,
        held_on=DAY,
        minutes="会商",
        attendees=[unit],
        decisions=[decision(first, unit), decision(second, unit, "协调")],
    )
    assert set(meeting.problems.all()) == {first, second}
    assert list(meeting.attendees.all()) == [unit]
    steps = dict(AllianceProblem.objects.values_list("pk", "step"))
    assert steps == {first.pk: "consulted", second.pk: "consulted", untouched.pk: "collected"}


def test_meeting_without_decisions_is_refused():
    alliance = AllianceFactory()
    with pytest.raises(ValidationError) as error:
        services.meeting_record(alliance=alliance, held_on=DAY, minutes="x", decisions=[])
    assert "decisions" in error.value.message_dict
    assert not Meeting.objects.exists()


def test_meeting_attended_by_another_alliances_unit_is_refused():
    problem = AllianceProblemFactory()
    unit = MemberUnitFactory(alliance=problem.alliance)
    with pytest.raises(ValidationError) as error:
        services.meeting_record(
            alliance=problem.alliance,
            held_on=DAY,
            minutes="x",
            attendees=[MemberUnitFactory()],
            decisions=[decision(problem, unit)],
        )
    assert "attendees" in error.value.message_dict
    assert not Meeting.objects.exists()


def test_decision_on_another_alliances_problem_is_refused():
    alliance = AllianceFactory()
    unit = MemberUnitFactory(alliance=alliance)
    foreign = AllianceProblemFactory()
    with pytest.raises(ValidationError):
        services.meeting_record(alliance=alliance, held_on=DAY, minutes="x", decisions=[decision(foreign, unit)])
    foreign.refresh_from_db()
    assert foreign.step == ProblemStep.COLLECTED
    assert not Meeting.objects.exists()


def test_meeting_with_one_bad_decision_writes_nothing():
    alliance = AllianceFactory()
    unit = MemberUnitFactory(alliance=alliance)
    good = AllianceProblemFactory(alliance=alliance)
    also_good = AllianceProblemFactory(alliance=alliance)
    with pytest.raises(ValidationError):
        services.meeting_record(
            alliance=alliance,
            held_on=DAY,
            minutes="会商",
            attendees=[unit],
            decisions=[decision(good, unit), decision(also_good, MemberUnitFactory())],
        )
    assert not Meeting.objects.exists()
    assert not Decision.objects.exists()
    assert set(AllianceProblem.objects.values_list("step", flat=True)) == {ProblemStep.COLLECTED}


def test_evaluated_problem_cannot_be_decided_on_again():
    problem = implemented(AllianceProblemFactory())
    services.alliance_problem_evaluate(problem=problem, evaluation=Evaluation.SATISFIED)
    before = Meeting.objects.count()
    with pytest.raises(ValidationError) as error:
        services.meeting_record(
            alliance=problem.alliance,
            held_on=DAY,
            minutes="x",
            decisions=[decision(problem, MemberUnitFactory(alliance=problem.alliance))],
        )
    assert problem.title in str(error.value)
    assert Meeting.objects.count() == before


def test_new_decision_sends_an_implemented_problem_back_to_consulted():
    problem = implemented(AllianceProblemFactory())
    assert problem.step == ProblemStep.IMPLEMENTED
    consulted(problem)
    assert problem.step == ProblemStep.CONSULTED


# Implement.


def test_problem_is_implemented_when_every_decision_is_reported():
    alliance = AllianceFactory()
    units = MemberUnitFactory.create_batch(2, alliance=alliance)
    problem = AllianceProblemFactory(alliance=alliance)
    meeting = services.meeting_record(
        alliance=alliance, held_on=DAY, minutes="x", decisions=[decision(problem, unit) for unit in units]
    )
    first, second = meeting.decisions.order_by("id")
    actor = UserFactory()
    services.decision_report(decision=first, report="已开放车位", actor=actor, reported_on=DAY)
    problem.refresh_from_db()
    assert problem.step == ProblemStep.CONSULTED
    first.refresh_from_db()
    assert (first.reported_by, first.reported_on) == (actor, DAY)
    services.decision_report(decision=second, report="已安装路灯")
    problem.refresh_from_db()
    assert problem.step == ProblemStep.IMPLEMENTED


def test_blank_report_is_refused():
    found = consulted(AllianceProblemFactory())
    with pytest.raises(ValidationError) as error:
        services.decision_report(decision=found, report="   ")
    assert "report" in error.value.message_dict
    found.refresh_from_db()
    assert found.reported_on is None


def test_report_on_an_evaluated_problem_is_refused():
    problem = AllianceProblemFactory()
    found = consulted(problem)
    services.decision_report(decision=found, report="已办")
    problem.refresh_from_db()
    services.alliance_problem_evaluate(problem=problem, evaluation=Evaluation.SATISFIED)
    found.refresh_from_db()
    with pytest.raises(ValidationError):
        services.decision_report(decision=found, report="再次报告")
    found.refresh_from_db()
    assert found.report == "已办"


# Evaluate.


@pytest.mark.parametrize("step", [ProblemStep.COLLECTED, ProblemStep.CONSULTED])
def test_evaluation_before_implementation_is_refused(step):
    problem = AllianceProblemFactory(step=step)
    with pytest.raises(ValidationError):
        services.alliance_problem_evaluate(problem=problem, evaluation=Evaluation.SATISFIED)
    problem.refresh_from_db()
    assert (problem.step, problem.evaluation) == (step, "")


def test_evaluating_an_evaluated_problem_again_is_refused():
    problem = implemented(AllianceProblemFactory())
    services.alliance_problem_evaluate(problem=problem, evaluation=Evaluation.SATISFIED)
    with pytest.raises(ValidationError):
        services.alliance_problem_evaluate(problem=problem, evaluation=Evaluation.DISSATISFIED)
    problem.refresh_from_db()
    assert problem.evaluation == Evaluation.SATISFIED


@pytest.mark.parametrize(
    ("evaluation", "step"),
    [
        (Evaluation.SATISFIED, ProblemStep.EVALUATED),
        (Evaluation.BASICALLY_SATISFIED, ProblemStep.EVALUATED),
        (Evaluation.DISSATISFIED, ProblemStep.COLLECTED),
    ],
)
def test_evaluation_closes_or_sends_back(evaluation, step):
    problem = implemented(AllianceProblemFactory())
    services.alliance_problem_evaluate(problem=problem, evaluation=evaluation, comment="回访", evaluated_on=DAY)
    problem.refresh_from_db()
    assert (problem.step, problem.evaluation, problem.evaluation_comment, problem.evaluated_on) == (
        step,
        evaluation,
        "回访",
        DAY,
    )
