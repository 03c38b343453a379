"""What each counted model contributes to the kept counts.

An app registers its counters in its AppConfig.ready() (the shared layer imports no app), e.g.::

    register_counter(
        family="network.workers",
        model=GridWorker,
        fields=("area_code", "is_active", "employment"),
        contribute=lambda row: [(row["area_code"], None, f"employment:{row['employment']}", 1)]
        if row["is_active"] else [],
    )

``contribute`` receives the row's ``fields`` as read by ``values()`` (so ``"kind_id"`` or a
relation path such as ``"post__kind_id"`` may be named) and answers its contributions: ``(area
code, month as a date or None, figure, amount)``. A row contributes nothing by answering ``[]``.
The same function counts a row when it is written and when everything is recounted, so the two
cannot disagree about what a row is worth.

A row whose worth depends on rows of other tables (a project's light on its progress reports and
milestones) names a ``rows`` function, which reads the rows of a queryset of the counted model
with whatever ``contribute`` needs (a dict per row, with its ``"pk"``), and ``depends_on``: the
other models and the field of each that points to the counted row (``(ProgressReport,
"project_id")``), or the reverse relation by which it reaches counted rows (``(PartyOrganization,
"in_service_members")``: a move of the organization changes what its members are worth). A save
or delete of such a row counts the change of the rows it points to.

A row whose worth depends on its many-to-many links (the functions a station offers) names those
fields in ``many_to_many``: adding, removing or clearing links, from either side (``.set()`` in a
service, the admin's form), counts the change of the rows linked, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db import models
from django.db.models import QuerySet

Contribution = tuple[str, date | None, str, int]


@dataclass(frozen=True)
class Counter:
    family: str
    model: type[models.Model]
    fields: tuple[str, ...]
    contribute: Callable[[dict], Iterable[Contribution]]
    rows: Callable[[QuerySet], Iterable[dict]] | None = None
    depends_on: tuple[tuple[type[models.Model], str], ...] = ()
    # False: ``contribute`` names every area it counts in (``area_and_above``), for a row counted
    # once in an area however many of its parts it is found in.
    expand: bool = True
    many_to_many: tuple[str, ...] = ()

    @property
    def local_fields(self) -> frozenset[str]:
        """The fields of the row itself among ``fields`` (attnames and names), which an update
        must touch to change what the row contributes."""
        names = set()
        for path in self.fields:
            if "__" in path:
                path = path.split("__", 1)[0]
            field = self.model._meta.get_field(path.removesuffix("_id") if path.endswith("_id") else path)
            names.update({field.name, field.attname})
        return frozenset(names)


COUNTERS: dict[str, Counter] = {}
COUNTERS_BY_MODEL: dict[type[models.Model], list[Counter]] = {}
# A model whose rows change what rows of a counted model are worth: [(counted model, field)].
DEPENDENTS: dict[type[models.Model], list[tuple[type[models.Model], str]]] = {}


def register_counter(
    *,
    family: str,
    model: type[models.Model],
    fields: tuple[str, ...],
    contribute: Callable[[dict], Iterable[Contribution]],
    rows: Callable[[QuerySet], Iterable[dict]] | None = None,
    depends_on: Iterable[tuple[type[models.Model], str]] = (),
    expand: bool = True,
    many_to_many: Iterable[str] = (),
) -> Counter:
    """Keep the counts of ``family`` from the rows of ``model`` (see the module's docstring)."""
    from . import signals

    counter = Counter(family, model, tuple(fields), contribute, rows, tuple(depends_on), expand, tuple(many_to_many))
    existing = COUNTERS.get(family)
    if existing is not None and (existing.model, existing.fields) != (model, counter.fields):
        raise ValueError(f"Kept-count family {family!r} is registered twice.")
    COUNTERS[family] = counter
    entries = COUNTERS_BY_MODEL.setdefault(model, [])
    entries[:] = [entry for entry in entries if entry.family != family] + [counter]
    signals.connect(model)
    for dependent, field in counter.depends_on:
        links = DEPENDENTS.setdefault(dependent, [])
        if (model, field) not in links:
            links.append((model, field))
        signals.connect_dependent(dependent)
    for name in counter.many_to_many:
        signals.connect_many_to_many(model, name)
    return counter


def counters_for(model: type[models.Model]) -> list[Counter]:
    return COUNTERS_BY_MODEL.get(model, [])


def dependents_of(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """The counted models whose rows ``model``'s rows point to, with the field that points."""
    return DEPENDENTS.get(model, [])


@lru_cache(maxsize=65_536)
def area_and_above(code: str) -> tuple[str, ...]:
    """The area itself and every area above it ("220202001" -> 2202, 220202, 220202001)."""
    from jilin_grid.scope import LEVEL_CODE_LENGTHS

    return (*(code[:length] for length in LEVEL_CODE_LENGTHS if length < len(code)), code)


def count_once_per_area(
    *, family: str, model: type[models.Model], dependent: type[models.Model], field: str, where=None
) -> Counter:
    """Count each row of ``model`` once (figure ``"n"``) in every area, at every level, where a
    row of ``dependent`` (those matching the Q ``where``) points to it through ``field`` and has
    its ``area_code``: a member who reported in two communities counts in each, and once in the
    street above both. Saves of ``model`` change nothing; those of ``dependent`` are counted."""

    def rows(queryset):
        links = dependent._base_manager.db_manager(queryset.db).filter(where or models.Q()).order_by()
        whole_table = not queryset.query.where  # the recount: every link, streamed
        if queryset.query.select_for_update:  # a write: lock the rows counted, then read their links
            links = links.filter(**{f"{field}__in": list(queryset.order_by().values_list("pk", flat=True))})
        elif not whole_table:
            links = links.filter(**{f"{field}__in": queryset.order_by().values("pk")})
        pairs = links.exclude(**{f"{field}__isnull": True}).values_list(field, "area_code")
        codes: dict = {}
        for pk, code in pairs.iterator(chunk_size=5000) if whole_table else pairs:
            codes.setdefault(pk, set()).add(code)
        return [{"pk": pk, "codes": sorted(found)} for pk, found in codes.items()]

    def contribute(row: dict):
        areas = {area for code in row.get("codes", ()) if code for area in area_and_above(code)}
        return [(area, None, "n", 1) for area in sorted(areas)]

    return register_counter(
        family=family,
        model=model,
        fields=(),
        contribute=contribute,
        rows=rows,
        depends_on=((dependent, field),),
        expand=False,
    )
