"""Masking of personal data for roles that do not need it."""

from . import scope as roles

# Roles shown a birth date whole where its owner is: the district organization department, which
# keeps the secretaries' filing, and the staff who work with the people of the area. The others (the
# city, the read-only API client) read the age, and the year of the birth date only.
BIRTH_DATE_ROLES = frozenset({roles.DISTRICT_ORG_DEPT, *roles.PERSONAL_DATA_ROLES})


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits: 13912345678 -> 139****5678."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return phone[:1] + "*" * (len(phone) - 1)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def shown_phone(scope, phone: str, code: str) -> str:
    """The phone number as ``scope`` may see it where its owner lives (``code``): whole for roles
    that work with residents, masked for the others."""
    if not phone or scope.sees_personal_data(code):
        return phone or ""
    return mask_phone(phone)


def tel_url(phone: str) -> str | None:
    """A ``tel:`` address for a phone number shown whole (a phone dials it with one tap), None
    for a masked or empty one: a masked number is never offered as a link."""
    if not phone or "*" in phone:
        return None
    digits = "".join(char for char in str(phone) if char.isdigit() or char == "+")
    return f"tel:{digits}" if sum(char.isdigit() for char in digits) >= 3 else None


def mask_date(day) -> str:
    """A date of personal data (a birth date) shown as its year only: 1975-03-08 -> 1975-**-**."""
    if not day:
        return ""
    return f"{day.year:04d}-**-**"


def shown_date(day, *, whole: bool) -> str:
    """A date of personal data as the viewer may see it: whole (ISO) or masked to its year."""
    if not day:
        return ""
    return day.isoformat() if whole else mask_date(day)


def sees_birth_date(scope, code: str) -> bool:
    """A birth date of someone of ``code`` is shown whole to ``scope`` (``BIRTH_DATE_ROLES``)."""
    return scope.is_superuser or bool(scope.roles_for(code) & BIRTH_DATE_ROLES)


def shown_birth_date_text(scope, text: str, code: str) -> str:
    """A birth date already written as text (``1975-03-08``, in the audit trail) as ``scope`` may see it."""
    if not text or text == "None" or sees_birth_date(scope, code):
        return text
    return f"{text[:4]}-**-**"
