"""API routes of the rectification of weak and lax organizations."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("rectification-cases", views.RectificationCaseViewSet, basename="rectification-case")
router.register("rectification-problem-kinds", views.ProblemKindViewSet, basename="rectification-problem-kind")

urlpatterns = [*router.urls]
