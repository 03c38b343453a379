"""The administrative tree (city, district, street, community), party organizations, people
and the grants that give users their area."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from communities.choices import (
    GRID_ORGANIZATION_KINDS,
    ROLE_LEVELS,
    ApiTokenStatus,
    DistrictKind,
    Gender,
    HostUnitKind,
    PartyOrganizationKind,
    StreetKind,
)
from jilin_grid.areas import CODE_LENGTHS, AreaLevel, area_exists, level_of
from jilin_grid.geo import check_location_pair, latitude_field, location_constraints, longitude_field
from jilin_grid.models import OwnAreaCodeModel, ScopedModel, area_code_field
from jilin_grid.scope import Role
from jilin_grid.validators import area_code_validator, phone_validator


def _code_message(length: int) -> str:
    return _("The code must be exactly %(n)s digits.") % {"n": length}


def code_validator(length: int):
    # Lazy, so the message follows the reader's language and migrations see the English source.
    return RegexValidator(rf"^\d{{{length}}}$", lazy(_code_message, str)(length))


def validate_area_exists(instance, errors: dict) -> None:
    """Add an error when the instance's area code names no area on record."""
    code = instance.area_code
    if code and "area_code" not in errors and not area_exists(code):
        errors["area_code"] = _("No area has the code %(code)s.") % {"code": code}


class AdministrativeArea(ScopedModel):
    """A level of the administrative tree with its statistical division code."""

    level: AreaLevel
    parent_field: str | None = None
    scope_field = "code"

    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def parent(self):
        return getattr(self, self.parent_field) if self.parent_field else None

    def clean(self) -> None:
        super().clean()
        parent = self.parent if self.parent_field and getattr(self, f"{self.parent_field}_id") else None
        if parent is not None and self.code and not self.code.startswith(parent.code):
            raise ValidationError(
                {"code": _("The code must start with its parent's code %(code)s.") % {"code": parent.code}}
            )


class City(AdministrativeArea):
    """The city at the root of the tree (吉林市, 2202)."""

    level = AreaLevel.CITY
    code = models.CharField(
        _("code"), max_length=4, unique=True, validators=[code_validator(CODE_LENGTHS[AreaLevel.CITY])]
    )

    class Meta(AdministrativeArea.Meta):
        verbose_name = _("city")
        verbose_name_plural = _("cities")


class District(AdministrativeArea):
    """A district, county or county-level city (区/县/县级市)."""

    level = AreaLevel.DISTRICT
    parent_field = "city"
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="districts", verbose_name=_("city"))
    code = models.CharField(
        _("code"), max_length=6, unique=True, validators=[code_validator(CODE_LENGTHS[AreaLevel.DISTRICT])]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DistrictKind.choices, default=DistrictKind.DISTRICT)

    class Meta(AdministrativeArea.Meta):
        verbose_name = _("district or county")
        verbose_name_plural = _("districts and counties")
        constraints = [
            models.CheckConstraint(condition=Q(code__length=6), name="district_code_6_digits"),
        ]


class Street(AdministrativeArea):
    """A street (sub-district) or town (街道/乡镇)."""

    level = AreaLevel.STREET
    parent_field = "district"
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="streets", verbose_name=_("district or county")
    )
    code = models.CharField(
        _("code"), max_length=9, unique=True, validators=[code_validator(CODE_LENGTHS[AreaLevel.STREET])]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StreetKind.choices, default=StreetKind.STREET)

    class Meta(AdministrativeArea.Meta):
        verbose_name = _("street or town")
        verbose_name_plural = _("streets and towns")
        constraints = [
            models.CheckConstraint(condition=Q(code__length=9), name="street_code_9_digits"),
        ]


class Community(AdministrativeArea):
    """A community (社区), divided into grids."""

    level = AreaLevel.COMMUNITY
    parent_field = "street"
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="communities", verbose_name=_("street or town")
    )
    code = models.CharField(
        _("code"), max_length=12, unique=True, validators=[code_validator(CODE_LENGTHS[AreaLevel.COMMUNITY])]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    # The party-mass service centre (党群服务中心), where the one-stop desk sits.
    centre_latitude = latitude_field(_("service centre latitude"))
    centre_longitude = longitude_field(_("service centre longitude"))

    class Meta(AdministrativeArea.Meta):
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.CheckConstraint(condition=Q(code__length=12), name="community_code_12_digits"),
            *location_constraints("community", "centre_latitude", "centre_longitude"),
        ]

    @property
    def centre(self) -> tuple[float, float] | None:
        """Where the community's party-mass service centre stands (latitude, longitude), if entered."""
        if self.centre_latitude is None or self.centre_longitude is None:
            return None
        return float(self.centre_latitude), float(self.centre_longitude)

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        check_location_pair(self, errors, "centre_latitude", "centre_longitude")
        if errors:
            raise ValidationError(errors)


