"""Writes of the cadres sunk to communities (机关党员干部下沉): departments, checkpoints, assignments and
duty shifts. Keyword-only, atomic, validated."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, PartyOrganization, Person
from jilin_grid.services import UNCHANGED, Unchanged, model_update, retire, save_validated

from .models import CadreAssignment, Checkpoint, Department, DutyShift

# Cadres sunk to communities (机关党员干部下沉) ----------------------------------------------------------


@transaction.atomic
def department_add(*, name: str, area_code: str, organization: PartyOrganization | None = None) -> Department:
    """A department of the city or of a district that sends cadres, with its party organization if any."""
    return save_validated(Department(), {"name": name, "area_code": area_code, "organization": organization})


@transaction.atomic
def department_update(
    *,
    department: Department,
    name: str | Unchanged = UNCHANGED,
    organization: PartyOrganization | Unchanged | None = UNCHANGED,
) -> Department:
    """Change a department's name or party organization; it stays in its city or district."""
    return model_update(department, name=name, organization=organization)


@transaction.atomic
def department_retire(*, department: Department) -> Department:
    """Retire a department; it stays in history."""
    return retire(department)


@transaction.atomic
def checkpoint_add(
    *,
    community: Community,
    name: str,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Checkpoint:
    """A checkpoint of a community where sunk cadres take their shifts."""
    return save_validated(
        Checkpoint(community=community),
        {"name": name, "address": address, "latitude": latitude, "longitude": longitude},
    )


@transaction.atomic
def checkpoint_update(
    *,
    checkpoint: Checkpoint,
    name: str | Unchanged = UNCHANGED,
    address: str | Unchanged = UNCHANGED,
    latitude: Decimal | Unchanged | None = UNCHANGED,
    longitude: Decimal | Unchanged | None = UNCHANGED,
) -> Checkpoint:
    """Change a checkpoint's name, address or location; it stays in its community."""
    return model_update(checkpoint, name=name, address=address, latitude=latitude, longitude=longitude)


@transaction.atomic
def checkpoint_retire(*, checkpoint: Checkpoint) -> Checkpoint:
    """Retire a checkpoint; it stays in history."""
    return retire(checkpoint)


@transaction.atomic
def cadre_assign(
    *,
    department: Department,
    community: Community,
    duty: str,
    start_on: date,
    end_on: date | None = None,
    checkpoint: Checkpoint | None = None,
    cadre: Person | None = None,
    name: str = "",
    phone: str = "",
    gender: str = "",
) -> CadreAssignment:
    """A department sends a cadre to a community or one of its checkpoints (下沉), with the post
    and duty fixed (设岗定责). A cadre already serving somewhere over the same days is refused."""
    if not department.is_active:
        raise ValidationError({"department": _("The department is retired.")})
    if checkpoint is not None and not checkpoint.is_active:
        raise ValidationError({"checkpoint": _("The checkpoint is retired.")})
    if cadre is None:
        if not name.strip():
            raise ValidationError({"name": _("Give the cadre's name.")})
        cadre = save_validated(
            Person(),
            {"name": name.strip(), "phone": phone.strip(), "gender": gender, "area_code": department.area_code},
        )
    else:
        overlapping = cadre.cadre_assignments.filter(start_on__lte=end_on or date.max).exclude(end_on__lt=start_on)
        if overlapping.exists():
            raise ValidationError(_("%(name)s is already sent somewhere over these days.") % {"name": cadre.name})
    return save_validated(
        CadreAssignment(cadre=cadre),
        {
            "department": department,
            "community": community,
            "checkpoint": checkpoint,
            "duty": duty,
            "start_on": start_on,
            "end_on": end_on,
        },
    )


@transaction.atomic
def cadre_assignment_end(*, assignment: CadreAssignment, end_on: date | None = None) -> CadreAssignment:
    """The cadre returns to their department; shifts after the end are removed."""
    if assignment.end_on is not None and assignment.end_on <= timezone.localdate():
        raise ValidationError(_("The assignment has already ended."))
    end_on = end_on or timezone.localdate()
    assignment = save_validated(assignment, {"end_on": end_on})
    assignment.shifts.filter(starts_at__date__gt=end_on).delete()
    return assignment


@transaction.atomic
def duty_shift_add(*, assignment: CadreAssignment, starts_at, ends_at) -> DutyShift:
    """A duty shift of a sunk cadre, inside the assignment's period, not overlapping their other shifts."""
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A shift ends after it starts.")})
    local_start = timezone.localtime(starts_at).date()
    if local_start < assignment.start_on or (assignment.end_on and local_start > assignment.end_on):
        raise ValidationError({"starts_at": _("The shift must fall within the assignment's period.")})
    overlapping = DutyShift.objects.filter(
        assignment__cadre_id=assignment.cadre_id, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if overlapping.exists():
        raise ValidationError(_("The cadre already has a shift at that time."))
    return save_validated(DutyShift(assignment=assignment), {"starts_at": starts_at, "ends_at": ends_at})
