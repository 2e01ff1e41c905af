"""Queue booking in the database: service days created lazily from the settings, booking,
cancelling and moving a place, and the queue desk (check-in, call next, served, no-show, walk-in).

Correctness under concurrency (several gunicorn workers, SQLite or PostgreSQL) rests on the
database, not on Python-side checks:

* a place is taken with conditional updates in one transaction,
  ``UPDATE service_day SET booked = booked + 1, issued = issued + 1 WHERE day = ? AND booked < quota
  AND NOT closed RETURNING issued`` and ``UPDATE service_window SET booked = booked + 1 WHERE id = ?
  AND booked < quota``; the CHECK constraints (booked <= quota) back them up;
* the queue number is the day's ``issued`` counter returned by that same update (never reused, and
  UNIQUE (day, queue_number) backs it up);
* one active booking per person and one booking per idempotency key are UNIQUE indexes;
* a place is given back (cancel, move, no-show) by a status update conditional on the old status in
  the same transaction as the counter decrements, so it is given back exactly once.

An online booking first tries the writes that succeed in the common case on a DBAPI cursor of a
pooled connection of its own, outside the ORM session and SQLAlchemy's Connection (no
bookkeeping while the lock is held; _DriverCursor): on PostgreSQL the
conditional updates, the INSERT of the booking and of its audit entry as one statement
(data-modifying CTEs) committed by the server as it finishes (autocommit), so the day row is never
locked across a round trip; on SQLite the same four statements back to back. When that books
nothing, the step-by-step statements run in the session and say why (full, closed, already
booked, a repeated form) or book after all.

Row locks are always taken in the same order, days (by date) before windows (by id) before
bookings, so these transactions cannot deadlock one another on PostgreSQL; a deadlock or
serialization failure caused by something else (a staff edit in the panel) is retried.

On SQLite the session's reads run outside a transaction (pysqlite opens one at the first write),
and every write transaction here starts with its first write, so a writer waits for the database
lock (busy_timeout) instead of failing on a stale read snapshot.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from time import monotonic

from flask import current_app, has_request_context, request, session
from flask_login import current_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE
from sqlalchemy import Integer, bindparam, case, column, event, func, insert, select, text, update
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

import audit
from db_errors import cut_values
from domain import card as card_rules
from domain import codes
from domain import nik as nik_rules
from domain import queue as rules
from domain import registration_number as registration_number_rules
from domain import settings as setting_rules
from domain.workdays import COLLECTIVE_LEAVE, Calendar
from extensions import AUTOCOMMIT_BIND, db
from models import AuditLog, Holiday, JobSeeker, QueueBooking, ServiceDay, ServiceWindow, Setting, utcnow
from services.clock import local_now

log = logging.getLogger(__name__)

DAY = ServiceDay.__table__
WINDOW = ServiceWindow.__table__
BOOKING = QueueBooking.__table__
AUDIT = AuditLog.__table__

# The booking's statements, built once (bound parameters per call).
_TAKE_DAY = (update(DAY).where(DAY.c.day == bindparam("d"), DAY.c.booked < DAY.c.quota, DAY.c.closed.is_(False))
             .values(booked=DAY.c.booked + 1, issued=DAY.c.issued + 1).returning(DAY.c.issued))


def _window_statements(today: bool):
    conditions = [WINDOW.c.day == bindparam("d"), WINDOW.c.booked < WINDOW.c.quota]
    if today:  # only windows that have not ended
        conditions.append(WINDOW.c.ends_at > bindparam("t"))
    chosen = (update(WINDOW).where(WINDOW.c.id == bindparam("w"), *conditions)
              .values(booked=WINDOW.c.booked + 1).returning(WINDOW.c.id))
    first = select(WINDOW.c.id).where(*conditions).order_by(WINDOW.c.starts_at).limit(1).scalar_subquery()
    earliest = (update(WINDOW).where(WINDOW.c.id == first, WINDOW.c.booked < WINDOW.c.quota)
                .values(booked=WINDOW.c.booked + 1).returning(WINDOW.c.id))
    return chosen, earliest


_TAKE_WINDOW = {False: _window_statements(False), True: _window_statements(True)}
_INSERT_BOOKING = insert(BOOKING).returning(BOOKING.c.id)
_INSERT_AUDIT = insert(AUDIT)
# the columns an online booking and its audit entry write (_booking_row, _audit_entry)
_BOOKING_KEYS = ("job_seeker_id", "day", "idempotency_key", "is_walk_in", "status", "checked_in_at", "created_at",
                 "booking_code", "window_id", "queue_number")
_AUDIT_KEYS = ("at", "action", "object_type", "object_id", "summary", "user_id", "username", "ip")


def _one_statement_booking(chosen_window: bool, today: bool, by_number: bool):
    """PostgreSQL: an online booking as one statement (data-modifying CTEs), run in autocommit mode
    so that the server commits it as it finishes: the day row is locked only while the statement
    and its commit run, never across a round trip to the application. The same four writes as the
    step-by-step path, in the same lock order (the day row first: the window update runs only once
    the day's place is taken).

    The result row is (queue number, window id, booking id). Nothing is written unless all four
    writes happen:
    * the day's place is taken only while the target window (the chosen one, or the earliest with
      a place, among those not ended) shows a place in the statement's snapshot, so a full window
      or an ended day writes nothing and returns no booking id;
    * if that window filled up between the snapshot and its row lock (its `booked < quota` is
      re-checked on the current row by the UPDATE itself, so it is never overbooked), the last
      column divides by zero: the statement fails and PostgreSQL undoes all of it. The caller
      then takes the step-by-step path, which books another window or says why not.

    `by_number`: the person is found in the same statement by registration number (:n) and date
    of birth (:b) among the active registrations (quick_book; an expired card's holder takes the
    full path, which checks check_eligible's rules); otherwise :job_seeker_id."""
    open_window = "AND ends_at > :t" if today else ""
    active = ", ".join(f"'{status}'" for status in codes.ACTIVE_JOB_SEEKER_STATUSES)  # constants, not input
    person = (f"SELECT id FROM job_seeker WHERE registration_number = :n AND birth_date = :b AND status IN ({active})"
              if by_number else "SELECT CAST(:job_seeker_id AS INTEGER) AS id")
    chosen = "AND id = :w" if chosen_window else ""
    return text(f"""
        WITH person AS (
            {person}
        ), target_window AS (
            SELECT id FROM service_window WHERE day = :d {chosen} AND booked < quota {open_window}
            ORDER BY starts_at LIMIT 1
        ), day_place AS (
            UPDATE service_day SET booked = booked + 1, issued = issued + 1
            WHERE day = :d AND booked < quota AND NOT closed
              AND EXISTS (SELECT FROM person) AND EXISTS (SELECT FROM target_window)
            RETURNING issued
        ), window_place AS (
            UPDATE service_window SET booked = booked + 1
            WHERE id = (SELECT id FROM target_window) AND booked < quota AND EXISTS (SELECT FROM day_place)
            RETURNING id
        ), booking AS (
            INSERT INTO queue_booking (job_seeker_id, day, window_id, queue_number, booking_code, status,
                                       is_walk_in, idempotency_key, checked_in_at, created_at)
            SELECT person.id, :d, window_place.id, day_place.issued, :booking_code, :status,
                   :is_walk_in, :idempotency_key, :checked_in_at, :created_at
            FROM person, day_place, window_place
            RETURNING id
        ), entry AS (
            INSERT INTO audit_log (at, action, object_type, object_id, summary, user_id, username, ip)
            SELECT :at, :action, :object_type, CAST(booking.id AS VARCHAR), :summary, :user_id, :username, :ip
            FROM booking
        )
        SELECT (SELECT issued FROM day_place) AS queue_number, (SELECT id FROM window_place) AS window_id,
               (SELECT id FROM booking) AS booking_id,
               CASE WHEN EXISTS (SELECT FROM day_place)
                    THEN 1 / (SELECT count(*) FROM booking)  -- a place taken without a booking: fail, undo all
               END AS guard""").columns(  # typed result columns: SQLAlchemy keeps their metadata with the statement
        column("queue_number", Integer), column("window_id", Integer), column("booking_id", Integer),
        column("guard", Integer))


_BOOK_IN_ONE_STATEMENT = {(chosen, today, by_number): _one_statement_booking(chosen, today, by_number)
                          for chosen in (False, True) for today in (False, True) for by_number in (False, True)}
_BOOK_IN_ONE_STATEMENT_SQL: dict = {}
"""The same statements compiled once for the bound PostgreSQL driver: they run on a DBAPI cursor
(_DriverCursor.run_sql), without SQLAlchemy's per-execution compile-cache lookup, parameter
processing and result objects; errors are still SQLAlchemy's (IntegrityError, disconnects)."""


def _one_statement_sql(variant: tuple[bool, bool, bool], dialect) -> str:
    key = (variant, dialect.name, dialect.driver)
    sql = _BOOK_IN_ONE_STATEMENT_SQL.get(key)
    if sql is None:
        sql = _BOOK_IN_ONE_STATEMENT_SQL[key] = str(_BOOK_IN_ONE_STATEMENT[variant].compile(dialect=dialect))
    return sql


RETRYABLE_SQLSTATES = {"40P01", "40001"}  # deadlock detected, serialization failure (PostgreSQL)
ONLINE_BOOKING_SUMMARY = "pemesanan antrean oleh pendaftar"
DIVISION_BY_ZERO = "22012"  # the one-statement booking's guard (PostgreSQL)
ATTEMPTS = 4


# --------------------------------------------------------------------------- errors

class QueueError(Exception):
    """A booking step that cannot be done, with an Indonesian message for the person."""

    def __init__(self, message: str, choices: list[rules.Choice] | None = None):
        super().__init__(message)
        self.message = message
        self.choices = choices or []


class Full(QueueError):
    """The day or the window has no place left."""

    def __init__(self, message: str, choices=None, *, day_full: bool):
        super().__init__(message, choices)
        self.day_full = day_full


class Unavailable(QueueError):
    """The day or window cannot be booked (not a working day, closed, past, outside the range)."""


class NotEligible(QueueError):
    """The registration may not take a queue number (rejected, expired, placed, removed)."""


class BookingQueueError(QueueError):
    """A refusal about one booking, which the caller may offer a next step for."""

    def __init__(self, message: str, booking: QueueBooking):
        super().__init__(message)
        self.booking = booking


class AlreadyBooked(BookingQueueError):
    """The person's other active booking."""


class LaterBooking(BookingQueueError):
    """The person at the desk holds a booking for a later day (bring_forward can move it to today)."""


class NeedsNewNumber(BookingQueueError):
    """A scanned ticket whose place went back to the quota (no-show, cancelled): its holder, if
    here, gets a new number as a walk-in."""


class _NoPlace(Exception):
    """Raised inside a transaction when a conditional update found no place (then rolled back)."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


class StaleState(QueueError):
    """The booking changed meanwhile (another tab, another desk)."""


INELIGIBLE = {
    codes.JS_PLACED: "Pendaftaran ini tercatat sudah bekerja (ditempatkan), sehingga tidak dapat mengambil "
                     "antrean. Bila Anda kembali mencari kerja, daftar ulang secara online.",
    codes.JS_REMOVED: "Pendaftaran ini sudah dikeluarkan dari daftar pencari kerja aktif, sehingga tidak dapat "
                      "mengambil antrean. Hubungi kantor bila ada pertanyaan.",
    codes.JS_REJECTED: "Pendaftaran ini ditolak (misalnya karena ganda), sehingga tidak dapat mengambil antrean. "
                       "Gunakan pendaftaran Anda yang aktif atau hubungi kantor.",
}
FORM_USED = "Formulir ini sudah dipakai untuk pemesanan lain. Muat ulang halaman lalu coba lagi."
STALE = "Status pemesanan sudah berubah sementara itu. Muat ulang halaman lalu periksa kembali."


def check_eligible(js: JobSeeker) -> None:
    """`js`: a JobSeeker, or any row with its id and status. An expired card's holder may come to
    renew it, unless they have registered again since (one active registration per NIK: they come
    with that one)."""
    if js.status not in codes.QUEUE_JOB_SEEKER_STATUSES:
        raise NotEligible(INELIGIBLE.get(js.status, "Pendaftaran ini tidak aktif, sehingga tidak dapat mengambil "
                                                     "antrean. Hubungi kantor bila ada pertanyaan."))
    if js.status == codes.JS_EXPIRED:
        again = aliased(JobSeeker)
        newer = db.session.scalar(select(again.registration_number).join(JobSeeker, JobSeeker.nik == again.nik).where(
            JobSeeker.id == js.id, again.id != js.id, again.status.in_(codes.ACTIVE_JOB_SEEKER_STATUSES)))
        if newer is not None:
            raise NotEligible(f"Kartu lama ini sudah tidak berlaku dan Anda sudah mendaftar lagi dengan nomor {newer}. "
                              "Pesan antrean dengan nomor pendaftaran itu.")


# --------------------------------------------------------------------------- clock, settings, calendar

def office_now() -> datetime:
    """Office-local (WIB) time, naive: what the windows and "today" are compared with."""
    return local_now().replace(tzinfo=None)


SETTING_KEYS = ("queue.daily_quota", "queue.booking_window_days", "queue.first_window", "queue.window_minutes",
                "queue.window_count", "calendar.saturday_working", "calendar.cuti_bersama_working")


@dataclass(frozen=True)
class QueueSettings:
    daily_quota: int
    window_days: int
    first_window: time
    window_minutes: int
    window_count: int
    saturday_working: bool
    collective_leave_working: bool

    def windows(self) -> list[tuple[time, time]]:
        try:
            return rules.window_times(self.first_window, self.window_minutes, self.window_count)
        except ValueError:
            log.warning("queue window settings are unusable (%s, %s min x %s); using 08:00, 60 min x 5",
                        self.first_window, self.window_minutes, self.window_count)
            return rules.window_times(time(8), 60, 5)

    @cached_property  # (kept in the instance's __dict__: the settings are cached per process)
    def last_window_end(self) -> time:
        return self.windows()[-1][1]


def _parse_time(raw: str) -> time:
    hours, minutes = raw.split(":")
    return time(int(hours), int(minutes))


_SETTINGS = select(Setting.__table__.c.key, Setting.__table__.c.value).where(Setting.__table__.c.key.in_(SETTING_KEYS))


def load_settings() -> QueueSettings:
    """The queue settings in one query (a row in `setting` overrides the default)."""
    rows = dict(db.session.execute(_SETTINGS).all())

    def value(key: str):
        spec = setting_rules.BY_KEY[key]
        for raw in (rows.get(key), spec.default):
            if raw is None or setting_rules.validate(key, raw):
                continue
            parsed = setting_rules.parse_value(spec, raw)
            return _parse_time(parsed) if spec.kind == "time" else parsed
        raise ValueError(key)

    return QueueSettings(
        daily_quota=value("queue.daily_quota"), window_days=value("queue.booking_window_days"),
        first_window=value("queue.first_window"), window_minutes=value("queue.window_minutes"),
        window_count=value("queue.window_count"), saturday_working=value("calendar.saturday_working"),
        collective_leave_working=value("calendar.cuti_bersama_working"))


_HOLIDAY = Holiday.__table__
_HOLIDAYS = select(_HOLIDAY.c.day, _HOLIDAY.c.name, _HOLIDAY.c.kind).where(
    _HOLIDAY.c.day >= bindparam("a"), _HOLIDAY.c.day <= bindparam("b"))


def load_calendar(settings: QueueSettings, start: date, days: int | None = None) -> tuple[Calendar, dict[date, str]]:
    """The working-day calendar from the editable holiday table and the settings, for the span a
    booking list can reach from `start`; also the holidays' names."""
    span = days if days is not None else max(60, settings.window_days * 3 + 30)
    rows = db.session.execute(_HOLIDAYS, {"a": start, "b": start + timedelta(days=span)}).all()
    holidays = frozenset(r.day for r in rows if r.kind != COLLECTIVE_LEAVE)
    leave = frozenset(r.day for r in rows if r.kind == COLLECTIVE_LEAVE)
    calendar = Calendar(holidays=holidays, collective_leave=leave, saturday_is_working_day=settings.saturday_working,
                        collective_leave_is_working_day=settings.collective_leave_working)
    return calendar, {r.day: r.name for r in rows}


def bookable_dates(now: datetime, settings: QueueSettings, calendar: Calendar | None = None) -> list[date]:
    start = rules.first_booking_day(now, settings.last_window_end)
    if calendar is None:
        calendar, _ = load_calendar(settings, start)
    return rules.bookable_dates(calendar, start, settings.window_days)


# --------------------------------------------------------------------------- cached reads of the booking path

READ_CACHE_SECONDS = 5.0
"""How long a process reuses the queue settings and the holiday calendar it read for reserve()
(the booking path: two reads per booking otherwise). A Setting or Holiday row changed through
the ORM in this process (the staff panel, the holiday import) clears the cache when its
transaction commits; a change made in another gunicorn worker is seen within this many seconds.
Nothing that decides whether a place is free is cached: the quotas, the counters and a closed day
are conditions of the booking's UPDATEs. A new service day always takes its quota and windows
from freshly read settings (ensure_days)."""


class _ReadChanges:
    """Process-wide count of committed changes to the cached tables."""
    generation = 0


@event.listens_for(Session, "before_flush")
def _note_cached_table_change(orm_session, _flush_context, _instances) -> None:
    if any(isinstance(obj, (Setting, Holiday)) for obj in (*orm_session.new, *orm_session.dirty, *orm_session.deleted)):
        orm_session.info["queue_reads_changed"] = True


@event.listens_for(Session, "after_commit")
def _drop_cached_reads(orm_session) -> None:
    if orm_session.info.pop("queue_reads_changed", False):
        _ReadChanges.generation += 1


@event.listens_for(Session, "after_rollback")
def _forget_uncommitted_change(orm_session) -> None:
    orm_session.info.pop("queue_reads_changed", None)


def _cached(key, load):
    """`load()`, reused for READ_CACHE_SECONDS by this app in this process (see above)."""
    store = current_app.extensions.setdefault("queue_cached_reads", {})
    now = monotonic()
    hit = store.get(key)
    if hit is not None and hit[0] > now and hit[1] == _ReadChanges.generation:
        return hit[2]
    generation = _ReadChanges.generation  # taken before the read: a change committed meanwhile invalidates
    value = load()
    if len(store) > 16:
        store.clear()
    store[key] = (now + READ_CACHE_SECONDS, generation, value)
    return value


def cached_settings() -> QueueSettings:
    """load_settings(), cached for the booking path (up to READ_CACHE_SECONDS old)."""
    return _cached("settings", load_settings)


def cached_calendar(settings: QueueSettings, start: date) -> Calendar:
    """load_calendar(settings, start)'s calendar, cached for the booking path."""
    return _cached(("calendar", start, settings), lambda: load_calendar(settings, start)[0])


def cached_bookable_dates(now: datetime, settings: QueueSettings) -> frozenset[date]:
    """bookable_dates(now, settings) from the cached calendar, itself cached for the booking path
    (the list changes only with the first bookable day, the settings and the holidays)."""
    start = rules.first_booking_day(now, settings.last_window_end)
    return _cached(("bookable", start, settings),
                   lambda: frozenset(bookable_dates(now, settings, cached_calendar(settings, now.date()))))


# --------------------------------------------------------------------------- service days

def _insert(table):
    """INSERT with ON CONFLICT DO NOTHING support for the bound database."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def default_windows(settings: QueueSettings, quota: int | None = None) -> list[ServiceWindow]:
    """Windows for a new day from the settings (the quota split evenly), as unsaved objects."""
    times = settings.windows()
    quotas = rules.split_quota(settings.daily_quota if quota is None else quota, len(times))
    return [ServiceWindow(starts_at=a, ends_at=b, quota=q, booked=0) for (a, b), q in zip(times, quotas)]


def ensure_days(days: Iterable[date], settings: QueueSettings | None = None) -> None:
    """Create the service days (and their windows) that do not exist yet, from the settings.

    Race-safe: INSERT ... ON CONFLICT DO NOTHING; the windows go in the same transaction as their
    day, so a concurrent request sees a day either with all its windows or not at all.
    """
    wanted = sorted(set(days))
    if not wanted:
        return
    existing = set(db.session.scalars(select(ServiceDay.day).where(ServiceDay.day.in_(wanted))))
    missing = [d for d in wanted if d not in existing]
    if not missing:
        return
    settings = settings or load_settings()
    times = settings.windows()
    quotas = rules.split_quota(settings.daily_quota, len(times))
    # Callers ask for working days; a day that is not one by the holiday table as it is now (a
    # holiday entered a moment ago, while another process still had the old calendar) is created
    # closed, so nobody can book it.
    calendar, names = load_calendar(settings, missing[0], (missing[-1] - missing[0]).days + 1)
    try:
        for day in missing:
            closed = not calendar.is_working_day(day)
            reason = f"{HOLIDAY_REASON}{names.get(day, 'bukan hari kerja')}"[:200] if closed else None
            created = db.session.execute(
                _insert(DAY).values(day=day, quota=settings.daily_quota, closed=closed, closed_reason=reason,
                                    booked=0, issued=0)
                .on_conflict_do_nothing(index_elements=["day"]).returning(DAY.c.day)).first()
            if created is None:
                continue  # made by a concurrent request
            db.session.execute(
                _insert(WINDOW).values([{"day": day, "starts_at": a, "ends_at": b, "quota": q, "booked": 0}
                                        for (a, b), q in zip(times, quotas)])
                .on_conflict_do_nothing(index_elements=["day", "starts_at"]))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


HOLIDAY_REASON = "Hari libur: "


def sync_day_with_holidays(day: date) -> int:
    """Bring an existing service day in line with the holiday table as it is now: a day that is no
    longer a working day is closed ("Hari libur: …", so the bookers' tickets say so and offer a
    move); a day this closed for a holiday that is a working day again (the holiday deleted, moved,
    or its kind changed) is reopened. Days closed by staff for other reasons are left alone.
    Returns how many bookings the closing affects; the caller commits."""
    service_day = db.session.get(ServiceDay, day)
    if service_day is None:
        return 0
    calendar, names = load_calendar(load_settings(), day, 1)
    if not calendar.is_working_day(day):
        if service_day.closed:
            return 0
        service_day.closed = True
        service_day.closed_reason = f"{HOLIDAY_REASON}{names.get(day, 'bukan hari kerja')}"[:200]
        return db.session.scalar(select(func.count()).select_from(QueueBooking).where(
            QueueBooking.day == day, QueueBooking.status == codes.BOOKING_BOOKED)) or 0
    if service_day.closed and (service_day.closed_reason or "").startswith(HOLIDAY_REASON):
        service_day.closed, service_day.closed_reason = False, None
    return 0


@dataclass
class WindowView:
    id: int
    starts_at: time
    ends_at: time
    quota: int
    booked: int
    open: bool

    @property
    def places_left(self) -> int:
        return max(0, self.quota - self.booked) if self.open else 0

    @property
    def label(self) -> str:
        return rules.format_window(self.starts_at, self.ends_at)


@dataclass
class DayView:
    day: date
    state: str
    places_left: int = 0
    quota: int = 0
    holiday_name: str | None = None
    closed_reason: str | None = None
    windows: list[WindowView] = field(default_factory=list)

    @property
    def bookable(self) -> bool:
        return self.state == rules.OPEN


def _day_view(sd: ServiceDay, now: datetime) -> DayView:
    windows = [WindowView(w.id, w.starts_at, w.ends_at, w.quota, w.booked,
                          rules.window_is_open(sd.day, w.ends_at, now)) for w in sd.windows]
    day_left = max(0, sd.quota - sd.booked)
    if windows:
        left = min(day_left, sum(w.places_left for w in windows))
    else:
        left = day_left if rules.window_is_open(sd.day, None, now) else 0
    if sd.closed:
        state = rules.CLOSED
    elif left > 0:
        state = rules.OPEN
    elif windows and not any(w.open for w in windows):
        state = rules.PAST
    else:
        state = rules.FULL
    return DayView(sd.day, state, left if state == rules.OPEN else 0, sd.quota, None, sd.closed_reason, windows)


def overview(now: datetime | None = None) -> list[DayView]:
    """The coming working days with the places left (and the holidays between them)."""
    now = now or office_now()
    settings = load_settings()
    start = rules.first_booking_day(now, settings.last_window_end)
    calendar, names = load_calendar(settings, start)
    listing = rules.coming_days(calendar, start, settings.window_days, names)
    working = [d.day for d in listing if d.working]
    ensure_days(working, settings)
    rows = {sd.day: sd for sd in db.session.scalars(
        select(ServiceDay).where(ServiceDay.day.in_(working)).options(selectinload(ServiceDay.windows)))}
    result = []
    for item in listing:
        if item.working:
            result.append(_day_view(rows[item.day], now))
        else:
            result.append(DayView(item.day, rules.HOLIDAY, holiday_name=item.holiday_name))
    return result


def day_view(day: date, now: datetime | None = None) -> DayView:
    """One day for the booking page; Unavailable when it cannot be booked online."""
    now = now or office_now()
    settings = load_settings()
    if day not in bookable_dates(now, settings):
        raise Unavailable(f"Tanggal {rules.indonesian_date(day)} tidak dapat dipesan: pilih salah satu hari kerja "
                          f"yang tersedia.")
    ensure_days([day], settings)
    sd = db.session.scalar(select(ServiceDay).where(ServiceDay.day == day).options(selectinload(ServiceDay.windows)))
    if sd.closed:
        raise Unavailable(f"Layanan antrean pada {rules.indonesian_date(day)} ditutup"
                          f"{rules.closure_suffix(sd.closed_reason)} Pilih hari lain.")
    return _day_view(sd, now)


def all_choices(now: datetime | None = None, settings: QueueSettings | None = None) -> list[rules.Choice]:
    """Every day and window that can be booked online now, with the places left."""
    now = now or office_now()
    settings = settings or load_settings()
    days = bookable_dates(now, settings)
    ensure_days(days, settings)
    result = []
    for sd in db.session.scalars(select(ServiceDay).where(ServiceDay.day.in_(days))
                                 .options(selectinload(ServiceDay.windows)).order_by(ServiceDay.day)):
        view = _day_view(sd, now)
        if view.state != rules.OPEN:
            continue
        if view.windows:
            day_left = max(0, sd.quota - sd.booked)
            for w in view.windows:
                if w.places_left > 0:
                    result.append(rules.Choice(sd.day, w.id, w.starts_at, w.ends_at, min(w.places_left, day_left)))
        else:
            result.append(rules.Choice(sd.day, None, None, None, view.places_left))
    return result


def free_choices(day: date, starts_at: time | None, now: datetime, settings: QueueSettings | None = None):
    return rules.next_free_choices(all_choices(now, settings), day, starts_at)


# --------------------------------------------------------------------------- lookups

def find_by_code(code: str | None) -> QueueBooking | None:
    code = rules.normalise_code(code)
    if len(code) != rules.CODE_LENGTH:
        return None
    return db.session.scalar(select(QueueBooking).where(QueueBooking.booking_code == code))


def active_booking(job_seeker_id: int) -> QueueBooking | None:
    return db.session.scalar(select(QueueBooking).where(
        QueueBooking.job_seeker_id == job_seeker_id, QueueBooking.status.in_(codes.ACTIVE_BOOKING_STATUSES)))


def _by_key(key: str | None) -> QueueBooking | None:
    if not key:
        return None
    return db.session.scalar(select(QueueBooking).where(QueueBooking.idempotency_key == key))


def registration_for_desk(text: str | None) -> JobSeeker | None:
    """Staff-side lookup (the desk sees the registration anyway) by what the person at the
    counter brings: the registration number from the receipt, the NIK from the KTP (16 digits,
    grouped or not; a NIK can have several registrations over the years, at most one active:
    that one, else an expired card that may be renewed, else the newest) or the number printed on
    the card."""
    text = (text or "").strip()
    if not text:
        return None
    nik = nik_rules.normalise_typed(text)
    if nik is not None:
        return db.session.scalar(select(JobSeeker).where(JobSeeker.nik == nik).order_by(
            JobSeeker.status.in_(codes.ACTIVE_JOB_SEEKER_STATUSES).desc(),
            JobSeeker.status.in_(codes.QUEUE_JOB_SEEKER_STATUSES).desc(), JobSeeker.registered_on.desc(),
            JobSeeker.id.desc()).limit(1))
    card = card_rules.normalise_card_number(text)
    if card is not None:
        return db.session.scalar(select(JobSeeker).where(JobSeeker.card_number == card))
    number = registration_number_rules.normalise(text)
    return db.session.scalar(select(JobSeeker).where(func.upper(JobSeeker.registration_number) == number))


_JS = JobSeeker.__table__
_FIND_REGISTRATION = select(_JS.c.id, _JS.c.status).where(_JS.c.registration_number == bindparam("n"),
                                                         _JS.c.birth_date == bindparam("b"))


def find_registration(number: str | None, birth_date: date | None):
    """The registration for a number and date of birth (both must match): (id, status) row.

    Numbers are issued in upper case, so the unique index answers the exact match; only when it
    finds nothing does the case-insensitive (scanning) lookup of services.registration run."""
    number = registration_number_rules.normalise(number)
    if not number or birth_date is None:
        return None
    row = _core(_FIND_REGISTRATION, {"n": number, "b": birth_date}).first()
    if row is not None:
        return row
    from services import registration

    return registration.lookup(number, birth_date)


def already_booked_message(booking: QueueBooking) -> str:
    return (f"Anda sudah memiliki antrean aktif pada {rules.indonesian_date(booking.day)}, nomor "
            f"{rules.format_number(booking.queue_number)}. Satu orang hanya dapat memiliki satu antrean aktif; "
            f"untuk memindahkan atau membatalkannya gunakan kode pemesanan Anda.")


# --------------------------------------------------------------------------- transactions

def _core(statement, params: dict):
    """Run one of the booking path's prebuilt Core statements on the session's connection, in its
    transaction (Session.execute would add ORM bookkeeping these statements do not use)."""
    return db.session.connection().execute(statement, params)


def _retryable(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in RETRYABLE_SQLSTATES


def _take_day_place(day: date) -> int | None:
    """Conditional increment of the day's counters; the new queue number, or None when the day is
    full or closed."""
    return _core(_TAKE_DAY, {"d": day}).scalar()


def _take_window_place(window_id: int) -> bool:
    result = db.session.execute(update(WINDOW).where(WINDOW.c.id == window_id, WINDOW.c.booked < WINDOW.c.quota)
                                .values(booked=WINDOW.c.booked + 1))
    return result.rowcount == 1


def _give_back_day(day: date) -> None:
    db.session.execute(update(DAY).where(DAY.c.day == day).values(booked=DAY.c.booked - 1))


def _give_back_window(window_id: int | None) -> None:
    if window_id is not None:
        db.session.execute(update(WINDOW).where(WINDOW.c.id == window_id).values(booked=WINDOW.c.booked - 1))


def _day_full_error(day: date, now: datetime, settings: QueueSettings) -> QueueError:
    sd = db.session.get(ServiceDay, day, populate_existing=True)
    when = rules.indonesian_date(day)
    choices = free_choices(day, None, now, settings)
    if sd is not None and sd.closed:
        return Unavailable(f"Layanan antrean pada {when} ditutup{rules.closure_suffix(sd.closed_reason)}", choices)
    return Full(f"Maaf, kuota antrean {when} sudah penuh.", choices, day_full=True)


def _window_full_error(day: date, window: ServiceWindow | None, now: datetime, settings: QueueSettings,
                       any_window: bool) -> QueueError:
    when = rules.indonesian_date(day)
    if any_window or window is None:
        return Full(f"Maaf, kuota antrean {when} sudah penuh.", free_choices(day, None, now, settings),
                    day_full=True)
    return Full(f"Maaf, sesi {rules.format_window(window.starts_at, window.ends_at)} pada {when} sudah penuh.",
                free_choices(day, window.starts_at, now, settings), day_full=False)


def _existing_for(js_id: int, key: str | None) -> QueueBooking | None:
    """After a failed attempt: the booking this same form already made (returned), or the
    person's other active booking (AlreadyBooked), or None. A booking of a day already past that
    was left open (nobody marked it) is closed here, so it never keeps the person out of the queue;
    the caller's next attempt then succeeds."""
    existing = _by_key(key)
    if existing is not None:
        if existing.job_seeker_id != js_id:
            raise QueueError(FORM_USED)
        return existing
    active = active_booking(js_id)
    if active is not None and key and active.idempotency_key == key:
        return active  # this same form's booking, committed by a concurrent submit just after the lookup by key
    if active is not None and active.day < office_now().date():
        close_past_bookings(job_seeker_id=js_id)
        return None
    if active is not None:
        raise AlreadyBooked(already_booked_message(active), active)
    return None


def close_past_bookings(today: date | None = None, job_seeker_id: int | None = None) -> int:
    """Close the bookings of days already past that the desk left open: booked ones as "tidak
    hadir", people who were checked in or called as "selesai" (they came; the desk did not press
    Selesai), each with an audit entry saying so; run daily (`flask queue close-past`) and for one
    person when they book again. Returns how many."""
    today = today or office_now().date()
    stmt = select(BOOKING.c.id, BOOKING.c.status).where(
        BOOKING.c.day < today, BOOKING.c.status.in_(codes.ACTIVE_BOOKING_STATUSES))
    if job_seeker_id is not None:
        stmt = stmt.where(BOOKING.c.job_seeker_id == job_seeker_id)
    rows = db.session.execute(stmt).all()
    db.session.rollback()
    closed = 0
    for booking_id, old_status in rows:
        def step(booking_id=booking_id, old_status=old_status) -> bool:
            came = old_status != codes.BOOKING_BOOKED
            if not _set_status(booking_id, (old_status,), finished_at=utcnow(),
                               status=codes.BOOKING_SERVED if came else codes.BOOKING_NO_SHOW):
                return False  # changed meanwhile
            audit.record(audit.UPDATE, "QueueBooking", booking_id, "ditutup otomatis karena tanggalnya sudah lewat "
                         f"(sebelumnya: {codes.BOOKING_STATUS.get(old_status, old_status).lower()})")
            return True

        closed += bool(_run(step))
    return closed


def _take_window_online(day: date, window_id: int | None, now: datetime) -> int | None:
    """Take a place in the chosen window, or in the earliest window with a place (None), among
    the windows that have not ended; the window id, or None. One statement, so the choice and
    the increment cannot be separated (and the caller already holds the day row's lock)."""
    return _core(*_window_place_statement(day, window_id, now)).scalar()


def _window_place_statement(day: date, window_id: int | None, now: datetime) -> tuple:
    """The statement (and its parameters) that takes a window's place for _take_window_online."""
    chosen, earliest = _TAKE_WINDOW[day == now.date()]
    if window_id is not None:
        return chosen, {"d": day, "t": now.time(), "w": window_id}
    return earliest, {"d": day, "t": now.time()}


def _book_on_own_connection(day: date, window_id: int | None, now: datetime, values: dict, entry: dict,
                            by_number: tuple[str, date] | None = None) -> int | None:
    """The common case of an online booking, committed on a pooled connection of its own, outside
    the ORM session (no unit-of-work bookkeeping while the lock is held): the day's place, the
    window's place, the booking and its audit entry. The booking's id, or None when this found
    nothing booked (nothing written, but see the dead connection below; the caller's step-by-step
    path then works out why). A UNIQUE
    violation (the person's other booking, a repeated form) propagates as IntegrityError, with
    nothing written. With `by_number` (registration number, date of birth) the person is looked
    up on the same connection, among the active registrations (quick_book); otherwise
    values["job_seeker_id"] is the person.

    PostgreSQL: one statement on a connection of the autocommit pool (_one_statement_booking,
    app.configure_database), so the day row is locked only while the server runs and commits it.
    A connection found dead gives None even if the server had committed the statement: the
    caller then books with the same idempotency key, which finds that booking (the public
    booking form always sends a key; a caller without one would be told the person already has a
    booking). SQLite: the four statements back to back in one transaction, on a DBAPI cursor
    (_DriverCursor), so the database's write lock is held from the first UPDATE to the end of the
    commit with no SQLAlchemy Connection work in between."""
    today = day == now.date()
    # This request holds one pooled connection at a time: a thread holding the session's
    # connection while it waits for a second one could exhaust a threaded server's pool. The
    # session has only read here (the registration, the settings), so ending its transaction
    # loses nothing.
    sessions = db.session.registry
    if sessions.has() and sessions().in_transaction():  # (asking creates no session when there is none)
        db.session.commit()
    if AUTOCOMMIT_BIND in db.engines:  # PostgreSQL: one statement, committed by the server as it ends
        params = {**values, **entry, "d": day, "w": window_id, "t": now.time()}
        if by_number is not None:
            params["n"], params["b"] = by_number
        pool = db.engines[AUTOCOMMIT_BIND]
        sql = _one_statement_sql((window_id is not None, today, by_number is not None), pool.dialect)
        try:
            with _DriverCursor(pool) as cursor:
                return cursor.run_sql(sql, params)[0][2]
        except DataError as exc:
            if getattr(exc.orig, "sqlstate", None) != DIVISION_BY_ZERO:
                raise
            return None  # its guard: the window filled up meanwhile; nothing was written
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            # The pooled connection was dead (the server restarted; this pool checks a connection
            # only by using it) and SQLAlchemy has dropped the pool's connections. Whether the
            # statement ran is not known, so nothing is claimed: the caller books with the same
            # idempotency key, whose UNIQUE index finds a booking committed just before.
            return None
    with _DriverCursor(db.engine) as cursor:
        if by_number is not None:  # a read: pysqlite begins the transaction at the first write below
            person = cursor.run(_FIND_REGISTRATION, {"n": by_number[0], "b": by_number[1]})
            if not person or person[0][1] not in codes.ACTIVE_JOB_SEEKER_STATUSES:
                return None
            values = {**values, "job_seeker_id": person[0][0]}
        taken = cursor.run(_TAKE_DAY, {"d": day})  # the write lock from here to the commit
        taken_window = cursor.run(*_window_place_statement(day, window_id, now)) if taken else None
        if not taken or not taken_window:
            cursor.rollback()  # the day's place, if it was taken
            return None
        row = {**values, "window_id": taken_window[0][0], "queue_number": taken[0][0]}
        booking_id = cursor.run(_INSERT_BOOKING, row, _BOOKING_KEYS)[0][0]
        cursor.run(_INSERT_AUDIT, {**entry, "object_id": str(booking_id)}, _AUDIT_KEYS)
        cursor.commit()
        return booking_id


class _DriverCursor:
    """A DBAPI cursor of a pooled connection of `engine`, for the booking's own transaction:
    statements run without SQLAlchemy's Connection and result objects (in py-spy's profile of a
    booking, their work was about two thirds of these statements' time on SQLite, where the
    database's write lock is held meanwhile, and a tenth of the request on PostgreSQL). Errors come
    out as SQLAlchemy raises them (DBAPIError.instance: IntegrityError for a UNIQUE violation,
    DataError for the one-statement guard's division by zero, OperationalError for a deadlock or
    a lock wait that timed out); a connection found dead is dropped with every idle connection
    of the pool (the server has restarted) and the error says connection_invalidated, as
    SQLAlchemy's own handling does. Leaving the block returns the connection to the pool, which
    rolls back whatever was not committed (but for the autocommit pool, where nothing is open).

        with _DriverCursor(engine) as cursor:
            rows = cursor.run(_TAKE_DAY, {"d": day})
    """

    def __init__(self, engine):
        self.engine, self.dialect = engine, engine.dialect
        self.connection = self.cursor = self.sql = None

    def __enter__(self) -> _DriverCursor:
        self.connection = self.engine.raw_connection()
        self.cursor = self.connection.cursor()
        return self

    def run(self, statement, params: dict, column_keys: tuple[str, ...] | None = None) -> list[tuple]:
        """A prebuilt Core statement (compiled once per dialect and column keys) with its
        parameters converted by the column types' own bind processors: the values SQLAlchemy
        itself would send (on SQLite, dates and times as its ISO text). All its rows."""
        compiled = _compiled_for_driver(statement, self.dialect, column_keys)
        return self.run_sql(compiled.sql, compiled.arguments(params))

    def run_sql(self, sql: str, arguments) -> list[tuple]:
        """SQL already compiled for this driver, with the driver's own parameters."""
        self.sql = sql
        self.cursor.execute(sql, arguments)
        return self.cursor.fetchall() if self.cursor.description is not None else []

    def commit(self) -> None:
        self.sql = "COMMIT"
        self.connection.commit()

    def rollback(self) -> None:
        self.sql = "ROLLBACK"
        self.connection.rollback()

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc is not None and isinstance(exc, self.dialect.loaded_dbapi.Error):
                dead = self.dialect.is_disconnect(exc, self.connection.dbapi_connection, self.cursor)
                if dead:
                    self.connection.invalidate(exc)
                    self.engine.dispose(close=True)  # the pool's other connections went with the server
                error = DBAPIError.instance(self.sql, None, exc, self.dialect.loaded_dbapi.Error,
                                            connection_invalidated=dead, dialect=self.dialect)
                cut_values(exc, error)  # as for every error SQLAlchemy raises (db_errors)
                raise error from exc
        finally:
            try:
                if self.connection.is_valid:
                    self.cursor.close()
            finally:
                self.connection.close()  # back to the pool (a dropped connection is not)


_CONSTANT = object()


@dataclass(frozen=True)
class _DriverStatement:
    sql: str
    # (parameter name, bind processor or None, the driver's value for a constant such as the 1 of
    # "booked + 1" or _CONSTANT for a parameter given at each run), in the SQL's order
    binds: tuple[tuple[str, object, object], ...]
    positional: bool

    def arguments(self, params: dict):
        values = [constant if constant is not _CONSTANT else params[name] if process is None else process(params[name])
                  for name, process, constant in self.binds]
        return values if self.positional else dict(zip((name for name, _, _ in self.binds), values))


_DRIVER_STATEMENTS: dict = {}


def _compiled_for_driver(statement, dialect, column_keys: tuple[str, ...] | None) -> _DriverStatement:
    key = (statement, dialect.name, dialect.driver, column_keys)
    found = _DRIVER_STATEMENTS.get(key)
    if found is None:
        compiled = statement.compile(dialect=dialect, column_keys=list(column_keys) if column_keys else None)
        names = compiled.positiontup if compiled.positional else list(dict.fromkeys(compiled.binds))
        binds = []
        for name in names:
            bind = compiled.binds[name]
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if bind.required:  # given at each run
                binds.append((name, process, _CONSTANT))
            else:
                binds.append((name, None, bind.effective_value if process is None else process(bind.effective_value)))
        binds = tuple(binds)
        found = _DRIVER_STATEMENTS[key] = _DriverStatement(str(compiled), binds, compiled.positional)
    return found


def _booking_row(js_id: int | None, day: date, key: str | None, walk_in: bool) -> dict:
    """The new booking's columns, but for its window and number (taken in the transaction)."""
    stamp = utcnow()
    return {"job_seeker_id": js_id, "day": day, "idempotency_key": key, "is_walk_in": walk_in,
            "status": codes.BOOKING_CHECKED_IN if walk_in else codes.BOOKING_BOOKED,
            "checked_in_at": stamp if walk_in else None, "created_at": stamp,
            "booking_code": rules.new_booking_code()}


def quick_book(number: str | None, birth_date: date | None, day: date, window_id: int | None, *, key: str,
               now: datetime | None = None) -> int | None:
    """A citizen's online booking by registration number and date of birth, in its most common
    case, in one go: the person is looked up and the place booked on one pooled connection
    (PostgreSQL: one statement on the autocommit pool). The booking's id, or None
    whenever anything is out of the ordinary: an unknown or inactive registration, a day that
    cannot be booked or has no service day yet, no place, the person's other booking, a form
    already used, a deadlock or serialization failure. Nothing is written then, and the caller
    takes the full path (find the registration, reserve()), which books after all (retrying where
    it may) or says why not, at the field. Only exactly what reserve() would book is booked."""
    number = registration_number_rules.normalise(number)
    if not number or birth_date is None:
        return None
    now = now or office_now()
    settings = cached_settings()
    if day not in cached_bookable_dates(now, settings):
        return None
    values = _booking_row(None, day, key, walk_in=False)
    entry = _audit_entry(audit.CREATE, ONLINE_BOOKING_SUMMARY)
    try:
        return _book_on_own_connection(day, window_id, now, values, entry, by_number=(number, birth_date))
    except IntegrityError:  # the person's other booking, a form already used, a code collision
        return None
    except DBAPIError as exc:
        if _retryable(exc):  # the full path retries
            return None
        raise


def _windows_of(day: date):
    return db.session.execute(select(WINDOW.c.id, WINDOW.c.starts_at, WINDOW.c.ends_at, WINDOW.c.quota,
                                     WINDOW.c.booked).where(WINDOW.c.day == day).order_by(WINDOW.c.starts_at)).all()


def _walk_in_candidates(windows, window_id: int | None, now: datetime) -> list[int]:
    if window_id is not None:
        return [window_id] if any(w.id == window_id for w in windows) else []
    return rules.walk_in_window_order([(w.id, w.starts_at, w.ends_at) for w in windows], now.time())


def book(js, day: date, window_id: int | None = None, **kwargs) -> QueueBooking:
    """reserve() and return the booking."""
    return db.session.get(QueueBooking, reserve(js, day, window_id, **kwargs))


def reserve(js, day: date, window_id: int | None = None, *, key: str | None = None,
            now: datetime | None = None, walk_in: bool = False, user=None,
            settings: QueueSettings | None = None) -> int:
    """Take a place on `day` in the given window (None: the earliest window with a place); the
    booking's id.

    `js` is a JobSeeker (or any row with its `id` and `status`). Online bookings are limited to
    the bookable days and to windows that have not ended; a walk-in (the person is at the
    office, checked in at once) may take any place left today. The same `key` (the form's hidden
    idempotency key) always gives back the same booking.

    The successful path reads only the settings and the holidays (cached per process, see
    READ_CACHE_SECONDS), then writes: the day's counter, the window's counter, the booking and its
    audit entry, in one transaction (online: on a connection of its own, on PostgreSQL in one
    statement). Why an attempt failed is worked out afterwards (full, closed, ended, already
    booked, a repeated form). Like every change here, it commits the session: an online booking
    commits it before its own transaction, so the caller must not have anything pending in it.
    """
    now = now or office_now()
    js_id = js.id
    check_eligible(js)
    settings = settings or cached_settings()
    calendar = cached_calendar(settings, min(day, now.date()))
    if walk_in:
        if day != now.date():
            raise Unavailable("Nomor antrean datang langsung hanya untuk hari ini.")
        may_create = calendar.is_working_day(day)
        windows = _windows_of(day)
        candidates = _walk_in_candidates(windows, window_id, now)
    else:
        if day not in bookable_dates(now, settings, calendar):
            existing = _existing_for(js_id, key)
            if existing is not None:
                return existing.id
            raise Unavailable(f"Tanggal {rules.indonesian_date(day)} tidak dapat dipesan.",
                              free_choices(day, None, now, settings))
        may_create = True
    created = False
    # Everything the transaction writes is prepared before its first statement: the database
    # write lock (SQLite) or the day row's lock (PostgreSQL) is held for as short a time as possible.
    values = _booking_row(js_id, day, key, walk_in)
    entry = _audit_entry(audit.CREATE, "antrean datang langsung" if walk_in else ONLINE_BOOKING_SUMMARY, user)
    # Online: first the common case on a connection of its own (_book_on_own_connection); when
    # that books nothing, the step-by-step statements below take over in the session (and work out
    # why, or book after all).
    fast = not walk_in
    for attempt in range(ATTEMPTS):
        values["booking_code"] = rules.new_booking_code()
        try:
            if fast:
                fast = False
                booking_id = _book_on_own_connection(day, window_id, now, values, entry)
                if booking_id is not None:
                    return booking_id
            number = _take_day_place(day)
            if number is None:
                db.session.rollback()
                existing = _existing_for(js_id, key)
                if existing is not None:
                    return existing.id
                current = db.session.get(ServiceDay, day, populate_existing=True)
                retry = (current is not None and not current.closed and current.booked < current.quota
                         and attempt < ATTEMPTS - 1)  # created, or a place freed, just after our attempt
                if current is None and may_create and not created:
                    ensure_days([day])  # the first booking of a day nobody has looked at yet (fresh settings)
                    created = retry = True
                if retry:
                    if walk_in and not windows:
                        windows = _windows_of(day)
                        candidates = _walk_in_candidates(windows, window_id, now)
                    continue
                if current is None:
                    raise Unavailable(f"Tidak ada layanan antrean pada {rules.indonesian_date(day)}.")
                raise _day_full_error(day, now, settings)
            if walk_in:
                chosen = next((wid for wid in candidates if _take_window_place(wid)), None)
                failed = chosen is None and bool(windows)
            else:
                chosen = _take_window_online(day, window_id, now)
                failed = chosen is None and (window_id is not None or bool(_windows_of(day)))
            if failed:
                windows_now = _windows_of(day)
                db.session.rollback()
                existing = _existing_for(js_id, key)
                if existing is not None:
                    return existing.id
                raise _no_window_error(day, window_id, windows_now, now, settings, walk_in)
            values["window_id"], values["queue_number"] = chosen, number
            booking_id = _core(_INSERT_BOOKING, values).scalar()
            entry["object_id"] = str(booking_id)
            _core(_INSERT_AUDIT, entry)
            db.session.commit()
            return booking_id
        except IntegrityError:
            db.session.rollback()
            existing = _existing_for(js_id, key)  # a repeated form, or the person's other booking
            if existing is not None:
                return existing.id
            # otherwise a booking code collided (about 1 in 10^11): try again with a new one
        except DBAPIError as exc:
            db.session.rollback()
            if not _retryable(exc) or attempt == ATTEMPTS - 1:
                raise
    raise RuntimeError("booking failed after retries")


def _audit_entry(action: str, summary: str, user=None) -> dict:
    """The row audit.record() writes, for a Core INSERT inside the booking transaction (no ORM
    unit of work while the lock is held); same actor and address rules as audit.record()."""
    actor = user if user is not None else _request_actor()
    return {"at": utcnow(), "action": action, "object_type": "QueueBooking", "object_id": None,
            "summary": summary[:500], "user_id": getattr(actor, "id", None),
            "username": getattr(actor, "username", None), "ip": request.remote_addr if has_request_context() else None}


def _request_actor():
    """The logged-in staff member behind this request, or None (as audit.record() decides it).

    A citizen's request carries neither Flask-Login's key in the session nor its remember cookie
    (this app registers no request or header loader), so the user loader is not run for it: it
    would only hash the address and browser for session protection and return the anonymous user."""
    if not has_request_context():
        return None
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE)
    if "_user_id" not in session and remember not in request.cookies:
        return None
    return current_user if current_user.is_authenticated else None


