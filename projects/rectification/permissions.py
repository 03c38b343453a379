"""Who may do what with the rectification of weak and lax organizations: the one rule, used by the
API and the pages alike. Each function takes the caller's scope (``jilin_grid.scope.get_scope(user)``).

- identify an organization, extend a case's deadline, accept a case as rectified: the district (or
  city) organization department over the organization's area;
- add a measure, complete one, report a month's progress: the organization departments, and the
  street and community staff over the case's area (those who do the rectification work);
- read: everyone sees the cases of their own area (grid workers and API readers only read).
"""

from __future__ import annotations

from jilin_grid import scope as roles
from jilin_grid.scope import Scope

DECIDING_ROLES = frozenset({roles.CITY_ORG_DEPT, roles.DISTRICT_ORG_DEPT})
WORKING_ROLES = DECIDING_ROLES | {roles.STREET_STAFF, roles.COMMUNITY_STAFF}


def may_decide(scope: Scope, area_code: str) -> bool:
    """Identify, extend or accept a case of an organization of ``area_code``."""
    return scope.is_superuser or bool(scope.roles_for(area_code) & DECIDING_ROLES)


def may_work(scope: Scope, area_code: str) -> bool:
    """Add and complete the measures of a case of ``area_code`` and report its monthly progress."""
    return scope.is_superuser or bool(scope.roles_for(area_code) & WORKING_ROLES)


def decides_anywhere(scope: Scope) -> bool:
    return scope.is_superuser or any(role in DECIDING_ROLES for _code, role in scope.grants)
