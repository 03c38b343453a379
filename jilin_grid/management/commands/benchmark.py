"""Time what the apps registered (jilin_grid/benchmarks.py) on one area of each level."""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jilin_grid.areas import area_get, first_leaf_code
from jilin_grid.benchmarks import benchmark_names, benchmark_suites
from jilin_grid.scope import ancestor_codes


class Command(BaseCommand):
    help = (
        "Time the figures of one area per level (or the codes given): for each registered suite "
        "(network: the organization-network selector, area page and statistics endpoint; volunteering: "
        "its selector, page and statistics endpoints), the query count and the timings. Read-only."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="Area codes (default: the city and one area of each level).")
        parser.add_argument("--repeat", type=int, default=7, help="Runs per measurement (default 7).")
        parser.add_argument(
            "--only", action="append", choices=benchmark_names(), help="Run only this suite (repeatable)."
        )

    def handle(self, *args, codes, repeat, only, **options):
        codes = codes or self.default_codes()
        if not codes:
            raise CommandError("No grid on record: seed the demo city first (python manage.py seed_demo).")
        suites = benchmark_suites(only)
        # A superuser that is never saved: the benchmark writes nothing.
        user = get_user_model()(username="benchmark", is_superuser=True, is_active=True)
        self.stdout.write(f"{'area':<28}{'suite':<14}{'what':<10}{'queries':>8}{'min ms':>9}{'median ms':>11}")
        for code in codes:
            area = area_get(code)
            if area is None:
                raise CommandError(f"No area has the code {code}.")
            label = f"{code} {area.name}"[:27]
            for name, suite in suites.items():
                for what, run in suite(code, user).items():
                    queries, timings = self.measure(run, repeat)
                    self.stdout.write(
                        f"{label:<28}{name:<14}{what:<10}{queries:>8}"
                        f"{min(timings):>9.1f}{statistics.median(timings):>11.1f}"
                    )

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
