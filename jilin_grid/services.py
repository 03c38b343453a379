"""Small helpers every app's services use.

Update services take one keyword-only parameter per field that may change, each defaulting to
``UNCHANGED``; ``model_update`` sets only the values given and saves the object validated.
"""

from __future__ import annotations

import enum
from typing import Any, Final

from django.db import models


class Unchanged(enum.Enum):
    """The type of ``UNCHANGED``, the default of an update service's parameters."""

    UNCHANGED = "UNCHANGED"

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Final = Unchanged.UNCHANGED
"""Leave the field as it is: the value of an update parameter the caller did not give."""


def save_validated(instance: models.Model, fields: dict[str, Any] | None = None) -> models.Model:
    """Set ``fields`` on ``instance``, validate it with full_clean() and save it."""
    for name, value in (fields or {}).items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


def model_update(instance: models.Model, **values: Any) -> models.Model:
    """Set the ``values`` that are not ``UNCHANGED`` on ``instance``, validate it with
    full_clean() and save it (even when nothing changed, so the rules are checked again).

    Every name must be a field of the model: a misspelt one raises FieldDoesNotExist instead of
    being set as a stray attribute.
    """
    for name in values:
        instance._meta.get_field(name)
    return save_validated(instance, {name: value for name, value in values.items() if value is not UNCHANGED})


def retire(instance: models.Model) -> models.Model:
    """Mark an object inactive; it stays in history and lists of retired objects."""
    instance.is_active = False
    instance.save(update_fields=["is_active", "updated_at"])
    return instance
