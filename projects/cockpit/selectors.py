"""The cockpit's reads: every registered family's figures for an area and a period and the one
before it, the rankings of the area's children on every figure, and the composite index.

One document (``cockpit``) feeds the page, the big screen, the exports and the API. Its cost is
the registered families' own reads (each family read once for the period and, when its figures
belong to a period, once for the previous one), one query for the index's indicators, and, only
where the chosen period is empty, one cheap query per family to find the latest period that is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from django.utils.translation import gettext as _

from jilin_grid.areas import Area, children_remembered
from jilin_grid.figures import (
    BETTER_NAMES,
    HIGHER,
    LOWER,
    NEUTRAL,
    Family,
    Figure,
    Period,
    families,
    figure_keys,
    period_of,
    read_figures,
)

from .choices import Direction
from .models import CompositeIndicator

# At most this many children are marked among the worst of their siblings (never all of them).
WORST_MARKED = 5
# The reasons given for a child marked worst: the indicators where it falls furthest behind.
REASONS_GIVEN = 3
MIDDLE = 0.5


@dataclass(frozen=True)
class Indicator:
    """An indicator of the composite index: a registered figure, its direction, its weight."""

    figure: str
    better: int
    weight: float

    @property
    def label(self) -> str:
        return figure_label(self.figure)


def figure_label(key: str) -> str:
    """``Residents' problems · Overdue`` for ``problems.overdue`` (the key where none is registered)."""
    from jilin_grid.figures import figure_get

    try:
        family, figure = figure_get(key)
    except KeyError:
        return key
    return f"{family.label} · {figure.label}"


def index_indicators(area: Area) -> list[Indicator]:
    """The indicators of the composite index nearest above ``area`` (its own, else its district's,
    else the city's), whose figure is registered: one query. A figure no family registers any more
    is left out; the others keep their weights (the index divides by their sum)."""
    registered = set(figure_keys())
    codes = [code for code, _name in area.ancestors] + [area.code]
    rows = list(
        CompositeIndicator.objects.filter(index__area_code__in=codes)
        .order_by("position", "id")
        .values_list("index__area_code", "figure", "better", "weight")
    )
    nearest = max((code for code, *_rest in rows), key=len, default=None)
    return [
        Indicator(figure, Direction(better).sign, weight)
        for code, figure, better, weight in rows
        if code == nearest and figure in registered
    ]


# The composite index ---------------------------------------------------------------------------


def normalised(values: list, better: int) -> list[float]:
    """Each value placed between its siblings' least (0) and greatest (1), reversed where less is
    better; all equal (or a single one), or a value missing, is the middle (0.5)."""
    present = [value for value in values if value is not None]
    low, high = (min(present), max(present)) if present else (0, 0)
    scores = []
    for value in values:
        if value is None or high == low:
            scores.append(MIDDLE)
            continue
        score = (value - low) / (high - low)
        scores.append(1 - score if better == LOWER else score)
    return scores


def _number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value)}" if isinstance(value, float) else f"{value}"


def _reason(indicator: Indicator, value, average, unit: str) -> str:
    """The indicator where a child falls behind, in words: which way from its siblings' average."""
    worse_above = indicator.better == LOWER
    template = (
        _("%(figure)s: %(value)s, above the average of %(average)s")
        if worse_above
        else _("%(figure)s: %(value)s, below the average of %(average)s")
    )
    return template % {
        "figure": indicator.label,
        "value": _number(value) + unit,
        "average": _number(round(average, 1) if average is not None else None) + unit,
    }


