"""Retention: entries older than AUDIT_RETENTION_DAYS (never under 180) go to a gzip JSON-lines
file first, and only then leave the table; when the file cannot be written nothing is deleted."""

from __future__ import annotations

import gzip
import json
import os
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jilin_grid.audit.archive import ArchiveError, audit_archive
from jilin_grid.audit.checks import check_retention, retention_days
from jilin_grid.audit.models import AuditEntry, AuditKind

pytestmark = pytest.mark.django_db


def entry(days_old: int, code: str = "220211001") -> AuditEntry:
    created = AuditEntry.objects.create(
        kind=AuditKind.UPDATE,
        action=AuditEntry.Action.UPDATE,
        area_code=code,
        object_repr=f"{days_old} 天前",
        changes={"phone": ["13900000001", "13900000002"]},
    )
    AuditEntry.objects.filter(pk=created.pk).update(timestamp=timezone.now() - timedelta(days=days_old))
    return created


def archived_lines(directory) -> list[dict]:
    lines = []
    for path in sorted(directory.glob("audit-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines.extend(json.loads(line) for line in handle)
    return lines


def test_old_entries_are_archived_then_deleted_and_recent_ones_stay(tmp_path, settings):
    settings.AUDIT_RETENTION_DAYS = 180
    old = [entry(200), entry(181)]
    recent = entry(179)
    result = audit_archive(directory=tmp_path, batch_size=1)
    assert result.archived == 2 and len(result.files) == 2  # one file per batch
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    lines = archived_lines(tmp_path)
    assert sorted(line["id"] for line in lines) == sorted(e.pk for e in old)
    assert lines[0]["changes"] == {"phone": ["13900000001", "13900000002"]}
    assert lines[0]["area_code"] == "220211001" and lines[0]["kind"] == "update"
    assert not list(tmp_path.glob(".*"))  # no partial file left behind


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_an_unwritable_archive_deletes_nothing_readonly(tmp_path):
    entry(400)
    folder = tmp_path / "archive"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ArchiveError):
            audit_archive(directory=folder)
    finally:
        folder.chmod(0o700)
    assert AuditEntry.objects.count() == 1


def test_an_archive_that_cannot_be_written_deletes_nothing(tmp_path):
    entry(400)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("in the way")
    with pytest.raises(ArchiveError):
        audit_archive(directory=not_a_folder / "archive")
    assert AuditEntry.objects.count() == 1


def test_a_failure_while_writing_the_file_deletes_nothing(tmp_path, monkeypatch):
    entry(400)

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("jilin_grid.audit.archive.os.fsync", full_disk)
    with pytest.raises(ArchiveError):
        audit_archive(directory=tmp_path)
    assert AuditEntry.objects.count() == 1
    assert not list(tmp_path.iterdir())


def test_the_retention_is_never_under_six_months(settings, tmp_path):
    settings.AUDIT_RETENTION_DAYS = 30
    assert retention_days() == 180
    [warning] = check_retention()
    assert warning.id == "jilin_grid.W101" and "180" in warning.msg
    kept = entry(100)
    audit_archive(directory=tmp_path, days=30)
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
    settings.AUDIT_RETENTION_DAYS = 365
    assert check_retention() == [] and retention_days() == 365


def test_the_command_archives_and_says_so(tmp_path, settings):
    settings.AUDIT_ARCHIVE_DIR = tmp_path
    entry(500)
    out = StringIO()
    call_command("audit_archive", stdout=out)
    assert "1 audit entries" in out.getvalue()
    assert AuditEntry.objects.count() == 0 and len(archived_lines(tmp_path)) == 1
    entry(500)
    blocker = tmp_path / "blocked"
    blocker.write_text("")
    with pytest.raises(CommandError):
        call_command("audit_archive", "--dir", str(blocker / "x"), stdout=StringIO())
    assert AuditEntry.objects.count() == 1


def test_the_beat_task_runs_the_archive(tmp_path, settings):
    from jilin_grid.tasks import audit_archive as task

    settings.AUDIT_ARCHIVE_DIR = tmp_path
    entry(500)
    assert task() == 1
    assert settings.CELERY_BEAT_SCHEDULE["audit-archive"]["task"] == "jilin_grid.tasks.audit_archive"
