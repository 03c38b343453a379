"""Produce a monthly dispatch report or a quarterly circular, through the worker or inline."""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jilin_grid.areas import area_get
from projects.reports.choices import ReportJobStatus, ReportKind
from projects.reports.periods import parse_period
from projects.reports.services import report_generate, report_request


class Command(BaseCommand):
    help = (
        "Generate a report: --kind monthly|quarterly --period 2020-06|2020-Q2 --area <code>. "
        "Queued for the Celery worker, or run here with --sync."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=[kind.value for kind in ReportKind])
        parser.add_argument("--period", required=True, help="2020-06 for a month, 2020-Q2 for a quarter.")
        parser.add_argument("--area", required=True, help="Area code: 2202 for the city, a district's code, ...")
        parser.add_argument("--sync", action="store_true", help="Produce the report here instead of in the worker.")

    def handle(self, *args, kind: str, period: str, area: str, sync: bool, **options):
        try:
            parse_period(kind, period)
        except ValueError as error:
            example = "2020-06" if kind == ReportKind.MONTHLY else "2020-Q2"
            raise CommandError(
                f"报告期间无效：{period}（应写作 {example}）。 / Bad period {period!r}: {error}"
            ) from error
        if area_get(area) is None:
            raise CommandError(f"没有代码为 {area} 的区域。 / No area with code {area!r}.")
        try:
            if sync:
                report = report_request(kind=kind, period=period, area_code=area, enqueue=False)
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    report = report_generate(report_id=report.pk)
                elapsed = time.perf_counter() - started
            else:
                report = report_request(kind=kind, period=period, area_code=area)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except Exception as error:  # the row says failed, with the reason
            raise CommandError(f"报告生成失败。 / The report failed: {error}") from error

        if not sync:
            self.stdout.write(f"Queued report {report.pk}: {report} (status {report.status}).")
            return
        if report.status != ReportJobStatus.DONE:
            raise CommandError(f"报告未完成（{report.status}）。 / The report did not finish: {report.message}")
        self.stdout.write(self.style.SUCCESS(f"Report {report.pk}: {report}"))
        self.stdout.write(f"HTML: {len(report.html)} characters (stored on the row)")
        self.stdout.write(f"Excel: {report.xlsx.path}")
        self.stdout.write(f"PDF: {report.pdf.path}")
        self.stdout.write(f"Time: {elapsed:.2f} s, {len(queries.captured_queries)} queries")
