"""Forms of the residents' problems pages: recording a problem and the steps of its lifecycle.

Choices are limited to the user's area; the problem is saved by ``grids.problems.services``, whose
refusals land next to the fields.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.network.models import Building, Grid, ResidentialCompound, Unit
from grids.network.pickers import BUILDING_ORDER
from jilin_grid.forms import scope_choice_fields, style_fields
from jilin_grid.pickers.widgets import use_picker
from jilin_grid.scope import WRITE_ROLES, get_scope, prefix_q

from .choices import Evaluation, Urgency
from .models import ProblemCategory


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each one's type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def recordable_grids(user):
    """Active grids inside the user's area where their role may record a problem."""
    scope = get_scope(user)
    queryset = Grid.objects.filter(is_active=True).select_related("community").order_by("code")
    if scope.is_superuser:
        return queryset
    condition = Q(pk__in=[])
    for code, role in scope.grants:
        if role in WRITE_ROLES:
            condition |= prefix_q("code", code)
    return queryset.filter(condition)


class ProblemRecordForm(forms.Form):
    """A resident's problem as staff take it down: where, what, who, how urgent, photos."""

    held_upload_fields = ("photos",)

    grid = forms.ModelChoiceField(label=_("Grid"), queryset=Grid.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), queryset=ProblemCategory.objects.none())
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    compound = forms.ModelChoiceField(
        label=_("Residential compound"), queryset=ResidentialCompound.objects.all(), required=False
    )
    building = forms.ModelChoiceField(label=_("Building"), queryset=Building.objects.all(), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all(), required=False)
    resident_name = forms.CharField(label=_("Resident's name"), max_length=50)
    resident_phone = forms.CharField(label=_("Resident's phone"), max_length=20, required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    photos = MultipleFileField(
        label=_("Photos"), required=False, help_text=_("Several photos may be chosen (JPEG, PNG, WebP or HEIC).")
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.pop("instance", None)
        super().__init__(*args, **kwargs)
        self.user = user
        scope_choice_fields(self, user)
        self.fields["grid"].queryset = recordable_grids(user)
        self.fields["category"].queryset = ProblemCategory.objects.filter(is_active=True)
        self.fields["compound"].queryset = self.fields["compound"].queryset.order_by("name")
        self.fields["building"].queryset = (
            self.fields["building"].queryset.select_related("compound").order_by(*BUILDING_ORDER)
        )
        self.fields["unit"].queryset = (
            self.fields["unit"].queryset.select_related("building__compound").order_by("building_id", "number")
        )
        if self.fields["grid"].queryset.count() == 1:
            self.fields["grid"].initial = self.fields["grid"].queryset.first()
        use_picker(self, "grid", "grid")
        use_picker(self, "compound", "compound", depends={"grid": "grid"})
        use_picker(self, "building", "building", depends={"grid": "grid", "compound": "compound"})
        use_picker(self, "unit", "unit", depends={"building": "building"})
        style_fields(self)


# Steps on the problem page ------------------------------------------------------------------------


class StepForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class NoteForm(StepForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EscalateForm(StepForm):
    reason = forms.CharField(label=_("Why it goes up a level"), widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(StepForm):
    resolution = forms.CharField(label=_("How it was solved"), widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(StepForm):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2}))


class EvaluateForm(StepForm):
    evaluation = forms.ChoiceField(
        label=_("The resident's evaluation"), choices=Evaluation.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded after a call or a visit to the resident."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluation"].widget.attrs["class"] = "form-check-input"
