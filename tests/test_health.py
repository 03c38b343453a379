"""Health of the running portal: /healthz, /readyz, the healthcheck command, the answer while the
database is away (503, a clear page or JSON, never a traceback) and the report production page."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from communities.tests.factories import CityFactory, user_with_grant
from jilin_grid import health
from jilin_grid.models import Heartbeat
from jilin_grid.scope import Role

AWAY = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def test_healthz_answers_without_the_database(client):
    with mock.patch.object(health, "check_database", side_effect=AssertionError("not asked")):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_readyz_checks_the_database_the_broker_and_the_storage(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["ready"] is True
    assert set(response.json()["checks"]) == {"database", "broker", "storage"}


@pytest.mark.django_db
def test_readyz_answers_503_naming_what_is_away_but_not_its_address(client):
    away = "OperationalError: Error 111 connecting to redis:6379"
    with mock.patch.dict(health.READINESS_CHECKS, {"broker": lambda: away}):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False and body["checks"]["broker"]["ok"] is False
    assert "redis:6379" not in response.content.decode()


@pytest.mark.django_db
def test_the_healthcheck_command_exits_non_zero_when_a_check_fails():
    out = io.StringIO()
    call_command("healthcheck", stdout=out)
    assert "database: ok" in out.getvalue() and "storage: ok" in out.getvalue()
    with (
        mock.patch.dict(health.READINESS_CHECKS, {"database": lambda: "OperationalError: away"}),
        pytest.raises(CommandError, match="Not ready"),
    ):
        call_command("healthcheck", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_page_finding_the_database_away_answers_503_with_a_clear_page(client):
    user = user_with_grant(CityFactory().code, Role.CITY_ORG_DEPT)
    client.force_login(user)
    with mock.patch("jilin_grid.views.get_scope", side_effect=AWAY):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert "数据库暂时无法连接" in page and "The database cannot be reached" in page
    assert "Traceback" not in page and "5432" not in page


@pytest.mark.django_db
def test_the_api_finding_the_database_away_answers_503_in_json(client):
    with mock.patch("rest_framework.authentication.TokenAuthentication.authenticate", side_effect=AWAY):
        response = client.get("/api/districts/", HTTP_AUTHORIZATION="Token x")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "数据库暂时无法访问" in response.json()["detail"]


@pytest.mark.django_db
def test_a_middleware_finding_the_database_away_answers_503_too():
    client = Client(raise_request_exception=False)
    with mock.patch("django.middleware.locale.LocaleMiddleware.process_request", side_effect=AWAY):
        response = client.get("/login/")
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()


@pytest.mark.django_db
def test_any_other_server_error_is_a_500_page_without_a_traceback():
    client = Client(raise_request_exception=False)
    with mock.patch("django.middleware.locale.LocaleMiddleware.process_request", side_effect=RuntimeError("boom")):
        page = client.get("/login/")
        api = client.get("/api/districts/")
    assert page.status_code == 500 and "服务器出错" in page.content.decode() and "boom" not in page.content.decode()
    assert api.status_code == 500 and api["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_the_report_production_page_is_for_the_city_and_administrators(client):
    city = CityFactory()
    Heartbeat.beat("beat", "sent projects.tasks.reap_reports")
    client.force_login(user_with_grant(city.code, Role.CITY_ORG_DEPT))
    response = client.get(reverse("projects:report_production"))
    assert response.status_code == 200
    page = response.content.decode()
    for part in ('data-check="database"', 'data-check="broker"', 'data-check="storage"', 'data-heartbeat="beat"'):
        assert part in page
    assert 'data-testid="queue-depth"' in page and 'data-testid="oldest-waiting"' in page
    assert reverse("projects:report_production") in client.get(reverse("projects:report_list")).content.decode()

    client.force_login(user_with_grant(city.code, Role.DISTRICT_ORG_DEPT))
    assert client.get(reverse("projects:report_production")).status_code == 403
    assert reverse("projects:report_production") not in client.get(reverse("projects:report_list")).content.decode()


@pytest.mark.django_db
def test_the_beat_healthcheck_fails_when_beat_has_not_run_lately():
    from datetime import timedelta

    from django.utils import timezone

    with pytest.raises(CommandError):
        call_command("healthcheck", "--beat", stdout=io.StringIO())  # never ran
    Heartbeat.beat("beat", "sent projects.tasks.reap_reports")
    out = io.StringIO()
    call_command("healthcheck", "--beat", stdout=out)
    assert "beat: ok" in out.getvalue()
    Heartbeat.objects.filter(name="beat").update(at=timezone.now() - timedelta(hours=1))
    with pytest.raises(CommandError):
        call_command("healthcheck", "--beat", stdout=io.StringIO())


def test_docker_compose_checks_readiness_of_web_worker_and_beat(settings):
    from pathlib import Path

    import yaml

    services = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())["services"]
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert "healthcheck --worker" in " ".join(services["worker"]["healthcheck"]["test"])
    assert "healthcheck --beat" in " ".join(services["beat"]["healthcheck"]["test"])
    assert any(volume.endswith(":/app/var/backups") for volume in services["worker"]["volumes"])
