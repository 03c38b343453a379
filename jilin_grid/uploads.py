"""Uploaded files judged by their content, never by their name.

- Photos and other images are decoded by Pillow and written anew, so what is stored is a plain
  picture: no EXIF (a phone photo's GPS position of a resident's home, the camera, the time), no
  other metadata, turned upright by its orientation first. HEIC from phones becomes JPEG, which
  every browser shows. An image of more than ``UPLOAD_MAX_IMAGE_PIXELS`` pixels is refused before
  it is decoded (a "pixel bomb").
- PDF and Office files must carry the signature of what their name says (``%PDF-``, the Office
  Open XML parts of a .docx, .xlsx or .pptx, the compound file of a .doc, .xls or .ppt).
- SVG, HTML and anything else is refused, whatever its name.

``clean_upload(upload, allowed)`` answers ``(file to store, content type)`` or raises
``UploadRefused`` with a message for the person who sent it.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

IMAGE_SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".heic": "HEIF", ".heif": "HEIF"}
# What each decoded format is stored as: (format, suffix, content type).
STORED_AS = {
    "JPEG": ("JPEG", ".jpg", "image/jpeg"),
    "MPO": ("JPEG", ".jpg", "image/jpeg"),  # a phone's JPEG with a second picture inside
    "PNG": ("PNG", ".png", "image/png"),
    "WEBP": ("WEBP", ".webp", "image/webp"),
    "HEIF": ("JPEG", ".jpg", "image/jpeg"),
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}


class UploadRefused(ValueError):
    """An upload that is not what it claims to be, or not accepted; its message says why."""


def _register_heif() -> None:
    try:
        import pillow_heif
    except ImportError:  # without it, HEIC is refused as an unreadable picture
        return
    pillow_heif.register_heif_opener()


def _read_head(upload, size: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def clean_image(upload) -> tuple[ContentFile, str]:
    """The picture written anew without metadata, and its content type; or UploadRefused."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    _register_heif()
    name = upload.name or "photo"
    not_a_picture = _("%(name)s is not a picture (JPEG, PNG, WebP or HEIC).") % {"name": name}
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS
    too_large = _("%(name)s has more than %(limit)s million pixels; send a smaller picture.") % {
        "name": name,
        "limit": limit // 1_000_000,
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                if probe.format not in STORED_AS:
                    raise UploadRefused(not_a_picture)
                if probe.width * probe.height > limit:
                    raise UploadRefused(too_large)
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                stored_format, suffix, content_type = STORED_AS[image.format]
                image.load()
                picture = ImageOps.exif_transpose(image)
    except UploadRefused:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise UploadRefused(too_large) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UploadRefused(not_a_picture) from error
    if stored_format == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    buffer = io.BytesIO()
    options = {"quality": 88, "optimize": True} if stored_format in ("JPEG", "WEBP") else {"optimize": True}
    picture.save(buffer, format=stored_format, **options)  # no exif=, no icc_profile=: nothing but pixels
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name=f"{Path(name).stem or 'photo'}{suffix}"), content_type


def _check_document(upload, suffix: str) -> None:
    name = upload.name or "file"
    mismatch = _("%(name)s is not the file its name says (%(suffix)s); send the file itself.") % {
        "name": name,
        "suffix": suffix,
    }
    head = _read_head(upload, 8)
    if suffix == ".pdf":
        if not head.startswith(b"%PDF-"):
            raise UploadRefused(mismatch)
    elif suffix in OFFICE_PARTS:
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise UploadRefused(mismatch) from error
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names or OFFICE_PARTS[suffix] not in names:
            raise UploadRefused(mismatch)
    elif suffix in (".doc", ".xls", ".ppt"):
        if not head.startswith(OLE_MAGIC):
            raise UploadRefused(mismatch)
    else:
        raise UploadRefused(mismatch)


def clean_upload(upload, allowed: dict[str, str]):
    """The file to store and its content type, judged by content: pictures written anew without
    metadata, documents checked against their signature. ``allowed`` maps the accepted name
    endings to their content types; anything else is refused."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in allowed:
        raise UploadRefused(_("%(name)s is not a kind of file accepted here.") % {"name": upload.name})
    if suffix in IMAGE_SUFFIXES:
        return clean_image(upload)
    _check_document(upload, suffix)
    return upload, allowed[suffix]


# Files kept across a refused submit ------------------------------------------------------------------
#
# When a form with files is refused (a field left empty, a service's refusal), the files already
# sent are kept for a short while in a holding area of the private storage, keyed to the user's
# session, and the re-rendered form lists them as attached (each can be removed). The next submit
# of the same form takes them again. A held file is stored under a random name (never the sent
# one) and is judged again by the service, like a fresh upload, when it is finally used.

HELD_SESSION_KEY = "held_uploads"
HELD_DIRECTORY = "held"


def _held_storage():
    from django.core.files.storage import default_storage

    return default_storage


def _held_items(request) -> dict:
    """The session's held files that are still fresh; the stale ones are deleted."""
    import time

    items = request.session.get(HELD_SESSION_KEY) or {}
    now = time.time()
    fresh = {}
    for held_id, item in items.items():
        if now - item.get("at", 0) <= settings.HELD_UPLOAD_SECONDS:
            fresh[held_id] = item
        else:
            _held_storage().delete(item["path"])
    if fresh != items:
        request.session[HELD_SESSION_KEY] = fresh
    return fresh