def _no_window_error(day: date, window_id: int | None, windows, now: datetime, settings: QueueSettings,
                     walk_in: bool) -> QueueError:
    when = rules.indonesian_date(day)
    if window_id is not None:
        wanted = next((w for w in windows if w.id == window_id), None)
        if wanted is None:
            return Unavailable("Sesi yang dipilih tidak ada pada hari ini.", free_choices(day, None, now, settings))
        label = rules.format_window(wanted.starts_at, wanted.ends_at)
        if not walk_in and not rules.window_is_open(day, wanted.ends_at, now):
            return Unavailable(f"Sesi {label} sudah berakhir.", free_choices(day, None, now, settings))
        return Full(f"Maaf, sesi {label} pada {when} sudah penuh.", free_choices(day, wanted.starts_at, now, settings),
                    day_full=False)
    if not walk_in and not any(rules.window_is_open(day, w.ends_at, now) for w in windows):
        return Unavailable(f"Semua sesi pada {when} sudah berakhir.", free_choices(day, None, now, settings))
    return Full(f"Maaf, kuota antrean {when} sudah penuh.", free_choices(day, None, now, settings), day_full=True)


def _run(step, attempts: int = ATTEMPTS):
    """Run a write transaction, retrying deadlocks/serialization failures (PostgreSQL)."""
    for attempt in range(attempts):
        try:
            result = step()
            db.session.commit()
            return result
        except DBAPIError as exc:
            db.session.rollback()
            if not _retryable(exc) or attempt == attempts - 1:
                raise
        except Exception:
            db.session.rollback()
            raise
    raise RuntimeError("unreachable")


