"""API routes of the sunk cadres: departments, checkpoints, assignments and duty shifts."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("checkpoints", views.CheckpointViewSet, basename="checkpoint")
router.register("cadre-assignments", views.CadreAssignmentViewSet, basename="cadre-assignment")
router.register("duty-shifts", views.DutyShiftViewSet, basename="duty-shift")

urlpatterns = router.urls
