"""Who may do what with the branch assessment: the one rule, used by the API and the pages alike.
Each function takes the caller's scope (``jilin_grid.scope.get_scope(user)``).

- edit the standard, copy it to a new year, put it in force: the city organization department;
- self-assess a branch and file its evidence: the community staff of its community;
- review a self-assessment: the street staff above it;
- confirm a review: the district organization department above it;
- read: everyone sees the standard, and the scores of their own area.
"""

from __future__ import annotations

from django.conf import settings

from jilin_grid import scope as roles
from jilin_grid.scope import Scope

from .choices import ScoreStep

STEP_ROLES = {
    ScoreStep.SELF: roles.COMMUNITY_STAFF,
    ScoreStep.REVIEW: roles.STREET_STAFF,
    ScoreStep.CONFIRM: roles.DISTRICT_ORG_DEPT,
}


def may_edit_standard(scope: Scope) -> bool:
    """Change the tasks of a standard, copy it to a new year, put it in force."""
    return scope.is_superuser or roles.CITY_ORG_DEPT in scope.roles_for(settings.CITY_CODE)


def may_take_step(scope: Scope, step: str, area_code: str) -> bool:
    """Take ``step`` (self-assess, review, confirm) on the score of an organization of ``area_code``."""
    return scope.is_superuser or STEP_ROLES[ScoreStep(step)] in scope.roles_for(area_code)


def takes_any_step(scope: Scope) -> bool:
    """The user's role takes one of the steps somewhere."""
    return scope.is_superuser or any(role in STEP_ROLES.values() for _code, role in scope.grants)
