"""Writes of the kept counts: what a change of rows adds, and the recount that repairs drift."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.utils import timezone

from jilin_grid.bulk import copy_line, copy_rows

from .models import ALL_TIME, CountDrift, KeptCount
from .registry import COUNTERS, Counter, area_and_above, counters_for, dependents_of

logger = logging.getLogger("jilin_grid.counts")

Cell = tuple[str, str, str, str]  # family, period, area code, figure


def cells(counter: Counter, row: dict) -> dict[Cell, int]:
    """What one row (its ``counter.fields``) adds to each kept count."""
    return spread(counter, contributions(counter, [row]))


def contributions(counter: Counter, rows: Iterable[dict]) -> dict:
    """What ``rows`` add, summed per area of their own, month and figure (before ``spread``)."""
    summed: dict = defaultdict(int)
    for row in rows:
        for code, month, figure, amount in counter.contribute(row):
            if amount and code:
                summed[(code, month, figure)] += amount
    return summed


def spread(counter: Counter, summed: dict) -> dict[Cell, int]:
    """Each contribution added to its month and all time, in its area and (when the family
    expands) every area above it. The counts are sums, so rows summed per area and month first
    and spread once give what spreading each row would, with far fewer additions."""
    added: dict[Cell, int] = defaultdict(int)
    family = counter.family
    periods_of: dict = {None: (ALL_TIME,)}  # a month's periods, formatted once
    for (code, month, figure), amount in summed.items():
        periods = periods_of.get(month)
        if periods is None:
            periods = periods_of[month] = (ALL_TIME, f"{month:%Y-%m}")
        for area_code in area_and_above(code) if counter.expand else (code,):
            for period in periods:
                added[(family, period, area_code, figure)] += amount
    return added


def read_rows(model, pks: Iterable, *, using=None, lock: bool = False, counters: list[Counter] | None = None) -> dict:
    """``{pk: row values}`` of the rows ``pks`` of a counted model: the fields its counters (or
    ``counters``) name, and what the counters with a ``rows`` function read beside them."""
    counters = counters_for(model) if counters is None else counters
    pks = list(pks)
    if not counters or not pks:
        return {}
    using = using or router.db_for_write(model)
    connection = connections[using]
    rows: dict = {}
    for start in range(0, len(pks), 2000):  # a database takes only so many parameters
        queryset = model._base_manager.db_manager(using).filter(pk__in=pks[start : start + 2000]).order_by()
        if lock and connection.in_atomic_block and connection.features.has_select_for_update:
            queryset = queryset.select_for_update(of=("self",))
        rows.update(rows_of(counters, queryset))
    return rows


def rows_of(counters: list[Counter], queryset) -> dict:
    """``{pk: row values}`` of the rows of ``queryset`` for ``counters`` (all of one model)."""
    fields = sorted({field for counter in counters if counter.rows is None for field in counter.fields})
    result: dict = {}
    if fields:
        result = {row["pk"]: row for row in queryset.values("pk", *fields)}
    for counter in counters:
        if counter.rows is not None:
            for row in counter.rows(queryset):
                result.setdefault(row["pk"], {}).update(row)
    return result


def pointed_to(model, pks: Iterable, *, using: str) -> dict:
    """``{counted model: {pk, ...}}``: the counted rows that the rows ``pks`` of ``model`` (a
    model named in a counter's ``depends_on``) point to."""
    pointed: dict = defaultdict(set)
    pks = list(pks)
    if not pks:
        return pointed
    for counted, field in dependents_of(model):
        for start in range(0, len(pks), 500):
            pointed[counted].update(
                value
                for value in model._base_manager.db_manager(using)
                .filter(pk__in=pks[start : start + 500])
                .order_by()
                .values_list(field, flat=True)
                if value is not None
            )
    return pointed


def count_change(model, before: dict, after: dict, *, using=None, counters: list[Counter] | None = None) -> None:
    """Add to the kept counts what the rows of ``model`` went from (``before``, as read by
    ``read_rows``) to (``after``): their new contributions, less their old ones (of its counters,
    or ``counters``)."""
    delta: dict[Cell, int] = defaultdict(int)
    for counter in counters_for(model) if counters is None else counters:
        for pk in set(before) | set(after):
            if pk in before:
                for cell, amount in cells(counter, before[pk]).items():
                    delta[cell] -= amount
            if pk in after:
                for cell, amount in cells(counter, after[pk]).items():
                    delta[cell] += amount
    add(delta, using=using or router.db_for_write(model))


@contextmanager
def counted_rows(model, pks: Iterable, *, using=None, lock: bool = False, counters: list[Counter] | None = None):
    """Count what a write inside the block changes in the rows ``pks`` of ``model`` (an update or
    rows inserted in bulk send no signal): the rows read before (locked with ``lock``) and after,
    and the difference added, in the write's transaction. Nothing is counted if the block raises."""
    pks = list(pks)
    before = read_rows(model, pks, using=using, lock=lock, counters=counters)
    yield
    count_change(model, before, read_rows(model, pks, using=using, counters=counters), using=using, counters=counters)


def add(delta: dict[Cell, int], *, using: str = "default") -> None:
    """Add ``delta`` to the kept counts, as increments: concurrent writers add up, and the cells
    are taken in one order, so two transactions cannot wait on each other's counts."""
    changes = sorted((cell, amount) for cell, amount in delta.items() if amount)
    if not changes:
        return
    table = KeptCount._meta.db_table
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("family", "code_length", "period", "area_code", "figure", "value"))
    conflict = ", ".join(quote(name) for name in ("family", "code_length", "area_code", "period", "figure"))
    value = quote("value")
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(changes), 500):
            batch = changes[start : start + 500]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(batch))
            params = [
                item
                for (family, period, code, figure), amount in batch
                for item in (family, len(code), period, code, figure, amount)
            ]
            # Only quoted names and placeholders are put into the statement; every value is a parameter.
            sql = (
                f"INSERT INTO {quote(table)} ({columns}) VALUES {placeholders} "  # noqa: S608  # nosec B608
                f"ON CONFLICT ({conflict}) DO UPDATE SET {value} = {quote(table)}.{value} + excluded.{value}"
            )
            cursor.execute(sql, params)


