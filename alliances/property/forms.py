"""Forms of red-heart property's pages: a property company, a compound's change of mode, its owners'
committee and a month's fee collection, a cross-appointment, a deliberation meeting, a resolution and
its outcome. Each is saved by ``alliances.property.services``; choices are limited to the page's
community and the user's area."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliances.cadres.forms import CommunityChoiceField
from communities.choices import HostUnitKind
from communities.models import Community, PartyOrganization
from grids.problems.models import ResidentProblem
from jilin_grid.forms import DateInput, ScopedModelForm, StyledForm, choosable

from .choices import AppointmentDirection, ManagementMode, Party
from .models import PropertyCompany


class MonthInput(forms.DateInput):
    """The browser's month picker (YYYY-MM)."""

    input_type = "month"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m")
        super().__init__(**kwargs)


class MembersField(forms.CharField):
    """Members typed one a line, a name and then, after a space, a post: ``[(name, post), ...]``."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value):
        text = super().to_python(value)
        rows = []
        for line in text.splitlines():
            name, _space, post = line.strip().partition(" ")
            if name:
                rows.append((name, post.strip()))
        return rows


class CompanyForm(ScopedModelForm):
    """A property company of a community, with its party organization if it has one."""

    community = CommunityChoiceField(queryset=Community.objects.order_by("code"), label=_("Community"))
    party_organization = forms.ModelChoiceField(
        queryset=PartyOrganization.objects.filter(host_unit_kind=HostUnitKind.PROPERTY_COMPANY).order_by(
            "area_code", "name"
        ),
        required=False,
        label=_("Party organization"),
        help_text=_("The company's own party organization, if it has one."),
    )

    class Meta:
        model = PropertyCompany
        fields = ["community", "name", "party_organization"]

    def target_area_code(self):
        community = self.cleaned_data.get("community")
        return community.code if community else None

    def _post_clean(self):
        # The service validates the model and saves it.
        pass


class CommunityPartForm(StyledForm):
    """A form of a page about one compound or community: the page passes the user and the community."""

    def __init__(self, *args, user=None, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.community = community


class FeeCollectionForm(CommunityPartForm):
    """A compound's property fees for a month: households billed and households that paid."""

    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m", "%Y-%m-%d"], widget=MonthInput())
    households_billed = forms.IntegerField(label=_("Households billed"), min_value=1, max_value=100_000)
    households_paid = forms.IntegerField(label=_("Households paid"), min_value=0, max_value=100_000)

    def clean_month(self):
        return self.cleaned_data["month"].replace(day=1)

    def clean(self):
        data = super().clean()
        billed, paid = data.get("households_billed"), data.get("households_paid")
        if billed is not None and paid is not None and paid > billed:
            self.add_error("households_paid", ValidationError(_("More households paid than were billed.")))
        return data


class FeeCorrectionForm(CommunityPartForm):
    """Correct a month's figures of a compound; the compound and the month stay."""

    households_billed = forms.IntegerField(label=_("Households billed"), min_value=1, max_value=100_000)
    households_paid = forms.IntegerField(label=_("Households paid"), min_value=0, max_value=100_000)

    def clean(self):
        data = super().clean()
        billed, paid = data.get("households_billed"), data.get("households_paid")
        if billed is not None and paid is not None and paid > billed:
            self.add_error("households_paid", ValidationError(_("More households paid than were billed.")))
        return data


class ModeChangeForm(CommunityPartForm):
    """A compound's change of management mode from a day on, with the company serving it, or, when
    abandoned, its consultation council and members."""

    mode = forms.ChoiceField(label=_("Management mode"), choices=ManagementMode.choices)
    since = forms.DateField(label=_("Since"), widget=DateInput())
    company = forms.ModelChoiceField(
        queryset=PropertyCompany.objects.none(), required=False, label=_("Property company")
    )
    council_name = forms.CharField(label=_("Consultation council"), max_length=100, required=False)
    council_members = MembersField(
        label=_("Council members"),
        required=False,
        help_text=_("One a line: the name, a space, the post."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = choosable(
            PropertyCompany.objects.filter(community=self.community).order_by("name"), self.user
        )


class OwnersCommitteeForm(CommunityPartForm):
    """An owners' committee of a compound for a term, with its members."""

    term_start = forms.DateField(label=_("Term starts"), widget=DateInput())
    term_end = forms.DateField(label=_("Term ends"), widget=DateInput())
    members = MembersField(label=_("Members"), help_text=_("One a line: the name, a space, the post."))


class CrossAppointmentForm(CommunityPartForm):
    """A cross-appointment between the community's party organization and one of its companies."""

    company = forms.ModelChoiceField(queryset=PropertyCompany.objects.none(), label=_("Property company"))
    person_name = forms.CharField(label=_("Name"), max_length=50)
    direction = forms.ChoiceField(label=_("Direction"), choices=AppointmentDirection.choices)
    post = forms.CharField(label=_("Post held"), max_length=100)
    started_on = forms.DateField(label=_("From"), widget=DateInput())
    ended_on = forms.DateField(label=_("Until"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = choosable(
            PropertyCompany.objects.filter(community=self.community).order_by("name"), self.user
        )


class MeetingForm(CommunityPartForm):
    """A residents' deliberation meeting of the three parties: its day, compound, attendees by party,
    topics and the residents' problems of the community (in the user's area) it took up."""

    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    compound = forms.ModelChoiceField(queryset=None, required=False, label=_("Compound"))
    residents_committee_attendees = forms.IntegerField(
        label=_("Attendees of the residents' committee"), min_value=0, max_value=500
    )
    property_company_attendees = forms.IntegerField(
        label=_("Attendees of the property company"), min_value=0, max_value=500
    )
    owners_committee_attendees = forms.IntegerField(
        label=_("Attendees of the owners' committee"), min_value=0, max_value=500
    )
    topics = forms.CharField(label=_("Topics"), widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.ModelMultipleChoiceField(
        queryset=ResidentProblem.objects.none(),
        required=False,
        label=_("Residents' problems taken up"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = self.community.compounds.visible_to(self.user).order_by("name")
        self.fields["problems"].queryset = (
            ResidentProblem.objects.visible_to(self.user)
            .select_related("category")
            .filter(area_code__startswith=self.community.code)
            .order_by("-recorded_at")
        )


class ResolutionForm(CommunityPartForm):
    """A resolution of a meeting, assigned to a party with a deadline."""

    text = forms.CharField(label=_("Resolution"), max_length=300)
    party = forms.ChoiceField(label=_("Assigned to"), choices=Party.choices)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())


class EndAppointmentForm(CommunityPartForm):
    """The day a cross-appointment ended."""

    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput(), initial=timezone.localdate)


class OutcomeForm(CommunityPartForm):
    """The outcome of a resolution: the day it was carried out and what was done."""

    done_on = forms.DateField(label=_("Carried out on"), widget=DateInput())
    outcome = forms.CharField(label=_("Outcome"), max_length=300)
