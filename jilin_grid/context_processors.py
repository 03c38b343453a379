"""Template context every page needs: the portal's title and the user's scope."""

from django.conf import settings

from .scope import get_scope


def portal(request):
    scope = get_scope(getattr(request, "user", None))
    return {
        "portal_title": settings.PORTAL_TITLE,
        "city_code": settings.CITY_CODE,
        "user_scope": scope,
        "home_area_code": scope.home_code(settings.CITY_CODE),
    }
