"""The booking path's shortcuts keep their promises: cached settings and holidays, the audit
actor without loading an anonymous user, the rate limit store without a thread per request."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import insert, select

import ratelimit
from domain import roles
from extensions import db
from models import AuditLog, Holiday, QueueBooking, Setting
from services import queue as service
from tests.queue_helpers import make_job_seekers

BORN = "2001-05-17"


def _post(client, day, js):
    return client.post(f"/antrean/pesan/{day.isoformat()}", data={
        "registration_number": js.registration_number, "birth_date": BORN, "sesi": "",
        "submission_key": f"key-{js.id}"})


def _refused(response) -> bool:
    """Answered "this day cannot be booked", with the form kept (409)."""
    return response.status_code == 409 and "tidak dapat dipesan" in response.get_data(as_text=True)


def _bookable():
    return service.bookable_dates(service.office_now(), service.load_settings())


def test_a_holiday_or_setting_saved_in_this_process_applies_to_the_next_booking_at_once(app, client):
    first, second, third = make_job_seekers(3)
    days = _bookable()
    assert _post(client, days[1], first).status_code == 303  # the settings and holidays are cached now
    db.session.add(Holiday(day=days[2], name="Libur Mendadak", kind="lokal"))
    db.session.commit()
    assert _refused(_post(client, days[2], second))  # not a bookable day any more
    assert db.session.scalar(select(QueueBooking).where(QueueBooking.job_seeker_id == second.id)) is None
    db.session.add(Setting(key="queue.booking_window_days", value="1"))
    db.session.commit()
    assert _refused(_post(client, days[3], third))  # beyond the booking window now


def test_a_change_made_by_another_process_is_seen_once_the_cache_expires(app, client, monkeypatch):
    first, second = make_job_seekers(2)
    days = _bookable()
    assert _post(client, days[1], first).status_code == 303
    # Another worker's change: nothing in this process's session sees it.
    db.session.execute(insert(Holiday.__table__).values(day=days[2], name="Libur Lain", kind="lokal",
                                                        source="manual"))
    db.session.commit()
    later = time.monotonic() + service.READ_CACHE_SECONDS + 1
    monkeypatch.setattr(service, "monotonic", lambda: later)
    assert _refused(_post(client, days[2], second))
    assert db.session.scalar(select(QueueBooking).where(QueueBooking.job_seeker_id == second.id)) is None


def test_the_audit_entry_names_a_logged_in_officer_and_nobody_for_a_citizen(app, client, login_as):
    citizen_js, officer_js = make_job_seekers(2)
    day = _bookable()[1]
    assert _post(client, day, citizen_js).status_code == 303
    desk, officer = login_as(roles.PELAYANAN, username="loket9")
    assert _post(desk, day, officer_js).status_code == 303
    entries = db.session.execute(select(AuditLog.object_id, AuditLog.user_id, AuditLog.username, AuditLog.ip).where(
        AuditLog.object_type == "QueueBooking", AuditLog.summary == "pemesanan antrean oleh pendaftar")
        .order_by(AuditLog.id)).all()
    ids = [str(b.id) for b in db.session.scalars(select(QueueBooking).order_by(QueueBooking.id))]
    assert [e.object_id for e in entries] == ids
    assert (entries[0].user_id, entries[0].username) == (None, None)
    assert (entries[1].user_id, entries[1].username) == (officer.id, "loket9")
    assert all(e.ip == "127.0.0.1" for e in entries)


def test_the_memory_rate_limit_store_starts_no_thread_per_request_and_still_limits(make_app):
    app = make_app(QUEUE_POST_LIMIT="5 per minute")
    with app.app_context():
        client = app.test_client()
        assert type(ratelimit.storage(app)) is ratelimit.MemoryStorageSweptInline
        time.sleep(0.05)  # the store's own start-up timer has ended
        statuses = []
        for _ in range(6):
            statuses.append(client.post("/antrean/kelola", data={"booking_code": "ABCD2345"}).status_code)
            assert not [t for t in threading.enumerate() if isinstance(t, threading.Timer) and t.is_alive()]
            time.sleep(0.02)  # longer than the 10 ms timer limits' MemoryStorage would start per hit
        assert statuses == [200] * 5 + [429]


def test_the_quick_booking_declines_what_it_cannot_do_and_the_full_path_books_it(app, client):
    """quick_book() answers the usual case in one go and leaves everything else to the full path
    with nothing written; both number their bookings from the same counter and write the same
    audit entry."""
    from datetime import date

    from models import ServiceDay

    first, second, third = make_job_seekers(3)
    day = _bookable()[1]
    # nobody has looked at this day yet: no service day, so the quick path declines and writes nothing
    assert service.quick_book(first.registration_number, first.birth_date, day, None, key="q-1") is None
    assert db.session.get(ServiceDay, day) is None
    assert db.session.scalar(select(QueueBooking)) is None
    # the form's full path creates the day and books
    assert _post(client, day, first).status_code == 303
    # now the quick path books; the number as typed from paper (spaces, lower case) is the same number
    quick_id = service.quick_book(f"  {second.registration_number.lower()} ", second.birth_date, day, None,
                                  key="q-2")
    assert quick_id is not None
    # a birth date that does not match: declined, nothing written (the form then says so at the field)
    assert service.quick_book(third.registration_number, date(1999, 1, 1), day, None, key="q-3") is None
    bookings = db.session.scalars(select(QueueBooking).order_by(QueueBooking.queue_number)).all()
    assert [(b.job_seeker_id, b.queue_number) for b in bookings] == [(first.id, 1), (second.id, 2)]
    assert bookings[1].id == quick_id and db.session.get(ServiceDay, day).booked == 2
    entries = db.session.scalars(select(AuditLog).where(AuditLog.object_type == "QueueBooking")
                                 .order_by(AuditLog.id)).all()
    assert [(e.object_id, e.summary, e.user_id) for e in entries] == [
        (str(b.id), "pemesanan antrean oleh pendaftar", None) for b in bookings]


def test_a_deadlock_in_the_quick_booking_is_retried_by_the_full_path(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    class Deadlock(Exception):
        sqlstate = "40P01"

    (person,) = make_job_seekers(1)
    day = _bookable()[1]
    service.ensure_days([day])
    real = service._book_on_own_connection
    calls = []

    def deadlock_once(*args, **kwargs):
        calls.append(kwargs.get("by_number") is not None)
        if len(calls) == 1:
            raise OperationalError("booking", {}, Deadlock())
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "_book_on_own_connection", deadlock_once)
    assert _post(client, day, person).status_code == 303
    assert calls == [True, False]  # the quick path, then the full path's own attempt
    assert db.session.scalar(select(QueueBooking)).job_seeker_id == person.id


def _booked_once(day, person) -> None:
    """What the database holds after one booking: one booking, one place, one audit entry."""
    from models import ServiceDay

    db.session.expire_all()
    bookings = db.session.scalars(select(QueueBooking).where(QueueBooking.day == day)).all()
    assert [b.job_seeker_id for b in bookings] == [person.id]
    assert db.session.get(ServiceDay, day).booked == 1
    entries = db.session.scalars(select(AuditLog.object_id).where(
        AuditLog.object_type == "QueueBooking", AuditLog.summary == service.ONLINE_BOOKING_SUMMARY)).all()
    assert entries == [str(bookings[0].id)]


def test_a_dead_connection_in_the_autocommit_pool_costs_the_person_nothing(app, client):
    """PostgreSQL: the autocommit pool checks a connection only by using it. When the server has
    dropped it (a restart), the booking is made on the ordinary path, once."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the autocommit pool is PostgreSQL's")
    from sqlalchemy import text

    from extensions import AUTOCOMMIT_BIND

    first, second = make_job_seekers(2)
    day = _bookable()[1]
    assert _post(client, day, first).status_code == 303  # the pool now holds a connection
    pool = db.engines[AUTOCOMMIT_BIND]
    with pool.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    assert db.session.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
    db.session.commit()
    time.sleep(0.2)  # the server closes its side
    response = _post(client, day, second)
    assert response.status_code == 303
    db.session.expire_all()
    mine = db.session.scalars(select(QueueBooking).where(QueueBooking.job_seeker_id == second.id)).all()
    assert len(mine) == 1 and mine[0].queue_number == 2
    with pool.connect() as conn:  # the pool has replaced its dead connections
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar() != pid


