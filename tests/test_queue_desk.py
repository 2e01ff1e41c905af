"""The queue desk (/admin/loket/) and the service-day panel: what staff see and what is recorded."""
from __future__ import annotations

import re
import threading
from datetime import date

import pytest
from sqlalchemy import func, select, text

from domain import codes, roles
from domain import nik as nik_rules
from domain import queue as rules
from extensions import db
from models import AuditLog, JobSeeker, QueueBooking, ServiceDay, ServiceWindow, Setting
from services import queue as service
from tests.queue_helpers import make_job_seekers, open_today, seed_booking


@pytest.fixture
def today(app):
    """Today's service day, open whatever day this runs on."""
    day = open_today()
    return day


def _act(client, action, **data):
    return client.post("/admin/loket/aksi/", data={"aksi": action, **data}, follow_redirects=True)


def test_desk_checks_in_by_code_calls_in_serving_order_and_records_who_served(app, today, login_as):
    sd = db.session.get(ServiceDay, today)
    w8, w9 = sd.windows[0], sd.windows[1]
    a, b, c = make_job_seekers(3)
    first = seed_booking(a, today, w9)  # number 1, 09:00
    second = seed_booking(b, today, w8)  # number 2, 08:00
    third = seed_booking(c, today, w8)  # number 3, 08:00
    desk, officer = login_as(roles.PELAYANAN, username="loket1")
    page = desk.get("/admin/loket/").get_data(as_text=True)
    assert "Loket antrean" in page and rules.indonesian_date(today) in page
    assert "Sesi 08.00–09.00" in page and "Sesi 09.00–10.00" in page
    assert page.index("Pencari Kerja 2") < page.index("Pencari Kerja 3") < page.index("Pencari Kerja 1")

    scanned = rules.format_code(first.booking_code).lower()  # what a scanner or a hurried officer types
    page = _act(desk, "hadir", kode=f" {scanned} ").get_data(as_text=True)
    assert "Nomor 001 tercatat hadir." in page
    page = _act(desk, "hadir", booking_id=third.id).get_data(as_text=True)
    assert "Nomor 003 tercatat hadir." in page
    assert "sudah tercatat hadir" in _act(desk, "hadir", kode=first.booking_code).get_data(as_text=True)
    assert "Kode pemesanan tidak ditemukan" in _act(desk, "hadir", kode="ZZZZ9999").get_data(as_text=True)

    # Checked in: #1 (09:00) and #3 (08:00). The earlier window goes first; #2 has not come.
    page = _act(desk, "panggil_berikutnya").get_data(as_text=True)
    assert "Memanggil nomor 003." in page
    called = db.session.get(QueueBooking, third.id)
    assert called.status == codes.BOOKING_CALLED and called.served_by_id == officer.id and called.called_at
    board = app.test_client().get("/antrean/layar").get_data(as_text=True)
    assert re.search(r'id="nomor-dipanggil">003<', board)
    assert app.test_client().get("/antrean/layar.json").get_json()["dipanggil"][0]["nomor"] == "003"

    page = _act(desk, "selesai", booking_id=third.id).get_data(as_text=True)
    assert "Nomor 003 selesai dilayani." in page
    done = db.session.get(QueueBooking, third.id)
    assert done.status == codes.BOOKING_SERVED and done.finished_at and done.served_by_id == officer.id
    assert "Memanggil nomor 001" in _act(desk, "panggil_berikutnya").get_data(as_text=True)
    assert "Tidak ada yang menunggu" in _act(desk, "panggil_berikutnya").get_data(as_text=True)
    assert db.session.get(QueueBooking, second.id).status == codes.BOOKING_BOOKED

    actions = db.session.scalars(select(AuditLog.summary).where(
        AuditLog.object_type == "QueueBooking", AuditLog.username == "loket1").order_by(AuditLog.id)).all()
    assert actions[:1] == [f"daftar antrean {today.isoformat()} (3 orang)"]
    assert [s for s in actions if not s.startswith("daftar")] == [
        "tercatat hadir", "tercatat hadir", "dipanggil", "selesai dilayani", "dipanggil"]


def test_desk_keeps_its_place_in_a_long_list_and_a_refused_scan_is_replaced_by_the_next(app, today, login_as):
    sd = db.session.get(ServiceDay, today)
    booking = seed_booking(make_job_seekers(1)[0], today, sd.windows[0])
    desk, _ = login_as(roles.PELAYANAN)
    page = desk.get("/admin/loket/").get_data(as_text=True)
    assert f'id="b{booking.id}"' in page and 'name="baris"' in page
    response = desk.post("/admin/loket/aksi/", data={"aksi": "hadir", "booking_id": booking.id, "baris": "1"})
    assert response.status_code == 303 and response.location.endswith(f"/admin/loket/#b{booking.id}")
    assert db.session.get(QueueBooking, booking.id).status == codes.BOOKING_CHECKED_IN
    # the same code scanned again is refused; it comes back selected, so the next scan types over it
    refused = desk.post("/admin/loket/aksi/", data={"aksi": "hadir", "kode": booking.booking_code})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'is-invalid' in page
    field = page[page.index('id="kode"'):]
    field = field[:field.index(">")]
    assert 'onfocus="this.select()"' in field and f'value="{booking.booking_code}"' in field


def _marked_rows(page: str) -> list[str]:
    return re.findall(r'<tr class="[^"]*desk-latest[^"]*" id="b(\d+)"', page)


