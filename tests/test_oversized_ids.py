"""A number too large to be a record's id names no record: the page says "not found" (or the form
says what is wrong), never 500. SQLite refuses integers over 2**63 and PostgreSQL compares ids
as 32-bit integers, so both databases are checked with values past each limit."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from domain import ids, roles
from extensions import db
from models import QueueBooking
from tests.queue_helpers import bookable_day, submission_key

HUGE = ["2147483648", "9999999999", "99999999999999999999"]


@pytest.mark.parametrize("huge", HUGE)
def test_staff_pages_answer_not_found_for_ids_no_record_can_have(login_as, huge):
    client, _ = login_as(roles.PELAYANAN)  # a role with the register, verification and the card desk
    for url in (f"/admin/pencaker/details/?id={huge}", f"/admin/pencaker/edit/?id={huge}",
                f"/admin/kartu/kartu/{huge}", f"/admin/verifikasi/periksa/{huge}",
                f"/admin/verifikasi/foto/{huge}"):
        response = client.get(url)
        assert response.status_code in (302, 404), (url, response.status_code)
    # a page number past any list shows an empty page of that list, not an error
    for url in (f"/admin/pencaker/?page={huge}", f"/admin/verifikasi/?halaman={huge}", f"/admin/kartu/bkk?bkk_id={huge}"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


@pytest.mark.parametrize("huge", HUGE)
def test_a_booking_form_naming_no_window_is_answered_at_the_form(app, client, job_seeker_factory, huge):
    js = job_seeker_factory()
    day = bookable_day()
    page = client.get(f"/antrean/pesan/{day.isoformat()}").get_data(as_text=True)
    typed = {"registration_number": js.registration_number, "birth_date": "2001-05-17"}
    response = client.post(f"/antrean/pesan/{day.isoformat()}",
                           data={"submission_key": submission_key(page), "sesi": huge, **typed})
    assert response.status_code == 409
    page_after = response.get_data(as_text=True)
    assert "Pilih salah satu sesi." in page_after
    assert js.registration_number in page_after  # what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(QueueBooking)) == 0
    # An offered alternative ("pilihan") that names no window is ignored: the form's own choice counts.
    response = client.post(f"/antrean/pesan/{day.isoformat()}", data={
        "submission_key": submission_key(page), "sesi": "", "pilihan": f"{day.isoformat()}|{huge}", **typed})
    assert response.status_code == 303
    booking = db.session.scalar(select(QueueBooking))
    assert booking.day == day and booking.window is not None and booking.window.day == day


@pytest.mark.parametrize("text, expected", [
    ("1", 1), (" 42 ", 42), (str(ids.MAX_ID), ids.MAX_ID), (str(ids.MAX_ID + 1), None), ("0", None), ("-3", None),
    ("", None), (None, None), ("12a", None), ("١٢", None), ("9" * 40, None), (7, 7), (True, None),
])
def test_parse_id(text, expected):
    assert ids.parse_id(text) == expected
