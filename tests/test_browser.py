"""Staff use the panel in headless Chromium: log in, see their menus, open and save a form.

Screenshots go to test-artifacts/ so a person can look at them.
"""
from __future__ import annotations

import logging
import os
import re
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from domain import roles
from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (make system-deps)"),
]


def _whole_responses(app):
    """The app with each response read to its end (and closed) before the server sends it. When the
    browser drops a connection mid-response (a page closed while its favicon loads), Werkzeug's
    development server leaves a streamed static file open, and under `filterwarnings = error` the
    ResourceWarning fails whichever test is running (seen once in CI)."""

    def serve(environ, start_response):
        result = app(environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            if hasattr(result, "close"):
                result.close()

    return serve


@pytest.fixture
def live_server(app):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # request lines are not the test's output
    server = make_server("127.0.0.1", 0, _whole_responses(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


def _login(page, base, username):
    page.goto(f"{base}/admin/")
    assert page.url.startswith(f"{base}/masuk")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def test_pelayanan_registers_a_walk_in_in_the_browser(live_server, browser, make_user, job_seeker_factory):
    ARTIFACTS.mkdir(exist_ok=True)
    from tests.queue_helpers import open_today

    open_today()  # a service day whatever day this runs on
    job_seeker_factory(full_name="Siti Rahmawati", registered_on=date(2026, 11, 2))
    make_user(roles.PELAYANAN, username="loket")
    page = browser.new_page(viewport={"width": 1366, "height": 800}, locale="id-ID")
    _login(page, live_server, "loket")
    assert "Selamat datang" in page.content()
    menu = page.inner_text("nav")
    assert "Kartu AK-1" in menu and "Mediasi HI" not in menu and "Pengguna" not in menu
    page.screenshot(path=str(ARTIFACTS / "admin-dashboard-pelayanan.png"), full_page=True)

    page.goto(f"{live_server}/admin/pencaker/")
    assert "Siti Rahmawati" in page.content()
    page.screenshot(path=str(ARTIFACTS / "admin-pencaker-list.png"), full_page=True)

    page.goto(f"{live_server}/admin/daftar_langsung/")
    _fill_registration(page, birth_date="1998-08-18")  # does not match the NIK
    page.click("form.register-form button[type=submit]")
    page.wait_for_load_state()
    assert "tidak sesuai dengan tanggal lahir" in page.content()
    assert page.input_value("#full_name") == "Dede Supriatna"  # nothing typed is lost
    page.screenshot(path=str(ARTIFACTS / "admin-desk-error.png"), full_page=True)

    page.fill("#birth_date", "1998-08-17")
    page.check("#privacy_ack")
    page.check("#truth_ack")
    page.click("form.register-form button[type=submit]")
    page.wait_for_url(f"{live_server}/admin/daftar_langsung/selesai")
    assert "Pendaftaran tersimpan" in page.content() and "Dede Supriatna" in page.content()
    page.screenshot(path=str(ARTIFACTS / "admin-desk-done.png"), full_page=True)

    page.click("#walk-in-number")  # the person waits at the office: today's number from the receipt page
    page.wait_for_url(f"{live_server}/admin/loket/")
    assert "Datang langsung: nomor 001 diberikan dan tercatat hadir." in page.content()
    assert "Dede Supriatna" in page.content()  # in the day's table, checked in
    page.screenshot(path=str(ARTIFACTS / "admin-queue-desk-walk-in.png"), full_page=True)

    page.goto(f"{live_server}/admin/kartu/")  # the card desk: the person checked in, their KTP in hand
    page.fill("input[name=q]", "3604051708980001")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r".*/admin/kartu/kartu/\d+$"))
    identity = page.inner_text(".identity")
    assert "3604051708980001" in identity and "17 Agustus 1998" in identity and "Belum ada foto" in identity
    page.screenshot(path=str(ARTIFACTS / "admin-card-page-identity.png"), full_page=True)

    page.click("text=Keluar")
    page.wait_for_url(f"{live_server}/masuk")
    page.goto(f"{live_server}/admin/pencaker/")
    assert page.url.startswith(f"{live_server}/masuk")


def _fill_registration(page, birth_date="1998-08-17", nik="3604051708980001", name="Dede Supriatna"):
    page.fill("#nik", nik)
    page.fill("#kk_number", "3604051708980009")
    page.fill("#full_name", name)
    page.fill("#birth_place", "Serang")
    page.fill("#birth_date", birth_date)
    page.select_option("#sex", "L")
    page.select_option("#religion", "islam")
    page.select_option("#marital_status", "belum_kawin")
    page.fill("#address_street", "Kp. Pamengkang No. 5")
    page.fill("#desa", "Pamengkang")
    page.select_option("#kecamatan", "36.04.05")
    page.fill("#phone", "0812 3456 7890")
    page.select_option("#education-0-level", "SMK")
    page.fill("#education-0-school", "SMK Negeri 1 Kramatwatu")
    page.fill("#education-0-graduation_year", "2016")
    page.check("#privacy_ack")
    page.check("#truth_ack")


def test_citizen_registers_on_a_phone_and_checks_status(live_server, browser, tmp_path):
    from tests import photo_samples

    ARTIFACTS.mkdir(exist_ok=True)
    photo = tmp_path / "pasfoto.jpg"
    photo.write_bytes(photo_samples.jpeg(600, 800, gps=True))
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="id-ID")
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{live_server}/")
    page.screenshot(path=str(ARTIFACTS / "public-home-phone.png"), full_page=True)
    # every action on the home page is a target a thumb can hit (at least 44 px high, on one line)
    heights = page.eval_on_selector_all(".actions a", "links => links.map(a => [a.textContent.trim(), "
                                        "a.getBoundingClientRect().height, a.getClientRects().length])")
    assert len(heights) == 7 and all(h >= 44 and lines == 1 for _, h, lines in heights), heights
    page.click("text=Daftar online")
    page.wait_for_url(f"{live_server}/daftar")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling

    _fill_registration(page, nik="3604051708980001")
    page.fill("#phone", "0812 34")  # a mistake first
    page.set_input_files("#photo", str(photo))
    page.click("form.register-form button[type=submit]")
    page.wait_for_load_state()
    assert "Nomor HP Indonesia tidak valid" in page.content()
    assert page.input_value("#full_name") == "Dede Supriatna"
    assert "Foto sudah diterima" in page.content()
    page.locator("#phone").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "public-daftar-error-phone.png"), full_page=False)

    # A photo over the limit is refused at the field when chosen, before any upload.
    big = tmp_path / "besar.jpg"
    big.write_bytes(b"\xff\xd8" + bytes(6 * 1024 * 1024))
    page.set_input_files("#photo", str(big))
    assert page.inner_text(".field .error-size") == "Ukuran foto paling besar 5 MB."
    assert page.evaluate("document.querySelector('#photo').files.length") == 0
    page.locator("#photo").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "public-daftar-photo-too-big-phone.png"), full_page=False)

    page.fill("#phone", "0812 3456 7890")
    page.check("#privacy_ack")
    page.check("#truth_ack")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    # A second tap while the first send is on its way sends nothing more.
    page.evaluate("""() => { const form = document.querySelector('form.register-form');
                             form.requestSubmit(); form.requestSubmit(); }""")
    page.wait_for_url(f"{live_server}/daftar/tanda-terima")
    assert posts == [f"{live_server}/daftar"]
    number = page.inner_text("dl.facts dd >> nth=0")
    code = page.inner_text("#access-code")
    assert number.startswith("AK1-3604-") and len(code) == 11
    page.screenshot(path=str(ARTIFACTS / "public-receipt-phone.png"), full_page=True)

    page.goto(f"{live_server}/status")
    page.fill("#registration_number", number)
    page.fill("#birth_date", "1998-08-17")
    page.click("main button[type=submit]")
    page.wait_for_selector("#hasil")
    assert "Diajukan" in page.inner_text("#hasil")
    assert "1998" not in page.url and number not in page.url  # nothing personal in the address bar
    page.screenshot(path=str(ARTIFACTS / "public-status-phone.png"), full_page=True)
    assert all(url.startswith(live_server) for url in requests)  # no assets from the internet
    context.close()


