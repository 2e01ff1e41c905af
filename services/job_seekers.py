"""Life of an AK-1 registration: numbering and the dated status history."""
from __future__ import annotations

import secrets
from datetime import date

from domain import codes
from domain.kecamatan import REGENCY_CODE
from sqlalchemy import update

from extensions import db
from models import JobSeeker, JobSeekerEvent, utcnow
from services.clock import local_today

# Which current status each event leads to.
EVENT_STATUS = {
    codes.EV_REGISTERED: codes.JS_SUBMITTED,
    codes.EV_CORRECTION_REQUESTED: codes.JS_CORRECTION,
    codes.EV_CORRECTED: codes.JS_SUBMITTED,
    codes.EV_VERIFIED: codes.JS_VERIFIED,
    codes.EV_REJECTED: codes.JS_REJECTED,
    codes.EV_PRINTED: codes.JS_PRINTED,
    codes.EV_PLACED: codes.JS_PLACED,
    codes.EV_REMOVED: codes.JS_REMOVED,
    codes.EV_EXPIRED: codes.JS_EXPIRED,
    codes.EV_RENEWED: codes.JS_PRINTED,
}


class TransitionError(ValueError):
    """A step not allowed in the registration's current state (Indonesian message for the person)."""


class StatusChanged(TransitionError):
    """Someone else changed the registration's status between reading and writing it."""


def temporary_registration_number() -> str:
    return "TMP-" + secrets.token_hex(8)


def assign_registration_number(job_seeker: JobSeeker) -> None:
    """Give a flushed registration its permanent number: AK1-3604-<year>-<id, 6 digits>."""
    year = (job_seeker.registered_on or local_today()).year
    job_seeker.registration_number = f"AK1-{REGENCY_CODE.replace('.', '')}-{year}-{job_seeker.id:06d}"


def hold_for_change(job_seeker: JobSeeker) -> None:
    """Take this registration's row lock for the rest of the transaction and read it again: a
    change that checks the registration's history before writing (a report a day, a reprint, a
    renewal) then runs one at a time per person, and the second of two sent at once (a double
    click, two officers) sees the first one's result instead of the state both read before.
    PostgreSQL: the UPDATE locks the row; SQLite: it takes the database's write lock."""
    db.session.execute(update(JobSeeker).where(JobSeeker.id == job_seeker.id)
                       .values(status_changed_at=JobSeeker.status_changed_at)
                       .execution_options(synchronize_session=False))
    db.session.expire(job_seeker)


def record_event(job_seeker: JobSeeker, event: str, occurred_on: date, *, user=None, **fields) -> JobSeekerEvent:
    """Append a dated event and move the current status accordingly."""
    entry = JobSeekerEvent(event=event, occurred_on=occurred_on, recorded_by_id=getattr(user, "id", None), **fields)
    job_seeker.events.append(entry)
    new_status = EVENT_STATUS.get(event)
    if new_status and new_status != job_seeker.status:
        if job_seeker.id is not None:
            # Compare-and-set in the database: of two clicks or two officers, only one moves the status
            # (and so records the event); the other is told to reload.
            moved = db.session.execute(
                update(JobSeeker).where(JobSeeker.id == job_seeker.id, JobSeeker.status == job_seeker.status)
                .values(status=new_status, status_changed_at=utcnow())
                .execution_options(synchronize_session=False)).rowcount
            if moved != 1:
                raise StatusChanged("Data ini baru saja diubah oleh orang lain. Muat ulang halaman lalu periksa lagi.")
        job_seeker.status = new_status
        job_seeker.status_changed_at = utcnow()
    db.session.add(entry)
    return entry
