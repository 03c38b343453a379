"""A backup is proven to restore: the database (SQLite or PostgreSQL, whichever the suite runs on)
and the uploaded files are dumped together, restored into an empty database and an empty media
folder by ``manage.py restore`` in another process, and every table's rows and every file come
back the same. A damaged backup, or a restore over data, is refused."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from communities.tests.factories import CityFactory, DistrictFactory, PartyOrganizationFactory
from jilin_grid.backups import BackupError, backup_create, backup_restore, backups, table_rows
from projects.reports.choices import ReportJobStatus
from projects.reports.models import ReportJob
from projects.tests.factories import ProgressReportFactory, ProjectFactory

ROOT = Path(settings.BASE_DIR)


def _rows_digest(cursor, tables) -> dict[str, str]:
    """A digest of every table's rows, in an order that does not depend on the database's."""
    digests = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (introspected table names)
        rows = sorted(repr(tuple(str(value) for value in row)) for row in cursor.fetchall())
        digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def _files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def city_with_files():
    """A district with an organization, a project, its progress and a report with its files."""
    city = CityFactory()
    district = DistrictFactory(city=city, name="丰满区")
    organization = PartyOrganizationFactory(area_code=district.code, name="中共丰满区委员会")
    project = ProjectFactory(organization=organization, title="红心物业提质工程")
    for month in (1, 2, 3):
        ProgressReportFactory(project=project, month=month, percent_complete=month * 20)
    report = ReportJob.objects.create(
        kind="monthly", period="2020-03", area_code=district.code, area_name="丰满区", status=ReportJobStatus.DONE
    )
    report.pdf.save("report.pdf", ContentFile(b"%PDF-1.4 \xe4\xb8\xb0\xe6\xbb\xa1"), save=True)
    return district


def _restore_in_another_process(folder: Path, database_url: str, media: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media), "DB_CONN_MAX_AGE": "0"}
    return subprocess.run(  # noqa: S603 (a fixed command line)
        [sys.executable, "manage.py", "restore", str(folder)], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_the_same_rows_and_files(city_with_files, tmp_path):
    media = Path(settings.MEDIA_ROOT)
    folder = backup_create(directory=tmp_path / "backups", keep=3)

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["projects_report"] == 1 and manifest["media"]["files"] == 1
    tables = sorted(manifest["tables"])
    if connection.vendor == "sqlite":
        # Read as stored, without the type converters of Django's connection, like the restored file.
        connection.ensure_connection()
        plain = sqlite3.connect(":memory:")
        connection.connection.backup(plain)
        before = _rows_digest(plain.cursor(), tables)
        plain.close()
    else:
        # Read through a plain psycopg2 connection, like the restored database: Django's connection
        # hands JSON columns back as text, psycopg2's own as parsed values.
        import psycopg2

        db = connection.settings_dict
        plain = psycopg2.connect(
            dbname=db["NAME"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"]
        )
        try:
            before = _rows_digest(plain.cursor(), tables)
        finally:
            plain.close()

    restored_media = tmp_path / "restored-media"
    if connection.vendor == "postgresql":
        import psycopg2

        db = connection.settings_dict
        name = f"restore_{uuid.uuid4().hex[:10]}"
        params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
        admin = psycopg2.connect(dbname="postgres", **params)
        admin.autocommit = True
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        try:
            result = _restore_in_another_process(
                folder, f"postgres://{db['USER']}@{params['host']}:{params['port']}/{name}", restored_media
            )
            assert result.returncode == 0, result.stderr
            restored = psycopg2.connect(dbname=name, **params)
            try:
                after = _rows_digest(restored.cursor(), tables)
            finally:
                restored.close()
        finally:
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    else:
        target = tmp_path / "restored.sqlite3"
        result = _restore_in_another_process(folder, f"sqlite:///{target}", restored_media)
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(target) as restored:
            after = _rows_digest(restored.cursor(), tables)
        restored.close()

    assert "Restored" in result.stdout
    assert after == before
    assert _files(restored_media) == _files(media) and _files(media)


@pytest.mark.django_db(transaction=True)
def test_backups_keep_the_newest_and_refuse_a_damaged_one_or_a_restore_over_data(city_with_files, tmp_path):
    from datetime import datetime, timedelta

    from django.utils import timezone

    start = timezone.make_aware(datetime(2026, 12, 1, 2, 30))
    for day in range(4):
        backup_create(directory=tmp_path, keep=2, now=start + timedelta(days=day))
    kept = backups(tmp_path)
    assert [path.name for path in kept] == ["backup-20261203-023000", "backup-20261204-023000"]
    assert not list(tmp_path.glob(".partial-*"))

    with pytest.raises(BackupError, match="not empty"):
        backup_restore(folder=kept[-1])  # this database holds data

    dump = next(path for path in kept[-1].iterdir() if path.name.startswith("database"))
    dump.write_bytes(dump.read_bytes()[:-10])
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(kept[-1]), "--force")
    assert table_rows()["projects_report"] == 1  # nothing touched


@pytest.mark.django_db
def test_beat_backs_up_every_night(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["backup"]
    assert entry["task"] == "jilin_grid.tasks.backup"
    assert entry["schedule"].hour == {settings.BACKUP_HOUR} and entry["schedule"].minute == {settings.BACKUP_MINUTE}
    from jilin_grid.tasks import backup

    assert backup.name == "jilin_grid.tasks.backup"
