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


def race(writes: list, *, wait_for_the_other: float = 10.0) -> dict:
    """Run each of ``writes`` (callables) in its own thread, connection and transaction, released
    together by a barrier.

    A write that succeeds keeps its transaction open until it sees another backend blocked on
    its locks (or ``wait_for_the_other`` seconds pass), so the writes truly overlap; then it
    commits and the other goes on. Answers ``results`` (what the writes returned), ``refusals``
    (the messages of a ValidationError), ``errors`` (anything else, as text) and ``saw_a_wait``.
    """
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connections, transaction

    barrier = threading.Barrier(len(writes))
    outcome: dict = {"results": [], "refusals": [], "errors": [], "saw_a_wait": False}
    lock = threading.Lock()

    def run(write) -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                try:
                    result = write()
                except ValidationError as error:
                    with lock:
                        outcome["refusals"].append(" ".join(error.messages))
                    return
                waited = 0.0
                while waited < wait_for_the_other and not another_backend_waits():
                    threading.Event().wait(0.05)
                    waited += 0.05
                with lock:
                    outcome["results"].append(result)
                    outcome["saw_a_wait"] |= waited < wait_for_the_other
        except Exception as error:  # reported to the test's thread
            with lock:
                outcome["errors"].append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(write,)) for write in writes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcome
