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
"project_id")``). A save or delete of such a row counts the change of the row it points to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

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
) -> Counter:
    """Keep the counts of ``family`` from the rows of ``model`` (see the module's docstring)."""
    from . import signals

    counter = Counter(family, model, tuple(fields), contribute, rows, tuple(depends_on))
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
    return counter


def counters_for(model: type[models.Model]) -> list[Counter]:
    return COUNTERS_BY_MODEL.get(model, [])


def dependents_of(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """The counted models whose rows ``model``'s rows point to, with the field that points."""
    return DEPENDENTS.get(model, [])
