"""``manage.py backfill_trends --from 2020-01 --to 2020-12 [--area CODE]``: keep the trends of past
months as the monthly task would have kept them, one transaction per month."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from projects.trends import services


class Command(BaseCommand):
    help = (
        "Keep every figure of the city (or of --area and the areas below it) for each month from --from "
        "to --to, replacing what was kept of those months. A state (the network) of a past month is read "
        "from that month's last network snapshot, and left out where none was taken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", required=True, help="First month, YYYY-MM.")
        parser.add_argument("--to", dest="last", required=True, help="Last month, YYYY-MM.")
        parser.add_argument("--area", default=None, help="An area's code (default: the city).")

    def handle(self, *args, first: str, last: str, area: str | None, **options):
        started = time.monotonic()
        try:
            written = services.trend_months_take(first=first, last=last, area_code=area)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for month, rows in written.items():
            self.stdout.write(f"{month}: {rows} rows")
        self.stdout.write(
            self.style.SUCCESS(
                f"Kept {sum(written.values())} rows for {len(written)} months in {time.monotonic() - started:.1f} s."
            )
        )
