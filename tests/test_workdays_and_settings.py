from __future__ import annotations

from datetime import date

from domain import roles
from domain import settings as settings_rules
from domain.kecamatan import KECAMATAN
from domain.workdays import Calendar, indonesian_holidays
from extensions import db


def test_weekends_and_holidays_are_not_working_days():
    cal = Calendar(holidays=frozenset({date(2026, 12, 25)}), collective_leave=frozenset({date(2026, 12, 24)}))
    assert cal.is_working_day(date(2026, 12, 23))  # Wednesday
    assert not cal.is_working_day(date(2026, 12, 24))  # cuti bersama, not working by default
    assert not cal.is_working_day(date(2026, 12, 25))
    assert not cal.is_working_day(date(2026, 12, 26))  # Saturday
    assert cal.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert cal.working_days_between(date(2026, 12, 23), date(2026, 12, 28)) == 1


def test_settings_for_saturday_and_cuti_bersama():
    cal = Calendar(collective_leave=frozenset({date(2026, 12, 24)}), saturday_is_working_day=True,
                   collective_leave_is_working_day=True)
    assert cal.is_working_day(date(2026, 12, 24)) and cal.is_working_day(date(2026, 12, 26))
    assert not cal.is_working_day(date(2026, 12, 27))  # Sunday never


def test_holidays_package_gives_public_holidays_and_cuti_bersama():
    rows = indonesian_holidays([2025])
    kinds = {kind for _, _, kind in rows}
    assert {"nasional", "cuti_bersama"} <= kinds
    days = {day for day, _, _ in rows}
    assert date(2025, 8, 17) in days  # Hari Kemerdekaan


def test_twenty_nine_kecamatan():
    assert len(KECAMATAN) == 29
    assert KECAMATAN["36.04.08"] == "Pulo Ampel" and KECAMATAN["36.04.35"] == "Lebak Wangi"
    assert all(code.startswith("36.04.") for code in KECAMATAN)


def test_setting_validation_messages():
    assert settings_rules.validate("ak1.min_age", "18") is None
    assert settings_rules.validate("ak1.min_age", "delapan belas") == "Harus berupa bilangan bulat tidak negatif."
    assert settings_rules.validate("queue.first_window", "25:00") == "Format jam HH:MM, misalnya 08:00."
    assert settings_rules.validate("tidak.ada", "1") == "Kunci pengaturan tidak dikenal."


def test_a_holiday_entered_after_people_booked_closes_the_day_and_their_tickets_say_so(app, client, login_as,
                                                                                       job_seeker_factory):
    from models import ServiceDay
    from tests.queue_helpers import bookable_day
    from tests.test_queue_booking import _book

    day = bookable_day()
    assert _book(client, day, job_seeker_factory()).status_code == 303
    staff, _ = login_as(roles.PELAYANAN)
    response = staff.post("/admin/hari_libur/new/", data={"day": day.isoformat(), "name": "Cuti bersama Natal",
                                                         "kind": "nasional"}, follow_redirects=True)
    assert "1 orang sudah memesan" in response.get_data(as_text=True)
    service_day = db.session.get(ServiceDay, day)
    assert service_day.closed and service_day.closed_reason == "Hari libur: Cuti bersama Natal"
    ticket = client.get("/antrean/tiket").get_data(as_text=True)
    assert "Layanan pada tanggal ini ditutup: Hari libur: Cuti bersama Natal." in ticket and "Pindahkan" in ticket

    # entered by mistake and deleted: the day opens again and the ticket no longer warns
    from models import Holiday

    holiday = db.session.scalar(db.select(Holiday).where(Holiday.day == day))
    assert staff.post("/admin/hari_libur/delete/", data={"id": holiday.id}).status_code == 302
    db.session.expire_all()
    assert not db.session.get(ServiceDay, day).closed
    assert "ditutup" not in client.get("/antrean/tiket").get_data(as_text=True)


def test_seeding_holidays_closes_a_service_day_already_made_for_one_of_them(app, runner):
    from models import ServiceDay

    new_year = date(2027, 1, 1)
    db.session.add(ServiceDay(day=new_year, quota=100, booked=0, issued=0))
    db.session.commit()
    result = runner.invoke(args=["seed", "holidays", "--year", "2027"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    service_day = db.session.get(ServiceDay, new_year)
    assert service_day.closed and service_day.closed_reason.startswith("Hari libur: ")