def _set_status(booking_id: int, from_statuses, **values) -> bool:
    result = db.session.execute(update(BOOKING).where(BOOKING.c.id == booking_id, BOOKING.c.status.in_(from_statuses))
                                .values(**values))
    return result.rowcount == 1


def _release(booking: QueueBooking, from_statuses, note: str, user=None, **values) -> None:
    """Give the booking's place back and set its new status, exactly once."""
    day, window_id, booking_id = booking.day, booking.window_id, booking.id
    db.session.rollback()

    def step():
        _give_back_day(day)
        _give_back_window(window_id)
        if not _set_status(booking_id, from_statuses, **values):
            raise StaleState(STALE)
        audit.record(audit.UPDATE if user is None else audit.ACTION, "QueueBooking", booking_id, note, user=user)

    try:
        _run(step)
    except (IntegrityError, StaleState):
        raise _changed_meanwhile(booking_id) from None


def _changed_meanwhile(booking_id: int) -> QueueError:
    """The same change sent twice at once (a double tap on Batalkan or Pindahkan, two desks): the
    second finds the booking changed (its conditional update matches nothing), or its give-back
    would take a count below zero (CHECK booked >= 0) when the first gave the last place back;
    nothing of it is written. What the person is told: the booking's state as it is now."""
    db.session.rollback()
    current = db.session.get(QueueBooking, booking_id, populate_existing=True)
    return _status_error(current) if current is not None else QueueError(STALE)


