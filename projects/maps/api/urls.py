"""API routes of the maps."""

from django.urls import path

from . import views

urlpatterns = [
    path("geo/<area:code>/", views.GeoView.as_view(), name="geo-area"),
    path("stats/maps/", views.MapStatsView.as_view(), name="stats-maps"),
]
