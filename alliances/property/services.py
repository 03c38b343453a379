"""Writes of red-heart property (红心物业). Keyword-only, atomic, validated. Who may write is checked
by the pages and the API (a writing role over the community or an area above it); the rules of the
records themselves are kept here: a company and the compounds it serves are in one community, an
abandoned compound has a consultation council with members, a cross-appointment ends after it starts
and does not overlap the same one, a resolution's deadline and outcome are not before its meeting,
and a month's fee collection is filed once per compound with no more paid than billed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import Community, PartyOrganization
from grids.network.models import ResidentialCompound
from grids.problems.models import ResidentProblem
from jilin_grid.services import UNCHANGED, Unchanged, model_update, save_validated

from .choices import ManagementMode
from .models import (
    CompoundMode,
    CouncilMember,
    CrossAppointment,
    DeliberationMeeting,
    FeeCollection,
    OwnersCommittee,
    OwnersCommitteeMember,
    PropertyCompany,
    Resolution,
)

# A member of a committee or a council: (name, post).
MemberRow = tuple[str, str]


def _check_organization(organization: PartyOrganization | None, code: str) -> None:
    if organization is not None and not organization.area_code.startswith(code):
        raise ValidationError({"party_organization": _("The party organization must belong to the community.")})


@transaction.atomic
def company_add(
    *, community: Community, name: str, party_organization: PartyOrganization | None = None
) -> PropertyCompany:
    """A property company serving compounds of a community, with its party organization if it has one."""
    _check_organization(party_organization, community.code)
    if PropertyCompany.objects.filter(community=community, name=name).exists():
        raise ValidationError({"name": _("The community already has a property company of this name.")})
    return save_validated(
        PropertyCompany(community=community), {"name": name, "party_organization": party_organization}
    )


@transaction.atomic
def company_update(
    *,
    company: PropertyCompany,
    name: str | Unchanged = UNCHANGED,
    party_organization: PartyOrganization | Unchanged | None = UNCHANGED,
) -> PropertyCompany:
    """Rename a company or change its party organization; it stays in its community."""
    if party_organization is not UNCHANGED:
        _check_organization(party_organization, company.area_code)
    if (
        name is not UNCHANGED
        and PropertyCompany.objects.filter(community_id=company.community_id, name=name).exclude(pk=company.pk).exists()
    ):
        raise ValidationError({"name": _("The community already has a property company of this name.")})
    return model_update(company, name=name, party_organization=party_organization)


def _members(rows: Iterable[MemberRow], field: str) -> list[MemberRow]:
    cleaned = [(name.strip(), post.strip()) for name, post in rows if name.strip()]
    if not cleaned:
        raise ValidationError({field: _("Give at least one member.")})
    if any(len(name) > 50 or len(post) > 50 for name, post in cleaned):
        raise ValidationError({field: _("A name or a post is at most 50 characters long.")})
    return cleaned


@transaction.atomic
def owners_committee_elect(
    *, compound: ResidentialCompound, term_start: date, term_end: date, members: Iterable[MemberRow]
) -> OwnersCommittee:
    """An owners' committee (业委会) of a compound for a term, with its members; terms do not overlap."""
    members = _members(members, "members")
    if term_end <= term_start:
        raise ValidationError({"term_end": _("The term ends after it starts.")})
    if compound.owners_committees.filter(term_start__lt=term_end, term_end__gt=term_start).exists():
        raise ValidationError({"term_start": _("The compound has an owners' committee for part of this term.")})
    committee = save_validated(OwnersCommittee(compound=compound), {"term_start": term_start, "term_end": term_end})
    OwnersCommitteeMember.objects.bulk_create(
        [OwnersCommitteeMember(committee=committee, name=name, post=post) for name, post in members]
    )
    return committee


@transaction.atomic
def compound_mode_change(
    *,
    compound: ResidentialCompound,
    mode: str,
    since: date,
    company: PropertyCompany | None = None,
    council_name: str = "",
    council_members: Iterable[MemberRow] = (),
    note: str = "",
) -> CompoundMode:
    """The compound is managed in ``mode`` from ``since`` on: by a company of its community, or, when
    abandoned (弃管), by a consultation council (协商理事会) with its members."""
    council_members = list(council_members)
    if company is not None and company.community_id != compound.community_id:
        raise ValidationError({"company": _("The property company must serve the compound's community.")})
    if company is not None and not company.is_active:
        raise ValidationError({"company": _("The property company no longer serves the community.")})
    if mode == ManagementMode.ABANDONED:
        council_members = _members(council_members, "council_members")
    elif any(name.strip() for name, _post in council_members):
        raise ValidationError({"council_members": _("Only an abandoned compound has a consultation council.")})
    latest = compound.management_modes.order_by("-since").first()
    if latest is not None and since <= latest.since:
        raise ValidationError(
            {
                "since": _("The compound's mode last changed on %(day)s; a change is dated after it.")
                % {"day": latest.since.isoformat()}
            }
        )
    if latest is not None and latest.mode == mode and latest.company_id == (company.pk if company else None):
        raise ValidationError({"mode": _("The compound is already managed this way.")})
    record = save_validated(
        CompoundMode(compound=compound),
        {"mode": mode, "since": since, "company": company, "council_name": council_name.strip(), "note": note},
    )
    if mode == ManagementMode.ABANDONED:
        CouncilMember.objects.bulk_create(
            [CouncilMember(compound_mode=record, name=name, post=post) for name, post in council_members]
        )
    return record


