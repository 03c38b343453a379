"""Choices of the "five goods, one satisfaction" (五好一满意) assessment of party branches."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.choices import HostUnitKind, PartyOrganizationKind


class Aspect(models.TextChoices):
    """The six aspects a year's standard is broken into."""

    LEADERSHIP = "leadership", _("Good leadership team")
    MEMBERS = "members", _("Good member ranks")
    LIFE = "life", _("Good organizational life")
    RULES = "rules", _("Good implementation of the rules")
    ROLE = "role", _("Good role played")
    SATISFACTION = "satisfaction", _("Residents satisfied")


class ScoreStep(models.TextChoices):
    """The three steps of a branch's yearly score, in order."""

    SELF = "self", _("Self-assessment")
    REVIEW = "review", _("Street review")
    CONFIRM = "confirm", _("District confirmation")


class ScoreStatus(models.TextChoices):
    """How far a branch's score of a year has gone."""

    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    REVIEWED = "reviewed", _("Reviewed by the street")
    CONFIRMED = "confirmed", _("Confirmed by the district")


# The step that leads to each status, and the status each step needs before it.
STEP_STATUS = {
    ScoreStep.SELF: ScoreStatus.SELF_ASSESSED,
    ScoreStep.REVIEW: ScoreStatus.REVIEWED,
    ScoreStep.CONFIRM: ScoreStatus.CONFIRMED,
}


class Figure(models.TextChoices):
    """A figure of the portal a task shows beside it on the scoring form (for the year and the
    organization's area)."""

    NONE = "", _("None")
    NO1_PROJECT = "no1_project", _("No.1 project progress")
    PROBLEMS_SOLVED = "problems_solved", _("Residents' problems solved")
    SATISFACTION = "satisfaction", _("Residents' satisfaction")
    MEMBERS_REPORTED = "members_reported", _("In-service members reported")
    ALLIANCE_ACTIVITIES = "alliance_activities", _("Alliance activities")


# The organizations scored every year: a community's own party organization (at the community,
# standing for it) and the grid party branches.
COMMUNITY_ORGANIZATION_KINDS = (
    PartyOrganizationKind.COMMITTEE,
    PartyOrganizationKind.GENERAL_BRANCH,
    PartyOrganizationKind.BRANCH,
)
SCORED_HOST = HostUnitKind.AREA


class ReviewGrade(models.TextChoices):
    """A reviewer's grade of a secretary's annual report (述职评议), best first."""

    GOOD = "good", _("Good")
    FAIRLY_GOOD = "fairly_good", _("Fairly good")
    AVERAGE = "average", _("Average")
    POOR = "poor", _("Poor")


class ReviewRoundStatus(models.TextChoices):
    """How far a year's report-and-review of one organization department has gone."""

    OPEN = "open", _("Reporting and reviewing")
    PUBLISHED = "published", _("Results published")


class ReportStatus(models.TextChoices):
    """A secretary's annual report: written, then reported (submitted for review)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Reported")
