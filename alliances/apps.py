from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def add_demo_alliances(sender, *, city=None, scale: int = 1, stdout=None, **kwargs):
    """After ``seed_demo``: the demo alliances and their six-step loop, unless they are there (see alliances.demo)."""
    from .demo import build_demo_alliances

    # A city built now has the scale asked for; a city already there keeps the scale it was built at.
    figures = build_demo_alliances(scale=scale if city is not None else None, stdout=stdout)
    return [
        (figures["alliances"], _("party-building alliances")),
        (figures["member_units"], _("alliance member units")),
    ]


class AlliancesConfig(AppConfig):
    """Party-building alliances (党建联盟) and the six-step method on residents' problems."""

    name = "alliances"
    verbose_name = _("Party-building alliances")

    def ready(self):
        from grids.demo import demo_city_built

        demo_city_built.connect(add_demo_alliances, dispatch_uid="alliances.add_demo_alliances")
