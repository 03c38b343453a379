"""Pages of the organization departments' cockpit."""

from django.urls import path

from . import views

urlpatterns = [
    path("cockpit/", views.CockpitView.as_view(), name="cockpit"),
    path("cockpit/index/", views.IndexEditView.as_view(), name="cockpit_index"),
    path("cockpit/<area:code>/", views.CockpitView.as_view(), name="cockpit_area"),
    path("cockpit/<area:code>/screen/", views.CockpitScreenView.as_view(), name="cockpit_screen"),
]
