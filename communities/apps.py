from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    """The administrative tree, party organizations, people and user scopes."""

    name = "communities"
    verbose_name = _("Communities and party organizations")
