"""Writes of the alliances: keyword-only, atomic, validated; the six-step loop moves only here."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grids.problems.choices import Evaluation
from jilin_grid.services import retire, save_validated

from .choices import ProblemStep
from .models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue


@transaction.atomic
def alliance_create(**fields: Any) -> Alliance:
    """Form an alliance (组建): its area, lead organization, charter and founding date."""
    return save_validated(Alliance(), fields)


@transaction.atomic
def alliance_update(*, alliance: Alliance, **fields: Any) -> Alliance:
    fields.pop("area_code", None)
    return save_validated(alliance, fields)


@transaction.atomic
def alliance_survey_record(*, alliance: Alliance, needs: str, resources: str, surveyed_on: date) -> Alliance:
    """The survey (摸底): the needs and the resources of the alliance's area."""
    if not needs.strip() or not resources.strip():
        raise ValidationError(_("Record both the needs and the resources found."))
    return save_validated(alliance, {"survey_needs": needs, "survey_resources": resources, "surveyed_on": surveyed_on})


@transaction.atomic
def alliance_retire(*, alliance: Alliance) -> Alliance:
    return retire(alliance)


@transaction.atomic
def member_unit_add(*, alliance: Alliance, **fields: Any) -> MemberUnit:
    return save_validated(MemberUnit(alliance=alliance), fields)


@transaction.atomic
def member_unit_update(*, member: MemberUnit, **fields: Any) -> MemberUnit:
    fields.pop("alliance", None)
    return save_validated(member, fields)


@transaction.atomic
def member_unit_retire(*, member: MemberUnit) -> MemberUnit:
    member.venues.update(is_open=False)
    return retire(member)


@transaction.atomic
def venue_add(*, member: MemberUnit, **fields: Any) -> Venue:
    return save_validated(Venue(member=member), fields)


@transaction.atomic
def venue_update(*, venue: Venue, **fields: Any) -> Venue:
    fields.pop("member", None)
    return save_validated(venue, fields)


@transaction.atomic
def activity_record(*, alliance: Alliance, organizers=(), **fields: Any) -> Activity:
    """An alliance activity; its organizers must be members of the alliance."""
    foreign = [unit for unit in organizers if unit.alliance_id != alliance.pk]
    if foreign:
        raise ValidationError({"organizers": _("Organizers must be member units of the alliance.")})
    activity = save_validated(Activity(alliance=alliance), fields)
    activity.organizers.set(organizers)
    return activity


@transaction.atomic
def alliance_problem_collect(
    *, alliance: Alliance, title: str, description: str, collected_on: date | None = None, resident_problem=None
) -> AllianceProblem:
    """Take on a residents' problem (收集): a grid's record in the alliance's area, or one raised at the alliance."""
    if resident_problem is not None and not resident_problem.area_code.startswith(alliance.area_code):
        raise ValidationError({"resident_problem": _("The problem must lie in the alliance's area.")})
    return save_validated(
        AllianceProblem(alliance=alliance),
        {
            "title": title,
            "description": description,
            "collected_on": collected_on or timezone.localdate(),
            "resident_problem": resident_problem,
        },
    )


@transaction.atomic
def meeting_record(
    *,
    alliance: Alliance,
    held_on: date,
    minutes: str,
    attendees=(),
    decisions: list[dict] | None = None,
) -> Meeting:
    """A joint meeting (会商) and its decisions, each assigned to a member unit with a deadline.

    Every problem a decision is about moves to "consulted" (and back there from "implemented",
    since new work was decided); an evaluated problem cannot be decided on again.
    """
    decisions = decisions or []
    if not decisions:
        raise ValidationError({"decisions": _("A meeting decides at least one thing about a problem.")})
    foreign = [unit for unit in attendees if unit.alliance_id != alliance.pk]
    if foreign:
        raise ValidationError({"attendees": _("Attending units must be member units of the alliance.")})
    meeting = save_validated(Meeting(alliance=alliance), {"held_on": held_on, "minutes": minutes})
    meeting.attendees.set(attendees)
    problems = []
    for item in decisions:
        problem = item["problem"]
        if problem.step == ProblemStep.EVALUATED:
            raise ValidationError(
                {"decisions": _("“%(title)s” is already evaluated and closed.") % {"title": problem.title}}
            )
        save_validated(
            Decision(meeting=meeting),
            {
                "problem": problem,
                "assigned_to": item["assigned_to"],
                "action": item["action"],
                "deadline": item["deadline"],
            },
        )
        problems.append(problem)
    meeting.problems.set(problems)
    AllianceProblem.objects.filter(pk__in=[p.pk for p in problems]).update(step=ProblemStep.CONSULTED)
    return meeting


@transaction.atomic
def decision_report(*, decision: Decision, report: str, reported_on: date | None = None, actor=None) -> Decision:
    """The assigned unit reports what it did (落实); when every decision on the problem is reported,
    the problem is implemented and awaits the residents' evaluation."""
    if not report.strip():
        raise ValidationError({"report": _("Say what the unit did.")})
    if decision.problem.step == ProblemStep.EVALUATED:
        raise ValidationError(_("The problem is already evaluated and closed."))
    decision = save_validated(
        decision, {"report": report, "reported_on": reported_on or timezone.localdate(), "reported_by": actor}
    )
    problem = decision.problem
    if not problem.decisions.filter(reported_on__isnull=True).exists():
        problem.step = ProblemStep.IMPLEMENTED
        problem.save(update_fields=["step", "updated_at"])
    return decision


@transaction.atomic
def alliance_problem_evaluate(
    *, problem: AllianceProblem, evaluation: str, comment: str = "", evaluated_on: date | None = None
) -> AllianceProblem:
    """The residents' evaluation (评价): satisfied closes the loop, dissatisfied sends it back to be consulted again."""
    if problem.step != ProblemStep.IMPLEMENTED:
        raise ValidationError(_("Only a problem whose decisions were all carried out can be evaluated."))
    step = ProblemStep.COLLECTED if evaluation == Evaluation.DISSATISFIED else ProblemStep.EVALUATED
    return save_validated(
        problem,
        {
            "evaluation": evaluation,
            "evaluation_comment": comment,
            "evaluated_on": evaluated_on or timezone.localdate(),
            "step": step,
        },
    )