def _status_error(booking: QueueBooking) -> QueueError:
    messages = {
        codes.BOOKING_CANCELLED: "Pemesanan ini sudah dibatalkan.",
        codes.BOOKING_CHECKED_IN: "Anda sudah tercatat hadir; pemesanan tidak dapat diubah lagi.",
        codes.BOOKING_CALLED: "Nomor ini sudah dipanggil; pemesanan tidak dapat diubah lagi.",
        codes.BOOKING_SERVED: "Pemesanan ini sudah selesai dilayani.",
        codes.BOOKING_NO_SHOW: "Pemesanan ini tercatat tidak hadir.",
    }
    return QueueError(messages.get(booking.status, STALE))


def cancel(booking: QueueBooking, now: datetime | None = None) -> None:
    """The person cancels: the place returns to the day and the window."""
    now = now or office_now()
    if booking.status != codes.BOOKING_BOOKED:
        raise _status_error(booking)
    if booking.day < now.date():
        raise QueueError("Tanggal pemesanan ini sudah lewat.")
    _release(booking, (codes.BOOKING_BOOKED,), "dibatalkan oleh pendaftar", status=codes.BOOKING_CANCELLED,
             finished_at=utcnow())


def move(booking: QueueBooking, new_day: date, new_window_id: int | None, now: datetime | None = None) -> QueueBooking:
    """Move a booking to another day and/or window in one transaction: the new place is taken
    and the old one given back, or nothing changes. The booking code stays the same."""
    now = now or office_now()
    if booking.status != codes.BOOKING_BOOKED:
        raise _status_error(booking)
    if booking.day < now.date():
        raise QueueError("Tanggal pemesanan ini sudah lewat.")
    old_day, old_window, booking_id, number = booking.day, booking.window_id, booking.id, booking.queue_number
    if new_day == old_day and new_window_id == old_window:
        return booking
    settings = load_settings()
    if new_day not in bookable_dates(now, settings):
        raise Unavailable(f"Tanggal {rules.indonesian_date(new_day)} tidak dapat dipesan.")
    ensure_days([new_day], settings)
    sd = db.session.scalar(select(ServiceDay).where(ServiceDay.day == new_day)
                           .options(selectinload(ServiceDay.windows)))
    if sd.closed:
        raise _day_full_error(new_day, now, settings)
    windows = {w.id: w for w in sd.windows}
    if windows:
        target = windows.get(new_window_id)
        if target is None:
            raise Unavailable("Pilih salah satu sesi pada hari tersebut.")
        if not rules.window_is_open(new_day, target.ends_at, now):
            raise Unavailable(f"Sesi {rules.format_window(target.starts_at, target.ends_at)} sudah berakhir.")
    else:
        target, new_window_id = None, None
    db.session.rollback()

    def step():
        new_number = number
        for day in sorted({old_day, new_day}):  # days in date order, then windows by id
            if day == old_day == new_day:
                continue
            if day == new_day:
                new_number = _take_day_place(new_day)
                if new_number is None:
                    raise _NoPlace("day")
            else:
                _give_back_day(old_day)
        for wid in sorted(w for w in {old_window, new_window_id} if w is not None):
            if wid == new_window_id:
                if not _take_window_place(wid):
                    raise _NoPlace("window")
            else:
                _give_back_window(wid)
        result = db.session.execute(
            update(BOOKING).where(BOOKING.c.id == booking_id, BOOKING.c.status == codes.BOOKING_BOOKED,
                                  BOOKING.c.day == old_day,
                                  BOOKING.c.window_id.is_(None) if old_window is None
                                  else BOOKING.c.window_id == old_window)
            .values(day=new_day, window_id=new_window_id, queue_number=new_number))
        if result.rowcount != 1:
            raise StaleState(STALE)
        audit.record(audit.UPDATE, "QueueBooking", booking_id, "dipindahkan oleh pendaftar")

    try:
        _run(step)
    except (IntegrityError, StaleState):
        raise _changed_meanwhile(booking_id) from None
    except _NoPlace as exc:  # the transaction is rolled back; only now look for alternatives
        if exc.what == "day":
            raise _day_full_error(new_day, now, settings) from None
        raise _window_full_error(new_day, target, now, settings, any_window=False) from None
    return db.session.get(QueueBooking, booking_id, populate_existing=True)


