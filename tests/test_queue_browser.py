"""A citizen books a queue place on a 360-px phone, the desk calls a number, the board shows it.

Screenshots go to test-artifacts/queue-*.png so a person can look at them.
"""
from __future__ import annotations

from domain import roles
from domain import queue as rules
from extensions import db
from models import QueueBooking, ServiceDay
from services import queue as service
from tests.conftest import PASSWORD
from tests.queue_helpers import bookable_day, make_job_seekers, open_today
from tests.test_browser import ARTIFACTS, browser, live_server, pytestmark  # noqa: F401 (fixtures, markers)

PHONE = {"width": 360, "height": 740}


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_book_on_a_phone_then_the_board_shows_the_called_number(app, live_server, browser, make_user):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    day = bookable_day()
    service.ensure_days([day])
    early = db.session.get(ServiceDay, day).windows[0]
    early_bookings = [service.book(js, day, early.id)  # the 08:00 window is already full
                      for js in make_job_seekers(early.quota, start=500)]
    (citizen,) = make_job_seekers(1)
    citizen.full_name = "Siti Rahmawati"
    (walker,) = make_job_seekers(1, start=900)
    walker.full_name = "Dede Supriatna"
    db.session.commit()
    today = open_today()  # the counter is open today, on a weekend too (staff can open any day in the panel)
    make_user(roles.PELAYANAN, username="loket", full_name="Yanti Nurhasanah")

    phone = browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True, has_touch=True)
    page = phone.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{live_server}/antrean")
    assert rules.indonesian_date(day) in page.inner_text(".q-days")
    _no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "queue-days-phone.png"), full_page=True)

    page.click(f'a[href="/antrean/pesan/{day.isoformat()}"]')
    page.wait_for_url(f"**/antrean/pesan/{day.isoformat()}")
    assert page.is_disabled(f'input[name="sesi"][value="{early.id}"]')
    # Pick the full window anyway by sending the form the way an old page would: the server decides.
    page.evaluate(f'document.querySelector(\'input[name="sesi"][value="{early.id}"]\').disabled = false')
    page.check(f'input[name="sesi"][value="{early.id}"]')
    page.fill("#registration_number", citizen.registration_number)
    page.fill("#birth_date", "2001-05-17")
    _no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "queue-form-phone.png"), full_page=True)
    page.click("button[type=submit].btn-block")
    page.wait_for_load_state()
    message = page.inner_text("#pesan-galat")
    assert f"Maaf, sesi 08.00–09.00 WIB pada {rules.indonesian_date(day)} sudah penuh." in message
    assert page.input_value("#registration_number") == citizen.registration_number
    _no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "queue-full-window-phone.png"), full_page=True)

    page.click("button.q-choice >> nth=0")  # 09.00–10.00, the closest free window
    page.wait_for_url("**/antrean/tiket")
    assert page.inner_text("#nomor-antrean") == f"{early.quota + 1:03d}"
    assert page.inner_text("#sesi-antrean") == "09.00–10.00 WIB"
    assert page.inner_text("#tanggal-antrean") == rules.indonesian_date(day)
    assert "Ada 20 orang di depan Anda." in page.inner_text("#di-depan")
    code = page.inner_text("#kode-pemesanan")
    booking = service.find_by_code(code)
    assert booking is not None and booking.job_seeker_id == citizen.id
    _no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "queue-ticket-phone.png"), full_page=True)
    pdf = page.request.get(f"{live_server}/antrean/tiket.pdf")  # with the phone's session cookie
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")

    # The queue desk on a desktop screen: a walk-in gets today's number and is called.
    desk = browser.new_page(viewport={"width": 1366, "height": 800}, locale="id-ID")
    desk.goto(f"{live_server}/admin/loket/")
    desk.fill("#username", "loket")
    desk.fill("#password", PASSWORD)
    desk.click("button[type=submit]")
    desk.wait_for_url(f"{live_server}/admin/loket/")
    desk.fill("#nomor_pendaftaran", walker.registration_number)
    desk.click("text=Beri nomor")
    desk.wait_for_load_state()
    assert "Datang langsung: nomor 001 diberikan dan tercatat hadir." in desk.content()
    desk.click("#panggil-berikutnya")
    desk.wait_for_load_state()
    assert "Memanggil nomor 001." in desk.content()
    desk.screenshot(path=str(ARTIFACTS / "queue-desk.png"), full_page=True)
    called = db.session.scalar(db.select(QueueBooking).where(QueueBooking.job_seeker_id == walker.id))
    assert called.served_by.full_name == "Yanti Nurhasanah"

    # The board, on the phone and on the waiting room's TV.
    page.goto(f"{live_server}/antrean/layar")
    assert page.inner_text("#nomor-dipanggil") == "001"
    page.fill("#booking_code", code)
    page.click("text=Cek posisi")
    page.wait_for_load_state()
    assert "ada 20 orang di depan Anda" in page.inner_text("#posisi")
    assert code not in page.url  # the booking code never goes into an address
    _no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "queue-board-phone.png"), full_page=True)

    tv = browser.new_page(viewport={"width": 1280, "height": 720}, locale="id-ID")
    tv.goto(f"{live_server}/antrean/layar")
    assert tv.inner_text("#nomor-dipanggil") == "001"
    # The desk calls again: the board updates itself without a reload.
    (second,) = make_job_seekers(1, start=950)
    service.book(second, today, None, walk_in=True, key="second-walk-in")
    desk.click("#panggil-berikutnya")
    desk.wait_for_load_state()
    tv.wait_for_function("document.getElementById('nomor-dipanggil').textContent === '002'", timeout=15000)
    assert tv.inner_text("#dipanggil-lain") == "001"
    # Someone ahead of the citizen cancels: the phone's answer moves without a reload.
    service.cancel(db.session.get(QueueBooking, early_bookings[0].id))
    page.wait_for_function("document.getElementById('posisi-keterangan').textContent === "
                           "'ada 19 orang di depan Anda.'", timeout=15000)
    tv.screenshot(path=str(ARTIFACTS / "queue-board-tv.png"))
    # Staff close today's counter: the waiting room is told, without a reload.
    sd = db.session.get(ServiceDay, today)
    sd.closed, sd.closed_reason = True, "gangguan listrik"
    db.session.commit()
    tv.wait_for_selector("#tutup:not([hidden])", timeout=15000)
    assert tv.inner_text("#tutup").startswith("Layanan antrean hari ini ditutup: gangguan listrik.")
    tv.screenshot(path=str(ARTIFACTS / "queue-board-tv-closed.png"))

    local = ("http://127.0.0.1", "data:")
    assert all(url.startswith(local) for url in requests), [u for u in requests if not u.startswith(local)]
    phone.close()
