"""Forms of the No.1 project pages. Choices stay inside the user's area; services save the records."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.choices import AreaLevel, level_of
from communities.models import District, PartyOrganization, Street
from jilin_grid.forms import ScopedModelForm, style_fields
from jilin_grid.scope import get_scope, prefix_q

from .choices import ReportKind
from .models import Project
from .periods import parse_period
from .permissions import may_claim, may_request_report

MONTH_CHOICES = [(month, _("Month %(month)s") % {"month": month}) for month in range(1, 13)]
# The levels a report can be asked for (the city and each district, also a street).
REPORT_LEVELS = (AreaLevel.CITY, AreaLevel.DISTRICT, AreaLevel.STREET)


def claimable_organizations(user):
    """Active party organizations inside the areas where the user may claim a project."""
    scope = get_scope(user)
    queryset = PartyOrganization.objects.visible_to(user).filter(is_active=True).order_by("area_code", "name")
    if scope.is_superuser:
        return queryset
    condition = Q(pk__in=[])
    for code in scope.codes:
        if may_claim(scope, code):
            condition |= prefix_q("area_code", code)
    return queryset.filter(condition)


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.area_code})"


class ProjectForm(ScopedModelForm):
    """A claim, or its revision: the project's fields; the milestones come in a formset beside it."""

    organization = OrganizationChoiceField(queryset=PartyOrganization.objects.none(), label=_("Party organization"))
    start_month = forms.TypedChoiceField(
        label=_("First month of progress"),
        choices=MONTH_CHOICES,
        coerce=int,
        initial=1,
        help_text=_("Monthly progress is due from this month of the year on."),
    )

    class Meta:
        model = Project
        fields = ["organization", "year", "title", "problem", "goal", "measures", "responsible", "start_month"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = claimable_organizations(self.user)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        else:
            # The organization and the year of a claim are fixed once claimed.
            for name in ("organization", "year"):
                self.fields[name].disabled = True
                self.fields[name].required = False
            self.fields["organization"].queryset = PartyOrganization.objects.filter(pk=self.instance.organization_id)
        style_fields(self)

    def target_area_code(self):
        if self.instance.pk:
            return self.instance.area_code
        organization = self.cleaned_data.get("organization")
        return organization.area_code if organization else None

    def clean(self):
        cleaned_data = super().clean()
        code = self.target_area_code()
        if code and not may_claim(self.scope, code):
            raise ValidationError(_("Your role may not claim projects for this organization."))
        return cleaned_data

    def _post_clean(self):
        # The service validates the model; the form must not construct the instance's
        # organization from a disabled field or check constraints before the service runs.
        pass


class MilestoneForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Month"), choices=[("", "—"), *MONTH_CHOICES], coerce=int, empty_value=None)
    description = forms.CharField(label=_("Milestone"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class BaseMilestoneFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.milestones():
            raise ValidationError(_("Plan at least one milestone with its month."))

    def milestones(self) -> list[dict]:
        return [
            {"month": form.cleaned_data["month"], "description": form.cleaned_data["description"]}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


MilestoneFormSet = forms.formset_factory(
    MilestoneForm, formset=BaseMilestoneFormSet, extra=3, min_num=1, validate_min=True, max_num=24
)


# Actions on the project page ----------------------------------------------------------------------


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ApproveForm(StyledForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(StyledForm):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2}))


class ShowcaseForm(StyledForm):
    writeup = forms.CharField(label=_("Good practice write-up"), widget=forms.Textarea(attrs={"rows": 3}))


class CompleteForm(StyledForm):
    summary = forms.CharField(label=_("Closing summary"), widget=forms.Textarea(attrs={"rows": 3}))


class AbandonForm(StyledForm):
    reason = forms.CharField(label=_("Reason for abandoning"), widget=forms.Textarea(attrs={"rows": 2}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each one's type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ProgressForm(StyledForm):
    month = forms.TypedChoiceField(label=_("Month"), choices=MONTH_CHOICES, coerce=int)
    percent_complete = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100)
    done = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_steps = forms.CharField(label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Images, PDF and Office files."),
    )


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
    area_code = forms.CharField(
        label=_("Area"),
        max_length=15,
        help_text=_("Choose an area from the list or type its code."),
    )

    def __init__(self, *args, user, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = get_scope(user)
        self.areas = areas if areas is not None else requestable_areas(user)
        self.fields["area_code"].widget.attrs["list"] = "report-areas"
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
