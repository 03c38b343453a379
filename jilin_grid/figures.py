"""The figures of every domain, as the organization departments' cockpit, its rankings and its
trends read them.

A domain registers a *family* of figures (its ``figures.py``, from its app's ``ready()``): how to
read the family for an area and a period, and each figure in it with where it sits in what the
read answers, its unit, which direction is better, and the list behind it. The reads are the
domains' own statistics selectors (each answers the area's figures and one row per direct child,
``jilin_grid.areas.area_statistics``), so a figure the cockpit shows is the figure the statistics
endpoint answers, from the same kept counts.

A *period* is a month (``2020-06``), a quarter (``2020-Q2``) or a year (``2020``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .areas import Area

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
PERIOD_KINDS = (MONTH, QUARTER, YEAR)
PERIOD_KIND_LABELS = {MONTH: _("Month"), QUARTER: _("Quarter"), YEAR: _("Year")}

# The years a period may fall in (a month, a quarter or a year of them): no figure is older.
_YEAR = r"((?:19|2\d)\d{2})"
_MONTH_RE = re.compile(rf"^{_YEAR}-(0[1-9]|1[0-2])$")
_QUARTER_RE = re.compile(rf"^{_YEAR}-Q([1-4])$")
_YEAR_RE = re.compile(rf"^{_YEAR}$")
# The same rule for the OpenAPI schema of a ``period`` parameter.
PERIOD_PATTERN = r"^(19|2\d)\d{2}(-(0[1-9]|1[0-2]|Q[1-4]))?$"

# Bilingual, as every refusal of a parameter is: the API answers it beside ``period``.
BAD_PERIOD = (
    "期间应写作 2020-06（月）、2020-Q2（季度）或 2020（年）。"
    " / A period is written 2020-06 (a month), 2020-Q2 (a quarter) or 2020 (a year)."
)


def _month_end(year: int, month: int) -> date:
    return (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A month, a quarter or a year: its kind and its first and last day."""

    kind: str
    start: date
    end: date

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}"

    @property
    def months(self) -> list[str]:
        """The months it covers, ``["2020-04", "2020-05", "2020-06"]``."""
        return [f"{self.start.year}-{month:02d}" for month in range(self.start.month, self.end.month + 1)]

    def previous(self) -> Period:
        """The period of the same kind just before it."""
        return period_of(self.kind, self.start - timedelta(days=1))

    def __str__(self) -> str:
        return self.label


def period_of(kind: str, day: date) -> Period:
    """The month, quarter or year that holds ``day``."""
    if kind == MONTH:
        return Period(MONTH, date(day.year, day.month, 1), _month_end(day.year, day.month))
    if kind == QUARTER:
        first = (day.month - 1) // 3 * 3 + 1
        return Period(QUARTER, date(day.year, first, 1), _month_end(day.year, first + 2))
    if kind == YEAR:
        return Period(YEAR, date(day.year, 1, 1), date(day.year, 12, 31))
    raise ValueError(BAD_PERIOD)


def current_period(kind: str = MONTH, today: date | None = None) -> Period:
    """The period of ``kind`` that holds today (local date)."""
    return period_of(kind, today or timezone.localdate())


def parse_period(text: str) -> Period:
    """The period written ``2020-06``, ``2020-Q2`` or ``2020`` (a year from 1900 to 2999);
    ValueError (``BAD_PERIOD``) otherwise."""
    text = text or ""
    if match := _MONTH_RE.match(text):
        return period_of(MONTH, date(int(match.group(1)), int(match.group(2)), 1))
    if match := _QUARTER_RE.match(text):
        return period_of(QUARTER, date(int(match.group(1)), (int(match.group(2)) - 1) * 3 + 1, 1))
    if match := _YEAR_RE.match(text):
        return period_of(YEAR, date(int(match.group(1)), 1, 1))
    raise ValueError(BAD_PERIOD)


HIGHER = 1  # more is better (solved, reporting rate)
LOWER = -1  # less is better (overdue, red lights)
NEUTRAL = 0  # neither: a size (grids, members)
# How the API writes a direction.
BETTER_NAMES = {HIGHER: "higher", LOWER: "lower", NEUTRAL: "neutral"}


