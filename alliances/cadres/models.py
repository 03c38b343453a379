"""Cadres sunk to communities (机关党员干部下沉): the departments that send them, the checkpoints (卡点),
the assignments with their post and duty (设岗定责), and the duty shifts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community, PartyOrganization, Person, validate_area_exists
from jilin_grid.geo import LocatedModel, location_constraints
from jilin_grid.models import AreaCodeModel, OwnAreaCodeModel, area_code_field

# Cadres sunk to communities (机关党员干部下沉) ----------------------------------------------------------


class Department(OwnAreaCodeModel):
    """A department (机关部门) of the city or a district that sends cadres to communities."""

    name = models.CharField(_("name"), max_length=150)
    area_code = area_code_field(help_text=_("The city or district the department belongs to."))
    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.SET_NULL, null=True, blank=True, related_name="departments",
        verbose_name=_("party organization"),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["area_code", "name"]
        constraints = [models.UniqueConstraint(fields=["area_code", "name"], name="department_unique_name_in_area")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        if self.area_code and len(self.area_code) not in (4, 6):
            errors["area_code"] = _("A department belongs to the city or to a district or county.")
        validate_area_exists(self, errors)
        if errors:
            raise ValidationError(errors)


class Checkpoint(LocatedModel, AreaCodeModel):
    """A checkpoint (卡点) of a community where sunk cadres take duty shifts."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="checkpoints", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["area_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="checkpoint_unique_name_in_community"),
            *location_constraints("checkpoint"),
        ]

    def __str__(self) -> str:
        return f"{self.community.name} · {self.name}"

    def derive_area_code(self) -> str:
        return self.community.code


class CadreAssignment(AreaCodeModel):
    """A cadre sent by a department to a community, or one of its checkpoints, for a period, with
    the post and duty fixed for them (设岗定责)."""

    cadre = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="cadre_assignments", verbose_name=_("cadre")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("department")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="cadre_assignments", verbose_name=_("community")
    )
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments",
        verbose_name=_("checkpoint"),
    )  # fmt: skip
    duty = models.CharField(_("post and duty"), max_length=200)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("cadre assignment")
        verbose_name_plural = _("cadre assignments")
        ordering = ["area_code", "-start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")), name="assignment_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name} · {self.department.name} → {self.community.name}"

    def derive_area_code(self) -> str:
        return self.community.code

    def clean(self) -> None:
        super().clean()
        if self.checkpoint_id and self.community_id and self.checkpoint.community_id != self.community_id:
            raise ValidationError({"checkpoint": _("The checkpoint must belong to the community.")})
        if self.department_id and self.community_id and not self.community.code.startswith(self.department.area_code):
            raise ValidationError({"department": _("The department serves only communities of its city or district.")})
        if self.end_on and self.start_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": _("The end must not come before the start.")})


class DutyShift(AreaCodeModel):
    """A duty shift of a sunk cadre (24-hour duty is covered by shifts)."""

    assignment = models.ForeignKey(
        CadreAssignment, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("assignment")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="duty_shift_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment.cadre.name} · {self.starts_at:%Y-%m-%d %H:%M}"

    def derive_area_code(self) -> str:
        return self.assignment.area_code