def test_the_row_an_action_was_about_is_marked_once(app, today, login_as):
    sd = db.session.get(ServiceDay, today)
    a, b = make_job_seekers(2)
    first, second = seed_booking(a, today, sd.windows[0]), seed_booking(b, today, sd.windows[0])
    desk, _ = login_as(roles.PELAYANAN)
    assert _marked_rows(desk.get("/admin/loket/").get_data(as_text=True)) == []

    page = _act(desk, "hadir", kode=second.booking_code).get_data(as_text=True)  # scanned at the top
    assert "Nomor 002 tercatat hadir." in page and _marked_rows(page) == [str(second.id)]
    assert _marked_rows(desk.get("/admin/loket/").get_data(as_text=True)) == []  # a reload: the mark is gone

    page = _act(desk, "panggil_berikutnya").get_data(as_text=True)
    assert _marked_rows(page) == [str(second.id)]
    page = _act(desk, "hadir", booking_id=first.id, baris="1").get_data(as_text=True)  # a row's own button
    assert _marked_rows(page) == [str(first.id)]
    person = make_job_seekers(1, start=10)[0]
    page = _act(desk, "datang_langsung", nomor_pendaftaran=person.registration_number, kunci="k-1").get_data(
        as_text=True)
    new = db.session.scalar(select(QueueBooking).where(QueueBooking.job_seeker_id == person.id))
    assert "Datang langsung: nomor 003" in page and _marked_rows(page) == [str(new.id)]
    page = _act(desk, "hadir", kode="ZZZZ9999").get_data(as_text=True)  # refused: nothing marked
    assert "Kode pemesanan tidak ditemukan" in page and _marked_rows(page) == []


def test_board_shows_people_ahead_for_a_booking_code_and_keeps_it_current(app, today, monkeypatch):
    from datetime import datetime, time

    monkeypatch.setattr(service, "office_now", lambda: datetime.combine(today, time(7, 30)))  # before the windows
    sd = db.session.get(ServiceDay, today)
    people = make_job_seekers(4)
    bookings = [seed_booking(js, today, sd.windows[0]) for js in people]
    client = app.test_client()
    response = client.post("/antrean/layar", data={"booking_code": bookings[3].booking_code})
    assert response.status_code == 303 and response.location.endswith("/antrean/layar")  # the code is in no URL
    page = client.get("/antrean/layar").get_data(as_text=True)
    assert "ada 3 orang di depan Anda. Belum tercatat hadir" in page and 'Nomor <strong id="posisi-nomor">004</strong>' in page
    assert client.get("/antrean/layar.json").get_json()["posisi"] == {
        "nomor": "004", "tanggal": rules.indonesian_date(today),
        "keterangan": "ada 3 orang di depan Anda. Belum tercatat hadir: tunjukkan kode QR di loket saat tiba."}
    # the queue moves: the answer the page refreshes with moves too
    bookings[0].status = codes.BOOKING_SERVED
    bookings[1].status = codes.BOOKING_CANCELLED
    db.session.commit()
    bookings[3].status = codes.BOOKING_CHECKED_IN  # arrived: no reminder to check in
    db.session.commit()
    assert client.get("/antrean/layar.json").get_json()["posisi"]["keterangan"] == "ada 1 orang di depan Anda."
    bookings[2].status = codes.BOOKING_SERVED
    bookings[3].status = codes.BOOKING_CALLED
    db.session.commit()
    assert client.get("/antrean/layar.json").get_json()["posisi"]["keterangan"] == \
        "nomor Anda sedang dipanggil, silakan ke loket."
    assert app.test_client().get("/antrean/layar.json").get_json()["posisi"] is None  # another device: nothing

    client.post("/antrean/layar", data={"booking_code": bookings[0].booking_code}, follow_redirects=True)
    assert 'Nomor <strong id="posisi-nomor">001</strong>' in client.get("/antrean/layar").get_data(as_text=True)
    assert client.get("/antrean/layar.json").get_json()["posisi"]["keterangan"] == "selesai dilayani."
    page = client.post("/antrean/layar", data={"booking_code": "ABCD2345"}).get_data(as_text=True)
    assert "Kode pemesanan tidak ditemukan." in page and 'value="ABCD2345"' in page and 'id="posisi"' not in page
    page = client.post("/antrean/layar/lupakan", follow_redirects=True).get_data(as_text=True)
    assert 'id="posisi"' not in page and client.get("/antrean/layar.json").get_json()["posisi"] is None

    # kept until the end of the day it was looked up: a kiosk starts the next day clean
    client.post("/antrean/layar", data={"booking_code": bookings[0].booking_code})
    assert client.get("/antrean/layar.json").get_json()["posisi"]["keterangan"] == "selesai dilayani."
    with client.session_transaction() as session:
        session["queue_board_position"] = {**session["queue_board_position"], "on": "2026-01-05"}
    assert client.get("/antrean/layar.json").get_json()["posisi"] is None
    with client.session_transaction() as session:
        assert "queue_board_position" not in session


def test_someone_whose_window_ended_before_they_came_is_told_so_and_is_ahead_of_nobody(app, today, monkeypatch):
    from datetime import datetime, time

    sd = db.session.get(ServiceDay, today)
    w8, w9 = sd.windows[0], sd.windows[1]
    late_person, waiting_person, later_person = make_job_seekers(3, start=60)
    late = seed_booking(late_person, today, w8)  # 08.00–09.00, has not come
    seed_booking(waiting_person, today, w8, status=codes.BOOKING_CHECKED_IN)
    later = seed_booking(later_person, today, w9)  # 09.00–10.00
    clock = {"now": datetime.combine(today, time(8, 30))}
    monkeypatch.setattr(service, "office_now", lambda: clock["now"])
    assert service.people_ahead(db.session.get(QueueBooking, later.id)) == 2

    clock["now"] = datetime.combine(today, time(9, 30))  # the 08.00 window has ended
    assert service.people_ahead(db.session.get(QueueBooking, later.id)) == 1  # only the one checked in
    ticket = app.test_client()
    ticket.post("/antrean/kelola", data={"booking_code": late.booking_code})
    page = ticket.get("/antrean/tiket").get_data(as_text=True)
    assert re.search(r'id="sesi-terlewat">Sesi Anda berakhir pukul 09.00\s+dan Anda belum tercatat hadir', page)
    assert 'id="di-depan"' not in page and "Datang pada sesi Anda" not in page
    assert 'src="data:image/png;base64,' in page and "Pindahkan antrean" in page  # may still check in, or move
    board = app.test_client()
    board.post("/antrean/layar", data={"booking_code": late.booking_code})
    assert board.get("/antrean/layar.json").get_json()["posisi"]["keterangan"] == (
        "sesi Anda berakhir pukul 09.00 dan Anda belum tercatat hadir: bila sudah di kantor, segera tunjukkan "
        "kode QR di loket.")
    page = app.test_client()
    page.post("/antrean/kelola", data={"booking_code": later.booking_code})
    on_time = page.get("/antrean/tiket").get_data(as_text=True)
    assert 'id="sesi-terlewat"' not in on_time and "Ada <strong>1</strong> orang di depan Anda." in on_time


