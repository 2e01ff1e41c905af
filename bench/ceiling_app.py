"""The ceiling for bench/booking.py: a minimal Flask endpoint that does one INSERT and commits,
into the same database (same URL, same SQLite pragmas: WAL, synchronous=FULL, busy_timeout)
as the real app, served by the same gunicorn settings, with the connection handling the booking
uses (PostgreSQL: autocommit, no liveness check; SQLite: the app's engine settings).

    DATABASE_URL=... gunicorn -w 4 'bench.ceiling_app:app'

The table is created by `ensure_table(url)` (bench/booking.py calls it while preparing the
database), not at import, so several workers starting together do not race on DDL.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask, redirect, request  # noqa: E402
from sqlalchemy import Column, Date, DateTime, Integer, MetaData, String, Table, create_engine, func  # noqa: E402

import app as _app_module  # noqa: E402,F401  (registers the app's SQLite pragmas on every Engine)
import config  # noqa: E402

metadata = MetaData()
ceiling = Table(
    "bench_ceiling", metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date, nullable=False),
    Column("payload", String(64), nullable=False),
    Column("created_at", DateTime, server_default=func.now()),
)


def ensure_table(url: str) -> None:
    engine = create_engine(url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    engine.dispose()


def create_app() -> Flask:
    application = Flask(__name__)
    url = config._database_url()
    if url.startswith("postgresql"):
        # the booking statement's own connection handling (the app's autocommit pool): the server
        # commits the INSERT as it finishes, one round trip, no liveness check before it
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
    else:  # the app's SQLite engine settings
        engine = create_engine(url, pool_pre_ping=True)

    @application.post("/insert")
    def insert():
        from datetime import date

        with engine.begin() as conn:
            conn.execute(ceiling.insert().values(day=date.fromisoformat(request.form["day"]),
                                                 payload=request.form["payload"][:64]))
        return redirect("/done", code=303)

    return application


app = create_app()