# --------------------------------------------------------------------------- the queue desk

def check_in(booking: QueueBooking | None, user, now: datetime | None = None) -> QueueBooking:
    now = now or office_now()
    if booking is None:
        raise QueueError("Kode pemesanan tidak ditemukan. Periksa kembali kodenya.")
    if booking.day != now.date():
        message = f"Pemesanan ini untuk {rules.indonesian_date(booking.day)}, bukan hari ini."
        if booking.day > now.date() and booking.status == codes.BOOKING_BOOKED:
            raise LaterBooking(message, booking)
        raise QueueError(message)
    if booking.status != codes.BOOKING_BOOKED:
        if booking.status == codes.BOOKING_CHECKED_IN:
            raise QueueError(f"Nomor {rules.format_number(booking.queue_number)} sudah tercatat hadir.")
        if booking.status in (codes.BOOKING_NO_SHOW, codes.BOOKING_CANCELLED):
            # the place went back to the quota; someone who came after all gets a new number
            ended = f"Nomor {rules.format_number(booking.queue_number)}: {booking.status_label.lower()}."
            current = db.session.scalar(select(QueueBooking).where(
                QueueBooking.job_seeker_id == booking.job_seeker_id, QueueBooking.day == booking.day,
                QueueBooking.status.in_(codes.ACTIVE_BOOKING_STATUSES)))
            if current is not None:
                raise QueueError(f"{ended} Orang ini sudah mendapat nomor {rules.format_number(current.queue_number)} "
                                 f"hari ini ({current.status_label.lower()}).")
            raise NeedsNewNumber(f"{ended} Bila orangnya ada di kantor, beri nomor baru lewat Datang langsung.",
                                 booking)
        raise QueueError(f"Nomor {rules.format_number(booking.queue_number)}: {booking.status_label.lower()}.")
    booking_id = booking.id
    db.session.rollback()

    def step():
        if not _set_status(booking_id, (codes.BOOKING_BOOKED,), status=codes.BOOKING_CHECKED_IN,
                           checked_in_at=utcnow()):
            raise StaleState(STALE)
        audit.record(audit.ACTION, "QueueBooking", booking_id, "tercatat hadir", user=user)

    _run(step)
    return db.session.get(QueueBooking, booking_id, populate_existing=True)


