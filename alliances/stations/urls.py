"""Pages of the red stations and the family stations."""

from django.urls import path

from . import views

urlpatterns = [
    path("stations/", views.RedStationListView.as_view(), name="red_station_list"),
    path("stations/add/", views.RedStationCreateView.as_view(), name="red_station_create"),
    path("stations/<int:pk>/", views.RedStationPageView.as_view(), name="red_station_detail"),
    path("stations/<int:pk>/edit/", views.RedStationUpdateView.as_view(), name="red_station_edit"),
    path("stations/<int:pk>/events/add/", views.StationEventCreateView.as_view(), name="red_station_event_create"),
    path("stations/family/", views.FamilyStationListView.as_view(), name="family_station_list"),
    path("stations/family/<int:pk>/", views.FamilyStationPageView.as_view(), name="family_station_detail"),
]
