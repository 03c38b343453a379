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


# The annual report-and-review (述职评议) -------------------------------------------------------------
#
# - open a round and publish its results: the organization department of the round's own area (the
#   city's for the city's round, a district's for the district's); superusers;
# - write and submit a report: the organization's own staff, granted at its own area with the role of
#   that level (community staff for a community's organization, street staff for a street's, the
#   district organization department for the district's own committee in the city's round);
# - grade a report: the reviewers appointed to its round (users granted the round's area or above);
# - read: everyone sees the rounds of their areas and above, and the reports of their own area; the
#   reviewers' comments are read by the round's department and its reviewers only.

ORG_DEPT_ROLES = frozenset({roles.CITY_ORG_DEPT, roles.DISTRICT_ORG_DEPT})
# The role that writes the report of an organization, by the length of its area code.
REPORT_WRITER_ROLES = {6: roles.DISTRICT_ORG_DEPT, 9: roles.STREET_STAFF, 12: roles.COMMUNITY_STAFF}


def may_run_round(scope: Scope, area_code: str) -> bool:
    """Open the round of ``area_code`` and publish its results: that area's organization department."""
    return scope.is_superuser or any(code == area_code and role in ORG_DEPT_ROLES for code, role in scope.grants)


def runs_any_round(scope: Scope) -> bool:
    """The user is an organization department (the city's or a district's): they open rounds."""
    return scope.is_superuser or any(role in ORG_DEPT_ROLES for _code, role in scope.grants)


def may_write_report(scope: Scope, organization_code: str) -> bool:
    """Write and submit the report of an organization placed at ``organization_code``."""
    role = REPORT_WRITER_ROLES.get(len(organization_code))
    return scope.is_superuser or any(code == organization_code and held == role for code, held in scope.grants)


def may_be_reviewer(grants, area_code: str) -> bool:
    """A user holding ``grants`` ((code, role) pairs) may be appointed a reviewer of the round of
    ``area_code``: a writing grant of that area or of one above it."""
    return any(area_code.startswith(code) and role in roles.WRITE_ROLES for code, role in grants)


def reads_comments(scope: Scope, user, review_round, reviewer_ids: set[int]) -> bool:
    """The reviewers' comments: the round's department and its reviewers."""
    return may_run_round(scope, review_round.area_code) or (user.is_authenticated and user.pk in reviewer_ids)
