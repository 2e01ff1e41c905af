"""Queue rules: time windows, which days and windows can be booked, the next free choices, the
order people are served in, and booking codes. Plain functions on plain data (no Flask, no DB).

Times are office-local (WIB, Asia/Jakarta) and naive.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from babel.dates import format_date

from domain.workdays import Calendar

# Booking codes are read aloud and typed from paper: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8  # 31^8 ≈ 8.5e11 (about 40 bits)


def new_booking_code() -> str:
    """CODE_LENGTH letters of CODE_ALPHABET, uniformly at random (one draw from the OS's CSPRNG)."""
    value = secrets.randbelow(len(CODE_ALPHABET) ** CODE_LENGTH)
    letters = []
    for _ in range(CODE_LENGTH):
        value, index = divmod(value, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[index])
    return "".join(letters)


def normalise_code(text: str | None) -> str:
    """What a person typed or a scanner sent → the stored form (upper case, letters and digits only)."""
    return "".join(ch for ch in (text or "").upper() if ch.isascii() and ch.isalnum())


def format_code(code: str) -> str:
    code = normalise_code(code)
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def format_number(number: int | None) -> str:
    return "" if number is None else f"{number:03d}"


def format_window(starts_at: time | None, ends_at: time | None) -> str:
    if starts_at is None or ends_at is None:
        return "sepanjang jam layanan"
    return f"{starts_at:%H.%M}–{ends_at:%H.%M} WIB"


def closure_suffix(reason: str | None) -> str:
    """What follows "ditutup" in a sentence: ": <reason>." or "." (a reason typed with its own
    full stop, question or exclamation mark or ellipsis keeps it and gets no second one)."""
    reason = (reason or "").strip()
    if not reason:
        return "."
    return f": {reason}" if reason[-1] in ".!?…" else f": {reason}."


LONG_DATE_PATTERN = "EEEE, d MMMM y"
"""A date with its weekday, as Indonesian writes it: "Senin, 7 Desember 2026" (Babel's "full"
format for `id` pads the day: "07 Desember"). Also the `tanggal_panjang` template filter's."""


def indonesian_date(day: date) -> str:
    """"Senin, 7 Desember 2026"."""
    return format_date(day, LONG_DATE_PATTERN, locale="id")


# --------------------------------------------------------------------------- windows

def window_times(first: time, minutes: int, count: int) -> list[tuple[time, time]]:
    """Consecutive windows of `minutes` starting at `first`; all must end the same day."""
    if minutes < 1 or count < 1:
        raise ValueError("window length and count must be positive")
    start = datetime.combine(date(2000, 1, 3), first)
    result = []
    for i in range(count):
        a = start + timedelta(minutes=minutes * i)
        b = a + timedelta(minutes=minutes)
        if b.date() != start.date() or b.time() == time(0, 0):
            raise ValueError("the windows must end before midnight")
        result.append((a.time(), b.time()))
    return result


def split_quota(quota: int, count: int) -> list[int]:
    """Divide a day's quota over `count` windows as evenly as possible; earlier windows get the
    remainder (100 over 3 → 34, 33, 33)."""
    if count < 1:
        raise ValueError("count must be positive")
    base, rest = divmod(max(quota, 0), count)
    return [base + (1 if i < rest else 0) for i in range(count)]


def redistribute(quota: int, booked: Sequence[int]) -> list[int] | None:
    """New window quotas for a changed day quota: as even as possible, never below what each
    window has already booked. None when the places already booked exceed the new quota."""
    if not booked:
        return []
    if sum(booked) > quota:
        return None
    result = [max(b, t) for b, t in zip(booked, split_quota(quota, len(booked)))]
    excess = sum(result) - quota
    for i in reversed(range(len(result))):  # take surplus from the latest windows first
        if excess <= 0:
            break
        take = min(excess, result[i] - booked[i])
        result[i] -= take
        excess -= take
    return result


def may_mark_absent(checked_in: bool, window_ends_at: time | None, now: datetime) -> bool:
    """Whether the desk may record a booking of today as a no-show: someone checked in who did not
    answer the call, at any time; someone who has not come, only once their window has ended (they
    may still be on their way within it)."""
    return checked_in or window_ends_at is None or not window_is_open(now.date(), window_ends_at, now)


def window_is_open(day: date, ends_at: time | None, now: datetime) -> bool:
    """Online booking of a window is possible until the window ends (office-local time)."""
    if day > now.date():
        return True
    if day < now.date():
        return False
    return ends_at is None or now.time() < ends_at


def missed_window(day: date, ends_at: time | None, now: datetime) -> bool:
    """A booking of today whose window has ended: if its holder has not been checked in, they
    are late (the desk still checks them in, but may record them as a no-show: may_mark_absent)."""
    return day == now.date() and not window_is_open(day, ends_at, now)


def in_line(checked_in: bool, day: date, ends_at: time | None, now: datetime) -> bool:
    """Whether a booking (booked or checked in, not yet called) counts in the line of people
    waiting: checked in, or expected because their window has not ended. Someone whose window
    ended before they came is not in front of anyone (the desk calls checked-in people only)."""
    return checked_in or window_is_open(day, ends_at, now)


# --------------------------------------------------------------------------- days

OPEN = "buka"
FULL = "penuh"
CLOSED = "tutup"
HOLIDAY = "libur"
PAST = "lewat"


@dataclass(frozen=True)
class CalendarDay:
    day: date
    working: bool
    holiday_name: str | None = None


def first_booking_day(now: datetime, last_window_end: time) -> date:
    """Today while some window is still open, otherwise tomorrow."""
    return now.date() if now.time() < last_window_end else now.date() + timedelta(days=1)


def _weekend(calendar: Calendar, day: date) -> bool:
    return day.weekday() == 6 or (day.weekday() == 5 and not calendar.saturday_is_working_day)


def coming_days(calendar: Calendar, start: date, working_days: int,
                holiday_names: dict[date, str] | None = None) -> list[CalendarDay]:
    """The next `working_days` working days from `start` (included), with the holidays and
    cuti bersama that fall between them (weekends are left out)."""
    names = holiday_names or {}
    result: list[CalendarDay] = []
    found = 0
    day = start
    while found < working_days:
        if calendar.is_working_day(day):
            result.append(CalendarDay(day, True))
            found += 1
        elif day in names and not _weekend(calendar, day):
            result.append(CalendarDay(day, False, names[day]))
        day += timedelta(days=1)
        if (day - start).days > 366:  # a misconfigured calendar must not loop forever
            break
    return result


def bookable_dates(calendar: Calendar, start: date, working_days: int) -> list[date]:
    return list(calendar.next_working_days(start, working_days)) if working_days > 0 else []


# --------------------------------------------------------------------------- choices

@dataclass(frozen=True)
class Choice:
    """A day and window someone could book, with the places left in it."""
    day: date
    window_id: int | None
    starts_at: time | None
    ends_at: time | None
    places_left: int

    @property
    def label(self) -> str:
        return f"{indonesian_date(self.day)}, {format_window(self.starts_at, self.ends_at)}"


def _minutes(t: time | None) -> int:
    return -1 if t is None else t.hour * 60 + t.minute


def next_free_choices(choices: Iterable[Choice], wanted_day: date, wanted_start: time | None = None,
                      limit: int = 3) -> list[Choice]:
    """Alternatives to a full day or window: other windows of the same day closest in time first,
    then the windows of the following days in order; only choices with places left."""
    free = [c for c in choices if c.places_left > 0 and not (c.day == wanted_day and wanted_start is not None
                                                            and c.starts_at == wanted_start)]
    same_day = sorted((c for c in free if c.day == wanted_day),
                      key=lambda c: (abs(_minutes(c.starts_at) - _minutes(wanted_start)), _minutes(c.starts_at)))
    later = sorted((c for c in free if c.day > wanted_day), key=lambda c: (c.day, _minutes(c.starts_at)))
    return (same_day + later)[:limit]


# --------------------------------------------------------------------------- serving order

@dataclass(frozen=True)
class Place:
    """A booking as the serving order sees it."""
    booking_id: int
    starts_at: time | None
    queue_number: int
    waiting: bool  # in the line: checked in, or booked and still expected (in_line)


def service_key(starts_at: time | None, queue_number: int) -> tuple[int, int]:
    """People are served window by window, and within a window by queue number (bookings
    without a window come last)."""
    return (24 * 60 if starts_at is None else _minutes(starts_at), queue_number)


def people_ahead(mine: Place, places: Iterable[Place]) -> int:
    """How many people still waiting come before `mine` in the serving order."""
    key = service_key(mine.starts_at, mine.queue_number)
    return sum(1 for p in places
               if p.waiting and p.booking_id != mine.booking_id and service_key(p.starts_at, p.queue_number) < key)


def walk_in_window_order(windows: Sequence[tuple[int, time, time]], now: time) -> list[int]:
    """Window ids in the order a walk-in is placed: the window running now, then later ones,
    then earlier ones (the person is already here; any place left today will do)."""
    current = [w for w in windows if w[1] <= now < w[2]]
    later = sorted((w for w in windows if w[1] > now), key=lambda w: w[1])
    earlier = sorted((w for w in windows if w[2] <= now), key=lambda w: w[1], reverse=True)
    return [w[0] for w in current + later + earlier]
