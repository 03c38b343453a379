"""Writing many new rows of one model at once, for a fraction of what ``bulk_create`` spends.

``bulk_create`` prepares every value of every row through the field's whole save path (pre-save,
prep, the backend's adaptation, one SQL fragment per value): at the demo city's million rows that
preparation, not the database, is most of the cost. ``insert_many()`` writes the same rows with the
same values: it decides once per field how its value reaches the database, hands values that are
already what the database takes (a ``str`` for a text column, an ``int`` for an integer or a key, a
``bool`` for a boolean, an aware datetime on SQLite turned into its UTC text the way Django does)
straight through, and sends every other value down the field's own path. A field set when the row
is written (``auto_now``, ``auto_now_add``) takes one moment for all the rows of the call, where
``bulk_create`` asks the clock once a row. New keys come back the
way ``bulk_create`` gets them (``RETURNING``), and a related object assigned before it was saved
gives its key, as ``save()`` does.

On PostgreSQL the rows go in by ``COPY … FROM STDIN`` instead: the server reads tab-separated text
for a third of what it spends parsing and planning a ``VALUES`` list of thousands of rows, and
the new keys are drawn from the table's sequence first (``nextval``, as an insert would draw
them). A chunk holding a value COPY's text cannot spell (a binary, a duration, an array) is
written by ``INSERT`` as elsewhere.

It writes plain rows only: a model with parents (multi-table inheritance) or a backend that cannot
return keys from a multi-row insert goes through ``bulk_create``. Nothing here sends signals or
calls ``save()``, exactly like ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.db import connections, models, router

Converter = Callable[[models.Model], object]

# The Python types each kind of column takes as they are, on every backend.
_TEXT = (models.CharField, models.TextField)
_INTEGER = (models.IntegerField, models.AutoField, models.BigAutoField, models.SmallAutoField)
_NONE = type(None)


def _sqlite_utc_text(connection) -> bool:
    """True when Django writes an aware datetime to this connection as its UTC wall time in text."""
    return connection.vendor == "sqlite" and settings.USE_TZ and connection.timezone == dt.UTC


def _converter(field: models.Field, connection) -> Converter:
    """How one field's value of a row reaches the database."""
    attname = field.attname

    def by_the_field(obj):
        return field.get_db_prep_save(field.pre_save(obj, True), connection)

    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        # The rows of one write are written at one moment: taken and prepared once, not once a row.
        moment = field.pre_save(SimpleNamespace(), True)  # the clock, as the field reads it
        prepared = field.get_db_prep_save(moment, connection)

        def written_now(obj):
            obj.__dict__[attname] = moment
            return prepared

        return written_now

    if field.is_relation:
        target = field.target_field
        plain = (int, _NONE) if isinstance(target, _INTEGER) else (str, _NONE) if isinstance(target, _TEXT) else ()
        cache_name = field.cache_name

        def related(obj):
            value = obj.__dict__.get(attname)
            if value is None:
                # A related object assigned before it was saved gives its key now, as save() does.
                cached = obj._state.fields_cache.get(cache_name)
                if cached is not None:
                    if cached.pk is None:
                        raise ValueError(f"{field.name} of {obj!r} is not saved yet.")
                    value = cached.pk
                    # Straight into the instance: the descriptor would drop the cached object.
                    obj.__dict__[attname] = value
            return value if type(value) in plain else field.get_db_prep_save(value, connection)

        return related

    if isinstance(field, _TEXT):
        plain = (str, _NONE)
    elif isinstance(field, models.BooleanField):
        plain = (bool, _NONE)
    elif isinstance(field, _INTEGER):
        plain = (int, _NONE)
    elif isinstance(field, models.DateTimeField) and _sqlite_utc_text(connection):

        def utc_text(obj):
            value = obj.__dict__.get(attname)
            if type(value) is dt.datetime and value.tzinfo is not None:
                return str(value.astimezone(dt.UTC).replace(tzinfo=None))
            return by_the_field(obj)

        return utc_text
    else:
        return by_the_field

    def as_it_is(obj):
        value = obj.__dict__.get(attname)
        return value if type(value) in plain else by_the_field(obj)

    return as_it_is


