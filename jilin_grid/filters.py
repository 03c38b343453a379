"""Filters shared by every app's FilterSets."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

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


# The largest id a database column holds (a 64-bit signed integer): a larger one matches nothing,
# and handed to the database it is an error (SQLite: OverflowError), so it is refused first.
MAX_ID = 2**63 - 1


def _out_of_range(value) -> bool:
    text = str(value).strip()
    return text.lstrip("-").isdigit() and abs(int(text)) > MAX_ID


class BoundedModelChoiceField(filter_fields.ModelChoiceField):
    """A choice of one object by id that refuses an id no database column can hold (400, not 500)."""

    def to_python(self, value):
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(filter_fields.ModelMultipleChoiceField):
    """A choice of objects by ids that refuses an id no database column can hold (400, not 500)."""

    def _check_values(self, value):
        for item in value or ():
            if _out_of_range(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


class ScopedFilterSet(django_filters.FilterSet):
    """Base FilterSet: ``area`` (code prefix) and ``q`` (name search) on every model.

    Every choice of objects by id, declared or generated, refuses an id out of the database's
    range with the usual "not one of the choices" message.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ModelMultipleChoiceFilter):
                filter_.field_class = BoundedModelMultipleChoiceField
            elif isinstance(filter_, django_filters.ModelChoiceFilter):
                filter_.field_class = BoundedModelChoiceField

    area = AreaPrefixFilter()
    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ("name__icontains",)

    def search(self, queryset, name, value):
        from django.db.models import Q

        condition = Q()
        for lookup in self.search_fields:
            condition |= Q(**{lookup: value.strip()})
        return queryset.filter(condition) if value.strip() else queryset
