"""Record ids as they arrive from outside (a URL, a form field, a query parameter).

Every table's id is a 32-bit integer (SQLite INTEGER PRIMARY KEY holds more, PostgreSQL's SERIAL
does not), so a number outside 1..2**31-1 names no record. Passed on, it would not be "not found":
SQLite refuses integers over 2**63 (OverflowError) and PostgreSQL refuses a 32-bit comparison over
2**31-1 (numeric value out of range), and either would answer 500.
"""
from __future__ import annotations

MAX_ID = 2**31 - 1
MAX_PAGE = 100_000  # a list page number; far beyond any list here, small enough for any OFFSET


def parse_id(text) -> int | None:
    """The id written in `text` ("42"), or None when it cannot be a record's id."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text if 1 <= text <= MAX_ID else None
    text = (text or "").strip() if isinstance(text, str) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def id_value(text) -> int:
    """parse_id for werkzeug's `request.args.get(name, type=...)`: ValueError gives the default."""
    value = parse_id(text)
    if value is None:
        raise ValueError("not a record id")
    return value


def page_value(text) -> int:
    """A page number (1 and up) for `request.args.get(name, 1, type=page_value)`, capped at MAX_PAGE."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()):
        raise ValueError("not a page number")
    return max(1, min(int(text[:7]), MAX_PAGE))
