"""System checks of the portal (``manage.py check --deploy``)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from .security import DEMO_GROUP


@register(Tags.security, deploy=True)
def demo_accounts_check(app_configs=None, **kwargs) -> list[Warning]:
    """Warns when active demo accounts, whose passwords are published, exist with DEBUG off."""
    if settings.DEBUG:
        return []
    from django.contrib.auth import get_user_model

    try:
        names = list(
            get_user_model()
            .objects.filter(groups__name=DEMO_GROUP, is_active=True)
            .order_by("username")
            .values_list("username", flat=True)[:20]
        )
    except DatabaseError:  # no database yet, or not migrated: nothing to warn about
        return []
    if not names:
        return []
    return [
        Warning(
            "存在密码公开的演示账号。 / Demo accounts with published passwords exist: " + ", ".join(names),
            hint="Deactivate or delete them before going live (admin: Users, filter by the group "
            f"'{DEMO_GROUP}'), and revoke their API tokens (manage.py api_token list --user NAME).",
            id="jilin_grid.W001",
        )
    ]


@register(deploy=True)
def pdf_font_check(app_configs=None, **kwargs) -> list[Error]:
    """The reports' PDFs cannot be produced without their font (jilin_grid/pdf.py)."""
    path = Path(settings.PDF_FONT_FILE)
    if path.is_file():
        return []
    return [
        Error(
            f"PDF 字体文件不存在。 / The PDF font file is missing: {path}",
            hint="Install the npm packages (npm ci), or set PDF_FONT_FILE to Noto Sans SC Regular (a .ttf).",
            id="jilin_grid.E001",
        )
    ]
