"""The models of the projects app, gathered from its domains: the No.1 projects, the dispatch reports,
the service brands, the standardized branches and the report-and-review."""

from projects.assessment.models import (
    AssessmentStandard,
    AssessmentTask,
    BranchScore,
    Evidence,
    ReportSection,
    ReviewRound,
    ReviewVote,
    ScoreChange,
    SecretaryReport,
    TaskScore,
    evidence_path,
)
from projects.brands.models import BrandApplication, BrandScore, SelectionRound, ShowcaseArticle
from projects.cockpit.models import CompositeIndex, CompositeIndicator
from projects.filing.models import FilingRecord, SecretaryFiling, Training
from projects.maps.models import AreaShape, CompoundReach
from projects.notifications.models import EmailPreference, Notification
from projects.projects.models import (
    Milestone,
    ProgressAttachment,
    ProgressReport,
    ProgressRevision,
    Project,
    ProjectEvent,
    attachment_path,
)
from projects.rectification.models import (
    CaseExtension,
    CaseProgress,
    Measure,
    ProblemKind,
    RectificationCase,
)
from projects.reports.models import ReportJob, report_path
from projects.trends.models import TrendSnapshot

__all__ = [
    "AreaShape",
    "AssessmentStandard",
    "AssessmentTask",
    "BranchScore",
    "BrandApplication",
    "BrandScore",
    "CaseExtension",
    "CaseProgress",
    "CompositeIndex",
    "CompositeIndicator",
    "CompoundReach",
    "EmailPreference",
    "Evidence",
    "FilingRecord",
    "Measure",
    "Milestone",
    "Notification",
    "ProblemKind",
    "ProgressAttachment",
    "ProgressReport",
    "ProgressRevision",
    "Project",
    "ProjectEvent",
    "RectificationCase",
    "ReportJob",
    "ReportSection",
    "ReviewRound",
    "ReviewVote",
    "ScoreChange",
    "SecretaryFiling",
    "SecretaryReport",
    "SelectionRound",
    "ShowcaseArticle",
    "TaskScore",
    "Training",
    "TrendSnapshot",
    "attachment_path",
    "evidence_path",
    "report_path",
]
