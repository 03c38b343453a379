"""The kept counts' tables: the counts themselves and the drift a recount found."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

ALL_TIME = ""
"""The period of a count over all time (a month is "YYYY-MM")."""


class KeptCount(models.Model):
    """One figure of one family, for one area (at any level) and one month, or all time.

    Written only by ``jilin_grid.counts.services``, as increments, so concurrent writers add up.
    """

    family = models.CharField(_("family"), max_length=40)
    area_code = models.CharField(_("area code"), max_length=15)
    # The area's level, as the length of its code: an area's children are read by their level, so
    # the city's figures come from its districts' rows, not from every grid's.
    code_length = models.PositiveSmallIntegerField(_("code length"))
    period = models.CharField(_("period"), max_length=7, blank=True, help_text=_("YYYY-MM, or empty for all time"))
    figure = models.CharField(_("figure"), max_length=60)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("kept count")
        verbose_name_plural = _("kept counts")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "code_length", "area_code", "period", "figure"], name="kept_count_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} · {self.area_code} · {self.period or '*'} · {self.figure} = {self.value}"


class CountDrift(models.Model):
    """A kept count that differed from the recount of its rows, and was repaired."""

    found_at = models.DateTimeField(_("found at"), db_index=True)
    family = models.CharField(_("family"), max_length=40)
    area_code = models.CharField(_("area code"), max_length=15)
    period = models.CharField(_("period"), max_length=7, blank=True)
    figure = models.CharField(_("figure"), max_length=60)
    kept = models.BigIntegerField(_("kept"))
    counted = models.BigIntegerField(_("counted"))

    class Meta:
        verbose_name = _("kept count drift")
        verbose_name_plural = _("kept count drifts")
        ordering = ["-found_at", "family", "area_code", "period", "figure"]

    def __str__(self) -> str:
        return f"{self.family} · {self.area_code} · {self.period or '*'} · {self.figure}: {self.kept} → {self.counted}"