def _serving_order(stmt):
    return stmt.outerjoin(ServiceWindow, QueueBooking.window_id == ServiceWindow.id).order_by(
        case((ServiceWindow.starts_at.is_(None), 1), else_=0), ServiceWindow.starts_at, QueueBooking.queue_number)


def call_next(user, now: datetime | None = None, key: str | None = None) -> QueueBooking | None:
    """Call the first checked-in person in serving order; two desks pressing at once call two
    different people (the status update is conditional). `key`, the desk form's one-time key, is
    kept on the booking called: the same form sent again (a double click, a resend) gives back
    the person it called instead of calling another (its UNIQUE index decides between two sent
    at once)."""
    now = now or office_now()
    if key and (already := _called_with(key)) is not None:
        if already.status == codes.BOOKING_CALLED and already.day == now.date():
            return already  # the same press sent again: that person is being called
        raise QueueError(f"Formulir ini sudah dipakai memanggil nomor {rules.format_number(already.queue_number)} "
                         f"({already.status_label.lower()}). Tekan Panggil berikutnya sekali lagi untuk memanggil "
                         "orang berikutnya.")  # an old page sent again (back button): nobody is called
    for _ in range(10):
        ids = list(db.session.scalars(_serving_order(select(QueueBooking.id).where(
            QueueBooking.day == now.date(), QueueBooking.status == codes.BOOKING_CHECKED_IN)).limit(5)))
        if not ids:
            db.session.rollback()
            return None
        db.session.rollback()
        for booking_id in ids:
            def step(booking_id=booking_id):
                if not _set_status(booking_id, (codes.BOOKING_CHECKED_IN,), status=codes.BOOKING_CALLED,
                                   called_at=utcnow(), served_by_id=user.id, call_key=key or None):
                    return False
                audit.record(audit.ACTION, "QueueBooking", booking_id, "dipanggil", user=user)
                return True

            try:
                called = _run(step)
            except IntegrityError:  # the same form, sent at the same moment, called someone just now
                db.session.rollback()
                already = _called_with(key) if key else None
                if already is None:
                    raise
                return already
            if called:
                return db.session.get(QueueBooking, booking_id, populate_existing=True)
    return None


