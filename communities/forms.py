"""Forms of the communities app. Choices are limited to the user's area; records are saved by services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import PartyOrganization
from jilin_grid.forms import ScopedModelForm, style_fields
from jilin_grid.validators import phone_validator


class PartyOrganizationForm(ScopedModelForm):
    secretary_name = forms.CharField(label=_("Secretary's name"), max_length=50, required=False)
    secretary_phone = forms.CharField(
        label=_("Secretary's phone"),
        max_length=20,
        required=False,
        validators=[phone_validator],
        help_text=_("A mobile number such as 13912345678 or a landline such as 0432-62345678."),
    )

    class Meta:
        model = PartyOrganization
        fields = ["name", "kind", "parent", "area_code", "host_unit_kind", "host_unit_name", "member_count"]
        help_texts = {
            "area_code": _("The code of the district, street, community or grid it belongs to."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)
            if self.instance.secretary_id:
                self.fields["secretary_name"].initial = self.instance.secretary.name
                self.fields["secretary_phone"].initial = self.instance.secretary.phone
        self.order_fields(["name", "kind", "parent", "area_code", "host_unit_kind", "host_unit_name", "secretary_name"])
        style_fields(self)

    def target_area_code(self):
        return self.cleaned_data.get("area_code")

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("secretary_phone") and not cleaned_data.get("secretary_name"):
            self.add_error("secretary_name", _("Give the secretary's name with the phone number."))
        return cleaned_data
