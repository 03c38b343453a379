"""Choices of in-service members' volunteering: where a member's report (报到) stands, and the first
service kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jilin_grid.jobs import JobStatus

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


class MemberReportStatus(models.TextChoices):
    """Where a member's report (报到) to a community stands."""

    REPORTED = "reported", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


# A report still in force: awaiting the community's confirmation, or confirmed.
OPEN_REPORT_STATUSES = (MemberReportStatus.REPORTED, MemberReportStatus.CONFIRMED)


# Where a member import run by the worker stands: the statuses of every job run by the worker.
MemberImportStatus = JobStatus
