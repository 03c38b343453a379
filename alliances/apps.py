from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def add_demo_alliances(sender, *, city=None, scale: int = 1, stdout=None, **kwargs):
    """After ``seed_demo``: the demo alliances and their six-step loop, unless they are there (see alliances.demo)."""
    from alliances.loop.demo import build_demo_alliances

    # A city built now has the scale asked for; a city already there keeps the scale it was built at.
    figures = build_demo_alliances(scale=scale if city is not None else None, stdout=stdout)
    return [
        (figures["alliances"], _("party-building alliances")),
        (figures["member_units"], _("alliance member units")),
    ]


def add_demo_volunteering(sender, *, city=None, scale: int = 1, stdout=None, **kwargs):
    """After the demo alliances: in-service members' volunteering and the sunk cadres (see alliances.volunteer_demo)."""
    from alliances.volunteering.demo import build_demo_volunteering

    figures = build_demo_volunteering(scale=scale if city is not None else None, stdout=stdout)
    return [
        (figures["members_reported"], _("in-service party members reported (confirmed)")),
        (figures["posts_claimed"], _("service post places claimed")),
        (figures["service_person_times"], _("volunteer-service person-times (verified)")),
        (figures["departments"], _("departments sending cadres")),
        (figures["cadres"], _("cadres sunk to communities")),
        (figures["communities"], _("communities served by sunk cadres")),
        (figures["checkpoints"], _("checkpoints on duty")),
    ]


class AlliancesConfig(AppConfig):
    """Party-building alliances (党建联盟) and the six-step method on residents' problems."""

    name = "alliances"
    verbose_name = _("Party-building alliances")

    def ready(self):
        from grids.network.demo import demo_city_built
        from jilin_grid.benchmarks import register_benchmark

        register_benchmark("volunteering", "alliances.volunteering.benchmarks.volunteering")

        demo_city_built.connect(add_demo_alliances, dispatch_uid="alliances.add_demo_alliances")
        # After the alliances: members serve at their activities.
        demo_city_built.connect(add_demo_volunteering, dispatch_uid="alliances.add_demo_volunteering")
