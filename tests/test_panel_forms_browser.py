"""A message about a case's inline rows is seen, not only present in the page.

Screenshot: test-artifacts/mediation-sessions-message.png.
"""
from __future__ import annotations

from datetime import date

from domain import roles
from extensions import db
from models import MediationCase, MediationSession
from tests.test_browser import ARTIFACTS, _login, browser, live_server, pytestmark  # noqa: F401 (fixtures, markers)


def test_a_message_about_the_sessions_is_visible(app, live_server, browser, make_user):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    case = MediationCase(register_number="HI/009/XI/2026", registered_on=date(2026, 11, 2), dispute_type="hak",
                         status="mediasi", worker_count=1, worker_party="Rudi Hartono", company_name="PT Karya",
                         delegated_on=date(2026, 11, 10))
    case.sessions.append(MediationSession(held_on=date(2026, 11, 12), kind="mediasi"))
    db.session.add(case)
    db.session.commit()
    make_user(roles.MEDIATOR, username="mediator_lihat")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _login(page, live_server, "mediator_lihat")
    page.goto(f"{live_server}/admin/mediasi/edit/?id={case.id}")
    page.fill("#sessions-0-held_on", "2026-11-05")  # before the hand-over on 10 November
    page.keyboard.press("Escape")
    page.click("input[type=submit][value='Simpan']")
    page.wait_for_load_state()
    message = page.get_by_text("Sidang tidak boleh sebelum perkara dilimpahkan ke mediator")
    message.scroll_into_view_if_needed()
    assert message.is_visible()
    page.screenshot(path=str(ARTIFACTS / "mediation-sessions-message.png"))
