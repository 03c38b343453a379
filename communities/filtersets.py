"""FilterSets of the communities app, shared by the API and the list pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from communities.choices import HostUnitKind, PartyOrganizationKind
from communities.models import City, Community, District, PartyOrganization, Person, Street
from jilin_grid.filters import ScopedFilterSet


class DistrictFilterSet(ScopedFilterSet):
    search_fields = ("name__icontains", "code__startswith")

    class Meta:
        model = District
        fields = ["kind", "is_active", "city"]


class StreetFilterSet(ScopedFilterSet):
    search_fields = ("name__icontains", "code__startswith")

    class Meta:
        model = Street
        fields = ["kind", "is_active", "district"]


class CommunityFilterSet(ScopedFilterSet):
    search_fields = ("name__icontains", "code__startswith")

    class Meta:
        model = Community
        fields = ["is_active", "street"]


class CityFilterSet(ScopedFilterSet):
    class Meta:
        model = City
        fields = ["is_active"]


class PersonFilterSet(ScopedFilterSet):
    search_fields = ("name__icontains",)

    class Meta:
        model = Person
        fields = ["is_party_member", "gender"]


class PartyOrganizationFilterSet(ScopedFilterSet):
    search_fields = ("name__icontains", "host_unit_name__icontains")
    kind = django_filters.MultipleChoiceFilter(choices=PartyOrganizationKind.choices, label=_("Kind"))
    host_unit_kind = django_filters.MultipleChoiceFilter(choices=HostUnitKind.choices, label=_("Where it sits"))

    class Meta:
        model = PartyOrganization
        fields = ["kind", "host_unit_kind", "parent", "is_active"]
