"""Retention of the audit trail: entries older than ``AUDIT_RETENTION_DAYS`` (never under 180)
are written to a gzip JSON-lines file in ``AUDIT_ARCHIVE_DIR``, flushed to disk, and only then
deleted from the table, batch by batch, each batch in one transaction.

Each batch goes to a file of its own, ``audit-<first id>-<last id>-<time>.jsonl.gz``, written under
a hidden name, fsynced, renamed and its folder fsynced: a file that exists is complete. If the
folder cannot be written, nothing is deleted.
"""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .checks import retention_days
from .models import AuditEntry

BATCH_SIZE = 5000


class ArchiveError(Exception):
    """The archive could not be written: nothing was deleted."""


@dataclass
class ArchiveResult:
    archived: int
    files: list[Path]


def entry_record(entry: AuditEntry) -> dict:
    """An entry as one line of the archive: every column, the record type by its label."""
    return {
        "id": entry.pk,
        "timestamp": entry.timestamp,
        "kind": entry.kind,
        "action": entry.action,
        "model": entry.content_type.app_label + "." + entry.content_type.model if entry.content_type_id else "",
        "object_pk": entry.object_pk,
        "object_repr": entry.object_repr,
        "area_code": entry.area_code,
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "actor_role": entry.actor_role,
        "remote_addr": entry.remote_addr,
        "changes": entry.changes,
        "additional_data": entry.additional_data,
        "cid": entry.cid,
    }


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(directory: Path, entries: list[AuditEntry]) -> Path:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    final = directory / f"audit-{entries[0].pk}-{entries[-1].pk}-{stamp}.jsonl.gz"
    partial = directory / f".{final.name}.part"
    try:
        with partial.open("wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb") as handle:
                for entry in entries:
                    line = json.dumps(entry_record(entry), cls=DjangoJSONEncoder, ensure_ascii=False)
                    handle.write(line.encode("utf-8") + b"\n")
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, final)
        _fsync_dir(directory)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ArchiveError(f"Could not write the audit archive in {directory}: {error}") from error
    return final


def audit_archive(
    *, directory: Path | None = None, days: int | None = None, batch_size: int = BATCH_SIZE
) -> ArchiveResult:
    """Archive, then delete, the entries older than the retention. Raises ``ArchiveError`` (having
    deleted nothing of the batch at hand) when the archive cannot be written."""
    directory = Path(directory or settings.AUDIT_ARCHIVE_DIR)
    days = max(days if days is not None else retention_days(), retention_days())
    cutoff = timezone.now() - timedelta(days=days)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ArchiveError(f"Could not create the audit archive folder {directory}: {error}") from error
    archived, files = 0, []
    while True:
        with transaction.atomic():
            entries = list(
                AuditEntry.objects.select_for_update(of=("self",))
                .filter(timestamp__lt=cutoff)
                .select_related("content_type")
                .order_by("pk")[:batch_size]
            )
            if not entries:
                break
            files.append(_write_file(directory, entries))
            AuditEntry.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
        archived += len(entries)
    return ArchiveResult(archived=archived, files=files)
