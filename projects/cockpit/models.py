"""The organization departments' cockpit (驾驶舱): the composite index and its indicators.

The cockpit itself stores nothing: it reads the registered figures' families
(``jilin_grid.figures``). What is edited is the composite index that ranks an area's children:
which figures it weighs, which way each is better and how much it weighs (the weights sum to 100,
checked by ``services.index_set``). An index belongs to an area and ranks the children of that area
and of every area below it; the city's (set by a data migration) ranks them all."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jilin_grid.models import OwnAreaCodeModel, ScopedModel, area_code_field

from .choices import Direction

MAX_WEIGHT = 100


class CompositeIndex(OwnAreaCodeModel):
    """The composite index of an area (the city's: 综合指数), ranking the children of every area
    below it; one per area."""

    area_code = area_code_field(unique=True, help_text=_("The area whose cockpits (and those below) it ranks."))
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("composite index")
        verbose_name_plural = _("composite indexes")
        ordering = ["area_code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.area_code})"


class CompositeIndicator(ScopedModel):
    """One indicator of a composite index: a registered figure (``problems.overdue``), the
    direction in which it is better and its weight out of 100."""

    scope_field = "index__area_code"

    index = models.ForeignKey(
        CompositeIndex, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("composite index")
    )
    figure = models.CharField(_("figure"), max_length=80, help_text=_("A registered figure: family.figure."))
    better = models.CharField(_("better"), max_length=10, choices=Direction.choices)
    weight = models.PositiveSmallIntegerField(_("weight"), help_text=_("Out of 100: the weights sum to 100."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("composite index indicator")
        verbose_name_plural = _("composite index indicators")
        ordering = ["index", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["index", "figure"], name="cockpit_indicator_figure_once"),
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=MAX_WEIGHT), name="cockpit_indicator_weight_1_100"
            ),
            models.CheckConstraint(condition=Q(better__in=Direction.values), name="cockpit_indicator_better_valid"),
        ]

    def __str__(self) -> str:
        from .selectors import figure_label

        return f"{figure_label(self.figure)} ({self.weight}%)"
