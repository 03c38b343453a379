"""Sessions end: after 30 minutes without a request, and 12 hours after the login however busy;
passwords mix three kinds of characters."""

from __future__ import annotations

import types

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from communities.tests.factories import CityFactory, user_with_grant
from jilin_grid import security
from jilin_grid.scope import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    import time

    now = types.SimpleNamespace(value=time.time())
    monkeypatch.setattr(security, "time", types.SimpleNamespace(time=lambda: now.value))
    return now


@pytest.fixture
def signed_in(client):
    user = user_with_grant(CityFactory().code, Role.CITY_ORG_DEPT)
    client.force_login(user)
    return client


def _page(client):
    return client.get("/reports/")


def test_a_session_idle_for_thirty_minutes_ends(signed_in, clock, settings):
    assert settings.SESSION_IDLE_SECONDS == 1800
    assert _page(signed_in).status_code == 200
    clock.value += 29 * 60
    assert _page(signed_in).status_code == 200  # active again: the idle time starts anew
    clock.value += 29 * 60
    assert _page(signed_in).status_code == 200
    clock.value += 31 * 60
    response = _page(signed_in)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "_auth_user_id" not in signed_in.session


def test_a_busy_session_ends_twelve_hours_after_the_login(signed_in, clock, settings):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600
    _page(signed_in)
    for _step in range(12 * 3):  # a request every twenty minutes for twelve hours
        clock.value += 20 * 60
        _page(signed_in)
    clock.value += 20 * 60
    assert _page(signed_in).status_code == 302


def test_the_session_cookie_lasts_as_long_as_the_idle_time(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_SECONDS


@pytest.mark.parametrize(
    ("password", "ok"),
    [("jilin-demo-2026", True), ("Jilin2026", True), ("jilindemo", False), ("12345678901", False), ("Ab1!", False)],
)
def test_passwords_mix_three_kinds_of_characters_and_are_long_enough(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)
