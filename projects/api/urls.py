"""API routes of the projects app, gathered from its domains."""

from projects.assessment.api import urls as assessment_urls
from projects.brands.api import urls as brands_urls
from projects.cockpit.api import urls as cockpit_urls
from projects.filing.api import urls as filing_urls
from projects.maps.api import urls as maps_urls
from projects.notifications.api import urls as notifications_urls
from projects.projects.api import urls as projects_urls
from projects.rectification.api import urls as rectification_urls
from projects.reports.api import urls as reports_urls
from projects.trends.api import urls as trends_urls

urlpatterns = [
    *projects_urls.urlpatterns,
    *reports_urls.urlpatterns,
    *brands_urls.urlpatterns,
    *assessment_urls.urlpatterns,
    *filing_urls.urlpatterns,
    *rectification_urls.urlpatterns,
    *trends_urls.urlpatterns,
    *maps_urls.urlpatterns,
    *notifications_urls.urlpatterns,
    *cockpit_urls.urlpatterns,
]
