"""Template context every page needs: the portal's title, the user's scope, whether they look
after API tokens, and whether the session is a demo account's (noted at login: no query)."""

from django.conf import settings

from .scope import get_scope
from .security import DEMO_SESSION_KEY


def portal(request):
    scope = get_scope(getattr(request, "user", None))
    session = getattr(request, "session", None)
    return {
        "portal_title": settings.PORTAL_TITLE,
        "city_code": settings.CITY_CODE,
        "user_scope": scope,
        "home_area_code": scope.home_code(settings.CITY_CODE),
        "may_manage_api_tokens": scope.can_manage_api_tokens(settings.CITY_CODE),
        "demo_account": bool(session is not None and session.get(DEMO_SESSION_KEY)),
    }
