"""Helpers of the tests that race two writers, each on its own database connection.

A race needs a database that runs transactions concurrently with row locks: PostgreSQL (SQLite
serializes writers on the whole file, so there is no race to lose there).
"""

from __future__ import annotations

import pytest
from django.db import connection

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serializes writers, so two writes cannot race (set DATABASE_URL)",
)


def another_backend_waits() -> bool:
    """Another backend waits for a lock held by this one (read live from pg_locks; pg_stat_activity
    would be a snapshot for the whole transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
        )
        return cursor.fetchone()[0] > 0
