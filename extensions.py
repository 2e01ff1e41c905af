"""Unbound extension objects; the factory in app.py binds them to an app."""
import time

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from limits.storage import MemoryStorage
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so Alembic migrations agree on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class _MemoryStorageSweptInline(MemoryStorage):
    """Flask-Limiter's `memory://` store without a thread per request.

    limits' MemoryStorage starts a `threading.Timer` (10 ms) on every hit whose previous timer has
    ended, only to drop expired counters. Under load that is a new thread for most requests, and
    the request waits until the thread has started: one gunicorn worker started 1,288 threads for
    2,201 queue bookings, about 1 ms per request. A counter past its expiry is already ignored when
    read (`MemoryStorage.get` drops it), so nothing about the limits changes if the sweep runs
    inline instead, at most once a second. Registered for the `memory` scheme, so
    RATELIMIT_STORAGE_URI=memory:// (the default) uses it; redis:// is not affected."""

    STORAGE_SCHEME = ["memory"]
    SWEEP_SECONDS = 1.0

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._next_sweep = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the timer thread of MemoryStorage
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + self.SWEEP_SECONDS
            self._MemoryStorage__expire_events()


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
