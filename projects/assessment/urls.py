"""Pages of the branch assessment: the league table, the candidates for rectification, a branch's
scorecard and its steps, the evidence, and the standards."""

from django.urls import path

from . import views

urlpatterns = [
    path("assessment/", views.LeagueTableView.as_view(), name="assessment_league"),
    path("assessment/area/<str:code>/", views.LeagueTableView.as_view(), name="assessment_league_area"),
    path("assessment/candidates/", views.CandidatesView.as_view(), name="assessment_candidates"),
    path("assessment/candidates/<str:code>/", views.CandidatesView.as_view(), name="assessment_candidates_area"),
    path("assessment/branches/<int:pk>/<int:year>/", views.ScorecardView.as_view(), name="assessment_scorecard"),
    path("assessment/branches/<int:pk>/<int:year>/<slug:step>/", views.ScoreStepView.as_view(), name="assessment_step"),
    path("assessment/evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="assessment_evidence"),
    path("assessment/standards/", views.StandardListView.as_view(), name="assessment_standard_list"),
    path("assessment/standards/<int:year>/", views.StandardDetailView.as_view(), name="assessment_standard"),
    path("assessment/tasks/<int:pk>/", views.TaskUpdateView.as_view(), name="assessment_task"),
]

urlpatterns += [
    path("assessment/reviews/", views.ReviewRoundListView.as_view(), name="review_round_list"),
    path("assessment/reviews/open/", views.ReviewRoundCreateView.as_view(), name="review_round_create"),
    path("assessment/reviews/<int:pk>/", views.ReviewRoundDetailView.as_view(), name="review_round_detail"),
    path(
        "assessment/reviews/<int:pk>/write/<int:organization>/",
        views.SecretaryReportWriteView.as_view(),
        name="secretary_report_write",
    ),
    path("assessment/reviews/<int:pk>/<slug:step>/", views.ReviewRoundStepView.as_view(), name="review_round_step"),
    path("assessment/reports/<int:pk>/", views.SecretaryReportDetailView.as_view(), name="secretary_report_detail"),
    path(
        "assessment/reports/<int:pk>/<slug:step>/",
        views.SecretaryReportStepView.as_view(),
        name="secretary_report_step",
    ),
]
