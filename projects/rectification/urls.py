"""Pages of the rectification of weak and lax organizations."""

from django.urls import path

from . import views

urlpatterns = [
    path("rectification/", views.CaseListView.as_view(), name="rectification_list"),
    path("rectification/identify/", views.IdentifyView.as_view(), name="rectification_identify"),
    path("rectification/<int:pk>/", views.CaseDetailView.as_view(), name="rectification_case"),
    path("rectification/<int:pk>/<slug:step>/", views.CaseStepView.as_view(), name="rectification_step"),
]