@dataclass(frozen=True)
class Drift:
    family: str
    period: str
    area_code: str
    figure: str
    kept: int
    counted: int


def _snapshot(using: str):
    """A transaction whose reads all see one moment of the database (PostgreSQL's repeatable
    read; SQLite's reads in a transaction already do)."""
    atomic = transaction.atomic(using=using)
    connection = connections[using]

    class Snapshot:
        def __enter__(self):
            atomic.__enter__()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return self

        def __exit__(self, *exc):
            return atomic.__exit__(*exc)

    return Snapshot()


def count_rows(counter: Counter, *, using: str = "default") -> dict[Cell, int]:
    """The counts of ``counter``'s family recounted from every row."""
    queryset = counter.model._base_manager.db_manager(using).order_by()
    if counter.rows is not None:
        rows = counter.rows(queryset)
    else:
        rows = queryset.values(*counter.fields).iterator(chunk_size=5000)
    return spread(counter, contributions(counter, rows))


def find_drift(families: Iterable[str] | None = None, *, using: str = "default") -> list[Drift]:
    """The kept counts that differ from a recount of the rows, family by family, each family
    read at one moment."""
    drift: list[Drift] = []
    for family in sorted(families or COUNTERS):
        counter = COUNTERS[family]
        in_atomic = connections[using].in_atomic_block
        # Inside a caller's transaction (a test), its reads are already consistent.
        with transaction.atomic(using=using) if in_atomic else _snapshot(using):
            kept = {
                (family, period, code, figure): value
                for period, code, figure, value in KeptCount.objects.using(using)
                .filter(family=family)
                .values_list("period", "area_code", "figure", "value")
                .iterator(chunk_size=5000)
            }
            counted = count_rows(counter, using=using)
        for cell in sorted(set(kept) | set(counted)):
            if kept.get(cell, 0) != counted.get(cell, 0):
                drift.append(Drift(*cell, kept=kept.get(cell, 0), counted=counted.get(cell, 0)))
    return drift


