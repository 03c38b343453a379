"""The FilterSet of the secretaries' filings, shared by the API and the list pages: area, name,
selection method, age range, years in post, training hours in a year, last review result, current
or ended, and the sort."""

from __future__ import annotations

from datetime import date

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import ScopedFilterSet, whole_number_filter
from projects.assessment.choices import ReviewGrade

from .choices import SelectionMethod
from .models import SecretaryFiling
from .selectors import default_training_year


def years_ago(years: int, today: date | None = None) -> date:
    """The day ``years`` whole years before today (29 February falls back to the 28th)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


class SecretaryFilingFilterSet(ScopedFilterSet):
    """Filings by area, secretary's or organization's name, selection, age, years in post, training
    hours in a year (``training_year``, default this year), last review result and whether current.

    The queryset is ``selectors.filings_with_figures(training_year)``: it carries ``training_hours``
    and ``last_review``."""

    search_fields = ("secretary__name__icontains", "organization__name__icontains")
    selection = django_filters.MultipleChoiceFilter(
        choices=SelectionMethod.choices, label=_("How selected"), distinct=False
    )
    age_min = whole_number_filter(method="filter_age_min", label=_("Age from"), max_value=150)
    age_max = whole_number_filter(method="filter_age_max", label=_("Age to"), max_value=150)
    years_in_post_min = whole_number_filter(method="filter_years_min", label=_("Years in post from"), max_value=100)
    years_in_post_max = whole_number_filter(method="filter_years_max", label=_("Years in post to"), max_value=100)
    training_year = whole_number_filter(
        method="filter_nothing", label=_("Training year"), min_value=2000, max_value=2100
    )
    training_hours_min = whole_number_filter(
        field_name="training_hours", lookup_expr="gte", label=_("Training hours from")
    )
    training_hours_max = whole_number_filter(
        field_name="training_hours", lookup_expr="lte", label=_("Training hours to")
    )
    last_review = django_filters.MultipleChoiceFilter(
        choices=ReviewGrade.choices, label=_("Last review result"), distinct=False
    )
    current = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", label=_("Current"))
    sort = django_filters.OrderingFilter(
        fields=(
            ("area_code", "area"),
            ("secretary__name", "name"),
            ("birth_date", "birth_date"),
            ("selected_on", "selected_on"),
            ("training_hours", "training_hours"),
        ),
        field_labels={
            "area_code": _("Area"),
            "secretary__name": _("Secretary"),
            "birth_date": _("Birth date"),
            "selected_on": _("In post since"),
            "training_hours": _("Training hours"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = SecretaryFiling
        fields = ["area", "selection", "current"]

    # An age of at least N: born at least N years ago; at most N: born less than N + 1 years ago.

    def filter_age_min(self, queryset, name, value: int):
        return queryset.filter(birth_date__lte=years_ago(int(value)))

    def filter_age_max(self, queryset, name, value: int):
        return queryset.filter(birth_date__gt=years_ago(int(value) + 1))

    def filter_years_min(self, queryset, name, value: int):
        return queryset.filter(selected_on__lte=years_ago(int(value)))

    def filter_years_max(self, queryset, name, value: int):
        return queryset.filter(selected_on__gt=years_ago(int(value) + 1))

    def filter_nothing(self, queryset, name, value):
        # The year is applied by the queryset's annotation (``training_year_of``).
        return queryset


def training_year_of(data) -> int:
    """The training year a request's filters ask for (this year by default, or when malformed)."""
    text = (data or {}).get("training_year", "")
    if isinstance(text, str) and text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return default_training_year()
