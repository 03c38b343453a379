"""The models of the alliances app, gathered from its domains: the alliances and their six-step loop,
in-service members' volunteering, and the cadres sunk to communities."""

from alliances.cadres.models import CadreAssignment, Checkpoint, Department, DutyShift
from alliances.loop.models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue
from alliances.volunteering.models import (
    InServiceMember,
    MemberImportJob,
    MemberReport,
    PostClaim,
    ServiceKind,
    ServicePost,
    ServiceRecord,
)

__all__ = [
    "Activity",
    "Alliance",
    "AllianceProblem",
    "CadreAssignment",
    "Checkpoint",
    "Decision",
    "Department",
    "DutyShift",
    "InServiceMember",
    "Meeting",
    "MemberImportJob",
    "MemberReport",
    "MemberUnit",
    "PostClaim",
    "ServiceKind",
    "ServicePost",
    "ServiceRecord",
    "Venue",
]
