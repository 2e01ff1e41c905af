"""The CSRF check (csrf_protect.py) accepts exactly what Flask-WTF accepts and refuses the rest
with Flask-WTF's own answer."""
from __future__ import annotations

import logging

import pytest
from flask import Flask, session
from flask_wtf.csrf import generate_csrf
from itsdangerous import URLSafeTimedSerializer

import cookie_session
from csrf_protect import CSRFProtect


@pytest.fixture
def site():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k1", TESTING=True, WTF_CSRF_TIME_LIMIT=3600)
    cookie_session.init_app(app)
    protect = CSRFProtect(app)

    @app.get("/form")
    def form():
        return generate_csrf()

    @app.post("/change")
    def change():
        session["changed"] = session.get("changed", 0) + 1
        return "ok"

    @app.post("/hook")
    @protect.exempt
    def hook():
        return "exempt"

    return app


def _token(client) -> str:
    return client.get("/form").get_data(as_text=True)


def test_the_page_s_token_passes_and_a_missing_or_foreign_one_is_refused_as_flask_wtf_refuses_it(site, caplog):
    client = site.test_client()
    token = _token(client)
    assert client.post("/change", data={"csrf_token": token}).status_code == 200
    assert client.post("/change", headers={"X-CSRFToken": token}).status_code == 200  # the header works too
    caplog.set_level(logging.INFO, logger="flask_wtf.csrf")
    assert client.post("/change").status_code == 400
    foreign = URLSafeTimedSerializer("another-key", salt="wtf-csrf-token").dumps("x" * 40)
    assert client.post("/change", data={"csrf_token": foreign}).status_code == 400
    other = site.test_client()
    assert other.post("/change", data={"csrf_token": token}).status_code == 400  # another browser's session
    assert [r.getMessage() for r in caplog.records] == [
        "The CSRF token is missing.", "The CSRF token is invalid.", "The CSRF session token is missing."]
    assert client.post("/hook").get_data(as_text=True) == "exempt"


def test_an_expired_token_is_refused(site, monkeypatch, caplog):
    client = site.test_client()
    token = _token(client)
    import itsdangerous.timed

    later = itsdangerous.timed.time.time() + 3601
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    caplog.set_level(logging.INFO, logger="flask_wtf.csrf")
    assert client.post("/change", data={"csrf_token": token}).status_code == 400
    assert [r.getMessage() for r in caplog.records] == ["The CSRF token has expired."]


def test_on_https_the_referrer_must_be_this_site(site):
    client = site.test_client()
    token = client.get("/form", base_url="https://layanan.example").get_data(as_text=True)

    def post(referrer):
        headers = {"Referer": referrer} if referrer else {}
        return client.post("/change", data={"csrf_token": token}, base_url="https://layanan.example",
                           headers=headers).status_code

    assert post("https://layanan.example/antrean") == 200
    assert post("https://lain.example/") == 400
    assert post(None) == 400


def test_a_new_csrf_key_invalidates_the_old_tokens(site):
    site.config["WTF_CSRF_SECRET_KEY"] = "c1"
    client = site.test_client()
    token = _token(client)
    assert client.post("/change", data={"csrf_token": token}).status_code == 200
    site.config["WTF_CSRF_SECRET_KEY"] = "c2"  # the session (SECRET_KEY) stays valid
    assert client.post("/change", data={"csrf_token": token}).status_code == 400
    assert client.post("/change", data={"csrf_token": _token(client)}).status_code == 200


def test_a_valid_token_is_checked_once_with_the_kept_serializer(site, monkeypatch):
    import flask_wtf.csrf

    calls = []
    real = flask_wtf.csrf.validate_csrf
    monkeypatch.setattr(flask_wtf.csrf, "validate_csrf", lambda *a, **k: (calls.append(1), real(*a, **k))[1])
    client = site.test_client()
    token = _token(client)
    assert client.post("/change", data={"csrf_token": token}).status_code == 200
    assert calls == []  # Flask-WTF's own check runs only for a token refused here
    assert client.post("/change", data={"csrf_token": token + "x"}).status_code == 400
    assert calls == [1]
