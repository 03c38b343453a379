"""Pages of the one-stop desk: the catalogue of matters, the social workers, the cases and the figures."""

from django.urls import path

from . import views

urlpatterns = [
    path("desk/", views.CaseListView.as_view(), name="desk_case_list"),
    path("desk/cases/add/", views.CaseCreateView.as_view(), name="desk_case_create"),
    path("desk/cases/<int:pk>/", views.CasePageView.as_view(), name="desk_case_detail"),
    path("desk/cases/<int:pk>/<slug:step>/", views.CaseStepView.as_view(), name="desk_case_step"),
    path("desk/matters/", views.MatterListView.as_view(), name="desk_matter_list"),
    path("desk/matters/add/", views.MatterCreateView.as_view(), name="desk_matter_create"),
    path("desk/matters/<int:pk>/", views.MatterPageView.as_view(), name="desk_matter_detail"),
    path("desk/matters/<int:pk>/edit/", views.MatterUpdateView.as_view(), name="desk_matter_edit"),
    path("desk/workers/", views.SocialWorkerListView.as_view(), name="desk_worker_list"),
    path("desk/workers/add/", views.SocialWorkerCreateView.as_view(), name="desk_worker_create"),
    path("desk/workers/<int:pk>/edit/", views.SocialWorkerUpdateView.as_view(), name="desk_worker_edit"),
    path("desk/figures/", views.DeskFiguresView.as_view(), name="desk_figures"),
]
