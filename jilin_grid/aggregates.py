"""Roll-ups of figures by area code prefix, the way every statistic of the portal is built."""

from __future__ import annotations

from collections import defaultdict

from django.db import connections
from django.db.models import IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .scope import prefix_q


def rollup(
    queryset: QuerySet, *, field: str, prefix: str, length: int, by: tuple[str, ...] = (), **aggregates
) -> dict[tuple, dict[str, int]]:
    """Additive figures of the rows under ``prefix``, keyed by ``(code[:length], *by)``.

    The database groups by the full code (and ``by``), walking the index on the code in order;
    the rows are then added up per child prefix. One query, and no sort of the whole table,
    whatever the level asked for.
    """
    grouped = queryset.filter(prefix_q(field, prefix)).order_by().values(field, *by).annotate(**aggregates)
    # At the city level the grouped rows number thousands: read them as plain tuples
    # (code, *by, *aggregates) from the cursor rather than as dicts through the ORM.
    sql, params = grouped.query.sql_with_params()
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    names = list(aggregates)
    width = 1 + len(by)
    result: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(names, 0))
    for row in rows:
        bucket = result[(row[0][:length], *row[1:width])]
        for index, name in enumerate(names, start=width):
            bucket[name] += row[index] or 0
    return result


def per_row(queryset: QuerySet, aggregate, *, field: str) -> Coalesce:
    """An aggregate of ``queryset``'s rows that point through ``field`` to each row of the outer
    query, as a correlated subquery (0 when there is none): a page of 50 rows aggregates theirs,
    not the whole table's."""
    rows = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=aggregate).values("n")[:1]
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)
