"""Forms of the secretaries' filing pages: file a secretary, change the secretary, add a training
course, a reward or discipline, a promotion. Each is saved by ``projects.filing.services``, whose
refusals land beside the field they are about."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.choices import Gender
from communities.models import PartyOrganization
from jilin_grid.forms import DateInput, StyledForm
from jilin_grid.validators import phone_validator

from .choices import CONDUCT_KINDS, PROMOTION_KINDS, Education, RecordKind, SelectionMethod
from .models import MAX_TRAINING_HOURS


class FilingPartForm(StyledForm):
    """A form of the filing pages; the page passes the user."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class FilingFieldsForm(FilingPartForm):
    """The fields of a secretary's filing: selection, term, education and birth date."""

    selection = forms.ChoiceField(label=_("How selected"), choices=SelectionMethod.choices)
    selected_on = forms.DateField(label=_("In post since"), widget=DateInput())
    term_start = forms.DateField(label=_("Term starts"), widget=DateInput())
    term_end = forms.DateField(label=_("Term ends"), widget=DateInput(), required=False)
    education = forms.ChoiceField(label=_("Education"), choices=Education.choices)
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        secretary = obj.secretary.name if obj.secretary_id else _("no secretary on record")
        return f"{obj.name} · {secretary}"


class FilingForm(FilingFieldsForm):
    """File the current secretary of a community party organization not filed yet (the page limits
    the choice to the organizations the user keeps the filing of)."""

    organization = OrganizationChoiceField(queryset=PartyOrganization.objects.none(), label=_("Party organization"))

    field_order = ["organization", "selection", "selected_on", "term_start", "term_end", "education", "birth_date"]

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations


class ChangeSecretaryForm(FilingFieldsForm):
    """The current secretary leaves (day and reason) and the new one is filed."""

    ended_on = forms.DateField(label=_("The current secretary leaves on"), widget=DateInput())
    end_reason = forms.CharField(label=_("Reason for leaving"), max_length=200)
    secretary_name = forms.CharField(label=_("New secretary's name"), max_length=50)
    secretary_phone = forms.CharField(
        label=_("New secretary's phone"), max_length=20, required=False, validators=[phone_validator]
    )
    secretary_gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)

    field_order = ["ended_on", "end_reason", "secretary_name", "secretary_phone", "secretary_gender", "selection",
                   "selected_on", "term_start", "term_end", "education", "birth_date"]  # fmt: skip


class TrainingForm(FilingPartForm):
    """A course the secretary attended."""

    title = forms.CharField(label=_("Course"), max_length=200)
    organizer = forms.CharField(label=_("Organizer"), max_length=200)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput())
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=MAX_TRAINING_HOURS)


def _choices(kinds):
    return [(kind.value, RecordKind(kind).label) for kind in kinds]


class ConductForm(FilingPartForm):
    """A reward or a discipline of the secretary."""

    kind = forms.ChoiceField(label=_("Kind"), choices=_choices(CONDUCT_KINDS))
    on = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("What"), max_length=300)


class PromotionForm(ConductForm):
    """A promotion of the secretary (用): to a street post, made a civil servant, ..."""

    kind = forms.ChoiceField(label=_("Kind"), choices=_choices(PROMOTION_KINDS))
