"""Pages of the alliances app."""

from django.urls import path  # noqa: F401

app_name = "alliances"

urlpatterns: list = []
