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
