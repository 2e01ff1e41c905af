"""Life of an AK-1 registration: numbering and the dated status history."""
from __future__ import annotations

import secrets
from datetime import date

from domain import codes
from domain.kecamatan import REGENCY_CODE
from extensions import db
from models import JobSeeker, JobSeekerEvent, utcnow

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


def temporary_registration_number() -> str:
    return "TMP-" + secrets.token_hex(8)


def assign_registration_number(job_seeker: JobSeeker) -> None:
    """Give a flushed registration its permanent number: AK1-3604-<year>-<id, 6 digits>."""
    year = (job_seeker.registered_on or date.today()).year
    job_seeker.registration_number = f"AK1-{REGENCY_CODE.replace('.', '')}-{year}-{job_seeker.id:06d}"


def record_event(job_seeker: JobSeeker, event: str, occurred_on: date, *, user=None, **fields) -> JobSeekerEvent:
    """Append a dated event and move the current status accordingly."""
    entry = JobSeekerEvent(event=event, occurred_on=occurred_on, recorded_by_id=getattr(user, "id", None), **fields)
    job_seeker.events.append(entry)
    new_status = EVENT_STATUS.get(event)
    if new_status and new_status != job_seeker.status:
        job_seeker.status = new_status
        job_seeker.status_changed_at = utcnow()
    db.session.add(entry)
    return entry
