"""Login, lockout, rate limits, session tokens, logout by POST, safe next=."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from domain import roles
from extensions import db
from models import AuditLog, User, utcnow
from tests.conftest import PASSWORD, login


def test_login_page_is_indonesian_and_wrong_password_is_refused(client, make_user):
    make_user(roles.PELAYANAN, username="rina")
    page = client.get("/masuk").get_data(as_text=True)
    assert "Masuk petugas" in page and "Kata sandi" in page
    response = login(client, "rina", "salah-sekali-123")
    assert response.status_code == 401
    body = response.get_data(as_text=True)
    assert "Nama pengguna atau kata sandi salah." in body
    assert 'value="rina"' in body  # what the person typed is kept
    assert client.get("/admin/").status_code == 302


def test_unknown_user_gets_the_same_message(client):
    response = login(client, "tidak-ada", "apa-saja-123456")
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in response.get_data(as_text=True)


def test_successful_login_lands_on_panel_and_is_audited(client, make_user):
    user = make_user(roles.PIMPINAN, username="kadis")
    response = login(client, "KADIS")  # usernames are case-insensitive
    assert response.status_code == 302 and response.location == "/admin/"
    assert "Selamat datang" in client.get("/admin/").get_data(as_text=True)
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.user_id == user.id)).all()
    assert "masuk" in actions


def test_account_locks_after_repeated_failures(app, client, make_user):
    user = make_user(roles.MEDIATOR, username="mediator1")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        login(client, "mediator1", "salah-salah-salah")
    db.session.refresh(user)
    assert user.locked_until is not None and user.locked_until > utcnow()
    right = login(client, "mediator1")  # even the right password is refused while locked
    assert right.status_code == 401
    # and the answer is the same for the right password, a wrong one and a name that does not exist:
    # a guesser learns neither that the account exists nor that a guess was right
    wrong = login(client, "mediator1", "tebakan-lain-lagi")
    unknown = login(client, "tidak-ada-orangnya", "tebakan-lain-lagi")
    alerts = {re.search(r'role="alert">([^<]*)<', r.get_data(as_text=True)).group(1) for r in (right, wrong, unknown)}
    assert len(alerts) == 1 and "akun dikunci sementara" in alerts.pop()
    assert {r.status_code for r in (wrong, unknown)} == {401}
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert login(client, "mediator1").status_code == 302


def test_login_attempts_are_rate_limited_per_ip(make_app):
    app = make_app(LOGIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        client = app.test_client()
        codes = [login(client, "siapa", "salah-salah-salah").status_code for _ in range(4)]
        assert codes[:3] == [401, 401, 401]
        assert codes[3] == 429
        assert "Terlalu banyak" in login(client, "siapa", "x").get_data(as_text=True)


def test_logout_is_post_only_and_invalidates_the_old_cookie(app, login_as):
    client, user = login_as(roles.PELAYANAN)
    assert client.get("/keluar").status_code == 405
    stolen = client.get_cookie("session").value
    response = client.post("/keluar")
    assert response.status_code == 302 and response.location == "/masuk"
    assert client.get("/admin/").status_code == 302
    # A copy of the cookie taken before logout no longer opens the panel.
    other = app.test_client()
    other.set_cookie("session", stolen)
    assert other.get("/admin/").status_code == 302


def test_password_change_ends_other_sessions(app, login_as):
    client, user = login_as(roles.PENGANTAR_KERJA)
    second = app.test_client()
    assert login(second, user.username).status_code == 302
    response = client.post("/akun/kata-sandi", data={
        "current_password": PASSWORD, "new_password": "sandi-baru-yang-panjang", "confirm": "sandi-baru-yang-panjang"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200  # this session continues with the new token
    assert second.get("/admin/").status_code == 302  # the other one is logged out


def test_password_change_errors_are_shown_at_the_field(login_as):
    client, _ = login_as(roles.PENGANTAR_KERJA)
    page = client.post("/akun/kata-sandi", data={"current_password": "salah", "new_password": "pendek",
                                                 "confirm": "lain"}).get_data(as_text=True)
    assert "Kata sandi baru minimal 10 karakter." in page
    assert "Kedua kata sandi baru tidak sama." in page


def test_deactivation_and_role_change_end_sessions(app, login_as):
    client, user = login_as(roles.PELAYANAN)
    admin_client, _ = login_as(roles.ADMIN)
    form = {"username": user.username, "full_name": user.full_name, "role": roles.PIMPINAN, "active": "y"}
    response = admin_client.post(f"/admin/pengguna/edit/?id={user.id}", data=form)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302  # role changed: old session is gone
    client2 = app.test_client()
    assert login(client2, user.username).status_code == 302
    form.pop("active")
    admin_client.post(f"/admin/pengguna/edit/?id={user.id}", data=form)
    assert db.session.get(User, user.id).active is False
    assert client2.get("/admin/").status_code == 302
    assert login(app.test_client(), user.username).status_code == 401


def test_next_parameter_only_follows_local_paths(client, make_user):
    make_user(roles.ADMIN, username="admin2")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = client.post(f"/masuk?next={target}", data={"username": "admin2", "password": PASSWORD})
        assert response.location == "/admin/", target
        client.post("/keluar")
    response = client.post("/masuk?next=/admin/mediasi/", data={"username": "admin2", "password": PASSWORD})
    assert response.location == "/admin/mediasi/"


def test_anonymous_admin_visit_goes_to_login_with_next(client):
    response = client.get("/admin/pencaker/?search=abc&sort=2")
    assert response.status_code == 302
    assert response.location.startswith("/masuk?next=/admin/pencaker/")
    assert "sort" in response.location and "abc" not in response.location  # no search text in the login URL


def test_session_cookie_is_httponly_and_samesite(login_as):
    client, _ = login_as(roles.PELAYANAN)
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"