def _called_with(key: str) -> QueueBooking | None:
    return db.session.scalar(select(QueueBooking).where(QueueBooking.call_key == key))


def _desk_booking(booking_id, now: datetime) -> QueueBooking:
    booking = db.session.get(QueueBooking, booking_id, populate_existing=True)
    if booking is None:
        raise QueueError("Pemesanan tidak ditemukan.")
    if booking.day != now.date():
        raise QueueError(f"Pemesanan ini untuk {rules.indonesian_date(booking.day)}, bukan hari ini.")
    return booking


def recall(booking_id: int, user, now: datetime | None = None) -> QueueBooking:
    now = now or office_now()
    booking = _desk_booking(booking_id, now)
    if booking.status != codes.BOOKING_CALLED:
        raise QueueError(f"Nomor {rules.format_number(booking.queue_number)} sedang tidak dipanggil.")
    db.session.rollback()

    def step():
        if not _set_status(booking_id, (codes.BOOKING_CALLED,), called_at=utcnow(), served_by_id=user.id):
            raise StaleState(STALE)
        audit.record(audit.ACTION, "QueueBooking", booking_id, "dipanggil ulang", user=user)

    _run(step)
    return db.session.get(QueueBooking, booking_id, populate_existing=True)


def mark_served(booking_id: int, user, now: datetime | None = None) -> QueueBooking:
    now = now or office_now()
    booking = _desk_booking(booking_id, now)
    if booking.status not in (codes.BOOKING_CALLED, codes.BOOKING_CHECKED_IN):
        raise QueueError(f"Nomor {rules.format_number(booking.queue_number)} belum hadir atau sudah selesai.")
    db.session.rollback()

    def step():
        stamp = utcnow()
        if not _set_status(booking_id, (codes.BOOKING_CALLED, codes.BOOKING_CHECKED_IN), status=codes.BOOKING_SERVED,
                           finished_at=stamp, served_by_id=user.id):
            raise StaleState(STALE)
        db.session.execute(update(BOOKING).where(BOOKING.c.id == booking_id, BOOKING.c.called_at.is_(None))
                           .values(called_at=stamp))
        audit.record(audit.ACTION, "QueueBooking", booking_id, "selesai dilayani", user=user)

    _run(step)
    return db.session.get(QueueBooking, booking_id, populate_existing=True)


def mark_no_show(booking_id: int, user, now: datetime | None = None) -> QueueBooking:
    """Not there when called (or not come at all): the place goes back to today's quota, so a
    walk-in can take it."""
    now = now or office_now()
    booking = _desk_booking(booking_id, now)
    if booking.status not in (codes.BOOKING_BOOKED, codes.BOOKING_CHECKED_IN, codes.BOOKING_CALLED):
        raise QueueError(f"Nomor {rules.format_number(booking.queue_number)} sudah {booking.status_label.lower()}.")
    window = booking.window
    if not rules.may_mark_absent(booking.status != codes.BOOKING_BOOKED, window.ends_at if window else None, now):
        raise QueueError(f"Nomor {rules.format_number(booking.queue_number)} memesan sesi "
                         f"{rules.format_window(window.starts_at, window.ends_at)}, yang belum berakhir: catat tidak "
                         f"hadir setelah sesinya selesai (bila orangnya datang, catat hadir).")
    _release(booking, codes.ACTIVE_BOOKING_STATUSES, "tidak hadir", user=user, status=codes.BOOKING_NO_SHOW,
             finished_at=utcnow())
    return db.session.get(QueueBooking, booking_id, populate_existing=True)


