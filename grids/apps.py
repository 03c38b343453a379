from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    """Grids, compounds, buildings, units, grid workers and the five chiefs."""

    name = "grids"
    verbose_name = _("Grids")
