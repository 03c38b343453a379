"""Which model holds the areas of each code length, so any app can check that a code exists.

Each app registers its own area models when it is ready (communities: city to community;
grids: grid), so a lower app can validate a grid's code without importing the grids app.
"""

from __future__ import annotations

from django.db import models

_MODELS_BY_LENGTH: dict[int, type[models.Model]] = {}


def register_area_model(model: type[models.Model], code_length: int) -> None:
    _MODELS_BY_LENGTH[code_length] = model


def area_exists(code: str) -> bool:
    """True when ``code`` is the code of a city, district, street, community or grid on record."""
    model = _MODELS_BY_LENGTH.get(len(code or ""))
    return model is not None and model._default_manager.filter(code=code).exists()


def child_area_model(code: str) -> type[models.Model] | None:
    """The model holding the direct children of the area ``code`` (None below the grids)."""
    longer = sorted(length for length in _MODELS_BY_LENGTH if length > len(code))
    return _MODELS_BY_LENGTH[longer[0]] if longer else None