def walk_in(registration_number: str, user, *, key: str | None, window_id: int | None = None,
            now: datetime | None = None) -> QueueBooking:
    """A person at the office without a booking gets today's next number while places remain."""
    now = now or office_now()
    js = registration_for_desk(registration_number)
    if js is None:
        raise QueueError("Tidak ada pendaftaran dengan nomor, NIK, atau nomor kartu itu. Daftarkan dulu di menu "
                         "Kartu AK-1 › Daftarkan pencari kerja.")
    try:
        return book(js, now.date(), window_id, key=key, now=now, walk_in=True, user=user)
    except AlreadyBooked as exc:
        other = exc.booking
        when = "hari ini" if other.day == now.date() else rules.indonesian_date(other.day)
        message = (f"{js.full_name} sudah memiliki antrean aktif {when}, nomor "
                   f"{rules.format_number(other.queue_number)} ({other.status_label.lower()}).")
        if other.day > now.date() and other.status == codes.BOOKING_BOOKED:
            raise LaterBooking(message, other) from None
        raise QueueError(message) from None


def bring_forward(booking_id: int, user, window_id: int | None = None, now: datetime | None = None) -> QueueBooking:
    """Someone who booked a later day has come today: the booking becomes today's, checked in
    like a walk-in (today's next number, the window as for a walk-in), taking today's place and
    giving the later day's back in one transaction, or nothing changes. The booking code stays."""
    now = now or office_now()
    today = now.date()
    booking = db.session.get(QueueBooking, booking_id)
    if booking is None:
        raise QueueError("Pemesanan tidak ditemukan.")
    if booking.status != codes.BOOKING_BOOKED or booking.day <= today:
        raise QueueError(f"Nomor {rules.format_number(booking.queue_number)} tidak dapat dipindahkan ke hari ini "
                         f"({booking.status_label.lower()}, {rules.indonesian_date(booking.day)}).")
    check_eligible(booking.job_seeker)  # a registration closed since it booked is not served
    settings = load_settings()
    if db.session.get(ServiceDay, today) is None:
        if not load_calendar(settings, today, 1)[0].is_working_day(today):
            raise Unavailable(f"Tidak ada layanan antrean pada {rules.indonesian_date(today)}.")
        ensure_days([today], settings)
    windows = _windows_of(today)
    candidates = _walk_in_candidates(windows, window_id, now)
    old_day, old_window, number = booking.day, booking.window_id, booking.queue_number
    db.session.rollback()

    def step():
        new_number = _take_day_place(today)  # days in date order: today first
        if new_number is None:
            raise _NoPlace("day")
        _give_back_day(old_day)
        chosen = next((wid for wid in candidates if _take_window_place(wid)), None)
        if chosen is None and windows:
            raise _NoPlace("window")
        _give_back_window(old_window)
        result = db.session.execute(  # still the booking read above: same day, same window, still booked
            update(BOOKING).where(BOOKING.c.id == booking_id, BOOKING.c.status == codes.BOOKING_BOOKED,
                                  BOOKING.c.day == old_day,
                                  BOOKING.c.window_id.is_(None) if old_window is None
                                  else BOOKING.c.window_id == old_window)
            .values(day=today, window_id=chosen, queue_number=new_number, status=codes.BOOKING_CHECKED_IN,
                    is_walk_in=True, checked_in_at=utcnow()))
        if result.rowcount != 1:
            raise StaleState(STALE)
        audit.record(audit.ACTION, "QueueBooking", booking_id,
                     f"datang lebih awal: nomor {rules.format_number(number)} {old_day.isoformat()} dipindahkan "
                     f"ke hari ini, tercatat hadir", user=user)

    try:
        _run(step)
    except _NoPlace as exc:
        if exc.what == "day":
            raise _day_full_error(today, now, settings) from None
        raise _no_window_error(today, window_id, _windows_of(today), now, settings, True) from None
    except IntegrityError:
        # a counter CHECK: the same booking was moved (or cancelled) meanwhile, e.g. a second click
        # at the same moment gave the later day's place back a second time; nothing was written
        raise StaleState(STALE) from None
    return db.session.get(QueueBooking, booking_id, populate_existing=True)


# --------------------------------------------------------------------------- board and position

def people_ahead(booking: QueueBooking, now: datetime | None = None) -> int:
    """People in the line before this booking on its day, in serving order (rules.in_line: not
    those booked for a window that ended before they came)."""
    now = now or office_now()
    rows = db.session.execute(_serving_order(
        select(QueueBooking.id, ServiceWindow.starts_at, ServiceWindow.ends_at, QueueBooking.queue_number,
               QueueBooking.status)
        .where(QueueBooking.day == booking.day, QueueBooking.status.in_(
            (codes.BOOKING_BOOKED, codes.BOOKING_CHECKED_IN))))).all()
    places = [rules.Place(r.id, r.starts_at, r.queue_number,
                          rules.in_line(r.status == codes.BOOKING_CHECKED_IN, booking.day, r.ends_at, now))
              for r in rows]
    mine = rules.Place(booking.id, booking.window.starts_at if booking.window else None, booking.queue_number, True)
    return rules.people_ahead(mine, places)


@dataclass
class Board:
    day: date
    calling: list[QueueBooking]
    served: list[QueueBooking]
    waiting: int
    booked: int
    quota: int
    closed: str | None = None  # why there is no service on this day (for the waiting room), or None

    def as_json(self) -> dict:
        return {
            "tanggal": self.day.isoformat(),
            "dipanggil": [{"nomor": rules.format_number(b.queue_number),
                           "sesi": rules.format_window(b.window.starts_at, b.window.ends_at) if b.window else ""}
                          for b in self.calling],
            "selesai": [rules.format_number(b.queue_number) for b in self.served],
            "menunggu": self.waiting,
            "tutup": self.closed,
        }


def board(day: date | None = None) -> Board:
    day = day or office_now().date()
    calling = list(db.session.scalars(select(QueueBooking).options(joinedload(QueueBooking.window)).where(
        QueueBooking.day == day, QueueBooking.status == codes.BOOKING_CALLED)
        .order_by(QueueBooking.called_at.desc()).limit(6)))
    served = list(db.session.scalars(select(QueueBooking).where(
        QueueBooking.day == day, QueueBooking.status == codes.BOOKING_SERVED)
        .order_by(QueueBooking.finished_at.desc()).limit(6)))
    waiting = db.session.scalar(select(func.count()).select_from(QueueBooking).where(
        QueueBooking.day == day, QueueBooking.status == codes.BOOKING_CHECKED_IN)) or 0
    sd = db.session.get(ServiceDay, day)
    return Board(day, calling, served, waiting, sd.booked if sd else 0, sd.quota if sd else 0,
                 closed=_closed_notice(day, sd))


def _closed_notice(day: date, sd: ServiceDay | None) -> str | None:
    """Why the counter does not serve on `day`, and when it next does; None on a service day.
    A service day opened by staff (a ServiceDay row not closed) serves even on a weekend or holiday.
    The board asks every few seconds: the settings and calendar come from the booking path's cache."""
    if sd is not None and not sd.closed:
        return None
    settings = cached_settings()
    calendar = cached_calendar(settings, day)
    if sd is None and calendar.is_working_day(day):
        return None
    if sd is not None and not (sd.closed_reason or "").startswith(HOLIDAY_REASON):  # closed by staff
        why = f"Layanan antrean hari ini ditutup{rules.closure_suffix(sd.closed_reason)}"
    elif (holiday := db.session.scalar(select(Holiday.name).where(Holiday.day == day))) is not None:
        why = f"Hari ini libur ({holiday}): tidak ada layanan antrean."
    else:
        why = "Hari ini kantor tutup: tidak ada layanan antrean."
    following = _next_service_day(day, settings, calendar)
    return f"{why} Layanan berikutnya {rules.indonesian_date(following)}." if following else why


NEXT_SERVICE_DAY_SPAN = 60  # days the board looks ahead for the next service day (the calendar's own span)


def _next_service_day(day: date, settings: QueueSettings, calendar: Calendar) -> date | None:
    """The first day after `day` on which the counter serves, looking up to NEXT_SERVICE_DAY_SPAN
    days ahead whatever the booking range: a working day staff have not closed, or any day staff
    have opened."""
    last = day + timedelta(days=NEXT_SERVICE_DAY_SPAN)
    rows = dict(db.session.execute(select(ServiceDay.day, ServiceDay.closed).where(
        ServiceDay.day > day, ServiceDay.day <= last)).all())
    candidate = day + timedelta(days=1)
    while candidate <= last:
        closed = rows.get(candidate)
        if closed is False or (closed is None and calendar.is_working_day(candidate)):
            return candidate
        candidate += timedelta(days=1)
    return None


def day_bookings(day: date) -> list[QueueBooking]:
    """A day's bookings for the desk, in serving order, with person, window and officer loaded."""
    return list(db.session.scalars(_serving_order(select(QueueBooking).options(
        joinedload(QueueBooking.job_seeker), joinedload(QueueBooking.window), joinedload(QueueBooking.served_by))
        .where(QueueBooking.day == day))))
