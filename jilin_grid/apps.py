from django.apps import AppConfig


class JilinGridConfig(AppConfig):
    """The shared layer: base models, scoping, API base classes, exports, template tags."""

    name = "jilin_grid"
    verbose_name = "Jilin grid portal"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 (registers the system checks)
        from .api import schema  # noqa: F401 - registers the OpenAPI extensions of the shared fields
        from .security import session_started

        user_logged_in.connect(session_started, dispatch_uid="jilin_grid.session_started")

        from .audit import checks as audit_checks
        from .audit import receivers

        receivers.connect()
        audit_checks.register()

        from .benchmarks import register_benchmark

        register_benchmark("pages", "jilin_grid.benchmarks.pages")
        register_benchmark("stats", "jilin_grid.benchmarks.stats")

        from .menus import register_shared_entries

        register_shared_entries()

        from .pickers.areas import answer as area_answer
        from .pickers.registry import register_answer

        register_answer("area", area_answer)
