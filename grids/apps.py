from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    """Grids, compounds, buildings, units, grid workers and the five chiefs."""

    name = "grids"
    verbose_name = _("Grids")

    def ready(self) -> None:
        from grids.network.models import Grid
        from jilin_grid.areas import CODE_LENGTHS, AreaLevel, register_area_model

        register_area_model(Grid, CODE_LENGTHS[AreaLevel.GRID])

        from jilin_grid.benchmarks import register_benchmark

        register_benchmark("network", "grids.network.benchmarks.network")

        from grids.network.demo import demo_city_built
        from grids.problems.demo import add_demo_problems

        # A year of residents' problems comes with the demo city (before the apps that link to them).
        demo_city_built.connect(add_demo_problems, dispatch_uid="grids.add_demo_problems")
