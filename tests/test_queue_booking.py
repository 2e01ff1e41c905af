"""Citizens book, see, move and cancel a queue place; what they see and what the database holds."""
from __future__ import annotations

import re
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from domain import codes
from domain import queue as rules
from extensions import db
from models import AuditLog, Holiday, QueueBooking, ServiceDay, ServiceWindow, Setting
from services import queue as service
from services import registration
from tests.queue_helpers import bookable_day, csrf_token, make_job_seekers, submission_key

BORN = "2001-05-17"


def _book(client, day, js, *, window="", key=None, birth=BORN, access_code=None, follow=False, extra=None):
    page = client.get(f"/antrean/pesan/{day.isoformat()}").get_data(as_text=True)
    data = {"submission_key": key or submission_key(page), "sesi": str(window)}
    if access_code:
        data["access_code"] = access_code
    else:
        data.update(registration_number=js.registration_number, birth_date=birth)
    data.update(extra or {})
    return client.post(f"/antrean/pesan/{day.isoformat()}", data=data, follow_redirects=follow)


def _active(js) -> QueueBooking | None:
    return db.session.scalar(select(QueueBooking).where(QueueBooking.job_seeker_id == js.id,
                                                        QueueBooking.status.in_(codes.ACTIVE_BOOKING_STATUSES)))


def test_list_shows_coming_working_days_with_places_and_creates_them_from_settings(app, client):
    db.session.add(Setting(key="queue.daily_quota", value="30"))
    db.session.add(Setting(key="queue.window_count", value="3"))
    db.session.add(Setting(key="queue.booking_window_days", value="6"))
    db.session.commit()
    page = client.get("/antrean").get_data(as_text=True)
    days = service.bookable_dates(service.office_now(), service.load_settings())
    assert len(days) == 6 and all(d.weekday() < 5 for d in days)
    for day in days:
        assert rules.indonesian_date(day) in page
        sd = db.session.get(ServiceDay, day)
        assert sd.quota == 30 and [w.quota for w in sd.windows] == [10, 10, 10]
        assert [w.starts_at.hour for w in sd.windows] == [8, 9, 10]
    listed = re.findall(r'class="q-day-date">([^<]+)<', page)
    assert listed == [rules.indonesian_date(d) for d in days]  # no Saturday, no Sunday
    assert page.count("<strong>30</strong> tempat tersisa") >= 5  # today may have fewer windows left


