"""The office's clock: dates are counted in Asia/Jakarta (WIB), whatever the server's timezone."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

OFFICE_TZ = ZoneInfo("Asia/Jakarta")


def local_now() -> datetime:
    return datetime.now(OFFICE_TZ)


def local_today() -> date:
    return local_now().date()
