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
def _fresh_cache():
    """The API's throttles and the login lockout count in the cache: every test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
