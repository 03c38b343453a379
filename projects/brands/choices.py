"""Choices of the service brands' selection (服务品牌评选)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    """A round takes applications while open; once closed, its judges score and the city names winners."""

    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed: judging")


class ProvinceOutcome(models.TextChoices):
    """What became of a winner put forward to the province's "新时代吉林小巷总理" selection."""

    ENTERED = "entered", _("Entered the province's selection")
    BEST_CASE = "best_case", _("Named a best case by the province")
