"""benchmark --load: a smoke run against a tiny city, as an operator runs it (a process of its own
against the database, gunicorn started and stopped by the command). A benchmark, not a timed
test: it checks that every endpoint was driven and answered, never how fast."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from grids.tests.factories import GridFactory, GridWorkerFactory
from jilin_grid import loadbench
from tests.processes import database_url

pytestmark = pytest.mark.django_db(transaction=True)


def database_for_another_process(tmp_path) -> str:
    """A DATABASE_URL another process can open holding this test's rows: the test database itself
    on PostgreSQL, a file copy of the in-memory one on SQLite."""
    if connection.vendor == "sqlite":
        target = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{target}"
    return database_url()


def table(output: str) -> dict[str, list[float]]:
    """The rows of the printed table by endpoint name: requests, req/s, p50, p99, errors."""
    lines = output.splitlines()
    header = next(index for index, line in enumerate(lines) if line.startswith("endpoint"))
    assert lines[header].split() == ["endpoint", "requests", "req/s", "p50", "ms", "p99", "ms", "errors"]
    rows = {}
    for line in lines[header + 1 :]:
        name, *figures = line.rsplit(None, 5)
        rows[name] = [float(figure) for figure in figures]
    return rows


def test_load_run_drives_every_endpoint_without_errors_and_leaves_nothing(tmp_path):
    grid = GridFactory()
    GridWorkerFactory(grid=grid)
    url = database_for_another_process(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "JILIN_GRID_VAR_DIR": str(tmp_path / "var"), "PYTHONUNBUFFERED": "1"}

    finished = subprocess.run(
        [sys.executable, "manage.py", "benchmark", "--load", "--duration", "1", "--concurrency", "2"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "API throttles raised for the benchmark" in finished.stdout
    rows = table(finished.stdout)
    expected = set(loadbench.endpoints(settings.CITY_CODE))
    assert set(rows) == expected, finished.stdout
    assert {"/stats/organization-network/", "/districts/", "login page", "grid list page"} <= expected
    for name, (requests, per_second, _p50, _p99, errors) in rows.items():
        assert requests > 0 and per_second > 0, (name, finished.stdout, finished.stderr)
        assert errors == 0, (name, finished.stdout, finished.stderr)
    # The throwaway accounts are gone, and no gunicorn is left behind on the port it used.
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "db.sqlite3") as copy:
            users = copy.execute("SELECT username FROM auth_user WHERE username LIKE 'load-benchmark-%'").fetchall()
        copy.close()
    else:
        from django.contrib.auth import get_user_model

        users = list(get_user_model().objects.filter(username__startswith="load-benchmark-"))
    assert users == []