def test_holidays_and_closed_days_cannot_be_booked(app, client, job_seeker_factory):
    days = service.bookable_dates(service.office_now(), service.load_settings())
    holiday, closed = days[1], days[2]
    db.session.add(Holiday(day=holiday, name="Libur Uji Coba", kind="lokal"))
    service.ensure_days([closed])
    db.session.get(ServiceDay, closed).closed = True
    db.session.get(ServiceDay, closed).closed_reason = "Rapat kerja dinas"
    db.session.commit()
    page = client.get("/antrean").get_data(as_text=True)
    assert "Libur: Libur Uji Coba" in page
    assert "Tutup: Rapat kerja dinas" in page
    assert f'href="/antrean/pesan/{holiday.isoformat()}"' not in page
    assert f'href="/antrean/pesan/{closed.isoformat()}"' not in page
    js = job_seeker_factory()
    # Even a hand-made request for the holiday is refused.
    response = client.post(f"/antrean/pesan/{holiday.isoformat()}", data={
        "registration_number": js.registration_number, "birth_date": BORN, "submission_key": "k1"})
    assert response.status_code == 409 and "tidak dapat dipesan" in response.get_data(as_text=True)
    assert _active(js) is None
    # A closed day's booking page does not offer a form: the person is sent back with the reason.
    assert client.get(f"/antrean/pesan/{closed.isoformat()}").status_code == 302
    listing = client.get("/antrean").get_data(as_text=True)
    assert "Layanan antrean pada" in listing and "ditutup: Rapat kerja dinas" in listing
    # Closed while someone was filling in the form: the answer keeps what they typed and offers
    # the other days, one tap each.
    response = client.post(f"/antrean/pesan/{closed.isoformat()}", data={
        "registration_number": js.registration_number, "birth_date": BORN, "submission_key": "k2", "sesi": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "ditutup: Rapat kerja dinas" in page
    assert f'value="{js.registration_number}"' in page and f'value="{BORN}"' in page
    assert 'name="pilihan"' in page and "Ambil nomor antrean" not in page
    assert _active(js) is None
    other = re.search(r'name="pilihan" value="([^"]+)"', page).group(1)
    assert client.post(f"/antrean/pesan/{closed.isoformat()}", data={
        "registration_number": js.registration_number, "birth_date": BORN, "submission_key": "k2",
        "pilihan": other}).status_code == 303
    assert _active(js).day.isoformat() == other.split("|")[0]
    # A Sunday is never offered.
    sunday = days[0] + timedelta(days=(6 - days[0].weekday()))
    assert client.get(f"/antrean/pesan/{sunday.isoformat()}").status_code == 302


def test_book_with_registration_number_and_birth_date_shows_ticket_qr_and_pdf(app, client, job_seeker_factory):
    js = job_seeker_factory(full_name="Siti Rahmawati")
    day = bookable_day()
    service.ensure_days([day])
    response = _book(client, day, js, window=db.session.get(ServiceDay, day).windows[1].id)
    assert response.status_code == 303 and response.location.endswith("/antrean/tiket")
    booking = _active(js)
    assert booking.queue_number == 1 and booking.window.starts_at.hour == 9 and booking.status == codes.BOOKING_BOOKED
    assert booking.booking_code not in response.location
    response = client.get("/antrean/tiket")
    assert response.headers["Cache-Control"] == "no-store"
    ticket = response.get_data(as_text=True)
    assert ">001<" in ticket
    assert "S***i R***i" in ticket and "Siti Rahmawati" not in ticket  # the public ticket masks the name
    assert rules.indonesian_date(day) in ticket
    assert "09.00–10.00 WIB" in ticket
    assert rules.format_code(booking.booking_code) in ticket
    assert 'src="data:image/png;base64,' in ticket
    assert "Tidak ada orang di depan Anda" in ticket
    sd = db.session.get(ServiceDay, day)
    assert (sd.booked, sd.issued, sd.windows[1].booked) == (1, 1, 1)

    pdf = client.get("/antrean/tiket.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True).stdout.decode()
    assert "001" in text and rules.format_code(booking.booking_code) in text
    assert rules.indonesian_date(day) in text and "S***i R***i" in text and "Siti Rahmawati" not in text
    assert "PEMERINTAH KABUPATEN SERANG" in text  # the office letterhead

    # The QR code on the ticket holds the booking code (what the desk's scanner types).
    import zxingcpp
    from PIL import Image
    import base64
    import io
    import re

    data = re.search(r'src="data:image/png;base64,([^"]+)"', ticket).group(1)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(data))))
    assert [d.text for d in decoded] == [rules.format_code(booking.booking_code)]


def test_ticket_pdf_is_one_a6_page(app, client, job_seeker_factory, tmp_path):
    """The printable ticket fits on the A6 sheet it is made for: one page, nothing spilling over."""
    import io

    from pypdf import PdfReader

    js = job_seeker_factory(full_name="Muhammad Rizky Pratama Ramadhan Saputra")
    day = bookable_day()
    service.ensure_days([day])
    _book(client, day, js, window=db.session.get(ServiceDay, day).windows[4].id)
    pdf = client.get("/antrean/tiket.pdf")
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (298, 420)  # A6 in points
    text = reader.pages[0].extract_text()
    code = rules.format_code(_active(js).booking_code)
    assert "Dicetak" in text and code in text  # the last line is on it

    # printed at an ordinary 150 dpi, the QR code still reads as the booking code
    import zxingcpp
    from PIL import Image

    (tmp_path / "ticket.pdf").write_bytes(pdf.data)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "ticket.pdf"),
                    str(tmp_path / "ticket")], check=True)
    assert [d.text for d in zxingcpp.read_barcodes(Image.open(tmp_path / "ticket.png"))] == [code]


