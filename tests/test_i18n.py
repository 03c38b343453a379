"""The portal speaks Chinese first: a complete zh_Hans catalogue, compiled, and English selectable."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue.translated_entries()) > 200


def test_compiled_catalogue_matches_the_source():
    """The committed .mo is compiled from the committed .po (make messages)."""
    catalogue = polib.pofile(str(CATALOGUE))
    stale = []
    with translation.override("zh-hans"):
        for entry in catalogue.translated_entries():
            if entry.msgid_plural or entry.msgctxt:
                continue
            if translation.gettext(entry.msgid) != entry.msgstr:
                stale.append(entry.msgid)
    assert stale == []


@pytest.mark.django_db
def test_login_page_is_chinese_by_default_and_english_on_request(client):
    chinese = client.get(reverse("login"))
    assert "登录" in chinese.content.decode()
    assert "吉林市网格化党建平台" in chinese.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    english = client.get(reverse("login"))
    assert "Log in" in english.content.decode()