def test_board_names_the_next_service_day_beyond_a_short_booking_range(app, today):
    """With bookings open only one working day ahead and that day closed by staff, the board still
    names the day after (it looks past the booking range)."""
    db.session.add(Setting(key="queue.booking_window_days", value="1"))
    sd = db.session.get(ServiceDay, today)
    sd.closed, sd.closed_reason = True, "rapat!"
    db.session.commit()
    from datetime import timedelta

    calendar, _ = service.load_calendar(service.load_settings(), today)
    working = [d for d in (today + timedelta(days=n) for n in range(1, 30)) if calendar.is_working_day(d)][:2]
    service.ensure_days([working[0]])
    db.session.get(ServiceDay, working[0]).closed = True
    db.session.commit()
    notice = app.test_client().get("/antrean/layar.json").get_json()["tutup"]
    assert notice == f"Layanan antrean hari ini ditutup: rapat! Layanan berikutnya {rules.indonesian_date(working[1])}."


def test_board_position_of_a_booking_whose_day_has_passed(app, today):
    from datetime import timedelta

    past = today - timedelta(days=3)
    service.ensure_days([past])
    (js,) = make_job_seekers(1)
    booking = seed_booking(js, past, None)
    client = app.test_client()
    client.post("/antrean/layar", data={"booking_code": booking.booking_code})
    assert client.get("/antrean/layar.json").get_json()["posisi"]["keterangan"] == "tanggal antrean ini sudah lewat."


def test_board_says_when_there_is_no_service_today(app, today):
    assert app.test_client().get("/antrean/layar.json").get_json()["tutup"] is None
    page = app.test_client().get("/antrean/layar").get_data(as_text=True)
    assert 'id="tutup" role="status" hidden' in page
    sd = db.session.get(ServiceDay, today)
    sd.closed, sd.closed_reason = True, "rapat koordinasi."  # typed with its own full stop
    # staff have also closed the next working day: the notice names the one after it
    evening = service.office_now().replace(hour=23, minute=59)
    first, second = service.bookable_dates(evening, service.load_settings())[:2]
    service.ensure_days([first, second])
    db.session.get(ServiceDay, first).closed = True
    db.session.get(ServiceDay, first).closed_reason = "pindah kantor"
    db.session.commit()
    client = app.test_client()
    notice = client.get("/antrean/layar.json").get_json()["tutup"]
    assert notice == (f"Layanan antrean hari ini ditutup: rapat koordinasi. "
                      f"Layanan berikutnya {rules.indonesian_date(second)}.")
    page = client.get("/antrean/layar").get_data(as_text=True)
    assert notice in page and 'role="status" hidden' not in page


def test_board_on_a_holiday_or_a_weekend_names_the_day_off_and_the_next_service_day(app):
    from models import Holiday

    settings = service.load_settings()
    sunday = date(2027, 1, 3)
    assert sunday.weekday() == 6
    assert service.board(sunday).closed == ("Hari ini kantor tutup: tidak ada layanan antrean. "
                                            "Layanan berikutnya Senin, 4 Januari 2027.")
    db.session.add(Holiday(day=date(2027, 1, 4), name="Libur percobaan", kind="lokal"))
    db.session.commit()
    assert service.board(date(2027, 1, 4)).closed == ("Hari ini libur (Libur percobaan): tidak ada layanan antrean. "
                                                      "Layanan berikutnya Selasa, 5 Januari 2027.")
    assert service.board(date(2027, 1, 5)).closed is None  # an ordinary working day
    # a day staff opened on purpose (a Saturday service) serves, whatever the calendar says
    saturday = date(2027, 1, 2)
    service.ensure_days([saturday], settings)
    assert service.board(saturday).closed == ("Hari ini kantor tutup: tidak ada layanan antrean. "  # not a code
                                              "Layanan berikutnya Selasa, 5 Januari 2027.")
    db.session.get(ServiceDay, saturday).closed = False
    db.session.commit()
    assert service.board(saturday).closed is None
    # a Sunday staff open is the next service day for the board of the day before
    db.session.get(ServiceDay, saturday).closed = True
    service.ensure_days([date(2027, 1, 3)], settings)
    db.session.get(ServiceDay, date(2027, 1, 3)).closed = False
    db.session.commit()
    assert service.board(saturday).closed.endswith("Layanan berikutnya Minggu, 3 Januari 2027.")