def _max_params(connection) -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 65535


# The values COPY's text spells with ``str()``: numbers, dates and times (ISO 8601), UUIDs.
_COPY_AS_STR = (int, float, decimal.Decimal, dt.datetime, dt.date, dt.time, uuid.UUID)


def copy_text(value) -> str:
    """One value as PostgreSQL's ``COPY`` text format reads it: ``\\N`` for NULL, ``t``/``f``, the
    value's own spelling, and backslash, tab and line breaks escaped in text. A JSON value comes as
    the driver's adapter and is written as its JSON. Any other type raises ``TypeError``."""
    kind = type(value)
    if kind is str:
        text = value
    elif value is None:
        return "\\N"
    elif kind is bool:
        return "t" if value else "f"
    elif kind in _COPY_AS_STR:
        return str(value)
    elif isinstance(value, str):
        text = str(value)  # a choice's member, a safe string: their text is their value
    elif isinstance(value, int) and not isinstance(value, bool):
        return str(int(value))
    elif hasattr(value, "adapted") and callable(getattr(value, "dumps", None)):
        text = value.dumps(value.adapted)  # psycopg2's Json, as JSONField prepares its value
    else:
        raise TypeError(f"COPY text has no spelling for {kind.__name__}")
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def copy_line(values) -> str:
    """A row's values as a line of ``COPY``'s text (``copy_text`` each, tab-separated)."""
    return "\t".join([copy_text(value) for value in values]) + "\n"


def copy_rows(connection, table: str, columns: Sequence[str], lines: Sequence[str]) -> None:
    """``COPY table (columns) FROM STDIN`` on PostgreSQL: ``lines`` are rows already in COPY's text,
    each ending with its newline."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name in columns)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {quote(table)} ({names}) FROM STDIN", io.StringIO("".join(lines)))


def _new_keys(connection, sequence: str, count: int) -> list[int]:
    """``count`` keys drawn from a sequence, in the order an insert of as many rows would draw them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
        return sorted(key for (key,) in cursor.fetchall())


def _key_sequence(connection, opts) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(opts.db_table), opts.pk.column]
        )
        return cursor.fetchone()[0]


def _copy_many(connection, using: str, opts, objects, fields, converters, *, with_pk: bool, size: int) -> bool:
    """Write the rows by COPY (see the module); answers False, having written nothing, when the
    key's sequence is unknown."""
    sequence = None if with_pk else _key_sequence(connection, opts)
    if not with_pk and sequence is None:
        return False
    columns = [f.column for f in fields] if with_pk else [opts.pk.column] + [f.column for f in fields]
    for start in range(0, len(objects), size):
        chunk = objects[start : start + size]
        try:
            lines = [copy_line([convert(obj) for convert in converters]) for obj in chunk]
        except TypeError:
            _insert_rows(connection, opts, chunk, fields, converters, with_pk=with_pk)
        else:
            if not with_pk:
                keys = _new_keys(connection, sequence, len(chunk))
                for obj, key in zip(chunk, keys, strict=True):
                    setattr(obj, opts.pk.attname, key)
                lines = [f"{key}\t{line}" for key, line in zip(keys, lines, strict=True)]
            copy_rows(connection, opts.db_table, columns, lines)
        for obj in chunk:
            obj._state.adding = False
            obj._state.db = using
    return True


def _insert_chunk(connection, opts, chunk, fields, converters, *, with_pk: bool) -> None:
    """One multi-row ``INSERT``, taking the new keys back by ``RETURNING`` unless the rows have them."""
    quote = connection.ops.quote_name
    pk = opts.pk
    # The model's own table and column names, quoted; every value is bound.
    columns = ", ".join(quote(f.column) for f in fields)
    head = f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES "  # noqa: S608  # nosec B608
    tail = "" if with_pk else f" RETURNING {quote(pk.column)}"
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [convert(obj) for obj in chunk for convert in converters]
    with connection.cursor() as cursor:
        cursor.execute(head + ", ".join([row] * len(chunk)) + tail, params)
        if not with_pk:
            for obj, (key,) in zip(chunk, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, key)


