"""Values the browser may carry but must not be able to read: encrypted and authenticated with
Fernet (AES with an HMAC, with a timestamp) under a key derived from SECRET_KEY for one purpose.

Flask's session cookie is signed, not encrypted: anything put in it can be read by whoever holds
the cookie. A search text in a staff list's URL (admin/list_state.py) or a new registration's access
code in the session (public/routes.py, the receipt) is sealed here first.
"""
from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

_CACHE_KEY = "sealing_fernets"


def fernet(purpose: bytes) -> Fernet:
    """The Fernet of this app's SECRET_KEY for `purpose` (a different key per purpose)."""
    secret = current_app.secret_key
    cache = current_app.extensions.setdefault(_CACHE_KEY, {})
    cached = cache.get(purpose)
    if cached is None or cached[0] != secret:
        raw = secret.encode() if isinstance(secret, str) else secret
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(raw)
        cached = cache[purpose] = (secret, Fernet(base64.urlsafe_b64encode(key)))
    return cached[1]


def seal(purpose: bytes, text: str) -> str:
    return fernet(purpose).encrypt(text.encode()).decode("ascii")


def unseal(purpose: bytes, token, max_age_seconds: int) -> str | None:
    """What `token` holds, or None when it is damaged, not ours, or older than max_age_seconds."""
    if not isinstance(token, str):
        return None
    try:
        return fernet(purpose).decrypt(token.encode("ascii"), ttl=max_age_seconds).decode()
    except (InvalidToken, UnicodeError, ValueError):
        return None
