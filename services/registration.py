"""AK-1 registration: creating one (online, walk-in, BKK), finding it again, and the staff
verification loop (verify / ask for correction / reject as duplicate / corrected by the citizen)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import date

from sqlalchemy import func, select

from domain import codes
from domain import registration_number as registration_number_rules
from extensions import db
from models import JobSeeker, utcnow
from services.clock import local_today
from services.job_seekers import (
    TransitionError, assign_registration_number, record_event, temporary_registration_number,
)

# No 0/O, 1/I/L: codes are read aloud and typed from paper.
ACCESS_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ACCESS_CODE_LENGTH = 10  # about 50 bits


class RegistrationError(TransitionError):
    """A step that is not allowed in the registration's current state (Indonesian message)."""


def new_access_code() -> str:
    return "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))


def normalise_access_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def hash_access_code(code: str) -> str:
    return hashlib.sha256(normalise_access_code(code).encode()).hexdigest()


def format_access_code(code: str) -> str:
    code = normalise_access_code(code)
    return f"{code[:5]}-{code[5:]}"


def active_registration_for_nik(nik: str) -> JobSeeker | None:
    return db.session.scalar(select(JobSeeker).where(
        JobSeeker.nik == nik, JobSeeker.status.in_(codes.ACTIVE_JOB_SEEKER_STATUSES)))


def lookup(registration_number: str, birth_date: date) -> JobSeeker | None:
    """Find a registration by its number and the holder's date of birth (both must match)."""
    number = registration_number_rules.normalise(registration_number)
    if not number or birth_date is None:
        return None
    return db.session.scalar(select(JobSeeker).where(
        func.upper(JobSeeker.registration_number) == number, JobSeeker.birth_date == birth_date))


def lookup_by_access_code(code: str) -> JobSeeker | None:
    if len(normalise_access_code(code)) != ACCESS_CODE_LENGTH:
        return None
    return db.session.scalar(select(JobSeeker).where(JobSeeker.access_code_hash == hash_access_code(code)))


def create(job_seeker: JobSeeker, *, user=None, note: str | None = None, today: date | None = None) -> str:
    """Insert a new registration with its number, first history event and a fresh access code.

    Returns the access code in clear; only its hash is stored. The caller commits.
    """
    code = new_access_code()
    job_seeker.access_code_hash = hash_access_code(code)
    job_seeker.registration_number = temporary_registration_number()
    job_seeker.registered_on = today or local_today()
    job_seeker.status = codes.JS_SUBMITTED
    job_seeker.created_by_id = getattr(user, "id", None)
    db.session.add(job_seeker)
    db.session.flush()
    assign_registration_number(job_seeker)
    record_event(job_seeker, codes.EV_REGISTERED, job_seeker.registered_on, user=user, note=note)
    return code


def reissue_access_code(job_seeker: JobSeeker) -> str:
    """A fresh access code for a registration (the old one stops working); the code in clear.
    The caller records why and commits."""
    code = new_access_code()
    job_seeker.access_code_hash = hash_access_code(code)
    return code


def verify(job_seeker: JobSeeker, user, today: date | None = None) -> None:
    _require(job_seeker, (codes.JS_SUBMITTED,), "Hanya pendaftaran berstatus Diajukan yang dapat diverifikasi.")
    job_seeker.correction_note = None
    record_event(job_seeker, codes.EV_VERIFIED, today or local_today(), user=user)


def request_correction(job_seeker: JobSeeker, user, note: str, today: date | None = None) -> None:
    _require(job_seeker, (codes.JS_SUBMITTED, codes.JS_VERIFIED),
             "Perbaikan hanya dapat diminta untuk pendaftaran yang belum dicetak.")
    note = (note or "").strip()
    if not note:
        raise RegistrationError("Tulis apa yang perlu diperbaiki.")
    job_seeker.correction_note = note
    record_event(job_seeker, codes.EV_CORRECTION_REQUESTED, today or local_today(), user=user, note=note)


def reject_duplicate(job_seeker: JobSeeker, user, note: str | None = None, today: date | None = None) -> None:
    _require(job_seeker, (codes.JS_SUBMITTED, codes.JS_CORRECTION, codes.JS_VERIFIED),
             "Pendaftaran ini tidak dapat ditolak pada status sekarang.")
    record_event(job_seeker, codes.EV_REJECTED, today or local_today(), user=user,
                 note=(note or "").strip() or "Pendaftaran ganda")


def mark_corrected(job_seeker: JobSeeker, today: date | None = None) -> None:
    """The citizen has fixed their data: back to the verification queue."""
    _require(job_seeker, (codes.JS_CORRECTION,), "Pendaftaran ini tidak sedang menunggu perbaikan.")
    record_event(job_seeker, codes.EV_CORRECTED, today or local_today(), note="Diperbaiki oleh pendaftar")
    job_seeker.status_changed_at = utcnow()


def _require(job_seeker: JobSeeker, statuses, message: str) -> None:
    if job_seeker.status not in statuses:
        raise RegistrationError(message)
