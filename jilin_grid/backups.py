"""Backups of the portal: the database and the uploaded files together, and the way back.

A backup is a folder ``backup-YYYYmmdd-HHMMSS`` in ``BACKUP_DIR`` holding:

- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite's
  online backup);
- ``media.tar.gz``, every file under ``MEDIA_ROOT``;
- ``manifest.json``: when, which database, the SHA-256 of both files and the rows of every table.

It is written under a hidden name and renamed when complete, so a backup cut short is never taken
for one; the newest ``BACKUP_KEEP`` are kept. ``backup_restore`` loads one into an empty database
and an empty media folder (or replaces them with ``force``), checks the checksums before and the
rows of every table after.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_FILE = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_rows() -> dict[str, int]:
    """The number of rows of every table of the database, by table name."""
    names = sorted(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for name in names:
            # The table names come from the database's own introspection, quoted: no input reaches the SQL.
            query = f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}"  # noqa: S608  # nosec B608
            cursor.execute(query)
            counts[name] = cursor.fetchone()[0]
    return counts


def _pg_environment() -> tuple[dict[str, str], list[str]]:
    """The environment and connection arguments of pg_dump and pg_restore for the default database."""
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, [*args, "--dbname", db["NAME"]]


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[:2000]}")


def _dump_database(target: Path) -> None:
    if connection.vendor == "postgresql":
        env, args = _pg_environment()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        raise BackupError(f"No backup for the {connection.vendor} database.")


def _archive_media(target: Path) -> int:
    media = Path(settings.MEDIA_ROOT)
    files = 0
    with tarfile.open(target, "w:gz") as archive:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    archive.add(path, arcname=str(path.relative_to(media)), recursive=False)
                    files += 1
    return files


def backups(directory: Path | None = None) -> list[Path]:
    """The complete backups in the folder, oldest first."""
    directory = Path(directory or settings.BACKUP_DIR)
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.glob("backup-*") if (path / MANIFEST).is_file())


def backup_create(*, directory: Path | None = None, keep: int | None = None, now: datetime | None = None) -> Path:
    """Write a backup of the database and the uploaded files; keep the newest ``keep``. Answers its folder."""
    directory = Path(directory or settings.BACKUP_DIR)
    keep = settings.BACKUP_KEEP if keep is None else keep
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"backup-{stamp}"
    partial = directory / f".partial-backup-{stamp}"
    if final.exists():
        raise BackupError(f"{final} exists already.")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        database_file = partial / DATABASE_FILES.get(connection.vendor, "database")
        rows = table_rows()
        _dump_database(database_file)
        media_files = _archive_media(partial / MEDIA_FILE)
        manifest = {
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "database": {"file": database_file.name, "sha256": _sha256(database_file)},
            "media": {"file": MEDIA_FILE, "sha256": _sha256(partial / MEDIA_FILE), "files": media_files},
            "tables": rows,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    for old in backups(directory)[: max(0, len(backups(directory)) - keep)]:
        shutil.rmtree(old, ignore_errors=True)
    logger.info("Backup written: %s (%d tables, %d media files).", final, len(rows), media_files)
    return final


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is no complete backup (no {MANIFEST}).")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for part in ("database", "media"):
        file = folder / manifest[part]["file"]
        if not file.is_file() or _sha256(file) != manifest[part]["sha256"]:
            raise BackupError(f"{file} is missing or damaged (its checksum differs from the manifest).")
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _empty_database() -> None:
    """Drop everything of a PostgreSQL database (SQLite's online backup replaces the whole file)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


def _restore_database(file: Path, vendor: str) -> None:
    if vendor != connection.vendor:
        raise BackupError(f"The backup is of a {vendor} database; this portal runs on {connection.vendor}.")
    if vendor == "postgresql":
        env, args = _pg_environment()
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args, str(file)], env)
    else:
        connection.ensure_connection()
        with sqlite3.connect(file) as source:
            source.backup(connection.connection)
        source.close()


def _clear_media(media: Path) -> None:
    for child in media.iterdir():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()


def backup_restore(*, folder: Path, force: bool = False) -> dict[str, int]:
    """Load a backup into this portal's database and media folder; answers the rows of every table.

    Refuses a database that has tables or a media folder that has files, unless ``force``
    (which empties them first). Checks the files' checksums before and every table's rows after.
    """
    folder = Path(folder)
    manifest = _read_manifest(folder)
    media = Path(settings.MEDIA_ROOT)
    media_used = media.is_dir() and any(media.iterdir())
    if not force and (not _database_is_empty() or media_used):
        raise BackupError(
            "The database or the media folder is not empty; restore into empty ones, or pass --force to replace them."
        )
    connection.close()
    if not _database_is_empty():
        _empty_database()
    if media_used:
        _clear_media(media)
    _restore_database(folder / manifest["database"]["file"], manifest["vendor"])
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / manifest["media"]["file"], "r:gz") as archive:
        archive.extractall(media, filter="data")
    connection.close()
    rows = table_rows()
    if rows != manifest["tables"]:
        differ = sorted(
            name for name in set(rows) | set(manifest["tables"]) if rows.get(name) != manifest["tables"].get(name)
        )
        raise BackupError(f"The restored tables differ from the backup: {', '.join(differ[:20])}.")
    logger.info("Backup %s restored (%d tables).", folder, len(rows))
    return rows
