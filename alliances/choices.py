"""Choices of the party-building alliances (党建联盟) and their six-step method (六步工作法)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberUnitKind(models.TextChoices):
    AGENCY = "agency", _("Government agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital")
    PROPERTY_COMPANY = "property_company", _("Property company")
    SOCIAL_ORGANIZATION = "social_organization", _("Social organization")
    OTHER = "other", _("Other")


class ActivityKind(models.TextChoices):
    VOLUNTEERING = "volunteering", _("Volunteer service")
    STUDY = "study", _("Joint study")
    CULTURE = "culture", _("Culture and sports")
    HEALTH = "health", _("Free clinic and health")
    LEGAL = "legal", _("Legal aid")
    ENVIRONMENT = "environment", _("Environment clean-up")
    OTHER = "other", _("Other")


class SixStep(models.TextChoices):
    """The six-step method: survey → form → collect → consult → implement → evaluate."""

    SURVEY = "survey", _("Survey")
    FORM = "form", _("Form")
    COLLECT = "collect", _("Collect")
    CONSULT = "consult", _("Consult")
    IMPLEMENT = "implement", _("Implement")
    EVALUATE = "evaluate", _("Evaluate")


# Where an alliance's problem stands: the last four steps, then closed by the evaluation.
class ProblemStep(models.TextChoices):
    COLLECTED = "collected", _("Collected")
    CONSULTED = "consulted", _("Consulted")
    IMPLEMENTED = "implemented", _("Implemented")
    EVALUATED = "evaluated", _("Evaluated")


# In-service party members (在职党员), their reports (双报到), service posts (服务岗位) and service.

# The first service kinds; administrators add and rename kinds in the admin (they are data).
DEFAULT_SERVICE_KINDS = (
    "政策宣传",
    "创业指导",
    "法律援助",
    "环境整治",
    "关爱老人",
    "课业辅导",
    "疫情防控",
    "文明实践",
    "医疗健康",
    "矛盾调解",
)


class ReportStatus(models.TextChoices):
    """Where a member's report (报到) to a community stands."""

    REPORTED = "reported", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


# A report still in force: awaiting the community's confirmation, or confirmed.
OPEN_REPORT_STATUSES = (ReportStatus.REPORTED, ReportStatus.CONFIRMED)
