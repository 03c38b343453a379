"""API routes of the cockpit."""

from django.urls import path

from . import views

urlpatterns = [path("cockpit/", views.CockpitView.as_view(), name="cockpit")]