def test_book_with_access_code_and_any_window_takes_the_earliest_window(app, client, job_seeker_factory):
    js = job_seeker_factory()
    code = registration.new_access_code()
    js.access_code_hash = registration.hash_access_code(code)
    db.session.commit()
    day = bookable_day()
    response = _book(client, day, js, access_code=registration.format_access_code(code).lower())
    assert response.status_code == 303
    assert _active(js).window.starts_at.hour == 8


def test_wrong_birth_date_or_missing_fields_are_shown_at_the_field(app, client, job_seeker_factory):
    js = job_seeker_factory()
    day = bookable_day()
    page = _book(client, day, js, birth="2001-05-18").get_data(as_text=True)
    assert "Nomor pendaftaran dan tanggal lahir tidak cocok dengan data kami." in page
    assert 'id="registration_number-error"' in page
    page = client.post(f"/antrean/pesan/{day.isoformat()}", data={"submission_key": "k"}).get_data(as_text=True)
    assert "Isi nomor pendaftaran dan tanggal lahir, atau kode akses" in page
    page = client.post(f"/antrean/pesan/{day.isoformat()}", data={
        "submission_key": "k", "registration_number": js.registration_number}).get_data(as_text=True)
    assert "Isi tanggal lahir sesuai pendaftaran." in page
    assert db.session.scalar(select(func.count()).select_from(QueueBooking)) == 0


@pytest.mark.parametrize("status, words", [
    (codes.JS_REJECTED, "ditolak"), (codes.JS_PLACED, "sudah bekerja"), (codes.JS_REMOVED, "dikeluarkan"),
])
def test_inactive_registrations_get_a_clear_message_and_no_place(app, client, status, words):
    (js,) = make_job_seekers(1, status=status)
    response = _book(client, bookable_day(), js)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert words in page and "tidak dapat mengambil antrean" in page
    assert db.session.scalar(select(func.count()).select_from(QueueBooking)) == 0


def test_an_expired_card_holder_books_a_place_to_renew_it_at_the_office(app, client):
    """The status page tells them to come to the office to renew; the queue lets them come."""
    (js,) = make_job_seekers(1, status=codes.JS_EXPIRED)
    status = client.post("/status", data={"registration_number": js.registration_number, "birth_date": "2001-05-17"})
    page = status.get_data(as_text=True)
    assert "datang ke kantor untuk memperpanjangnya" in page and 'href="/antrean"' in page
    day = bookable_day()
    response = _book(client, day, js)
    assert response.status_code == 303 and response.location.endswith("/antrean/tiket")
    assert _active(js).day == day
    verified = make_job_seekers(1, start=70)[0]  # the visit to sign and collect the card
    page = client.post("/status", data={"registration_number": verified.registration_number,
                                        "birth_date": "2001-05-17"}).get_data(as_text=True)
    assert 'id="pesan-antrean"' in page
    (waiting,) = make_job_seekers(1, start=71, status=codes.JS_SUBMITTED)  # nothing to come for yet
    page = client.post("/status", data={"registration_number": waiting.registration_number,
                                        "birth_date": "2001-05-17"}).get_data(as_text=True)
    assert "sedang diperiksa petugas" in page and 'id="pesan-antrean"' not in page


def test_double_submit_with_the_same_key_makes_one_booking(app, client, job_seeker_factory):
    js = job_seeker_factory()
    day = bookable_day()
    first = _book(client, day, js, key="same-form-key")
    second = _book(client, day, js, key="same-form-key")
    assert first.status_code == second.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(QueueBooking)) == 1
    assert db.session.get(ServiceDay, day).booked == 1


