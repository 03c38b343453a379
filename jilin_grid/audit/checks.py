"""System check: the audit trail is kept at least six months (the Cybersecurity Law, Art. 21)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

MIN_RETENTION_DAYS = 180


def retention_days() -> int:
    """``AUDIT_RETENTION_DAYS``, never less than 180: a shorter setting is refused (see the check) and 180 used."""
    return max(int(getattr(settings, "AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)), MIN_RETENTION_DAYS)


def check_retention(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    days = int(getattr(settings, "AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS))
    if days < MIN_RETENTION_DAYS:
        return [
            checks.Warning(
                f"AUDIT_RETENTION_DAYS is {days}: audit entries must be kept at least {MIN_RETENTION_DAYS} days "
                f"(six months), so {MIN_RETENTION_DAYS} is used.",
                hint=f"Set AUDIT_RETENTION_DAYS to {MIN_RETENTION_DAYS} or more.",
                id="jilin_grid.W101",
            )
        ]
    return []


def register() -> None:
    checks.register(check_retention, checks.Tags.security)
