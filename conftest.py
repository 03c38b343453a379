"""Fixtures shared by every test module."""

import pytest

# The module-scoped ``demo`` city any test module may ask for.
pytest_plugins = ["jilin_grid.testing.demo"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; production's slow hash would dominate their time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the portal's default language: a request's LocaleMiddleware
    leaves the language it chose (``Accept-Language: en``) active in the thread, where a later
    test's messages would be read in it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The API's throttles and the login lockout count in the cache: every test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _kept_counts_hold(request):
    """Every test that writes to the database ends with the kept counts equal to a recount of the
    rows: whatever services, views, tasks or commands it ran kept them in step.

    A test on the module's demo city is left out (the city is counted once when it is built, and
    recounting it after every test would take longer than the tests); so is a test marked
    ``kept_counts_may_drift``, which breaks the counts on purpose.
    """
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db or "demo" in request.fixturenames or request.node.get_closest_marker("kept_counts_may_drift"):
        yield
        return
    request.getfixturevalue("transactional_db" if marker and marker.kwargs.get("transaction") else "db")
    yield
    from jilin_grid.counts.services import find_drift

    drift = find_drift()
    assert not drift, f"The kept counts drifted from the rows: {drift[:10]}"
