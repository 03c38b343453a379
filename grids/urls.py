"""Pages of the grids app, gathered from its domains."""

from grids.network import urls as network_urls
from grids.problems import urls as problems_urls

app_name = "grids"

urlpatterns = [*network_urls.urlpatterns, *problems_urls.urlpatterns]
