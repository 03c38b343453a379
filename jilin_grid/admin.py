"""The shared layer's admin: the audit trail, read only."""

from jilin_grid.audit import admin as audit_admin  # noqa: F401
