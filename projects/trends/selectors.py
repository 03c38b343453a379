"""Reads of the trends: the months asked for, each family's figures of a month for an area and the
areas below it (what the monthly task keeps), and the kept series of one figure (the API, the
charts).

The figures are the cockpit's (``jilin_grid/figures.py``): each family is read with its domain's
statistics selector, once per *level* below the root (``Area.looking_down``: the city's districts,
then all its streets, then all its communities, each level one read), which answers the root's own
figures and one row per area of that level. So a month of the whole city costs three reads per
family, whatever the number of areas and rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max, Q
from django.utils import timezone

from jilin_grid.areas import Area, AreaLevel, area_children, children_remembered, level_of
from jilin_grid.figures import (
    BETTER_NAMES,
    MONTH,
    Family,
    Figure,
    Period,
    current_period,
    families,
    figure_get,
    parse_period,
    period_of,
)
from jilin_grid.scope import COMMUNITY_CODE_LENGTH, STREET_CODE_LENGTH, ancestor_codes, prefix_q

from .choices import TrendSource
from .models import TrendSnapshot

# Bilingual, as every refusal of a parameter is: the API answers each beside its parameter.
BAD_MONTH = "月份应写作 YYYY-MM，如 2020-06。 / A month is written YYYY-MM, like 2020-06."
FUTURE_MONTH = "该月尚未开始。 / That month has not begun."
MONTHS_REVERSED = "开始月份不能晚于结束月份。 / The first month is after the last."
TOO_MANY_MONTHS = "一次最多查询 120 个月。 / At most 120 months at a time."
BAD_FIGURE = (
    "没有这个指标：应写作“类别.指标”，如 problems.overdue。"
    " / No such figure: write it family.figure, like problems.overdue."
)
NOT_KEPT_LEVEL = (
    "趋势只保存市、县（市）区、街道和社区四级。 / Trends are kept for the city, districts, streets and communities."
)

MAX_MONTHS = 120
DEFAULT_MONTHS = 12
# The levels kept: the cockpit's. A grid's trend would read every community once more per family
# and month (287 parents more than the city's 70) for figures nobody ranks.
KEPT_LEVELS = (AreaLevel.CITY, AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY)


def month_period(text: str) -> Period:
    """The month written ``2020-06``; ValueError (``BAD_MONTH``) for anything else."""
    try:
        period = parse_period(text)
    except ValueError as exc:
        raise ValueError(BAD_MONTH) from exc
    if period.kind != MONTH:
        raise ValueError(BAD_MONTH)
    return period


def month_labels(first: Period, last: Period) -> list[str]:
    """Every month from ``first`` to ``last``, both included: ``["2020-11", "2020-12", "2021-01"]``."""
    labels, month = [], first
    while month.start <= last.start:
        labels.append(month.label)
        month = period_of(MONTH, month.end + timedelta(days=1))
    return labels


def months_before(last: Period, count: int) -> Period:
    """The month ``count - 1`` months before ``last`` (the first of a series of ``count``)."""
    index = last.start.year * 12 + last.start.month - 1 - (count - 1)
    return month_period(f"{index // 12:04d}-{index % 12 + 1:02d}")


def trend_parents(root: Area) -> list[Area]:
    """The root and every active district and street below it whose children are kept (the areas
    whose children the per-parent statistics would list). One query per area above the streets."""
    parents, level_above = [root], [root]
    while level_above:
        below = []
        for area in level_above:
            if len(area.code) >= STREET_CODE_LENGTH:
                continue
            for code, name in area_children(area):
                below.append(Area(code=code, name=name, level=level_of(code)))
        parents.extend(below)
        level_above = below
    return parents


def kept_levels_below(root: Area) -> list[AreaLevel]:
    """The kept levels under ``root``, nearest first: a district's streets and communities."""
    return [level for level in KEPT_LEVELS if KEPT_LEVELS.index(level) > KEPT_LEVELS.index(root.level)]


@dataclass(frozen=True)
class MonthRow:
    """One family's figures of one area for one month, as the task keeps them."""

    area_code: str
    family: str
    figures: dict
    source: str
    state_on: date | None = None


def _values(family: Family, row: dict) -> dict:
    return {figure.key: figure.value(row) for figure in family.figures}


def _rows_of_payload(family: Family, root: Area, parent_code: str, payload: dict, **kept) -> list[MonthRow]:
    """The rows a parent's state gives: its own where it is the root, and its children's (kept levels
    only: a community's children are grids)."""
    rows = []
    if parent_code == root.code:
        rows.append(MonthRow(root.code, family.name, _values(family, payload), **kept))
    if len(parent_code) < COMMUNITY_CODE_LENGTH:
        for child in payload.get("children", []):
            rows.append(MonthRow(child["area"]["code"], family.name, _values(family, child), **kept))
    return rows


def _rows_by_level(family: Family, root: Area, parents: set[str], period: Period, **kept) -> list[MonthRow]:
    """A family's figures of ``root`` and every kept area below it whose parent is in ``parents`` (the
    active ones), one read per level: the root's own figures come with the first."""
    levels = kept_levels_below(root)
    if not levels:  # a community: its own figures only
        return [MonthRow(root.code, family.name, _values(family, family.read_area(root, period)), **kept)]
    rows = []
    for level in levels:
        payload = family.read_area(root.looking_down(level), period)
        if level == levels[0]:
            rows.append(MonthRow(root.code, family.name, _values(family, payload), **kept))
        for child in payload.get("children", []):
            code = child["area"]["code"]
            if ancestor_codes(code)[-1] in parents:
                rows.append(MonthRow(code, family.name, _values(family, child), **kept))
    return rows


