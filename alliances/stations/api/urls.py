"""API routes of the red stations and the family stations, and their figures."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("red-stations", views.RedStationViewSet, basename="red-station")
router.register("family-stations", views.FamilyStationViewSet, basename="family-station")

urlpatterns = [
    *router.urls,
    path("stats/stations/", views.StationStatsView.as_view(), name="stats-stations"),
]
