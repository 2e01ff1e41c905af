"""Shared set-up for the queue tests: many registrations at once, bookable days, seeded bookings."""
from __future__ import annotations

import re
from datetime import date

from domain import codes
from domain import nik as nik_rules
from domain.queue import new_booking_code
from extensions import db
from models import JobSeeker, QueueBooking, ServiceDay, ServiceWindow


def make_job_seekers(count: int, status: str = codes.JS_VERIFIED, start: int = 1) -> list[JobSeeker]:
    """`count` registrations in one transaction (numbers AK1-3604-2026-9xxxxx, born 17 May 2001)."""
    born = date(2001, 5, 17)
    people = []
    for i in range(start, start + count):
        people.append(JobSeeker(
            registration_number=f"AK1-3604-2026-9{i:05d}", registered_on=date(2026, 3, 2), status=status,
            nik=nik_rules.build("360405", born, "L", i), full_name=f"Pencari Kerja {i}", birth_place="Serang",
            birth_date=born, sex="L", kecamatan_code="36.04.05", education_level="SMK"))
    db.session.add_all(people)
    db.session.commit()
    return people


def bookable_day(index: int = 1) -> date:
    """A day the public can book now (index 1 skips today, whose windows may end during a test)."""
    from services import queue as service

    return service.bookable_dates(service.office_now(), service.load_settings())[index]


def open_today() -> date:
    """Today's service day, open even on a weekend or a holiday (staff can open any day in the
    panel), so that the desk's tests run whatever day they run on."""
    from services import queue as service

    day = service.office_now().date()
    service.ensure_days([day])
    sd = db.session.get(ServiceDay, day)
    if sd.closed:
        sd.closed, sd.closed_reason = False, None
        db.session.commit()
    return day


def seed_booking(js: JobSeeker, day: date, window: ServiceWindow | None, status: str = codes.BOOKING_BOOKED,
                 code: str | None = None) -> QueueBooking:
    """A booking made earlier (test data), with the day's and window's counters kept right."""
    sd = db.session.get(ServiceDay, day)
    sd.booked += 1
    sd.issued += 1
    if window is not None:
        window.booked += 1
    booking = QueueBooking(job_seeker_id=js.id, day=day, window_id=window.id if window else None,
                           queue_number=sd.issued, booking_code=code or new_booking_code(), status=status)
    db.session.add(booking)
    db.session.commit()
    return booking


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'id="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def submission_key(html: str) -> str:
    match = re.search(r'name="submission_key"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="submission_key"', html)
    assert match, "no submission key in the page"
    return match.group(1)
