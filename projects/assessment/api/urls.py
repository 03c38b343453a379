"""API routes of the branch assessment, and its figures."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("assessment-standards", views.StandardViewSet, basename="assessment-standard")
router.register("assessment-scores", views.ScoreViewSet, basename="assessment-score")
router.register("review-rounds", views.ReviewRoundViewSet, basename="review-round")
router.register("secretary-reports", views.SecretaryReportViewSet, basename="secretary-report")

urlpatterns = [
    *router.urls,
    path("stats/assessment/", views.AssessmentStatsView.as_view(), name="stats-assessment"),
]
