"""What grids, grid workers and chiefs add to the kept counts (the organization network)."""

from __future__ import annotations

from jilin_grid.counts.registry import register_counter


def grid(row: dict):
    return [(row["code"], None, "n", 1)] if row["is_active"] else []


def grid_worker(row: dict):
    return [(row["area_code"], None, f"employment:{row['employment']}", 1)] if row["is_active"] else []


def chief(row: dict):
    return [(row["area_code"], None, f"kind:{row['kind']}", 1)] if row["is_active"] else []


def register() -> None:
    from .models import ChiefAssignment, Grid, GridWorker

    register_counter(family="network.grids", model=Grid, fields=("code", "is_active"), contribute=grid)
    register_counter(
        family="network.workers",
        model=GridWorker,
        fields=("area_code", "is_active", "employment"),
        contribute=grid_worker,
    )
    register_counter(
        family="network.chiefs", model=ChiefAssignment, fields=("area_code", "is_active", "kind"), contribute=chief
    )
