"""Checks that every row sits where its parents say it does, for the tests of moves.

``place_drift()`` walks every concrete model with a derived area code and every registered
dependent (``jilin_grid.models.AREA_DEPENDENTS``) and answers the rows that disagree with their
parent: a stored area code other than the derived one, or a followed place field (a chief's grid,
a problem's compound) other than its parent's, or a held code (who holds a problem) not above
the row's area. It reads row by row and is meant for test data.
"""

from __future__ import annotations

from django.apps import apps

from jilin_grid.models import AREA_DEPENDENTS, AreaCodeModel


def _parent(row, path: str):
    for name in path.split("__"):
        row = getattr(row, name)
        if row is None:
            return None
    return row


def place_drift() -> list[str]:
    """One line per row out of place, e.g. ``grids.unit #4: area code 220202001001001, derived 220202001002``."""
    drift = []
    for model in apps.get_models():
        if not issubclass(model, AreaCodeModel):
            continue
        for row in model._base_manager.all():
            derived = row.derive_area_code()
            if row.area_code != derived:
                drift.append(f"{model._meta.label_lower} #{row.pk}: area code {row.area_code}, derived {derived}")
    for dependents in AREA_DEPENDENTS.values():
        for dependent in dependents:
            for row in dependent.model._base_manager.all():
                parent = _parent(row, dependent.via)
                if parent is None:
                    continue
                label = f"{dependent.model._meta.label_lower} #{row.pk} via {dependent.via}"
                if row.area_code != parent.area_code:
                    drift.append(f"{label}: area code {row.area_code}, parent's {parent.area_code}")
                for field in dependent.codes:
                    if not row.area_code.startswith(getattr(row, field)):
                        drift.append(f"{label}: {field} {getattr(row, field)} is not above {row.area_code}")
                for child_field, parent_field in dependent.follow:
                    mine, theirs = getattr(row, f"{child_field}_id"), getattr(parent, f"{parent_field}_id")
                    if mine is not None and mine != theirs:
                        drift.append(f"{label}: {child_field} {mine}, parent's {theirs}")
    return drift
