"""Choices of the maps and the ten-minute circles (地图、十分钟服务圈)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShapeSource(models.TextChoices):
    """Where an area's shape comes from: a boundary file the city imported, or drawn for the demo."""

    IMPORTED = "imported", _("Imported boundary")
    ILLUSTRATIVE = "illustrative", _("Illustrative (not a survey boundary)")


class PointKind(models.TextChoices):
    """The points drawn on a map. All but the checkpoints are service points of the ten-minute
    circles; the compounds outside them are drawn too."""

    RED_STATION = "red_station", _("Red station")
    DESK = "desk", _("Service centre (one-stop desk)")
    VENUE = "venue", _("Open venue")
    FAMILY_STATION = "family_station", _("Family station")
    CHECKPOINT = "checkpoint", _("Checkpoint")
    COMPOUND_OUTSIDE = "compound_outside", _("Compound outside the ten-minute circle")


# The kinds of point a resident walks to: the ten-minute circles are measured to these.
SERVICE_POINT_KINDS = (PointKind.RED_STATION, PointKind.DESK, PointKind.VENUE, PointKind.FAMILY_STATION)
