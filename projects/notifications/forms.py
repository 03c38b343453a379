"""The form of a user's e-mail choices: which kinds of notification also reach them by e-mail."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import NotificationKind


class EmailPreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Also send me by e-mail"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The others reach you in the inbox only. E-mail goes to the address of your account."),
    )
