"""Flask's signed-cookie session, with its signing serializer made once per app and key set."""
from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

CACHE_KEY = "cookie_session_serializer"


class CookieSessionInterface(SecureCookieSessionInterface):
    """The same cookies as Flask's default session (same format, salt, signature and keys).

    Flask builds a new itsdangerous serializer on every request, twice when the session changes
    (to read the cookie, then to write it), and each build JSON-encodes an empty dict to find out
    whether the serializer works in text. The serializer keeps nothing of a request, so one per
    app is enough; a changed SECRET_KEY or SECRET_KEY_FALLBACKS gets a new one."""

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = app.extensions.get(CACHE_KEY)
        if cached is None or cached[0] != keys:
            cached = (keys, super().get_signing_serializer(app))
            app.extensions[CACHE_KEY] = cached
        return cached[1]


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
