"""Choices of the trends: where a month's figures of a family were read from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrendSource(models.TextChoices):
    """Where a kept month's figures came from."""

    # A family of a period's activity (problems recorded, service hours): the domain's statistics of
    # the month, from the kept counts; the same whenever it is read.
    COUNTS = "counts", _("The month's statistics")
    # A state (today's network) read while the month was under way, by the nightly run.
    LIVE = "live", _("The state on the day taken")
    # A state of a past month, from the last nightly network snapshot of that month.
    NETWORK_SNAPSHOT = "network_snapshot", _("The month's last network snapshot")
