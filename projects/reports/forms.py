"""Forms of the dispatch report pages: requesting a report of an area the user may ask for."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import District, Street
from jilin_grid.areas import level_of
from jilin_grid.forms import StyledForm
from jilin_grid.scope import get_scope, prefix_q
from projects.projects.forms import REPORT_LEVELS
from projects.projects.permissions import may_request_report

from .choices import ReportKind
from .periods import parse_period

# Reports -----------------------------------------------------------------------------------------


def requestable_areas(user) -> list[tuple[str, str]]:
    """(code, name) of the city, districts and streets inside the user's area they may ask reports of."""
    from communities.models import City

    scope = get_scope(user)
    areas: list[tuple[str, str]] = []
    for model in (City, District, Street):
        queryset = model.objects.filter(is_active=True).order_by("code")
        if not scope.is_superuser:
            condition = Q(pk__in=[])
            for code in scope.codes:
                condition |= prefix_q("code", code)
            queryset = queryset.filter(condition)
        areas.extend(queryset.values_list("code", "name"))
    return [(code, name) for code, name in areas if may_request_report(scope, code)]


class ReportRequestForm(StyledForm):
    """Ask for a report of an area: a month (2020-06) or a quarter (2020-Q2)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices)
    period = forms.CharField(
        label=_("Period"), max_length=7, help_text=_("2020-06 for a month, 2020-Q2 for a quarter.")
    )
    area_code = forms.CharField(label=_("Area"), max_length=15, widget=forms.Select)

    def __init__(self, *args, user, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = get_scope(user)
        self.areas = areas if areas is not None else requestable_areas(user)
        # The areas as a tree: each street set in below its district, named, never a code to type.
        top = min((len(code) for code, _name in self.areas), default=0)
        depth = {4: 0, 6: 1, 9: 2}
        self.fields["area_code"].widget.choices = [
            (code, "\u3000" * (depth.get(len(code), 0) - depth.get(top, 0)) + name) for code, name in self.areas
        ]
        if not self.is_bound and self.areas:
            self.initial.setdefault("area_code", self.areas[0][0])

    def clean_period(self):
        return self.cleaned_data["period"].strip().upper()

    def clean_area_code(self):
        raw = self.cleaned_data["area_code"].strip()
        # "220211 丰满区" picked from the list: the code is the first word.
        code = raw.split()[0] if raw else raw
        if level_of(code) not in REPORT_LEVELS or not self.scope.covers(code):
            raise ValidationError(_("Choose the city, a district or a street inside your area."))
        if not may_request_report(self.scope, code):
            raise ValidationError(_("Your role may not ask for reports of this area."))
        return code

    def clean(self):
        cleaned_data = super().clean()
        kind, period = cleaned_data.get("kind"), cleaned_data.get("period")
        if kind and period:
            try:
                parse_period(kind, period)
            except ValueError as error:
                self.add_error("period", str(error))
        return cleaned_data
