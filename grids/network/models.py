"""Grids and what lies in them: compounds, buildings, units, grid workers and chiefs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Person, code_validator
from jilin_grid.geo import LocatedModel, location_constraints
from jilin_grid.models import AreaCodeModel, ScopedModel, ScopedQuerySet
from jilin_grid.scope import LEVEL_CODE_LENGTHS, get_scope, prefix_q

from .choices import ChiefKind, Employment


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


class CompoundQuerySet(ScopedQuerySet):
    """Compounds belong to their community, and their buildings to grids: a user granted a grid
    (a grid worker) also sees, and may choose, the compounds holding a building of their grid."""

    def visible_to(self, user) -> CompoundQuerySet:
        scope = get_scope(user)
        if scope.is_superuser or scope.is_empty:
            return super().visible_to(user)
        # A grant at a community or above covers its compounds already; only the narrower ones
        # (a grid's) reach a compound through its buildings.
        narrower = [code for code in scope.codes if len(code) > COMPOUND_CODE_LENGTH]
        if not narrower:
            return super().visible_to(user)
        in_grids = Q(pk__in=[])
        for code in narrower:
            in_grids |= prefix_q("area_code", code)
        buildings = Building.objects.order_by().filter(in_grids, compound=OuterRef("pk"))
        return self.filter(scope.q(self.model.scope_field) | Exists(buildings))


# The length of a community's code, the area code of its compounds.
COMPOUND_CODE_LENGTH = LEVEL_CODE_LENGTHS[3]


class ResidentialCompound(LocatedModel, AreaCodeModel):
    """A residential compound (小区) grouping buildings of a community; a grid worker sees those
    holding a building of their grid (``CompoundQuerySet``)."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="compounds", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = models.Manager.from_queryset(CompoundQuerySet)()

    class Meta:
        verbose_name = _("residential compound")
        verbose_name_plural = _("residential compounds")
        ordering = ["area_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="compound_unique_name_in_community"),
            *location_constraints("compound"),
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
