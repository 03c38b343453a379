"""Filters shared by every app's FilterSets."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.widgets import BooleanWidget
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions as api_exceptions
from rest_framework import filters

from jilin_grid.api.exceptions import bilingual
from jilin_grid.validators import area_code_validator


@extend_schema_field({"type": "string", "pattern": r"^(\d{4}(\d{2}(\d{3}(\d{3}(\d{3})?)?)?)?)?$"})
class AreaPrefixFilter(django_filters.CharFilter):
    """Objects whose area code starts with the given code (a district, street, community or grid)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Area code (prefix)"))
        kwargs.setdefault("validators", [area_code_validator])
        kwargs.setdefault("strip", False)  # as sent: " 2202" or a tab is not a code
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.in_area(value)


# The largest id a database column holds (a 64-bit signed integer): a larger one matches nothing,
# and handed to the database it is an error (SQLite: OverflowError), so it is refused first.
MAX_ID = 2**63 - 1


def ascii_digits(text: str) -> bool:
    """Only 0-9: ``str.isdigit()`` also takes "¹" or "٣", which ``int()`` then refuses."""
    return text.isascii() and text.isdigit()


def _out_of_range(value) -> bool:
    text = str(value).strip()
    return ascii_digits(text.lstrip("-")) and abs(int(text)) > MAX_ID


def _is_id(value) -> bool:
    """An integer a database column can hold: an id that may name an object, or none."""
    text = str(value).strip()
    return ascii_digits(text.lstrip("-")) and not _out_of_range(text)


class NoMatch:
    """The value of a filter given an id that names none of the caller's objects: it matches no row,
    as an object outside the caller's area does not exist for them."""

    def __repr__(self) -> str:
        return "NO_MATCH"


NO_MATCH = NoMatch()


class BoundedModelChoiceField(filter_fields.ModelChoiceField):
    """A choice of one object by id: an id no database column can hold is refused (400, not 500); an
    id of no object the caller sees matches nothing (an empty list, as the schema's integer allows)."""

    def to_python(self, value):
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        try:
            return super().to_python(value)
        except ValidationError:
            if _is_id(value):
                return NO_MATCH
            raise


class BoundedModelMultipleChoiceField(filter_fields.ModelMultipleChoiceField):
    """A choice of objects by ids that refuses an id no database column can hold (400, not 500)."""

    def _check_values(self, value):
        for item in value or ():
            if _out_of_range(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        known = {
            str(pk)
            for pk in self.queryset.filter(pk__in=[v for v in value or () if _is_id(v)]).values_list("pk", flat=True)
        }
        kept = [item for item in value or () if not _is_id(item) or str(int(str(item).strip())) in known]
        if value and not kept:
            return NO_MATCH  # ids, none of them the caller's: nothing matches
        return super()._check_values(kept)


class BoundedIntegerField(forms.IntegerField):
    """A number filter over an integer column: a value no database column can hold is refused."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -MAX_ID)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class StrictBooleanWidget(BooleanWidget):
    """django-filter's true/false select, which hands on what it does not know instead of reading
    it as "no filter"."""

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        value = super().value_from_datadict(data, files, name)
        return raw if value is None and raw not in (None, "") else value


class StrictBooleanField(forms.NullBooleanField):
    """A yes/no filter: true, false, 1 or 0, or nothing; anything else is refused (400), not ignored."""

    def to_python(self, value):
        if value in (True, False, None, ""):
            return None if value == "" else value
        raise ValidationError(_("Enter true or false."), code="invalid")


class BoundedFilterSet(django_filters.FilterSet):
    """Every choice of objects by id, declared or generated, refuses an id out of the database's
    range with the usual "not one of the choices" message, and matches nothing for an id in range
    that names none of the caller's objects. Number filters are integers in the database's range;
    yes/no filters refuse what is neither. The base of the FilterSets that viewsets generate from
    ``filterset_fields`` too (``FilterBackend``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ModelMultipleChoiceFilter):
                filter_.field_class = BoundedModelMultipleChoiceField
            elif isinstance(filter_, django_filters.ModelChoiceFilter):
                filter_.field_class = BoundedModelChoiceField
            elif isinstance(filter_, django_filters.NumberFilter):
                filter_.field_class = BoundedIntegerField
            elif isinstance(filter_, django_filters.BooleanFilter):
                filter_.field_class = StrictBooleanField
                filter_.extra["widget"] = StrictBooleanWidget

    def filter_queryset(self, queryset):
        if any(value is NO_MATCH for value in self.form.cleaned_data.values()):
            return queryset.none()
        return super().filter_queryset(queryset)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, generating FilterSets from ``filterset_fields`` on ``BoundedFilterSet``."""

    filterset_base = BoundedFilterSet


class ScopedFilterSet(BoundedFilterSet):
    """Base FilterSet: ``area`` (code prefix) and ``q`` (name search) on every model, and the rules
    of ``BoundedFilterSet`` for ids, numbers and yes/no.
    """

    area = AreaPrefixFilter()
    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ("name__icontains",)

    def search(self, queryset, name, value):
        from django.db.models import Q

        condition = Q()
        for lookup in self.search_fields:
            condition |= Q(**{lookup: value.strip()})
        return queryset.filter(condition) if value.strip() else queryset


class OrderingFilter(filters.OrderingFilter):
    """DRF's ordering, held to the view's ``ordering_fields``: ``?ordering=`` with any other name (or
    an empty term) answers 400 naming the allowed ones, instead of being silently ignored, and the
    schema gives the exact pattern of what is accepted (names, each may take a ``-``, by commas)."""

    def _names(self, view) -> list[str]:
        fields = getattr(view, "ordering_fields", None)
        if not isinstance(fields, list | tuple):
            return []
        return [field if isinstance(field, str) else field[0] for field in fields]

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        names = self._names(view)
        if raw is not None and names:
            terms = [term.strip() for term in raw.split(",")]
            if any(term.removeprefix("-") not in names for term in terms):
                raise api_exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            bilingual(
                                "只能按以下字段排序（前加 - 为倒序，多个用逗号分隔）：" + "、".join(names),
                                "Order by one of these (a leading - reverses, commas separate several): "
                                + ", ".join(names),
                            )
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        names = self._names(view)
        if names:
            name = "|".join(re.escape(name) for name in names)
            for parameter in parameters:
                parameter["schema"]["pattern"] = rf"^-?({name})(,-?({name}))*$"
        return parameters
