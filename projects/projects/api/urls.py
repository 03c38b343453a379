"""API routes of the No.1 projects and their statistics."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("progress-reports", views.ProgressReportViewSet, basename="progress-report")
router.register("project-events", views.ProjectEventViewSet, basename="project-event")

urlpatterns = [
    path("stats/projects/", views.ProjectStatsView.as_view(), name="stats-projects"),
    *router.urls,
]
