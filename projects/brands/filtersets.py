"""FilterSets of the service brands, shared by the API and the list pages."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import ScopedFilterSet

from .choices import ProvinceOutcome, RoundStatus
from .models import BrandApplication, SelectionRound, ShowcaseArticle


class SelectionRoundFilterSet(ScopedFilterSet):
    """Rounds by year, status and theme."""

    search_fields = ("theme__icontains",)
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.MultipleChoiceFilter(choices=RoundStatus.choices, label=_("Status"))

    class Meta:
        model = SelectionRound
        fields = ["year", "status"]


class BrandApplicationFilterSet(ScopedFilterSet):
    """Applications by area, round, year, winners and the province's outcome."""

    search_fields = ("name__icontains", "community__name__icontains")
    year = django_filters.NumberFilter(field_name="round__year", label=_("Year"))
    is_winner = django_filters.BooleanFilter(label=_("Winner"))
    province_outcome = django_filters.MultipleChoiceFilter(
        choices=ProvinceOutcome.choices, label=_("Province's selection")
    )

    class Meta:
        model = BrandApplication
        fields = ["area", "round", "year", "is_winner", "province_outcome"]


class ShowcaseArticleFilterSet(ScopedFilterSet):
    """Articles of the showcase column by title and publication date."""

    search_fields = ("title__icontains", "body__icontains")
    published_from = django_filters.DateFilter(field_name="published_on", lookup_expr="gte", label=_("Published from"))
    published_to = django_filters.DateFilter(field_name="published_on", lookup_expr="lte", label=_("Published to"))

    class Meta:
        model = ShowcaseArticle
        fields = ["published_from", "published_to"]
