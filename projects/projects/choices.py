"""Choices of the secretaries' No.1 projects (书记一号工程): status, light and history."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    """The lifecycle of a claimed project."""

    SUBMITTED = "submitted", _("Claimed, awaiting review")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    COMPLETED = "completed", _("Completed")
    ABANDONED = "abandoned", _("Abandoned")


# Statuses that hold the organization's one claim of the year (abandoned frees it).
ACTIVE_STATUSES = (ProjectStatus.SUBMITTED, ProjectStatus.RETURNED, ProjectStatus.APPROVED, ProjectStatus.COMPLETED)
# Statuses in which monthly progress is filed.
REPORTING_STATUSES = (ProjectStatus.APPROVED,)


class Light(models.TextChoices):
    """How a project stands this month (the rule is in projects.projects.selectors and the README)."""

    GREEN = "green", _("Green")  # on track
    YELLOW = "yellow", _("Yellow")  # behind its milestones
    RED = "red", _("Red")  # no progress filed by the deadline, or seriously behind


class ProjectEventKind(models.TextChoices):
    CLAIMED = "claimed", _("Claimed")
    REVISED = "revised", _("Revised and resubmitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    PROGRESS = "progress", _("Progress filed")
    REFILED = "refiled", _("Progress filed again")
    SHOWCASED = "showcased", _("Showcased")
    COMPLETED = "completed", _("Completed")
    ABANDONED = "abandoned", _("Abandoned")
