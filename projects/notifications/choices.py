"""Choices of the notifications (提醒): what a notification is about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What happened, or what is due: each kind reaches the people who must act on it."""

    PROBLEM_ESCALATED = "problem_escalated", _("Problem escalated to your level")
    PROBLEM_OVERDUE = "problem_overdue", _("Problem overdue at your level")
    PROGRESS_DUE = "progress_due", _("Monthly progress due in three days")
    PROGRESS_OVERDUE = "progress_overdue", _("Monthly progress overdue")
    PROJECT_APPROVED = "project_approved", _("No.1 project approved")
    PROJECT_RETURNED = "project_returned", _("No.1 project returned")
    DECISION_DUE = "decision_due", _("Alliance decision due")
    DECISION_OVERDUE = "decision_overdue", _("Alliance decision overdue")
    MEASURE_DUE = "measure_due", _("Rectification measure due")
    MEASURE_OVERDUE = "measure_overdue", _("Rectification measure overdue")
    MEMBER_REPORT_PENDING = "member_report_pending", _("Member's report awaiting confirmation")
    SERVICE_PENDING = "service_pending", _("Service record awaiting confirmation")
    REPORT_READY = "report_ready", _("Dispatch report ready")


# Kinds that say something is late: shown with a red mark.
LATE_KINDS = frozenset(
    {
        NotificationKind.PROBLEM_OVERDUE,
        NotificationKind.PROGRESS_OVERDUE,
        NotificationKind.DECISION_OVERDUE,
        NotificationKind.MEASURE_OVERDUE,
        NotificationKind.PROJECT_RETURNED,
    }
)
