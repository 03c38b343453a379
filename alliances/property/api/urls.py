"""API routes of red-heart property, and its figures."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("property-companies", views.PropertyCompanyViewSet, basename="property-company")
router.register("compound-modes", views.CompoundModeViewSet, basename="compound-mode")
router.register("owners-committees", views.OwnersCommitteeViewSet, basename="owners-committee")
router.register("cross-appointments", views.CrossAppointmentViewSet, basename="cross-appointment")
router.register("deliberation-meetings", views.DeliberationMeetingViewSet, basename="deliberation-meeting")
router.register("resolutions", views.ResolutionViewSet, basename="resolution")
router.register("fee-collections", views.FeeCollectionViewSet, basename="fee-collection")

urlpatterns = [
    *router.urls,
    path("stats/property/", views.PropertyStatsView.as_view(), name="stats-property"),
]
