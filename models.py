"""Database models for the four services (AK-1, queue, mediation, training, transmigration)
plus staff, reference data, settings and the audit log.

Times are stored as naive UTC (`utcnow()`); dates that the law counts with (registration,
reports, placements, hand-over to a mediator) are plain dates in Asia/Jakarta.
"""
from __future__ import annotations

import secrets
from datetime import date, datetime, time, timezone

from flask_login import UserMixin
from sqlalchemy import (
    Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, SmallInteger, String, Text,
    Time, UniqueConstraint, event, text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from domain import codes, roles
from domain.kecamatan import kecamatan_name
from extensions import db


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _in(column: str, values) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def _sql_list(values) -> str:
    return ", ".join("'" + v + "'" for v in values)


# --------------------------------------------------------------------------- reference data

class Kecamatan(db.Model):
    __tablename__ = "kecamatan"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)

    def __str__(self) -> str:
        return self.name


class Holiday(db.Model):
    """Editable holiday table, seeded from the `holidays` package (public + government)."""
    __tablename__ = "holiday"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="nasional")
    source: Mapped[str] = mapped_column(String(20), default="manual")
    __table_args__ = (CheckConstraint(_in("kind", codes.HOLIDAY_KINDS), name="kind"),)

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.name}"


class Setting(db.Model):
    """Values that override the defaults in domain/settings.py."""
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(60))

    def __str__(self) -> str:
        return self.key


# --------------------------------------------------------------------------- staff and BKK

class Bkk(db.Model):
    """Bursa Kerja Khusus: a placement unit inside an SMK, registered with the regency office."""
    __tablename__ = "bkk"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_name: Mapped[str] = mapped_column(String(150), index=True)
    npsn: Mapped[str] = mapped_column(String(8), unique=True)
    registration_number: Mapped[str] = mapped_column(String(60), unique=True)  # tanda daftar
    registered_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    decree_number: Mapped[str | None] = mapped_column(String(80))  # SK kepala sekolah
    status: Mapped[str] = mapped_column(String(12), default="aktif", index=True)
    address: Mapped[str | None] = mapped_column(String(250))
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    head_name: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))

    kecamatan: Mapped[Kecamatan | None] = relationship()
    operators: Mapped[list[User]] = relationship(back_populates="bkk")
    __table_args__ = (
        CheckConstraint(_in("status", codes.BKK_STATUS), name="status"),
        CheckConstraint("length(npsn) = 8", name="npsn_length"),
    )

    def __str__(self) -> str:
        return self.school_name


class User(UserMixin, db.Model):
    """A staff member or BKK operator. One role per account."""
    __tablename__ = "staff_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    nip: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), index=True)
    bkk_id: Mapped[int | None] = mapped_column(ForeignKey("bkk.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the login cookie; a new value logs out every session of this user.
    session_token: Mapped[str] = mapped_column(String(43), default=lambda: secrets.token_urlsafe(32))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)

    bkk: Mapped[Bkk | None] = relationship(back_populates="operators")
    __table_args__ = (
        CheckConstraint(_in("role", roles.ALL_ROLES), name="role"),
        CheckConstraint("role <> 'bkk' OR bkk_id IS NOT NULL", name="bkk_operator_has_bkk"),
    )

    # Flask-Login -----------------------------------------------------------------------
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return bool(self.active)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def rotate_session_token(self) -> None:
        self.session_token = secrets.token_urlsafe(32)

    def set_password(self, password: str, method: str | None = None) -> None:
        self.password_hash = generate_password_hash(password, method=method or "scrypt")
        self.password_changed_at = utcnow()
        self.rotate_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *names: str) -> bool:
        return self.role in names

    @property
    def role_label(self) -> str:
        return roles.ROLE_LABELS.get(self.role, self.role)

    def __str__(self) -> str:
        return self.full_name


# --------------------------------------------------------------------------- AK-1 job seekers

