"""Choices of the rectification of weak and lax party organizations (软弱涣散党组织整改晋位)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseSource(models.TextChoices):
    """What an organization was identified as weak and lax from."""

    SCORE = "score", _("Low standardized-branch score")
    REVIEW = "review", _("Poor report-and-review result")
    DECISION = "decision", _("District's decision")


class CaseStatus(models.TextChoices):
    """Where a case stands: under rectification, or rectified (accepted: 晋位, 摘帽)."""

    OPEN = "open", _("Under rectification")
    RECTIFIED = "rectified", _("Rectified")


# The first problem kinds found in weak and lax organizations; administrators add, rename and
# order kinds in the admin (they are data, seeded by the domain's migration).
DEFAULT_PROBLEM_KINDS = (
    "班子软弱涣散",
    "组织生活不正常",
    "管理松散",
    "作用发挥不明显",
    "群众满意度低",
    "制度落实不到位",
    "阵地建设薄弱",
    "矛盾纠纷突出",
)
