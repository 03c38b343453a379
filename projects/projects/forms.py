"""Forms of the No.1 project pages. Choices stay inside the user's area; services save the records."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communities.models import PartyOrganization
from jilin_grid.areas import AreaLevel
from jilin_grid.forms import ScopedModelForm, StyledForm, style_fields
from jilin_grid.scope import get_scope, prefix_q

from .models import Project
from .permissions import may_claim
from .services import refile_reason_missing


def _month_label(month: int) -> str:
    return gettext("Month %(month)s") % {"month": month}


# Labels in the language of the request (formatting a lazy string would fix it at import).
MONTH_CHOICES = [(month, lazy(_month_label, str)(month)) for month in range(1, 13)]
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
    """A month's progress. ``filed`` (month → its ProgressReport) are the months already filed:
    filing one of them again asks why (``reason``; the service refuses it without one)."""

    held_upload_fields = ("attachments",)

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
    reason = forms.CharField(
        label=_("Why it is filed again"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the month has already been filed: its earlier version is kept in the history."),
    )

    def __init__(self, *args, filed: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filed = filed or {}
        self.fields["month"].choices = [
            (month, _("%(month)s (filed)") % {"month": label} if month in self.filed else label)
            for month, label in MONTH_CHOICES
        ]

    def clean(self):
        cleaned_data = super().clean()
        month = cleaned_data.get("month")
        # Asked here too, so that it is shown together with the form's other refusals.
        if month in self.filed and not cleaned_data.get("reason", "").strip():
            self.add_error("reason", refile_reason_missing(month))
        return cleaned_data

    def chosen_month(self) -> int | None:
        """The month chosen (typed or initial), as a number."""
        value = self["month"].value()
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    def chosen_filed(self):
        """The progress already filed for the chosen month, or None."""
        return self.filed.get(self.chosen_month())