def composite_index(children: list[dict], indicators: list[Indicator]) -> list[dict]:
    """The index of each child (0 to 100; ``children``: rows with ``code``, ``name``, ``level`` and
    ``values``, a dict of figure key to value) from ``indicators``: each indicator normalised across
    the siblings, weighted, summed and divided by the weights' sum. Best first; the worst (at most
    ``WORST_MARKED``, never every child) marked with the indicators where each falls furthest below
    its siblings' average."""
    if not children:
        return []
    total = sum(indicator.weight for indicator in indicators)
    scores: dict[str, list[float]] = {}
    averages: dict[str, float] = {}
    raw_averages: dict[str, float | None] = {}
    for indicator in indicators:
        values = [child["values"].get(indicator.figure) for child in children]
        scores[indicator.figure] = normalised(values, indicator.better)
        averages[indicator.figure] = fmean(scores[indicator.figure])
        present = [value for value in values if value is not None]
        raw_averages[indicator.figure] = fmean(present) if present else None
    rows = []
    for position, child in enumerate(children):
        own = {indicator.figure: scores[indicator.figure][position] for indicator in indicators}
        index = (
            round(100 * sum(indicator.weight * own[indicator.figure] for indicator in indicators) / total, 1)
            if total
            else None
        )
        rows.append(
            {
                "code": child["code"],
                "name": child["name"],
                "level": child["level"],
                "index": index,
                "scores": {key: round(value, 4) for key, value in own.items()},
                "worst": False,
                "reasons": [],
            }
        )
    rows.sort(key=lambda row: (-(row["index"] if row["index"] is not None else -1), row["code"]))
    _rank(rows, "index", descending=True)
    if total:
        marked = min(WORST_MARKED, len(rows) - 1)
        for row in rows[len(rows) - marked :] if marked > 0 else []:
            row["worst"] = True
            child = next(child for child in children if child["code"] == row["code"])
            behind = sorted(
                (
                    (averages[indicator.figure] - row["scores"][indicator.figure], indicator)
                    for indicator in indicators
                    # A figure the child has no value of (no evaluation yet) is no reason.
                    if child["values"].get(indicator.figure) is not None
                    and averages[indicator.figure] - row["scores"][indicator.figure] > 1e-9
                ),
                key=lambda item: (-item[0], item[1].figure),
            )[:REASONS_GIVEN]
            row["reasons"] = [
                {
                    "figure": indicator.figure,
                    "value": child["values"].get(indicator.figure),
                    "average": round(raw_averages[indicator.figure], 2)
                    if raw_averages[indicator.figure] is not None
                    else None,
                    "text": _reason(
                        indicator,
                        child["values"].get(indicator.figure),
                        raw_averages[indicator.figure],
                        _unit_of(indicator.figure),
                    ),
                }
                for _shortfall, indicator in behind
            ]
    return rows


def _unit_of(key: str) -> str:
    from jilin_grid.figures import figure_get

    try:
        return figure_get(key)[1].unit.replace("score", "")
    except KeyError:
        return ""


def _rank(rows: list[dict], key: str, *, descending: bool) -> None:
    """Competition ranks (1, 2, 2, 4) of rows already sorted by ``key``; no value, no rank."""
    previous, rank = object(), 0
    for position, row in enumerate(rows, start=1):
        value = row[key]
        if value is None:
            row["rank"] = None
            continue
        if value != previous:
            rank, previous = position, value
        row["rank"] = rank


# Cards and rankings ----------------------------------------------------------------------------


def change_of(value, previous, better: int) -> tuple[float | None, str | None]:
    """The change from ``previous`` to ``value`` and whether it is ``better``, ``worse``, ``same``
    or ``neutral`` (a figure of no direction); (None, None) where either is missing."""
    if value is None or previous is None:
        return None, None
    change = round(value - previous, 2)
    if change == 0:
        return 0, "same"
    if better == NEUTRAL:
        return change, "neutral"
    return change, "better" if (change > 0) == (better == HIGHER) else "worse"


