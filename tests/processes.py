"""Real processes and services for the tests that need them (`.ci/run` only): Celery workers and
beats on the database pytest-django created, the portal under gunicorn, and stopping and starting
Redis and PostgreSQL with the commands of the machines' services.

Each process runs in its own process group and logs to a file; stopping it stops the group.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from jilin_grid.loadbench import free_port, gunicorn_command

BASE_DIR = Path(__file__).resolve().parent.parent
START_SECONDS = 60


def database_url() -> str:
    """The URL of the database this test uses (test_<NAME>), for other processes."""
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def wait_until(condition, seconds: float, step: float = 0.2):
    """Call ``condition`` until it answers something true or the time is up; answers its last answer."""
    deadline = time.monotonic() + seconds
    while True:
        answer = condition()
        if answer or time.monotonic() >= deadline:
            return answer
        time.sleep(step)


class Process:
    """A process of the portal's (worker, beat, gunicorn) in its own process group, logging to a file."""

    ready_text = ""

    def __init__(self, command: list[str], log: Path, **environment: str):
        self.log = log
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DB_CONN_MAX_AGE": "0",  # no connection left open, so the test database can be dropped
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **environment,
        }
        env.pop("CELERY_WORKER_RUNNING", None)
        with log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed command line)
                command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self) -> None:
        wait_until(lambda: self.ready_text in self.text() or self.process.poll() is not None, START_SECONDS)
        if self.ready_text in self.text():
            return
        pytest.fail(f"{self.log.name}: the process did not start:\n{self.text()}")

    def kill(self) -> None:
        """SIGKILL the whole process group, as when a machine or container dies."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
        except ProcessLookupError:
            pass


CELERY = [sys.executable, "-m", "celery"]


class Worker(Process):
    """A Celery worker (the deployment's prefork pool: the time limits apply) consuming one queue,
    started by ``program`` (celery itself, or a wrapper that takes celery's arguments)."""

    ready_text = "ready."

    def __init__(self, name: str, queue: str, log: Path, *, program: list[str] = CELERY, **environment: str):
        arguments = [
            "-A", "jilin_grid", "worker", "--pool=prefork", "--concurrency=1", "-Q", queue, "-n", f"{name}@%h",
            "-l", "info", "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        super().__init__([*program, *arguments], log, REPORT_QUEUE=queue, **environment)


class Beat(Process):
    """A celery beat with a schedule file of its own, sending the report tasks to one queue."""

    ready_text = "beat: Starting..."

    def __init__(self, queue: str, log: Path, schedule: Path, **environment: str):
        super().__init__(
            [*CELERY, "-A", "jilin_grid", "beat", "-l", "info", "-s", str(schedule)],
            log,
            REPORT_QUEUE=queue,
            **environment,
        )


class Gunicorn(Process):
    """The portal under gunicorn, as the deployment runs it, on a free port of the loopback."""

    def __init__(self, log: Path, *, workers: int = 2, **environment: str):
        self.port = free_port()
        self.ready_text = f"Listening at: http://127.0.0.1:{self.port}"
        super().__init__(gunicorn_command(f"127.0.0.1:{self.port}", workers), log, **environment)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


# The services, stopped and started as the machines' services are (../shared/SERVICES.md).


def run(*command: str, check: bool = False) -> subprocess.CompletedProcess:
    """Run a program of the machine's, found on PATH."""
    program = shutil.which(command[0]) or command[0]
    return subprocess.run([program, *command[1:]], capture_output=True, check=check)  # noqa: S603 (fixed commands)


def redis_answers() -> bool:
    return run("redis-cli", "-h", "127.0.0.1", "ping").returncode == 0


def redis_stop() -> None:
    run("redis-cli", "-h", "127.0.0.1", "shutdown", "nosave")
    assert wait_until(lambda: not redis_answers(), 20), "Redis did not stop"


def redis_start() -> None:
    Path("/var/lib/redis").mkdir(parents=True, exist_ok=True)
    Path("/var/log/redis").mkdir(parents=True, exist_ok=True)
    run("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "",
        "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log", check=True)  # fmt: skip
    assert wait_until(redis_answers, 30), "Redis did not start"


def postgres_answers() -> bool:
    return run("pg_isready", "-h", "127.0.0.1", "-q").returncode == 0


def postgres_restart() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    run("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", check=True)
    assert wait_until(postgres_answers, 60), "PostgreSQL did not come back"