def test_no_show_gives_the_place_back_and_walk_ins_take_places_while_they_remain(app, login_as):
    db.session.add(Setting(key="queue.daily_quota", value="3"))
    db.session.commit()
    day = open_today()
    sd = db.session.get(ServiceDay, day)
    # the second person checked in (a booked person's session may not have ended yet when this runs)
    booked = [seed_booking(js, day, w, status=codes.BOOKING_CHECKED_IN if i == 1 else codes.BOOKING_BOOKED)
              for i, (js, w) in enumerate(zip(make_job_seekers(3), sd.windows[:3]))]
    walker, second_walker = make_job_seekers(2, start=100)
    desk, officer = login_as(roles.PELAYANAN)
    page = _act(desk, "datang_langsung", nomor_pendaftaran=walker.registration_number, kunci="k1")
    assert f"Maaf, kuota antrean {rules.indonesian_date(day)} sudah penuh." in page.get_data(as_text=True)

    page = _act(desk, "tidak_hadir", booking_id=booked[1].id).get_data(as_text=True)
    assert "Nomor 002 dicatat tidak hadir; tempatnya kembali ke kuota hari ini." in page
    db.session.expire_all()
    assert db.session.get(ServiceDay, day).booked == 2
    # the person turns up after all and shows the ticket: the desk is told how to serve them
    page = _act(desk, "hadir", kode=booked[1].booking_code).get_data(as_text=True)
    assert ("Nomor 002: tidak hadir. Bila orangnya ada di kantor, beri nomor baru lewat Datang langsung."
            in page)
    # ... with the walk-in field filled in for them
    assert re.search(r'id="nomor_pendaftaran" name="nomor_pendaftaran"[^>]*\s+value="'
                     + re.escape(booked[1].job_seeker.registration_number) + '"', page)

    page = _act(desk, "datang_langsung", nomor_pendaftaran=walker.registration_number.lower(), kunci="k2")
    assert "Datang langsung: nomor 004 diberikan dan tercatat hadir." in page.get_data(as_text=True)
    walk_in = db.session.scalar(select(QueueBooking).where(QueueBooking.job_seeker_id == walker.id))
    assert walk_in.is_walk_in and walk_in.status == codes.BOOKING_CHECKED_IN and walk_in.window_id is not None
    # The same form sent twice gives one number.
    _act(desk, "datang_langsung", nomor_pendaftaran=walker.registration_number, kunci="k2")
    assert db.session.scalar(select(func.count()).select_from(QueueBooking).where(
        QueueBooking.job_seeker_id == walker.id)) == 1
    page = _act(desk, "datang_langsung", nomor_pendaftaran=second_walker.registration_number, kunci="k3")
    assert "sudah penuh" in page.get_data(as_text=True)
    db.session.expire_all()
    sd = db.session.get(ServiceDay, day)
    assert (sd.booked, sd.issued) == (3, 4)
    assert sum(w.booked for w in sd.windows) == 3


def test_walk_in_refusals_are_explained(app, today, login_as):
    desk, _ = login_as(roles.PELAYANAN)
    (placed,) = make_job_seekers(1, status=codes.JS_PLACED)
    (waiting,) = make_job_seekers(1, start=50)
    seed_booking(waiting, today, db.session.get(ServiceDay, today).windows[0])
    page = _act(desk, "datang_langsung", nomor_pendaftaran=placed.registration_number, kunci="a").get_data(as_text=True)
    assert "sudah bekerja" in page
    page = _act(desk, "datang_langsung", nomor_pendaftaran=waiting.registration_number, kunci="b").get_data(
        as_text=True)
    assert "Pencari Kerja 50 sudah memiliki antrean aktif hari ini, nomor 001 (dipesan)." in page
    page = _act(desk, "datang_langsung", nomor_pendaftaran="AK1-0000", kunci="c").get_data(as_text=True)
    assert "Tidak ada pendaftaran dengan nomor, NIK, atau nomor kartu itu." in page
    assert "Aksi tidak dikenal" in _act(desk, "hapus_semua").get_data(as_text=True)


def test_walk_in_finds_the_person_by_the_nik_on_their_ktp_or_their_card_number(app, today, login_as):
    """People at the counter carry a KTP, not always the registration receipt."""
    desk, _ = login_as(roles.PELAYANAN)
    old, by_nik, by_card = make_job_seekers(3, start=70)
    old.status = codes.JS_REMOVED  # an earlier registration under the same NIK, closed years ago
    old.registered_on = date(2022, 1, 3)
    old.nik = by_nik.nik
    by_card.status, by_card.card_number = codes.JS_PRINTED, "3604-2026-000072"
    db.session.commit()
    nik_typed = f"{by_nik.nik[:6]} {by_nik.nik[6:12]} {by_nik.nik[12:]}"  # spaced as read off the KTP
    page = _act(desk, "datang_langsung", nomor_pendaftaran=nik_typed, kunci="nik").get_data(as_text=True)
    assert "Datang langsung: nomor 001 diberikan dan tercatat hadir." in page
    page = _act(desk, "datang_langsung", nomor_pendaftaran="3604 2026 000072", kunci="kartu").get_data(as_text=True)
    assert "Datang langsung: nomor 002 diberikan dan tercatat hadir." in page
    booked = dict(db.session.execute(select(QueueBooking.job_seeker_id, QueueBooking.queue_number)
                                     .where(QueueBooking.day == today)).all())
    assert booked == {by_nik.id: 1, by_card.id: 2}  # the active registration, never the closed one
    page = _act(desk, "datang_langsung", nomor_pendaftaran="3604050000000000", kunci="x").get_data(as_text=True)
    assert "Tidak ada pendaftaran dengan nomor, NIK, atau nomor kartu itu." in page


