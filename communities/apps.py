from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    """The administrative tree, party organizations, people and user scopes."""

    name = "communities"
    verbose_name = _("Communities and party organizations")

    def ready(self) -> None:
        from communities.models import City, Community, District, Street
        from jilin_grid.areas import CODE_LENGTHS, AreaLevel, register_area_model

        for model, level in (
            (City, AreaLevel.CITY),
            (District, AreaLevel.DISTRICT),
            (Street, AreaLevel.STREET),
            (Community, AreaLevel.COMMUNITY),
        ):
            register_area_model(model, CODE_LENGTHS[level])

        from communities.counts import register as register_counts

        register_counts()

        from communities.menus import register as register_menu

        register_menu()

        from communities.pickers import register as register_pickers

        register_pickers()

        from jilin_grid.api.tokens import register_token_issuer

        register_token_issuer(_issue_token)


def _issue_token(*, user, label: str) -> str:
    from communities.services import api_token_create

    return api_token_create(user=user, label=label)[1]
