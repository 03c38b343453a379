from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    """Grids, compounds, buildings, units, grid workers and the five chiefs; residents' problems."""

    name = "grids"
    verbose_name = _("Grids")

    def ready(self) -> None:
        from grids.network.models import ChiefAssignment, Grid, Unit
        from grids.problems.models import ResidentProblem
        from jilin_grid.areas import CODE_LENGTHS, AreaLevel, register_area_model
        from jilin_grid.benchmarks import register_benchmark
        from jilin_grid.models import register_area_dependent

        register_area_model(Grid, CODE_LENGTHS[AreaLevel.GRID])
        # A building moved to another grid takes along its units, the chiefs who answer for it or
        # its units, and the residents' problems reported at it: each follows the building's grid
        # (a problem its compound too, and its holder the grid or the community above the new
        # place), so the grid now responsible reads them and the old one does not.
        register_area_dependent(Unit, via="building")
        for via in ("building", "unit__building"):
            register_area_dependent(ChiefAssignment, via=via, follow={"grid": "grid"})
            register_area_dependent(
                ResidentProblem, via=via, follow={"grid": "grid", "compound": "compound"}, codes=("holder_code",)
            )
        register_benchmark("network", "grids.network.benchmarks.network")
        register_benchmark("problems", "grids.problems.benchmarks.problems")

        from grids.network.counts import register as register_network_counts
        from grids.problems.counts import register as register_problem_counts

        register_network_counts()
        register_problem_counts()

        from grids.network.figures import register as register_network_figures
        from grids.problems.figures import register as register_problem_figures

        register_network_figures()
        register_problem_figures()

        from grids.network.pickers import register as register_pickers

        register_pickers()

        from grids.menus import register as register_menu

        register_menu()
