"""API routes of the secretaries' filing."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("secretary-filings", views.SecretaryFilingViewSet, basename="secretary-filing")

urlpatterns = [*router.urls]
