"""Pages of the projects app, gathered from its domains."""

from projects.assessment import urls as assessment_urls
from projects.brands import urls as brands_urls
from projects.cockpit import urls as cockpit_urls
from projects.filing import urls as filing_urls
from projects.maps import urls as maps_urls
from projects.notifications import urls as notifications_urls
from projects.projects import urls as projects_urls
from projects.rectification import urls as rectification_urls
from projects.reports import urls as reports_urls
from projects.trends import urls as trends_urls

app_name = "projects"

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
