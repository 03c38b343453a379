from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    """Grids, compounds, buildings, units, grid workers and the five chiefs."""

    name = "grids"
    verbose_name = _("Grids")

    def ready(self) -> None:
        from communities.choices import CODE_LENGTHS, AreaLevel
        from jilin_grid.areas import register_area_model

        from .models import Grid

        register_area_model(Grid, CODE_LENGTHS[AreaLevel.GRID])

        from jilin_grid.benchmarks import register_benchmark

        register_benchmark("network", "grids.benchmarks.network")

        from .demo import demo_city_built
        from .problem_demo import add_demo_problems

        # A year of residents' problems comes with the demo city (before the apps that link to them).
        demo_city_built.connect(add_demo_problems, dispatch_uid="grids.add_demo_problems")