@dataclass(frozen=True)
class Figure:
    """One figure of a family: ``key`` (unique in the family), its label, where it sits in the
    family's read (``path``: keys into the area's row), its unit (``""`` a count, ``"%"``, ``"h"``
    hours, ``"d"`` days, ``"score"``), which direction is better, and ``link``: the URL of the list
    behind it for an area code and a period, filtered (None where no list shows it)."""

    key: str
    label: str | Promise
    path: tuple[str, ...]
    unit: str = ""
    better: int = NEUTRAL
    link: Callable[[str, Period], str] | None = None

    def value(self, row: dict):
        """The figure in one area's row of the family's read (None where it is absent or not a number)."""
        value = row
        for key in self.path:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Family:
    """A domain's figures. ``read`` is the dotted path of ``read(area: Area, period: Period) ->
    dict``, the domain's statistics of the area (its own figures at the top, one row per direct
    child under ``children``). ``in_period``: False where the figures are a state (today's
    network), the same whatever the period. ``latest``: the dotted path of ``latest(area: Area) ->
    date | None``, the last day the family has anything in the area (one cheap query; the cockpit
    offers the period holding it where the chosen one is empty), "" where it cannot say."""

    name: str
    label: str | Promise
    read: str
    figures: tuple[Figure, ...]
    in_period: bool = True
    order: int = 100
    latest: str = ""
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def figure(self, key: str) -> Figure:
        if not self._index:
            self._index.update({figure.key: figure for figure in self.figures})
        return self._index[key]

    def read_area(self, area: Area, period: Period) -> dict:
        return import_string(self.read)(area, period)

    def latest_day(self, area: Area) -> date | None:
        """The last day the family has anything in ``area`` (None where it has nothing or cannot say)."""
        return import_string(self.latest)(area) if self.latest else None


_families: dict[str, Family] = {}


def register_family(family: Family) -> None:
    """Register a domain's family (an app does this in its AppConfig.ready)."""
    keys = [figure.key for figure in family.figures]
    if len(set(keys)) != len(keys):
        raise ValueError(f"Family {family.name!r} repeats a figure key.")
    _families[family.name] = family


def families(names: Iterable[str] | None = None) -> list[Family]:
    """The registered families (those named, when given), in their order."""
    wanted = set(names) if names is not None else None
    chosen = [family for name, family in _families.items() if wanted is None or name in wanted]
    return sorted(chosen, key=lambda family: (family.order, family.name))


def figure_get(key: str) -> tuple[Family, Figure]:
    """The family and figure of ``"family.figure"``; KeyError where none is registered."""
    family_name, _dot, figure_key = key.partition(".")
    family = _families[family_name]
    return family, family.figure(figure_key)


def figure_keys() -> list[str]:
    """Every registered figure, ``"family.figure"``."""
    return [f"{family.name}.{figure.key}" for family in families() for figure in family.figures]


def read_figures(area: Area, period: Period, names: Iterable[str] | None = None) -> dict[str, dict]:
    """Every figure of the families named (all by default) for ``area`` and its direct children.

    Answers ``{family: {"own": {figure: value}, "children": [{"code", "name", "level", figure:
    value, ...}]}}``, each family read once with its own selector (its query count is the
    selector's).
    """
    answer = {}
    for family in families(names):
        payload = family.read_area(area, period)
        answer[family.name] = {
            "own": {figure.key: figure.value(payload) for figure in family.figures},
            "children": [
                {**row["area"], **{figure.key: figure.value(row) for figure in family.figures}}
                for row in payload.get("children", [])
            ],
        }
    return answer


def list_link(
    url_name: str, *, start: str | None = None, end: str | None = None, **params
) -> Callable[[str, Period], str]:
    """A figure's ``link``: the list page ``url_name`` filtered to the area (``?area=``), to the
    period's days where the list filters by them (``start``/``end``: the names of its date
    filters), and to ``params`` (a list repeats its parameter)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    def link(code: str, period: Period) -> str:
        query = {"area": code}
        if start:
            query[start] = period.start.isoformat()
        if end:
            query[end] = period.end.isoformat()
        query.update(params)
        return f"{reverse(url_name)}?{urlencode(query, doseq=True)}"

    return link
