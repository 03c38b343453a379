"""Choices of the dispatch reports: their kind and where their production stands."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly dispatch report")
    QUARTERLY = "quarterly", _("Quarterly circular")


class ReportJobStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    # Written, but the broker could not be reached: the reaper queues it when the broker is back.
    WAITING = "waiting", _("Waiting for the queue")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")

    @classmethod
    def in_progress(cls) -> tuple[str, ...]:
        """Statuses of a report that is still to be produced: its page keeps asking."""
        return (cls.PENDING, cls.WAITING, cls.RUNNING)
