"""The panel's date picker speaks Indonesian and reaches back far enough for a birth date.

Screenshot: test-artifacts/admin-datepicker.png.
"""
from __future__ import annotations

from domain import roles
from tests.test_browser import ARTIFACTS, _login, browser, live_server, pytestmark  # noqa: F401 (fixtures, markers)


def test_the_date_picker_is_indonesian(app, live_server, browser, make_user):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    make_user(roles.MEDIATOR, username="mediator_tgl")
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    _login(page, live_server, "mediator_tgl")
    page.goto(f"{live_server}/admin/mediasi/new/")
    page.click("#registered_on")
    picker = page.locator(".daterangepicker:visible")
    picker.wait_for()
    text = picker.inner_text()
    assert "Sn" in text and "Sl" in text and "Mo" not in text and "Tu" not in text
    months = picker.locator("select.monthselect option").all_inner_texts()
    assert "Agu" in months and "Des" in months
    years = picker.locator("select.yearselect option").all_inner_texts()
    assert "1930" in years  # a birth date or an old registration can be picked
    page.screenshot(path=str(ARTIFACTS / "admin-datepicker.png"))
    picker.locator("td.available:not(.off)", has_text="15").first.click()  # one click picks the day
    assert page.input_value("#registered_on").endswith("-15")  # still YYYY-MM-DD for the form
