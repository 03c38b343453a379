"""Reads of the campaigns: the figures of a campaign in an area and in each of its direct children
(``GET /api/stats/campaigns/<id>/``, the campaign's page, the daily summary), and the donations'
totals.

Each figure is one grouped query over the rows under the area (``jilin_grid.aggregates.rollup``),
added up per direct child, so the number of queries does not depend on how many rows there are.
A campaign's rows lie in its own area: asked about an area above it, the figures are the
campaign's; about an area beside it, nothing."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import CharField, Count, Sum, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from grids.network.models import Unit
from jilin_grid.aggregates import rollup
from jilin_grid.areas import Area, area_statistics
from jilin_grid.scope import get_scope, prefix_q

from .choices import NO, YES, QuestionKind, SupplyKind, TaskState
from .models import Campaign, CampaignShift, Donation, HouseholdVisit, SupplyGift, SupportTask, VisitAnswer

CHILD_FIGURES = ("households", "visited", "duty_hours_covered", "support_tasks_open", "donation_members")
HOUR = timedelta(hours=1)


def campaigns_reached(user):
    """The campaigns over the user's areas or over an area above them (a grid worker sees the
    city's campaign)."""
    scope = get_scope(user)
    queryset = Campaign.objects.select_related("kind")
    if scope.is_superuser:
        return queryset
    return queryset.filter(scope.reach_q("area_code"))


def campaign_prefix(campaign: Campaign, area: Area) -> str | None:
    """The code under which the campaign's rows of ``area`` lie, or None when the area is beside
    the campaign's."""
    if area.code.startswith(campaign.area_code):
        return area.code
    if campaign.area_code.startswith(area.code):
        return campaign.area_code
    return None


