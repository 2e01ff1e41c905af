"""Flask's signed-cookie session, with its signing serializer made once per app and key set."""
from __future__ import annotations

import zlib

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode, want_bytes

CACHE_KEY = "cookie_session_serializer"
COMPRESS_FROM = 512
"""Payloads (JSON) at least this long are offered to zlib, as itsdangerous does with every payload;
a session of a few short values (a CSRF token, a ticket id) never gets shorter by it."""


class KeyCachingSigner(TimestampSigner):
    """itsdangerous' timestamp signer, deriving each signing key once per signer instead of on
    every signature (the same keys: HMAC of the salt, as configured)."""

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        cache = self.__dict__.setdefault("_derived_keys", {})
        key = cache.get(secret_key)
        if key is None:
            key = cache[secret_key] = super().derive_key(secret_key)
        return key


class SigningSerializer(URLSafeTimedSerializer):
    """itsdangerous' URL-safe timed serializer (the session's, and the CSRF check's in
    csrf_protect.py), with one signer per salt kept for the serializer's life (a signer keeps only
    its keys and settings), and zlib only for payloads of COMPRESS_FROM bytes or more. What it
    writes any itsdangerous reader loads (a compressed payload is marked with a leading "." as
    before), and it loads what Flask's and Flask-WTF's own serializers write."""

    default_signer = KeyCachingSigner

    def make_signer(self, salt: str | bytes | None = None):
        signers = self.__dict__.setdefault("_signers", {})
        signer = signers.get(salt)
        if signer is None:
            signer = signers[salt] = super().make_signer(salt)
        return signer

    def dump_payload(self, obj) -> bytes:
        json = want_bytes(self.serializer.dumps(obj, **self.serializer_kwargs))
        if len(json) >= COMPRESS_FROM:  # as URLSafeSerializerMixin.dump_payload
            compressed = zlib.compress(json)
            if len(compressed) < len(json) - 1:
                return b"." + base64_encode(compressed)
        return base64_encode(json)


class CookieSessionInterface(SecureCookieSessionInterface):
    """The same cookies as Flask's default session (same format, salt, signature and keys).

    Flask builds a new itsdangerous serializer on every request, twice when the session changes
    (to read the cookie, then to write it), and each build JSON-encodes an empty dict to find out
    whether the serializer works in text; each signature derives its key again, and each cookie
    written is offered to zlib. The serializer keeps nothing of a request, so one per app is
    enough; a changed SECRET_KEY or SECRET_KEY_FALLBACKS gets a new one."""

    def get_signing_serializer(self, app: Flask):
        if not app.secret_key:
            return None
        fallbacks = tuple(app.config.get("SECRET_KEY_FALLBACKS") or ())
        keys = (app.secret_key, fallbacks)
        cached = app.extensions.get(CACHE_KEY)
        if cached is None or cached[0] != keys:
            serializer = SigningSerializer(
                [*fallbacks, app.secret_key],  # itsdangerous signs with the last key
                salt=self.salt, serializer=self.serializer,
                signer_kwargs={"key_derivation": self.key_derivation, "digest_method": self.digest_method})
            cached = (keys, serializer)
            app.extensions[CACHE_KEY] = cached
        return cached[1]


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
