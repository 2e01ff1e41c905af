"""The quota under real concurrency: hundreds of threads, each with its own app context, database
session and connection, against the file-based SQLite database or PostgreSQL (TEST_DATABASE_URL).

A barrier releases all attempts at the same moment, so they race for the same last places.
"""
from __future__ import annotations

import threading
from collections import Counter
from datetime import date
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from domain import codes
from domain import queue as rules
from extensions import db
from models import QueueBooking, ServiceDay, ServiceWindow
from services import queue as service
from tests.queue_helpers import bookable_day, make_job_seekers

BORN = "2001-05-17"
POOL = {"pool_pre_ping": True, "pool_size": 25, "max_overflow": 5, "pool_timeout": 180}


@pytest.fixture
def race_app(make_app):
    """An app whose connection pool lets many threads hold a connection at once."""
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS=POOL, QUEUE_POST_LIMIT="100000 per minute")
    with app.app_context():
        yield app


def race(count: int, work):
    """Run work(i) in `count` threads released together; return the results (or exceptions)."""
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        try:
            return work(i)
        except Exception as exc:  # noqa: BLE001 - reported by the caller's assertions
            return exc

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def in_context(app, fn):
    with app.app_context():
        try:
            return fn()
        finally:
            db.session.remove()


def _post_booking(app, day, js_number, window="", key=None):
    client = app.test_client()
    response = client.post(f"/antrean/pesan/{day.isoformat()}", data={
        "registration_number": js_number, "birth_date": BORN, "sesi": str(window),
        "submission_key": key or f"key-{js_number}"})
    return response.status_code, response.get_data(as_text=True)


def _active_on(day):
    return list(db.session.scalars(select(QueueBooking).where(
        QueueBooking.day == day, QueueBooking.status.in_(codes.ACTIVE_BOOKING_STATUSES))))


def _assert_counters_match(day):
    db.session.expire_all()
    sd = db.session.get(ServiceDay, day)
    active = _active_on(day)
    assert sd.booked == len(active) <= sd.quota
    for window in sd.windows:
        in_window = sum(1 for b in active if b.window_id == window.id)
        assert window.booked == in_window <= window.quota
    numbers = [b.queue_number for b in db.session.scalars(select(QueueBooking).where(QueueBooking.day == day))]
    assert len(numbers) == len(set(numbers))
    return sd, active


def test_300_concurrent_attempts_for_100_places_give_exactly_100_bookings(race_app):
    day = bookable_day()
    people = make_job_seekers(300)
    numbers = [js.registration_number for js in people]
    results = race(300, lambda i: _post_booking(race_app, day, numbers[i]))
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    statuses = Counter(status for status, _ in results)
    assert statuses == {303: 100, 409: 200}, statuses
    full = f"Maaf, kuota antrean {rules.indonesian_date(day)} sudah penuh."
    assert all(full in html for status, html in results if status == 409)
    sd, active = _assert_counters_match(day)
    assert (sd.booked, sd.issued, len(active)) == (100, 100, 100)
    assert sorted(b.queue_number for b in active) == list(range(1, 101))
    assert [w.booked for w in sd.windows] == [20, 20, 20, 20, 20]
    assert len({b.job_seeker_id for b in active}) == 100


def test_many_people_racing_for_one_window_get_exactly_its_places(race_app):
    day = bookable_day()
    service.ensure_days([day])
    window = db.session.get(ServiceDay, day).windows[2]
    people = make_job_seekers(120)
    numbers = [js.registration_number for js in people]
    window_id = window.id
    results = race(120, lambda i: _post_booking(race_app, day, numbers[i], window=window_id))
    assert not [r for r in results if isinstance(r, Exception)]
    assert Counter(status for status, _ in results) == {303: 20, 409: 100}
    message = f"Maaf, sesi 10.00–11.00 WIB pada {rules.indonesian_date(day)} sudah penuh."
    assert all(message in html for status, html in results if status == 409)
    sd, active = _assert_counters_match(day)
    assert sd.booked == 20 and db.session.get(ServiceWindow, window_id).booked == 20


