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
