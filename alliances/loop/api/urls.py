"""API routes of the alliances, their six-step loop and their statistics."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("alliances", views.AllianceViewSet, basename="alliance")
router.register("member-units", views.MemberUnitViewSet, basename="member-unit")
router.register("venues", views.VenueViewSet, basename="venue")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("alliance-problems", views.AllianceProblemViewSet, basename="alliance-problem")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("decisions", views.DecisionViewSet, basename="decision")

urlpatterns = [
    path("stats/alliances/", views.AllianceStatsView.as_view(), name="stats-alliances"),
    *router.urls,
]
