"""Writes of the all-round grids in an emergency (全能网格). Keyword-only, atomic, validated. Who may
write is checked by the pages and the API (a writing role over the campaign's area, or, for a visit,
over the household's grid); the rules of the records themselves are kept here. A refusal never
names a place outside the campaign."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.cadres.models import CadreAssignment
from alliances.loop.models import MemberUnit
from alliances.volunteering.choices import OPEN_REPORT_STATUSES
from alliances.volunteering.models import InServiceMember, MemberReport
from communities.models import PartyOrganization, Person
from grids.network.models import ChiefAssignment, Grid, GridWorker, Unit
from jilin_grid.areas import area_exists
from jilin_grid.bulk import insert_many
from jilin_grid.scope import STREET_CODE_LENGTH, prefix_q
from jilin_grid.services import save_validated

from .choices import NO, YES, QuestionKind, TaskState, TeamRole
from .models import (
    Campaign,
    CampaignKind,
    CampaignShift,
    ChecklistQuestion,
    DailySummary,
    Donation,
    DutyPost,
    HouseholdVisit,
    SupplyGift,
    SupportTask,
    TeamMember,
    VisitAnswer,
)

# Campaigns ---------------------------------------------------------------------------------------


def _clean_questions(questions: Iterable[Mapping]) -> list[ChecklistQuestion]:
    rows, seen = [], set()
    for position, question in enumerate(questions, start=1):
        text = str(question.get("text", "")).strip()
        kind = question.get("kind", QuestionKind.YES_NO)
        choices = [str(choice).strip() for choice in question.get("choices") or [] if str(choice).strip()]
        if not text:
            raise ValidationError({"questions": _("Every question needs its text.")})
        if text in seen:
            raise ValidationError({"questions": _("Two questions have the same text.")})
        if kind not in QuestionKind.values:
            raise ValidationError({"questions": _("A question is answered yes or no, or with its answer choices.")})
        if kind == QuestionKind.CHOICE and len(set(choices)) < 2:
            raise ValidationError({"questions": _("A question with answer choices needs at least two different ones.")})
        seen.add(text)
        rows.append(
            ChecklistQuestion(
                position=position, text=text, kind=kind, choices=choices if kind == QuestionKind.CHOICE else []
            )
        )
    if not rows:
        raise ValidationError({"questions": _("The household-visit checklist needs at least one question.")})
    return rows


def _clean_posts(post_names: Iterable[str]) -> list[str]:
    names = list(dict.fromkeys(name.strip() for name in post_names if name and name.strip()))
    if not names:
        raise ValidationError({"posts": _("Give every grid at least one duty post.")})
    return names


@transaction.atomic
def campaign_open(
    *,
    kind: CampaignKind,
    title: str,
    area_code: str,
    starts_on: date,
    ends_on: date,
    questions: Iterable[Mapping],
    post_names: Iterable[str],
) -> Campaign:
    """Open a campaign over a city, a district or a street: its checklist, and every active grid of
    the area as a team (its workers and chiefs) with the same duty posts."""
    if not kind.is_active:
        raise ValidationError({"kind": _("This kind of campaign is retired.")})
    if len(area_code) > STREET_CODE_LENGTH or not area_exists(area_code):
        raise ValidationError({"area_code": _("A campaign is opened by the city, a district or a street.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The campaign ends before it starts.")})
    question_rows = _clean_questions(questions)
    names = _clean_posts(post_names)
    campaign = save_validated(
        Campaign(),
        {"kind": kind, "title": title, "area_code": area_code, "starts_on": starts_on, "ends_on": ends_on},
    )
    for question in question_rows:
        question.campaign = campaign
    ChecklistQuestion.objects.bulk_create(question_rows)
    grids = list(Grid.objects.filter(prefix_q("code", area_code), is_active=True).order_by("code"))
    DutyPost.objects.bulk_create(
        [DutyPost(campaign=campaign, grid=grid, name=name, area_code=grid.code) for grid in grids for name in names]
    )
    teams_form(campaign=campaign, grids=grids)
    return campaign


def teams_form(*, campaign: Campaign, grids: list[Grid]) -> int:
    """Every grid's active workers and chiefs join its team (each person once a grid); answers how
    many joined."""
    by_id = {grid.pk: grid for grid in grids}
    seen: set[tuple[int, int]] = set()
    rows: list[TeamMember] = []
    sources = [
        (GridWorker.objects.filter(prefix_q("area_code", campaign.area_code), is_active=True), TeamRole.WORKER),
        (ChiefAssignment.objects.filter(prefix_q("area_code", campaign.area_code), is_active=True), TeamRole.CHIEF),
    ]
    for queryset, role in sources:
        for grid_id, person_id in queryset.order_by("id").values_list("grid_id", "person_id"):
            if grid_id not in by_id or (grid_id, person_id) in seen:
                continue
            seen.add((grid_id, person_id))
            grid = by_id[grid_id]
            rows.append(TeamMember(campaign=campaign, grid=grid, person_id=person_id, role=role, area_code=grid.code))
    insert_many(TeamMember, rows)
    return len(rows)


def _check_open(campaign: Campaign, field: str | None = None) -> None:
    if campaign.is_closed:
        message = _("The campaign is closed.")
        raise ValidationError({field: message} if field else message)


def _check_in_campaign(campaign: Campaign, code: str, field: str) -> None:
    if not code.startswith(campaign.area_code):
        raise ValidationError({field: _("This lies outside the campaign's area.")})


@transaction.atomic
def campaign_close(*, campaign: Campaign) -> Campaign:
    """Close a campaign: no more visits, shifts, tasks or donations."""
    _check_open(campaign)
    campaign.is_closed = True
    campaign.save(update_fields=["is_closed", "updated_at"])
    return campaign


@transaction.atomic
def donations_publish(*, campaign: Campaign, published: bool = True) -> Campaign:
    """Publish (or withdraw) the list of a campaign's donations."""
    campaign.donations_published = published
    campaign.save(update_fields=["donations_published", "updated_at"])
    return campaign


