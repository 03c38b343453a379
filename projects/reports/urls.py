"""Pages of the dispatch reports (月调度通报, 季度通报): the list, a report's page, its status and files."""

from django.urls import path

from . import views

urlpatterns = [
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/production/", views.ReportProductionView.as_view(), name="report_production"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/status/", views.ReportStatusView.as_view(), name="report_status"),
    path("reports/<int:pk>/retry/", views.ReportRetryView.as_view(), name="report_retry"),
    path("reports/<int:pk>/download/<str:fmt>/", views.ReportDownloadView.as_view(), name="report_download"),
]
