"""The session cookie (cookie_session.py): Flask's format, signed with the app's current keys."""
from __future__ import annotations

from flask import Flask, session
from flask.sessions import SecureCookieSessionInterface

import cookie_session


def _app(secret: str, fallbacks=(), ours=True) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=secret, SECRET_KEY_FALLBACKS=list(fallbacks), TESTING=True)
    if ours:
        cookie_session.init_app(app)
    else:
        app.session_interface = SecureCookieSessionInterface()

    @app.post("/put/<int:value>")
    def put(value):
        session["ticket"] = value
        return "ok"

    @app.get("/get")
    def get():
        return str(session.get("ticket"))

    return app


def _cookie_from(app: Flask, value: int) -> str:
    client = app.test_client()
    client.post(f"/put/{value}")
    return client.get_cookie("session").value


def _read_with(app: Flask, cookie: str) -> str:
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client.get("/get").get_data(as_text=True)


def test_the_cookie_is_flask_s_own_format_both_ways():
    ours, flask_default = _app("k1"), _app("k1", ours=False)
    assert _read_with(flask_default, _cookie_from(ours, 21)) == "21"
    assert _read_with(ours, _cookie_from(flask_default, 34)) == "34"


def test_a_new_secret_key_is_used_at_once_and_the_old_one_only_as_a_fallback():
    app = _app("old-key")
    cookie = _cookie_from(app, 7)
    assert _read_with(app, cookie) == "7"
    app.config["SECRET_KEY"] = "new-key"  # the key is rotated in the running app
    assert _read_with(app, cookie) == "None"  # signed with a key no longer trusted: an empty session
    app.config["SECRET_KEY_FALLBACKS"] = ["old-key"]
    assert _read_with(app, cookie) == "7"
    assert _read_with(_app("new-key"), _cookie_from(app, 8)) == "8"  # new cookies carry the new key


def test_a_large_session_is_compressed_and_both_formats_read_both_ways():
    ours, flask_default = _app("k1"), _app("k1", ours=False)

    @ours.post("/big")
    @flask_default.post("/big", endpoint="big")
    def big():
        session["notes"] = ["Antrean dipesan untuk hari Senin."] * 40  # 1,400 bytes of JSON
        return "ok"

    @ours.get("/notes")
    @flask_default.get("/notes", endpoint="notes")
    def notes():
        return str(len(session.get("notes", [])))

    for writer, reader in ((ours, flask_default), (flask_default, ours)):
        client = writer.test_client()
        client.post("/big")
        cookie = client.get_cookie("session").value
        assert cookie.startswith(".") and len(cookie) < 400  # zlib, marked as itsdangerous marks it
        other = reader.test_client()
        other.set_cookie("session", cookie)
        assert other.get("/notes").get_data(as_text=True) == "40"
    small = _cookie_from(ours, 5)
    assert not small.startswith(".")  # a few short values are not offered to zlib


def test_a_tampered_cookie_is_an_empty_session():
    app = _app("k1")
    cookie = _cookie_from(app, 9)
    payload, _, rest = cookie.partition(".")
    tampered = _cookie_from(app, 10).partition(".")[0] + "." + rest  # another payload, this signature
    assert _read_with(app, cookie) == "9" and _read_with(app, tampered) == "None"
