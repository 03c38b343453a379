from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    """Party-building alliances (党建联盟) and their six-step method, in-service members' volunteering,
    and the cadres sunk to communities."""

    name = "alliances"
    verbose_name = _("Party-building alliances")

    def ready(self):
        from jilin_grid.benchmarks import register_benchmark

        register_benchmark("volunteering", "alliances.volunteering.benchmarks.volunteering")
        register_benchmark("alliances", "alliances.loop.benchmarks.alliances")

        from alliances.cadres.counts import register as register_cadre_counts
        from alliances.desk.counts import register as register_desk_counts
        from alliances.loop.counts import register as register_loop_counts
        from alliances.property.counts import register as register_property_counts
        from alliances.stations.counts import register as register_station_counts
        from alliances.volunteering.counts import register as register_volunteering_counts

        register_loop_counts()
        register_volunteering_counts()
        register_cadre_counts()
        register_desk_counts()
        register_property_counts()
        register_station_counts()

        from alliances.desk.figures import register as register_desk_figures
        from alliances.loop.figures import register as register_loop_figures
        from alliances.property.figures import register as register_property_figures
        from alliances.stations.figures import register as register_station_figures
        from alliances.volunteering.figures import register as register_volunteering_figures

        register_loop_figures()
        register_volunteering_figures()
        register_property_figures()
        register_station_figures()
        register_desk_figures()

        from alliances.stations.pickers import register as register_station_pickers

        register_station_pickers()

        from alliances.menus import register as register_menu

        register_menu()
