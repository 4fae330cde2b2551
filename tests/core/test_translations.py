"""Every visible string is translated to Finnish and Swedish."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_message_is_translated(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalog = read_po(handle, locale=language)

    untranslated = [
        m.id for m in catalog if m.id and (not m.string or not all(m.string) or m.fuzzy)
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_compiled_catalogue_is_current(language):
    folder = LOCALE / language / "LC_MESSAGES"

    assert (folder / "django.mo").stat().st_mtime >= (folder / "django.po").stat().st_mtime
