"""The shared layer's admin: the audit trail and the kept counts' drift, read only."""

from jilin_grid.audit import admin as audit_admin  # noqa: F401
from jilin_grid.counts import admin as counts_admin  # noqa: F401
