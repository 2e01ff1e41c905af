"""A list's search text and filter values, kept out of the staff panel's URLs.

Flask-Admin puts a list's search (`search=`) and filters (`flt0_...=`) in the query string, and
they are often a NIK or a person's name: in the address bar, the browser's history, bookmarks and
any log of full URLs. Here they travel encrypted instead: the list's search and filter forms post
them (CSRF-checked; static/js/admin-list-state.js switches the forms to POST), and the panel answers
with a redirect to the list whose URL carries them sealed in one parameter, `?cari=<token>`
(Fernet: AES with an HMAC, under a key derived from SECRET_KEY). The pager, sort, page-size and
export links carry the same sealed state. A token opens only for the user and the list it was
made for, for TOKEN_HOURS; any other shows the whole list with a message. A list URL with the
plain parameters (a browser without JavaScript, an old bookmark) is answered with a redirect to
the sealed URL, so there the first request still carries them in plain text.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import contextmanager

from cryptography.fernet import Fernet, InvalidToken
from flask import g, request
from werkzeug.datastructures import MultiDict

import sealing

TOKEN_PARAM = "cari"
TOKEN_HOURS = 12
MAX_VALUE = 200  # characters of one search text or filter value (the sealed URL must stay short)
EXPIRED_MESSAGE = "Pencarian atau saringan daftar ini sudah kedaluwarsa; silakan cari lagi."
TOO_LONG_MESSAGE = f"Teks pencarian atau nilai saringan terlalu panjang (paling banyak {MAX_VALUE} karakter)."


def is_private(name: str) -> bool:
    """The parameters that may hold personal data: the search text and the filters' values."""
    return name == "search" or name.startswith("flt")


def split(pairs: Iterable[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(public, private) parameters; an empty search and the token itself are dropped."""
    public, private = [], []
    for name, value in pairs:
        if name == TOKEN_PARAM or (name == "search" and not value.strip()):
            continue
        (private if is_private(name) else public).append((name, value))
    return public, private


def _fernet() -> Fernet:
    return sealing.fernet(b"admin-list-state")


def too_long(pairs: Iterable[tuple[str, str]]) -> bool:
    return any(is_private(name) and len(value) > MAX_VALUE for name, value in pairs)


def seal(private: list[tuple[str, str]], owner: str) -> str:
    """`owner`: the user and the list the token is for (security.SecureModelView._list_owner)."""
    payload = {"owner": owner, "params": private}
    return _fernet().encrypt(json.dumps(payload, ensure_ascii=False).encode()).decode("ascii")


def unseal(token: str, owner: str) -> list[tuple[str, str]] | None:
    """The private parameters in `token`, or None when it is not ours, damaged, too old, or made
    for another user or list."""
    try:
        payload = json.loads(_fernet().decrypt(token.encode("ascii"), ttl=TOKEN_HOURS * 3600))
    except (InvalidToken, UnicodeEncodeError, ValueError):
        return None
    pairs = payload.get("params") if isinstance(payload, dict) and payload.get("owner") == owner else None
    if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) and is_private(p[0])
            for p in pairs):
        return None
    return [(name, value) for name, value in pairs]


def sealed_query(pairs: Iterable[tuple[str, str]], owner: str) -> list[tuple[str, str]]:
    """The same parameters with the private ones replaced by one sealed token."""
    public, private = split(pairs)
    return public + [(TOKEN_PARAM, seal(private, owner))] if private else public


def effective_args(owner: str) -> MultiDict | None:
    """The request's parameters with its sealed state opened (None: the token does not open);
    opened once per request."""
    token = request.args.get(TOKEN_PARAM)
    public, _ = split(request.args.items(multi=True))
    if token is None:
        return MultiDict(public)
    opened = g.setdefault("admin_list_state", {})
    if (token, owner) not in opened:
        opened[(token, owner)] = unseal(token, owner)
    private = opened[(token, owner)]
    return None if private is None else MultiDict(public + private)


@contextmanager
def request_args(args: MultiDict):
    """Let Flask-Admin's own code read `args` as the request's parameters for a moment."""
    saved = request.args
    request.args = args
    try:
        yield
    finally:
        request.args = saved
