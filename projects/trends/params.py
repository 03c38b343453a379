"""The parameters of a trend, as the API and the page take them: ``figure`` (family.figure),
``from`` and ``to`` (months, YYYY-MM; default the last twelve) and ``children`` (true/false). Each
refusal is bilingual and stands beside its parameter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jilin_grid.figures import MONTH, Family, Figure, Period, current_period

from .selectors import (
    DEFAULT_MONTHS,
    MAX_MONTHS,
    MONTHS_REVERSED,
    TOO_MANY_MONTHS,
    default_figure_key,
    figure_lookup,
    month_labels,
    month_period,
    months_before,
)

BAD_BOOLEAN = "应为 true 或 false。 / Write true or false."
TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off", ""}


def month_count(first: Period, last: Period) -> int:
    """How many months from ``first`` to ``last``, both included."""
    return (last.start.year - first.start.year) * 12 + last.start.month - first.start.month + 1


@dataclass
class TrendRequest:
    """What a trend's query asks for, or ``errors`` by parameter."""

    figure_key: str = ""
    family: Family | None = None
    figure: Figure | None = None
    first: Period | None = None
    last: Period | None = None
    children: bool = False
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def months(self) -> list[str]:
        return month_labels(self.first, self.last) if self.first and self.last else []

    @classmethod
    def from_query(cls, query, *, default_last: str | None = None, today: date | None = None) -> TrendRequest:
        """Read ``figure``, ``from``, ``to`` and ``children`` from a QueryDict; ``default_last`` is
        the month a missing ``to`` means (the current month by default)."""
        asked = cls()
        asked.figure_key = query.get("figure") or default_figure_key()
        try:
            asked.family, asked.figure = figure_lookup(asked.figure_key)
        except ValueError as exc:
            asked.errors["figure"] = [str(exc)]
        months = {}
        for name in ("from", "to"):
            text = query.get(name)
            if text is None or text == "":
                continue
            try:
                months[name] = month_period(text)
            except ValueError as exc:
                asked.errors[name] = [str(exc)]
        if "to" not in asked.errors:
            asked.last = months.get("to") or month_period(default_last or current_period(MONTH, today).label)
        if "from" not in asked.errors and asked.last:
            asked.first = months.get("from") or months_before(asked.last, DEFAULT_MONTHS)
            if asked.first.start > asked.last.start:
                asked.errors["from"] = [MONTHS_REVERSED]
            elif month_count(asked.first, asked.last) > MAX_MONTHS:
                asked.errors["from"] = [TOO_MANY_MONTHS]
        children = (query.get("children") or "").strip().lower()
        if children in TRUE_WORDS:
            asked.children = True
        elif children not in FALSE_WORDS:
            asked.errors["children"] = [BAD_BOOLEAN]
        return asked
