"""``manage.py measure_walks [CODE]``: measure again every compound's walk to its nearest service
point, in an area or the whole city: after rows were written in bulk, after
``TEN_MINUTE_WALK_METRES`` was raised (the search reaches three walks), or to repair."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from projects.maps.services import reach_rebuild


class Command(BaseCommand):
    help = "Measure again the compounds' walks to their nearest service point (the ten-minute circles)."

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", default="", help="An area code (default: the whole city).")

    def handle(self, *args, code: str, **options):
        started = time.perf_counter()
        written = reach_rebuild(area_code=code)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"已测量 {written} 个小区，用时 {seconds:.1f} 秒。 / {written} compounds measured in {seconds:.1f} s."
        )