@transaction.atomic
def team_join(*, campaign: Campaign, grid: Grid, person: Person, role: str) -> TeamMember:
    """A sunk cadre (sunk to the grid's community) or an in-service member (reported to it) joins a
    grid's team."""
    _check_open(campaign)
    _check_in_campaign(campaign, grid.code, "grid")
    if role == TeamRole.CADRE:
        if not CadreAssignment.objects.filter(cadre=person, community_id=grid.community_id).exists():
            raise ValidationError({"person": _("This cadre is not sunk to the grid's community.")})
    elif role == TeamRole.MEMBER:
        reported = MemberReport.objects.filter(
            member__person=person, community_id=grid.community_id, status__in=OPEN_REPORT_STATUSES
        ).exists()
        if not reported:
            raise ValidationError({"person": _("This member has not reported to the grid's community.")})
    else:
        raise ValidationError({"role": _("Grid workers and chiefs join their grid's team when the campaign opens.")})
    if TeamMember.objects.filter(campaign=campaign, grid=grid, person=person).exists():
        raise ValidationError({"person": _("This person is already in the grid's team.")})
    return save_validated(TeamMember(campaign=campaign, grid=grid, person=person), {"role": role})


# Household visits --------------------------------------------------------------------------------


def _clean_answers(campaign: Campaign, answers: Mapping) -> list[tuple[ChecklistQuestion, str]]:
    given = {str(key): str(value).strip() for key, value in answers.items()}
    cleaned = []
    for question in campaign.questions.all():
        answer = given.pop(str(question.pk), "")
        allowed = [YES, NO] if question.kind == QuestionKind.YES_NO else question.choices
        if not answer:
            raise ValidationError({"answers": _("Answer every question of the checklist.")})
        if answer not in allowed:
            raise ValidationError(
                {
                    "answers": _("“%(answer)s” is not an answer to “%(question)s”.")
                    % {"answer": answer, "question": question.text}
                }
            )
        cleaned.append((question, answer))
    if given:
        raise ValidationError({"answers": _("An answer is to a question of another checklist.")})
    return cleaned


