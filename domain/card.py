"""Rules of the AK-1 card's life (Permenaker 39/2016, DOMAIN.md §1).

- Validity: two years from registration (``valid_from`` = registration date); a renewal starts a
  new two-year period from the renewal date. The last valid day is the day before the anniversary.
- Reports: the holder reports at least every six months while looking for work; the card has four
  report slots, filled in order within one validity period.
- Expiry: a card expires the day after its last valid day, or when a report is overdue: no report
  within six months (plus a grace period from settings) of the start of the period or the last report.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

REPORT_SLOTS = 4
REMOVAL_NO_REPORT = "tidak_lapor"
REMOVAL_EXPIRED = "masa_berlaku_habis"


def card_number(year: int, job_seeker_id: int) -> str:
    """The AK-1 card's number: regency code, year of first printing, the registration's id."""
    return f"3604-{year}-{job_seeker_id:06d}"


def normalise_card_number(text: str | None) -> str | None:
    """A card number as typed back from the card ("3604 2025 000029", "3604-2025-000029",
    "36042025000029") in its printed form, or None when `text` is not one."""
    digits = "".join(ch for ch in (text or "") if ch.isdigit())
    if len(digits) != 14 or "".join(ch for ch in (text or "") if ch.isalpha()):
        return None
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the month's end (31 Aug + 6 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(valid_from: date, years: int = 2) -> date:
    """Last valid day: the day before the anniversary (29 Feb starts end on 28 Feb)."""
    return add_months(valid_from, 12 * years) - timedelta(days=1)


def registration_lapses_on(registered_on: date, years: int = 2) -> date:
    """The first day a registration whose card was never printed (still being checked, waiting for
    a correction, or verified and never collected) is no longer on the register: its two years,
    counted from registration as a card's would be, have run out."""
    return valid_until(registered_on, years) + timedelta(days=1)


def report_due(last_report_or_start: date, months: int = 6) -> date:
    """The last day on which the next six-monthly report is on time."""
    return add_months(last_report_or_start, months)


def report_due_dates(anchor: date, last_valid_day: date, months: int = 6) -> list[date]:
    """The report deadlines printed on a card handed over on `anchor` (the reporting clock starts
    there, see report_anchor): one every `months`, at most REPORT_SLOTS, each a day the card is
    still valid (card_deadline). A card collected long after registering gets fewer."""
    dates = (card_deadline(report_due(anchor, months * k), last_valid_day) for k in range(1, REPORT_SLOTS + 1))
    return [day for day in dates if day is not None]


def card_deadline(due: date, last_valid_day: date) -> date | None:
    """A report deadline as the card can still ask for it: `due` itself while the card is valid;
    the card's last valid day when `due` is the day it ends (the fourth deadline of a card handed
    over on its first day, two years on: the report must be made while the card is valid); None
    when the card ends before it (no report is due on this card)."""
    if due <= last_valid_day:
        return due
    if due == last_valid_day + timedelta(days=1):
        return last_valid_day
    return None


def next_report_slot(reports_in_period: int) -> int | None:
    """Slot 1..4 for the next report, or None when the card's four slots are full."""
    return reports_in_period + 1 if reports_in_period < REPORT_SLOTS else None


@dataclass(frozen=True)
class Expiry:
    on: date  # the first day the card is no longer valid
    reason: str  # REMOVAL_EXPIRED or REMOVAL_NO_REPORT


def report_anchor(valid_from: date, last_report: date | None, printed_on: date | None = None) -> date:
    """The day the next six-month reporting period counts from: the start of the card's period,
    its last report, or the day the card was handed over, whichever is latest. A holder cannot
    report without the card, so a registration printed months after it was made (an online
    registration collected late) does not start with its first report already overdue."""
    return max(d for d in (valid_from, last_report, printed_on) if d is not None)


def expiry(valid_from: date, last_report: date | None, *, years: int = 2, report_months: int = 6,
           grace_days: int = 30, reports_in_period: int = 0, printed_on: date | None = None) -> Expiry:
    """When and why a printed card stops being valid, given its reports so far."""
    end = valid_until(valid_from, years) + timedelta(days=1)
    if reports_in_period >= REPORT_SLOTS:
        return Expiry(end, REMOVAL_EXPIRED)
    anchor = report_anchor(valid_from, last_report, printed_on)
    missed = report_due(anchor, report_months) + timedelta(days=grace_days + 1)
    if missed < end:
        return Expiry(missed, REMOVAL_NO_REPORT)
    return Expiry(end, REMOVAL_EXPIRED)
