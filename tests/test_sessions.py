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


def _tables(captured) -> list[str]:
    return [query["sql"].split(" FROM ", 1)[1].split()[0].strip('"') for query in captured]


def test_a_signed_in_page_reads_session_user_and_grants_once_and_writes_nothing(signed_in, clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signed_in.get("/")
    clock.value += 30  # within a minute of the last request: the session is not written back
    with CaptureQueriesContext(connection) as captured:
        response = signed_in.get("/")  # the home page: a redirect, so only what every page costs

    assert response.status_code == 302
    assert _tables(captured) == ["django_session", "auth_user", "communities_areagrant"]


def test_a_token_request_reads_the_token_with_its_user_and_the_grants_once(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from communities.services import api_token_create

    user = user_with_grant(CityFactory().code, Role.API_READER)
    _token, key = api_token_create(user=user, label="dashboard")
    client.get("/api/districts/", HTTP_AUTHORIZATION=f"Token {key}")  # its first use of the minute is written
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/districts/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    # Before the list's own count and page: the token with its user, and the grants, once each.
    tables = _tables(captured)
    assert tables[:2] == ["communities_apitoken", "communities_areagrant"]
    assert tables.count("communities_areagrant") == 1 and "django_session" not in tables