def hold_uploads(request, key: str, uploads) -> list[dict]:
    """Keep ``uploads`` (files sent to the form field ``key``) for the session; their descriptions."""
    import time
    import uuid

    items = _held_items(request)
    added = []
    for upload in uploads:
        if len(items) >= settings.HELD_UPLOAD_MAX_FILES:
            break  # a session holds a few files, not a disk's worth: the rest are chosen again
        held_id = uuid.uuid4().hex
        upload.seek(0)
        path = _held_storage().save(f"{HELD_DIRECTORY}/{held_id}", upload)
        item = {
            "key": key,
            "name": Path(upload.name or "file").name,
            "size": upload.size,
            "path": path,
            "at": time.time(),
        }
        items[held_id] = item
        added.append({"id": held_id, "name": item["name"], "size": item["size"]})
    request.session[HELD_SESSION_KEY] = items
    return added


def held_uploads(request, key: str, ids) -> list[dict]:
    """The session's held files of ``key`` among ``ids`` (others' ids and stale ones are ignored)."""
    items = _held_items(request)
    return [
        {"id": held_id, "name": items[held_id]["name"], "size": items[held_id]["size"]}
        for held_id in dict.fromkeys(ids)
        if held_id in items and items[held_id]["key"] == key
    ]


def open_held(request, held: list[dict]) -> list:
    """The held files as files a service takes like fresh uploads (their sent names kept)."""
    from django.core.files import File

    items = _held_items(request)
    return [File(_held_storage().open(items[h["id"]]["path"], "rb"), name=items[h["id"]]["name"]) for h in held]


def release_held(request, ids) -> None:
    """Delete held files once used or removed."""
    items = _held_items(request)
    for held_id in ids:
        item = items.pop(held_id, None)
        if item is not None:
            _held_storage().delete(item["path"])
    request.session[HELD_SESSION_KEY] = items


def held_uploads_sweep(now=None) -> int:
    """Delete held files older than ``HELD_UPLOAD_SECONDS`` (those of sessions that ended or
    moved on); answers how many were deleted. Run by the beat every hour."""
    from datetime import timedelta

    from django.utils import timezone

    storage = _held_storage()
    try:
        _directories, names = storage.listdir(HELD_DIRECTORY)
    except FileNotFoundError:
        return 0
    limit = (now or timezone.now()) - timedelta(seconds=settings.HELD_UPLOAD_SECONDS)
    deleted = 0
    for name in names:
        path = f"{HELD_DIRECTORY}/{name}"
        if storage.get_modified_time(path) < limit:
            storage.delete(path)
            deleted += 1
    return deleted


# A form's held files: what a view does with them around a submit.


def _held_key(form, name: str) -> str:
    return f"{type(form).__module__}.{type(form).__name__}.{name}"


def collect_held_uploads(request, form) -> None:
    """Give each upload field of ``form`` (its ``held_upload_fields``) the files held from the last
    refused submit that the user kept (``<field>_held`` minus ``<field>_remove``); removed ones go."""
    for name in getattr(form, "held_upload_fields", ()):
        field_name = form.add_prefix(name)
        removed = set(form.data.getlist(f"{field_name}_remove"))
        posted = [held_id for held_id in form.data.getlist(f"{field_name}_held") if held_id not in removed]
        release_held(request, [held["id"] for held in held_uploads(request, _held_key(form, name), removed)])
        form.fields[name].held = held_uploads(request, _held_key(form, name), posted)


def add_held_uploads(request, form) -> list:
    """Before the service runs: the kept held files join the files just sent; answers the opened files."""
    opened = []
    for name in getattr(form, "held_upload_fields", ()):
        files = open_held(request, getattr(form.fields[name], "held", []))
        opened.extend(files)
        form.cleaned_data[name] = [*files, *(form.cleaned_data.get(name) or [])]
    return opened


def close_held_uploads(request, form, opened: list, *, used: bool) -> None:
    """After the service ran: close the held files; once used they are deleted."""
    for file in opened:
        file.close()
    if used:
        for name in getattr(form, "held_upload_fields", ()):
            release_held(request, [held["id"] for held in getattr(form.fields[name], "held", [])])


def hold_refused_uploads(request, form) -> None:
    """After a refusal: hold the files just sent (not those of a field the refusal is about) and
    list them with the ones already held, for the re-rendered form."""
    for name in getattr(form, "held_upload_fields", ()):
        field = form.fields[name]
        held = list(getattr(field, "held", []))
        if name not in form.errors:
            sent = [upload for upload in form.files.getlist(form.add_prefix(name)) if upload]
            held.extend(hold_uploads(request, _held_key(form, name), sent))
        field.held = held


def perform_with_held_uploads(request, form, perform):
    """Run ``perform()`` with the held files added to the form's cleaned files: once it succeeds
    they are deleted; when it raises a ValidationError they stay held for the next submit."""
    opened = add_held_uploads(request, form)
    try:
        result = perform()
    except ValidationError:
        close_held_uploads(request, form, opened, used=False)
        raise
    close_held_uploads(request, form, opened, used=True)
    return result
