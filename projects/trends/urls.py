"""Pages of the trends."""

from django.urls import path

from . import views

urlpatterns = [path("trends/<area:code>/", views.TrendsView.as_view(), name="trends_area")]
