"""Pages of the No.1 projects (书记一号工程): the list, claiming and revising, the project page and its steps."""

from django.urls import path

from . import views

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/claim/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/revise/", views.ProjectUpdateView.as_view(), name="project_edit"),
    path("projects/<int:pk>/<slug:step>/", views.ProjectActionView.as_view(), name="project_action"),
    path("projects/attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
]
