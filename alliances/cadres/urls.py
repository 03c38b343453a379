"""Pages of the cadres sunk to communities and checkpoints (机关党员干部下沉): assignments, the duty roster,
the overview of an area, departments and checkpoints."""

from django.urls import path

from . import views

urlpatterns = [
    path("cadres/", views.CadreAssignmentListView.as_view(), name="cadre_assignment_list"),
    path("cadres/assign/", views.CadreAssignmentCreateView.as_view(), name="cadre_assignment_create"),
    path("cadres/<int:pk>/", views.CadreAssignmentPageView.as_view(), name="cadre_assignment_detail"),
    path("cadres/<int:pk>/forms/<slug:form>/", views.CadreAssignmentFormView.as_view(), name="cadre_assignment_form"),
    path("cadres/roster/", views.CadreRosterView.as_view(), name="cadre_roster"),
    path("cadres/overview/", views.CadresOverviewView.as_view(), name="cadres_overview_home"),
    path("cadres/overview/<area:code>/", views.CadresOverviewView.as_view(), name="cadres_overview"),
    path("cadres/departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("cadres/departments/add/", views.DepartmentCreateView.as_view(), name="department_create"),
    path("cadres/departments/<int:pk>/edit/", views.DepartmentUpdateView.as_view(), name="department_edit"),
    path("cadres/departments/<int:pk>/retire/", views.DepartmentRetireView.as_view(), name="department_retire"),
    path("cadres/checkpoints/", views.CheckpointListView.as_view(), name="checkpoint_list"),
    path("cadres/checkpoints/add/", views.CheckpointCreateView.as_view(), name="checkpoint_create"),
    path("cadres/checkpoints/<int:pk>/edit/", views.CheckpointUpdateView.as_view(), name="checkpoint_edit"),
    path("cadres/checkpoints/<int:pk>/retire/", views.CheckpointRetireView.as_view(), name="checkpoint_retire"),
]
