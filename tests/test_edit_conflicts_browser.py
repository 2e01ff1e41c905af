"""Two officers in two browsers edit the same registration: the later save is stopped, shows the
colleague's change at its field, keeps what was typed, and goes through on the second press.

Screenshot: test-artifacts/edit-conflict.png.
"""
from __future__ import annotations

from domain import roles
from extensions import db
from models import JobSeeker
from tests.test_browser import ARTIFACTS, _login, browser, live_server, pytestmark  # noqa: F401 (fixtures, markers)


def test_a_colleagues_save_is_shown_not_undone(app, live_server, browser, make_user,  # noqa: F811
                                               job_seeker_factory):
    ARTIFACTS.mkdir(exist_ok=True)
    js = job_seeker_factory(phone="+6281211112222", address_street="Kp. Lama")
    make_user(roles.PENGANTAR_KERJA, username="pk_satu")
    make_user(roles.PELAYANAN, username="loket_dua")
    url = f"{live_server}/admin/pencaker/edit/?id={js.id}"
    first = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
    second = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
    _login(first, live_server, "pk_satu")
    _login(second, live_server, "loket_dua")
    first.goto(url)

    second.goto(url)
    second.fill("#phone", "0813 9999 0000")
    second.click("input[type=submit][value='Simpan']")
    second.wait_for_url(f"{live_server}/admin/pencaker/**")
    assert "berhasil disimpan" in second.content()

    first.fill("#address_street", "Kp. Baru RT 02")
    first.click("input[type=submit][value='Simpan']")
    first.wait_for_load_state()
    text = first.inner_text("body")
    assert "Belum disimpan: sejak formulir ini dibuka, data ini sudah diubah" in text
    assert "Isian Anda tadi: \u201c+6281211112222\u201d" in text
    assert first.input_value("#phone") == "+6281399990000"
    assert first.input_value("#address_street") == "Kp. Baru RT 02"
    first.locator("#phone").scroll_into_view_if_needed()
    first.screenshot(path=str(ARTIFACTS / "edit-conflict.png"), full_page=False)

    first.click("input[type=submit][value='Simpan']")
    first.wait_for_url(f"{live_server}/admin/pencaker/**")
    assert "berhasil disimpan" in first.content()
    db.session.expire_all()
    stored = db.session.get(JobSeeker, js.id)
    assert (stored.phone, stored.address_street) == ("+6281399990000", "Kp. Baru RT 02")
