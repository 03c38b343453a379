"""Pages of the projects app: the No.1 projects and their reports."""

from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/claim/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/revise/", views.ProjectUpdateView.as_view(), name="project_edit"),
    path("projects/<int:pk>/<slug:step>/", views.ProjectActionView.as_view(), name="project_action"),
    path("projects/attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/status/", views.ReportStatusView.as_view(), name="report_status"),
    path("reports/<int:pk>/retry/", views.ReportRetryView.as_view(), name="report_retry"),
    path("reports/<int:pk>/download/<str:fmt>/", views.ReportDownloadView.as_view(), name="report_download"),
]
