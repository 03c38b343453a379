"""Pages of the maps."""

from django.urls import path

from . import views

urlpatterns = [
    path("maps/", views.MapView.as_view(), name="map_home"),
    path("maps/<area:code>/", views.MapView.as_view(), name="map_area"),
]