def test_one_active_booking_per_person(app, client, job_seeker_factory):
    js = job_seeker_factory()
    code = registration.new_access_code()
    js.access_code_hash = registration.hash_access_code(code)
    db.session.commit()
    day = bookable_day()
    assert _book(client, day, js).status_code == 303
    other_day = bookable_day(2)
    response = _book(client, other_day, js)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Pendaftaran ini sudah memiliki antrean aktif" in page
    # a number and a birth date may be known to others: neither the day, the number nor the code is told
    assert rules.indonesian_date(day) not in page and "nomor 001" not in page
    assert _active(js).booking_code not in page
    # With the access code (a strong secret) the existing ticket is shown again.
    fresh = app.test_client()
    response = _book(fresh, other_day, js, access_code=code)
    assert response.status_code == 303
    assert rules.format_code(_active(js).booking_code) in fresh.get("/antrean/tiket").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(QueueBooking)) == 1


def _fill(day, window_index=None, people_from=1000):
    """Book every place of a window (or of the day) through the service."""
    sd = db.session.get(ServiceDay, day)
    if window_index is None:
        targets = [(w.id, w.quota - w.booked) for w in sd.windows]
    else:
        w = sd.windows[window_index]
        targets = [(w.id, w.quota - w.booked)]
    total = sum(n for _, n in targets)
    people = make_job_seekers(total, start=people_from)
    i = 0
    for wid, n in targets:
        for _ in range(n):
            service.book(people[i], day, wid)
            i += 1
    return people


def test_full_window_offers_next_free_choices_and_one_tap_books_one(app, client, job_seeker_factory):
    db.session.add(Setting(key="queue.daily_quota", value="10"))
    db.session.commit()
    day = bookable_day()
    service.ensure_days([day])
    sd = db.session.get(ServiceDay, day)
    assert [w.quota for w in sd.windows] == [2, 2, 2, 2, 2]
    _fill(day, window_index=2)
    js = job_seeker_factory()
    response = _book(client, day, js, window=sd.windows[2].id)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert f"Maaf, sesi 10.00–11.00 WIB pada {rules.indonesian_date(day)} sudah penuh." in page
    assert 'name="pilihan"' in page and f'value="{day.isoformat()}|{sd.windows[1].id}"' in page
    assert js.registration_number in page  # what was typed is kept
    # Take an alternative with one tap: the typed data comes along.
    response = _book(client, day, js, window=sd.windows[2].id,
                     extra={"pilihan": f"{day.isoformat()}|{sd.windows[1].id}"})
    assert response.status_code == 303
    assert _active(js).window_id == sd.windows[1].id


def test_full_day_says_so_and_offers_the_next_days(app, client, job_seeker_factory):
    db.session.add(Setting(key="queue.daily_quota", value="5"))
    db.session.commit()
    day = bookable_day()
    service.ensure_days([day])
    _fill(day)
    js = job_seeker_factory()
    response = _book(client, day, js)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert f"Maaf, kuota antrean {rules.indonesian_date(day)} sudah penuh." in page
    next_day = bookable_day(2)
    assert f'value="{next_day.isoformat()}|' in page
    listing = client.get("/antrean").get_data(as_text=True)
    assert f'href="/antrean/pesan/{day.isoformat()}"' not in listing and "Penuh" in listing


