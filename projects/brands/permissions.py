"""Who may do what with the service brands: the one rule, used by the API and the pages alike.
Each function takes the caller's scope (``jilin_grid.scope.get_scope(user)``).

- open and close a round, name its winners, put them forward to the province, publish in the
  showcase column: the city organization department (and superusers);
- apply with a brand: a writing role over the community, at a community or above it (community
  staff, their street, district or the city on their behalf);
- score an application: the judges the city appointed to its round;
- read: everyone sees the rounds and the column of the city above them, and the applications of
  their own area; a round's judges see all its applications.
"""

from __future__ import annotations

from django.conf import settings

from jilin_grid import scope as roles
from jilin_grid.scope import Scope

COMMUNITY_CODE_LENGTH = 12


def may_organize(scope: Scope) -> bool:
    """Open and close rounds, name winners, put them forward, publish showcase articles."""
    return scope.is_superuser or roles.CITY_ORG_DEPT in scope.roles_for(settings.CITY_CODE)


def may_apply(scope: Scope, community_code: str) -> bool:
    """Apply with a brand for the community of ``community_code``."""
    return scope.can_write(community_code) and scope.writes_at(COMMUNITY_CODE_LENGTH)


def may_apply_anywhere(scope: Scope) -> bool:
    """Some community of the user's areas may apply through them (the application form)."""
    return scope.writes_at(COMMUNITY_CODE_LENGTH)


def is_judge(user, selection_round) -> bool:
    """The user is one of the round's judges."""
    return bool(user and user.is_authenticated) and selection_round.judges.filter(pk=user.pk).exists()