class Person(OwnAreaCodeModel):
    """Someone who fills a role: a secretary, a chief, a grid worker.

    The phone number is stored whole and shown masked to roles that do not need it.
    """

    name = models.CharField(_("full name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    is_party_member = models.BooleanField(_("party member"), default=False)
    area_code = area_code_field(help_text=_("The area the person belongs to, usually their community or grid."))

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["area_code", "phone"], name="person_area_phone"),
            # An in-service member who moves is found again by phone anywhere in the city.
            models.Index(fields=["phone"], name="person_phone"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        validate_area_exists(self, errors)
        if errors:
            raise ValidationError(errors)


class PartyOrganization(OwnAreaCodeModel):
    """A party committee, general branch, branch, grid branch or party group.

    It belongs to an area (its area code) and either stands for that area or sits in a unit
    there: an agency, an enterprise, a property company, a social organization.
    """

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=PartyOrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    host_unit_kind = models.CharField(
        _("where it sits"), max_length=30, choices=HostUnitKind.choices, default=HostUnitKind.AREA
    )
    host_unit_name = models.CharField(_("unit name"), max_length=150, blank=True)
    secretary = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_organizations",
        verbose_name=_("secretary"),
    )
    member_count = models.PositiveIntegerField(_("party members"), default=0)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        ordering = ["area_code", "name"]
        indexes = [
            models.Index(
                fields=["area_code", "kind", "member_count"], condition=Q(is_active=True), name="partyorg_active_area"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=PartyOrganizationKind.GRID_BRANCH) | Q(area_code__length=15),
                name="grid_branch_belongs_to_grid",
            ),
            models.CheckConstraint(
                condition=Q(host_unit_kind=HostUnitKind.AREA) | ~Q(host_unit_name=""),
                name="unit_organization_names_its_unit",
            ),
            models.UniqueConstraint(fields=["area_code", "name"], name="party_organization_unique_name_in_area"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_grid_organization(self) -> bool:
        return self.kind in GRID_ORGANIZATION_KINDS and len(self.area_code) == CODE_LENGTHS[AreaLevel.GRID]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.kind == PartyOrganizationKind.GRID_BRANCH and len(self.area_code or "") != 15:
            errors["area_code"] = _("A grid party branch belongs to a grid (a 15-digit code).")
        if self.host_unit_kind != HostUnitKind.AREA and not self.host_unit_name:
            errors["host_unit_name"] = _("Name the unit the organization sits in.")
        if self.parent_id:
            if self.parent_id == self.pk:
                errors["parent"] = _("An organization cannot be its own parent.")
            elif self.area_code and not self.area_code.startswith(self.parent.area_code):
                errors["parent"] = _("The parent organization must belong to the same area or one above it.")
        validate_area_exists(self, errors)
        if errors:
            raise ValidationError(errors)


class AreaGrant(ScopedModel):
    """The grant of an area and a role to a user: they see everything whose code starts with it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_grants", verbose_name=_("user")
    )
    area_code = models.CharField(_("area code"), max_length=15, validators=[area_code_validator])
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("area grant")
        verbose_name_plural = _("area grants")
        ordering = ["user", "area_code"]
        constraints = [
            models.UniqueConstraint(fields=["user", "area_code"], name="area_grant_unique_per_user_area"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.area_code}"

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        validate_area_exists(self, errors)
        if errors:
            raise ValidationError(errors)
        expected = ROLE_LEVELS.get(self.role)
        if expected and level_of(self.area_code or "") != expected:
            raise ValidationError(
                {
                    "area_code": _("A %(role)s is granted a %(level)s code (%(n)s digits).")
                    % {"role": self.get_role_display(), "level": expected.label, "n": CODE_LENGTHS[expected]}
                }
            )


class ApiTokenQuerySet(models.QuerySet):
    def live(self, now=None):
        """Tokens neither revoked nor expired at ``now``."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A key an API client sends as ``Authorization: Token <key>``, for one user, until it expires
    or is revoked. Only the key's SHA-256 is kept: the key itself is shown once, at creation."""

    label = models.CharField(
        _("label"), max_length=100, help_text=_("Which client uses the token, e.g. the city's big-screen dashboard.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key begins with"), max_length=8, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="api_token_expires_after_created"
            ),
            models.CheckConstraint(
                condition=Q(revoked_by__isnull=True) | Q(revoked_at__isnull=False),
                name="api_token_revoked_by_when_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} · {self.user} · {self.key_prefix}…"

    def clean(self) -> None:
        super().clean()
        created = self.created_at
        if created is None or self.expires_at is None:
            return
        if self.expires_at <= created:
            raise ValidationError({"expires_at": _("A token must expire after it is created.")})
        longest = settings.API_TOKEN_MAX_DAYS
        if self.expires_at > created + timedelta(days=longest):
            raise ValidationError({"expires_at": _("A token may last at most %(days)s days.") % {"days": longest}})

    @staticmethod
    def hash_key(key: str) -> str:
        """The stored form of a key: its SHA-256, in hex (a random 160-bit key needs no salt)."""
        return hashlib.sha256(key.encode()).hexdigest()

    def status_at(self, now) -> str:
        """ "revoked", "expired" or "active" at ``now``."""
        if self.revoked_at is not None:
            return ApiTokenStatus.REVOKED
        if self.expires_at <= now:
            return ApiTokenStatus.EXPIRED
        return ApiTokenStatus.ACTIVE
