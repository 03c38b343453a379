"""Pages of the red stations and the family stations."""

from django.urls import path

from . import views

urlpatterns = [
    path("stations/", views.RedStationListView.as_view(), name="red_station_list"),
    path("stations/add/", views.RedStationCreateView.as_view(), name="red_station_create"),
    path("stations/<int:pk>/", views.RedStationPageView.as_view(), name="red_station_detail"),
    path("stations/<int:pk>/edit/", views.RedStationUpdateView.as_view(), name="red_station_edit"),
    path("stations/<int:pk>/events/add/", views.StationEventCreateView.as_view(), name="red_station_event_create"),
    path("stations/<int:pk>/items/add/", views.ServiceItemCreateView.as_view(), name="red_station_item_create"),
    path(
        "stations/<int:pk>/organizations/add/",
        views.OrganizationCreateView.as_view(),
        name="red_station_organization_create",
    ),
    path("stations/<int:pk>/experts/add/", views.ExpertCreateView.as_view(), name="red_station_expert_create"),
    path("stations/<int:pk>/volunteers/add/", views.VolunteerCreateView.as_view(), name="red_station_volunteer_create"),
    path("stations/family/", views.FamilyStationListView.as_view(), name="family_station_list"),
    path("stations/family/add/", views.FamilyStationCreateView.as_view(), name="family_station_create"),
    path("stations/family/<int:pk>/", views.FamilyStationPageView.as_view(), name="family_station_detail"),
    path(
        "stations/family/<int:pk>/activities/add/",
        views.FamilyActivityCreateView.as_view(),
        name="family_station_activity_create",
    ),
]
