"""Residents' problems (群众诉求): categories, the problems, their photos and their history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.network.models import Building, Grid, ResidentialCompound, Unit
from jilin_grid.models import AreaCodeModel
from jilin_grid.validators import phone_validator

from .choices import Evaluation, HandlingLevel, ProblemEventKind, ProblemStatus, Urgency


class ProblemCategory(models.Model):
    """A kind of residents' problem (property, environment, safety, ...) with its response deadline.

    The list is data: administrators add categories and set each one's deadline in the admin.
    """

    name = models.CharField(_("name"), max_length=50, unique=True)
    response_days = models.PositiveSmallIntegerField(
        _("response deadline (days)"), default=7, help_text=_("Days from recording within which it must be resolved.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(response_days__gte=1), name="problem_category_deadline_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class ResidentProblem(AreaCodeModel):
    """A resident's problem (群众诉求) recorded in a grid, handled up the four levels if need be.

    ``holder_code`` is the area code of the level that holds it now (the grid's own code, then its
    community's, street's, district's, the city's): that level sees it in its queue.
    """

    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="problems", verbose_name=_("grid"))
    category = models.ForeignKey(
        ProblemCategory, on_delete=models.PROTECT, related_name="problems", verbose_name=_("category")
    )
    description = models.TextField(_("description"))
    compound = models.ForeignKey(
        ResidentialCompound, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("residential compound"),
    )  # fmt: skip
    building = models.ForeignKey(
        Building, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("building")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    resident_name = models.CharField(_("resident's name"), max_length=50)
    resident_phone = models.CharField(_("resident's phone"), max_length=20, blank=True, validators=[phone_validator])
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(
        _("status"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.RECORDED, db_index=True
    )
    level = models.CharField(_("held at"), max_length=20, choices=HandlingLevel.choices, default=HandlingLevel.GRID)
    holder_code = models.CharField(_("holder's area code"), max_length=15, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"))
    due_at = models.DateTimeField(_("due by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    # Kept at resolution so averages are plain sums on every database.
    minutes_to_resolve = models.PositiveIntegerField(_("minutes to resolve"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    evaluation = models.CharField(_("evaluation"), max_length=30, choices=Evaluation.choices, blank=True)
    evaluation_comment = models.TextField(_("evaluation comment"), blank=True)
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)

    class Meta:
        verbose_name = _("resident's problem")
        verbose_name_plural = _("residents' problems")
        ordering = ["-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["area_code", "recorded_at"], name="problem_area_recorded"),
            models.Index(fields=["holder_code", "status"], name="problem_holder_status"),
            # The open problems past (or coming to) their deadline: the overdue queue and figures.
            models.Index(fields=["status", "due_at"], name="problem_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="problem_returned_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(evaluation=""), name="problem_closed_has_evaluation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.name} · {self.description[:30]}"

    def derive_area_code(self) -> str:
        return self.grid.code

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.building_id and self.grid_id and self.building.grid_id != self.grid_id:
            errors["building"] = _("The building must be in the problem's grid.")
        if self.unit_id and self.building_id and self.unit.building_id != self.building_id:
            errors["unit"] = _("The unit must be in the chosen building.")
        if self.compound_id and self.grid_id and self.compound.community_id != self.grid.community_id:
            errors["compound"] = _("The compound must be in the grid's community.")
        if errors:
            raise ValidationError(errors)


def problem_photo_path(instance, filename: str) -> str:
    return f"problems/{instance.problem_id}/{filename}"


class ProblemPhoto(models.Model):
    """A photo of a resident's problem."""

    problem = models.ForeignKey(
        ResidentProblem, on_delete=models.CASCADE, related_name="photos", verbose_name=_("problem")
    )
    image = models.FileField(_("photo"), upload_to=problem_photo_path)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["problem", "id"]

    def __str__(self) -> str:
        return self.original_name


class ProblemEvent(models.Model):
    """One step of a problem's timeline: who did what, when, at which level, with the note."""

    problem = models.ForeignKey(
        ResidentProblem, on_delete=models.CASCADE, related_name="events", verbose_name=_("problem")
    )
    kind = models.CharField(_("what"), max_length=20, choices=ProblemEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    level = models.CharField(_("level"), max_length=20, choices=HandlingLevel.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("problem event")
        verbose_name_plural = _("problem events")
        ordering = ["problem", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"
