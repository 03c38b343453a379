"""Forms of the volunteering pages: members' reports (双报到), service posts, claims and service, and the
report by employer unit.

Choices stay inside the user's area; the employer's party organization may also sit above it
(a city department's organization serves a community's member).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliances.loop.forms import OrganizationChoiceField, offer_choices
from communities.choices import Gender
from communities.models import Community, PartyOrganization
from jilin_grid.forms import OUTSIDE_AREA_MESSAGE, DateInput, ScopedModelForm, StepForm, StyledForm, style_fields
from jilin_grid.scope import get_scope
from jilin_grid.validators import area_code_validator, phone_validator

from .models import InServiceMember, ServiceKind, ServicePost


class UnitReportForm(forms.Form):
    """The area whose employer units are reported, and the period (``from`` and ``to``, both optional)."""

    area = forms.CharField(label=_("Area"), max_length=15, required=False, validators=[area_code_validator])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # ``from`` is a keyword in Python: these fields are named in the query string's words.
        self.fields["from"] = forms.DateField(label=_("From"), widget=DateInput(), required=False)
        self.fields["to"] = forms.DateField(label=_("Until"), widget=DateInput(), required=False)
        style_fields(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end must not come before the start."))
        return data


def employer_organizations(user):
    """Active party organizations a member's work unit may have: in the user's areas or above them.

    Grid party organizations are left out: they organize residents, not work units.
    """
    return (
        PartyOrganization.objects.filter(get_scope(user).reach_q("area_code"), is_active=True)
        .filter(area_code__length__lt=15)
        .order_by("area_code", "name")
    )


def active_kinds():
    return ServiceKind.objects.filter(is_active=True)


def writable_communities(user):
    return Community.objects.visible_to(user).filter(is_active=True).order_by("code")


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class PeriodForm(forms.Form):
    """The period of the figures, ``?from=`` and ``?to=`` (both days included; either may stay
    open), named as in the statistics endpoints."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=DateInput())
        style_fields(self)
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-control-sm"

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("from"), cleaned_data.get("to")
        if start and end and start > end:
            raise forms.ValidationError(_("The period must not end before it starts."))
        return cleaned_data

    def period(self) -> tuple:
        """(start, end) of a valid form, (None, None) otherwise."""
        if not self.is_bound or not self.is_valid():
            return None, None
        return self.cleaned_data.get("from"), self.cleaned_data.get("to")


# Reporting a member (双报到) --------------------------------------------------------------------


