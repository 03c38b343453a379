"""Trends (趋势): every figure of the cockpit for each area and month, kept so a line of the last
twelve months is one small read, whatever the size of the city.

A row holds one family's figures (``jilin_grid/figures.py``: the network, residents' problems, ...)
of one area (the city, a district, a street or a community) for one month. The monthly task writes
them (``tasks.py``), ``manage.py backfill_trends`` writes past months the same way.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jilin_grid.models import ScopedModel, area_code_field

from .choices import TrendSource

MONTH_REGEX = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


class TrendSnapshot(ScopedModel):
    """One family's figures of one area for one month (``{"recorded": 31, "overdue": 2, ...}``).

    Taking the month again replaces the row. ``state_on`` is the day a state's figures hold for (the
    network of that day); empty for a month's activity.
    """

    area_code = area_code_field()
    month = models.CharField(_("month"), max_length=7, help_text=_("Written YYYY-MM."))
    family = models.CharField(_("figure family"), max_length=40)
    figures = models.JSONField(_("figures"), default=dict)
    source = models.CharField(_("read from"), max_length=20, choices=TrendSource.choices)
    state_on = models.DateField(_("state on"), null=True, blank=True)
    taken_at = models.DateTimeField(_("taken at"))

    class Meta:
        verbose_name = _("trend snapshot")
        verbose_name_plural = _("trend snapshots")
        ordering = ["area_code", "family", "month"]
        constraints = [
            models.UniqueConstraint(fields=["area_code", "month", "family"], name="trend_snapshot_unique_per_month"),
            models.CheckConstraint(condition=models.Q(month__regex=MONTH_REGEX), name="trend_snapshot_month_format"),
            models.CheckConstraint(
                condition=models.Q(source=TrendSource.COUNTS, state_on__isnull=True)
                | ~models.Q(source=TrendSource.COUNTS) & models.Q(state_on__isnull=False),
                name="trend_snapshot_state_day_with_states",
            ),
        ]
        indexes = [models.Index(fields=["family", "month", "area_code"], name="trend_family_month")]

    def __str__(self) -> str:
        return f"{self.area_code} · {self.month} · {self.family}"
