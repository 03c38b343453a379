"""Who may do what with the secretaries' filing: the one rule, used by the API and the pages alike.
Each function takes the caller's scope (``jilin_grid.scope.get_scope(user)``) and the area code of
the organization concerned.

- file a secretary, change the secretary, add a reward, a discipline or a promotion: the district or
  county organization department above the community (the filing is kept with it, 县级党委组织部备案);
- add a training course: the district organization department, and the staff of the street or of
  the community itself (who send their secretary to courses and keep the certificates);
- read: every role that sees the community (the city organization department reads its districts'
  filings); the birth date is shown whole to the district organization department, which keeps the
  filing, and to the street and community staff who work with the secretary, and masked to its year
  for the others (the city, the read-only API client), as phone numbers are: they read the age.
  The audit trail masks it the same way.
"""

from __future__ import annotations

from jilin_grid import masking
from jilin_grid import scope as roles
from jilin_grid.scope import Scope

KEEPER_ROLES = frozenset({roles.DISTRICT_ORG_DEPT})
TRAINING_ROLES = frozenset({roles.DISTRICT_ORG_DEPT, roles.STREET_STAFF, roles.COMMUNITY_STAFF})


def may_keep(scope: Scope, code: str) -> bool:
    """File a secretary, change the secretary, add a reward, discipline or promotion at ``code``."""
    return scope.is_superuser or bool(scope.roles_for(code) & KEEPER_ROLES)


def keeps_anywhere(scope: Scope) -> bool:
    """The user keeps the filing of some district (the file form is offered)."""
    return scope.is_superuser or any(role in KEEPER_ROLES for _code, role in scope.grants)


def may_add_training(scope: Scope, code: str) -> bool:
    """Add a training course to a filing of ``code``."""
    return scope.is_superuser or bool(scope.roles_for(code) & TRAINING_ROLES)


def trains_anywhere(scope: Scope) -> bool:
    return scope.is_superuser or any(role in TRAINING_ROLES for _code, role in scope.grants)


def sees_birth_date(scope: Scope, code: str) -> bool:
    """The birth date of a secretary of ``code`` is shown whole (the shared rule of
    ``jilin_grid.masking``, which the audit trail applies too)."""
    return masking.sees_birth_date(scope, code)
