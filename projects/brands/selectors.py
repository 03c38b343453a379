"""Reads of the service brands: applications with their scores, ranked, and the figures of an area."""

from __future__ import annotations

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import Substr

from jilin_grid.areas import area_statistics
from jilin_grid.scope import ancestor_codes, prefix_q

from .choices import ProvinceOutcome
from .models import BrandApplication, SelectionRound

FIGURE_KEYS = ("rounds", "applications", "scored", "winners", "province_entries", "best_cases")


def with_scores(queryset: QuerySet) -> QuerySet:
    """Applications annotated with ``average`` (their judges' mean score, None before any) and
    ``score_count``."""
    return queryset.annotate(average=Avg("scores__score"), score_count=Count("scores", distinct=True))


def ranked(queryset: QuerySet) -> QuerySet:
    """Applications by average score, best first (those not scored yet last), then by area."""
    return with_scores(queryset).order_by(F("average").desc(nulls_last=True), "area_code", "id")


def round_applications(selection_round: SelectionRound, user) -> QuerySet:
    """The round's applications the user reads: a judge reads them all, anyone else those of their area."""
    applications = BrandApplication.objects.filter(round=selection_round)
    if not selection_round.judges.filter(pk=getattr(user, "pk", None)).exists():
        applications = applications.visible_to(user)
    return ranked(applications.select_related("community"))


def _application_figures(applications: QuerySet) -> dict:
    return {
        "applications": Count("id", distinct=True),
        "scored": Count("id", distinct=True, filter=Q(scores__isnull=False)),
        "winners": Count("id", distinct=True, filter=Q(is_winner=True)),
        "province_entries": Count("id", distinct=True, filter=~Q(province_outcome="")),
        "best_cases": Count("id", distinct=True, filter=Q(province_outcome=ProvinceOutcome.BEST_CASE)),
    }


def empty_figures() -> dict[str, int]:
    return dict.fromkeys(FIGURE_KEYS, 0)


def rounds_taken_part(code: str, year: int) -> list[str]:
    """The area codes of the rounds of ``year`` the area ``code`` or its children took part in:
    those opened for it or above it, and those opened inside it (one query)."""
    return list(
        SelectionRound.objects.filter(year=year)
        .filter(Q(area_code__in=[*ancestor_codes(code), code]) | prefix_q("area_code", code))
        .values_list("area_code", flat=True)
    )


def round_count(rounds: list[str], code: str) -> int:
    """How many of ``rounds`` (their area codes) the area ``code`` took part in."""
    return sum(1 for opened in rounds if opened.startswith(code) or code.startswith(opened))


def brand_figures(
    *, code: str, child_length: int | None, year: int, rounds: list[str] | None = None
) -> dict[str, dict[str, int]]:
    """The figures of ``year`` of the area ``code`` and of those of its direct children (codes of
    ``child_length``) that have applications, by area code. Three queries whatever the number of
    rows (two given ``rounds``).

    ``rounds`` counts the rounds an area took part in (``rounds_taken_part``); ``applications``
    its communities' applications, ``scored`` those with at least one judge's score, ``winners``,
    ``province_entries`` (winners put forward to the province) and ``best_cases`` (named best
    cases there).
    """
    rounds = rounds_taken_part(code, year) if rounds is None else rounds
    applications = BrandApplication.objects.filter(round__year=year).filter(prefix_q("area_code", code)).order_by()
    aggregates = _application_figures(applications)
    result = {code: {**empty_figures(), **applications.aggregate(**aggregates)}}
    if child_length:
        rows = applications.annotate(key=Substr("area_code", 1, child_length)).values("key").annotate(**aggregates)
        for row in rows:
            result[row.pop("key")] = {**empty_figures(), **row}
    for area_code, figures in result.items():
        figures["rounds"] = round_count(rounds, area_code)
    return result


def brand_stats(area, year: int) -> dict:
    """The brand figures of an area and year, and of each direct child."""
    rounds = rounds_taken_part(area.code, year)
    figures = brand_figures(code=area.code, child_length=area.child_code_length, year=year, rounds=rounds)

    def child(code: str) -> dict:
        return figures.get(code) or {**empty_figures(), "rounds": round_count(rounds, code)}

    return area_statistics(area, figures[area.code], child, year=year)