class JobSeeker(db.Model):
    """An AK-1 registration (form AK/II) and, once printed, the card."""
    __tablename__ = "job_seeker"
    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(30), unique=True)
    registered_on: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=codes.JS_SUBMITTED, index=True)
    status_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    correction_note: Mapped[str | None] = mapped_column(Text)

    # identity
    nik: Mapped[str] = mapped_column(String(16), index=True)
    kk_number: Mapped[str | None] = mapped_column(String(16))
    full_name: Mapped[str] = mapped_column(String(120), index=True)
    birth_place: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date] = mapped_column(Date, index=True)
    sex: Mapped[str] = mapped_column(String(1))
    religion: Mapped[str | None] = mapped_column(String(20))
    marital_status: Mapped[str | None] = mapped_column(String(20))
    height_cm: Mapped[int | None] = mapped_column(SmallInteger)
    weight_kg: Mapped[int | None] = mapped_column(SmallInteger)

    # address (domicile decides the office, never the NIK prefix)
    address_street: Mapped[str | None] = mapped_column(String(200))
    rt: Mapped[str | None] = mapped_column(String(3))
    rw: Mapped[str | None] = mapped_column(String(3))
    desa: Mapped[str | None] = mapped_column(String(80))
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"), index=True)

    # contact
    phone: Mapped[str | None] = mapped_column(String(16))  # E.164, e.g. +6281234567890
    email: Mapped[str | None] = mapped_column(String(120))

    # education summary (full history in JobSeekerEducation); used by IPK III/2
    education_level: Mapped[str] = mapped_column(String(6), index=True)
    graduation_year: Mapped[int | None] = mapped_column(SmallInteger)

    skills: Mapped[str | None] = mapped_column(Text)
    courses: Mapped[str | None] = mapped_column(Text)  # non-formal education, training certificates
    languages: Mapped[str | None] = mapped_column(String(200))
    desired_position: Mapped[str | None] = mapped_column(String(120))
    desired_location: Mapped[str | None] = mapped_column(String(120))
    karirhub_id: Mapped[str | None] = mapped_column(String(40))
    officer_notes: Mapped[str | None] = mapped_column(Text)

    photo_file: Mapped[str | None] = mapped_column(String(64))  # random name in UPLOAD_DIR
    # sha256 of the secret access code shown once on the receipt (high-entropy, so a plain hash
    # suffices and lets a code be looked up)
    access_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    privacy_acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    # card (filled when printed)
    card_number: Mapped[str | None] = mapped_column(String(30), unique=True)
    verification_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, index=True)

    bkk_id: Mapped[int | None] = mapped_column(ForeignKey("bkk.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    kecamatan: Mapped[Kecamatan] = relationship()
    bkk: Mapped[Bkk | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    education: Mapped[list[JobSeekerEducation]] = relationship(
        back_populates="job_seeker", cascade="all, delete-orphan",
        order_by="JobSeekerEducation.graduation_year.desc()")
    experience: Mapped[list[JobSeekerExperience]] = relationship(
        back_populates="job_seeker", cascade="all, delete-orphan")
    events: Mapped[list[JobSeekerEvent]] = relationship(
        back_populates="job_seeker", cascade="all, delete-orphan",
        order_by="(JobSeekerEvent.occurred_on, JobSeekerEvent.id)")

    __table_args__ = (
        CheckConstraint(_in("status", codes.JOB_SEEKER_STATUS), name="status"),
        CheckConstraint(_in("sex", codes.SEX), name="sex"),
        CheckConstraint(_in("education_level", codes.EDUCATION_LEVELS), name="education_level"),
        CheckConstraint("length(nik) = 16", name="nik_length"),
        # One active registration per NIK, enforced by the database.
        Index("uq_job_seeker_active_nik", "nik", unique=True,
              sqlite_where=text(f"status IN ({_sql_list(codes.ACTIVE_JOB_SEEKER_STATUSES)})"),
              postgresql_where=text(f"status IN ({_sql_list(codes.ACTIVE_JOB_SEEKER_STATUSES)})")),
        Index("ix_job_seeker_status_registered_on", "status", "registered_on"),
    )

    @property
    def kecamatan_name(self) -> str:
        return kecamatan_name(self.kecamatan_code)

    @property
    def address_line(self) -> str:
        """The address on one line, as staff pages and the card show it:
        "Kp. Sukamaju RT 003/RW 001, Margasana, Kec. Kramatwatu" (parts not given are left out)."""
        street = (self.address_street or "") + (f" RT {self.rt}" if self.rt else "") + (f"/RW {self.rw}" if self.rw else "")
        return ", ".join(part for part in (street.strip(), self.desa, f"Kec. {self.kecamatan_name}") if part)

    @property
    def education_line(self) -> str:
        """The education history on one line, as the card prints it: "SMK Negeri 1 Kramatwatu –
        Akuntansi (2019); ..." (the level is left out when the school's name already starts with it)."""
        parts = []
        for e in self.education:
            level = codes.EDUCATION_LEVELS.get(e.level, e.level)
            school = e.school or ""
            named = any(school.upper().startswith(alias.upper() + " ") for alias in level.split("/"))
            text = school if named else f"{level} {school}".strip()
            parts.append(text + (f" – {e.major}" if e.major else "")
                         + (f" ({e.graduation_year})" if e.graduation_year else ""))
        return "; ".join(parts) or codes.EDUCATION_LEVELS.get(self.education_level, self.education_level or "-")

    @property
    def status_label(self) -> str:
        return codes.JOB_SEEKER_STATUS.get(self.status, self.status)

    def __str__(self) -> str:
        return f"{self.registration_number} – {self.full_name}"


class JobSeekerEducation(db.Model):
    __tablename__ = "job_seeker_education"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_seeker_id: Mapped[int] = mapped_column(ForeignKey("job_seeker.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(6))
    school: Mapped[str] = mapped_column(String(150))
    major: Mapped[str | None] = mapped_column(String(120))
    graduation_year: Mapped[int | None] = mapped_column(SmallInteger)
    grade: Mapped[str | None] = mapped_column(String(10))  # nilai rata-rata / IPK

    job_seeker: Mapped[JobSeeker] = relationship(back_populates="education")
    __table_args__ = (CheckConstraint(_in("level", codes.EDUCATION_LEVELS), name="level"),)

    def __str__(self) -> str:
        return f"{codes.EDUCATION_LEVELS.get(self.level, self.level)} {self.school}"


class JobSeekerExperience(db.Model):
    __tablename__ = "job_seeker_experience"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_seeker_id: Mapped[int] = mapped_column(ForeignKey("job_seeker.id", ondelete="CASCADE"), index=True)
    employer: Mapped[str] = mapped_column(String(150))
    position: Mapped[str | None] = mapped_column(String(120))
    start_year: Mapped[int | None] = mapped_column(SmallInteger)
    end_year: Mapped[int | None] = mapped_column(SmallInteger)
    description: Mapped[str | None] = mapped_column(Text)

    job_seeker: Mapped[JobSeeker] = relationship(back_populates="experience")

    def __str__(self) -> str:
        return f"{self.position or ''} {self.employer}".strip()


class JobSeekerEvent(db.Model):
    """Dated status history of a registration: any past month's register can be recomputed."""
    __tablename__ = "job_seeker_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_seeker_id: Mapped[int] = mapped_column(ForeignKey("job_seeker.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(24))
    occurred_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    note: Mapped[str | None] = mapped_column(Text)
    report_slot: Mapped[int | None] = mapped_column(SmallInteger)  # 1..4 for 6-month reports
    placement_type: Mapped[str | None] = mapped_column(String(4))
    employer_name: Mapped[str | None] = mapped_column(String(150))
    employer_position: Mapped[str | None] = mapped_column(String(120))
    placement_start: Mapped[date | None] = mapped_column(Date)
    removal_reason: Mapped[str | None] = mapped_column(String(24))

    job_seeker: Mapped[JobSeeker] = relationship(back_populates="events")
    recorded_by: Mapped[User | None] = relationship()
    __table_args__ = (
        CheckConstraint(_in("event", codes.JOB_SEEKER_EVENTS), name="event"),
        CheckConstraint("placement_type IS NULL OR " + _in("placement_type", codes.PLACEMENT_TYPES),
                        name="placement_type"),
        CheckConstraint("report_slot IS NULL OR report_slot BETWEEN 1 AND 4", name="report_slot"),
        CheckConstraint("removal_reason IS NULL OR " + _in("removal_reason", codes.REMOVAL_REASONS),
                        name="removal_reason"),
        # One six-monthly report per person per day (a double click records one).
        Index("uq_job_seeker_event_one_report_a_day", "job_seeker_id", "occurred_on", unique=True,
              sqlite_where=text(f"event = '{codes.EV_REPORTED}'"),
              postgresql_where=text(f"event = '{codes.EV_REPORTED}'")),
        Index("ix_job_seeker_event_event_occurred_on", "event", "occurred_on"),
        Index("ix_job_seeker_event_job_seeker_id_occurred_on", "job_seeker_id", "occurred_on"),
    )

    @property
    def event_label(self) -> str:
        return codes.JOB_SEEKER_EVENTS.get(self.event, self.event)

    def __str__(self) -> str:
        return f"{self.occurred_on.isoformat()} {self.event_label}"


# --------------------------------------------------------------------------- queue

class ServiceDay(db.Model):
    """One day of the AK-1 counter: quota, closure, and the counters the booking uses.

    `booked` counts places taken (a cancellation gives one back); `issued` counts queue numbers
    handed out (never decreases, so numbers stay unique).
    """
    __tablename__ = "service_day"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    quota: Mapped[int] = mapped_column(Integer)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_reason: Mapped[str | None] = mapped_column(String(200))
    booked: Mapped[int] = mapped_column(Integer, default=0)
    issued: Mapped[int] = mapped_column(Integer, default=0)

    windows: Mapped[list[ServiceWindow]] = relationship(
        back_populates="service_day", cascade="all, delete-orphan", order_by="ServiceWindow.starts_at")
    __table_args__ = (
        CheckConstraint("quota >= 0", name="quota_non_negative"),
        CheckConstraint("booked >= 0 AND booked <= quota", name="booked_within_quota"),
    )

    def __str__(self) -> str:
        return self.day.isoformat()


class ServiceWindow(db.Model):
    """A time window of a service day with its share of the quota."""
    __tablename__ = "service_window"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(ForeignKey("service_day.day", ondelete="CASCADE"))
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)
    quota: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)

    service_day: Mapped[ServiceDay] = relationship(back_populates="windows")
    __table_args__ = (
        UniqueConstraint("day", "starts_at", name="uq_service_window_day_starts_at"),
        CheckConstraint("booked >= 0 AND booked <= quota", name="booked_within_quota"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.starts_at:%H.%M}–{self.ends_at:%H.%M}"


class QueueBooking(db.Model):
    __tablename__ = "queue_booking"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_seeker_id: Mapped[int] = mapped_column(ForeignKey("job_seeker.id"), index=True)
    day: Mapped[date] = mapped_column(ForeignKey("service_day.day"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("service_window.id"), index=True)
    queue_number: Mapped[int] = mapped_column(Integer)
    booking_code: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(12), default=codes.BOOKING_BOOKED)
    is_walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    called_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    served_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # the desk's "Panggil berikutnya" form that called this person (its one-time key): the same
    # form sent twice (a double click) calls one person, not two
    call_key: Mapped[str | None] = mapped_column(String(64))

    job_seeker: Mapped[JobSeeker] = relationship()
    window: Mapped[ServiceWindow | None] = relationship()
    served_by: Mapped[User | None] = relationship()
    __table_args__ = (
        UniqueConstraint("day", "queue_number", name="uq_queue_booking_day_queue_number"),
        CheckConstraint(_in("status", codes.BOOKING_STATUS), name="status"),
        # One active booking per person.
        Index("uq_queue_booking_active_person", "job_seeker_id", unique=True,
              sqlite_where=text(f"status IN ({_sql_list(codes.ACTIVE_BOOKING_STATUSES)})"),
              postgresql_where=text(f"status IN ({_sql_list(codes.ACTIVE_BOOKING_STATUSES)})")),
        Index("ix_queue_booking_day_status", "day", "status"),
        Index("uq_queue_booking_call_key", "call_key", unique=True,
              sqlite_where=text("call_key IS NOT NULL"), postgresql_where=text("call_key IS NOT NULL")),
    )

    @property
    def status_label(self) -> str:
        return codes.BOOKING_STATUS.get(self.status, self.status)

    def __str__(self) -> str:
        return f"{self.day.isoformat()} No. {self.queue_number:03d}"


# --------------------------------------------------------------------------- mediation

class MediationCase(db.Model):
    """An industrial dispute registered at the office (UU 2/2004, Permenaker 17/2014)."""
    __tablename__ = "mediation_case"
    id: Mapped[int] = mapped_column(primary_key=True)
    register_number: Mapped[str] = mapped_column(String(40), unique=True)
    registered_on: Mapped[date] = mapped_column(Date, index=True)
    dispute_type: Mapped[str] = mapped_column(String(12), index=True)
    status: Mapped[str] = mapped_column(String(12), default=codes.CASE_REGISTERED, index=True)
    worker_count: Mapped[int] = mapped_column(Integer, default=1)
    # parties and representatives
    worker_party: Mapped[str] = mapped_column(String(200))  # worker(s) or union
    worker_representative: Mapped[str | None] = mapped_column(String(200))
    worker_power_of_attorney: Mapped[str | None] = mapped_column(String(200))
    company_name: Mapped[str] = mapped_column(String(200), index=True)
    company_address: Mapped[str | None] = mapped_column(String(250))
    company_representative: Mapped[str | None] = mapped_column(String(200))
    company_power_of_attorney: Mapped[str | None] = mapped_column(String(200))
    # bipartite evidence: risalah bipartit, attached at registration
    bipartite_minutes: Mapped[str | None] = mapped_column(Text)
    bipartite_ended_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text)
    # hand-over to a mediator starts the statutory clock (working days)
    delegated_on: Mapped[date | None] = mapped_column(Date, index=True)
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    # anjuran (written recommendation) and the parties' answers
    anjuran_number: Mapped[str | None] = mapped_column(String(60))
    anjuran_date: Mapped[date | None] = mapped_column(Date)
    anjuran_received_on: Mapped[date | None] = mapped_column(Date)
    worker_answer: Mapped[str | None] = mapped_column(String(16))
    worker_answered_on: Mapped[date | None] = mapped_column(Date)
    company_answer: Mapped[str | None] = mapped_column(String(16))
    company_answered_on: Mapped[date | None] = mapped_column(Date)
    # outcome
    outcome: Mapped[str | None] = mapped_column(String(20))
    agreement_akta_number: Mapped[str | None] = mapped_column(String(60))  # PHI registration
    closed_on: Mapped[date | None] = mapped_column(Date)

    mediator: Mapped[User | None] = relationship()
    sessions: Mapped[list[MediationSession]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="MediationSession.held_on")
    __table_args__ = (
        CheckConstraint(_in("dispute_type", codes.DISPUTE_TYPES), name="dispute_type"),
        CheckConstraint(_in("status", codes.CASE_STATUS), name="status"),
        CheckConstraint("outcome IS NULL OR " + _in("outcome", codes.CASE_OUTCOMES), name="outcome"),
        CheckConstraint("worker_answer IS NULL OR " + _in("worker_answer", codes.ANJURAN_ANSWERS),
                        name="worker_answer"),
        CheckConstraint("company_answer IS NULL OR " + _in("company_answer", codes.ANJURAN_ANSWERS),
                        name="company_answer"),
        CheckConstraint("worker_count >= 1", name="worker_count_positive"),
    )

    def __str__(self) -> str:
        return f"{self.register_number} – {self.company_name}"


class MediationSession(db.Model):
    __tablename__ = "mediation_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12), default="mediasi")
    attendance: Mapped[str | None] = mapped_column(String(300))
    minutes: Mapped[str | None] = mapped_column(Text)

    case: Mapped[MediationCase] = relationship(back_populates="sessions")
    __table_args__ = (CheckConstraint(_in("kind", codes.SESSION_KINDS), name="kind"),)

    def __str__(self) -> str:
        return f"{self.held_on.isoformat()} {codes.SESSION_KINDS.get(self.kind, self.kind)}"


# --------------------------------------------------------------------------- training

class TrainingProgram(db.Model):
    __tablename__ = "training_program"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    vocational_field: Mapped[str | None] = mapped_column(String(120))  # kejuruan
    description: Mapped[str | None] = mapped_column(Text)

    cohorts: Mapped[list[TrainingCohort]] = relationship(back_populates="program")

    def __str__(self) -> str:
        return self.name


class TrainingCohort(db.Model):
    """An angkatan of a program: typically 16 participants for 20 days."""
    __tablename__ = "training_cohort"
    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("training_program.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))  # "Angkatan I"
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    status: Mapped[str] = mapped_column(String(10), default="rencana", index=True)
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"))
    desa: Mapped[str | None] = mapped_column(String(80))
    venue: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    planned_participants: Mapped[int] = mapped_column(SmallInteger, default=16)
    training_days: Mapped[int] = mapped_column(SmallInteger, default=20)
    funding: Mapped[str] = mapped_column(String(10), default="APBD")
    partner_institution: Mapped[str | None] = mapped_column(String(150))
    instructor: Mapped[str | None] = mapped_column(String(150))
    equipment_handover: Mapped[str | None] = mapped_column(Text)
    cancellation_reason: Mapped[str | None] = mapped_column(String(250))

    program: Mapped[TrainingProgram] = relationship(back_populates="cohorts")
    kecamatan: Mapped[Kecamatan | None] = relationship()
    participants: Mapped[list[TrainingParticipant]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan", order_by="TrainingParticipant.full_name")
    __table_args__ = (
        UniqueConstraint("program_id", "year", "name", name="uq_training_cohort_program_year_name"),
        CheckConstraint(_in("status", codes.COHORT_STATUS), name="status"),
        CheckConstraint(_in("funding", codes.FUNDING), name="funding"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates"),
    )

    def __str__(self) -> str:
        return f"{self.program.name if self.program else ''} {self.name} ({self.year})".strip()


class TrainingParticipant(db.Model):
    __tablename__ = "training_participant"
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("training_cohort.id", ondelete="CASCADE"), index=True)
    nik: Mapped[str] = mapped_column(String(16), index=True)
    full_name: Mapped[str] = mapped_column(String(120), index=True)
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(16))
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"))
    desa: Mapped[str | None] = mapped_column(String(80))
    eligibility: Mapped[str] = mapped_column(String(16), default="pencari_kerja")
    selection_status: Mapped[str] = mapped_column(String(20), default="pendaftar")
    attendance_days: Mapped[int] = mapped_column(SmallInteger, default=0)
    graduated: Mapped[bool] = mapped_column(Boolean, default=False)
    competency_result: Mapped[str | None] = mapped_column(String(16))
    certificate_number: Mapped[str | None] = mapped_column(String(60))
    follow_up: Mapped[str | None] = mapped_column(String(12))

    cohort: Mapped[TrainingCohort] = relationship(back_populates="participants")
    kecamatan: Mapped[Kecamatan | None] = relationship()
    __table_args__ = (
        UniqueConstraint("cohort_id", "nik", name="uq_training_participant_cohort_nik"),
        CheckConstraint(_in("sex", codes.SEX), name="sex"),
        CheckConstraint(_in("eligibility", codes.ELIGIBILITY), name="eligibility"),
        CheckConstraint(_in("selection_status", codes.SELECTION), name="selection_status"),
        CheckConstraint("competency_result IS NULL OR " + _in("competency_result", codes.COMPETENCY),
                        name="competency_result"),
        CheckConstraint("follow_up IS NULL OR " + _in("follow_up", codes.FOLLOW_UP), name="follow_up"),
        CheckConstraint("attendance_days >= 0", name="attendance_non_negative"),
    )

    def __str__(self) -> str:
        return self.full_name


# --------------------------------------------------------------------------- transmigration

class TransmigrationFamily(db.Model):
    """A family (KK) registered for transmigration."""
    __tablename__ = "transmigration_family"
    id: Mapped[int] = mapped_column(primary_key=True)
    kk_number: Mapped[str] = mapped_column(String(16), unique=True)
    registered_on: Mapped[date] = mapped_column(Date, index=True)
    transmigration_type: Mapped[str] = mapped_column(String(3), default="TU")
    stage: Mapped[str] = mapped_column(String(16), default="pendaftaran", index=True)
    interest_level: Mapped[str] = mapped_column(String(8), default="sedang")
    origin_kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    origin_desa: Mapped[str | None] = mapped_column(String(80))
    address: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(16))
    head_nik: Mapped[str] = mapped_column(String(16), index=True)
    head_name: Mapped[str] = mapped_column(String(120), index=True)
    head_birth_date: Mapped[date | None] = mapped_column(Date)
    head_education: Mapped[str | None] = mapped_column(String(6))
    head_skills: Mapped[str | None] = mapped_column(String(250))
    # documents checklist
    doc_kk: Mapped[bool] = mapped_column(Boolean, default=False)
    doc_ktp: Mapped[bool] = mapped_column(Boolean, default=False)
    doc_marriage_certificate: Mapped[bool] = mapped_column(Boolean, default=False)
    doc_health_certificate: Mapped[bool] = mapped_column(Boolean, default=False)
    doc_never_transmigrated: Mapped[bool] = mapped_column(Boolean, default=False)  # from the village head
    # destination (named by province, kabupaten and settlement unit, free text)
    destination_province: Mapped[str | None] = mapped_column(String(80))
    destination_regency: Mapped[str | None] = mapped_column(String(80))
    destination_settlement: Mapped[str | None] = mapped_column(String(120))  # UPT/SP
    departure_batch: Mapped[str | None] = mapped_column(String(60))
    departure_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    origin_kecamatan: Mapped[Kecamatan] = relationship()
    members: Mapped[list[TransmigrationMember]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="TransmigrationMember.id")
    stages: Mapped[list[TransmigrationStageEvent]] = relationship(
        back_populates="family", cascade="all, delete-orphan",
        order_by="(TransmigrationStageEvent.occurred_on, TransmigrationStageEvent.id)")
    __table_args__ = (
        CheckConstraint(_in("transmigration_type", codes.TRANSMIGRATION_TYPES), name="type"),
        CheckConstraint(_in("stage", codes.TRANSMIGRATION_STAGES), name="stage"),
        CheckConstraint(_in("interest_level", codes.INTEREST), name="interest_level"),
        CheckConstraint("head_education IS NULL OR " + _in("head_education", codes.EDUCATION_LEVELS),
                        name="head_education"),
    )

    def __str__(self) -> str:
        return f"KK {self.head_name}"


class TransmigrationMember(db.Model):
    __tablename__ = "transmigration_member"
    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("transmigration_family.id", ondelete="CASCADE"), index=True)
    nik: Mapped[str] = mapped_column(String(16), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    relationship_to_head: Mapped[str] = mapped_column(String(10))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)

    family: Mapped[TransmigrationFamily] = relationship(back_populates="members")
    __table_args__ = (
        UniqueConstraint("family_id", "nik", name="uq_transmigration_member_family_nik"),
        CheckConstraint(_in("relationship_to_head", codes.RELATIONSHIP), name="relationship"),
        CheckConstraint(_in("sex", codes.SEX), name="sex"),
    )

    def __str__(self) -> str:
        return self.full_name


class TransmigrationStageEvent(db.Model):
    __tablename__ = "transmigration_stage_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("transmigration_family.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    occurred_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(300))

    family: Mapped[TransmigrationFamily] = relationship(back_populates="stages")
    __table_args__ = (CheckConstraint(_in("stage", codes.TRANSMIGRATION_STAGES), name="stage"),)

    def __str__(self) -> str:
        return f"{self.occurred_on.isoformat()} {codes.TRANSMIGRATION_STAGES.get(self.stage, self.stage)}"


