"""The models of the projects app, gathered from its domains: the No.1 projects and the dispatch reports."""

from projects.projects.models import (
    Milestone,
    ProgressAttachment,
    ProgressReport,
    ProgressRevision,
    Project,
    ProjectEvent,
    attachment_path,
)
from projects.reports.models import ReportJob, report_path

__all__ = [
    "Milestone",
    "ProgressAttachment",
    "ProgressReport",
    "ProgressRevision",
    "Project",
    "ProjectEvent",
    "ReportJob",
    "attachment_path",
    "report_path",
]
