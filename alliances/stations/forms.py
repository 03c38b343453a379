"""Forms of the red stations' pages: a station (community staff add and edit it) and an event."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.cadres.forms import CommunityChoiceField
from communities.models import Community
from jilin_grid.forms import DateInput, ScopedModelForm, StyledForm

from .choices import StationEventKind
from .models import RedStation, StationFunction


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
        fields = ["community", "name", "place", "former_booth", "opened_on", "hours", "functions"]
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


class StationEventForm(StyledForm):
    """An event held at a red station: its day, kind, title and how many took part."""

    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=StationEventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=100_000)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
