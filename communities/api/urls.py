"""API routes of the communities app."""

from rest_framework.routers import SimpleRouter

from communities.api import views

router = SimpleRouter()
router.register("cities", views.CityViewSet, basename="city")
router.register("districts", views.DistrictViewSet, basename="district")
router.register("streets", views.StreetViewSet, basename="street")
router.register("communities", views.CommunityViewSet, basename="community")
router.register("people", views.PersonViewSet, basename="person")
router.register("party-organizations", views.PartyOrganizationViewSet, basename="party-organization")

urlpatterns = router.urls