@transaction.atomic
def cross_appointment_add(
    *,
    company: PropertyCompany,
    person_name: str,
    direction: str,
    post: str,
    started_on: date,
    ended_on: date | None = None,
) -> CrossAppointment:
    """A cross-appointment (交叉任职) between the community's party organization and a company. It ends
    after it starts, and the same person is not appointed the same way to the same company twice over
    the same days."""
    person_name = person_name.strip()
    if ended_on is not None and ended_on <= started_on:
        raise ValidationError({"ended_on": _("A cross-appointment ends after it starts.")})
    overlapping = company.cross_appointments.filter(person_name=person_name, direction=direction)
    overlapping = overlapping.exclude(ended_on__lte=started_on)
    if ended_on is not None:
        overlapping = overlapping.filter(started_on__lt=ended_on)
    if overlapping.exists():
        raise ValidationError({"started_on": _("This person already holds this cross-appointment over these days.")})
    return save_validated(
        CrossAppointment(company=company),
        {"person_name": person_name, "direction": direction, "post": post, "started_on": started_on,
         "ended_on": ended_on},
    )  # fmt: skip


@transaction.atomic
def cross_appointment_end(*, appointment: CrossAppointment, ended_on: date) -> CrossAppointment:
    """End a cross-appointment that is still held, on a day after it started."""
    appointment = CrossAppointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.ended_on is not None:
        raise ValidationError({"ended_on": _("This cross-appointment has ended already.")})
    if ended_on <= appointment.started_on:
        raise ValidationError({"ended_on": _("A cross-appointment ends after it starts.")})
    return model_update(appointment, ended_on=ended_on)


@transaction.atomic
def meeting_hold(
    *,
    community: Community,
    held_on: date,
    topics: str,
    residents_committee_attendees: int,
    property_company_attendees: int,
    owners_committee_attendees: int,
    compound: ResidentialCompound | None = None,
    problems: Iterable[ResidentProblem] = (),
) -> DeliberationMeeting:
    """A residents' deliberation meeting (居民议事会) of the three parties, with the residents' problems
    of the community it took up."""
    problems = list(problems)
    if compound is not None and compound.community_id != community.pk:
        raise ValidationError({"compound": _("The compound must be in the meeting's community.")})
    if residents_committee_attendees + property_company_attendees + owners_committee_attendees == 0:
        raise ValidationError({"residents_committee_attendees": _("Nobody attended: give the attendees by party.")})
    if held_on > date.today():
        raise ValidationError({"held_on": _("A meeting is filed once it has been held.")})
    if any(not problem.area_code.startswith(community.code) for problem in problems):
        raise ValidationError({"problems": _("A meeting takes up the residents' problems of its own community.")})
    meeting = save_validated(
        DeliberationMeeting(community=community),
        {
            "compound": compound,
            "held_on": held_on,
            "topics": topics,
            "residents_committee_attendees": residents_committee_attendees,
            "property_company_attendees": property_company_attendees,
            "owners_committee_attendees": owners_committee_attendees,
        },
    )
    meeting.problems.set(problems)
    return meeting


@transaction.atomic
def resolution_add(*, meeting: DeliberationMeeting, text: str, party: str, deadline: date) -> Resolution:
    """A resolution of a meeting assigned to one of the three parties, due by a day not before the meeting."""
    if deadline < meeting.held_on:
        raise ValidationError(
            {
                "deadline": _("The meeting was held on %(day)s; the deadline cannot be before it.")
                % {"day": meeting.held_on.isoformat()}
            }
        )
    return save_validated(Resolution(meeting=meeting), {"text": text, "party": party, "deadline": deadline})


@transaction.atomic
def resolution_record_outcome(*, resolution: Resolution, done_on: date, outcome: str) -> Resolution:
    """The party carried out the resolution on ``done_on``: late when after the deadline."""
    if resolution.done_on is not None:
        raise ValidationError({"done_on": _("The outcome of this resolution is already recorded.")})
    if done_on < resolution.meeting.held_on:
        raise ValidationError(
            {
                "done_on": _("The meeting was held on %(day)s; a resolution is carried out after it.")
                % {"day": resolution.meeting.held_on.isoformat()}
            }
        )
    if done_on > date.today():
        raise ValidationError({"done_on": _("An outcome is recorded once it has happened.")})
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say what was done.")})
    return model_update(resolution, done_on=done_on, outcome=outcome.strip())


def _check_month(month: date) -> None:
    if month.day != 1:
        raise ValidationError({"month": _("A month is given by its first day.")})
    if month > date.today():
        raise ValidationError({"month": _("A month's fees are filed once the month has begun.")})


@transaction.atomic
def fee_collection_file(
    *, compound: ResidentialCompound, month: date, households_billed: int, households_paid: int
) -> FeeCollection:
    """A compound's property fees for a month: households billed and households that paid. One row per
    compound and month; the rate is derived."""
    _check_month(month)
    if FeeCollection.objects.filter(compound=compound, month=month).exists():
        raise ValidationError(
            {"month": _("The fees of %(month)s are already filed for this compound.") % {"month": f"{month:%Y-%m}"}}
        )
    return save_validated(
        FeeCollection(compound=compound),
        {"month": month, "households_billed": households_billed, "households_paid": households_paid},
    )


@transaction.atomic
def fee_collection_correct(
    *,
    collection: FeeCollection,
    households_billed: int | Unchanged = UNCHANGED,
    households_paid: int | Unchanged = UNCHANGED,
) -> FeeCollection:
    """Correct a month's figures; the compound and the month stay."""
    return model_update(collection, households_billed=households_billed, households_paid=households_paid)
