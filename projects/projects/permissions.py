"""Who may do what with the No.1 projects and their reports: the one rule, used by the API and
the pages alike. Each function takes the caller's scope (``jilin_grid.scope.get_scope(user)``)
and the area code of the project (its organization's) or of the report.

- claim, revise, file progress, complete, abandon: any writing role over the area (community
  staff file on the secretary's behalf);
- review (approve, return) and showcase: the district and city organization departments over
  the area, and superusers;
- request a report: the city and district organization departments and street staff over the
  area, and superusers. Everyone who can see an area reads its reports;
- see how the reports' production stands (queues, workers, beat, backups): the city organization
  department and superusers.
"""

from __future__ import annotations

from django.conf import settings

from jilin_grid import scope as roles
from jilin_grid.scope import Scope

REVIEW_ROLES = frozenset({roles.CITY_ORG_DEPT, roles.DISTRICT_ORG_DEPT})
REPORT_REQUEST_ROLES = frozenset({roles.CITY_ORG_DEPT, roles.DISTRICT_ORG_DEPT, roles.STREET_STAFF})


def _holds(scope: Scope, area_code: str, allowed: frozenset[str]) -> bool:
    return scope.is_superuser or bool(scope.roles_for(area_code) & allowed)


def may_claim(scope: Scope, area_code: str) -> bool:
    """Claim a project, revise it, complete or abandon it."""
    return scope.can_write(area_code)


def may_report(scope: Scope, area_code: str) -> bool:
    """File (or correct) a month's progress."""
    return scope.can_write(area_code)


def may_review(scope: Scope, area_code: str) -> bool:
    """Approve, return and showcase a project."""
    return _holds(scope, area_code, REVIEW_ROLES)


def may_request_report(scope: Scope, area_code: str) -> bool:
    """Ask for a monthly dispatch report or quarterly circular of an area."""
    return _holds(scope, area_code, REPORT_REQUEST_ROLES)


def may_read(scope: Scope, area_code: str) -> bool:
    """See a project, its progress and the reports of an area."""
    return scope.covers(area_code)


def may_see_report_production(scope: Scope) -> bool:
    """See the report production page: the whole city's queues, workers and backups."""
    return _holds(scope, settings.CITY_CODE, frozenset({roles.CITY_ORG_DEPT}))
