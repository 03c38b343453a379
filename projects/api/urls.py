"""API routes of the projects app, gathered from its domains."""

from projects.projects.api import urls as projects_urls
from projects.reports.api import urls as reports_urls

urlpatterns = [*projects_urls.urlpatterns, *reports_urls.urlpatterns]