def test_a_walk_in_registered_at_the_counter_gets_todays_number_from_the_receipt_page(app, today, login_as):
    from tests.test_admin_forms import _walk_in

    desk, _ = login_as(roles.PELAYANAN)
    done = desk.post("/admin/daftar_langsung/", data=_walk_in(), follow_redirects=True).get_data(as_text=True)
    js = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Aisyah Putri Lestari"))
    assert "Beri nomor antrean hari ini" in done
    form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', done.split('id="walk-in-number"')[0]
                           .rsplit("<form", 1)[1]))
    assert form["aksi"] == "datang_langsung" and form["nomor_pendaftaran"] == js.registration_number
    first = desk.post("/admin/loket/aksi/", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Datang langsung: nomor 001 diberikan dan tercatat hadir." in first
    second = desk.post("/admin/loket/aksi/", data=form, follow_redirects=True).get_data(as_text=True)
    # a second click on the same button: the same number again (the form's key), not a refusal
    assert "Datang langsung: nomor 001 diberikan dan tercatat hadir." in second and "antrean aktif" not in second
    bookings = db.session.scalars(select(QueueBooking).where(QueueBooking.job_seeker_id == js.id)).all()
    assert [(b.queue_number, b.status) for b in bookings] == [(1, codes.BOOKING_CHECKED_IN)]
    # a placement officer registers people too, but does not run the queue desk: no button
    officer, _ = login_as(roles.PENGANTAR_KERJA)
    done = officer.post("/admin/daftar_langsung/", data=_walk_in(
        nik=nik_rules.build("360405", date(1998, 8, 17), "P", 9), full_name="Rina Marlina",
        submission_key="loket-0002"), follow_redirects=True).get_data(as_text=True)
    assert "Pendaftaran tersimpan" in done and "Beri nomor antrean hari ini" not in done


def test_the_no_show_button_shows_once_a_booked_persons_window_has_ended(app, today, login_as, monkeypatch):
    from datetime import datetime, time

    sd = db.session.get(ServiceDay, today)
    w8, w9 = sd.windows[0], sd.windows[1]
    early, later, here = make_job_seekers(3, start=80)
    early_booking, later_booking = seed_booking(early, today, w8), seed_booking(later, today, w9)
    here_booking = seed_booking(here, today, w9, status=codes.BOOKING_CHECKED_IN)
    # 09.30: the 08.00 window has ended, the 09.00 one has not
    monkeypatch.setattr(service, "office_now", lambda: datetime.combine(today, time(9, 30)))
    desk, _ = login_as(roles.PELAYANAN)
    page = desk.get("/admin/loket/").get_data(as_text=True)

    def row(booking):
        start = page.index(f'id="b{booking.id}"')
        return page[start:page.index("</tr>", start)]

    assert "Tidak hadir" in row(early_booking)
    assert "Hadir" in row(later_booking) and "Tidak hadir" not in row(later_booking)  # may still be on the way
    assert "Tidak hadir" in row(here_booking)  # checked in: may not answer the call at any time
    refused = _act(desk, "tidak_hadir", booking_id=later_booking.id).get_data(as_text=True)
    assert "yang belum berakhir" in refused
    assert rules.may_mark_absent(False, time(10), datetime.combine(today, time(10)))
    assert not rules.may_mark_absent(False, time(10), datetime.combine(today, time(9, 59)))
    assert rules.may_mark_absent(True, time(10), datetime.combine(today, time(8)))


def test_someone_who_booked_a_later_day_and_came_today_is_moved_to_today_in_one_step(app, today, login_as):
    from tests.queue_helpers import bookable_day

    later = bookable_day(1)
    assert later > today
    service.ensure_days([later])
    later_day = db.session.get(ServiceDay, later)
    (js,) = make_job_seekers(1, start=90)
    booking = seed_booking(js, later, later_day.windows[0])
    desk, officer = login_as(roles.PELAYANAN)
    scanned = desk.post("/admin/loket/aksi/", data={"aksi": "hadir", "kode": booking.booking_code})
    page = scanned.get_data(as_text=True)
    assert scanned.status_code == 422 and f"Pemesanan ini untuk {rules.indonesian_date(later)}, bukan hari ini." in page
    assert 'name="aksi" value="majukan"' in page and f'name="booking_id" value="{booking.id}"' in page
    walk_in = _act(desk, "datang_langsung", nomor_pendaftaran=js.nik, kunci="w1").get_data(as_text=True)
    assert "sudah memiliki antrean aktif" in walk_in and "Pindahkan ke hari ini dan catat hadir" in walk_in

    done = _act(desk, "majukan", booking_id=booking.id).get_data(as_text=True)
    assert "Nomor 001 diberikan untuk hari ini dan tercatat hadir; tempat pada pemesanan sebelumnya dilepas." in done
    db.session.expire_all()
    moved = db.session.get(QueueBooking, booking.id)
    assert (moved.day, moved.status, moved.queue_number, moved.is_walk_in, moved.booking_code) == (
        today, codes.BOOKING_CHECKED_IN, 1, True, booking.booking_code)
    assert moved.window_id in {w.id for w in db.session.get(ServiceDay, today).windows}
    assert db.session.get(ServiceDay, later).booked == 0 and db.session.get(ServiceDay, today).booked == 1
    assert sum(w.booked for w in db.session.get(ServiceDay, later).windows) == 0
    assert sum(w.booked for w in db.session.get(ServiceDay, today).windows) == 1
    assert db.session.scalar(select(AuditLog).where(AuditLog.object_id == str(booking.id),
                                                    AuditLog.user_id == officer.id,
                                                    AuditLog.summary.like("datang lebih awal%")))
    again = _act(desk, "majukan", booking_id=booking.id).get_data(as_text=True)  # a second click
    assert "tidak dapat dipindahkan ke hari ini" in again
    db.session.expire_all()
    assert db.session.get(ServiceDay, today).booked == 1


def test_moving_a_later_booking_to_a_full_today_changes_nothing(app, today, login_as):
    from tests.queue_helpers import bookable_day

    later = bookable_day(1)
    service.ensure_days([later])
    (js,) = make_job_seekers(1, start=95)
    booking = seed_booking(js, later, db.session.get(ServiceDay, later).windows[0])
    sd = db.session.get(ServiceDay, today)
    sd.quota = 0
    db.session.commit()
    desk, _ = login_as(roles.PELAYANAN)
    page = _act(desk, "majukan", booking_id=booking.id).get_data(as_text=True)
    assert "sudah penuh" in page
    db.session.expire_all()
    kept = db.session.get(QueueBooking, booking.id)
    assert (kept.day, kept.status) == (later, codes.BOOKING_BOOKED)
    assert db.session.get(ServiceDay, later).booked == 1


def test_an_old_no_show_ticket_scanned_after_a_new_number_names_the_new_number(app, today, login_as):
    sd = db.session.get(ServiceDay, today)
    (js,) = make_job_seekers(1, start=60)
    old = seed_booking(js, today, sd.windows[0], status=codes.BOOKING_CHECKED_IN)
    desk, _ = login_as(roles.PELAYANAN)
    _act(desk, "tidak_hadir", booking_id=old.id)
    _act(desk, "datang_langsung", nomor_pendaftaran=js.registration_number, kunci="baru")
    page = _act(desk, "hadir", kode=old.booking_code).get_data(as_text=True)
    assert "Nomor 001: tidak hadir. Orang ini sudah mendapat nomor 002 hari ini (sudah hadir)." in page
    assert "beri nomor baru" not in page


def test_a_day_without_service_links_to_opening_it_for_those_who_may(app, login_as, monkeypatch):
    from datetime import datetime

    sunday = datetime(2027, 1, 10, 9, 0)  # a Sunday: no service day is made for it
    assert sunday.weekday() == 6
    monkeypatch.setattr(service, "office_now", lambda: sunday)
    desk, _ = login_as(roles.PELAYANAN)
    page = desk.get("/admin/loket/").get_data(as_text=True)
    assert "Tidak ada hari layanan pada tanggal ini." in page and "Buka hari layanan</a>" in page
    assert "/admin/hari_layanan/new/" in page
    reader, _ = login_as(roles.PENGANTAR_KERJA)
    page = reader.get("/admin/loket/").get_data(as_text=True)
    assert "Tidak ada hari layanan pada tanggal ini." in page and "Buka hari layanan</a>" not in page


def test_a_booking_for_another_day_cannot_be_checked_in_today(app, today, login_as):
    other = service.bookable_dates(service.office_now(), service.load_settings())[1]
    service.ensure_days([other])
    (js,) = make_job_seekers(1)
    booking = seed_booking(js, other, db.session.get(ServiceDay, other).windows[0])
    desk, _ = login_as(roles.PELAYANAN)
    page = _act(desk, "hadir", kode=booking.booking_code).get_data(as_text=True)
    assert f"Pemesanan ini untuk {rules.indonesian_date(other)}, bukan hari ini." in page
    assert db.session.get(QueueBooking, booking.id).status == codes.BOOKING_BOOKED
    # Other days can be looked at, not acted on.
    page = desk.get(f"/admin/loket/?hari={other.isoformat()}").get_data(as_text=True)
    assert "Pencari Kerja 1" in page and "Tindakan loket hanya untuk antrean hari ini." in page


@pytest.mark.parametrize("role, can_see, can_act", [
    (roles.PELAYANAN, True, True), (roles.ADMIN, True, True), (roles.PENGANTAR_KERJA, True, False),
    (roles.PIMPINAN, True, False), (roles.MEDIATOR, False, False), (roles.PELATIHAN, False, False),
])
def test_desk_follows_the_roles_matrix(app, today, login_as, role, can_see, can_act):
    (js,) = make_job_seekers(1)
    booking = seed_booking(js, today, db.session.get(ServiceDay, today).windows[0])
    client, _ = login_as(role)
    page = client.get("/admin/loket/")
    assert page.status_code == (200 if can_see else 403)
    if can_see:
        assert ("Panggil berikutnya" in page.get_data(as_text=True)) == can_act
    response = client.post("/admin/loket/aksi/", data={"aksi": "hadir", "kode": booking.booking_code})
    assert response.status_code == (303 if can_act else 403)
    expected = codes.BOOKING_CHECKED_IN if can_act else codes.BOOKING_BOOKED
    assert db.session.get(QueueBooking, booking.id).status == expected


def test_anonymous_visitors_are_sent_to_login(app, client):
    assert client.get("/admin/loket/").location.startswith("/masuk?next=")
    assert client.post("/admin/loket/aksi/", data={"aksi": "panggil_berikutnya"}).location.startswith("/masuk")


def test_desk_actions_need_csrf(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from tests.conftest import PASSWORD
        from tests.queue_helpers import csrf_token

        make_user(roles.PELAYANAN, username="loket_csrf")
        client = app.test_client()
        token = csrf_token(client.get("/masuk").get_data(as_text=True))
        client.post("/masuk", data={"username": "loket_csrf", "password": PASSWORD, "csrf_token": token})
        assert client.get("/admin/loket/").status_code == 200
        assert client.post("/admin/loket/aksi/", data={"aksi": "panggil_berikutnya"}).status_code == 400


def test_two_desks_calling_at_once_call_two_different_people(make_app, make_user):
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 10, "max_overflow": 0, "pool_timeout": 60})
    with app.app_context():
        day = open_today()
        sd = db.session.get(ServiceDay, day)
        for js in make_job_seekers(6):
            seed_booking(js, day, sd.windows[0], status=codes.BOOKING_CHECKED_IN)
        officers = [make_user(roles.PELAYANAN, username=f"loket{i}") for i in range(6)]
        officer_ids = [o.id for o in officers]
        barrier = threading.Barrier(6)
        results = [None] * 6

        def desk(i):
            with app.app_context():
                from models import User

                user = db.session.get(User, officer_ids[i])
                barrier.wait()
                booking = service.call_next(user)
                results[i] = booking.id if booking else None

        threads = [threading.Thread(target=desk, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert None not in results and len(set(results)) == 6
        db.session.expire_all()
        called = db.session.scalars(select(QueueBooking).where(QueueBooking.status == codes.BOOKING_CALLED)).all()
        assert len(called) == 6 and {b.served_by_id for b in called} == set(officer_ids)


def test_call_next_sent_twice_calls_one_person(app, today, login_as):
    sd = db.session.get(ServiceDay, today)
    for js in make_job_seekers(2):
        seed_booking(js, today, sd.windows[0], status=codes.BOOKING_CHECKED_IN)
    desk, _ = login_as(roles.PELAYANAN)
    page = desk.get("/admin/loket/").get_data(as_text=True)
    key = re.search(r'name="aksi" value="panggil_berikutnya">\s*<input type="hidden" name="kunci" value="([^"]+)"',
                    page).group(1)
    assert "Memanggil nomor 001." in _act(desk, "panggil_berikutnya", kunci=key).get_data(as_text=True)
    page = _act(desk, "panggil_berikutnya", kunci=key).get_data(as_text=True)  # the double click's second POST
    assert "Memanggil nomor 001." in page
    statuses = db.session.execute(select(QueueBooking.queue_number, QueueBooking.status)
                                  .order_by(QueueBooking.queue_number)).all()
    assert statuses == [(1, codes.BOOKING_CALLED), (2, codes.BOOKING_CHECKED_IN)]
    # the page after a call carries a new key: pressing again calls the next person
    fresh = re.search(r'name="aksi" value="panggil_berikutnya">\s*<input type="hidden" name="kunci" value="([^"]+)"',
                      page).group(1)
    assert fresh != key
    assert "Memanggil nomor 002." in _act(desk, "panggil_berikutnya", kunci=fresh).get_data(as_text=True)
    # the first page sent again after its person was served (back button): nobody is called
    _act(desk, "selesai", booking_id=db.session.scalar(select(QueueBooking.id).where(QueueBooking.queue_number == 1)))
    page = _act(desk, "panggil_berikutnya", kunci=key).get_data(as_text=True)
    assert "Formulir ini sudah dipakai memanggil nomor 001 (selesai dilayani)" in page and "Memanggil nomor" not in page
    assert not re.findall(r'<tr class="[^"]*desk-latest', page)


def test_the_same_call_next_form_sent_at_once_calls_one_person(make_app, make_user):
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 10, "max_overflow": 0, "pool_timeout": 60})
    with app.app_context():
        day = open_today()
        sd = db.session.get(ServiceDay, day)
        for js in make_job_seekers(4):
            seed_booking(js, day, sd.windows[0], status=codes.BOOKING_CHECKED_IN)
        officer_id = make_user(roles.PELAYANAN, username="loket1").id
        barrier = threading.Barrier(4)
        results = [None] * 4

        def press(i):
            with app.app_context():
                from models import User

                user = db.session.get(User, officer_id)
                barrier.wait()
                booking = service.call_next(user, key="satu-formulir")
                results[i] = booking.id if booking else None

        threads = [threading.Thread(target=press, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        db.session.expire_all()
        called = db.session.scalars(select(QueueBooking).where(QueueBooking.status == codes.BOOKING_CALLED)).all()
        assert len(called) == 1 and set(results) == {called[0].id}
        assert db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.summary == "dipanggil")) == 1


