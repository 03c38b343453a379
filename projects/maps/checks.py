"""The system check of the ten-minute walk (``manage.py check``)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error

from .selectors import DEFAULT_WALK_METRES, WALK_RANGE, configured_walk


def walk_setting_check(app_configs=None, **kwargs) -> list[Error]:
    """``TEN_MINUTE_WALK_METRES`` must be a number of metres a walk of ten minutes can cover."""
    if configured_walk() is not None:
        return []
    return [
        Error(
            "TEN_MINUTE_WALK_METRES 应为 100 到 5000 之间的米数。 / TEN_MINUTE_WALK_METRES must be a number of "
            f"metres from {WALK_RANGE[0]:.0f} to {WALK_RANGE[1]:.0f}: {settings.TEN_MINUTE_WALK_METRES!r}.",
            hint=f"{DEFAULT_WALK_METRES:.0f} m is used until it is set right (about ten minutes' walk).",
            id="maps.E001",
        )
    ]