def recount(families: Iterable[str] | None = None, *, repair: bool = True, using: str = "default") -> list[Drift]:
    """Compare the kept counts with a recount of the rows; with ``repair``, add each difference
    to its count (an increment, so a write made since the recount read is kept) and record it
    as a ``CountDrift``, with a warning in the log."""
    drift = find_drift(families, using=using)
    if repair and drift:
        now = timezone.now()
        with transaction.atomic(using=using):
            add({(d.family, d.period, d.area_code, d.figure): d.counted - d.kept for d in drift}, using=using)
            CountDrift.objects.using(using).bulk_create(
                CountDrift(
                    found_at=now,
                    family=d.family,
                    area_code=d.area_code,
                    period=d.period,
                    figure=d.figure,
                    kept=d.kept,
                    counted=d.counted,
                )
                for d in drift
            )
        for d in drift[:20]:
            logger.warning(
                "Kept count drifted and was repaired: %s %s %s %s kept %s, counted %s",
                d.family,
                d.area_code,
                d.period or "*",
                d.figure,
                d.kept,
                d.counted,
            )
    return drift


def count_everything(families: Iterable[str] | None = None, *, using: str = "default") -> int:
    """Set every kept count (of ``families``, when given) from the rows, after ``bulk_create``
    writes such as the demo city's, or when what a family counts has changed: answers how many
    counts were written. Nothing is recorded as drift.

    The counts go in in the order of their unique index, so the index grows at its end instead of
    being rewritten page by page; PostgreSQL takes them by ``COPY``."""
    connection = connections[using]
    total = 0
    with transaction.atomic(using=using):
        chosen = sorted(COUNTERS if families is None else families)
        KeptCount.objects.using(using).filter(family__in=chosen).delete()
        for family in chosen:
            counted = count_rows(COUNTERS[family], using=using)
            rows = sorted(
                (f, len(code), code, period, figure, value)
                for (f, period, code, figure), value in counted.items()
                if value
            )
            del counted
            if connection.vendor == "postgresql":
                _copy_counts(connection, rows)
            else:
                _insert_counts(connection, rows)
            total += len(rows)
    return total


# The columns in the order of the unique index ``kept_count_once``, then the value.
_COLUMNS = ("family", "code_length", "area_code", "period", "figure", "value")


def _insert_counts(connection, rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in _COLUMNS)
    # Only quoted names and placeholders are put into the statement; every value is a parameter.
    sql = f"INSERT INTO {quote(KeptCount._meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start : start + 10_000])


def _copy_counts(connection, rows: list[tuple]) -> None:
    """PostgreSQL's ``COPY … FROM STDIN``: one statement per 100,000 counts instead of a round
    trip per count."""
    for start in range(0, len(rows), 100_000):
        lines = [copy_line(row) for row in rows[start : start + 100_000]]
        copy_rows(connection, KeptCount._meta.db_table, _COLUMNS, lines)


HEARTBEAT = "kept-counts-recount"


def recount_and_record(families: Iterable[str] | None = None, *, repair: bool = True) -> list[Drift]:
    """``recount()`` every family (or ``families``) and record when it ran and what it found
    (the ``kept-counts-recount`` heartbeat the report production page shows)."""
    from jilin_grid.models import Heartbeat

    drift = recount(families, repair=repair)
    if repair:
        Heartbeat.beat(HEARTBEAT, str(len(drift)))  # how many drifted: the page says it in its language
    return drift
