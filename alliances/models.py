"""The models of the alliances app, gathered from its domains: the alliances and their six-step loop,
in-service members' volunteering, the cadres sunk to communities, the red stations and family stations,
and the one-stop desk of the all-round social workers."""

from alliances.cadres.models import CadreAssignment, Checkpoint, Department, DutyShift
from alliances.desk.models import Case, CaseMaterial, CaseStep, Matter, MatterMaterial, MatterStep, SocialWorker
from alliances.loop.models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue
from alliances.stations.models import (
    FamilyActivity,
    FamilyStation,
    RedStation,
    StationEvent,
    StationExpert,
    StationFunction,
    StationOrganization,
    StationServiceItem,
    StationVolunteer,
)
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
    "Case",
    "CaseMaterial",
    "CaseStep",
    "Checkpoint",
    "Decision",
    "Department",
    "DutyShift",
    "FamilyActivity",
    "FamilyStation",
    "InServiceMember",
    "Matter",
    "MatterMaterial",
    "MatterStep",
    "Meeting",
    "MemberImportJob",
    "MemberReport",
    "MemberUnit",
    "PostClaim",
    "RedStation",
    "ServiceKind",
    "ServicePost",
    "ServiceRecord",
    "SocialWorker",
    "StationEvent",
    "StationExpert",
    "StationFunction",
    "StationOrganization",
    "StationServiceItem",
    "StationVolunteer",
    "Venue",
]
