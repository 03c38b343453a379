"""Validators of the values every app stores: area codes and phone numbers."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$",
    _("Enter a mainland mobile number (11 digits starting with 1) or a landline such as 0432-62345678."),
)

area_code_validator = RegexValidator(
    r"^\d{4}(\d{2}(\d{3}(\d{3}(\d{3})?)?)?)?$",
    _("An area code has 4 (city), 6 (district), 9 (street), 12 (community) or 15 (grid) digits."),
)