@transaction.atomic
def visit_record(
    *,
    campaign: Campaign,
    unit: Unit,
    door: int,
    visited_on: date,
    answers: Mapping,
    key: uuid.UUID,
    visited_by=None,
    note: str = "",
) -> tuple[HouseholdVisit, bool]:
    """A household visit with the checklist's answers; answers ``(visit, created)``. A visit whose
    ``key`` is already kept (sent again when the phone came back online) is answered as it is. One
    visit a household and day, during the campaign, in a unit of its area."""
    existing = HouseholdVisit.objects.filter(key=key).first()
    if existing is not None:
        if existing.campaign_id != campaign.pk:
            raise ValidationError({"key": _("This key belongs to another visit.")})
        return existing, False
    _check_open(campaign, "campaign")
    _check_in_campaign(campaign, unit.area_code, "unit")
    if not unit.is_active:
        raise ValidationError({"unit": _("This unit is retired.")})
    if not campaign.starts_on <= visited_on <= campaign.ends_on:
        raise ValidationError(
            {
                "visited_on": _("The campaign runs from %(start)s to %(end)s.")
                % {"start": campaign.starts_on.isoformat(), "end": campaign.ends_on.isoformat()}
            }
        )
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit cannot be recorded for a day to come.")})
    if not 1 <= door <= unit.households:
        raise ValidationError(
            {"door": _("The unit has households 1 to %(count)s.") % {"count": unit.households}}
            if unit.households
            else {"door": _("The unit has no households on record.")}
        )
    if HouseholdVisit.objects.filter(campaign=campaign, unit=unit, door=door, visited_on=visited_on).exists():
        raise ValidationError({"door": _("This household was already visited that day.")})
    cleaned = _clean_answers(campaign, answers)
    visit = HouseholdVisit(
        campaign=campaign,
        grid_id=unit.building.grid_id,
        unit=unit,
        door=door,
        visited_on=visited_on,
        visited_by=visited_by,
        note=note,
        key=key,
    )
    visit.area_code = visit.derive_area_code()
    visit.full_clean(exclude=["key"])
    try:
        with transaction.atomic():
            visit.save()
    except IntegrityError:
        # Sent twice at once: the other request kept it.
        existing = HouseholdVisit.objects.filter(key=key).first()
        if existing is not None:
            return existing, False
        raise ValidationError({"door": _("This household was already visited that day.")}) from None
    VisitAnswer.objects.bulk_create(
        [VisitAnswer(visit=visit, question=q, answer=a, area_code=visit.area_code) for q, a in cleaned]
    )
    return visit, True


# Duty --------------------------------------------------------------------------------------------