def test_a_cancelled_place_is_booked_again_exactly_once(race_app):
    day = bookable_day()
    service.ensure_days([day])
    people = make_job_seekers(100)
    for js in people:
        service.book(js, day)
    victim = _active_on(day)[37]
    freed_window = victim.window_id
    service.cancel(victim)
    assert db.session.get(ServiceDay, day).booked == 99
    latecomers = make_job_seekers(60, start=500)
    numbers = [js.registration_number for js in latecomers]
    results = race(60, lambda i: _post_booking(race_app, day, numbers[i]))
    assert not [r for r in results if isinstance(r, Exception)]
    assert Counter(status for status, _ in results) == {303: 1, 409: 59}
    sd, active = _assert_counters_match(day)
    assert sd.booked == 100 and sd.issued == 101
    winner = max(active, key=lambda b: b.queue_number)
    assert winner.queue_number == 101 and winner.window_id == freed_window


def test_the_same_cancel_sent_many_times_at_once_gives_the_place_back_once(race_app):
    day = bookable_day()
    service.ensure_days([day])
    people = make_job_seekers(3)
    for js in people:
        service.book(js, day)
    booking_id = _active_on(day)[1].id

    def cancel(_):
        def run():
            try:
                service.cancel(db.session.get(QueueBooking, booking_id))
                return "ok"
            except service.QueueError as exc:
                return exc.message
        return in_context(race_app, run)

    results = race(12, cancel)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results.count("ok") >= 1
    sd, active = _assert_counters_match(day)
    assert sd.booked == 2 and len(active) == 2


def test_a_double_submit_racing_itself_makes_one_booking(race_app):
    day = bookable_day()
    (js,) = make_job_seekers(1)
    number = js.registration_number
    results = race(10, lambda i: _post_booking(race_app, day, number, key="one-form"))
    assert not [r for r in results if isinstance(r, Exception)]
    assert [status for status, _ in results] == [303] * 10
    sd, active = _assert_counters_match(day)
    assert sd.booked == 1 and len(active) == 1


def test_days_are_created_once_when_many_requests_ask_at_once(race_app):
    day = bookable_day(3)
    assert db.session.get(ServiceDay, day) is None
    results = race(20, lambda i: in_context(race_app, lambda: service.ensure_days([day])))
    assert not [r for r in results if isinstance(r, Exception)], results
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(ServiceDay).where(ServiceDay.day == day)) == 1
    assert db.session.scalar(select(func.count()).select_from(ServiceWindow).where(ServiceWindow.day == day)) == 5


def test_moves_and_new_bookings_racing_keep_both_days_exact(race_app):
    first, second = bookable_day(1), bookable_day(2)
    service.ensure_days([first, second])
    movers = make_job_seekers(60)
    for js in movers:
        service.book(js, first)
    targets = [(w.id) for w in db.session.get(ServiceDay, second).windows]
    mover_ids = [b.id for b in _active_on(first)]
    newcomers = make_job_seekers(90, start=1000)
    numbers = [js.registration_number for js in newcomers]

    def work(i):
        if i < 60:
            def run():
                booking = db.session.get(QueueBooking, mover_ids[i])
                try:
                    service.move(booking, second, targets[i % 5])
                    return "moved"
                except service.QueueError as exc:
                    return exc.message
            return in_context(race_app, run)
        return _post_booking(race_app, second, numbers[i - 60])

    results = race(150, work)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    first_sd, first_active = _assert_counters_match(first)
    second_sd, second_active = _assert_counters_match(second)
    assert second_sd.booked == 100  # 150 wanted the 100 places of the second day
    assert first_sd.booked + second_sd.booked == 60 + sum(1 for r in results[60:] if r[0] == 303)
    moved = sum(1 for r in results[:60] if r == "moved")
    assert first_sd.booked == 60 - moved


