"""API routes of the alliances app, gathered from its domains."""

from alliances.cadres.api import urls as cadres_urls
from alliances.campaigns.api import urls as campaigns_urls
from alliances.desk.api import urls as desk_urls
from alliances.loop.api import urls as loop_urls
from alliances.property.api import urls as property_urls
from alliances.stations.api import urls as stations_urls
from alliances.volunteering.api import urls as volunteering_urls

urlpatterns = [
    *loop_urls.urlpatterns,
    *volunteering_urls.urlpatterns,
    *cadres_urls.urlpatterns,
    *stations_urls.urlpatterns,
    *property_urls.urlpatterns,
    *desk_urls.urlpatterns,
    *campaigns_urls.urlpatterns,
]
