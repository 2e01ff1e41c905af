"""Read settings: a row in the setting table overrides the default in domain/settings.py."""
from __future__ import annotations

from domain import settings as rules
from extensions import db
from models import Setting


def get_setting(key: str):
    spec = rules.BY_KEY[key]
    row = db.session.get(Setting, key)
    raw = row.value if row is not None else spec.default
    try:
        return rules.parse_value(spec, raw)
    except ValueError:
        return rules.parse_value(spec, spec.default)