# --------------------------------------------------------------------------- reports

class _IpkFlowCounts:
    """The counts each IPK summary table keeps per cell (services/reports.py COUNT_COLUMNS)."""
    registered: Mapped[int] = mapped_column(Integer, default=0)
    placed: Mapped[int] = mapped_column(Integer, default=0)
    placed_akl: Mapped[int] = mapped_column(Integer, default=0)
    placed_akad: Mapped[int] = mapped_column(Integer, default=0)
    placed_akan: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)


class IpkMonthlyFlow(_IpkFlowCounts, db.Model):
    """Derived data: the IPK flow of each month per sex, age group (at registration) and education
    level, as domain/ipk.py defines it. Kept in step with the status history in the same transaction
    (services/reports.py) and rebuildable from it at any time; never edited by hand."""
    __tablename__ = "ipk_monthly_flow"
    month_key: Mapped[int] = mapped_column(Integer, primary_key=True)  # 202611 = November 2026
    sex: Mapped[str] = mapped_column(String(1), primary_key=True)
    age_group: Mapped[str] = mapped_column(String(5), primary_key=True)
    education_level: Mapped[str] = mapped_column(String(6), primary_key=True)


class IpkMonthlyFlowKecamatan(_IpkFlowCounts, db.Model):
    """The same flow per month, kecamatan and sex (the dashboard's map of the regency)."""
    __tablename__ = "ipk_monthly_flow_kecamatan"
    month_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    sex: Mapped[str] = mapped_column(String(1), primary_key=True)


