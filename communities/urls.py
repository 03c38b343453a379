"""Pages of the communities app."""

from django.urls import path  # noqa: F401

app_name = "communities"

urlpatterns: list = []
