"""Per-address rate limits on the requests people could abuse (logging in, looking up a
registration, booking or changing a queue place, verifying a card), kept by the `limits` library.

    from ratelimit import limit

    @bp.route("/masuk", methods=["GET", "POST"])
    @limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
    def login(): ...

A limit is a `limits` string ("20 per minute;200 per hour"), or a function returning one (read
from the config at request time). Each view counts on its own, per client address
(request.remote_addr: behind nginx, ProxyFix sets it from X-Forwarded-For, see
TRUSTED_PROXIES), in fixed windows. A request over any of its view's limits is answered 429 with
the app's Indonesian page and the view does not run; no X-RateLimit-* or Retry-After headers
(browsers ignore them, the page says to wait, and they would tell a guesser how many tries
remain). RATELIMIT_STORAGE_URI chooses where the
counters live: memory:// in each process (the default), redis://... shared by all gunicorn
workers.

When the shared store cannot be reached (Redis down or restarting), the limits keep working on
counters in each process (StoreWithFallback) and a warning is logged; the shared store is tried
again after STORE_RETRY_SECONDS. People can still log in, look up and book meanwhile, each
worker limiting on its own; what they book is guarded by the database, never by these limits.

Why not Flask-Limiter, which this app used before with the same settings: it is built on
`limits` too, but evaluates its whole machinery twice on every request (a before-request hook for
application-wide and default limits, which this app does not have, then the decorator), parsing
the limit strings each time. Measured in one process on a queue booking (valgrind's callgrind):
4.54 million instructions with Flask-Limiter, 3.81 million with it switched off; this module's
check is 1.3 % of the booking's py-spy samples against Flask-Limiter's 10.6 % (bench/README.md).
"""
from __future__ import annotations

import logging
import time
from functools import lru_cache, wraps

from flask import Flask, abort, current_app, request
from limits import parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

EXTENSION_KEY = "ratelimit"
STORE_RETRY_SECONDS = 30.0
"""After the shared store failed, how long each process counts on its own before trying it again."""
REDIS_TIMEOUT_SECONDS = 1.0
"""Connect and read timeouts for a Redis store (redis-py waits without limit by default): a
store that does not answer must not hold a request for longer."""
log = logging.getLogger(__name__)


class MemoryStorageSweptInline(MemoryStorage):
    """limits' in-process store without a thread per request.

    limits' MemoryStorage starts a `threading.Timer` (10 ms) on every hit whose previous timer has
    ended, only to drop expired counters. Under load that is a new thread for most requests, and
    the request waits until the thread has started: one gunicorn worker started 1,288 threads for
    2,201 queue bookings, about 1 ms per request. A counter past its expiry is already ignored when
    read (`MemoryStorage.get` drops it), so nothing about the limits changes if the sweep runs
    inline instead, at most once a second."""

    SWEEP_SECONDS = 1.0

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._next_sweep = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the timer thread of MemoryStorage
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + self.SWEEP_SECONDS
            self._MemoryStorage__expire_events()


def storage_for(uri: str):
    """The counters' store for RATELIMIT_STORAGE_URI; a shared store raises limits' StorageError
    when it cannot be reached."""
    scheme = uri.split(":", 1)[0]
    if scheme == "memory":
        return MemoryStorageSweptInline()
    options = {}
    if scheme.startswith(("redis", "rediss")):
        options = {"socket_connect_timeout": REDIS_TIMEOUT_SECONDS, "socket_timeout": REDIS_TIMEOUT_SECONDS}
    return storage_from_string(uri, wrap_exceptions=True, **options)


class StoreWithFallback:
    """A fixed-window limiter on the configured store which, while a shared store cannot be
    reached, counts in this process instead (a warning logged once per STORE_RETRY_SECONDS)."""

    def __init__(self, storage, retry_seconds: float = STORE_RETRY_SECONDS):
        self.storage = storage
        self.shared = FixedWindowRateLimiter(storage)
        self.local = None if isinstance(storage, MemoryStorage) else FixedWindowRateLimiter(MemoryStorageSweptInline())
        self.retry_seconds = retry_seconds
        self._shared_down_until = 0.0

    def hit(self, item, *identifiers: str) -> bool:
        if self.local is not None and time.monotonic() < self._shared_down_until:
            return self.local.hit(item, *identifiers)
        try:
            return self.shared.hit(item, *identifiers)
        except StorageError as exc:
            if self.local is None:
                raise
            self._shared_down_until = time.monotonic() + self.retry_seconds
            log.warning("rate-limit store unreachable (%s); counting in this process for %.0f s",
                        type(exc.storage_error).__name__, self.retry_seconds)
            return self.local.hit(item, *identifiers)


def init_app(app: Flask) -> None:
    check_configured_limits(app.config)
    app.extensions[EXTENSION_KEY] = StoreWithFallback(storage_for(app.config["RATELIMIT_STORAGE_URI"]))


def check_configured_limits(config) -> None:
    """Refuse to start with a limit setting (a *_LIMIT key) that is not a valid limit: a typo
    would otherwise break every request of the views it guards."""
    for key, value in config.items():
        if key.endswith("_LIMIT") and isinstance(value, str) and value.strip():
            try:
                _items(value)
            except ValueError as exc:
                raise RuntimeError(f"{key}={value!r} is not a rate limit (e.g. '20 per minute;200 per hour')") from exc


def storage(app: Flask | None = None):
    """The app's counter store (for tests and maintenance)."""
    return (app or current_app).extensions[EXTENSION_KEY].storage


@lru_cache(maxsize=64)
def _items(text: str) -> tuple:
    return tuple(parse_many(text))


def limit(provider, methods: list[str] | None = None):
    """Limit the decorated view per client address; only `methods` are counted (None: all)."""
    counted = frozenset(m.upper() for m in methods) if methods else None

    def decorate(view):
        scope = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def limited(*args, **kwargs):
            if counted is None or request.method in counted:
                text = provider() if callable(provider) else provider
                limiter = current_app.extensions[EXTENSION_KEY]
                address = request.remote_addr or "unknown"
                # every limit counts the request, as long as the longer windows keep their tally
                allowed = [limiter.hit(item, scope, address) for item in _items(text)]
                if not all(allowed):
                    log.info("rate limit exceeded: %s", scope)  # not the address: personal data
                    abort(429)
            return view(*args, **kwargs)

        return limited

    return decorate
