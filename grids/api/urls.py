"""API routes of the grids app, gathered from its domains."""

from grids.network.api import urls as network_urls
from grids.problems.api import urls as problems_urls

urlpatterns = [*network_urls.urlpatterns, *problems_urls.urlpatterns]
