from django.apps import AppConfig


class JilinGridConfig(AppConfig):
    """The shared layer: base models, scoping, API base classes, exports, template tags."""

    name = "jilin_grid"
    verbose_name = "Jilin grid portal"