def test_a_name_searched_in_the_panel_list_never_appears_in_the_address(live_server, browser, make_user,
                                                                       job_seeker_factory):
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("Ahmad Fauzi", "Bambang Wiryawan", "Cicih Suherman"):
        job_seeker_factory(full_name=name)
    make_user(roles.PENGANTAR_KERJA, username="pk")
    page = browser.new_page(viewport={"width": 1366, "height": 800}, locale="id-ID")
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    _login(page, live_server, "pk")
    page.goto(f"{live_server}/admin/pencaker/")
    page.fill("input[name=search]", "Wiryawan")
    page.press("input[name=search]", "Enter")
    page.wait_for_url("**/admin/pencaker/?cari=*")
    assert "Bambang Wiryawan" in page.content() and "Ahmad Fauzi" not in page.content()
    assert page.input_value("input[name=search]") == "Wiryawan"
    page.screenshot(path=str(ARTIFACTS / "admin-pencaker-search.png"), full_page=True)
    page.click("th a:has-text('Nama lengkap')")  # sorting keeps the search
    page.wait_for_load_state()
    assert "Bambang Wiryawan" in page.content() and "Ahmad Fauzi" not in page.content()
    assert "sort=" in page.url
    assert not [url for url in requested if "Wiryawan" in url]
    page.click("text=Tambah saring")
    page.click(".dropdown-menu a.filter:has-text('Kecamatan')")
    page.keyboard.press("Escape")  # the operation's drop-down opens with the new filter row
    page.fill("table.filters input.filter-val", "Kramat")
    page.click("#filter_form button[type=submit]")
    page.wait_for_url("**/admin/pencaker/?*cari=*")
    page.screenshot(path=str(ARTIFACTS / "admin-pencaker-filter.png"), full_page=True)
    assert "Bambang Wiryawan" in page.content() and "Ahmad Fauzi" not in page.content()  # the search is kept
    assert page.input_value("input[name=search]") == "Wiryawan"
    assert page.input_value("table.filters input.filter-val") == "Kramat"
    assert not [url for url in requested if "Wiryawan" in url or "Kramat" in url or "flt" in url]


