"""Application factory for the Disnakertrans Kabupaten Serang online service system."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask, render_template
from flask_babel import format_date, format_datetime
from sqlalchemy import event, make_url
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

import config
import cookie_session
import db_errors  # noqa: F401  (every engine's errors lose the refused row's values)
import ratelimit
from domain import ids
from extensions import AUTOCOMMIT_BIND, babel, csrf, db, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config.Config)
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set. Put SECRET_KEY=... in the environment (see README).")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True, exist_ok=True)

    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind nginx: take the client's address from X-Forwarded-For, trusting only our own proxies,
        # so rate limits and the audit log see people, not the proxy.
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    register_extensions(app)
    register_url_converters(app)
    register_blueprints(app)
    register_admin(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    cookie_session.init_app(app)
    configure_database(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: "id", timezone_selector=lambda: "Asia/Jakarta")
    ratelimit.init_app(app)
    login_manager.init_app(app)
    import auth

    auth.init_app(app)


class RecordIdConverter(IntegerConverter):
    """`<id:name>` in a route: a record's id, 1..2**31-1 (domain/ids.py). Anything larger is a
    404 at the routing stage, never a database error."""

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, min=1, max=ids.MAX_ID)


def register_url_converters(app: Flask) -> None:
    app.url_map.converters["id"] = RecordIdConverter


def configure_database(app: Flask) -> None:
    """Engine options every engine gets (hide_parameters). PostgreSQL: besides the app's pool, a pool of connections kept in autocommit mode
    (db.engines[AUTOCOMMIT_BIND]: the same database and engine options, but for the ones below).
    Its statements are committed by the server as they finish, without the isolation level being
    switched and reset on every checkout, and nothing is rolled back when a connection returns to
    the pool (there is never a transaction to end). It handles disconnects optimistically (no
    liveness check before each use): a statement on a connection that turns out dead fails, the
    pool's connections are dropped, and the caller takes its ordinary path (services/queue.py: the
    booking's idempotency key finds a booking that was committed just before the connection died)."""
    # A failed statement's error (logged with its traceback) never carries the values it was sent:
    # names, NIKs, birth dates and phone numbers stay out of the logs, whatever pool options are set
    # (and db_errors cuts the lines in which PostgreSQL itself quotes them).
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
                                               "hide_parameters": True}
    uri = app.config.get("SQLALCHEMY_DATABASE_URI")
    if uri is not None and make_url(uri).get_backend_name() == "postgresql":
        binds = dict(app.config.get("SQLALCHEMY_BINDS") or {})  # a copy: never the config class's own dict
        binds.setdefault(AUTOCOMMIT_BIND, {**app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}), "url": uri,
                                           "isolation_level": "AUTOCOMMIT", "pool_pre_ping": False,
                                           "pool_reset_on_return": None})  # no transaction to roll back
        app.config["SQLALCHEMY_BINDS"] = binds


def register_blueprints(app: Flask) -> None:
    import public

    public.init_app(app)


def register_admin(app: Flask) -> None:
    import admin

    admin.init_app(app)


def register_template_helpers(app: Flask) -> None:
    from domain import codes
    from domain.queue import LONG_DATE_PATTERN

    app.jinja_env.filters["tanggal"] = lambda d: format_date(d, "d MMMM y") if d else ""
    app.jinja_env.filters["tanggal_panjang"] = lambda d: format_date(d, LONG_DATE_PATTERN) if d else ""
    app.jinja_env.filters["waktu"] = lambda d: format_datetime(d, "d MMM y HH.mm") if d else ""
    app.jinja_env.globals["codes"] = codes
    from domain.queue import closure_suffix

    app.jinja_env.filters["alasan_tutup"] = closure_suffix  # "ditutup{{ reason|alasan_tutup }}"
    from services.pdf import font_face_css

    app.jinja_env.globals["pdf_font_face_css"] = font_face_css
    from services import photos

    # the registration form refuses an oversized photo at the field before sending it (public-forms.js)
    app.jinja_env.globals["photo_max_bytes"] = photos.MAX_UPLOAD_BYTES
    app.jinja_env.globals["photo_size_message"] = photos.TOO_LARGE_MESSAGE


def register_error_handlers(app: Flask) -> None:
    messages = {
        400: ("Permintaan tidak valid", "Formulir kedaluwarsa atau tidak lengkap. Muat ulang halaman lalu coba lagi."),
        403: ("Akses ditolak", "Akun Anda tidak memiliki hak untuk membuka halaman ini."),
        404: ("Halaman tidak ditemukan", "Alamat yang Anda buka tidak ada."),
        413: ("Berkas terlalu besar", "Ukuran berkas melebihi batas yang diizinkan."),
        429: ("Terlalu banyak percobaan", "Terlalu banyak permintaan dalam waktu singkat. Tunggu sebentar lalu coba lagi."),
        500: ("Terjadi kesalahan", "Terjadi kesalahan pada sistem. Silakan coba beberapa saat lagi."),
    }

    def make_handler(code: int):
        def handler(error):
            title, text = messages[code]
            return render_template("error.html", code=code, title=title, text=text), code
        return handler

    for code in messages:
        app.register_error_handler(code, make_handler(code))


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def set_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def register_commands(app: Flask) -> None:
    import cli

    cli.init_app(app)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Durable SQLite: WAL, full fsync, foreign keys on, wait for locks instead of failing."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

