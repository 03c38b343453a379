"""Guessing passwords is stopped: five failed logins lock the account, and five from one address
lock the address, for thirty minutes, on the portal's login and the admin's alike; the lockout
page says so in Chinese and English, the attempts are recorded, and an administrator releases
them. Every API client is throttled (429 with Retry-After)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from communities.tests.factories import CityFactory, UserFactory, user_with_grant
from jilin_grid.scope import Role

pytestmark = pytest.mark.django_db
PASSWORD = "Jilin-2026-correct"


@pytest.fixture
def city_user():
    user = user_with_grant(CityFactory().code, Role.CITY_ORG_DEPT)
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, username, password, *, path="/login/", address="10.0.0.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, city_user, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        assert _login(client, city_user.username, "wrong").status_code == 200  # the form again, with its error
    assert _login(client, city_user.username, "wrong").status_code == 429  # the fifth locks
    response = _login(client, city_user.username, PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已暂时锁定" in page and "Login is locked" in page and "30" in page
    assert not _logged_in(client)
    # The admin's login shares the attempts, and so does another address for this account.
    assert _login(client, city_user.username, PASSWORD, path="/admin/login/", address="10.0.0.2").status_code == 429
    assert AccessFailureLog.objects.filter(username=city_user.username).count() >= 5


def test_an_administrator_releases_a_locked_account(client, city_user):
    for _attempt in range(5):
        _login(client, city_user.username, "wrong")
    assert _login(client, city_user.username, PASSWORD).status_code == 429

    AccessAttempt.objects.filter(username=city_user.username).delete()  # the admin's "delete" on 访问尝试

    response = _login(client, city_user.username, PASSWORD)
    assert response.status_code == 302 and _logged_in(client)
    assert AccessLog.objects.filter(username=city_user.username).exists()  # the login is recorded


def test_five_failures_from_one_address_lock_the_address_for_every_account(client, city_user):
    for number in range(5):
        _login(client, f"guess{number}", "wrong", address="10.9.9.9")
    assert _login(client, city_user.username, PASSWORD, address="10.9.9.9").status_code == 429
    assert _login(client, city_user.username, PASSWORD, address="10.0.0.7").status_code == 302


def test_a_success_clears_the_accounts_count(client, city_user):
    for _attempt in range(4):
        _login(client, city_user.username, "wrong")
    assert _login(client, city_user.username, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(4):
        _login(client, city_user.username, "wrong")
    assert _login(client, city_user.username, PASSWORD).status_code == 302


def test_the_address_behind_trusted_proxies_is_the_one_the_outermost_saw(rf, settings):
    from jilin_grid.security import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="172.18.0.5")
    assert client_ip(request) == "172.18.0.5"  # no proxy trusted: a header the client wrote counts for nothing
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"


def test_anonymous_api_callers_are_throttled_with_retry_after(client, monkeypatch, settings):
    settings.API_SCHEMA_PUBLIC = True
    # (A request without valid credentials to a protected endpoint is refused with 401 before any
    # throttle; what anonymous callers may read, the schema, is throttled.)
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/min")
    assert [client.get(reverse("api-schema")).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(reverse("api-schema"))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_signed_in_api_clients_are_throttled_too(client, monkeypatch):
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "2/min")
    client.force_login(UserFactory())
    assert [client.get(reverse("district-list")).status_code for _ in range(2)] == [200, 200]
    assert client.get(reverse("district-list")).status_code == 429
