"""The load benchmark (``manage.py benchmark --load``): the portal under gunicorn as it is deployed,
driven on the loopback at a fixed concurrency for a fixed time per endpoint.

It starts gunicorn (sync workers, as the Dockerfile runs it) on a free port of 127.0.0.1 against the
database of the current settings, signs in a throwaway city-level account (a read-only API client
with a token for the API, a city organization department with a session for the pages), drives
each endpoint in turn and answers one row per endpoint: requests, requests/s, p50 and p99 in ms,
errors. The accounts and their session are removed and gunicorn's process group is stopped
whatever happens.

Why a small driver of its own rather than locust: locust runs on gevent, which must monkey-patch
the process before anything else is imported, something a Django management command that already
holds database connections cannot do; it would add gevent, greenlet, Flask and a dozen more
packages for 150 lines, and its percentiles are rounded buckets. Here each of ``concurrency``
threads holds one ``http.client`` connection and sends the next request when the last answer has
been read, the way ``wrk -c`` does; the time of a request runs from sending it to the last byte of
the answer, and includes connecting again when the server closed the connection (gunicorn's sync
workers close after every answer, so a real client pays that too). The threads share the GIL, but
a request costs the client well under a millisecond of CPU while the server spends several, so the
client is not what limits the figures; it does share the machine's cores with the server, as any
load tool on the same machine would.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from jilin_grid.api.tokens import issue_token

from .scope import API_READER, CITY_ORG_DEPT

# The benchmark's server runs with the API throttles raised to these rates (settings read them
# from the environment): at 1,200 requests a minute per account the throttle, not the portal,
# would be measured.
UNTHROTTLED_RATE = "1000000/s"
THROTTLE_ENVIRONMENT = {"API_USER_RATE": UNTHROTTLED_RATE, "API_ANON_RATE": UNTHROTTLED_RATE}
START_SECONDS = 60
STOP_SECONDS = 20


def server_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The benchmark server's environment: this one, the throttles raised, and DEBUG off unless the
    operator set it (as deployed: DEBUG records every query and would be measured too)."""
    return {**os.environ, "DEBUG": os.environ.get("DEBUG", "0"), **THROTTLE_ENVIRONMENT, **(extra or {})}


def server_debug() -> str:
    return "on" if server_environment()["DEBUG"].strip().lower() in {"1", "true", "yes", "on"} else "off"


