"""The static files as the demo serves them: as production does, under hashed names cached for good.

The settings are read as each shape starts them (a process of their own), then a chart page and its
ECharts are asked for through WhiteNoise with the demo's (DEBUG on, STATIC_MANIFEST=1): the page names
the hashed file, and the answer for it says to keep it ten years, unchanged (``immutable``), so a
second page load fetches no script again. Development and the tests keep the plain names.
"""

import json
import re
import secrets
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.menus import build_role_city
from tests.test_settings import SETUP, _run

ECHARTS = "vendor/echarts/echarts.common.min.js"
TEN_YEARS = 10 * 365 * 24 * 3600
SHOWN = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'storage': s.STORAGES['staticfiles']['BACKEND'], 'debug': s.DEBUG, "
    "'whitenoise': {k: getattr(s, k) for k in dir(s) if k.startswith('WHITENOISE_')}}))"
)


def started_as(**env: str) -> dict:
    """The static files' settings of a process started with ``env`` (development unless it says)."""
    result = _run(["-c", f"{SETUP}; {SHOWN}"], **{"JILIN_GRID_ENV": "development", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_keeps_plain_names_and_the_demo_serves_as_production_does():
    development = started_as()
    assert development == {
        "storage": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "debug": True,
        "whitenoise": {},  # WhiteNoise's own DEBUG defaults: the sources, looked up on each request
    }
    demo = started_as(STATIC_MANIFEST="1")
    production = started_as(
        JILIN_GRID_ENV="production", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="portal.example.org"
    )
    assert demo["debug"] and not production["debug"]
    assert demo["storage"] == production["storage"] == "jilin_grid.staticfiles.ManifestStaticFilesStorage"
    assert demo["whitenoise"] == production["whitenoise"]


@pytest.fixture
def served_as_the_demo(settings, tmp_path):
    """The demo's settings, with its collectstatic run into ``tmp_path`` (ECharts' one build the pages
    load, not its other builds, to keep it quick)."""
    demo = started_as(STATIC_MANIFEST="1")
    echarts = tmp_path / "echarts"
    echarts.mkdir()
    shutil.copy(Path(settings.NODE_MODULES) / "echarts" / "dist" / Path(ECHARTS).name, echarts)
    settings.DEBUG = demo["debug"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": demo["storage"]}}
    settings.STATICFILES_DIRS = [
        ("vendor/echarts", echarts) if isinstance(entry, tuple) and entry[0] == "vendor/echarts" else entry
        for entry in settings.STATICFILES_DIRS
    ]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    for name, value in demo["whitenoise"].items():
        setattr(settings, name, value)
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (settings.STATIC_ROOT / "staticfiles.json").exists()


def test_a_chart_page_names_the_hashed_echarts_which_is_cached_for_good(served_as_the_demo, db):
    city = build_role_city()
    client = Client()  # its WhiteNoise starts with the settings above
    client.force_login(city["users"]["city"])
    page = client.get(f"/areas/{city['district'].code}/")
    assert page.status_code == 200
    html = page.content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    [echarts] = [src for src in scripts if "/echarts/" in src]
    assert re.fullmatch(r"/static/vendor/echarts/echarts\.common\.min\.[0-9a-f]{12}\.js", echarts), echarts
    # Every script and style of the page is named by its content.
    for src in scripts + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
        assert re.search(r"\.[0-9a-f]{12}\.(js|css)$", src), src

    response = client.get(echarts, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {f"max-age={TEN_YEARS}", "public", "immutable"} <= cache, cache
    assert response["Content-Encoding"] == "gzip"  # 240 KB on the wire instead of 715 KB
    body = b"".join(response.streaming_content)
    assert 100_000 < len(body) < 715_000

    # The plain name still answers, but briefly cached: it may change without changing its name.
    plain = client.get(f"/static/{ECHARTS}")
    assert plain.status_code == 200
    assert "immutable" not in plain["Cache-Control"] and "max-age=60" in plain["Cache-Control"]
