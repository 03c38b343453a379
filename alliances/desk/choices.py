"""Choices of the one-stop desk (全科社工): the five service modes a matter belongs to, the posts a
social worker holds, and the states of a case."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceMode(models.TextChoices):
    """The five service modes of the communities (五种服务模式)."""

    ONE_STOP = "one_stop", _("One-stop public service")
    MENU = "menu", _("Menu of convenience services")
    PROJECT = "project", _("Project-based volunteering")
    SOCIALIZED = "socialized", _("Socialized service")
    INTERNET = "internet", _("Internet-plus party-building service")


class WorkerPost(models.TextChoices):
    """The posts an all-round social worker holds (一人多岗): the community's lines of work."""

    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs")
    SOCIAL_SECURITY = "social_security", _("Social security")
    HEALTH = "health", _("Health and family planning")
    DISABILITY = "disability", _("Disabled persons")
    ELDERLY = "elderly", _("Elderly care")
    EMPLOYMENT = "employment", _("Employment")
    GOVERNANCE = "governance", _("Comprehensive governance")
    PARTY_AFFAIRS = "party_affairs", _("Party affairs")
    VETERANS = "veterans", _("Veterans' affairs")


class CaseStatus(models.TextChoices):
    """Where a case taken at the desk stands."""

    OPEN = "open", _("In hand")
    FINISHED = "finished", _("Finished")
    ESCALATED = "escalated", _("Turned into a resident's problem")
