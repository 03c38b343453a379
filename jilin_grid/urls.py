"""The portal's URLs: pages, the API, its schema and docs, the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from jilin_grid.api.root import ApiRootView, DocsView, SchemaView
from jilin_grid.converters import AreaCodeConverter
from jilin_grid.forms import PortalAuthenticationForm
from jilin_grid.health import healthz, readyz
from jilin_grid.pickers.views import picker_choices
from jilin_grid.views import home

# ``<area:code>``: every URL naming an area accepts the codes of every level (4 to 15 digits).
register_converter(AreaCodeConverter, "area")

handler404 = "jilin_grid.api.exceptions.api_not_found"
handler500 = "jilin_grid.health.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=PortalAuthenticationForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("audit/", include("jilin_grid.audit.urls")),
    path("pickers/<slug:name>/", picker_choices, name="picker"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", ApiRootView.as_view(), name="api-root"),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("communities.api.urls")),
    path("api/", include("grids.api.urls")),
    path("api/", include("projects.api.urls")),
    path("api/", include("alliances.api.urls")),
    path("", include("communities.urls")),
    path("", include("grids.urls")),
    path("", include("projects.urls")),
    path("", include("alliances.urls")),
]
