"""Indonesian messages for WTForms validators, shared by public forms and Flask-Admin forms.

Neither WTForms nor Flask-Admin ships an Indonesian catalog, so ours lives in
translations/id/LC_MESSAGES/wtforms.po and is loaded for both.
"""
from __future__ import annotations

from pathlib import Path

from babel import support

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
_catalog = None


def _load():
    global _catalog
    if _catalog is None:
        _catalog = support.Translations.load(str(TRANSLATIONS_DIR), ["id"], domain="wtforms")
    return _catalog


class WTFormsTranslations:
    def gettext(self, string: str) -> str:
        return _load().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _load().ungettext(singular, plural, n)


wtforms_translations = WTFormsTranslations()
