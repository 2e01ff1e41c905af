"""AK-1 registration numbers as people type them back from a receipt: AK1-3604-2026-000401.

Issued as "AK1-<regency>-<year>-<id, 6 digits>" (services.job_seekers.assign_registration_number).
Typed back, it often comes with spaces instead of hyphens, with no separators at all, in lower
case, or with a phone keyboard's long dash.
"""
from __future__ import annotations

import re

_PARTS = re.compile(r"AK1(\d{4})(\d{4})([0-9A-Z]{6,7})")


def normalise(text: str | None) -> str:
    """The number in its issued form when `text` is one written differently ("ak1 3604 2026
    000401", "AK136042026000401", "AK1–3604–2026–000401"); otherwise `text` stripped and upper-cased
    (a lookup then simply finds nothing)."""
    raw = (text or "").strip().upper()
    compact = "".join(ch for ch in raw if ch.isascii() and ch.isalnum())
    parts = _PARTS.fullmatch(compact)
    return f"AK1-{parts[1]}-{parts[2]}-{parts[3]}" if parts else raw
