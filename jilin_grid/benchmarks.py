"""What ``manage.py benchmark`` times.

Each app registers a suite: given an area code and a user, the calls to time (its selector, its
page, its statistics endpoint). The command runs every suite, or those asked for, on the city and
one area of each level, and prints the query count and the timings of each call.
"""

from __future__ import annotations

from collections.abc import Callable

from django.test import RequestFactory
from django.utils.module_loading import import_string

Calls = dict[str, Callable[[], object]]
# A suite answers the calls to time for one area code and user (none for a level it does not cover).
Suite = Callable[[str, object], Calls]

_suites: dict[str, str] = {}


def register_benchmark(name: str, suite: str) -> None:
    """Register the suite at the dotted path ``suite`` under ``name`` (an app does this in its
    AppConfig.ready; the module, which imports views, is loaded only when the benchmark runs)."""
    _suites[name] = suite


def benchmark_names() -> list[str]:
    return sorted(_suites)


def benchmark_suites(names=None) -> dict[str, Suite]:
    return {name: import_string(path) for name, path in _suites.items() if not names or name in names}


_factory = RequestFactory()


def view_call(view, path: str, user, params: dict | None = None, **kwargs) -> Callable[[], object]:
    """A call of a page or API view as ``user``, rendered, failing unless it answers 200."""

    def call():
        request = _factory.get(path, params or {})
        request.user = user
        request._force_auth_user = user  # DRF views read the user from here
        response = view(request, **kwargs)
        if hasattr(response, "render"):
            response.render()
        assert response.status_code == 200, (path, response.status_code)
        return response

    return call


# Pages the walk leaves out: the admin, the API (its suites time it), static files, the health
# checks, sign-in and -out, the language switch and the pickers' answers (not pages).
NOT_PAGES = ("admin/", "api/", "static/", "media/", "healthz", "readyz", "login/", "logout/", "i18n/", "pickers/")


def _plain_paths() -> set[str]:
    """Every path of the URLconf that takes no parameter."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix: str):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<" not in route and "(?P" not in route and "^" not in route:
                view_class = getattr(pattern.callback, "view_class", None)
                if view_class is not None and not hasattr(view_class, "get"):
                    continue  # an action that only takes a POST (mark every notification read) is no page
                yield "/" + route

    return set(walk(get_resolver().url_patterns, ""))


def page_paths() -> list[str]:
    """Every page of the portal reached without a parameter (``/problems/new/``, ``/buildings/``)."""
    return sorted(path for path in _plain_paths() if not path[1:].startswith(NOT_PAGES))


def stats_paths() -> list[str]:
    """Every statistics endpoint of the API that takes only query parameters (``/api/stats/...``)."""
    return sorted(path for path in _plain_paths() if path.startswith("/api/stats/"))


def page_call(path: str, user) -> Callable[[], object]:
    """A GET of the page at ``path`` as ``user``, through its view, rendered (200, or a redirect)."""
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.contrib.sessions.backends.signed_cookies import SessionStore
    from django.urls import resolve

    match = resolve(path)

    def call():
        request = _factory.get(path)
        request.user = user
        request.session = SessionStore()  # never saved: the walk writes nothing
        request._messages = CookieStorage(request)
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        assert response.status_code in (200, 302), (path, response.status_code)
        return response

    return call


def stats(code: str, user) -> Calls:
    """Every statistics endpoint for the area, as the user (the year where one is asked: the
    current one), so an endpoint a domain adds is timed without a line here."""
    from django.urls import resolve

    return {path: view_call(resolve(path).func, path, user, {"area": code}) for path in stats_paths()}


def pages(code: str, user) -> Calls:
    """Every page reached without a parameter, for the city's account: the pages a city staff
    member opens from the menu, forms included."""
    from django.conf import settings

    if code != settings.CITY_CODE:
        return {}
    return {path: page_call(path, user) for path in page_paths()}
