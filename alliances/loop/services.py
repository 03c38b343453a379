"""Writes of the alliances: keyword-only, atomic, validated; the six-step loop moves only here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import PartyOrganization
from grids.problems.choices import Evaluation
from jilin_grid.audit.services import audited_update
from jilin_grid.services import UNCHANGED, Unchanged, model_update, retire, save_validated

from .choices import ProblemStep
from .models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue


@transaction.atomic
def alliance_create(
    *,
    name: str,
    area_code: str,
    lead_organization: PartyOrganization,
    charter: str = "",
    founded_on: date | None = None,
) -> Alliance:
    """Form an alliance (组建): its area, lead organization, charter and founding date."""
    return save_validated(
        Alliance(),
        {
            "name": name,
            "area_code": area_code,
            "lead_organization": lead_organization,
            "charter": charter,
            "founded_on": founded_on,
        },
    )


@transaction.atomic
def alliance_update(
    *,
    alliance: Alliance,
    name: str | Unchanged = UNCHANGED,
    lead_organization: PartyOrganization | Unchanged = UNCHANGED,
    charter: str | Unchanged = UNCHANGED,
    founded_on: date | Unchanged | None = UNCHANGED,
) -> Alliance:
    """Change an alliance's name, lead organization, charter or founding date; it stays in its area
    (the survey is recorded by ``alliance_survey_record``)."""
    return model_update(
        alliance, name=name, lead_organization=lead_organization, charter=charter, founded_on=founded_on
    )


@transaction.atomic
def alliance_survey_record(*, alliance: Alliance, needs: str, resources: str, surveyed_on: date) -> Alliance:
    """The survey (摸底): the needs and the resources of the alliance's area."""
    if not needs.strip() or not resources.strip():
        raise ValidationError(_("Record both the needs and the resources found."))
    return save_validated(alliance, {"survey_needs": needs, "survey_resources": resources, "surveyed_on": surveyed_on})


@transaction.atomic
def alliance_retire(*, alliance: Alliance) -> Alliance:
    """Retire an alliance; it stays in history."""
    return retire(alliance)


@transaction.atomic
def member_unit_add(
    *,
    alliance: Alliance,
    name: str,
    kind: str,
    party_organization: PartyOrganization | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    offers_venue: bool = False,
    offers_funds: bool = False,
    offers_skills: bool = False,
    offers_volunteers: bool = False,
    resources: str = "",
    commitments: str = "",
    joined_on: date | None = None,
) -> MemberUnit:
    """A unit joins the alliance: what it offers and what it commits to."""
    return save_validated(
        MemberUnit(alliance=alliance),
        {
            "name": name,
            "kind": kind,
            "party_organization": party_organization,
            "contact_name": contact_name,
            "contact_phone": contact_phone,
            "offers_venue": offers_venue,
            "offers_funds": offers_funds,
            "offers_skills": offers_skills,
            "offers_volunteers": offers_volunteers,
            "resources": resources,
            "commitments": commitments,
            "joined_on": joined_on,
        },
    )


@transaction.atomic
def member_unit_update(
    *,
    member: MemberUnit,
    name: str | Unchanged = UNCHANGED,
    kind: str | Unchanged = UNCHANGED,
    party_organization: PartyOrganization | Unchanged | None = UNCHANGED,
    contact_name: str | Unchanged = UNCHANGED,
    contact_phone: str | Unchanged = UNCHANGED,
    offers_venue: bool | Unchanged = UNCHANGED,
    offers_funds: bool | Unchanged = UNCHANGED,
    offers_skills: bool | Unchanged = UNCHANGED,
    offers_volunteers: bool | Unchanged = UNCHANGED,
    resources: str | Unchanged = UNCHANGED,
    commitments: str | Unchanged = UNCHANGED,
    joined_on: date | Unchanged | None = UNCHANGED,
) -> MemberUnit:
    """Change a member unit's details, offers or commitments; it stays in its alliance."""
    return model_update(
        member,
        name=name,
        kind=kind,
        party_organization=party_organization,
        contact_name=contact_name,
        contact_phone=contact_phone,
        offers_venue=offers_venue,
        offers_funds=offers_funds,
        offers_skills=offers_skills,
        offers_volunteers=offers_volunteers,
        resources=resources,
        commitments=commitments,
        joined_on=joined_on,
    )


@transaction.atomic
def member_unit_retire(*, member: MemberUnit) -> MemberUnit:
    """Retire a member unit and close its venues."""
    audited_update(member.venues.all(), is_open=False)
    return retire(member)


@transaction.atomic
def venue_add(
    *,
    member: MemberUnit,
    name: str,
    address: str,
    opening_hours: str,
    capacity: int = 0,
    is_open: bool = True,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Venue:
    """A member unit opens a venue to residents."""
    return save_validated(
        Venue(member=member),
        {
            "name": name,
            "address": address,
            "opening_hours": opening_hours,
            "capacity": capacity,
            "is_open": is_open,
            "latitude": latitude,
            "longitude": longitude,
        },
    )


@transaction.atomic
def venue_update(
    *,
    venue: Venue,
    name: str | Unchanged = UNCHANGED,
    address: str | Unchanged = UNCHANGED,
    opening_hours: str | Unchanged = UNCHANGED,
    capacity: int | Unchanged = UNCHANGED,
    is_open: bool | Unchanged = UNCHANGED,
    latitude: Decimal | Unchanged | None = UNCHANGED,
    longitude: Decimal | Unchanged | None = UNCHANGED,
) -> Venue:
    """Change a venue, its location, or open or close it to residents; it stays with its member unit."""
    return model_update(
        venue,
        name=name,
        address=address,
        opening_hours=opening_hours,
        capacity=capacity,
        is_open=is_open,
        latitude=latitude,
        longitude=longitude,
    )


@transaction.atomic
def activity_record(
    *,
    alliance: Alliance,
    title: str,
    kind: str,
    held_on: date,
    place: str,
    participants: int,
    organizers: Iterable[MemberUnit] = (),
) -> Activity:
    """An alliance activity; its organizers must be members of the alliance."""
    organizers = list(organizers)
    foreign = [unit for unit in organizers if unit.alliance_id != alliance.pk]
    if foreign:
        raise ValidationError({"organizers": _("Organizers must be member units of the alliance.")})
    activity = save_validated(
        Activity(alliance=alliance),
        {"title": title, "kind": kind, "held_on": held_on, "place": place, "participants": participants},
    )
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
    audited_update(AllianceProblem.objects.filter(pk__in=[p.pk for p in problems]), step=ProblemStep.CONSULTED)
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
