"""Run the whole portal on one machine: Django's server, a Celery worker and celery beat.

Each runs as a child process in its own process group. Ctrl-C (or SIGTERM) stops them all:
SIGTERM to each group, then SIGKILL to whatever is still running after ``--shutdown-timeout``.
If one child dies on its own, the others are stopped and the command exits non-zero, so a
portal whose worker has crashed never goes on looking healthy.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

POLL_SECONDS = 0.3
ANNOUNCE_AFTER_SECONDS = 3.0


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None


def _die_with_parent() -> None:
    """In the child, before exec: start a new session and ask Linux to end it with its parent."""
    os.setsid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
        except OSError:
            pass


def _unspecified(address: str) -> bool:
    """True for the address meaning "every interface" (0.0.0.0 or ::)."""
    try:
        return ipaddress.ip_address(address).is_unspecified
    except ValueError:
        return False  # a host name


def _listening(host: str) -> bool:
    """True once the web server accepts connections on ``host`` (``address:port``)."""
    address, _, port = host.rpartition(":")
    address = address.strip("[]") or "127.0.0.1"
    if _unspecified(address):  # a server listening everywhere is reached through the loopback address
        address = "127.0.0.1"
    try:
        with socket.create_connection((address, int(port)), timeout=0.2):
            return True
    except (OSError, ValueError):
        return False


class Stop(Exception):
    """Raised from the signal handler: the user asked the portal to stop."""


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and celery beat together; Ctrl-C stops all three."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="Address of the web server.")
        parser.add_argument(
            "--pool",
            choices=["solo", "threads"],
            default="solo",
            help="Celery worker pool (both work with the file-system broker).",
        )
        parser.add_argument("--no-beat", action="store_true", help="Do not start celery beat.")
        parser.add_argument(
            "--shutdown-timeout",
            type=float,
            default=10.0,
            help="Seconds to wait after SIGTERM before SIGKILL.",
        )

    def handle(self, *args, **options):
        addrport = options["addrport"]
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        celery = [python, "-m", "celery", "-A", "jilin_grid"]
        schedule = str(settings.CELERY_BEAT_SCHEDULE_FILENAME)
        os.makedirs(os.path.dirname(schedule), exist_ok=True)
        children = [
            Child("web", [python, manage, "runserver", addrport, "--noreload"]),
            Child(
                "worker",
                [
                    *celery,
                    "worker",
                    f"--pool={options['pool']}",
                    "--concurrency=1",
                    "-l",
                    "info",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
            ),
        ]
        if not options["no_beat"]:
            children.append(Child("beat", [*celery, "beat", "-s", schedule, "-l", "info"]))

        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

        def request_stop(signum, frame):
            raise Stop(signal.Signals(signum).name)

        for sig in previous:
            signal.signal(sig, request_stop)
        failed: Child | None = None
        try:
            for child in children:
                child.process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                    child.argv, cwd=settings.BASE_DIR, preexec_fn=_die_with_parent
                )
            host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
            announced = False
            started = time.monotonic()
            while failed is None:
                time.sleep(POLL_SECONDS)
                failed = next((c for c in children if c.process.poll() is not None), None)
                # Once the server answers and the worker has printed its banner, so this one stays in view.
                settled = time.monotonic() - started > ANNOUNCE_AFTER_SECONDS
                if not announced and failed is None and settled and _listening(host):
                    announced = True
                    self._announce(host)
        except Stop as stop:
            self.stdout.write(f"\nReceived {stop}; stopping the web server, the worker and beat.")
        finally:
            # A second Ctrl-C must not interrupt the shutdown half-way.
            for sig in previous:
                signal.signal(sig, signal.SIG_IGN)
            self._stop_all(children, options["shutdown_timeout"])
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if failed is not None:
            raise CommandError(
                f"The {failed.name} process exited with code {failed.process.returncode}; "
                "the other processes were stopped. See its output above."
            )
        self.stdout.write("All stopped.")

    def _announce(self, host: str) -> None:
        broker = settings.CELERY_BROKER_URL.split("@")[-1]
        self.stdout.write(
            self.style.SUCCESS(f"\nThe portal runs at http://{host}/  (API docs: http://{host}/api/docs/)")
        )
        self.stdout.write(
            f"A Celery worker and celery beat run beside it on {broker}.\n"
            "Demo accounts: city, fengman, jiangnan, nanshan, gridworker, api, admin; their password is the "
            "one seed_demo printed (and the token of api).\n"
            "Press Ctrl-C to stop all three.\n"
        )

    def _stop_all(self, children: list[Child], timeout: float) -> None:
        running = [c for c in children if c.process is not None and c.process.poll() is None]
        for child in running:
            self._signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in running:
            try:
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"The {child.name} process did not stop in {timeout:g} s; killing it.")
                self._signal_group(child, signal.SIGKILL)
                child.process.wait()
        # Whatever a child left behind in its group (runserver's or celery's own children).
        for child in children:
            if child.process is not None:
                self._signal_group(child, signal.SIGKILL)

    @staticmethod
    def _signal_group(child: Child, sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.process.pid, sig)
