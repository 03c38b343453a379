"""Choices of the grid network."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Employment(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")


class ChiefKind(models.TextChoices):
    """The five-chief system (五长制)."""

    ROAD = "road", _("Road chief")
    ALLEY = "alley", _("Alley chief")
    GRID = "grid", _("Grid chief")
    BUILDING = "building", _("Building chief")
    UNIT = "unit", _("Unit chief")