def test_lapor_on_a_phone_shows_the_job_fields_only_for_a_new_job(app, live_server, browser, make_user,
                                                                   job_seeker_factory):
    from domain import codes
    from extensions import db
    from services import cards
    from tests.test_cards import check_in

    officer = make_user(roles.PENGANTAR_KERJA, username="pk_lapor", nip="198012312005012001")
    js = job_seeker_factory()
    js.status = codes.JS_VERIFIED
    db.session.commit()
    check_in(js)
    cards.print_card(js, officer, officer)
    js.events[-1].occurred_on -= timedelta(days=30)  # handed over a month ago: a report is possible today
    db.session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server}/lapor")
    page.fill("#registration_number", js.registration_number)
    page.fill("#birth_date", js.birth_date.isoformat())
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server}/lapor/isi")
    assert page.is_hidden("#bila-bekerja")  # still looking for work: nothing else to fill in
    box = page.locator('input[name="outcome"][value="mencari"]').bounding_box()
    assert box["width"] >= 20 and box["height"] >= 20  # a radio a thumb can hit
    page.check('input[name="outcome"][value="bekerja"]')
    assert page.is_visible("#bila-bekerja") and page.is_visible("#employer")
    page.screenshot(path=str(ARTIFACTS / "public-lapor-phone.png"), full_page=True)
    page.check('input[name="outcome"][value="mencari"]')
    assert page.is_hidden("#bila-bekerja")
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    assert "Lapor diri ke-1 tercatat" in page.content()
