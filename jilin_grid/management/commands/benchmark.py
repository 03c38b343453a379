"""Time what the apps registered (jilin_grid/benchmarks.py) on one area of each level; with
``--load``, drive the portal under gunicorn on the loopback (jilin_grid/loadbench.py)."""

import contextlib
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jilin_grid import loadbench
from jilin_grid.areas import area_get, first_leaf_code
from jilin_grid.benchmarks import benchmark_names, benchmark_suites
from jilin_grid.scope import ancestor_codes


class Command(BaseCommand):
    help = (
        "Time the figures of one area per level (or the codes given): for each registered suite "
        "(network: the organization-network selector, area page and statistics endpoint; volunteering: "
        "its selector, page and statistics endpoints; problems, alliances and projects: their selector "
        "and statistics endpoint), the query count and the timings. Read-only. "
        "With --load: start gunicorn on a free port of 127.0.0.1 against this database, sign in "
        "throwaway city-level accounts (removed afterwards) and drive every statistics endpoint of the "
        "city, two API lists, the login page and signed-in pages, each for --duration seconds at "
        "--concurrency requests at a time; prints requests/s, p50 and p99 and errors per endpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="Area codes (default: the city and one area of each level).")
        parser.add_argument("--repeat", type=int, default=7, help="Runs per measurement (default 7).")
        parser.add_argument(
            "--only", action="append", choices=benchmark_names(), help="Run only this suite (repeatable)."
        )
        load = parser.add_argument_group("load benchmark")
        load.add_argument("--load", action="store_true", help="Drive the portal under gunicorn instead.")
        load.add_argument("--duration", type=float, default=10.0, help="Seconds per endpoint (default 10).")
        load.add_argument("--concurrency", type=int, default=8, help="Requests at a time (default 8).")
        load.add_argument("--workers", type=int, default=2, help="Gunicorn workers (default 2).")
        load.add_argument(
            "--rounds", type=int, default=1, help="Runs of each endpoint; the medians are printed (default 1)."
        )
        load.add_argument(
            "--compare",
            metavar="VARIABLE=VALUE",
            help="Also start a server with this environment variable changed (e.g. DB_CONN_MAX_AGE=0) and drive "
            "both, endpoint by endpoint and round by round, so both see the same noise.",
        )
        load.add_argument(
            "--endpoint", action="append", help="Drive only the endpoints whose name contains this (repeatable)."
        )

    def handle(self, *args, codes, repeat, only, load, **options):
        if load:
            self.load(**options)
            return
        codes = codes or self.default_codes()
        if not codes:
            raise CommandError("No grid on record: seed the demo city first (python manage.py seed_demo).")
        suites = benchmark_suites(only)
        # A superuser that is never saved: the benchmark writes nothing. Its id, 0, names no row,
        # so a page's "mine" lists nothing.
        user = get_user_model()(pk=0, username="benchmark", is_superuser=True, is_active=True)
        runs = []
        for code in codes:
            area = area_get(code)
            if area is None:
                raise CommandError(f"No area has the code {code}.")
            label = f"{code} {area.name}"[:27]
            for name, suite in suites.items():
                runs.extend((label, name, what, run) for what, run in suite(code, user).items())
        # The column of what is timed is as wide as its longest entry (a page's or endpoint's path).
        width = max([10, *(len(what) + 2 for _label, _name, what, _run in runs)])
        self.stdout.write(f"{'area':<28}{'suite':<14}{'what':<{width}}{'queries':>8}{'min ms':>9}{'median ms':>11}")
        for label, name, what, run in runs:
            queries, timings = self.measure(run, repeat)
            self.stdout.write(
                f"{label:<28}{name:<14}{what:<{width}}{queries:>8}"
                f"{min(timings):>9.1f}{statistics.median(timings):>11.1f}"
            )

    def load(
        self,
        *,
        duration: float,
        concurrency: int,
        workers: int,
        endpoint: list[str] | None,
        rounds: int,
        compare: str | None,
        **options,
    ):
        if duration <= 0 or concurrency < 1 or workers < 1 or rounds < 1:
            raise CommandError("--duration must be positive, --concurrency, --workers and --rounds at least 1.")
        city = settings.CITY_CODE
        driven = {
            name: target
            for name, target in loadbench.endpoints(city).items()
            if not endpoint or any(part in name for part in endpoint)
        }
        if not driven:
            raise CommandError("No endpoint matches --endpoint.")
        variants = {"": {}}
        if compare:
            variable, equals, value = compare.partition("=")
            if not equals or not variable:
                raise CommandError("--compare takes VARIABLE=VALUE, e.g. DB_CONN_MAX_AGE=0.")
            variants[compare] = {variable: value}
        database = settings.DATABASES["default"]
        self.stdout.write(
            f"gunicorn: {workers} sync workers on 127.0.0.1; {concurrency} requests at a time, {duration:g} s "
            f"per endpoint, {rounds} round(s); database {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']} "
            f"(CONN_MAX_AGE {database['CONN_MAX_AGE']}); DEBUG {loadbench.server_debug()}"
            + (f"; against a second server with {compare}, endpoint by endpoint" if compare else "")
            + "."
        )
        self.stdout.write(
            "API throttles raised for the benchmark's servers only: "
            + ", ".join(f"{key}={value}" for key, value in loadbench.THROTTLE_ENVIRONMENT.items())
            + "."
        )
        with contextlib.ExitStack() as stack:
            accounts, password = stack.enter_context(loadbench.benchmark_accounts(city))
            clients = {}
            for label, environment in variants.items():
                server = stack.enter_context(loadbench.Server(workers=workers, environment=environment))
                clients[label] = loadbench.Client(server.port)
            # One session serves both servers: they share the database.
            clients[""].sign_in(accounts, password)
            self.stdout.write(f"{'endpoint':<52}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
            for name, target in driven.items():
                results = {label: [] for label in variants}
                for _round in range(rounds):
                    for label, client in clients.items():
                        results[label].append(
                            loadbench.drive(
                                client, target, accounts, name=name, concurrency=concurrency, seconds=duration
                            )
                        )
                for label, measured in results.items():
                    self.write_row(f"{name} [{label}]" if label else name, measured)

    def write_row(self, name: str, measured: list) -> None:
        """One row: requests and errors of every round, the median round's rate and percentiles."""
        requests = sum(result.requests for result in measured)
        errors = sum(result.errors for result in measured)
        per_second = statistics.median(result.per_second for result in measured)
        p50 = statistics.median(result.percentile(0.5) for result in measured)
        p99 = statistics.median(result.percentile(0.99) for result in measured)
        self.stdout.write(f"{name:<52}{requests:>9}{per_second:>9.1f}{p50:>9.1f}{p99:>9.1f}{errors:>8}")
        for result in measured:
            if result.first_error:
                self.stderr.write(f"  {name}: first error: {result.first_error}")
                break

    def default_codes(self) -> list[str]:
        grid = first_leaf_code()
        if grid is None:
            return []
        return [*ancestor_codes(grid), grid]

    @staticmethod
    def measure(run, repeat: int) -> tuple[int, list[float]]:
        run()  # warm up caches and connections
        timings = []
        queries = 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                run()
                timings.append((time.perf_counter() - started) * 1000)
            queries = len(captured.captured_queries)
        return queries, timings