def _quick_book_while_another_fills(race_app, filling_update, number, day, window_id, key):
    """Run PostgreSQL's one-statement booking while another transaction holds `filling_update`
    (taking the last places of a row the statement needs), uncommitted until the statement waits
    for that row's lock; then commit it. The booking's result."""
    from sqlalchemy import text

    other = db.engine.connect()
    filling = other.begin()
    other.execute(filling_update)
    outcome = {}

    def book():
        outcome["id"] = in_context(race_app, lambda: service.quick_book(
            number, date(2001, 5, 17), day, window_id, key=key))

    booking = threading.Thread(target=book)
    booking.start()
    waiting = 0
    for _ in range(100):  # until the booking statement waits for the row's lock
        waiting = db.session.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"))
        db.session.rollback()
        if waiting:
            break
        threading.Event().wait(0.05)
    assert waiting, "the booking never waited for the row"
    filling.commit()
    other.close()
    booking.join(30)
    db.session.expire_all()
    return outcome["id"]


def test_a_day_filled_while_the_one_statement_booking_waits_for_it_leaves_no_trace(race_app):
    """PostgreSQL's one-statement booking checks the window's place in its snapshot and the day's
    on the current row, under its lock; when the day fills up before that lock is granted, the
    statement writes nothing: no audit entry, no booking, no window counter moved, and the person
    is told the day is full."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the one-statement booking is PostgreSQL's")
    from sqlalchemy import update

    from models import AuditLog

    day = bookable_day()
    service.ensure_days([day])
    sd = db.session.get(ServiceDay, day)
    quota, issued = sd.quota, sd.issued
    number = make_job_seekers(1)[0].registration_number
    audit_before = db.session.scalar(select(func.count()).select_from(AuditLog))
    db.session.commit()
    taking_the_day = update(ServiceDay).where(ServiceDay.day == day).values(booked=quota)
    assert _quick_book_while_another_fills(race_app, taking_the_day, number, day, None, "k-day-guard") is None
    sd = db.session.get(ServiceDay, day)
    assert (sd.booked, sd.issued) == (quota, issued)
    assert sum(w.booked for w in sd.windows) == 0
    assert _active_on(day) == []
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == audit_before
    status, html = _post_booking(race_app, day, number, window="", key="k-day-guard-2")
    assert status == 409
    assert "sudah penuh" in html


def test_a_window_filled_while_the_one_statement_booking_waits_for_it_leaves_no_trace(race_app):
    """PostgreSQL's one-statement booking (autocommit) takes the day's place only when the window
    shows a place in its snapshot; when that window fills up before its row lock is granted, the
    statement fails as a whole: no day counter moved, no booking, no audit entry."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the one-statement booking is PostgreSQL's")
    from sqlalchemy import update

    from models import AuditLog

    day = bookable_day()
    service.ensure_days([day])
    window = db.session.get(ServiceDay, day).windows[0]
    window_id, quota = window.id, window.quota
    number = make_job_seekers(1)[0].registration_number
    audit_before = db.session.scalar(select(func.count()).select_from(AuditLog))
    db.session.commit()
    taking_the_window = update(ServiceWindow).where(ServiceWindow.id == window_id).values(booked=quota)
    assert _quick_book_while_another_fills(race_app, taking_the_window, number, day, window_id, "k-guard") is None
    sd = db.session.get(ServiceDay, day)
    assert (sd.booked, sd.issued) == (0, 0)
    assert _active_on(day) == []
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == audit_before
    # the full path then books the next window, as a person would see it
    status, _ = _post_booking(race_app, day, number, window="", key="k-guard-2")
    assert status == 303
    assert [b.window_id for b in _active_on(day)] == [db.session.get(ServiceDay, day).windows[1].id]
