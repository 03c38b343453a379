"""Writes of the secretaries' filing. Keyword-only, atomic, validated with ``full_clean()``.

A change of secretary ends the current filing, records the new person, opens their filing and makes
them the organization's secretary in one transaction: refused anywhere, nothing of it is written."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import PartyOrganization, Person
from communities.services import party_organization_update, person_create
from jilin_grid.services import save_validated

from .models import FilingRecord, SecretaryFiling, Training

# A refusal about the new person lands beside the form's fields for them.
PERSON_FIELDS = {"name": "secretary_name", "phone": "secretary_phone", "gender": "secretary_gender"}


def _filing(**fields) -> SecretaryFiling:
    return save_validated(SecretaryFiling(), fields)


@transaction.atomic
def filing_create(
    *,
    organization: PartyOrganization,
    selection: str,
    selected_on: date,
    term_start: date,
    term_end: date | None = None,
    education: str,
    birth_date: date,
    secretary: Person | None = None,
    actor=None,
) -> SecretaryFiling:
    """File the secretary of a community party organization (by default its secretary of record)."""
    secretary = secretary or organization.secretary
    if secretary is None:
        raise ValidationError({"organization": _("The organization has no secretary on record to file.")})
    if SecretaryFiling.objects.filter(organization=organization, ended_on__isnull=True).exists():
        raise ValidationError(
            {"organization": _("The organization has a current filing: change the secretary instead.")}
        )
    filing = _filing(
        organization=organization,
        secretary=secretary,
        selection=selection,
        selected_on=selected_on,
        term_start=term_start,
        term_end=term_end,
        education=education,
        birth_date=birth_date,
        filed_by=actor,
    )
    if organization.secretary_id != secretary.pk:
        party_organization_update(organization=organization, secretary=secretary)
    return filing


@transaction.atomic
def filing_change_secretary(
    *,
    filing: SecretaryFiling,
    ended_on: date,
    end_reason: str,
    secretary_name: str,
    secretary_phone: str = "",
    secretary_gender: str = "",
    selection: str,
    selected_on: date,
    term_start: date,
    term_end: date | None = None,
    education: str,
    birth_date: date,
    actor=None,
) -> SecretaryFiling:
    """A new secretary takes over: the current filing ends (``ended_on``, ``end_reason``), the new
    person is recorded in the organization's area and filed, and becomes its secretary."""
    filing = SecretaryFiling.objects.select_for_update().select_related("organization").get(pk=filing.pk)
    if not filing.is_current:
        raise ValidationError({"ended_on": _("This filing has already ended: change the current one.")})
    if selected_on < ended_on:
        raise ValidationError(
            {"selected_on": _("The new secretary takes the post on or after the day the last one leaves.")}
        )
    save_validated(filing, {"ended_on": ended_on, "end_reason": end_reason.strip()})
    organization = filing.organization
    try:
        person = person_create(
            name=secretary_name.strip(),
            area_code=organization.area_code,
            phone=secretary_phone,
            gender=secretary_gender,
            is_party_member=True,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(
                {PERSON_FIELDS.get(field, field): messages for field, messages in error.error_dict.items()}
            ) from error
        raise
    new = _filing(
        organization=organization,
        secretary=person,
        selection=selection,
        selected_on=selected_on,
        term_start=term_start,
        term_end=term_end,
        education=education,
        birth_date=birth_date,
        filed_by=actor,
    )
    party_organization_update(organization=organization, secretary=person)
    return new


@transaction.atomic
def training_add(
    *, filing: SecretaryFiling, title: str, organizer: str, starts_on: date, ends_on: date, hours: int
) -> Training:
    """A course the secretary attended: not before they took the post, nor after they left it."""
    if starts_on < filing.selected_on:
        raise ValidationError({"starts_on": _("The course starts before the secretary took the post.")})
    if filing.ended_on and starts_on > filing.ended_on:
        raise ValidationError({"starts_on": _("The course starts after the secretary left the post.")})
    return save_validated(
        Training(),
        {"filing": filing, "title": title, "organizer": organizer, "starts_on": starts_on, "ends_on": ends_on,
         "hours": hours},
    )  # fmt: skip


@transaction.atomic
def record_add(*, filing: SecretaryFiling, kind: str, on: date, text: str) -> FilingRecord:
    """A reward, a discipline or a promotion of the secretary: not before they took the post."""
    if on < filing.selected_on:
        raise ValidationError({"on": _("The date is before the secretary took the post.")})
    return save_validated(FilingRecord(), {"filing": filing, "kind": kind, "on": on, "text": text})
