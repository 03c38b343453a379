"""API tokens: created with a key shown once and kept as a hash; 401 when unknown, expired or
revoked; the last use written at most once a minute; the administrators' page and command."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from communities.models import ApiToken
from communities.services import api_token_create, api_token_revoke
from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, user_with_grant
from jilin_grid.scope import Role

pytestmark = pytest.mark.django_db

API = "/api/districts/"
LIST = reverse("communities:api_token_list")
CREATE = reverse("communities:api_token_create")


@pytest.fixture
def reader():
    return user_with_grant(DistrictFactory().code, Role.API_READER)


@pytest.fixture
def city_admin():
    return user_with_grant(CityFactory().code, Role.CITY_ORG_DEPT, username="city-admin")


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# The token itself ---------------------------------------------------------------------------------


def test_a_new_token_gives_its_key_once_and_keeps_only_its_hash(reader):
    token, key = api_token_create(user=reader, label="big screen")
    assert len(key) == 40
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert key not in [str(value) for value in stored.values()]
    assert stored["key_hash"] == ApiToken.hash_key(key) and stored["key_prefix"] == key[:8]
    # It lasts API_TOKEN_DEFAULT_DAYS unless told otherwise.
    assert token.expires_at - token.created_at == timedelta(days=90)


def test_a_token_may_not_last_longer_than_the_maximum(reader, settings):
    from django.core.exceptions import ValidationError

    settings.API_TOKEN_MAX_DAYS = 30
    with pytest.raises(ValidationError) as refused:
        api_token_create(user=reader, label="too long", expires_at=timezone.now() + timedelta(days=31))
    assert "expires_at" in refused.value.message_dict
    assert not ApiToken.objects.exists()


def test_the_key_opens_the_api_and_an_unknown_key_answers_401(reader):
    _token, key = api_token_create(user=reader, label="big screen")
    assert token_client(key).get(API).status_code == 200
    response = token_client("0" * 40).get(API)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "Invalid token" in response.json()["detail"]


def test_an_expired_token_answers_401_saying_so(reader):
    token, key = api_token_create(user=reader, label="old dashboard")
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=now - timedelta(days=90), expires_at=now - timedelta(seconds=1)
    )
    response = token_client(key).get(API)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "expired" in response.json()["detail"] and "已过期" in response.json()["detail"]


def test_a_revoked_token_answers_401_saying_so(reader, city_admin):
    token, key = api_token_create(user=reader, label="lost laptop")
    client = token_client(key)
    assert client.get(API).status_code == 200
    api_token_revoke(token=token, revoked_by=city_admin)
    response = client.get(API)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "revoked" in response.json()["detail"]


def test_the_token_of_an_inactive_account_answers_401(reader):
    _token, key = api_token_create(user=reader, label="big screen")
    get_user_model().objects.filter(pk=reader.pk).update(is_active=False)
    assert token_client(key).get(API).status_code == 401


def test_the_last_use_is_written_at_most_once_a_minute(reader, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    token, key = api_token_create(user=reader, label="big screen")
    client = token_client(key)
    with CaptureQueriesContext(connection) as first:
        assert client.get(API).status_code == 200
    token.refresh_from_db()
    used = token.last_used_at
    assert used is not None
    with CaptureQueriesContext(connection) as second:
        assert client.get(API).status_code == 200
    assert len(second) == len(first) - 1  # no write within the minute
    assert not any(query["sql"].startswith("UPDATE") for query in second.captured_queries)
    token.refresh_from_db()
    assert token.last_used_at == used
    # A minute later the next request writes it again.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=used - timedelta(seconds=61))
    assert client.get(API).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > used - timedelta(seconds=61)


# The administrators' page -------------------------------------------------------------------------


def test_the_page_is_for_administrators_only(client, reader):
    token, _key = api_token_create(user=reader, label="big screen")
    assert client.get(LIST).status_code == 302  # to the login page
    staff = user_with_grant(CommunityFactory().code, Role.COMMUNITY_STAFF)
    client.force_login(staff)
    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403
    revoke = reverse("communities:api_token_revoke", args=[token.pk])
    assert client.post(revoke).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert b'data-testid="nav-api-tokens"' not in client.get("/reports/").content


def test_the_city_department_lists_creates_and_revokes(client, reader, city_admin):
    old, _old_key = api_token_create(user=reader, label="old dashboard")
    now = timezone.now()
    ApiToken.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=91), expires_at=now - timedelta(days=1))
    client.force_login(city_admin)
    assert b'data-testid="nav-api-tokens"' in client.get("/reports/").content
    page = client.get(LIST)
    assert page.status_code == 200
    assert "old dashboard" in page.content.decode() and 'data-status="expired"' in page.content.decode()

    expires_on = timezone.localdate() + timedelta(days=30)
    response = client.post(CREATE, {"label": "big screen", "user": reader.pk, "expires_on": expires_on.isoformat()})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = response.context["key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(label="big screen")
    assert (token.user, token.created_by, token.key_hash) == (reader, city_admin, ApiToken.hash_key(key))
    assert timezone.localtime(token.expires_at).date() == expires_on
    assert token_client(key).get(API).status_code == 200
    listing = client.get(LIST).content.decode()
    assert key not in listing and token.key_prefix in listing and 'data-status="active"' in listing

    revoke = reverse("communities:api_token_revoke", args=[token.pk])
    confirmation = client.get(revoke)
    assert confirmation.status_code == 200 and b'method="post"' in confirmation.content
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == city_admin and token.revoked_at is not None
    assert token_client(key).get(API).status_code == 401
    assert 'data-status="revoked"' in client.get(LIST).content.decode()


def test_a_bad_expiry_is_refused_beside_the_field_with_the_input_kept(client, reader, city_admin):
    client.force_login(city_admin)
    with translation.override("en"):
        for day, message in (
            (timezone.localdate(), "Choose a day after today."),
            (timezone.localdate() + timedelta(days=366), "A token may last at most 365 days."),
        ):
            response = client.post(
                CREATE,
                {"label": "big screen", "user": reader.pk, "expires_on": day.isoformat()},
                HTTP_ACCEPT_LANGUAGE="en",
            )
            assert response.status_code == 400
            assert response.context["form"].errors["expires_on"] == [message]
            content = response.content.decode()
            assert f'data-field="expires_on">{message}' in content
            assert 'value="big screen"' in content
    assert not ApiToken.objects.exists()


def test_the_city_department_neither_sees_nor_issues_a_superusers_token(client, city_admin):
    boss = get_user_model().objects.create_superuser(username="boss", password="x")
    token, _key = api_token_create(user=boss, label="the boss's script")
    client.force_login(city_admin)
    assert "the boss's script" not in client.get(LIST).content.decode()
    assert client.post(reverse("communities:api_token_revoke", args=[token.pk])).status_code == 404
    response = client.post(CREATE, {"label": "x", "user": boss.pk, "expires_on": "2099-01-01"})
    assert response.status_code == 400 and "user" in response.context["form"].errors
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_the_csrf_token(reader, city_admin):
    token, _key = api_token_create(user=reader, label="big screen")
    client = Client(enforce_csrf_checks=True)
    client.force_login(city_admin)
    assert client.post(reverse("communities:api_token_revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


# The command ---------------------------------------------------------------------------------------


def test_the_command_creates_lists_and_revokes(reader):
    out = StringIO()
    call_command("api_token", "create", "--user", reader.username, "--label", "nightly sync", "--days", "7", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get(key_hash=ApiToken.hash_key(key))
    assert token.label == "nightly sync" and (token.expires_at - token.created_at).days == 7
    assert token_client(key).get(API).status_code == 200

    listing = StringIO()
    call_command("api_token", "list", stdout=listing)
    assert "nightly sync" in listing.getvalue() and token.key_prefix in listing.getvalue()
    assert key not in listing.getvalue()

    call_command("api_token", "revoke", str(token.pk), stdout=StringIO())
    assert token_client(key).get(API).status_code == 401
    active = StringIO()
    call_command("api_token", "list", stdout=active)
    assert "nightly sync" not in active.getvalue()
    every = StringIO()
    call_command("api_token", "list", "--all", stdout=every)
    assert "nightly sync" in every.getvalue() and "revoked" in every.getvalue()


def test_the_command_explains_what_it_refuses(reader):
    with pytest.raises(CommandError, match="No account named"):
        call_command("api_token", "create", "--user", "nobody", "--label", "x")
    with pytest.raises(CommandError, match="at most 365 days"), translation.override("en"):
        call_command("api_token", "create", "--user", reader.username, "--label", "x", "--days", "400")
    with pytest.raises(CommandError, match="No token with id"):
        call_command("api_token", "revoke", "999999")


# The migration from DRF's tokens ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_tokens_of_drf_keep_working_hashed_and_their_table_goes():
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    migration = import_module("communities.migrations.0005_api_token_from_drf_tokens")
    user = user_with_grant(DistrictFactory(city=CityFactory()).code, Role.API_READER)
    stamp = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created {stamp}, user_id integer)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [key, timezone.now(), user.pk])
    with connection.schema_editor() as editor:
        migration.copy_drf_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    token = ApiToken.objects.get()
    assert (token.user, token.key_hash, token.key_prefix) == (user, ApiToken.hash_key(key), key[:8])
    assert (token.expires_at - timezone.now()).days in (89, 90)
    assert token_client(key).get(API).status_code == 200


def test_the_admin_lists_tokens_and_revokes_them_with_its_action(client, reader):
    token, key = api_token_create(user=reader, label="big screen")
    root = get_user_model().objects.create_superuser(username="root", password="x")
    client.force_login(root)
    changelist = reverse("admin:communities_apitoken_changelist")
    assert "big screen" in client.get(changelist).content.decode()
    assert client.get(reverse("admin:communities_apitoken_change", args=[token.pk])).status_code == 200
    assert client.get(reverse("admin:communities_apitoken_add")).status_code == 403  # created with the key shown
    client.post(changelist, {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_by == root
    assert token_client(key).get(API).status_code == 401
