"""What the residential compounds add to the kept counts of the ten-minute circles.

``maps.reach`` (a state, all time): an active compound adds ``compounds``; one whose walk is
measured (it has a ``CompoundReach``) adds ``located``, and, when a service point lies within the
search radius, ``within:M``: one compound whose walk is at most M metres, M its walk rounded up to
the next ``STEP`` metres. So the compounds inside the circle are read for the walk as it is set when
read (``TEN_MINUTE_WALK_METRES``): the steps up to the walk from the counts and, when the walk is not
a whole number of steps, the compounds of the step it falls in from the rows
(``projects/maps/selectors.py``). A change of the setting needs no recount.

The walks are written in bulk by the services (``projects/maps/services.py``), which count them
with ``counted_walks``; a walk deleted is counted by its signal, as a row a counter depends on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from jilin_grid.counts.registry import COUNTERS, register_counter
from jilin_grid.counts.services import counted_rows

FAMILY = "maps.reach"
WITHIN = "within:"
STEP = 100
FIELDS = ("area_code", "is_active", "reach__id", "reach__metres")


def step_of(metres: float) -> int:
    """The step a walk of ``metres`` is counted in: the whole ``STEP`` at or above it."""
    return math.ceil(metres / STEP) * STEP


def compound(row: dict):
    if not row["is_active"]:
        return []
    code = row["area_code"]
    answer = [(code, None, "compounds", 1)]
    if row["reach__id"] is not None:
        answer.append((code, None, "located", 1))
        if row["reach__metres"] is not None:
            answer.append((code, None, f"{WITHIN}{step_of(row['reach__metres'])}", 1))
    return answer


def counted_walks(compound_ids: Iterable[int]):
    """Count what the walks of these compounds written inside the block change (rows written in
    bulk send no signal): their compounds read before and after, in the write's transaction."""
    from grids.network.models import ResidentialCompound

    return counted_rows(ResidentialCompound, compound_ids, lock=True, counters=[COUNTERS[FAMILY]])


def register() -> None:
    from grids.network.models import ResidentialCompound

    from .models import CompoundReach

    register_counter(
        family=FAMILY,
        model=ResidentialCompound,
        fields=FIELDS,
        contribute=compound,
        depends_on=((CompoundReach, "compound_id"),),
    )
