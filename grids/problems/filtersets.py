"""FilterSets of residents' problems, shared by the API and the list pages."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import ScopedFilterSet

from .choices import OPEN_PROBLEM_STATUSES, HandlingLevel, ProblemStatus, Urgency
from .models import ProblemCategory, ResidentProblem
from .selectors import problem_queue


class ResidentProblemFilterSet(ScopedFilterSet):
    """Residents' problems: by area, status, category, urgency, level held at, overdue, escalated
    (handed up at least once, whatever level holds them now), one of the
    staff queues (area, mine, holding, overdue, escalated), the recording dates, and text."""

    search_fields = ("description__icontains", "resident_name__icontains", "grid__name__icontains")
    status = django_filters.MultipleChoiceFilter(choices=ProblemStatus.choices, label=_("Status"))
    category = django_filters.ModelMultipleChoiceFilter(queryset=ProblemCategory.objects.all(), label=_("Category"))
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices, label=_("Urgency"))
    level = django_filters.ChoiceFilter(choices=HandlingLevel.choices, label=_("Held at"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    escalated = django_filters.BooleanFilter(method="filter_escalated", label=_("Escalated"))
    queue = django_filters.ChoiceFilter(
        choices=[
            ("area", _("My area's")),
            ("mine", _("Recorded by me")),
            ("holding", _("Held at my level")),
            ("overdue", _("Overdue")),
            ("escalated", _("Escalated to us")),
        ],
        method="filter_queue",
        label=_("Queue"),
    )
    recorded_from = django_filters.DateFilter(
        field_name="recorded_at", lookup_expr="date__gte", label=_("Recorded from")
    )
    recorded_to = django_filters.DateFilter(field_name="recorded_at", lookup_expr="date__lte", label=_("Recorded to"))

    class Meta:
        model = ResidentProblem
        fields = ["grid", "status", "category", "urgency", "level"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status__in=OPEN_PROBLEM_STATUSES, due_at__lt=timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_escalated(self, queryset, name, value):
        if value is None:
            return queryset
        escalated = Q(escalations__gt=0)
        return queryset.filter(escalated) if value else queryset.exclude(escalated)

    def filter_queue(self, queryset, name, value):
        if not value:
            return queryset
        user = getattr(self.request, "user", None)
        return queryset.filter(pk__in=problem_queue(user, value).values("pk"))