def test_a_booking_committed_just_before_its_connection_died_is_not_made_twice(app, client, monkeypatch):
    """PostgreSQL: if the server committed the statement and the connection died before its
    answer arrived, the full path's own attempt runs into the idempotency key's UNIQUE index and
    gives back that booking."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the autocommit pool is PostgreSQL's")
    import psycopg

    from extensions import AUTOCOMMIT_BIND

    (person,) = make_job_seekers(1)
    day = _bookable()[1]
    service.ensure_days([day])
    real_execute = psycopg.Cursor.execute
    lost, dead = [], []

    def answer_lost_once(cursor, query, *args, **kwargs):
        result = real_execute(cursor, query, *args, **kwargs)
        if "day_place AS" in str(query) and not lost:
            lost.append(cursor.fetchone())  # committed by the server; its answer never arrives
            dead.append(cursor.connection)
            cursor.connection.pgconn.finish()  # the connection is gone
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return result

    monkeypatch.setattr(psycopg.Cursor, "execute", answer_lost_once)
    response = _post(client, day, person)
    assert response.status_code == 303 and len(lost) == 1
    _booked_once(day, person)
    assert client.get("/antrean/tiket").status_code == 200  # the ticket is that booking's
    with db.engines[AUTOCOMMIT_BIND].connect() as conn:  # the dead connection is not handed out again
        assert conn.connection.dbapi_connection is not dead[0]
    assert db.session.scalar(select(QueueBooking)).id == lost[0][2]


def test_the_usual_post_is_read_without_the_form_and_anything_else_gets_the_form(app, client, monkeypatch):
    """BookingForm.usual_booking takes only what the form could only agree with; a date written
    differently still books (through the form), and a value the form refuses is answered at the
    field with what was typed kept."""
    from public.queue import BookingForm

    first, second, third = make_job_seekers(3)
    day = _bookable()[1]
    service.ensure_days([day])
    usual = {"registration_number": first.registration_number, "birth_date": BORN, "submission_key": "k1"}
    assert BookingForm.usual_booking(usual)[1].isoformat() == BORN
    for changed in ({"birth_date": "2001-5-17"}, {"birth_date": "20010517"}, {"access_code": "ABCD"},
                    {"registration_number": " "}, {"registration_number": "X" * 31}, {"submission_key": ""},
                    {"submission_key": "k" * 65}, {"birth_date": "2001-02-30"}):
        assert BookingForm.usual_booking({**usual, **changed}) is None, changed
    built = []
    real_init = BookingForm.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(BookingForm, "__init__", counting_init)
    assert _post(client, day, first).status_code == 303 and built == []  # booked without building the form
    response = client.post(f"/antrean/pesan/{day.isoformat()}", data={
        "registration_number": second.registration_number, "birth_date": "2001-5-17", "sesi": "",
        "submission_key": "k2"})
    assert response.status_code == 303 and built == [1]  # the form read the date and the booking was made
    too_long = third.registration_number + "X" * 30
    response = client.post(f"/antrean/pesan/{day.isoformat()}", data={
        "registration_number": too_long, "birth_date": BORN, "sesi": "", "submission_key": "k3"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "30 karakter" in page and too_long in page
    booked = db.session.scalars(select(QueueBooking.job_seeker_id).order_by(QueueBooking.queue_number)).all()
    assert booked == [first.id, second.id]


def test_the_quick_booking_writes_what_sqlalchemy_writes(app, client, monkeypatch):
    """The quick path runs on a DBAPI cursor with the column types' own bind processors: its
    dates, times and timestamps are stored exactly as the ORM's path stores them (on SQLite as
    text, where a different format would not compare equal), and found by the same queries."""
    from sqlalchemy import text

    quick, full = make_job_seekers(2)
    day = _bookable()[1]
    service.ensure_days([day])
    quick_id = service.quick_book(quick.registration_number, quick.birth_date, day, None, key="fmt-1")
    monkeypatch.setattr(service, "_book_on_own_connection", lambda *args, **kwargs: None)
    full_id = service.reserve(full, day, None, key="fmt-2", now=service.office_now())  # in the session
    db.session.commit()
    assert quick_id is not None and full_id != quick_id
    rows = db.session.execute(text(
        "SELECT b.id, CAST(b.day AS VARCHAR(40)), CAST(b.created_at AS VARCHAR(40)), CAST(a.at AS VARCHAR(40)) "
        "FROM queue_booking b JOIN audit_log a ON a.object_type = 'QueueBooking' AND a.object_id = CAST(b.id AS VARCHAR(20)) "
        "ORDER BY b.id")).all()
    assert [r[0] for r in rows] == [quick_id, full_id]
    if db.engine.dialect.name == "sqlite":  # stored as text: the same format (PostgreSQL has the types)
        shape = lambda value: "".join("9" if c.isdigit() else c for c in value)  # noqa: E731
        assert [shape(v) for v in rows[0][1:]] == [shape(v) for v in rows[1][1:]]
    found = db.session.scalars(select(QueueBooking.id).where(QueueBooking.day == day).order_by(QueueBooking.id)).all()
    assert found == [quick_id, full_id]


def test_a_double_submit_committed_between_the_two_lookups_is_still_this_form_s_booking(app, client, monkeypatch):
    """_existing_for looks up the form's key, then the person's active booking: when the other
    submit of the same form commits between the two, it is that form's booking, not "already
    booked" (a race a CI run hit once among ten concurrent double submits)."""
    (person,) = make_job_seekers(1)
    day = _bookable()[1]
    service.ensure_days([day])
    first = service.reserve(person, day, None, key="same-form", now=service.office_now())
    real_by_key = service._by_key
    calls = []

    def not_yet_committed_once(key):
        calls.append(key)
        return None if len(calls) == 1 else real_by_key(key)

    monkeypatch.setattr(service, "_by_key", not_yet_committed_once)
    assert service._existing_for(person.id, "same-form").id == first
    with pytest.raises(service.AlreadyBooked):  # another form of the same person is still refused
        service._existing_for(person.id, "another-form")
