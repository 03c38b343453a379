"""Forms of the grid network. Choices are limited to the user's area; records are saved by services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jilin_grid.forms import ScopedModelForm, style_fields
from jilin_grid.pickers.widgets import use_picker
from jilin_grid.validators import phone_validator

from .models import Building, ChiefAssignment, Grid, GridWorker, Unit
from .pickers import BUILDING_ORDER


class GridForm(ScopedModelForm):
    class Meta:
        model = Grid
        fields = ["community", "code", "name", "households", "boundary"]
        widgets = {"boundary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A grid's code and community are fixed once created.
            for name in ("community", "code"):
                self.fields[name].disabled = True
                self.fields[name].required = False

    def target_area_code(self):
        if self.instance.pk:
            return self.instance.code
        community = self.cleaned_data.get("community")
        return community.code if community else None


class BuildingForm(ScopedModelForm):
    units = forms.IntegerField(
        label=_("Number of units"),
        min_value=0,
        max_value=30,
        initial=1,
        help_text=_("Units (entrances) numbered 1, 2, 3… are created with the building."),
    )

    class Meta:
        model = Building
        fields = ["grid", "compound", "name", "floors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = self.fields["grid"].queryset.select_related("community")
        self.fields["compound"].queryset = self.fields["compound"].queryset.select_related("community")
        use_picker(self, "grid", "grid")
        use_picker(self, "compound", "compound", depends={"grid": "grid"})
        if self.instance.pk:
            del self.fields["units"]

    def target_area_code(self):
        grid = self.cleaned_data.get("grid")
        return grid.code if grid else None


class UnitForm(ScopedModelForm):
    class Meta:
        model = Unit
        fields = ["building", "number", "households"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = (
            self.fields["building"].queryset.select_related("compound").order_by(*BUILDING_ORDER)
        )
        use_picker(self, "building", "building")
        if self.instance.pk:
            self.fields["building"].disabled = True
            self.fields["building"].required = False

    def target_area_code(self):
        if self.instance.pk:
            return self.instance.area_code
        building = self.cleaned_data.get("building")
        return building.area_code if building else None


class PersonFieldsMixin:
    """A person named by name and phone: the service finds them by phone or records them."""

    def add_person_fields(self, person=None):
        self.fields["name"] = forms.CharField(label=_("Full name"), max_length=50)
        self.fields["phone"] = forms.CharField(
            label=_("Phone"),
            max_length=20,
            required=False,
            validators=[phone_validator],
            help_text=_("A mobile number such as 13912345678 or a landline such as 0432-62345678."),
        )
        if person is not None:
            self.fields["name"].initial = person.name
            self.fields["phone"].initial = person.phone
        style_fields(self)


class GridWorkerForm(PersonFieldsMixin, ScopedModelForm):
    class Meta:
        model = GridWorker
        fields = ["grid", "employment", "started_on"]
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_person_fields(self.instance.person if self.instance.pk else None)
        use_picker(self, "grid", "grid")
        self.order_fields(["name", "phone", "grid", "employment", "started_on"])

    def target_area_code(self):
        grid = self.cleaned_data.get("grid")
        return grid.code if grid else None


class ChiefAssignmentForm(PersonFieldsMixin, ScopedModelForm):
    class Meta:
        model = ChiefAssignment
        fields = ["kind", "grid", "building", "unit", "place_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = (
            self.fields["building"].queryset.select_related("compound").order_by(*BUILDING_ORDER)
        )
        self.fields["unit"].queryset = (
            self.fields["unit"].queryset.select_related("building__compound").order_by("building_id", "number")
        )
        self.add_person_fields(self.instance.person if self.instance.pk else None)
        use_picker(self, "grid", "grid")
        use_picker(self, "building", "building", depends={"grid": "grid"})
        use_picker(self, "unit", "unit", depends={"building": "building"})
        self.order_fields(["kind", "name", "phone", "grid", "building", "unit", "place_name"])

    def target_area_code(self):
        grid = self.cleaned_data.get("grid")
        return grid.code if grid else None
