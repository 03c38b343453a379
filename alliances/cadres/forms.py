"""Forms of the sunk cadres' pages (机关党员干部下沉).

Choices stay inside the user's area, except the departments, which come from the user's areas and
those above them.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliances.loop.forms import OrganizationChoiceField
from communities.choices import Gender
from communities.models import City, Community, District, PartyOrganization
from jilin_grid.forms import DateInput, ScopedModelForm, StyledForm
from jilin_grid.validators import phone_validator

from .models import CadreAssignment, Checkpoint, Department


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class CheckpointChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.community.name} · {obj.name}"


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.area_code})"


def department_areas(user) -> list[tuple[str, str]]:
    """(code, name) of the city and the districts inside the user's areas: where a department may sit."""
    cities = City.objects.visible_to(user).filter(is_active=True).values_list("code", "name")
    districts = District.objects.visible_to(user).filter(is_active=True).values_list("code", "name")
    return [(code, f"{name} ({code})") for code, name in [*cities, *districts]]


# Departments and checkpoints ---------------------------------------------------------------------


class DepartmentForm(ScopedModelForm):
    """A department of the city or of a district (机关部门), and its party organization if any."""

    area_code = forms.ChoiceField(label=_("City or district"))
    organization = OrganizationChoiceField(
        queryset=PartyOrganization.objects.filter(area_code__length__lte=6).order_by("area_code", "name"),
        required=False,
        label=_("Party organization"),
    )

    class Meta:
        model = Department
        fields = ["name", "area_code", "organization"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["area_code"]
        field.help_text = _("The city or district the department belongs to.")
        field.choices = [("", "---------"), *department_areas(self.user)]
        self.fields["organization"].help_text = _("The department's party organization, at its city or district.")
        if self.instance.pk:
            # A department stays in its city or district: the update takes no area.
            field.choices = [(self.instance.area_code, self.instance.area_code)]
            field.disabled = True
            field.required = False

    def target_area_code(self):
        if self.instance.pk:
            return self.instance.area_code
        return self.cleaned_data.get("area_code")

    def _post_clean(self):
        # The service validates the model and saves it.
        pass


class CheckpointForm(ScopedModelForm):
    """A checkpoint (卡点) of a community where sunk cadres take their shifts."""

    community = CommunityChoiceField(queryset=Community.objects.order_by("code"), label=_("Community"))

    class Meta:
        model = Checkpoint
        fields = ["community", "name", "address", "latitude", "longitude"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A checkpoint stays in its community.
            self.fields["community"].disabled = True
            self.fields["community"].required = False

    def target_area_code(self):
        if self.instance.pk:
            return self.instance.area_code
        community = self.cleaned_data.get("community")
        return community.code if community else None

    def _post_clean(self):
        pass


# Assignments and shifts --------------------------------------------------------------------------


class CadreAssignmentForm(ScopedModelForm):
    """Send a cadre (下沉): the department, the community and optionally its checkpoint, the post and
    duty (设岗定责), the period, and who the cadre is (found again by phone inside the department's area)."""

    department = DepartmentChoiceField(queryset=Department.objects.none(), label=_("Department"))
    community = CommunityChoiceField(queryset=Community.objects.order_by("code"), label=_("Community"))
    checkpoint = CheckpointChoiceField(
        queryset=Checkpoint.objects.select_related("community").order_by("area_code", "name"),
        required=False,
        label=_("Checkpoint"),
        help_text=_("Optional: a checkpoint of that community."),
    )
    name = forms.CharField(label=_("Cadre's name"), max_length=50)
    phone = forms.CharField(label=_("Cadre's phone"), max_length=20, required=False, validators=[phone_validator])
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)

    class Meta:
        model = CadreAssignment
        fields = ["department", "community", "checkpoint", "duty", "start_on", "end_on"]
        widgets = {"start_on": DateInput(), "end_on": DateInput()}
        help_texts = {
            "duty": _("The post and duty fixed for the cadre (设岗定责), e.g. checkpoint duty, door-to-door checks."),
            "end_on": _("Leave empty while the assignment lasts."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A department of the city or district above the community serves it: the user's areas and
        # those above them, not only what lies inside the user's areas.
        self.fields["department"].queryset = Department.objects.filter(
            self.scope.reach_q("area_code"), is_active=True
        ).order_by("area_code", "name")
        if not self.is_bound:
            if not self.initial.get("start_on"):
                self.initial["start_on"] = timezone.localdate()
            communities = list(self.fields["community"].queryset[:2])
            if len(communities) == 1:
                self.initial["community"] = communities[0].pk
        # The checkpoints grouped under their communities (one query); the queryset still validates.
        groups: dict[str, list] = {}
        for checkpoint in self.fields["checkpoint"].queryset:
            groups.setdefault(checkpoint.community.name, []).append((checkpoint.pk, checkpoint.name))
        self.fields["checkpoint"].choices = [("", "---------"), *groups.items()]

    def target_area_code(self):
        community = self.cleaned_data.get("community")
        return community.code if community else None

    def _post_clean(self):
        pass


def local_moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


class DutyShiftForm(StyledForm):
    """A duty shift: the day, when it starts and ends; an end not after the start is on the next day
    (a night shift), so three shifts of eight hours cover 24-hour duty."""

    day = forms.DateField(label=_("Day"), widget=DateInput())
    start = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end = forms.TimeField(label=_("Ends at"), widget=TimeInput(), help_text=_("Not after the start: the next day."))

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = local_moment(day, start)
            data["ends_at"] = local_moment(day + datetime.timedelta(days=1) if end <= start else day, end)
        return data


class AssignmentEndForm(StyledForm):
    """The cadre returns to their department on a day (today by default)."""

    end_on = forms.DateField(label=_("Ends on"), widget=DateInput(), initial=timezone.localdate)


# Reports -----------------------------------------------------------------------------------------


class OnDayForm(StyledForm):
    """The day the figures are counted on."""

    on = forms.DateField(label=_("In force on"), widget=DateInput(), required=False)
