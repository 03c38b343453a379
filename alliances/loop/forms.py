"""Forms of the alliances' pages. Choices stay inside the user's area (and the alliance); services save."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import PartyOrganization
from grids.problems.choices import Evaluation
from grids.problems.models import ResidentProblem
from jilin_grid.forms import DateInput, ScopedModelForm, StyledForm, location_form_fields, style_fields
from jilin_grid.scope import prefix_q
from jilin_grid.validators import phone_validator

from .models import Activity, Alliance, AllianceProblem, MemberUnit


def offer_choices(field, objects, label=str) -> None:
    """Show ``objects`` (already fetched) as the field's choices without a query of its own; the
    field's queryset still validates what comes back."""
    choices = [(obj.pk, label(obj)) for obj in objects]
    if not isinstance(field, forms.ModelMultipleChoiceField):
        choices = [("", "---------"), *choices]
    field.choices = choices


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.area_code})"


# The alliance -----------------------------------------------------------------------------------


class AllianceForm(ScopedModelForm):
    """Form an alliance (组建): its area, the party organization leading it, charter and founding date."""

    lead_organization = OrganizationChoiceField(
        queryset=PartyOrganization.objects.order_by("area_code", "name"), label=_("Lead organization")
    )

    class Meta:
        model = Alliance
        fields = ["name", "area_code", "lead_organization", "charter", "founded_on"]
        widgets = {"charter": forms.Textarea(attrs={"rows": 5}), "founded_on": DateInput()}
        help_texts = {
            "area_code": _("The code of the community or street the alliance belongs to."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organization"].help_text = _("A party organization inside the alliance's area.")
        if self.instance.pk:
            # An alliance stays in its area: the update takes no area.
            self.fields["area_code"].disabled = True
            self.fields["area_code"].required = False

    def target_area_code(self):
        if self.instance.pk:
            return self.instance.area_code
        return self.cleaned_data.get("area_code")

    def _post_clean(self):
        # The service validates the model (lead organization inside the area) and saves it.
        pass


# Forms of the alliance page ---------------------------------------------------------------------


class SurveyForm(StyledForm):
    """The survey (摸底): needs and resources of the alliance's area."""

    needs = forms.CharField(label=_("Needs found"), widget=forms.Textarea(attrs={"rows": 3}))
    resources = forms.CharField(label=_("Resources found"), widget=forms.Textarea(attrs={"rows": 3}))
    surveyed_on = forms.DateField(label=_("Surveyed on"), widget=DateInput())

    def __init__(self, *args, alliance: Alliance, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "needs": alliance.survey_needs,
                "resources": alliance.survey_resources,
                "surveyed_on": alliance.surveyed_on or timezone.localdate(),
            },
        )
        super().__init__(*args, **kwargs)


MEMBER_FIELDS = [
    "name",
    "kind",
    "party_organization",
    "contact_name",
    "contact_phone",
    "offers_venue",
    "offers_funds",
    "offers_skills",
    "offers_volunteers",
    "resources",
    "commitments",
    "joined_on",
]


def member_organizations(user, alliance: Alliance):
    """Active party organizations a member unit may have: inside the alliance's street, or an area
    above the alliance (a district's or the city's), among those the user sees."""
    street = alliance.area_code[:9]
    above = [alliance.area_code[:length] for length in (4, 6) if length < len(alliance.area_code)]
    return (
        PartyOrganization.objects.visible_to(user)
        .filter(prefix_q("area_code", street) | Q(area_code__in=above), is_active=True)
        .order_by("area_code", "name")
    )


class MemberUnitForm(forms.ModelForm):
    """A member unit: kind, party organization, contact, what it offers and commits to.

    For a role that does not see personal data the stored phone is not shown: left empty, it is kept.
    """

    party_organization = OrganizationChoiceField(
        queryset=PartyOrganization.objects.order_by("area_code", "name"),
        required=False,
        label=_("Party organization"),
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"), max_length=20, required=False, validators=[phone_validator]
    )

    class Meta:
        model = MemberUnit
        fields = MEMBER_FIELDS
        widgets = {
            "resources": forms.Textarea(attrs={"rows": 2}),
            "commitments": forms.Textarea(attrs={"rows": 2}),
            "joined_on": DateInput(),
        }

    def __init__(self, *args, alliance: Alliance, user, sees_phone: bool = True, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        self.keeps_hidden_phone = bool(self.instance.pk and self.instance.contact_phone and not sees_phone)
        field = self.fields["party_organization"]
        field.queryset = member_organizations(user, alliance)
        if organizations is not None:
            offer_choices(field, organizations, field.label_from_instance)
        if self.keeps_hidden_phone:
            self.initial["contact_phone"] = ""
            self.fields["contact_phone"].help_text = _("A number is on record; leave this empty to keep it.")
        style_fields(self)

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"]
        if not phone and self.keeps_hidden_phone:
            return self.instance.contact_phone
        return phone

    def _post_clean(self):
        pass


class VenueForm(StyledForm):
    """A venue a member unit opens to residents."""

    member = forms.ModelChoiceField(queryset=MemberUnit.objects.none(), label=_("Member unit"))
    name = forms.CharField(label=_("Name"), max_length=150)
    address = forms.CharField(label=_("Address"), max_length=200)
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=100)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0, initial=0)
    is_open = forms.BooleanField(label=_("Open to residents"), required=False, initial=True)
    latitude, longitude = location_form_fields()

    def __init__(self, *args, alliance: Alliance, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = alliance.members.filter(is_active=True)
        if members is not None:
            offer_choices(self.fields["member"], members)


class ActivityForm(StyledForm):
    """An activity: date, place, organizers, kind and person-times."""

    title = forms.CharField(label=_("Title"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity._meta.get_field("kind").choices)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    organizers = forms.ModelMultipleChoiceField(
        queryset=MemberUnit.objects.none(), label=_("Organizers"), widget=forms.CheckboxSelectMultiple
    )
    participants = forms.IntegerField(label=_("Participants (person-times)"), min_value=0)

    def __init__(self, *args, alliance: Alliance, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizers"].queryset = alliance.members.filter(is_active=True)
        if members is not None:
            offer_choices(self.fields["organizers"], members)
        self.fields["organizers"].widget.attrs["class"] = "form-check-input"


class ResidentProblemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"#{obj.pk} {obj.category.name} · {obj.description[:40]} ({obj.get_status_display()})"


def linkable_resident_problems(user, alliance: Alliance):
    """Residents' problems the user sees inside the alliance's area, the newest first."""
    return (
        ResidentProblem.objects.visible_to(user)
        .in_area(alliance.area_code)
        .select_related("category")
        .order_by("-recorded_at", "-id")
    )


class ProblemCollectForm(StyledForm):
    """Take on a problem (收集): raised at the alliance, or a resident's problem recorded in a grid of its area."""

    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    collected_on = forms.DateField(label=_("Collected on"), widget=DateInput(), initial=timezone.localdate)
    resident_problem = ResidentProblemChoiceField(
        queryset=ResidentProblem.objects.none(),
        required=False,
        label=_("Linked resident's problem"),
        help_text=_("Optional: a problem recorded in a grid of the alliance's area."),
    )

    def __init__(self, *args, alliance: Alliance, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident_problem"].queryset = linkable_resident_problems(user, alliance)


class MeetingForm(StyledForm):
    """A joint meeting (会商): date, attending units and minutes; its decisions come in a formset."""

    held_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    attendees = forms.ModelMultipleChoiceField(
        queryset=MemberUnit.objects.none(),
        label=_("Attending units"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, alliance: Alliance, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = alliance.members.filter(is_active=True)
        if members is not None:
            offer_choices(self.fields["attendees"], members)
        self.fields["attendees"].widget.attrs["class"] = "form-check-input"


class DecisionForm(StyledForm):
    problem = forms.ModelChoiceField(queryset=AllianceProblem.objects.none(), label=_("Problem"))
    assigned_to = forms.ModelChoiceField(queryset=MemberUnit.objects.none(), label=_("Assigned unit"))
    action = forms.CharField(label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())

    def __init__(self, *args, alliance: Alliance, members=None, problems=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = alliance.problems.exclude(step="evaluated")
        self.fields["assigned_to"].queryset = alliance.members.filter(is_active=True)
        if problems is not None:
            offer_choices(self.fields["problem"], problems)
        if members is not None:
            offer_choices(self.fields["assigned_to"], members)


class BaseDecisionFormSet(forms.BaseFormSet):
    def decisions(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]

    def clean(self):
        super().clean()
        if not any(self.errors) and not self.decisions():
            raise forms.ValidationError(_("Record at least one decision: problem, unit, action and deadline."))


DecisionFormSet = forms.formset_factory(DecisionForm, formset=BaseDecisionFormSet, extra=3, max_num=20)


class DecisionReportForm(StyledForm):
    """The assigned unit's report (落实): what it did."""

    report = forms.CharField(label=_("What the unit did"), widget=forms.Textarea(attrs={"rows": 2}))
    reported_on = forms.DateField(label=_("Reported on"), widget=DateInput(), initial=timezone.localdate)


class EvaluationForm(StyledForm):
    """The residents' evaluation (评价) of an implemented problem."""

    evaluation = forms.ChoiceField(label=_("Residents' evaluation"), choices=Evaluation.choices)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DateInput(), initial=timezone.localdate)