# --------------------------------------------------------------------------- service days in the panel

def _form_fields(html: str) -> dict:
    fields = {}
    for tag in re.finditer(r"<input[^>]*>", html):
        text = tag.group(0)
        name = re.search(r'name="([^"]+)"', text)
        if not name or 'type="checkbox"' in text:
            continue
        value = re.search(r'value="([^"]*)"', text)
        fields[name.group(1)] = value.group(1) if value else ""
    return fields


def test_a_day_created_in_the_panel_gets_windows_from_the_settings(app, login_as):
    client, _ = login_as(roles.PELAYANAN)
    response = client.post("/admin/hari_layanan/new/", data={"day": "2026-12-07", "quota": "45"})
    assert response.status_code == 302
    sd = db.session.get(ServiceDay, date(2026, 12, 7))
    assert [w.quota for w in sd.windows] == [9, 9, 9, 9, 9]
    assert [w.starts_at.hour for w in sd.windows] == [8, 9, 10, 11, 12]


def test_changing_only_the_day_quota_redistributes_the_windows(app, login_as):
    day = date(2026, 12, 8)
    service.ensure_days([day])
    window = db.session.get(ServiceDay, day).windows[0]
    for js in make_job_seekers(18):
        seed_booking(js, day, window)
    client, _ = login_as(roles.PELAYANAN)
    fields = _form_fields(client.get(f"/admin/hari_layanan/edit/?id={day.isoformat()}").get_data(as_text=True))
    fields["quota"] = "50"
    assert client.post(f"/admin/hari_layanan/edit/?id={day.isoformat()}", data=fields).status_code == 302
    db.session.expire_all()
    sd = db.session.get(ServiceDay, day)
    assert sd.quota == 50 and [w.quota for w in sd.windows] == [18, 10, 10, 10, 2]

    fields = _form_fields(client.get(f"/admin/hari_layanan/edit/?id={day.isoformat()}").get_data(as_text=True))
    fields["quota"] = "10"
    page = client.post(f"/admin/hari_layanan/edit/?id={day.isoformat()}", data=fields,
                       follow_redirects=True).get_data(as_text=True)
    assert "Kuota tidak boleh lebih kecil dari jumlah yang sudah terpesan (18)." in page
    fields = _form_fields(client.get(f"/admin/hari_layanan/edit/?id={day.isoformat()}").get_data(as_text=True))
    fields["windows-1-quota"] = "5"
    page = client.post(f"/admin/hari_layanan/edit/?id={day.isoformat()}", data=fields,
                       follow_redirects=True).get_data(as_text=True)
    assert "Jumlah kuota sesi (45) harus sama dengan kuota hari (50)." in page
    fields["del-windows-0"] = "on"
    fields["windows-1-quota"] = "10"
    page = client.post(f"/admin/hari_layanan/edit/?id={day.isoformat()}", data=fields,
                       follow_redirects=True).get_data(as_text=True)
    assert "Sesi 08.00 tidak dapat dihapus: sudah ada 18 pemesanan." in page
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(ServiceWindow).where(ServiceWindow.day == day)) == 5