def network_states(codes: list[str], period: Period) -> dict[str, tuple[date, dict]]:
    """The last nightly network snapshot of each area of ``codes`` taken in ``period``: ``{code:
    (day, figures)}``, where one was taken (two queries)."""
    from grids.network.models import NetworkSnapshot

    in_month = NetworkSnapshot.objects.filter(area_code__in=codes, taken_on__range=(period.start, period.end))
    last = dict(in_month.order_by().values("area_code").annotate(last=Max("taken_on")).values_list("area_code", "last"))
    if not last:
        return {}
    condition = Q()
    for code, day in last.items():
        condition |= Q(area_code=code, taken_on=day)
    return {
        row["area_code"]: (row["taken_on"], row["figures"])
        for row in NetworkSnapshot.objects.filter(condition).values("area_code", "taken_on", "figures")
    }


# The families that are a state (``in_period=False``) whose past months were kept elsewhere: read
# from there. Any other state family is left out of a past month: today's state is not that month's.
STATE_HISTORIES = {"network": network_states}


def month_rows(root: Area, period: Period, *, today: date | None = None) -> list[MonthRow]:
    """Every registered family's figures of ``root`` and each kept area below it for one month.

    A family of a period's activity is read from its statistics of the month (also the month under
    way: its days so far). A state (the network) is read as it is today in the month under way; for
    a past month from that month's last network snapshot of each parent (the city, the districts and
    the streets hold one a night), and left out where there is none or no history is kept for it.
    """
    today = today or timezone.localdate()
    if period.start > today:
        raise ValueError(FUTURE_MONTH)
    with children_remembered():
        return _month_rows(root, period, today)


def _month_rows(root: Area, period: Period, today: date) -> list[MonthRow]:
    is_current = period == current_period(MONTH, today)
    parents = trend_parents(root)
    parent_codes = {parent.code for parent in parents}
    rows: list[MonthRow] = []
    for family in families():
        if family.in_period or is_current:
            kept = (
                {"source": TrendSource.COUNTS, "state_on": None}
                if family.in_period
                else {"source": TrendSource.LIVE, "state_on": today}
            )
            rows.extend(_rows_by_level(family, root, parent_codes, period, **kept))
            continue
        history = STATE_HISTORIES.get(family.name)
        if history is None:
            continue
        parent_of_root = root.ancestors[-1][0] if root.ancestors else None
        states = history(sorted(parent_codes | ({parent_of_root} if parent_of_root else set())), period)
        for parent in parents:
            if parent.code in states:
                day, payload = states[parent.code]
                rows.extend(
                    _rows_of_payload(
                        family, root, parent.code, payload, source=TrendSource.NETWORK_SNAPSHOT, state_on=day
                    )
                )
        if root.code not in states and parent_of_root in states:
            day, payload = states[parent_of_root]
            for child in payload.get("children", []):
                if child["area"]["code"] == root.code:
                    rows.append(
                        MonthRow(root.code, family.name, _values(family, child), TrendSource.NETWORK_SNAPSHOT, day)
                    )
    return rows


# The series the API and the charts read.


def figure_lookup(key: str) -> tuple[Family, Figure]:
    """The family and figure of ``"family.figure"``; ValueError (``BAD_FIGURE``) where none is registered."""
    try:
        return figure_get(key or "")
    except KeyError as exc:
        raise ValueError(BAD_FIGURE) from exc


def default_figure_key() -> str:
    """The figure shown when none is asked for: the first of the first family registered."""
    family = families()[0]
    return f"{family.name}.{family.figures[0].key}"


def latest_kept_month(area_code: str, family: str, *, today: date | None = None) -> str | None:
    """The last month up to the current one kept for an area and a family (None when none is)."""
    last = current_period(MONTH, today).label
    return (
        TrendSnapshot.objects.filter(area_code=area_code, family=family, month__lte=last)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def figure_info(family: Family, figure: Figure) -> dict:
    return {
        "key": f"{family.name}.{figure.key}",
        "family": family.name,
        "family_label": str(family.label),
        "label": str(figure.label),
        "unit": figure.unit,
        "better": BETTER_NAMES.get(figure.better, "neutral"),
    }


def trend_series(area: Area, family: Family, figure: Figure, months: list[str], *, children: bool = False) -> dict:
    """The kept values of one figure of ``area`` (and of each direct child) for ``months``.

    Answers ``{"area", "figure", "months", "values", "children": [{"area", "values"}]}``, a value
    None for a month not kept. Two queries with the children (the rows, the children's names), one
    without, whatever the data: the rows of one family and a few months are a few hundred at most.
    """
    child_length = area.child_code_length if children and len(area.code) < COMMUNITY_CODE_LENGTH else None
    condition = Q(area_code=area.code)
    if child_length:
        condition |= prefix_q("area_code", area.code) & Q(area_code__length=child_length)
    by_code: dict[str, dict[str, object]] = {}
    kept = TrendSnapshot.objects.filter(condition, family=family.name, month__in=months).order_by()
    for code, month, figures in kept.values_list("area_code", "month", "figures"):
        by_code.setdefault(code, {})[month] = figure.value(figures if isinstance(figures, dict) else {})
    own = by_code.get(area.code, {})
    answer = {
        "area": area.as_dict(),
        "figure": figure_info(family, figure),
        "months": months,
        "values": [own.get(month) for month in months],
        "children": [],
    }
    if child_length:
        for code, name in area_children(area):
            values = by_code.get(code, {})
            answer["children"].append(
                {
                    "area": {"code": code, "name": name, "level": level_of(code).value},
                    "values": [values.get(month) for month in months],
                }
            )
    return answer


def figure_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The registered figures for a chooser, grouped by family: ``[(family label, [(key, label)])]``."""
    return [
        (str(family.label), [(f"{family.name}.{figure.key}", str(figure.label)) for figure in family.figures])
        for family in families()
    ]
