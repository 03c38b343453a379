"""run_portal: three real processes that start together and stop together."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
START_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())


@pytest.fixture
def portal(tmp_path):
    """Start run_portal on a free port with its own database and broker folders; answers (process, port)."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "JILIN_GRID_VAR_DIR": str(tmp_path / "var"),
        "CELERY_BROKER_URL": "filesystem://",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    log = (tmp_path / "portal.log").open("w+")
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", "run_portal", f"127.0.0.1:{port}", "--shutdown-timeout", "5"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and "The portal runs at" not in (tmp_path / "portal.log").read_text():
        assert process.poll() is None, (tmp_path / "portal.log").read_text()
        time.sleep(0.3)
    process.log_path = tmp_path / "portal.log"
    yield process, port
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log.close()


def _wait(process: subprocess.Popen) -> int:
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("run_portal did not stop within 30 s")


def test_portal_serves_and_ctrl_c_stops_all_three(portal):
    process, port = portal
    log = process.log_path.read_text()
    assert f"http://127.0.0.1:{port}/" in log
    assert "city, fengman, jiangnan, nanshan, gridworker, api, admin" in log
    children = _children(process.pid)
    assert len(children) == 3
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass

    process.send_signal(signal.SIGINT)

    assert _wait(process) == 0
    assert not [pid for pid in children if _alive(pid)]
    assert "All stopped." in process.log_path.read_text()


def test_when_the_worker_dies_the_others_stop_and_the_command_fails(portal):
    process, port = portal
    children = _children(process.pid)
    worker = next(pid for pid in children if b"worker" in Path(f"/proc/{pid}/cmdline").read_bytes())

    os.kill(worker, signal.SIGKILL)

    assert _wait(process) != 0
    assert not [pid for pid in children if _alive(pid)]
    assert "The worker process exited" in process.log_path.read_text()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
