"""Forms of the communities app. Choices are limited to the user's area; records are saved by services."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import PartyOrganization
from communities.selectors import api_token_holders_for
from jilin_grid.forms import ScopedModelForm, style_fields
from jilin_grid.pickers.widgets import use_area_picker
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
            "area_code": _("The district, street, community or grid it belongs to."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)
            if self.instance.secretary_id:
                self.fields["secretary_name"].initial = self.instance.secretary.name
                self.fields["secretary_phone"].initial = self.instance.secretary.phone
        self.order_fields(["name", "kind", "parent", "area_code", "host_unit_kind", "host_unit_name", "secretary_name"])
        use_area_picker(self, "area_code", self.user, empty_label=_("Choose an area"))
        self.fields["area_code"].label = _("Area")
        style_fields(self)

    def target_area_code(self):
        return self.cleaned_data.get("area_code")

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("secretary_phone") and not cleaned_data.get("secretary_name"):
            self.add_error("secretary_name", _("Give the secretary's name with the phone number."))
        return cleaned_data


class ApiTokenForm(forms.Form):
    """A new API token: which client, for which account, until which day."""

    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        help_text=_("Which client uses the token, e.g. the city's big-screen dashboard."),
    )
    user = forms.ModelChoiceField(
        label=_("Account"),
        queryset=None,
        help_text=_("The token reads and writes what this account may; a read-only API client account is usual."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The token stops working when this day begins."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = api_token_holders_for(user)
        self.fields["user"].label_from_instance = lambda account: account.get_username()
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
        style_fields(self)

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        today, longest = timezone.localdate(), settings.API_TOKEN_MAX_DAYS
        if expires_on <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if expires_on > today + timedelta(days=longest):
            raise forms.ValidationError(_("A token may last at most %(days)s days.") % {"days": longest})
        return expires_on

    def expires_at(self):
        """The moment the chosen day begins, in the portal's time zone."""
        return timezone.make_aware(datetime.combine(self.cleaned_data["expires_on"], time.min))
