"""Choices of the all-round grids in an emergency (全能网格): how a checklist question is answered,
who a team member is, what a support task is and where it stands, what supplies are gathered, and
the first kinds of campaign (data the city edits in the admin)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The first kinds of campaign; the city adds and renames them in the admin (they are data).
DEFAULT_CAMPAIGN_KINDS = ("疫情防控", "防汛", "综合治理", "安全检查")

YES = "yes"
NO = "no"


class QuestionKind(models.TextChoices):
    """How a question of the household-visit checklist is answered."""

    YES_NO = "yes_no", _("Yes or no")
    CHOICE = "choice", _("One of the answer choices")


class TeamRole(models.TextChoices):
    """Who a member of a grid's team is."""

    WORKER = "worker", _("Grid worker")
    CHIEF = "chief", _("Chief")
    CADRE = "cadre", _("Sunk cadre")
    MEMBER = "member", _("Reported in-service member")


class SupportKind(models.TextChoices):
    """What an alliance's member unit does for a campaign."""

    DISINFECTION = "disinfection", _("Disinfection")
    SUPPLIES = "supplies", _("Supplies")
    TRANSPORT = "transport", _("Transport")
    HOTLINE = "hotline", _("Hotline")


class TaskState(models.TextChoices):
    """Where a support task stands."""

    ASSIGNED = "assigned", _("Assigned")
    DONE = "done", _("Done")
    FAILED = "failed", _("Not done")


class SupplyKind(models.TextChoices):
    """The supplies gathered for a campaign."""

    MASKS = "masks", _("Masks")
    DISINFECTANT = "disinfectant", _("Disinfectant")
    FOOD = "food", _("Food")
    SANDBAGS = "sandbags", _("Sandbags")
    OTHER = "other", _("Other supplies")
