"""The filters of the audit trail's search page: who, what, when, which kind, which area."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import BoundedModelChoiceField
from jilin_grid.scope import prefix_q
from jilin_grid.validators import area_code_validator

from .models import AuditEntry, AuditKind


class ContentTypeChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return str(model._meta.verbose_name) if model is not None else obj.model


class AuditEntryFilterSet(django_filters.FilterSet):
    actor = django_filters.CharFilter(field_name="actor_name", lookup_expr="icontains", label=_("User"))
    model = django_filters.ModelChoiceFilter(
        field_name="content_type", queryset=ContentType.objects.none(), label=_("Record type")
    )
    kind = django_filters.ChoiceFilter(choices=AuditKind.choices, label=_("Kind"))
    since = django_filters.DateFilter(
        field_name="timestamp", lookup_expr="date__gte", label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = django_filters.DateFilter(
        field_name="timestamp", lookup_expr="date__lte", label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    area = django_filters.CharFilter(method="in_area", label=_("Area"), validators=[area_code_validator])

    class Meta:
        model = AuditEntry
        fields = ["actor", "model", "kind", "since", "until", "area"]

    def __init__(self, *args, **kwargs):
        from .selectors import tracked_content_types

        super().__init__(*args, **kwargs)
        self.filters["model"].field_class = ContentTypeChoiceField
        self.filters["model"].queryset = tracked_content_types()

    def in_area(self, queryset, name, value):
        return queryset.filter(prefix_q("area_code", value)) if value else queryset
