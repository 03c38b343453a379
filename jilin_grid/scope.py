"""The one scope rule: a user sees every object whose area code starts with a granted code.

A user holds one or more grants (an area code and a role, ``communities.AreaGrant``). This module
reads them once per request and answers the questions every view, viewset, form and export asks.
It does not import the model: grants are loaded through the reverse relation ``area_grants``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Roles, by value, and with their labels.
CITY_ORG_DEPT = "city_org_dept"
DISTRICT_ORG_DEPT = "district_org_dept"
STREET_STAFF = "street_staff"
COMMUNITY_STAFF = "community_staff"
GRID_WORKER = "grid_worker"
API_READER = "api_reader"


class Role(models.TextChoices):
    """The role a grant gives over its area."""

    CITY_ORG_DEPT = CITY_ORG_DEPT, _("City organization department")
    DISTRICT_ORG_DEPT = DISTRICT_ORG_DEPT, _("District organization department")
    STREET_STAFF = STREET_STAFF, _("Street staff")
    COMMUNITY_STAFF = COMMUNITY_STAFF, _("Community staff")
    GRID_WORKER = GRID_WORKER, _("Grid worker")
    API_READER = API_READER, _("Read-only API client")


# Roles that may add, edit and retire objects inside their area.
WRITE_ROLES = frozenset({CITY_ORG_DEPT, DISTRICT_ORG_DEPT, STREET_STAFF, COMMUNITY_STAFF, GRID_WORKER})
# Roles that work with residents directly and so see phone numbers whole.
PERSONAL_DATA_ROLES = frozenset({STREET_STAFF, COMMUNITY_STAFF, GRID_WORKER})
# Roles that read the audit trail of their area (who changed what): the organization departments.
AUDIT_ROLES = frozenset({CITY_ORG_DEPT, DISTRICT_ORG_DEPT})


@dataclass(frozen=True)
class Scope:
    """What one user may see and do, computed once from their grants."""

    is_superuser: bool = False
    grants: tuple[tuple[str, str], ...] = field(default=())

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _role in self.grants)

    @property
    def is_empty(self) -> bool:
        return not self.is_superuser and not self.grants

    def covers(self, code: str) -> bool:
        """True when ``code`` lies in (or is) one of the user's areas."""
        if self.is_superuser:
            return True
        return any(code.startswith(granted) for granted in self.codes)

    def role_for(self, code: str) -> str | None:
        """The role of the most specific grant covering ``code``."""
        matches = [(granted, role) for granted, role in self.grants if code.startswith(granted)]
        if not matches:
            return None
        return max(matches, key=lambda item: len(item[0]))[1]

    def roles_for(self, code: str) -> set[str]:
        return {role for granted, role in self.grants if code.startswith(granted)}

    def can_write(self, code: str) -> bool:
        return self.is_superuser or bool(self.roles_for(code) & WRITE_ROLES)

    def can_write_anywhere(self) -> bool:
        return self.is_superuser or any(role in WRITE_ROLES for _code, role in self.grants)

    def writes_at(self, length: int) -> bool:
        """True when the user may add a record placed in an area whose code has ``length`` digits
        (a community's 12, a grid's 15): a writing grant at that level or above it. A grid worker
        adds buildings of their grid, not checkpoints of a community."""
        return self.is_superuser or any(role in WRITE_ROLES and len(code) <= length for code, role in self.grants)

    def reaches(self, length: int) -> bool:
        """True when one of the user's areas is at the level of ``length`` digits or above it
        (whatever the role): such a user sees the records kept at that level."""
        return self.is_superuser or any(len(code) <= length for code in self.codes)

    @property
    def is_api_client_only(self) -> bool:
        """True for an account whose every grant is the read-only API client's: it reads through
        the API with a token and has no portal pages (the Django admin is for superusers anyway)."""
        return not self.is_superuser and bool(self.grants) and all(role == API_READER for _code, role in self.grants)

    def can_manage_api_tokens(self, city_code: str) -> bool:
        """Create, list and revoke API tokens (``/api-tokens/``): superusers and the city
        organization department, the administrators of the portal's accounts."""
        return self.is_superuser or CITY_ORG_DEPT in self.roles_for(city_code)

    def sees_personal_data(self, code: str) -> bool:
        return self.is_superuser or bool(self.roles_for(code) & PERSONAL_DATA_ROLES)

    @property
    def audit_codes(self) -> tuple[str, ...]:
        """The areas whose audit trail the user reads: those of their organization department grants."""
        return tuple(code for code, role in self.grants if role in AUDIT_ROLES)

    @property
    def reads_audit(self) -> bool:
        """True for superusers and the city's and districts' organization departments."""
        return self.is_superuser or bool(self.audit_codes)

    def home_code(self, city_code: str) -> str:
        """The area a user lands on: their widest grant, or the city for superusers."""
        if self.is_superuser or not self.grants:
            return city_code
        return min(self.codes, key=len)

    def reach_q(self, field_path: str) -> Q:
        """Like ``q()``, and also the areas above the user's own (their street, district, city):
        what a form may offer to pick from, such as a city department serving a community."""
        if self.is_superuser or not self.grants:
            return self.q(field_path)
        above = {ancestor for code in self.codes for ancestor in ancestor_codes(code)}
        return self.q(field_path) | Q(**{f"{field_path}__in": sorted(above)})

    def q(self, field_path: str) -> Q:
        """A filter matching objects whose ``field_path`` lies in the user's areas."""
        if self.is_superuser:
            return Q()
        if not self.grants:
            return Q(pk__in=[])
        condition = Q()
        for code in self.codes:
            condition |= prefix_q(field_path, code)
        return condition


ANONYMOUS_SCOPE = Scope()


# The lengths of the codes of the tree's levels: city, district, street, community, grid.
LEVEL_CODE_LENGTHS = (4, 6, 9, 12, 15)
CITY_CODE_LENGTH, DISTRICT_CODE_LENGTH, STREET_CODE_LENGTH, COMMUNITY_CODE_LENGTH, GRID_CODE_LENGTH = LEVEL_CODE_LENGTHS


def ancestor_codes(code: str) -> list[str]:
    """The codes of the areas above ``code``: "220202001" -> ["2202", "220202"]."""
    return [code[:length] for length in LEVEL_CODE_LENGTHS if length < len(code)]


def next_code(code: str) -> str | None:
    """The smallest code of the same length after ``code`` ("220211" -> "220212"), None for "9999"."""
    stripped = code.rstrip("9")
    if not stripped:
        return None
    return stripped[:-1] + str(int(stripped[-1]) + 1) + "0" * (len(code) - len(stripped))


def prefix_q(field_path: str, code: str) -> Q:
    """Codes starting with ``code``, as a range: ``code <= value < next_code``.

    Area codes are digits, so the range holds exactly the codes with that prefix, and unlike
    ``LIKE 'code%'`` it uses the column's ordinary index on SQLite and PostgreSQL alike.
    """
    upper = next_code(code)
    condition = Q(**{f"{field_path}__gte": code})
    if upper is not None:
        condition &= Q(**{f"{field_path}__lt": upper})
    return condition


def get_scope(user) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS_SCOPE
    cached = getattr(user, "_jilin_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(is_superuser=True)
    else:
        # Sorted here, not by the database: no ORDER BY for the model's default ordering.
        grants = user.area_grants.order_by().values_list("area_code", "role")
        scope = Scope(grants=tuple(sorted(grants, key=lambda item: (len(item[0]), item[0]))))
    user._jilin_scope = scope
    return scope
