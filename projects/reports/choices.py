"""Choices of the dispatch reports: their kind and where their production stands."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jilin_grid.jobs import JobStatus


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly dispatch report")
    QUARTERLY = "quarterly", _("Quarterly circular")


# Where a report's production stands: the statuses of every job run by the worker.
ReportJobStatus = JobStatus
