"""Test fixtures: a migrated database per session, a clean one per test, on SQLite or PostgreSQL.

Set TEST_DATABASE_URL=postgresql://root@127.0.0.1:5432/test to run against PostgreSQL; the
default is SQLite. The schema always comes from the Alembic migrations, never create_all().
"""
from __future__ import annotations

import contextvars
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, inspect, text

import config
from app import create_app
from extensions import db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
KEEP_TABLES = {"kecamatan", "alembic_version"}  # reference data seeded by migrations
PASSWORD = "kata-sandi-uji-123"


def _normalise(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _settings(uri: str, upload_dir: Path) -> dict:
    settings = {k: getattr(config.TestConfig, k) for k in dir(config.TestConfig) if k.isupper()}
    settings.update(SQLALCHEMY_DATABASE_URI=uri, UPLOAD_DIR=str(upload_dir))
    return settings


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    """Run the migrations once; yield a function that gives each test a clean database URI."""
    import flask_migrate

    uploads = tmp_path_factory.mktemp("uploads")
    if TEST_DATABASE_URL.startswith(("postgres://", "postgresql")):
        uri = _normalise(TEST_DATABASE_URL)
        engine = create_engine(uri)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        app = create_app(_settings(uri, uploads))
        with app.app_context():
            flask_migrate.upgrade()
            for pool in db.engines.values():  # the app's pool and, on PostgreSQL, the autocommit one
                pool.dispose()
        tables = [t for t in inspect(engine).get_table_names() if t not in KEEP_TABLES]

        def fresh() -> str:
            with engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            return uri

        yield fresh, uploads
        engine.dispose()
    else:
        folder = tmp_path_factory.mktemp("db")
        template = folder / "template.sqlite"
        app = create_app(_settings(f"sqlite:///{template}", uploads))
        with app.app_context():
            flask_migrate.upgrade()
            db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
            for pool in db.engines.values():
                pool.dispose()
        counter = {"n": 0}

        def fresh() -> str:
            counter["n"] += 1
            path = folder / f"test{counter['n']}.sqlite"
            shutil.copyfile(template, path)
            return f"sqlite:///{path}"

        yield fresh, uploads


class IsolatedClient(FlaskClient):
    """Runs each request in its own context, as a real server would.

    Tests hold an app context to use the database; without this, requests would share it, and
    with it Flask's `g` (where Flask-Login caches the user) and the database session.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()  # see what the request committed
        return response


@pytest.fixture
def make_app(database):
    fresh, uploads = database
    apps = []

    def factory(**overrides):
        settings = _settings(fresh(), uploads)
        settings.update(overrides)
        application = create_app(settings)
        application.test_client_class = IsolatedClient
        apps.append(application)
        return application

    yield factory
    for application in apps:
        with application.app_context():
            db.session.remove()
            for pool in db.engines.values():  # the app's pool and, on PostgreSQL, the autocommit one
                pool.dispose()


@pytest.fixture
def app(make_app):
    application = make_app()
    with application.app_context():
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --------------------------------------------------------------------------- helpers

@pytest.fixture
def make_user(app):
    from cli import create_user
    from models import Bkk

    def factory(role: str, username: str | None = None, bkk: Bkk | None = None, **kw):
        return create_user(username or f"u_{role}", kw.pop("full_name", f"Petugas {role}"), role, PASSWORD,
                           bkk=bkk, **kw)

    return factory


def login(client, username: str, password: str = PASSWORD):
    return client.post("/masuk", data={"username": username, "password": password})


@pytest.fixture
def login_as(app, make_user):
    """Log a fresh test client in with a new user of the given role."""

    def factory(role: str, **kw):
        user = make_user(role, **kw)
        c = app.test_client()
        response = login(c, user.username)
        assert response.status_code == 302, response.data
        return c, user

    return factory


@pytest.fixture
def bkk_factory(app):
    from models import Bkk

    def factory(npsn: str, name: str | None = None):
        bkk = Bkk(school_name=name or f"SMK Negeri {npsn[-1]} Kab. Serang", npsn=npsn,
                  registration_number=f"BKK/{npsn}", registered_on=date(2024, 1, 15), status="aktif",
                  kecamatan_code="36.04.15")
        db.session.add(bkk)
        db.session.commit()
        return bkk

    return factory


@pytest.fixture
def job_seeker_factory(app):
    from domain import nik as nik_rules
    from models import JobSeeker
    from services.job_seekers import assign_registration_number, record_event, temporary_registration_number

    counter = {"n": 0}

    def factory(full_name="Siti Rahma", sex="P", birth_date=date(2001, 5, 17), bkk=None, **kw):
        counter["n"] += 1
        js = JobSeeker(
            registration_number=temporary_registration_number(), registered_on=kw.pop("registered_on", date(2026, 3, 2)),
            nik=kw.pop("nik", nik_rules.build("360405", birth_date, sex, counter["n"])), full_name=full_name,
            birth_place="Serang", birth_date=birth_date, sex=sex, kecamatan_code=kw.pop("kecamatan_code", "36.04.05"),
            education_level=kw.pop("education_level", "SMK"), bkk=bkk, **kw)
        db.session.add(js)
        db.session.flush()
        assign_registration_number(js)
        from domain import codes

        record_event(js, codes.EV_REGISTERED, js.registered_on)
        db.session.commit()
        return js

    return factory
