"""Pages of the assessment domain: the standardized branches' scoring (``scores``) and the annual
report-and-review of the secretaries (``reviews``)."""

from .reviews import (
    ReviewRoundCreateView,
    ReviewRoundDetailView,
    ReviewRoundListView,
    ReviewRoundStepView,
    SecretaryReportDetailView,
    SecretaryReportStepView,
    SecretaryReportWriteView,
)
from .scores import (
    CandidatesView,
    EvidenceDownloadView,
    LeagueTableView,
    ScorecardView,
    ScoreStepView,
    StandardDetailView,
    StandardListView,
    TaskUpdateView,
)

__all__ = [
    "CandidatesView",
    "EvidenceDownloadView",
    "LeagueTableView",
    "ReviewRoundCreateView",
    "ReviewRoundDetailView",
    "ReviewRoundListView",
    "ReviewRoundStepView",
    "ScoreStepView",
    "ScorecardView",
    "SecretaryReportDetailView",
    "SecretaryReportStepView",
    "SecretaryReportWriteView",
    "StandardDetailView",
    "StandardListView",
    "TaskUpdateView",
]
