"""Choices of the cockpit."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import HIGHER, LOWER


class Direction(models.TextChoices):
    """Which way an indicator of the composite index is better."""

    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")

    @classmethod
    def of(cls, better: int) -> "Direction":
        """The direction of a figure's ``better`` (a neutral figure counts as higher)."""
        return cls.LOWER if better == LOWER else cls.HIGHER

    @property
    def sign(self) -> int:
        return LOWER if self == Direction.LOWER else HIGHER