def test_cancel_returns_the_place_once_and_it_can_be_booked_again(app, client, job_seeker_factory):
    db.session.add(Setting(key="queue.daily_quota", value="5"))
    db.session.commit()
    day = bookable_day()
    service.ensure_days([day])
    people = _fill(day)
    booking = _active(people[2])
    window_id = booking.window_id
    manage = app.test_client()
    response = manage.post("/antrean/kelola", data={"booking_code": rules.format_code(booking.booking_code).lower()})
    assert response.status_code == 303
    ticket = manage.get("/antrean/tiket").get_data(as_text=True)
    assert "Batalkan antrean" in ticket
    assert manage.post("/antrean/tiket/batal").status_code == 303
    ticket = manage.get("/antrean/tiket").get_data(as_text=True)
    assert "Antrean Anda sudah dibatalkan" in ticket
    # the cancelled ticket shows no QR code to scan and cannot be printed
    assert "Antrean ini sudah dibatalkan. Tiket ini tidak berlaku lagi." in ticket
    assert "data:image/png" not in ticket and "Unduh tiket (PDF)" not in ticket
    pdf = manage.get("/antrean/tiket.pdf")
    assert pdf.status_code == 302 and pdf.location.endswith("/antrean/tiket")
    assert "tidak dapat diunduh" in manage.get("/antrean/tiket").get_data(as_text=True)
    assert manage.post("/antrean/tiket/batal").status_code == 303  # a second cancel changes nothing
    sd = db.session.get(ServiceDay, day)
    assert (sd.booked, sd.issued) == (4, 5)
    assert db.session.get(ServiceWindow, window_id).booked == 0
    assert db.session.get(QueueBooking, booking.id).status == codes.BOOKING_CANCELLED
    # The freed place goes to exactly one new person; the queue number is new.
    newcomer, late = make_job_seekers(2, start=2000)
    assert _book(client, day, newcomer).status_code == 303
    assert _active(newcomer).queue_number == 6 and _active(newcomer).window_id == window_id
    assert "sudah penuh" in _book(app.test_client(), day, late).get_data(as_text=True)
    assert db.session.get(ServiceDay, day).booked == 5


@pytest.mark.parametrize("status, message", [
    (codes.BOOKING_SERVED, "Anda sudah dilayani dengan nomor antrean ini."),
    (codes.BOOKING_NO_SHOW, "Anda tercatat tidak hadir pada tanggal antrean ini."),
    (codes.BOOKING_BOOKED, "Tanggal antrean ini sudah lewat."),  # a booking for a day gone by
    (codes.BOOKING_CALLED, None),  # being called at the desk right now: still the ticket to show
])
def test_a_ticket_that_no_longer_works_says_why_and_shows_no_qr(app, client, job_seeker_factory, status, message):
    js = job_seeker_factory()
    day = bookable_day()
    assert _book(client, day, js).status_code == 303
    booking = _active(js)
    booking.status = status
    if message == "Tanggal antrean ini sudah lewat.":
        past = service.office_now().date() - timedelta(days=7)
        service.ensure_days([past])
        booking.day, booking.window_id = past, None
    if message is not None:
        sd = db.session.get(ServiceDay, booking.day)
        sd.closed, sd.closed_reason = True, "rapat"  # no "move it to another day" for a ticket that has ended
    db.session.commit()
    ticket = client.get("/antrean/tiket").get_data(as_text=True)
    pdf = client.get("/antrean/tiket.pdf")
    if message is None:
        assert "data:image/png" in ticket and "Unduh tiket (PDF)" in ticket and "tidak berlaku lagi" not in ticket
        assert "Saat datang" in ticket and "ditutup" not in ticket
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    else:
        assert message in ticket and "Ambil antrean baru" in ticket
        assert "data:image/png" not in ticket and "Unduh tiket (PDF)" not in ticket
        assert "Saat datang" not in ticket and "Tunjukkan kode QR" not in ticket and "ditutup" not in ticket
        assert pdf.status_code == 302


