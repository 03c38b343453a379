"""Forms of the campaigns: opening a campaign with its checklist and duty posts; a duty turn, a
support task and a donation of a campaign."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.cadres.forms import DutyShiftForm
from alliances.loop.models import MemberUnit
from communities.models import City, District, PartyOrganization, Person, Street
from jilin_grid.forms import DateInput, ScopedModelForm, StyledForm

from .choices import QuestionKind, SupportKind
from .models import Campaign, CampaignKind, DutyPost, TeamMember


def campaign_areas(user) -> list[tuple[str, str]]:
    """(code, name) of the city, the districts and the streets inside the user's areas."""
    rows = []
    for model in (City, District, Street):
        rows += model.objects.visible_to(user).filter(is_active=True).order_by("code").values_list("code", "name")
    return [(code, f"{name} ({code})") for code, name in rows]


def parse_questions(text: str) -> list[dict]:
    """One question a line: ``text`` is answered yes or no; ``text: choice / choice / ...`` with one
    of its answer choices."""
    questions = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        head, colon, rest = line.replace("：", ":").partition(":")
        if colon:
            choices = [choice.strip() for choice in rest.replace("／", "/").split("/") if choice.strip()]
            questions.append({"text": head.strip(), "kind": QuestionKind.CHOICE, "choices": choices})
        else:
            questions.append({"text": line, "kind": QuestionKind.YES_NO})
    return questions


class CampaignForm(ScopedModelForm):
    """A campaign over a city, a district or a street: its kind, title, period, checklist and the
    duty posts of every grid."""

    kind = forms.ModelChoiceField(queryset=CampaignKind.objects.filter(is_active=True), label=_("Kind"))
    area_code = forms.ChoiceField(label=_("Area"))
    questions = forms.CharField(
        label=_("Household-visit checklist"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One question a line, answered yes or no; for answer choices write the question, a colon and the "
            "choices separated by /, like “Needs: none / shopping / a doctor”."
        ),
    )
    posts = forms.CharField(
        label=_("Duty posts of every grid"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("One post a line.")
    )

    class Meta:
        model = Campaign
        fields = ["kind", "title", "area_code", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_code"].choices = [("", "---------"), *campaign_areas(self.user)]
        self.fields["area_code"].help_text = _("The city, district or street the campaign covers.")

    def clean_questions(self):
        return parse_questions(self.cleaned_data["questions"])

    def clean_posts(self):
        return [line.strip() for line in self.cleaned_data["posts"].splitlines() if line.strip()]

    def target_area_code(self):
        return self.cleaned_data.get("area_code")

    def _post_clean(self):
        # The service validates the campaign and saves it.
        pass


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.grid.name} · {obj.name}"


class CampaignShiftForm(DutyShiftForm):
    """A turn of duty at a post of a team of the user's grids: who, the day, from and until (the
    cadres' shift form: an end not after the start is on the next day)."""

    post = PostChoiceField(queryset=DutyPost.objects.none(), label=_("Duty post"))
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Team member"))
    field_order = ["post", "person", "day", "start", "end"]

    def __init__(self, *args, campaign, scope, **kwargs):
        super().__init__(*args, **kwargs)
        posts = DutyPost.objects.filter(campaign=campaign, area_code__startswith=campaign.area_code)
        team = TeamMember.objects.filter(campaign=campaign)
        if not scope.is_superuser:
            posts, team = posts.filter(scope.q("area_code")), team.filter(scope.q("area_code"))
        self.fields["post"].queryset = posts.select_related("grid").order_by("area_code", "name")
        self.fields["person"].queryset = Person.objects.filter(pk__in=team.values("person")).order_by("name")


class SupportTaskForm(StyledForm):
    """A support task for a member unit of an alliance of the user's areas."""

    member_unit = forms.ModelChoiceField(queryset=MemberUnit.objects.none(), label=_("Member unit"))
    kind = forms.ChoiceField(choices=SupportKind.choices, label=_("Kind"))
    title = forms.CharField(max_length=150, label=_("Task"))
    due_on = forms.DateField(label=_("Deadline"), widget=DateInput())

    def __init__(self, *args, campaign, scope, **kwargs):
        super().__init__(*args, **kwargs)
        units = MemberUnit.objects.filter(is_active=True).select_related("alliance")
        if not scope.is_superuser:
            units = units.filter(scope.q("area_code"))
        self.fields["member_unit"].queryset = units.order_by("area_code", "name")


class DonationForm(StyledForm):
    """A member's donation: the donor, their party organization (of the user's areas) and work unit,
    the amount in yuan, the day and the receipt's number."""

    donor_name = forms.CharField(max_length=50, label=_("Donor"))
    organization = forms.ModelChoiceField(queryset=PartyOrganization.objects.none(), label=_("Party organization"))
    unit_name = forms.CharField(max_length=150, label=_("Work unit"))
    amount = forms.DecimalField(max_digits=12, decimal_places=2, min_value=0, label=_("Amount (yuan)"))
    donated_on = forms.DateField(label=_("Donated on"), widget=DateInput())
    receipt_number = forms.CharField(max_length=30, label=_("Receipt number"))

    def __init__(self, *args, campaign, scope, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = PartyOrganization.objects.all()
        if not scope.is_superuser:
            organizations = organizations.filter(scope.q("area_code"))
        self.fields["organization"].queryset = organizations.order_by("area_code", "name")
