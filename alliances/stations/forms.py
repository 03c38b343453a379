"""Forms of the red stations' pages: a station (community staff add and edit it), what belongs to it
(a service item, a stationed organization, an expert, a volunteer, an event), and the family stations
and their activities. Each is saved by ``alliances.stations.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.cadres.forms import CommunityChoiceField
from alliances.volunteering.models import InServiceMember
from communities.models import Community
from jilin_grid.forms import DateInput, ScopedModelForm, StyledForm, choosable
from jilin_grid.pickers.widgets import use_picker

from .choices import ExpertField, StationEventKind, VolunteerKind
from .models import FamilyStation, RedStation, StationFunction
from .pickers import MEMBER_PICKER


class RedStationForm(ScopedModelForm):
    """A red station of a community: its place, the old police booth it was made from, its opening
    day and hours, and the functions it offers."""

    community = CommunityChoiceField(queryset=Community.objects.order_by("code"), label=_("Community"))
    functions = forms.ModelMultipleChoiceField(
        queryset=StationFunction.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Functions"),
    )

    class Meta:
        model = RedStation
        fields = [
            "community",
            "name",
            "place",
            "former_booth",
            "opened_on",
            "hours",
            "functions",
            "latitude",
            "longitude",
        ]
        widgets = {"opened_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A station stays in its community.
            self.fields["community"].disabled = True
            self.fields["community"].required = False

    def target_area_code(self):
        if self.instance.pk:
            return self.instance.area_code
        community = self.cleaned_data.get("community")
        return community.code if community else None

    def _post_clean(self):
        # The service validates the model and saves it.
        pass


class StationPartForm(StyledForm):
    """A form of something added to a station; the page passes the user."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class StationEventForm(StationPartForm):
    """An event held at a red station: its day, kind, title and how many took part."""

    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=StationEventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=100_000)


class ServiceItemForm(StationPartForm):
    """A service item of a station: what is offered, when, and by whom."""

    title = forms.CharField(label=_("Service"), max_length=100)
    schedule = forms.CharField(label=_("When"), max_length=100, help_text=_("Every Tuesday morning, ..."))
    provider = forms.CharField(label=_("By whom"), max_length=100)


class OrganizationForm(StationPartForm):
    """A social organization stationed at a station."""

    name = forms.CharField(label=_("Name"), max_length=100)


class ExpertForm(StationPartForm):
    """An expert engaged by a station and when they serve."""

    name = forms.CharField(label=_("Name"), max_length=50)
    field = forms.ChoiceField(label=_("Field"), choices=ExpertField.choices)
    schedule = forms.CharField(label=_("Schedule"), max_length=100)


class VolunteerForm(StationPartForm):
    """A volunteer of a station: an in-service party member of the user's area (picked by name; the
    service checks they reported to the station's community), a university student or a resident
    (by name)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=VolunteerKind.choices)
    member = forms.ModelChoiceField(
        queryset=InServiceMember.objects.all(),
        required=False,
        label=_("In-service party member"),
        help_text=_("For an in-service party member: one of your area's."),
    )
    name = forms.CharField(label=_("Name"), max_length=50, required=False, help_text=_("For a student or a resident."))
    reported_elsewhere = forms.BooleanField(
        label=_("Reported elsewhere"),
        required=False,
        help_text=_("The member serves here though they reported to another community."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the members of the user's area are offered (and accepted); a long list is searched.
        self.fields["member"].queryset = choosable(InServiceMember.objects.all(), user).select_related("person")
        use_picker(self, "member", MEMBER_PICKER)


class FamilyStationForm(ScopedModelForm):
    """A party member's home opened as a demonstration family station of a community."""

    community = CommunityChoiceField(queryset=Community.objects.order_by("code"), label=_("Community"))

    class Meta:
        model = FamilyStation
        fields = [
            "community",
            "host",
            "place",
            "learning_place",
            "activity_carrier",
            "service_feature",
            "opened_on",
            "latitude",
            "longitude",
        ]
        widgets = {"opened_on": DateInput()}

    def target_area_code(self):
        community = self.cleaned_data.get("community")
        return community.code if community else None

    def _post_clean(self):
        # The service validates the model and saves it.
        pass


class FamilyActivityForm(StationPartForm):
    """An activity held at a family station: its day, title and how many took part."""

    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=100)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=100_000)