@transaction.atomic
def shift_add(*, post: DutyPost, person: Person, starts_at: datetime, ends_at: datetime) -> CampaignShift:
    """A turn of duty at a post by a member of the post's team, inside the campaign's period."""
    campaign = post.campaign
    _check_open(campaign, "post")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A shift ends after it starts.")})
    first, last = timezone.localdate(starts_at), timezone.localdate(ends_at - timedelta(seconds=1))
    if first < campaign.starts_on or last > campaign.ends_on:
        raise ValidationError(
            {
                "starts_at": _("The campaign runs from %(start)s to %(end)s.")
                % {"start": campaign.starts_on.isoformat(), "end": campaign.ends_on.isoformat()}
            }
        )
    if not TeamMember.objects.filter(campaign=campaign, grid_id=post.grid_id, person=person).exists():
        raise ValidationError({"person": _("Only a member of the grid's team keeps duty at its posts.")})
    overlapping = CampaignShift.objects.filter(
        post__campaign=campaign, person=person, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if overlapping.exists():
        raise ValidationError({"starts_at": _("This person is already on duty at that time.")})
    return save_validated(CampaignShift(post=post), {"person": person, "starts_at": starts_at, "ends_at": ends_at})


# Support tasks and supplies ----------------------------------------------------------------------


def _check_member_unit(campaign: Campaign, member_unit: MemberUnit) -> None:
    code = member_unit.area_code
    if not (code.startswith(campaign.area_code) or campaign.area_code.startswith(code)):
        raise ValidationError({"member_unit": _("This member unit's alliance lies outside the campaign's area.")})
    if not member_unit.is_active:
        raise ValidationError({"member_unit": _("This member unit has left its alliance.")})


@transaction.atomic
def support_task_assign(
    *, campaign: Campaign, member_unit: MemberUnit, kind: str, title: str, due_on: date
) -> SupportTask:
    """Assign a support task to a member unit of an alliance of the campaign's area."""
    _check_open(campaign, "campaign")
    _check_member_unit(campaign, member_unit)
    if not campaign.starts_on <= due_on <= campaign.ends_on:
        raise ValidationError({"due_on": _("The deadline falls outside the campaign.")})
    return save_validated(
        SupportTask(campaign=campaign), {"member_unit": member_unit, "kind": kind, "title": title, "due_on": due_on}
    )


@transaction.atomic
def support_task_finish(*, task: SupportTask, state: str, outcome: str) -> SupportTask:
    """A member unit reports its task done (or not done), with the outcome."""
    if task.state != TaskState.ASSIGNED:
        raise ValidationError({"state": _("This task is already finished.")})
    if state not in (TaskState.DONE, TaskState.FAILED):
        raise ValidationError({"state": _("A task is finished as done or not done.")})
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say what came of the task.")})
    task.state, task.outcome = state, outcome.strip()
    task.full_clean()
    task.save(update_fields=["state", "outcome", "updated_at"])
    return task


@transaction.atomic
def supply_record(
    *, campaign: Campaign, member_unit: MemberUnit, kind: str, quantity: int, received_on: date
) -> SupplyGift:
    """Supplies gathered from a member unit for the campaign."""
    _check_open(campaign, "campaign")
    _check_member_unit(campaign, member_unit)
    return save_validated(
        SupplyGift(campaign=campaign),
        {"member_unit": member_unit, "kind": kind, "quantity": quantity, "received_on": received_on},
    )


# Daily summaries --------------------------------------------------------------------------------


@transaction.atomic
def daily_summary_produce(*, campaign: Campaign, day: date) -> DailySummary:
    """The campaign's summary of ``day`` for its own area, HTML and workbook; produced again the same
    day, it replaces that day's."""
    from jilin_grid.areas import area_get

    from .summary import summary_html, summary_tables, summary_workbook

    area = area_get(campaign.area_code)
    if area is None:
        raise ValidationError({"campaign": _("The campaign's area no longer exists.")})
    summary = summary_tables(campaign, area, day)
    row, _created = DailySummary.objects.update_or_create(
        campaign=campaign,
        area_code=campaign.area_code,
        day=day,
        defaults={"html": summary_html(campaign, area, day, summary), "workbook": summary_workbook(summary)},
    )
    return row


def daily_summaries_produce(*, day: date) -> list[DailySummary]:
    """The summaries of ``day`` of every open campaign running that day."""
    running = Campaign.objects.filter(is_closed=False, starts_on__lte=day, ends_on__gte=day).order_by("id")
    return [daily_summary_produce(campaign=campaign, day=day) for campaign in running]


# Donations ---------------------------------------------------------------------------------------


@transaction.atomic
def donation_record(
    *,
    campaign: Campaign,
    donor_name: str,
    organization: PartyOrganization,
    unit_name: str,
    amount: Decimal,
    donated_on: date,
    receipt_number: str,
    member: InServiceMember | None = None,
) -> Donation:
    """A member's donation to an open campaign, with its receipt's number (once per campaign)."""
    _check_open(campaign, "campaign")
    if not isinstance(amount, Decimal):
        raise ValidationError({"amount": _("Give the amount in yuan, like 150.00.")})
    if amount <= 0:
        raise ValidationError({"amount": _("A donation is more than nothing.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": _("An amount has at most two decimals (fen).")})
    if not donated_on <= timezone.localdate():
        raise ValidationError({"donated_on": _("A donation cannot be recorded for a day to come.")})
    receipt_number = receipt_number.strip()
    if Donation.objects.filter(campaign=campaign, receipt_number=receipt_number).exists():
        raise ValidationError({"receipt_number": _("The campaign already has a donation with this receipt number.")})
    if member is not None:
        donor_name = member.person.name
    return save_validated(
        Donation(campaign=campaign),
        {
            "donor_name": donor_name.strip(),
            "member": member,
            "organization": organization,
            "unit_name": unit_name.strip(),
            "amount": amount,
            "donated_on": donated_on,
            "receipt_number": receipt_number,
        },
    )