def _insert_rows(connection, opts, objects, fields, converters, *, with_pk: bool, batch_size: int = 2000) -> None:
    """The rows by ``INSERT``, as many a statement as the database takes parameters."""
    size = max(1, min(batch_size, _max_params(connection) // len(fields)))
    for start in range(0, len(objects), size):
        _insert_chunk(connection, opts, objects[start : start + size], fields, converters, with_pk=with_pk)


def insert_many(model: type[models.Model], objects: Sequence[models.Model], *, batch_size: int = 2000) -> None:
    """Insert new rows, setting each object's key as ``bulk_create`` does (every object has one,
    or none of them has)."""
    if not objects:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    opts = model._meta
    pk = opts.pk
    with_pk = objects[0].pk is not None
    if (
        opts.parents
        or not connection.features.can_return_rows_from_bulk_insert
        or any((obj.pk is not None) != with_pk for obj in objects)
    ):
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    fields = [f for f in opts.concrete_fields if not f.generated and (with_pk or f is not pk)]
    converters = [_converter(f, connection) for f in fields]
    if connection.vendor == "postgresql" and _copy_many(
        connection, using, opts, objects, fields, converters, with_pk=with_pk, size=max(batch_size, 5000)
    ):
        return
    _insert_rows(connection, opts, objects, fields, converters, with_pk=with_pk, batch_size=batch_size)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = using


def refresh_planner_statistics(using: str = "default") -> None:
    """Have PostgreSQL sample the tables again (``ANALYZE``) after rows written in bulk: until
    autovacuum gets to them its planner takes a table of a hundred thousand grids for a few dozen
    rows and chooses plans for that (the city's grid list joined and sorted every grid before
    cutting a page of 50). SQLite plans from its indexes alone and is left as it is."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class DanglingReference(Exception):
    """Rows written with their foreign keys unchecked point to no row."""


@contextmanager
def references_checked_at_the_end(using: str = "default"):
    """Write many rows on PostgreSQL without the check of each row's foreign keys as it goes in,
    then check every foreign key of every table at once (``check_references``).

    PostgreSQL checks a foreign key by a trigger per row, a look-up of the row it points to: at
    the demo city's million rows, an eighth of what the server spends. A superuser's session may
    switch the triggers off (``session_replication_role = replica``, as ``pg_restore
    --disable-triggers`` does); one query per foreign key, a join of the whole table with the one
    it points to, then finds any row that points nowhere, and raises. Another role, or SQLite
    (which checks as ever), writes with the usual checks."""
    connection = connections[using]
    skip = False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on' AND NOT pg_is_in_recovery()")
            skip = cursor.fetchone()[0] and not connection.in_atomic_block
    if not skip:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET session_replication_role")
    check_references(using)


def check_references(using: str = "default") -> None:
    """Raise ``DanglingReference`` when a row of any model's table holds a foreign key to no row:
    one query per foreign key (an anti-join the database runs over the whole table)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if not model._meta.managed or model._meta.proxy:
                continue
            for field in model._meta.local_fields:
                if not field.is_relation or not field.concrete or not getattr(field, "db_constraint", False):
                    continue
                target = field.target_field
                table, column = quote(model._meta.db_table), quote(field.column)
                parent, key = quote(target.model._meta.db_table), quote(target.column)
                # Only quoted names from the models are put into the statement.
                cursor.execute(
                    f"SELECT c.{column} FROM {table} c WHERE c.{column} IS NOT NULL AND NOT EXISTS "  # noqa: S608  # nosec B608
                    f"(SELECT 1 FROM {parent} p WHERE p.{key} = c.{column}) LIMIT 1"
                )
                row = cursor.fetchone()
                if row is not None:
                    found.append(f"{model._meta.db_table}.{field.column} = {row[0]!r}")
    if found:
        raise DanglingReference("Rows point to no row: " + "; ".join(found))