def covered_hours(intervals: list[tuple[datetime, datetime]]) -> list[datetime]:
    """The whole hours (their starts) that the union of ``intervals`` covers from end to end."""
    hours: list[datetime] = []
    merged: list[list[datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        hour = start.replace(minute=0, second=0, microsecond=0)
        if hour < start:
            hour += HOUR
        while hour + HOUR <= end:
            hours.append(hour)
            hour += HOUR
    return hours


def _duty(campaign: Campaign, prefix: str, length: int) -> tuple[int, dict[str, int], dict[int, int]]:
    """Post-hours covered in the area, per child, and by hour of the day (0-23, local time)."""
    by_post: dict[tuple[int, str], list] = defaultdict(list)
    shifts = CampaignShift.objects.filter(prefix_q("area_code", prefix), post__campaign=campaign)
    for post_id, area_code, starts_at, ends_at in shifts.values_list("post_id", "area_code", "starts_at", "ends_at"):
        by_post[(post_id, area_code)].append((starts_at, ends_at))
    total, children, by_hour = 0, defaultdict(int), defaultdict(int)
    for (_post, area_code), intervals in by_post.items():
        hours = covered_hours(intervals)
        total += len(hours)
        children[area_code[:length]] += len(hours)
        for hour in hours:
            by_hour[timezone.localtime(hour).hour] += 1
    return total, children, by_hour


def _answer_label(question, answer: str) -> str:
    if question.kind == QuestionKind.YES_NO:
        return {YES: _("Yes"), NO: _("No")}.get(answer, answer)
    return answer


def campaign_figures(campaign: Campaign, area: Area) -> dict:
    """Households visited out of households, findings by question and answer, duty post-hours
    covered, support tasks by state, supplies by kind and donations of the campaign in ``area``,
    with the same head figures for each direct child."""
    length = area.child_code_length or len(area.code)
    prefix = campaign_prefix(campaign, area)
    children: dict[str, dict] = defaultdict(lambda: dict.fromkeys(CHILD_FIGURES, 0))
    own = {
        "campaign": {"id": campaign.pk, "title": campaign.title, "area_code": campaign.area_code},
        "households": 0,
        "visited": 0,
        "findings": [],
        "duty_hours_covered": 0,
        "duty_by_hour": [0] * 24,
        "support_tasks": dict.fromkeys(TaskState.values, 0),
        "supplies": dict.fromkeys(SupplyKind.values, 0),
        "donations": {"members": 0, "amount": Decimal("0.00")},
    }
    if prefix is None:
        return area_statistics(area, own, lambda child: dict.fromkeys(CHILD_FIGURES, 0))

    def add(name: str, grouped, child_name: str | None = None):
        for (child, *_rest), values in grouped.items():
            value = values[name]
            children[child][child_name or name] += value

    units = rollup(Unit.objects.filter(is_active=True), field="area_code", prefix=prefix, length=length,
                   households=Sum("households"))  # fmt: skip
    own["households"] = sum(values["households"] for values in units.values())
    add("households", units)
    household = Concat(Cast("unit_id", CharField()), Value("-"), Cast("door", CharField()))
    visits = rollup(
        HouseholdVisit.objects.filter(campaign=campaign), field="area_code", prefix=prefix, length=length,
        visited=Count(household, distinct=True),
    )  # fmt: skip
    own["visited"] = sum(values["visited"] for values in visits.values())
    add("visited", visits)

    questions = list(campaign.questions.all())
    answered = VisitAnswer.objects.filter(prefix_q("area_code", prefix), visit__campaign=campaign)
    counts = {
        (row["question_id"], row["answer"]): row["n"]
        for row in answered.order_by().values("question_id", "answer").annotate(n=Count("id"))
    }
    for question in questions:
        choices = [YES, NO] if question.kind == QuestionKind.YES_NO else list(question.choices)
        own["findings"].append(
            {
                "question": question.pk,
                "text": question.text,
                "answers": [
                    {
                        "answer": choice,
                        "label": _answer_label(question, choice),
                        "count": counts.get((question.pk, choice), 0),
                    }
                    for choice in choices
                ],
            }
        )

    total, duty_children, by_hour = _duty(campaign, prefix, length)
    own["duty_hours_covered"] = total
    own["duty_by_hour"] = [by_hour.get(hour, 0) for hour in range(24)]
    for child, value in duty_children.items():
        children[child]["duty_hours_covered"] += value

    tasks = rollup(SupportTask.objects.filter(campaign=campaign), field="area_code", prefix=prefix, length=length,
                   by=("state",), n=Count("id"))  # fmt: skip
    for (child, state), values in tasks.items():
        own["support_tasks"][state] = own["support_tasks"].get(state, 0) + values["n"]
        if state == TaskState.ASSIGNED:
            children[child]["support_tasks_open"] += values["n"]
    supplies = rollup(SupplyGift.objects.filter(campaign=campaign), field="area_code", prefix=prefix, length=length,
                      by=("kind",), quantity=Sum("quantity"))  # fmt: skip
    for (_child, kind), values in supplies.items():
        own["supplies"][kind] = own["supplies"].get(kind, 0) + values["quantity"]

    donations = Donation.objects.filter(prefix_q("area_code", prefix), campaign=campaign)
    members = rollup(donations, field="area_code", prefix=prefix, length=length, n=Count("id"))
    own["donations"]["members"] = sum(values["n"] for values in members.values())
    for (child,), values in members.items():
        children[child]["donation_members"] += values["n"]
    own["donations"]["amount"] = donations.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    return area_statistics(
        area, own, lambda child: dict(children[child]) if child in children else dict.fromkeys(CHILD_FIGURES, 0)
    )


def donation_totals(campaign: Campaign, queryset=None) -> dict[str, list[dict]]:
    """The campaign's donations added up per party organization, per work unit and per area code
    (of the organizations): each ``{"name", "members", "amount"}``, largest first. Three queries."""
    queryset = (queryset if queryset is not None else Donation.objects.all()).filter(campaign=campaign).order_by()
    totals = {}
    for key, field in (("organizations", "organization__name"), ("units", "unit_name"), ("areas", "area_code")):
        rows = queryset.values(field).annotate(members=Count("id"), amount=Sum("amount")).order_by("-amount", field)
        totals[key] = [{"name": row[field], "members": row["members"], "amount": row["amount"]} for row in rows]
    return totals
