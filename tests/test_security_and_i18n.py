"""CSRF on every state change, security headers, Indonesian formats."""
from __future__ import annotations

import html
import re
from datetime import date

from flask_babel import format_date, format_decimal
from sqlalchemy import select

from domain import queue as queue_rules
from domain import roles
from extensions import db
from models import Holiday, Setting, User
from tests.conftest import PASSWORD


def test_forged_posts_without_csrf_token_change_nothing(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from cli import create_user

        create_user("admin9", "Admin", roles.ADMIN, PASSWORD)
        holiday = Holiday(day=date(2026, 12, 25), name="Natal", kind="nasional")
        db.session.add(holiday)
        db.session.commit()
        client = app.test_client()
        # Login itself needs the token.
        assert client.post("/masuk", data={"username": "admin9", "password": PASSWORD}).status_code == 400
        page = client.get("/masuk").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        assert client.post("/masuk", data={"username": "admin9", "password": PASSWORD,
                                           "csrf_token": token}).status_code == 302
        forged = [
            ("/admin/hari_libur/delete/", {"id": holiday.id}),
            ("/admin/hari_libur/action/", {"action": "delete", "rowid": holiday.id}),
            (f"/admin/hari_libur/edit/?id={holiday.id}", {"day": "2026-12-26", "name": "Diubah", "kind": "lokal"}),
            ("/admin/hari_libur/new/", {"day": "2026-12-31", "name": "Baru", "kind": "lokal"}),
            ("/admin/pengguna/new/", {"username": "penyusup", "full_name": "X", "role": "admin",
                                      "new_password": "sandi-panjang-sekali"}),
            ("/akun/kata-sandi", {"current_password": PASSWORD, "new_password": "x" * 12, "confirm": "x" * 12}),
        ]
        for url, data in forged:
            response = client.post(url, data=data)
            assert response.status_code in (400, 200), url
            if response.status_code == 200:  # Flask-Admin re-renders the form with the CSRF error
                assert "Token keamanan" in response.get_data(as_text=True) or "kedaluwarsa" in \
                    response.get_data(as_text=True), url
        db.session.expire_all()
        assert [h.name for h in db.session.scalars(select(Holiday))] == ["Natal"]
        assert db.session.scalar(select(User).where(User.username == "penyusup")) is None
        assert client.post("/keluar").status_code == 400  # logout without token is refused too
        assert client.get("/admin/").status_code == 200


def test_a_failed_statement_does_not_carry_personal_data_into_the_logs(app, job_seeker_factory):
    """An error logged with its traceback shows the SQL and which rule failed, never the values: a
    second active registration with the same NIK fails, and neither the NIK nor the name is in
    the error (PostgreSQL quotes the refused key in its DETAIL; SQLAlchemy, the parameters)."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from models import JobSeeker

    first = job_seeker_factory(full_name="Rahmat Hidayat", nik="3604051705010001")
    nik, registered_on, birth_date, status = first.nik, first.registered_on, first.birth_date, first.status
    twin = JobSeeker(registration_number="AK1-3604-2026-TWIN01", registered_on=registered_on, nik=nik,
                     full_name="Kembaran Rahasia", birth_place="Serang", birth_date=birth_date, sex="L",
                     kecamatan_code="36.04.05", education_level="SMK", status=status)
    db.session.add(twin)
    with pytest.raises(IntegrityError) as failed:
        db.session.commit()
    db.session.rollback()
    text = str(failed.value)
    assert "INSERT INTO job_seeker" in text and ("uq_job_seeker_active_nik" in text or "UNIQUE" in text), text
    assert nik not in text and "Kembaran Rahasia" not in text and "2001-05-17" not in text, text
    assert nik not in str(failed.value.orig)


def test_every_engine_hides_parameters_whatever_pool_options_are_set(make_app):
    other = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 3})
    assert other.config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_size": 3, "hide_parameters": True}
    with other.app_context():
        assert db.engines and all(engine.hide_parameters for engine in db.engines.values())  # the autocommit pool too


def test_the_bookings_own_cursor_raises_errors_without_the_values(app, job_seeker_factory):
    """services.queue._DriverCursor raises its own SQLAlchemy errors: they lose the values too."""
    import pytest
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from models import JobSeeker
    from services.queue import _DriverCursor

    first = job_seeker_factory(full_name="Rahmat Hidayat", nik="3604051705010001")
    row = {"registration_number": "AK1-3604-2026-TWIN02", "registered_on": first.registered_on, "nik": first.nik,
           "full_name": "Kembaran Rahasia", "birth_place": "Serang", "birth_date": first.birth_date, "sex": "L",
           "kecamatan_code": "36.04.05", "education_level": "SMK", "status": first.status}
    nik = first.nik
    db.session.commit()
    with pytest.raises(IntegrityError) as failed:
        with _DriverCursor(db.engine) as cursor:
            cursor.run(insert(JobSeeker.__table__), row, tuple(row))
    text = str(failed.value) + str(failed.value.orig)
    assert "job_seeker" in text and nik not in text and "Kembaran Rahasia" not in text, text


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_indonesian_dates_and_numbers(app):
    with app.test_request_context():
        assert format_date(date(2026, 11, 23), "full") == "Senin, 23 November 2026"
        assert format_date(date(2025, 8, 17), "d MMMM y") == "17 Agustus 2025"
        assert format_decimal(1234567.89) == "1.234.567,89"
        # a date with its weekday: the day not padded, in templates and in messages alike
        assert app.jinja_env.filters["tanggal_panjang"](date(2026, 12, 7)) == "Senin, 7 Desember 2026"
        assert queue_rules.indonesian_date(date(2026, 12, 7)) == "Senin, 7 Desember 2026"


def test_dashboard_shows_the_date_in_indonesian(login_as):
    client, _ = login_as(roles.PIMPINAN)
    page = client.get("/admin/").get_data(as_text=True)
    assert any(day in page for day in ("Senin,", "Selasa,", "Rabu,", "Kamis,", "Jumat,", "Sabtu,", "Minggu,"))


def test_public_home_page_is_indonesian(client):
    page = client.get("/").get_data(as_text=True)
    assert 'lang="id"' in page and "kartu kuning" in page and "Jam layanan" in page


def test_error_pages_are_indonesian(login_as):
    client, _ = login_as(roles.MEDIATOR)
    page = client.get("/admin/pengguna/").get_data(as_text=True)
    assert "Akses ditolak" in page
    assert "Halaman tidak ditemukan" in client.get("/tidak-ada").get_data(as_text=True)


def test_setting_values_are_validated_in_the_panel(login_as):
    client, _ = login_as(roles.ADMIN)
    page = client.post("/admin/pengaturan/new/", data={"key": "ak1.min_age", "value": "delapan"}).get_data(as_text=True)
    assert "Harus berupa bilangan bulat tidak negatif." in page
    assert client.post("/admin/pengaturan/new/", data={"key": "ak1.min_age", "value": "17"}).status_code == 302
    from services.settings import get_setting

    assert get_setting("ak1.min_age") == 17
    # the key has a dot: the list's links carry it escaped ("ak1..min_age"), and they open the row
    listing = client.get("/admin/pengaturan/").get_data(as_text=True)
    edit_url = html.unescape(re.search(r'href="(/admin/pengaturan/edit/\?id=ak1\.\.min_age[^"]*)"', listing).group(1))
    form = client.get(edit_url)
    assert form.status_code == 200 and 'value="17"' in form.get_data(as_text=True)
    assert client.post(edit_url, data={"key": "ak1.min_age", "value": "18"}).status_code == 302
    assert get_setting("ak1.min_age") == 18
    details = html.unescape(re.search(r'href="(/admin/pengaturan/details/\?id=[^"]*)"', listing).group(1))
    assert client.get(details).status_code == 200
    assert "modelActions.execute('delete')" not in listing  # no bulk delete: one row at a time
    client.post("/admin/pengaturan/delete/", data={"id": "ak1..min_age", "url": "/admin/pengaturan/"})
    assert db.session.get(Setting, "ak1.min_age") is None  # deleted: back to the default


def test_mediation_case_list_for_pimpinan_has_no_create_button(login_as):
    client, _ = login_as(roles.PIMPINAN)
    page = client.get("/admin/mediasi/").get_data(as_text=True)
    assert "/admin/mediasi/new/" not in page
    assert "/admin/mediasi/export/csv/" in page


def test_pages_load_nothing_from_the_internet(client, login_as):
    """Staff and citizens on the office network or a slow phone: every stylesheet and script is
    served by us, and none of our stylesheets imports a font or file from elsewhere."""
    import re

    staff, _ = login_as(roles.ADMIN)
    for page in ("/admin/", "/", "/daftar", "/antrean"):
        html = (staff if page.startswith("/admin") else client).get(page).get_data(as_text=True)
        assets = re.findall(r'<(?:link|script)[^>]+(?:href|src)="([^"]+)"', html)
        assert assets, page
        for url in assets:
            assert url.startswith("/"), (page, url)
            if url.split("?")[0].endswith(".css"):
                with staff.get(url) as response:  # static files are streamed: close them
                    assert response.status_code == 200, url
                    css = response.get_data(as_text=True)
                assert not re.search(r"@import\s+url\(\s*['\"]?https?:", css), url


def test_the_site_has_an_icon(client):
    with client.get("/favicon.ico") as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
        assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
        assert "max-age=604800" in icon.headers["Cache-Control"]
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").get_data(as_text=True)
    with client.get("/static/favicon.svg") as svg:
        assert svg.data.startswith(b"<svg")
