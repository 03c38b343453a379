"""Choices of red-heart property (红心物业): how a compound is managed, the three parties of the
linkage, and which way a cross-appointment goes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ManagementMode(models.TextChoices):
    """How a residential compound is managed."""

    COMPANY = "company", _("Property company")
    EMBEDDED = "embedded", _("Embedded red-heart management")
    THREE_PARTY = "three_party", _("Three-party linkage")
    THREE_SOCIETY = "three_society", _("Three-society linkage")
    ABANDONED = "abandoned", _("Abandoned, self-governed by a consultation council")


# The modes a property company serves the compound in (an abandoned compound has none).
COMPANY_MODES = (ManagementMode.COMPANY, ManagementMode.EMBEDDED, ManagementMode.THREE_PARTY)
# The red-heart modes: a community with a compound in one of them is a red-heart property pilot.
RED_HEART_MODES = (
    ManagementMode.EMBEDDED,
    ManagementMode.THREE_PARTY,
    ManagementMode.THREE_SOCIETY,
    ManagementMode.ABANDONED,
)


class Party(models.TextChoices):
    """The three parties of the three-party linkage (三方联动)."""

    RESIDENTS_COMMITTEE = "residents_committee", _("Residents' committee")
    PROPERTY_COMPANY = "property_company", _("Property company")
    OWNERS_COMMITTEE = "owners_committee", _("Owners' committee")


class AppointmentDirection(models.TextChoices):
    """Which way a cross-appointment (交叉任职) goes."""

    COMMUNITY_TO_COMPANY = "community_to_company", _("Community party organization member serving in the company")
    COMPANY_TO_COMMUNITY = "company_to_community", _("Company member serving in the community party organization")


class ResolutionStatus(models.TextChoices):
    """Where a resolution stands, derived from its deadline and its outcome's date."""

    OPEN = "open", _("Not yet due")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")
    DONE_LATE = "done_late", _("Done after the deadline")
