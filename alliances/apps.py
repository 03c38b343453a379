from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    """Party-building alliances (党建联盟) and the six-step method on residents' problems."""

    name = "alliances"
    verbose_name = _("Party-building alliances")
