"""Time the organization-network figures, the area page and the statistics endpoint."""

import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from grids.api.views import OrganizationNetworkView
from grids.models import Grid
from grids.selectors import area_get, organization_network
from grids.views import AreaDetailView


class Command(BaseCommand):
    help = (
        "Time the organization-network figures of one area per level (or the codes given): the selector, "
        "the area page and GET /api/stats/organization-network/, with their query counts. Read-only."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="Area codes (default: the city and one area of each level).")
        parser.add_argument("--repeat", type=int, default=7, help="Runs per measurement (default 7).")

    def handle(self, *args, codes, repeat, **options):
        codes = codes or self.default_codes()
        if not codes:
            raise CommandError("No grid on record: seed the demo city first (python manage.py seed_demo).")
        # A superuser that is never saved: the benchmark writes nothing.
        user = get_user_model()(username="benchmark", is_superuser=True, is_active=True)
        factory = RequestFactory()
        self.stdout.write(f"{'area':<28}{'what':<12}{'queries':>8}{'min ms':>9}{'median ms':>11}")
        for code in codes:
            area = area_get(code)
            if area is None:
                raise CommandError(f"No area has the code {code}.")
            label = f"{code} {area.name}"[:27]

            def page(code=code):
                request = factory.get(f"/areas/{code}/")
                request.user = user
                response = AreaDetailView.as_view()(request, code=code)
                response.render()
                assert response.status_code == 200, response.status_code

            def api(code=code):
                request = factory.get("/api/stats/organization-network/", {"area": code})
                request.user = user
                request._force_auth_user = user
                response = OrganizationNetworkView.as_view()(request)
                assert response.status_code == 200, response.status_code

            measurements = {
                "selector": lambda area=area: organization_network(area),
                "page": page,
                "api": api,
            }
            for what, run in measurements.items():
                queries, timings = self.measure(run, repeat)
                self.stdout.write(
                    f"{label:<28}{what:<12}{queries:>8}{min(timings):>9.1f}{statistics.median(timings):>11.1f}"
                )

    def default_codes(self) -> list[str]:
        grid = Grid.objects.filter(is_active=True).order_by("code").values_list("code", flat=True).first()
        if grid is None:
            return []
        return [settings.CITY_CODE, grid[:6], grid[:9], grid[:12], grid]

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
