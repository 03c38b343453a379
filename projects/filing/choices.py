"""Choices of the filing of community party secretaries (社区党组织书记备案管理)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SelectionMethod(models.TextChoices):
    """How a secretary came to the post (选)."""

    ELECTION = "election", _("Elected")
    APPOINTMENT = "appointment", _("Appointed by the party organization above")
    DIRECTED_RECRUITMENT = "directed_recruitment", _("Directed recruitment as a street civil servant")
    PUBLIC_RECRUITMENT = "public_recruitment", _("Public selection")
    SENT_CADRE = "sent_cadre", _("Cadre sent from an agency")
    REEMPLOYMENT = "reemployment", _("Re-employed after retirement")


class Education(models.TextChoices):
    """The highest education completed."""

    JUNIOR_HIGH = "junior_high", _("Junior high school or below")
    HIGH_SCHOOL = "high_school", _("High school or technical school")
    JUNIOR_COLLEGE = "junior_college", _("Junior college")
    BACHELOR = "bachelor", _("Bachelor's degree")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


class RecordKind(models.TextChoices):
    """A dated entry of a filing: a reward or a discipline (管), or a promotion (用)."""

    REWARD = "reward", _("Reward")
    DISCIPLINE = "discipline", _("Discipline")
    STREET_POST = "street_post", _("Promoted to a street post")
    CIVIL_SERVANT = "civil_servant", _("Made a civil servant")
    CAREER_STAFF = "career_staff", _("Given a career post")
    OTHER_PROMOTION = "other_promotion", _("Other promotion")


# The kinds of each form: rewards and discipline, promotions.
CONDUCT_KINDS = (RecordKind.REWARD, RecordKind.DISCIPLINE)
PROMOTION_KINDS = (
    RecordKind.STREET_POST,
    RecordKind.CIVIL_SERVANT,
    RecordKind.CAREER_STAFF,
    RecordKind.OTHER_PROMOTION,
)