def ranking(figure: Figure, children: list[dict], previous: dict[str, dict] | None) -> list[dict]:
    """The children on one figure, best first (the most first for a figure of no direction), each
    with its rank (ties share one), its previous period's value and the change; no value: last."""
    rows = []
    for child in children:
        value = child.get(figure.key)
        before = previous.get(child["code"], {}).get(figure.key) if previous is not None else None
        change, direction = change_of(value, before, figure.better)
        rows.append(
            {"code": child["code"], "name": child["name"], "level": child["level"], "value": value,
             "previous": before, "change": change, "change_is": direction}
        )  # fmt: skip
    ascending = figure.better == LOWER
    rows.sort(key=lambda row: (row["value"] is None, (row["value"] or 0) * (1 if ascending else -1), row["code"]))
    _rank(rows, "value", descending=not ascending)
    return rows


def _latest_period(area: Area, period: Period, chosen: list[Family]) -> Period | None:
    days = [day for family in chosen if (day := family.latest_day(area)) is not None]
    if not days:
        return None
    latest = period_of(period.kind, max(days))
    return None if latest == period else latest


def cockpit(area: Area, period: Period, *, link=None) -> dict:
    """The cockpit of ``area`` for ``period``: cards, rankings and the composite index.

    ``link(code, period)`` gives the address of a child's cockpit (the page passes it; the API
    leaves it out)."""
    registered = families()
    previous_period = period.previous()
    in_period = [family.name for family in registered if family.in_period]
    with children_remembered():  # every family's statistics name the same children: read them once
        now = read_figures(area, period)
        before = read_figures(area, previous_period, names=in_period) if in_period else {}
    indicators = index_indicators(area)

    cards = []
    children: dict[str, dict] = {}
    values: dict[str, dict] = {}
    for family in registered:
        read = now[family.name]
        earlier = before.get(family.name)
        for row in read["children"]:
            children.setdefault(row["code"], {key: row[key] for key in ("code", "name", "level")})
        figures = []
        for figure in family.figures:
            value = read["own"][figure.key]
            previous = earlier["own"][figure.key] if earlier is not None else None
            change, direction = change_of(value, previous, figure.better)
            figures.append(
                {
                    "key": f"{family.name}.{figure.key}",
                    "figure": figure.key,
                    "label": str(figure.label),
                    "unit": figure.unit,
                    "better": BETTER_NAMES[figure.better],
                    "value": value,
                    "previous": previous,
                    "change": change,
                    "change_is": direction,
                    "link": figure.link(area.code, period) if figure.link else None,
                }
            )
        cards.append(
            {"family": family.name, "label": str(family.label), "in_period": family.in_period, "figures": figures}
        )

    rankings = []
    for family in registered:
        read = now[family.name]
        earlier = before.get(family.name)
        previous_rows = {row["code"]: row for row in earlier["children"]} if earlier is not None else None
        for figure in family.figures:
            key = f"{family.name}.{figure.key}"
            for row in read["children"]:
                values.setdefault(row["code"], {})[key] = row[figure.key]
            rankings.append(
                {
                    "figure": key,
                    "label": str(figure.label),
                    "family_label": str(family.label),
                    "unit": figure.unit,
                    "better": BETTER_NAMES[figure.better],
                    "rows": ranking(figure, read["children"], previous_rows),
                }
            )

    index_children = [{**child, "values": values.get(code, {})} for code, child in children.items()]
    has_data = not in_period or any(
        value for family in registered if family.in_period for value in now[family.name]["own"].values()
    )
    latest = None if has_data else _latest_period(area, period, [family for family in registered if family.in_period])
    return {
        "area": area.as_dict(),
        "period": _period(period),
        "previous_period": _period(previous_period),
        "has_data": has_data,
        "latest_period": latest.label if latest else None,
        "cards": cards,
        "children": [{**child, "link": link(child["code"], period) if link else None} for child in children.values()],
        "rankings": rankings,
        "index": {
            "indicators": [
                {
                    "figure": indicator.figure,
                    "label": indicator.label,
                    "better": BETTER_NAMES[indicator.better],
                    "weight": indicator.weight,
                }
                for indicator in indicators
            ],
            "rows": composite_index(index_children, indicators),
        },
    }


def _period(period: Period) -> dict:
    return {"label": period.label, "kind": period.kind, "start": period.start, "end": period.end}