def test_closing_a_day_with_bookings_warns_the_officer(app, login_as):
    day = date(2026, 12, 9)
    service.ensure_days([day])
    seed_booking(make_job_seekers(1)[0], day, db.session.get(ServiceDay, day).windows[0])
    client, _ = login_as(roles.PELAYANAN)
    fields = _form_fields(client.get(f"/admin/hari_layanan/edit/?id={day.isoformat()}").get_data(as_text=True))
    fields.update(closed="y", closed_reason="Rapat kerja")
    page = client.post(f"/admin/hari_layanan/edit/?id={day.isoformat()}", data=fields,
                       follow_redirects=True).get_data(as_text=True)
    assert "Hari ini ditutup sementara 1 orang sudah memesan antrean." in page
    assert db.session.get(ServiceDay, day).closed


def test_a_booked_person_is_marked_no_show_only_after_their_session(app, make_user):
    from datetime import datetime, timedelta

    day = open_today()
    window = db.session.get(ServiceDay, day).windows[2]
    booking = seed_booking(make_job_seekers(1)[0], day, window)
    officer = make_user(roles.PELAYANAN)
    during = datetime.combine(day, window.starts_at) + timedelta(minutes=5)
    with pytest.raises(service.QueueError, match="belum berakhir"):
        service.mark_no_show(booking.id, officer, now=during)
    assert db.session.get(QueueBooking, booking.id).status == codes.BOOKING_BOOKED
    after = datetime.combine(day, window.ends_at) + timedelta(minutes=1)
    assert service.mark_no_show(booking.id, officer, now=after).status == codes.BOOKING_NO_SHOW


