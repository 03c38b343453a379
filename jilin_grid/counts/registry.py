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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models

Contribution = tuple[str, date | None, str, int]


@dataclass(frozen=True)
class Counter:
    family: str
    model: type[models.Model]
    fields: tuple[str, ...]
    contribute: Callable[[dict], Iterable[Contribution]]

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


def register_counter(
    *,
    family: str,
    model: type[models.Model],
    fields: tuple[str, ...],
    contribute: Callable[[dict], Iterable[Contribution]],
) -> Counter:
    """Keep the counts of ``family`` from the rows of ``model`` (see the module's docstring)."""
    from . import signals

    counter = Counter(family, model, tuple(fields), contribute)
    existing = COUNTERS.get(family)
    if existing is not None and (existing.model, existing.fields) != (model, counter.fields):
        raise ValueError(f"Kept-count family {family!r} is registered twice.")
    COUNTERS[family] = counter
    entries = COUNTERS_BY_MODEL.setdefault(model, [])
    entries[:] = [entry for entry in entries if entry.family != family] + [counter]
    signals.connect(model)
    return counter


def counters_for(model: type[models.Model]) -> list[Counter]:
    return COUNTERS_BY_MODEL.get(model, [])
