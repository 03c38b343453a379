"""Report periods: a month ("2020-06") or a quarter ("2020-Q2"), and the deadline rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import ReportKind

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True)
class Period:
    """A report's period: its year and the months it covers."""

    kind: str
    year: int
    months: tuple[int, ...]

    @property
    def last_month(self) -> int:
        return self.months[-1]

    @property
    def label(self) -> str:
        if self.kind == ReportKind.MONTHLY:
            return f"{self.year}-{self.months[0]:02d}"
        return f"{self.year}-Q{(self.months[0] - 1) // 3 + 1}"


def parse_period(kind: str, text: str) -> Period:
    """The period of a report kind, or ValueError with a message in the active language."""
    if kind == ReportKind.MONTHLY:
        match = MONTH_RE.match(text or "")
        if not match:
            raise ValueError(_("A month is written 2020-06."))
        return Period(kind=kind, year=int(match.group(1)), months=(int(match.group(2)),))
    if kind == ReportKind.QUARTERLY:
        match = QUARTER_RE.match(text or "")
        if not match:
            raise ValueError(_("A quarter is written 2020-Q2."))
        quarter = int(match.group(2))
        first = (quarter - 1) * 3 + 1
        return Period(kind=kind, year=int(match.group(1)), months=(first, first + 1, first + 2))
    raise ValueError(_("Unknown report kind."))


def previous_month(day: date) -> tuple[int, int]:
    return (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)


def period_start(kind: str, day: date) -> date:
    """The first day of the month or quarter that holds ``day``."""
    month = day.month if kind == ReportKind.MONTHLY else (day.month - 1) // 3 * 3 + 1
    return date(day.year, month, 1)


def period_before(kind: str, day: date) -> str:
    """The label of the month or quarter before the one that holds ``day`` (what beat reports on)."""
    year, month = previous_month(period_start(kind, day))
    if kind == ReportKind.MONTHLY:
        return f"{year}-{month:02d}"
    return f"{year}-Q{(month - 1) // 3 + 1}"


def period_end(kind: str, label: str) -> datetime:
    """The moment a period is over (local midnight after its last day): a report requested before
    it covers part of the period only."""
    parsed = parse_period(kind, label)
    year, month = (parsed.year + 1, 1) if parsed.last_month == 12 else (parsed.year, parsed.last_month + 1)
    return timezone.make_aware(datetime(year, month, 1))


def due_month(as_of: date) -> tuple[int, int]:
    """The latest (year, month) whose progress is due on ``as_of``.

    A month's progress is due by day ``PROJECT_PROGRESS_DEADLINE_DAY`` of the next month: on
    10 June (deadline day 5) May's progress is due; on 3 June only April's is.
    """
    year, month = previous_month(as_of)
    if as_of.day <= settings.PROJECT_PROGRESS_DEADLINE_DAY:
        year, month = previous_month(date(year, month, 1))
    return year, month
