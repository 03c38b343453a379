"""The shapes of the areas drawn on the maps, and each compound's walk to its nearest service point
(the ten-minute circles, 十分钟社区治理圈 / 十分钟便民服务圈)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.network.models import ResidentialCompound
from jilin_grid.models import ScopedModel, area_code_field

from .choices import PointKind, ShapeSource


class AreaShape(ScopedModel):
    """The boundary of one area (a district, street, community or grid) as a GeoJSON Polygon or
    MultiPolygon in WGS-84 longitude/latitude: imported from the city's boundary file, or drawn
    for the demo (illustrative, 示意图, not a survey boundary)."""

    scope_field = "code"

    code = area_code_field(unique=True, db_index=False)
    geometry = models.JSONField(_("geometry"))
    source = models.CharField(_("source"), max_length=20, choices=ShapeSource.choices)

    class Meta:
        verbose_name = _("area shape")
        verbose_name_plural = _("area shapes")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(source__in=ShapeSource.values), name="area_shape_source_known"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.get_source_display()}"

    @property
    def illustrative(self) -> bool:
        return self.source == ShapeSource.ILLUSTRATIVE


class CompoundReach(ScopedModel):
    """How far a located, active compound is from its nearest service point (red station, the
    community's service centre with its one-stop desk, an open venue, a family station), kept by
    the services whenever a compound or a service point near it is saved, moved or deleted.

    ``metres`` is empty when no service point lies within the search radius (three ten-minute
    walks): such a compound is outside the circle however the walk is set."""

    compound = models.OneToOneField(
        ResidentialCompound, on_delete=models.CASCADE, related_name="reach", verbose_name=_("residential compound")
    )
    area_code = area_code_field(editable=False)
    metres = models.FloatField(_("metres to the nearest service point"), null=True, blank=True)
    point_kind = models.CharField(_("nearest service point"), max_length=20, choices=PointKind.choices, blank=True)
    point_id = models.PositiveBigIntegerField(_("nearest service point's id"), null=True, blank=True)
    point_name = models.CharField(_("nearest service point's name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("compound's walk to a service point")
        verbose_name_plural = _("compounds' walks to service points")
        ordering = ["area_code", "compound_id"]
        indexes = [
            models.Index(fields=["area_code", "metres"], name="compoundreach_area_metres"),
            models.Index(fields=["point_kind", "point_id"], name="compoundreach_point"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(metres__isnull=True) | Q(metres__gte=0), name="compound_reach_metres_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(metres__isnull=True, point_id__isnull=True)
                | Q(metres__isnull=False, point_id__isnull=False),
                name="compound_reach_point_with_metres",
            ),
        ]

    def __str__(self) -> str:
        if self.metres is None:
            return f"{self.compound} · —"
        return f"{self.compound} · {self.metres:.0f} m · {self.point_name}"