def test_closed_day_ticket_tells_the_person_and_lets_them_move(app, client, job_seeker_factory):
    """A booked ticket for a day staff closed says to move it, and is not shown as valid meanwhile."""
    js = job_seeker_factory()
    day = bookable_day()
    assert _book(client, day, js).status_code == 303
    sd = db.session.get(ServiceDay, day)
    sd.closed, sd.closed_reason = True, "pindah kantor"
    db.session.commit()
    ticket = " ".join(client.get("/antrean/tiket").get_data(as_text=True).split())
    assert "Layanan pada tanggal ini ditutup: pindah kantor. Pindahkan antrean Anda ke hari lain di bawah." in ticket
    assert 'name="pilihan"' in ticket  # the other days, right there
    assert "data:image/png" not in ticket and "Unduh tiket (PDF)" not in ticket and "Saat datang" not in ticket
    assert "orang di depan Anda" not in ticket and "tidak berlaku lagi" not in ticket
    pdf = client.get("/antrean/tiket.pdf")
    assert pdf.status_code == 302
    assert "Layanan pada tanggal tiket ini ditutup" in client.get("/antrean/tiket").get_data(as_text=True)
    db.session.get(ServiceDay, day).closed = False  # reopened: the ticket works again
    db.session.commit()
    ticket = client.get("/antrean/tiket").get_data(as_text=True)
    assert "data:image/png" in ticket and "ditutup" not in ticket and client.get("/antrean/tiket.pdf").status_code == 200


def test_the_days_page_says_which_days_have_no_service_as_the_settings_have_it(app, client):
    page = " ".join(client.get("/antrean").get_data(as_text=True).split())
    assert "Sabtu, Minggu dan hari libur (termasuk cuti bersama) tidak ada layanan antrean." in page
    db.session.add_all([Setting(key="calendar.saturday_working", value="1"),
                        Setting(key="calendar.cuti_bersama_working", value="1")])
    db.session.commit()
    page = " ".join(client.get("/antrean").get_data(as_text=True).split())
    assert "Minggu dan hari libur tidak ada layanan antrean." in page and "Sabtu, Minggu dan" not in page


def test_move_to_another_day_keeps_the_code_and_gives_the_old_place_back(app, client, job_seeker_factory):
    js = job_seeker_factory()
    day, later = bookable_day(), bookable_day(2)
    assert _book(client, day, js).status_code == 303
    booking = _active(js)
    code, old_window = booking.booking_code, booking.window_id
    service.ensure_days([later])
    target = db.session.get(ServiceDay, later).windows[3]
    page = client.get("/antrean/tiket").get_data(as_text=True)
    assert f'value="{later.isoformat()}|{target.id}"' in page
    response = client.post("/antrean/tiket/pindah", data={"pilihan": f"{later.isoformat()}|{target.id}"})
    assert response.status_code == 303
    ticket = client.get("/antrean/tiket").get_data(as_text=True)
    assert "Antrean dipindahkan ke" in ticket and rules.indonesian_date(later) in ticket
    moved = _active(js)
    assert (moved.id, moved.booking_code, moved.day, moved.window_id) == (booking.id, code, later, target.id)
    assert db.session.get(ServiceDay, day).booked == 0 and db.session.get(ServiceWindow, old_window).booked == 0
    assert db.session.get(ServiceDay, later).booked == 1 and db.session.get(ServiceWindow, target.id).booked == 1
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(
        AuditLog.object_type == "QueueBooking", AuditLog.summary == "dipindahkan oleh pendaftar")) == 1


def _as_read_before(booking: QueueBooking) -> QueueBooking:
    """The booking as a second request read it before the first one's change was committed."""
    return QueueBooking(id=booking.id, day=booking.day, window_id=booking.window_id,
                        queue_number=booking.queue_number, status=codes.BOOKING_BOOKED)


def _cancel_twice_at_once(booking: QueueBooking) -> QueueBooking:
    """Cancel, then cancel again as a second request that read the booking before the first."""
    seen_by_second = _as_read_before(booking)
    service.cancel(booking)
    with pytest.raises(service.QueueError, match="Pemesanan ini sudah dibatalkan."):
        service.cancel(seen_by_second)
    return booking


