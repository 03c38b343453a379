"""Pages of the alliances app, gathered from its domains."""

from alliances.cadres import urls as cadres_urls
from alliances.campaigns import urls as campaigns_urls
from alliances.desk import urls as desk_urls
from alliances.loop import urls as loop_urls
from alliances.property import urls as property_urls
from alliances.stations import urls as stations_urls
from alliances.volunteering import urls as volunteering_urls

app_name = "alliances"

urlpatterns = [
    *loop_urls.urlpatterns,
    *volunteering_urls.urlpatterns,
    *cadres_urls.urlpatterns,
    *stations_urls.urlpatterns,
    *property_urls.urlpatterns,
    *desk_urls.urlpatterns,
    *campaigns_urls.urlpatterns,
]