def gunicorn_command(bind: str, workers: int) -> list[str]:
    """Gunicorn as the Dockerfile and docker-compose run it (sync workers, 60 s timeout, access log
    to standard output), on ``bind`` with ``workers`` workers."""
    return [
        sys.executable, "-m", "gunicorn", "jilin_grid.wsgi:application", "--bind", bind,
        "--workers", str(workers), "--timeout", "60", "--access-logfile", "-",
    ]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """Gunicorn on a free port of the loopback, in a process group of its own, logging to a file.

    Use it as a context manager: leaving it stops the whole group (SIGTERM, then SIGKILL after
    ``STOP_SECONDS``), however the block ends.
    """

    def __init__(self, *, workers: int, environment: dict[str, str] | None = None, log: Path | None = None):
        self.workers = workers
        self.port = free_port()
        self.environment = server_environment(environment)
        self.log = log or Path(tempfile.mkstemp(prefix="load-benchmark-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed command line)
                gunicorn_command(f"127.0.0.1:{self.port}", self.workers),
                cwd=settings.BASE_DIR,
                env=self.environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self) -> None:
        """Until every worker has booted and the port answers; RuntimeError with the log otherwise."""
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if self.text().count("Booting worker") >= self.workers and self.answers():
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start (log {self.log}):\n{self.text()[-3000:]}")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_SECONDS)
        except ProcessLookupError:
            pass


# What is driven.


@dataclass(frozen=True)
class Endpoint:
    """One address to drive: ``auth`` is "token" (the API client), "session" (a signed-in page) or
    "" (anonymous); any other status than ``expect`` counts as an error."""

    path: str
    auth: str = ""
    expect: int = 200


def stats_paths() -> list[str]:
    """Every ``/api/stats/...`` endpoint of the URLconf (an app's new one is driven without a line here)."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/stats/") and "<" not in route:
                found.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def endpoints(city_code: str) -> dict[str, Endpoint]:
    """The endpoints of a load run, by the name printed: the statistics of the whole city, a small
    and a larger list, the login page, and signed-in pages (the home redirect and the city's page)."""
    area = urlencode({"area": city_code})
    driven = {path.removeprefix("/api"): Endpoint(f"{path}?{area}", "token") for path in stats_paths()}
    driven.update(
        {
            "/districts/": Endpoint("/api/districts/", "token"),
            "/grids/?page_size=50": Endpoint("/api/grids/?page_size=50", "token"),
            "login page": Endpoint("/login/"),
            "home (redirect)": Endpoint("/", "session", expect=302),
            f"area page {city_code}": Endpoint(f"/areas/{city_code}/", "session"),
            "grid list page": Endpoint("/grids/", "session"),
        }
    )
    return driven


# The accounts it signs in with.


def api_token(user) -> str:
    """A new API token of ``user``, in the form the API's ``Authorization: Token <key>`` takes (it
    goes with the throwaway account)."""
    return issue_token(user=user, label="load benchmark")


@dataclass
class Accounts:
    """The benchmark's throwaway accounts: an API client's token and a signed-in session's cookie."""

    token: str = ""
    session_cookie: str = ""
    users: list = field(default_factory=list)


@contextlib.contextmanager
def benchmark_accounts(city_code: str) -> Iterator[tuple[Accounts, str]]:
    """Two throwaway users granted the whole city (a read-only API client, a city organization
    department), with a random password; answers (accounts, password) and deletes them afterwards.
    The grants go through the users' ``area_grants`` relation, as the scope rule reads them (the
    shared layer imports no app)."""
    User = get_user_model()
    password = secrets.token_urlsafe(24) + "aA1!"
    suffix = secrets.token_hex(4)
    accounts = Accounts()
    try:
        for kind, role in (("api", API_READER), ("city", CITY_ORG_DEPT)):
            user = User.objects.create_user(username=f"load-benchmark-{kind}-{suffix}", password=password)
            accounts.users.append(user)
            user.area_grants.create(area_code=city_code, role=role)
        accounts.token = api_token(accounts.users[0])
        yield accounts, password
    finally:
        if accounts.session_cookie:
            engine = import_module(settings.SESSION_ENGINE)
            engine.SessionStore(session_key=accounts.session_cookie).delete()
        for user in accounts.users:
            user.delete()


# The client.


class Client:
    """What the driver sends: the Host the portal answers to, and in production the headers a
    TLS-terminating proxy adds (the settings trust X-Forwarded-Proto there), so nothing redirects."""

    def __init__(self, port: int):
        self.port = port
        hosts = [host for host in settings.ALLOWED_HOSTS if host and "*" not in host and not host.startswith(".")]
        self.host = "127.0.0.1" if not hosts or "127.0.0.1" in hosts else hosts[0]
        self.scheme = "https" if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) else "http"
        self.base_headers = {"Host": self.host, "Accept-Language": settings.LANGUAGE_CODE}
        if self.scheme == "https":
            self.base_headers["X-Forwarded-Proto"] = "https"

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def headers(self, endpoint: Endpoint, accounts: Accounts) -> dict[str, str]:
        headers = dict(self.base_headers)
        if endpoint.auth == "token":
            headers["Authorization"] = f"Token {accounts.token}"
        elif endpoint.auth == "session":
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={accounts.session_cookie}"
        return headers

    def sign_in(self, accounts: Accounts, password: str) -> None:
        """Sign the city account in through the login page, as a browser does; keeps its session cookie."""
        connection = self.connection()
        try:
            connection.request("GET", "/login/", headers=self.base_headers)
            page = connection.getresponse()
            body = page.read().decode(errors="replace")
            csrf = _cookie(page, settings.CSRF_COOKIE_NAME)
            field_value = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
            if page.status != 200 or not csrf or not field_value:
                raise RuntimeError(f"The login page answered {page.status} without a CSRF token.")
            form = urlencode(
                {"username": accounts.users[1].username, "password": password, "csrfmiddlewaretoken": field_value[1]}
            )
            headers = {
                **self.base_headers,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"{settings.CSRF_COOKIE_NAME}={csrf}",
                "Origin": f"{self.scheme}://{self.host}",
                "Referer": f"{self.scheme}://{self.host}/login/",
            }
            connection.request("POST", "/login/", body=form, headers=headers)
            answer = connection.getresponse()
            answer.read()
            session = _cookie(answer, settings.SESSION_COOKIE_NAME)
            if answer.status != 302 or not session:
                raise RuntimeError(f"Signing in answered {answer.status}, not a redirect with a session.")
            accounts.session_cookie = session
        finally:
            connection.close()


def _cookie(response: http.client.HTTPResponse, name: str) -> str:
    for header in response.headers.get_all("Set-Cookie") or []:
        key, _, rest = header.partition("=")
        if key.strip() == name:
            return rest.split(";", 1)[0]
    return ""


@dataclass
class Result:
    """What one endpoint's run measured."""

    name: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    first_error: str = ""

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """Nearest rank: the smallest time at or below which ``share`` of the requests finished."""
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def drive(
    client: Client, endpoint: Endpoint, accounts: Accounts, *, name: str, concurrency: int, seconds: float
) -> Result:
    """``concurrency`` threads sending ``endpoint`` back to back for ``seconds`` (after a short warm-up
    of a few requests each, so no worker's first request, loading templates and code, is counted)."""
    headers = client.headers(endpoint, accounts)
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    window: dict[str, float] = {}

    def open_window() -> None:
        # Run once, when every thread has warmed up: the measured window starts for all at once.
        window["began"] = time.perf_counter()
        window["end"] = window["began"] + seconds

    start = threading.Barrier(concurrency, action=open_window)

    def one(connection: http.client.HTTPConnection) -> tuple[http.client.HTTPConnection, float, str]:
        began = time.perf_counter()
        try:
            connection.request("GET", endpoint.path, headers=headers)
            response = connection.getresponse()
            response.read()
            problem = "" if response.status == endpoint.expect else f"{response.status} on {endpoint.path}"
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            connection = client.connection()
            problem = f"{type(error).__name__}: {error}"
        return connection, (time.perf_counter() - began) * 1000, problem

    def run() -> None:
        connection = client.connection()
        mine: list[float] = []
        my_errors: list[str] = []
        try:
            for _ in range(3):
                connection, _elapsed, _problem = one(connection)
        finally:
            start.wait()  # however slow the warm-up: a slow endpoint is measured, not skipped
        deadline = window["end"]
        while time.perf_counter() < deadline:
            connection, elapsed, problem = one(connection)
            if problem:
                my_errors.append(problem)
            else:
                mine.append(elapsed)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors.extend(my_errors)

    threads = [threading.Thread(target=run, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():  # in short waits: Ctrl-C reaches the command, which stops the servers
            thread.join(0.5)
    elapsed = time.perf_counter() - window["began"]
    return Result(name, len(latencies), elapsed, latencies, len(errors), errors[0] if errors else "")