def test_the_same_cancel_or_move_sent_twice_at_once_changes_it_once(app, client, job_seeker_factory):
    """A double tap sends the second request before the first is committed: it read the booking
    as still booked. When it runs, the first has given the place back already (the day's and the
    window's counts are 0 here), and it is told what happened instead of an error page."""
    day, later, third = bookable_day(), bookable_day(2), bookable_day(3)
    js = job_seeker_factory()
    assert _book(client, day, js).status_code == 303
    booking = _cancel_twice_at_once(_active(js))
    assert (db.session.get(ServiceDay, day).booked, db.session.get(ServiceWindow, booking.window_id).booked) == (0, 0)
    # on a day with other bookings the second one's give-back would not go below zero: same answer
    (neighbour,) = make_job_seekers(1, start=500)
    assert _book(app.test_client(), day, neighbour).status_code == 303
    assert _book(client, day, js).status_code == 303
    booking = _cancel_twice_at_once(_active(js))
    assert db.session.get(ServiceDay, day).booked == 1
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(
        AuditLog.summary == "dibatalkan oleh pendaftar")) == 2  # one for each booking, none for a repeat

    other = job_seeker_factory(full_name="Dedi Mulyadi", sex="L")
    assert _book(app.test_client(), day, other).status_code == 303
    booking = _active(other)
    seen_by_second = _as_read_before(booking)
    service.ensure_days([later, third])
    target, second_target = (db.session.get(ServiceDay, d).windows[0].id for d in (later, third))
    service.move(booking, later, target)
    with pytest.raises(service.QueueError, match="Status pemesanan sudah berubah"):
        service.move(seen_by_second, third, second_target)
    moved = _active(other)
    assert (moved.day, moved.window_id) == (later, target)
    assert [db.session.get(ServiceDay, d).booked for d in (day, later, third)] == [1, 1, 0]  # the neighbour stays


def test_move_into_a_full_window_changes_nothing(app, client, job_seeker_factory):
    db.session.add(Setting(key="queue.daily_quota", value="10"))
    db.session.commit()
    js = job_seeker_factory()
    day = bookable_day()
    assert _book(client, day, js).status_code == 303
    sd = db.session.get(ServiceDay, day)
    _fill(day, window_index=4)
    full = sd.windows[4]
    response = client.post("/antrean/tiket/pindah", data={"pilihan": f"{day.isoformat()}|{full.id}"})
    assert response.status_code == 303
    assert "sudah penuh" in client.get("/antrean/tiket").get_data(as_text=True)
    db.session.expire_all()
    assert _active(js).window_id == sd.windows[0].id
    assert [w.booked for w in db.session.get(ServiceDay, day).windows] == [1, 0, 0, 0, 2]
    assert db.session.get(ServiceDay, day).booked == 3


def test_same_day_move_keeps_the_number(app, client, job_seeker_factory):
    js = job_seeker_factory()
    day = bookable_day()
    assert _book(client, day, js).status_code == 303
    sd = db.session.get(ServiceDay, day)
    client.post("/antrean/tiket/pindah", data={"pilihan": f"{day.isoformat()}|{sd.windows[2].id}"})
    moved = _active(js)
    assert (moved.queue_number, moved.window_id) == (1, sd.windows[2].id)
    db.session.expire_all()
    assert [w.booked for w in db.session.get(ServiceDay, day).windows] == [0, 0, 1, 0, 0]
    assert db.session.get(ServiceDay, day).booked == 1


def test_manage_with_unknown_code_is_an_error_at_the_field(app, client):
    page = client.post("/antrean/kelola", data={"booking_code": "ZZZZ-9999"}).get_data(as_text=True)
    assert "Kode pemesanan tidak ditemukan" in page
    assert client.get("/antrean/tiket").status_code == 302
    assert client.get("/antrean/tiket.pdf").status_code == 404


