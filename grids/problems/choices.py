"""Choices of residents' problems (群众诉求): urgency, status, handling level, evaluation, history."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    CRITICAL = "critical", _("Critical")


class ProblemStatus(models.TextChoices):
    """The lifecycle of a resident's problem (群众诉求)."""

    RECORDED = "recorded", _("Recorded")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved, awaiting evaluation")
    CLOSED = "closed", _("Evaluated and closed")
    RETURNED = "returned", _("Returned")


# A problem in one of these statuses still needs someone to act; past its deadline it is overdue.
OPEN_PROBLEM_STATUSES = (ProblemStatus.RECORDED, ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS)


class HandlingLevel(models.TextChoices):
    """The level holding a problem (四级联动: grid, then community, street, district, city)."""

    GRID = "grid", _("Grid")
    COMMUNITY = "community", _("Community")
    STREET = "street", _("Street")
    DISTRICT = "district", _("District")
    CITY = "city", _("City")


HANDLING_CODE_LENGTHS = {
    HandlingLevel.GRID: 15,
    HandlingLevel.COMMUNITY: 12,
    HandlingLevel.STREET: 9,
    HandlingLevel.DISTRICT: 6,
    HandlingLevel.CITY: 4,
}
HANDLING_ORDER = list(HANDLING_CODE_LENGTHS)


class Evaluation(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


# Evaluations that count as satisfied in the satisfaction rate.
SATISFIED_EVALUATIONS = (Evaluation.SATISFIED, Evaluation.BASICALLY_SATISFIED)


class ProblemEventKind(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    ACCEPTED = "accepted", _("Accepted")
    STARTED = "started", _("Work started")
    ESCALATED = "escalated", _("Escalated")
    RESOLVED = "resolved", _("Resolved")
    EVALUATED = "evaluated", _("Evaluated")
    REOPENED = "reopened", _("Reopened")
    RETURNED = "returned", _("Returned")


# The categories a new portal starts with (name, response deadline in days); the list is data,
# changed in the admin afterwards. The data migration and problem_categories_ensure() use it.
DEFAULT_PROBLEM_CATEGORIES = (
    ("物业管理", 7),
    ("环境卫生", 5),
    ("治安安全", 2),
    ("养老服务", 5),
    ("就业帮扶", 10),
    ("法律援助", 10),
    ("设施维修", 7),
    ("其他", 10),
)