class IpkMonthlyFlowGraduation(_IpkFlowCounts, db.Model):
    """The same flow per month, time since graduation (domain.ipk.graduation_group) and sex."""
    __tablename__ = "ipk_monthly_flow_graduation"
    month_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    graduation_group: Mapped[str] = mapped_column(String(4), primary_key=True)
    sex: Mapped[str] = mapped_column(String(1), primary_key=True)


class ReportSummaryState(db.Model):
    """A row per summary that has been built from the full history (missing = rebuild first)."""
    __tablename__ = "report_summary_state"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    rebuilt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --------------------------------------------------------------------------- audit

class AuditLog(db.Model):
    """Append-only record of processing under UU 27/2022: who viewed, changed, exported or
    printed whose data. The database refuses UPDATE and DELETE (triggers in the migration)."""
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: survives user removal
    username: Mapped[str | None] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(20), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40))
    summary: Mapped[str | None] = mapped_column(String(500))
    # For exports and lists: the ids of every record handed out, so "who exported my data" has an answer.
    record_ids: Mapped[str | None] = mapped_column(Text)
    ip: Mapped[str | None] = mapped_column(String(45))
    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id"),)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type or ''} {self.object_id or ''}"


@event.listens_for(Session, "before_flush")
def _audit_log_is_append_only(session, _flush_context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditLog):
            raise ValueError("audit_log is append-only")
