"""What forms pick in the grid network: grids, compounds, buildings and units, by name, each
following the one above it (``jilin_grid/pickers``). Buildings sort as people count them: 1号楼,
2号楼, … 10号楼."""

from __future__ import annotations

from django.db.models.functions import Length

from jilin_grid.pickers.registry import register_picker

BUILDING_ORDER = ("grid__code", "compound__name", Length("name"), "name")


def grid_label(grid) -> str:
    return f"{grid.community.name} · {grid.name}"


def compound_label(compound) -> str:
    return f"{compound.community.name} · {compound.name}"


def register() -> None:
    from .models import Building, Grid, ResidentialCompound, Unit

    register_picker(
        "grid",
        Grid,
        search=("name", "code", "community__name"),
        order=("code",),
        label=grid_label,
        related=("community",),
        filters={"community": "community_id"},
    )
    register_picker(
        "compound",
        ResidentialCompound,
        search=("name", "community__name"),
        order=("community__code", "name"),
        label=compound_label,
        related=("community",),
        filters={"grid": "community__grids", "community": "community_id"},
    )
    register_picker(
        "building",
        Building,
        search=("name", "compound__name"),
        order=BUILDING_ORDER,
        related=("compound",),
        filters={"grid": "grid_id", "compound": "compound_id"},
    )
    register_picker(
        "unit",
        Unit,
        search=("building__name",),
        order=("building_id", "number"),
        related=("building__compound",),
        filters={"building": "building_id", "grid": "building__grid_id"},
    )
