"""Roll-ups of figures by area code prefix, the way every statistic of the portal is built."""

from __future__ import annotations

from collections import defaultdict

from django.db import connections
from django.db.models import IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Left

from .scope import prefix_q


def rollup(
    queryset: QuerySet, *, field: str, prefix: str, length: int, by: tuple[str, ...] = (), **aggregates
) -> dict[tuple, dict[str, int]]:
    """Additive figures of the rows under ``prefix``, keyed by ``(code[:length], *by)``.

    The database groups the rows by their code's first ``length`` characters (and ``by``), so it
    answers one row per child (and ``by``), not one per code: a city of ten thousand codes is
    still a dozen rows to read. One query, whatever the level asked for.
    """
    grouped = (
        queryset.filter(prefix_q(field, prefix))
        .order_by()
        .annotate(_rollup_prefix=Left(field, length))
        .values("_rollup_prefix", *by)
        .annotate(**aggregates)
    )
    # Read the grouped rows as plain tuples (prefix, *by, *aggregates) from the cursor rather than
    # as dicts through the ORM.
    sql, params = grouped.query.sql_with_params()
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    names = list(aggregates)
    width = 1 + len(by)
    result: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(names, 0))
    for row in rows:
        bucket = result[tuple(row[:width])]
        for index, name in enumerate(names, start=width):
            bucket[name] += row[index] or 0
    return result


def per_row(queryset: QuerySet, aggregate, *, field: str) -> Coalesce:
    """An aggregate of ``queryset``'s rows that point through ``field`` to each row of the outer
    query, as a correlated subquery (0 when there is none): a page of 50 rows aggregates theirs,
    not the whole table's."""
    rows = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=aggregate).values("n")[:1]
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)
