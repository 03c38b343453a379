"""Filters shared by every app's FilterSets."""

import re
from collections.abc import Iterable

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from django_filters import utils
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
        kwargs.setdefault("label", _("Area"))
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


def whole_number_filter(*, min_value: int = 0, max_value: int = MAX_ID, **kwargs) -> django_filters.NumberFilter:
    """A filter on a whole number between two bounds (an age, years, hours, a year), which the API
    schema describes as such: a filter that computes its value (``method=``) or reads an annotation
    would be a "number" of any size there."""
    described = extend_schema_field({"type": "integer", "minimum": min_value, "maximum": max_value})
    return described(type("WholeNumberFilter", (django_filters.NumberFilter,), {}))(
        min_value=min_value, max_value=max_value, **kwargs
    )


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


TOGGLE_VALUES = {True: "true", False: "false", "true": "true", "false": "false", "1": "true", "0": "false"}


class ToggleBooleanWidget(StrictBooleanWidget):
    """A yes/no filter as a three-way toggle: all (the default: no filter), yes, no."""

    input_type = "radio"
    template_name = "django/forms/widgets/radio.html"
    option_template_name = "django/forms/widgets/radio_option.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]

    def format_value(self, value):
        """The option checked: "true", "false" or "" (all), whatever form the value came in."""
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        if isinstance(value, str):
            value = value.lower()
        return [
            {True: "true", False: "false", "true": "true", "false": "false", "1": "true", "0": "false"}.get(value, "")
        ]


class ChoiceCheckboxes(forms.CheckboxSelectMultiple):
    """A choice of several values as a group of check boxes (no Ctrl-click)."""


class ChoiceToggle(forms.RadioSelect):
    """A choice of one of a few values as a toggle whose first button, "all", is the default."""


# A choice of one value among at most this many is a toggle; more stay a drop-down.
TOGGLE_MAX_CHOICES = 6


def filter_widget(filter_: django_filters.Filter, request=None) -> forms.Widget | None:
    """The widget a filter of the portal's pages shows, by the filter's type: check boxes for a choice
    of several, a toggle for yes/no, the browser's date picker for a date, the area picker for an
    area. None keeps the filter's own (text, number, one choice). What is sent stays the same, so
    the API reads the same parameters."""
    from .forms import DateInput
    from .pickers.widgets import AreaPickerSelect

    if isinstance(filter_, django_filters.MultipleChoiceFilter | django_filters.ModelMultipleChoiceFilter):
        return ChoiceCheckboxes()
    if isinstance(filter_, django_filters.BooleanFilter):
        return ToggleBooleanWidget()
    choices = filter_.extra.get("choices")
    few = not callable(choices) and len(choices or ()) <= TOGGLE_MAX_CHOICES
    if type(filter_) is django_filters.ChoiceFilter and few:
        return ChoiceToggle()
    if isinstance(filter_, django_filters.DateFilter):
        return DateInput()
    if isinstance(filter_, AreaPrefixFilter):
        return AreaPickerSelect(user=getattr(request, "user", None))
    return None


class BoundedFilterSet(django_filters.FilterSet):
    """Every choice of objects by id, declared or generated, refuses an id out of the database's
    range with the usual "not one of the choices" message, and matches nothing for an id in range
    that names none of the caller's objects. Number filters are integers in the database's range;
    yes/no filters refuse what is neither. The base of the FilterSets that viewsets generate from
    ``filterset_fields`` too (``FilterBackend``).

    Its form shows each filter with the widget of its type (``filter_widget``): every list page
    gets check boxes, toggles, date pickers and the area picker from here."""

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
            widget = filter_widget(filter_, self.request)
            if widget is not None and "widget" not in filter_.extra:
                filter_.extra["widget"] = widget
            # A filter keeps the form field it made first, and the copies of the class's filters carry
            # it (the API's schema makes them): built again here, it has the class and widget above.
            filter_.__dict__.pop("_field", None)

    def filter_queryset(self, queryset):
        if any(value is NO_MATCH for value in self.form.cleaned_data.values()):
            return queryset.none()
        return super().filter_queryset(queryset)


# Filters that read every value of their parameter.
MULTIPLE_VALUE_FILTERS = (
    django_filters.MultipleChoiceFilter,
    django_filters.ModelMultipleChoiceFilter,
    django_filters.BaseInFilter,
    django_filters.BaseRangeFilter,
)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, generating FilterSets from ``filterset_fields`` on ``BoundedFilterSet``.

    A parameter that takes one value and is given several (``?year=2019&year=2020``) is refused
    (400, naming it) instead of the last one being read in silence."""

    filterset_base = BoundedFilterSet
    # Parameters of the list that are no filter's: its page, page size, order and format.
    LIST_PARAMETERS = frozenset({"page", "page_size", "ordering", "format"})

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or self._filters_nothing(filterset_class, request):
            return queryset
        filterset = filterset_class(**self.get_filterset_kwargs(request, queryset, view))
        repeated = {
            name: [_("Give one value of this parameter, not several.")]
            for name, filter_ in filterset.filters.items()
            if not isinstance(filter_, MULTIPLE_VALUE_FILTERS) and len(request.query_params.getlist(name)) > 1
        }
        if repeated:
            raise api_exceptions.ValidationError(repeated)
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        return filterset.qs

    def _filters_nothing(self, filterset_class, request) -> bool:
        """A request that sends no filter's parameter to a FilterSet that changes nothing unasked
        (no ``filter_queryset`` or ``qs`` of its own) is answered with the queryset as it is: the
        FilterSet, its copies of every filter and its form would be built to apply nothing."""
        return (
            request.query_params.keys() <= self.LIST_PARAMETERS
            and filterset_class.filter_queryset is BoundedFilterSet.filter_queryset
            and filterset_class.qs is BoundedFilterSet.qs
        )


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


def _shown_value(field: forms.Field, widget: forms.Widget, raw: str, cleaned) -> str:
    """How a filter's value reads on its chip: a choice's label, 是/否, an object's name, an area's
    path; what was sent when it is none of these."""
    from .pickers.widgets import AreaPickerSelect

    if isinstance(widget, AreaPickerSelect):
        return widget.label_for(raw)
    if isinstance(field, forms.NullBooleanField):
        shown = dict(ToggleBooleanWidget().choices).get(ToggleBooleanWidget().format_value(raw)[0])
        return str(shown) if shown and raw else raw
    if isinstance(field, forms.ModelChoiceField):
        records = cleaned if isinstance(cleaned, Iterable) and not isinstance(cleaned, str) else [cleaned]
        names = {str(record.pk): str(record) for record in records if hasattr(record, "pk")}
        return names.get(raw.strip(), raw)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(raw, raw))
    return raw


def filter_chips(filterset, request) -> list[dict]:
    """The filters ``request`` applied to a list, one chip each (one for each value of a choice of
    several): the filter's label, its value as the user knows it, and the link without it, every
    other parameter kept."""
    form = filterset.form
    cleaned = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    chips = []
    for name, field in form.fields.items():
        values = [value for value in request.GET.getlist(name) if value.strip()]
        for value in values:
            query = request.GET.copy()
            query.pop("page", None)
            query.setlist(name, [other for other in query.getlist(name) if other != value])
            encoded = query.urlencode()
            chips.append(
                {
                    "name": name,
                    "label": field.label,
                    "value": _shown_value(field, field.widget, value, cleaned.get(name)),
                    "url": f"{request.path}?{encoded}" if encoded else request.path,
                }
            )
    return chips