def test_desk_messages_name_the_number_only_so_no_name_rides_in_the_session_cookie(app, today, login_as):
    """A flash message travels in the session cookie (signed, readable by whoever holds it)."""
    import json

    sd = db.session.get(ServiceDay, today)
    (person,) = make_job_seekers(1)
    booking = seed_booking(person, today, sd.windows[0])
    desk, _ = login_as(roles.PELAYANAN)
    for action, data in (("hadir", {"kode": booking.booking_code}), ("panggil_berikutnya", {})):
        response = desk.post("/admin/loket/aksi/", data={"aksi": action, **data})
        assert response.status_code == 303
        with app.test_request_context():
            cookie = app.session_interface.get_signing_serializer(app).loads(desk.get_cookie("session").value)
        flashed = json.dumps(cookie.get("_flashes", []), ensure_ascii=False)
        assert "Nomor 001" in flashed or "nomor 001" in flashed
        assert person.full_name not in flashed
        desk.get("/admin/loket/")  # the page shows (and clears) the message


def _later_booking(start: int):
    from tests.queue_helpers import bookable_day

    later = bookable_day(1)
    service.ensure_days([later])
    (js,) = make_job_seekers(1, start=start)
    return later, seed_booking(js, later, db.session.get(ServiceDay, later).windows[0])


def test_a_booking_moved_to_another_window_meanwhile_is_not_brought_forward(app, today, monkeypatch):
    """Between reading the booking and moving it, its holder moved it to another window online:
    nothing changes, and the later day's windows keep exact counts."""
    later, booking = _later_booking(110)
    w1, w2 = db.session.get(ServiceDay, later).windows[:2]
    original = service._walk_in_candidates

    def meanwhile(*args):
        with db.engine.begin() as other:  # another request, committed before the desk's transaction
            other.execute(text("UPDATE queue_booking SET window_id = :w2 WHERE id = :b"), {"w2": w2.id, "b": booking.id})
            other.execute(text("UPDATE service_window SET booked = booked - 1 WHERE id = :w"), {"w": w1.id})
            other.execute(text("UPDATE service_window SET booked = booked + 1 WHERE id = :w"), {"w": w2.id})
        return original(*args)

    monkeypatch.setattr(service, "_walk_in_candidates", meanwhile)
    with pytest.raises(service.QueueError, match="Status pemesanan sudah berubah"):
        service.bring_forward(booking.id, None)
    db.session.expire_all()
    kept = db.session.get(QueueBooking, booking.id)
    assert (kept.day, kept.window_id, kept.status) == (later, w2.id, codes.BOOKING_BOOKED)
    assert [db.session.get(ServiceWindow, w).booked for w in (w1.id, w2.id)] == [0, 1]
    assert db.session.get(ServiceDay, later).booked == 1 and db.session.get(ServiceDay, today).booked == 0


def test_two_clicks_at_once_bring_a_booking_forward_once(make_app, make_user):
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 10, "max_overflow": 0, "pool_timeout": 60})
    with app.app_context():
        today = open_today()
        later, booking = _later_booking(120)
        booking_id = booking.id
        barrier = threading.Barrier(4)
        results = [None] * 4

        def click(i):
            with app.app_context():
                barrier.wait()
                try:
                    results[i] = service.bring_forward(booking_id, None).queue_number
                except service.QueueError as exc:
                    results[i] = exc.message

        threads = [threading.Thread(target=click, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results.count(1) == 1, results  # one move; the others are told, none fails
        assert all(r == 1 or "sudah berubah" in r or "tidak dapat dipindahkan" in r for r in results), results
        db.session.expire_all()
        assert db.session.get(ServiceDay, later).booked == 0 and db.session.get(ServiceDay, today).booked == 1
        assert sum(w.booked for w in db.session.get(ServiceDay, later).windows) == 0
        assert sum(w.booked for w in db.session.get(ServiceDay, today).windows) == 1


def test_a_registration_closed_since_it_booked_is_not_brought_forward(app, today):
    later, booking = _later_booking(130)
    booking.job_seeker.status = codes.JS_PLACED
    db.session.commit()
    with pytest.raises(service.QueueError):
        service.bring_forward(booking.id, None)
    db.session.expire_all()
    assert db.session.get(QueueBooking, booking.id).day == later
