"""Filters shared by every app's FilterSets."""

import django_filters
from django.utils.translation import gettext_lazy as _

from jilin_grid.validators import area_code_validator


class AreaPrefixFilter(django_filters.CharFilter):
    """Objects whose area code starts with the given code (a district, street, community or grid)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Area code (prefix)"))
        kwargs.setdefault("validators", [area_code_validator])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.in_area(value)


class ScopedFilterSet(django_filters.FilterSet):
    """Base FilterSet: ``area`` (code prefix) and ``q`` (name search) on every model."""

    area = AreaPrefixFilter()
    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ("name__icontains",)

    def search(self, queryset, name, value):
        from django.db.models import Q

        condition = Q()
        for lookup in self.search_fields:
            condition |= Q(**{lookup: value.strip()})
        return queryset.filter(condition) if value.strip() else queryset
