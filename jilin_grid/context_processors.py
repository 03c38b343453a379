"""Template context every page needs: the portal's title, the user's scope, whether they look
after API tokens, and whether the session is a demo account's (noted at login: no query)."""

from collections.abc import Callable

from django.conf import settings

from .scope import get_scope
from .security import DEMO_SESSION_KEY

# The count of the user's unread notifications, registered by the app that keeps them (the shared
# layer imports no app): called only when a page shows the bell, so anonymous pages ask nothing.
_unread_counter: Callable | None = None


def register_unread_counter(counter: Callable) -> None:
    global _unread_counter
    _unread_counter = counter


def _once(compute: Callable[[], int]) -> Callable[[], int]:
    """A callable the template calls where it shows the value (so a page without it asks nothing),
    computing it once however often it is shown."""
    cache: list[int] = []

    def value() -> int:
        if not cache:
            cache.append(compute())
        return cache[0]

    return value


def portal(request):
    user = getattr(request, "user", None)
    scope = get_scope(user)
    session = getattr(request, "session", None)
    counter = _unread_counter
    return {
        "unread_notifications": _once(lambda: counter(user) if counter else 0),
        "portal_title": settings.PORTAL_TITLE,
        "city_code": settings.CITY_CODE,
        "user_scope": scope,
        "home_area_code": scope.home_code(settings.CITY_CODE),
        "may_manage_api_tokens": scope.can_manage_api_tokens(settings.CITY_CODE),
        "demo_account": bool(session is not None and session.get(DEMO_SESSION_KEY)),
    }
