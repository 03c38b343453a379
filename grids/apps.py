from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    """Grids, compounds, buildings, units, grid workers and the five chiefs; residents' problems."""

    name = "grids"
    verbose_name = _("Grids")

    def ready(self) -> None:
        from grids.network.models import Grid
        from jilin_grid.areas import CODE_LENGTHS, AreaLevel, register_area_model
        from jilin_grid.benchmarks import register_benchmark

        register_area_model(Grid, CODE_LENGTHS[AreaLevel.GRID])
        register_benchmark("network", "grids.network.benchmarks.network")
