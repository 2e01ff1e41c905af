"""The office's clock: dates are counted in Asia/Jakarta (WIB), whatever the server's timezone."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

OFFICE_TZ = ZoneInfo("Asia/Jakarta")


def local_now() -> datetime:
    return datetime.now(OFFICE_TZ)


def local_today() -> date:
    return local_now().date()


def as_local(moment: datetime) -> datetime:
    """A stored moment (naive UTC, as the models keep them) as the office's wall-clock time, naive."""
    from datetime import timezone

    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(OFFICE_TZ).replace(tzinfo=None)
