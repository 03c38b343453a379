"""The demo city's trends: every figure of 2020, the year of its activity, back-filled as
``manage.py backfill_trends --from 2020-01 --to 2020-12`` would (the same service).

It runs after the kept counts are set (``jilin_grid.demo.count_step``): the figures are read through
the statistics, which read the counts. The demo keeps no network snapshot of 2020, so the network
(a state) is left out of those months rather than shown as today's.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jilin_grid.demo import DemoRun, reads_kept_counts

from . import services
from .models import TrendSnapshot

DEMO_FIRST, DEMO_LAST = "2020-01", "2020-12"


@reads_kept_counts
def build_demo_step(run: DemoRun) -> list:
    if TrendSnapshot.objects.filter(month__range=(DEMO_FIRST, DEMO_LAST)).exists():
        return []
    written = services.trend_months_take(first=DEMO_FIRST, last=DEMO_LAST)
    return [(sum(written.values()), _("trend snapshots (2020, every area and figure family by month)"))]
