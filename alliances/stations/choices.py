"""Choices of the red stations: who an expert is, who a volunteer is, what kind an event is, and the
first functions of a station."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The first functions of a red station (红色驿站的12大功能); administrators add and rename them in the
# admin (they are data).
DEFAULT_STATION_FUNCTIONS = (
    "党建宣传",
    "政策咨询",
    "法律援助",
    "医疗健康",
    "便民服务",
    "志愿服务",
    "矛盾调解",
    "就业创业",
    "扶贫济困",
    "文化活动",
    "安全巡防",
    "爱心驿站",
)


class ExpertField(models.TextChoices):
    """What an expert stationed at a red station does."""

    LAWYER = "lawyer", _("Lawyer")
    SCHOLAR = "scholar", _("Scholar")
    ECONOMIST = "economist", _("Economist")
    DOCTOR = "doctor", _("Doctor")
    OTHER = "other", _("Other expert")


class VolunteerKind(models.TextChoices):
    """Who a red station's volunteer is."""

    MEMBER = "member", _("In-service party member")
    STUDENT = "student", _("University student")
    RESIDENT = "resident", _("Resident")


class StationEventKind(models.TextChoices):
    """The regular events of a red station."""

    EXPERT_TEAM = "expert_team", _("Expert team visit")
    FREE_CLINIC = "free_clinic", _("Free clinic")
    AID = "aid", _("Aid to people in need")
    OTHER = "other", _("Other event")
