"""Staff use the panel in headless Chromium: log in, see their menus, open and save a form.

Screenshots go to test-artifacts/ so a person can look at them.
"""
from __future__ import annotations

import os
import threading
from datetime import date
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


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
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

    page.goto(f"{live_server}/admin/pencaker/new/")
    page.fill("#nik", "3604051708980001")
    page.fill("#full_name", "Dede Supriatna")
    page.fill("#birth_place", "Serang")
    page.fill("#birth_date", "1998-08-18")  # does not match the NIK
    page.select_option("#sex", "L", force=True)
    page.select_option("#kecamatan", "36.04.05", force=True)
    page.select_option("#education_level", "SMK", force=True)
    page.click("input[type=submit][value='Simpan']")
    page.wait_for_load_state()
    assert "tidak sesuai dengan tanggal lahir" in page.content()
    assert page.input_value("#full_name") == "Dede Supriatna"  # nothing typed is lost
    page.screenshot(path=str(ARTIFACTS / "admin-pencaker-error.png"), full_page=True)

    page.fill("#birth_date", "1998-08-17")
    page.click("input[type=submit][value='Simpan']")
    page.wait_for_url(f"{live_server}/admin/pencaker/")
    assert "Dede Supriatna" in page.content()
    assert "Data berhasil disimpan" in page.content() or "berhasil" in page.content()

    page.click("text=Keluar")
    page.wait_for_url(f"{live_server}/masuk")
    page.goto(f"{live_server}/admin/pencaker/")
    assert page.url.startswith(f"{live_server}/masuk")
