"""Pages of the audit trail."""

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.AuditLogView.as_view(), name="audit_log"),
    path(
        "history/<str:app_label>/<str:model_name>/<int:pk>/", views.ObjectHistoryView.as_view(), name="object_history"
    ),
]
