"""API routes of the one-stop desk and its figures."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("desk-matters", views.MatterViewSet, basename="desk-matter")
router.register("desk-workers", views.SocialWorkerViewSet, basename="desk-worker")
router.register("desk-cases", views.CaseViewSet, basename="desk-case")

urlpatterns = [
    *router.urls,
    path("stats/desk/", views.DeskStatsView.as_view(), name="stats-desk"),
]
