"""The admin of the projects app: each domain registers its own models."""

from projects.assessment import admin as assessment_admin
from projects.brands import admin as brands_admin
from projects.cockpit import admin as cockpit_admin
from projects.filing import admin as filing_admin
from projects.maps import admin as maps_admin
from projects.notifications import admin as notifications_admin
from projects.projects import admin as projects_admin
from projects.rectification import admin as rectification_admin
from projects.reports import admin as reports_admin
from projects.trends import admin as trends_admin

__all__ = [
    "assessment_admin",
    "brands_admin",
    "cockpit_admin",
    "filing_admin",
    "maps_admin",
    "notifications_admin",
    "projects_admin",
    "rectification_admin",
    "reports_admin",
    "trends_admin",
]
