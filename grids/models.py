"""Grids and what lies in them: compounds, buildings, units, grid workers and chiefs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Person, code_validator, phone_validator
from jilin_grid.models import AreaCodeModel, ScopedModel

from .choices import ChiefKind, Employment, Evaluation, HandlingLevel, ProblemEventKind, ProblemStatus, Urgency


class Grid(ScopedModel):
    """A grid (网格): the smallest area of governance, inside a community."""

    scope_field = "code"

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="grids", verbose_name=_("community")
    )
    code = models.CharField(
        _("code"),
        max_length=15,
        unique=True,
        validators=[code_validator(15)],
        help_text=_("The community's 12-digit code followed by three digits."),
    )
    name = models.CharField(_("name"), max_length=100)
    households = models.PositiveIntegerField(_("households"), default=0)
    boundary = models.CharField(_("boundary"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__length=15), name="grid_code_15_digits"),
            models.UniqueConstraint(fields=["community", "name"], name="grid_unique_name_in_community"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.community_id and self.code and not self.code.startswith(self.community.code):
            raise ValidationError(
                {"code": _("The code must start with its community's code %(code)s.") % {"code": self.community.code}}
            )


class ResidentialCompound(AreaCodeModel):
    """A residential compound (小区) grouping buildings of a community."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="compounds", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("residential compound")
        verbose_name_plural = _("residential compounds")
        ordering = ["area_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="compound_unique_name_in_community"),
        ]

    def __str__(self) -> str:
        return self.name

    def derive_area_code(self) -> str:
        return self.community.code


class Building(AreaCodeModel):
    """A building (楼栋) in a grid, optionally in a compound."""

    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("grid"))
    compound = models.ForeignKey(
        ResidentialCompound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="buildings",
        verbose_name=_("residential compound"),
    )
    name = models.CharField(_("name"), max_length=50, help_text=_("For example 3号楼."))
    floors = models.PositiveSmallIntegerField(_("floors"), default=6)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["area_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "compound", "name"], name="building_unique_name"),
            models.CheckConstraint(condition=Q(floors__gte=1) & Q(floors__lte=200), name="building_floors_range"),
        ]

    def __str__(self) -> str:
        return f"{self.compound.name} {self.name}" if self.compound_id else self.name

    def derive_area_code(self) -> str:
        return self.grid.code

    def clean(self) -> None:
        super().clean()
        if self.compound_id and self.grid_id and self.compound.community_id != self.grid.community_id:
            raise ValidationError({"compound": _("The compound must be in the grid's community.")})


class Unit(AreaCodeModel):
    """A unit (单元, an entrance) of a building."""

    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="units", verbose_name=_("building"))
    number = models.PositiveSmallIntegerField(_("unit number"))
    households = models.PositiveSmallIntegerField(_("households"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["area_code", "building_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="unit_unique_number_in_building"),
            models.CheckConstraint(condition=Q(number__gte=1), name="unit_number_positive"),
        ]

    def __str__(self) -> str:
        return _("%(building)s, unit %(number)s") % {"building": self.building, "number": self.number}

    def derive_area_code(self) -> str:
        return self.building.area_code or self.building.grid.code


class GridWorker(AreaCodeModel):
    """A full- or part-time grid worker (专兼职网格员) serving one grid."""

    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="workers", verbose_name=_("grid"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="grid_posts", verbose_name=_("person"))
    employment = models.CharField(_("employment"), max_length=20, choices=Employment.choices)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("grid worker")
        verbose_name_plural = _("grid workers")
        ordering = ["area_code", "id"]
        indexes = [
            models.Index(fields=["area_code", "employment"], condition=Q(is_active=True), name="gridworker_active_area")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "person"], condition=Q(is_active=True), name="grid_worker_once_per_grid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.grid.name}"

    def derive_area_code(self) -> str:
        return self.grid.code


class ChiefAssignment(AreaCodeModel):
    """A chief of the five-chief system (五长制): a person answering for a named place in a grid."""

    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="chiefs", verbose_name=_("grid"))
    kind = models.CharField(_("kind"), max_length=20, choices=ChiefKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="chief_posts", verbose_name=_("person"))
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, null=True, blank=True, related_name="chiefs", verbose_name=_("building")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="chiefs", verbose_name=_("unit")
    )
    place_name = models.CharField(
        _("place"), max_length=100, blank=True, help_text=_("The road or alley a road or alley chief answers for.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("chief assignment")
        verbose_name_plural = _("chief assignments")
        ordering = ["area_code", "kind", "id"]
        indexes = [models.Index(fields=["area_code", "kind"], condition=Q(is_active=True), name="chief_active_area")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ChiefKind.BUILDING) | Q(building__isnull=False), name="building_chief_has_building"
            ),
            models.CheckConstraint(
                condition=~Q(kind=ChiefKind.UNIT) | Q(unit__isnull=False), name="unit_chief_has_unit"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[ChiefKind.ROAD, ChiefKind.ALLEY]) | ~Q(place_name=""),
                name="road_alley_chief_names_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person.name} · {self.place}"

    @property
    def place(self) -> str:
        if self.kind == ChiefKind.UNIT and self.unit_id:
            return str(self.unit)
        if self.kind == ChiefKind.BUILDING and self.building_id:
            return str(self.building)
        return self.place_name or self.grid.name

    def derive_area_code(self) -> str:
        return self.grid.code

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.kind == ChiefKind.BUILDING and not self.building_id:
            errors["building"] = _("A building chief answers for a building.")
        if self.kind == ChiefKind.UNIT and not self.unit_id:
            errors["unit"] = _("A unit chief answers for a unit.")
        if self.kind in (ChiefKind.ROAD, ChiefKind.ALLEY) and not self.place_name:
            errors["place_name"] = _("Name the road or alley.")
        if self.building_id and self.grid_id and self.building.grid_id != self.grid_id:
            errors["building"] = _("The building must be in the chief's grid.")
        if self.unit_id and self.grid_id and self.unit.building.grid_id != self.grid_id:
            errors["unit"] = _("The unit must be in the chief's grid.")
        if errors:
            raise ValidationError(errors)


class NetworkSnapshot(models.Model):
    """The organization-network figures of one area on one day, kept for trends.

    Taken every night by the Celery beat for the city, its districts and its streets; taking
    it again the same day replaces the row.
    """

    area_code = models.CharField(_("area code"), max_length=15, db_index=True)
    taken_on = models.DateField(_("taken on"))
    figures = models.JSONField(_("figures"))
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("network snapshot")
        verbose_name_plural = _("network snapshots")
        ordering = ["area_code", "-taken_on"]
        constraints = [
            models.UniqueConstraint(fields=["area_code", "taken_on"], name="network_snapshot_unique_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} · {self.taken_on}"


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
