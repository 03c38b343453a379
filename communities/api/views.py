"""API endpoints of the communities app: the administrative tree (read-only), people and party
organizations. Every queryset is limited to the caller's area by the base viewsets."""

from __future__ import annotations

from communities import filtersets, services
from communities.api import serializers
from communities.models import City, Community, District, PartyOrganization, Person, Street
from jilin_grid.api.viewsets import RetireOnDeleteMixin, ScopedModelViewSet, ScopedReadOnlyViewSet


class CityViewSet(ScopedReadOnlyViewSet):
    queryset = City.objects.all()
    serializer_class = serializers.CitySerializer
    filterset_class = filtersets.CityFilterSet
    ordering_fields = ["code", "name", "id"]
    ordering = ["code"]


class DistrictViewSet(ScopedReadOnlyViewSet):
    queryset = District.objects.select_related("city")
    serializer_class = serializers.DistrictSerializer
    filterset_class = filtersets.DistrictFilterSet
    ordering_fields = ["code", "name", "kind", "id"]
    ordering = ["code"]


class StreetViewSet(ScopedReadOnlyViewSet):
    queryset = Street.objects.select_related("district")
    serializer_class = serializers.StreetSerializer
    filterset_class = filtersets.StreetFilterSet
    ordering_fields = ["code", "name", "kind", "id"]
    ordering = ["code"]


class CommunityViewSet(ScopedReadOnlyViewSet):
    queryset = Community.objects.select_related("street")
    serializer_class = serializers.CommunitySerializer
    filterset_class = filtersets.CommunityFilterSet
    ordering_fields = ["code", "name", "id"]
    ordering = ["code"]


class PersonViewSet(ScopedModelViewSet):
    """People who fill roles. A person has no retired state, so people are not deleted here."""

    queryset = Person.objects.all()
    serializer_class = serializers.PersonSerializer
    filterset_class = filtersets.PersonFilterSet
    ordering_fields = ["name", "area_code", "id", "created_at"]
    ordering = ["name", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class PartyOrganizationViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    queryset = PartyOrganization.objects.select_related("secretary")
    serializer_class = serializers.PartyOrganizationSerializer
    filterset_class = filtersets.PartyOrganizationFilterSet
    ordering_fields = ["area_code", "name", "kind", "member_count", "founded_on", "id"]
    ordering = ["area_code", "name"]

    def retire(self, instance) -> None:
        services.party_organization_retire(organization=instance)
