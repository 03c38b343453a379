"""What the cadres sunk to communities add to the kept counts: for all time, the departments that
sent them, the cadres, the communities and the checkpoints they serve, each counted once in every
area where an assignment has it (a cadre sent to two communities counts in each, and once in
the street above them). The same figures for a period are counted from the rows of the
assignments in force during it (``alliances/cadres/selectors.py``)."""

from __future__ import annotations

from jilin_grid.counts.registry import count_once_per_area

FAMILIES = {
    "departments": "cadres.departments",
    "cadres": "cadres.cadres",
    "communities": "cadres.communities",
    "checkpoints": "cadres.checkpoints",
}


def register() -> None:
    from communities.models import Community, Person

    from .models import CadreAssignment, Checkpoint, Department

    for figure, model, field in (
        ("departments", Department, "department_id"),
        ("cadres", Person, "cadre_id"),
        ("communities", Community, "community_id"),
        ("checkpoints", Checkpoint, "checkpoint_id"),
    ):
        count_once_per_area(family=FAMILIES[figure], model=model, dependent=CadreAssignment, field=field)
