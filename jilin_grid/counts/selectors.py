"""Reads of the kept counts: an area's figures and its direct children's, from a few small rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, IntegerField, Q, Sum, Value
from django.db.models.functions import Cast, Left, StrIndex

from jilin_grid.scope import LEVEL_CODE_LENGTHS, prefix_q

from .models import ALL_TIME, KeptCount


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _next_month(day: date) -> date | None:
    """The first day of the month after ``day``'s (None after December 9999)."""
    if day.month == 12:
        return date(day.year + 1, 1, 1) if day.year < date.max.year else None
    return date(day.year, day.month + 1, 1)


def _month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    following = _next_month(day)
    return following - timedelta(days=1) if following else date.max


EARLIEST, LATEST = "0000-00", "9999-99"


@dataclass(frozen=True)
class Months:
    """A range of days split into the whole months the kept counts hold (``first`` to ``last``,
    "YYYY-MM", None when there is none) and the days before and after them, which are counted
    from the rows: ``edges`` as ``(start, end)`` pairs of dates, both included."""

    first: str | None
    last: str | None
    edges: tuple[tuple[date, date], ...]


def split_months(start: date | None, end: date | None) -> Months:
    """``start`` to ``end`` (both included; None: open) as whole months and the edges."""
    if start is None and end is None:
        return Months(EARLIEST, LATEST, ())
    day = timedelta(days=1)
    whole_start = start if start is None or start.day == 1 else _next_month(start)
    if end is None or end == _month_end(end):
        whole_end = end
    else:
        whole_end = end.replace(day=1) - day if end.replace(day=1) > date.min else None
    no_whole_month = (start is not None and whole_start is None) or (end is not None and whole_end is None)
    if no_whole_month or (whole_start and whole_end and whole_start > whole_end):
        return Months(None, None, ((start, end),))
    edges = []
    if start is not None and whole_start != start:
        edges.append((start, whole_start - day))
    if end is not None and whole_end != end:
        edges.append((whole_end + day, end))
    first = _month(whole_start) if whole_start else EARLIEST
    last = _month(whole_end) if whole_end else LATEST
    return Months(first, last, tuple(edges))


def _kept_rows(families: Iterable[str], *, code: str, child_length: int | None, months: Months | None):
    """The kept rows of ``families`` for the area ``code`` and its children of ``child_length``
    over ``months`` (all time when None), or None when the months hold none."""
    lengths = {len(code)} | ({child_length} if child_length else set())
    # The area alone is one code: asked for as such, the index also narrows by period.
    in_area = prefix_q("area_code", code) if child_length else Q(area_code=code)
    rows = KeptCount.objects.filter(in_area, family__in=list(families), code_length__in=lengths)
    if months is None or (months.first, months.last) == (EARLIEST, LATEST):
        return rows.filter(period=ALL_TIME)
    if months.first is None:
        return None
    return rows.filter(period__gte=months.first, period__lte=months.last).exclude(period=ALL_TIME)


@dataclass(frozen=True)
class Ranking:
    """Figures named ``<id>:<name>`` of one area (a worker's cases taken), ranked by their sum."""

    family: str
    code: str
    months: Months | None
    name: str

    def _ranked(self):
        rows = _kept_rows((self.family,), code=self.code, child_length=None, months=self.months)
        if rows is None:
            return None
        return (
            rows.filter(figure__endswith=f":{self.name}")
            .order_by()
            .values("figure")
            .annotate(n=Sum("value"))
            .filter(n__gt=0)
        )

    def count(self) -> int:
        """How many ids have a sum above zero: one query."""
        ranked = self._ranked()
        return 0 if ranked is None else ranked.count()

    def sums(self) -> dict[int, int]:
        """``{id: sum}`` of every id with a sum above zero, in no order: one query."""
        ranked = self._ranked()
        if ranked is None:
            return {}
        return {int(figure.split(":", 1)[0]): n for figure, n in ranked.values_list("figure", "n")}

    def ids(self, offset: int, limit: int) -> list[tuple[int, int]]:
        """``(id, sum)`` from ``offset``, ``limit`` of them, the highest sum first (then the lowest
        id): one query, the database ranking them."""
        ranked = self._ranked()
        if ranked is None or limit <= 0:
            return []
        figure = F("figure")
        key = Cast(Left(figure, StrIndex(figure, Value(":")) - 1), IntegerField())
        rows = ranked.order_by(F("n").desc(), key).values_list("figure", "n")[offset : offset + limit]
        return [(int(figure.split(":", 1)[0]), n) for figure, n in rows]


def ranked_figures(
    family: str, *, code: str, prefix: str, offset: int = 0, limit: int | None = None
) -> list[tuple[str, int]]:
    """``(figure, value)`` of the all-time figures of ``family`` in the area ``code`` whose names
    start with ``prefix`` (kept ranks, such as ``rank:<id>``), the highest value first, then by
    name, from ``offset`` (``limit`` of them, or all): one query, ordered and cut by the database,
    which reads the area's figures of the family by the unique index."""
    ranked = (
        _kept_rows((family,), code=code, child_length=None, months=None)
        .filter(figure__startswith=prefix, value__gt=0)
        .order_by("-value", "figure")
        .values_list("figure", "value")
    )
    return list(ranked[offset:] if limit is None else ranked[offset : offset + limit])


def kept_figures(
    families: Iterable[str],
    *,
    code: str,
    child_length: int | None,
    months: Months | None = None,
    figures: Iterable[str] | None = None,
    named: Iterable[str] | None = None,
) -> dict[str, dict[str, dict[str, int]]]:
    """``{area code: {family: {figure: value}}}`` for the area ``code`` and each direct child
    (codes of ``child_length``), the figures added up over ``months`` (all time when None); only
    the figures starting with one of ``figures``, when given, and among ``named``.

    One query; it reads one row per area, family, month and figure, whatever the number of rows
    counted.
    """
    rows = _kept_rows(families, code=code, child_length=child_length, months=months)
    if rows is None:
        return {}
    if figures is not None:
        wanted = Q()
        for prefix in figures:
            wanted |= Q(figure__startswith=prefix)
        rows = rows.filter(wanted)
    if named is not None:
        rows = rows.filter(figure__in=list(named))
    result: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for area_code, family, figure, value in (
        rows.order_by()
        .values_list("area_code", "family", "figure")
        .annotate(n=Sum("value"))
        .values_list("area_code", "family", "figure", "n")
    ):
        result[area_code][family][figure] += value
    return result


def kept_parts(families: Iterable[str], *, prefix: str, length: int) -> dict[str, dict[str, dict[str, int]]] | None:
    """The all-time kept figures of ``families`` under ``prefix`` per code prefix of ``length``,
    keyed as a roll-up of the rows keys them, for figures whose rows all sit at one level (a
    community's): the parts of ``length``, or, when the rows sit above the parts (a community
    asked for by grid), the area itself. None when ``length`` is not the length of a level's
    codes at or below ``prefix``."""
    if length not in LEVEL_CODE_LENGTHS or length < len(prefix):
        return None
    kept = kept_figures(families, code=prefix, child_length=length if length != len(prefix) else None)
    parts = {code: figures for code, figures in kept.items() if len(code) == length}
    if not parts and prefix in kept:
        return {prefix: kept[prefix]}
    return parts
