"""Small helpers every app's services use."""

from __future__ import annotations

from typing import Any

from django.db import models


def save_validated(instance: models.Model, fields: dict[str, Any] | None = None) -> models.Model:
    """Set ``fields`` on ``instance``, validate it with full_clean() and save it."""
    for name, value in (fields or {}).items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


def retire(instance: models.Model) -> models.Model:
    """Mark an object inactive; it stays in history and lists of retired objects."""
    instance.is_active = False
    instance.save(update_fields=["is_active", "updated_at"])
    return instance