def test_posts_need_csrf_and_are_rate_limited(make_app, job_seeker_factory):
    app = make_app(WTF_CSRF_ENABLED=True, QUEUE_POST_LIMIT="3 per minute")
    with app.app_context():
        client = app.test_client()
        day = bookable_day()
        assert client.post(f"/antrean/pesan/{day.isoformat()}", data={"submission_key": "x"}).status_code == 400
        token = csrf_token(client.get("/antrean/kelola").get_data(as_text=True))
        statuses = [client.post("/antrean/kelola", data={"booking_code": "ABCD2345", "csrf_token": token}).status_code
                    for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert "Terlalu banyak" in client.post("/antrean/kelola", data={"csrf_token": token}).get_data(as_text=True)


def test_pages_are_indonesian_phone_friendly_and_load_nothing_from_the_internet(app, client, job_seeker_factory):
    js = job_seeker_factory()
    day = bookable_day()
    pages = [client.get("/antrean"), client.get(f"/antrean/pesan/{day.isoformat()}")]
    _book(client, day, js)
    pages += [client.get("/antrean/tiket"), client.get("/antrean/layar"), client.get("/antrean/kelola")]
    for response in pages:
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert '<html lang="id">' in html
        assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
        assert "http://" not in html.replace("http://localhost", "") and "https://" not in html
    assert rules.indonesian_date(day).split(",")[0] in pages[1].get_data(as_text=True)


def test_a_booking_left_open_on_a_past_day_does_not_keep_the_person_out(app, client, runner, job_seeker_factory):
    js = job_seeker_factory()
    past = service.office_now().date() - timedelta(days=3)
    db.session.add(ServiceDay(day=past, quota=100, booked=1, issued=1))
    db.session.add(QueueBooking(job_seeker_id=js.id, day=past, queue_number=1, booking_code="PAST2345",
                                status=codes.BOOKING_BOOKED))
    db.session.commit()
    day = bookable_day()
    assert _book(client, day, js).status_code == 303
    old = db.session.scalar(select(QueueBooking).where(QueueBooking.booking_code == "PAST2345"))
    assert old.status == codes.BOOKING_NO_SHOW and _active(js).day == day
    assert db.session.scalar(select(AuditLog).where(AuditLog.object_id == str(old.id),
                                                    AuditLog.summary.like("ditutup otomatis%")))
    # the daily job closes the others (a checked-in person the desk never marked)
    other = job_seeker_factory(full_name="Dedi Kurnia", sex="L")
    db.session.add(QueueBooking(job_seeker_id=other.id, day=past, queue_number=2, booking_code="PAST6789",
                                status=codes.BOOKING_CHECKED_IN))
    db.session.commit()
    result = runner.invoke(args=["queue", "close-past"])
    assert result.exit_code == 0 and result.output.startswith("1 antrean")
    # they came (checked in): closed as served, not as a no-show
    assert db.session.scalar(select(QueueBooking.status).where(QueueBooking.booking_code == "PAST6789")) \
        == codes.BOOKING_SERVED
    assert _active(js).day == day  # today's and future bookings are left alone


def test_the_ticket_can_be_closed_on_a_shared_computer(app, client, job_seeker_factory):
    js = job_seeker_factory()
    day = bookable_day()
    assert _book(client, day, js).status_code == 303
    assert client.get("/antrean/tiket").status_code == 200
    response = client.post("/antrean/tiket/tutup")
    assert response.status_code == 303
    assert "Tiket ditutup di perangkat ini" in client.get("/antrean").get_data(as_text=True)
    assert client.get("/antrean/tiket").status_code == 302  # gone from this browser
    assert _active(js).day == day  # the booking itself stays


def test_a_day_created_after_a_holiday_was_entered_is_created_closed(app):
    day = bookable_day(3)
    assert db.session.get(ServiceDay, day) is None
    db.session.add(Holiday(day=day, name="Cuti bersama tambahan", kind="cuti_bersama", source="manual"))
    db.session.commit()
    service.ensure_days([day])  # as a booking does when another process still had the old calendar
    created = db.session.get(ServiceDay, day)
    assert created.closed and created.closed_reason == "Hari libur: Cuti bersama tambahan"