class MemberReportForm(StyledForm):
    """An in-service member reports to the community they live in: who they are, where they work,
    the party organization of their work unit, what they can do and when.

    On a community's page the community is fixed; on the form page it is chosen among the
    communities the user may write in.
    """

    community = CommunityChoiceField(queryset=Community.objects.none(), label=_("Community lived in"))
    name = forms.CharField(label=_("Member's name"), max_length=50)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        validators=[phone_validator],
        help_text=_("A member already on record (who moved, say) is found by their phone number."),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    unit_name = forms.CharField(label=_("Work unit"), max_length=150, required=False)
    organization = OrganizationChoiceField(
        queryset=PartyOrganization.objects.none(), label=_("Party organization of the work unit")
    )
    skills = forms.CharField(label=_("Skills"), max_length=200, required=False)
    availability = forms.CharField(label=_("Availability"), max_length=200, required=False)
    reported_on = forms.DateField(label=_("Date reported"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, user, community: Community | None = None, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = get_scope(user)
        self.community = community
        if community is not None:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = writable_communities(user)
        field = self.fields["organization"]
        field.queryset = employer_organizations(user)
        if organizations is not None:
            offer_choices(field, organizations, field.label_from_instance)
        self.fields["unit_name"].help_text = _("Leave empty to use the unit of the party organization.")

    def clean(self):
        cleaned_data = super().clean()
        community = self.community or cleaned_data.get("community")
        if community is not None and not self.scope.can_write(community.code):
            raise forms.ValidationError(OUTSIDE_AREA_MESSAGE)
        return cleaned_data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["community"] = self.community or data["community"]
        return data


class MemberEditForm(StyledForm):
    """A member's own record: name, phone and gender (on the person), work unit, organization,
    skills and availability. For a role that does not see personal data the phone is not shown:
    left empty, it is kept."""

    name = forms.CharField(label=_("Member's name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False, validators=[phone_validator])
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    unit_name = forms.CharField(label=_("Work unit"), max_length=150)
    organization = OrganizationChoiceField(
        queryset=PartyOrganization.objects.none(), label=_("Party organization of the work unit")
    )
    skills = forms.CharField(label=_("Skills"), max_length=200, required=False)
    availability = forms.CharField(label=_("Availability"), max_length=200, required=False)

    def __init__(self, *args, user, instance: InServiceMember, sees_phone: bool = True, **kwargs):
        person = instance.person
        kwargs.setdefault(
            "initial",
            {
                "name": person.name,
                "phone": person.phone if sees_phone else "",
                "gender": person.gender,
                "unit_name": instance.unit_name,
                "organization": instance.organization_id,
                "skills": instance.skills,
                "availability": instance.availability,
            },
        )
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.keeps_hidden_phone = bool(person.phone and not sees_phone)
        organizations = employer_organizations(user)
        if instance.organization_id:
            # The member's organization stays choosable even when it lies outside the user's reach.
            organizations = organizations | PartyOrganization.objects.filter(pk=instance.organization_id)
        self.fields["organization"].queryset = organizations.distinct().order_by("area_code", "name")
        if self.keeps_hidden_phone:
            self.fields["phone"].help_text = _("A number is on record; leave this empty to keep it.")

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if not phone and self.keeps_hidden_phone:
            return self.instance.person.phone
        return phone


# Service posts ----------------------------------------------------------------------------------


class ServicePostForm(ScopedModelForm):
    """A service post (服务岗位): its kind, title, what to do, where, when and how many places.

    The community is chosen on the form page, fixed on a community's page, and kept when editing.
    """

    community = CommunityChoiceField(queryset=Community.objects.none(), label=_("Community"))

    class Meta:
        model = ServicePost
        fields = ["community", "kind", "title", "description", "place", "schedule", "places"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        labels = {
            "kind": _("Kind of service"),
            "title": _("Post title"),
            "description": _("What the post does"),
            "place": _("Service place"),
            "schedule": _("Schedule"),
            "places": _("Places"),
        }
        help_texts = {"places": _("How many members the post takes.")}

    def __init__(self, *args, community: Community | None = None, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community if community is not None else (self.instance.community if self.instance.pk else None)
        if self.community is not None:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = writable_communities(self.user)
        self.fields["kind"].queryset = active_kinds()
        if kinds is not None:
            offer_choices(self.fields["kind"], kinds)
        self.fields["places"].validators.append(MinValueValidator(1))
        self.fields["places"].widget.attrs["min"] = 1

    def target_area_code(self):
        community = self.community or self.cleaned_data.get("community")
        return community.code if community is not None else None

    def _post_clean(self):
        # The service validates the model (one title per community, places) and saves it.
        pass

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("community", None)
        return data


# Steps ------------------------------------------------------------------------------------------


class DeclineForm(StepForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class EndReportForm(StepForm):
    reason = forms.CharField(label=_("Reason"), max_length=200, help_text=_("Moved away, left the unit, ..."))
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput(), initial=timezone.localdate)


class ClaimForm(StepForm):
    """A confirmed member of the post's community claims a place; the view checks the member
    belongs there, the service that the report is confirmed and a place is free."""

    member = forms.ModelChoiceField(queryset=InServiceMember.objects.all(), label=_("Member"))

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            offer_choices(self.fields["member"], members, lambda member: member.name)


HOURS_FIELD = {
    "label": _("Hours"),
    "min_value": Decimal("0.5"),
    "max_value": Decimal(24),
    "max_digits": 3,
    "decimal_places": 1,
}


class LogServiceForm(StepForm):
    """Service given on a post the member holds: the day, hours, person-times and a note."""

    served_on = forms.DateField(label=_("Served on"), widget=DateInput(), initial=timezone.localdate)
    hours = forms.DecimalField(**HOURS_FIELD, widget=forms.NumberInput(attrs={"step": "0.5"}))
    person_times = forms.IntegerField(label=_("Person-times"), min_value=1, initial=1)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class AttendanceForm(StyledForm):
    """The attendance list of an alliance activity: confirmed members reported in its area, the
    hours each served and the kind of service."""

    members = forms.ModelMultipleChoiceField(
        queryset=InServiceMember.objects.none(), label=_("Members who attended"), widget=forms.CheckboxSelectMultiple
    )
    hours = forms.DecimalField(**HOURS_FIELD, widget=forms.NumberInput(attrs={"step": "0.5"}))
    kind = forms.ModelChoiceField(queryset=ServiceKind.objects.none(), label=_("Kind of service"))
    served_on = forms.DateField(label=_("Served on"), widget=DateInput())

    def __init__(self, *args, candidates, members=None, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates
        if members is not None:
            offer_choices(self.fields["members"], members, lambda member: member.name)
        self.fields["members"].widget.attrs["class"] = "form-check-input"
        self.fields["kind"].queryset = active_kinds()
        if kinds is not None:
            offer_choices(self.fields["kind"], kinds)
