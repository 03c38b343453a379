"""The read-only API client's account has no portal (login refused, every page 403) while the API
answers it; demo accounts are marked in the header and the admin, and check --deploy warns."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import checks
from django.urls import reverse

from communities.tests.factories import (
    AreaGrantFactory,
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    user_with_grant,
)
from jilin_grid.scope import Role
from jilin_grid.security import DEMO_GROUP
from jilin_grid.testing.api import api_client

pytestmark = pytest.mark.django_db

PASSWORD = "Reader-pass-2026"
REFUSAL_EN = "This account is for API clients: use it with a token, not in the portal."
REFUSAL_ZH = "此账号仅供接口客户端使用"


@pytest.fixture
def district():
    return DistrictFactory(city=CityFactory())


@pytest.fixture
def api_account(district):
    user = user_with_grant(district.code, Role.API_READER, username="dashboard")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_the_portal_login_refuses_the_api_client_account_and_says_why(client, api_account):
    response = client.post(reverse("login"), {"username": "dashboard", "password": PASSWORD})
    assert response.status_code == 200
    content = response.content.decode()
    assert REFUSAL_EN in content and REFUSAL_ZH in content
    assert 'value="dashboard"' in content  # the name typed is kept
    assert "_auth_user_id" not in client.session
    assert client.get("/reports/").status_code == 302  # still signed out: to the login page


def test_an_account_with_a_portal_role_besides_the_api_client_signs_in(client, api_account, district):
    AreaGrantFactory(user=api_account, area_code=CommunityFactory().code, role=Role.COMMUNITY_STAFF)
    response = client.post(reverse("login"), {"username": "dashboard", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/reports/").status_code == 200


@pytest.mark.parametrize(
    "page",
    [
        "/",
        "/reports/",
        "/grids/",
        "/grids/?export=csv",
        "/party-organizations/?export=xlsx",
        "/problems/",
        "/volunteering/import/",
        "/api-tokens/",
    ],
)
def test_an_api_client_session_gets_403_on_every_portal_page(client, api_account, page):
    client.force_login(api_account)
    response = client.get(page)
    assert response.status_code == 403
    assert REFUSAL_EN in response.content.decode()
    assert 'data-testid="nav-problems"' not in response.content.decode()  # no menu to pages it cannot open


def test_an_api_client_session_area_page_is_403_too(client, api_account, district):
    client.force_login(api_account)
    assert client.get(reverse("grids:area_detail", args=[district.code])).status_code == 403


def test_the_api_still_answers_the_api_client_with_a_session_or_a_token(client, api_account, district):
    client.force_login(api_account)
    assert client.get("/api/districts/").status_code == 200
    assert client.get(f"/api/stats/organization-network/?area={district.code}").status_code == 200
    assert client.get("/api/schema/").status_code == 200
    assert api_client(api_account).get("/api/districts/").status_code == 200
    # Signing out and switching the language still work.
    assert client.post(reverse("set_language"), {"language": "en", "next": "/api/"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302


def test_the_admin_is_unaffected_for_superusers(client):
    admin = get_user_model().objects.create_superuser(username="root", password=PASSWORD)
    client.force_login(admin)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get("/reports/").status_code == 200


# Demo accounts --------------------------------------------------------------------------------------


def demo_user(username="demo-city"):
    user = user_with_grant(CityFactory().code, Role.CITY_ORG_DEPT, username=username)
    Group.objects.get_or_create(name=DEMO_GROUP)[0].user_set.add(user)
    return user


def test_a_demo_account_carries_the_badge_in_the_header_and_the_admin(client):
    client.force_login(demo_user())
    assert b'data-testid="demo-badge"' in client.get("/reports/").content
    root = get_user_model().objects.create_superuser(username="root", password=PASSWORD)
    Group.objects.get(name=DEMO_GROUP).user_set.add(root)
    client.force_login(root)
    assert b'data-testid="demo-badge"' in client.get(reverse("admin:index")).content
    users = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "demo-city" in users and 'alt="True"' in users


def test_an_ordinary_account_carries_no_badge(client):
    client.force_login(user_with_grant(CityFactory().code, Role.CITY_ORG_DEPT))
    assert b'data-testid="demo-badge"' not in client.get("/reports/").content


def deploy_warnings():
    return [
        message
        for message in checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
        if message.id == "jilin_grid.W001"
    ]


def test_check_deploy_warns_while_demo_accounts_exist_with_debug_off(settings):
    settings.DEBUG = False
    assert deploy_warnings() == []
    user = demo_user()
    [warning] = deploy_warnings()
    assert warning.level == checks.WARNING and "demo-city" in warning.msg
    settings.DEBUG = True
    assert deploy_warnings() == []
    settings.DEBUG = False
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert deploy_warnings() == []
