"""Command-line tasks: staff accounts (no default passwords anywhere), seeding, demo data."""
from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

import audit
from domain import roles
from domain.workdays import indonesian_holidays
from extensions import db
from services.clock import local_today
from models import Bkk, Holiday, User

users_cli = AppGroup("users", help="Akun petugas dan operator BKK.")
seed_cli = AppGroup("seed", help="Data acuan (hari libur).")
cards_cli = AppGroup("cards", help="Kartu AK-1.")


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(seed_cli)
    app.cli.add_command(cards_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(photos_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(queue_cli)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi")
    if len(password) < 10:
        raise click.ClickException("Kata sandi minimal 10 karakter.")
    return password


def create_user(username: str, full_name: str, role: str, password: str, *, nip: str | None = None,
                bkk: Bkk | None = None) -> User:
    username = username.strip().lower()
    if role not in roles.ALL_ROLES:
        raise click.ClickException(f"Peran tidak dikenal: {role}. Pilihan: {', '.join(roles.ALL_ROLES)}")
    if role == roles.BKK and bkk is None:
        raise click.ClickException("Operator BKK memerlukan --bkk-npsn.")
    if db.session.scalar(select(User).where(func.lower(User.username) == username)):
        raise click.ClickException(f"Nama pengguna {username} sudah dipakai.")
    user = User(username=username, full_name=full_name, role=role, nip=nip, bkk=bkk, active=True)
    user.set_password(password, current_app.config.get("PASSWORD_HASH_METHOD"))
    db.session.add(user)
    db.session.flush()
    audit.record(audit.CREATE, "User", user.id, "dibuat lewat CLI")
    db.session.commit()
    return user


@users_cli.command("create")
@click.argument("username")
@click.option("--full-name", required=True, help="Nama lengkap")
@click.option("--role", required=True, type=click.Choice(roles.ALL_ROLES), help="Peran")
@click.option("--nip", default=None, help="NIP (untuk Pengantar Kerja: dicetak di kartu)")
@click.option("--bkk-npsn", default=None, help="NPSN sekolah, untuk operator BKK")
@click.option("--password-stdin", is_flag=True, help="Baca kata sandi dari stdin (untuk skrip)")
def create_user_command(username, full_name, role, nip, bkk_npsn, password_stdin):
    """Buat akun baru. Kata sandi selalu diminta, tidak ada sandi bawaan."""
    bkk = None
    if bkk_npsn:
        bkk = db.session.scalar(select(Bkk).where(Bkk.npsn == bkk_npsn))
        if bkk is None:
            raise click.ClickException(f"BKK dengan NPSN {bkk_npsn} tidak ditemukan.")
    user = create_user(username, full_name, role, _read_password(password_stdin), nip=nip, bkk=bkk)
    click.echo(f"Akun {user.username} ({roles.ROLE_LABELS[role]}) dibuat.")


@users_cli.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True)
def set_password_command(username, password_stdin):
    """Ganti kata sandi (semua sesi akun itu berakhir)."""
    user = _get_user(username)
    user.set_password(_read_password(password_stdin), current_app.config.get("PASSWORD_HASH_METHOD"))
    user.locked_until = None
    user.failed_logins = 0
    audit.record(audit.PASSWORD, "User", user.id, "lewat CLI")
    db.session.commit()
    click.echo(f"Kata sandi {user.username} diganti.")


@users_cli.command("deactivate")
@click.argument("username")
def deactivate_command(username):
    """Nonaktifkan akun (semua sesinya berakhir)."""
    user = _get_user(username)
    user.active = False
    user.rotate_session_token()
    audit.record(audit.UPDATE, "User", user.id, "dinonaktifkan lewat CLI")
    db.session.commit()
    click.echo(f"Akun {user.username} dinonaktifkan.")


@users_cli.command("list")
def list_command():
    for user in db.session.scalars(select(User).order_by(User.username)):
        click.echo(f"{user.username:20} {user.role:16} {'aktif' if user.active else 'nonaktif'}  {user.full_name}")


@users_cli.command("ensure-admin")
def ensure_admin_command():
    """Bila belum ada administrator aktif, minta data untuk membuatnya (dipakai `make run`)."""
    exists = db.session.scalar(select(func.count()).select_from(User).where(
        User.role == roles.ADMIN, User.active.is_(True)))
    if exists:
        return
    if not sys.stdin.isatty():
        click.echo("Belum ada administrator. Buat dengan:\n"
                   "  .venv/bin/flask users create admin --full-name 'Nama Anda' --role admin")
        return
    click.echo("Belum ada administrator. Buat akun administrator pertama sekarang.")
    username = click.prompt("Nama pengguna", default="admin")
    full_name = click.prompt("Nama lengkap")
    create_user(username, full_name, roles.ADMIN, _read_password(False))
    click.echo("Administrator dibuat. Masuk di /masuk.")


def _get_user(username: str) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        raise click.ClickException(f"Pengguna {username} tidak ditemukan.")
    return user


def seed_holidays(years: list[int]) -> int:
    """Add holidays from the `holidays` package that the table lacks; staff edits are kept."""
    from services.queue import sync_day_with_holidays

    existing = set(db.session.scalars(select(Holiday.day)))
    added = []
    for day, name, kind in indonesian_holidays(years):
        if day not in existing:
            db.session.add(Holiday(day=day, name=name, kind=kind, source="holidays"))
            existing.add(day)
            added.append(day)
    db.session.commit()
    for day in added:  # a service day already made for a date that turns out to be a holiday closes
        sync_day_with_holidays(day)
    db.session.commit()
    return len(added)


@seed_cli.command("holidays")
@click.option("--year", "years", multiple=True, type=int, help="Tahun (bawaan: tahun ini dan tahun depan)")
def seed_holidays_command(years):
    """Isi tabel hari libur dari paket holidays (Indonesia, libur nasional + cuti bersama)."""
    this_year = local_today().year
    years = list(years) or [this_year, this_year + 1]
    added = seed_holidays(years)
    click.echo(f"{added} hari libur ditambahkan untuk {', '.join(map(str, years))}.")


@click.command("demo")
@click.option("--job-seekers", default=400, show_default=True, help="Jumlah pencari kerja")
@click.option("--seed", default=2026, show_default=True, help="Benih acak (hasil dapat diulang)")
def demo_command(job_seekers, seed):
    """Isi basis data dengan contoh kantor yang realistis (hanya untuk mencoba)."""
    import demo_data

    summary = demo_data.fill(job_seekers=job_seekers, seed=seed)
    for line in summary:
        click.echo(line)


@cards_cli.command("expire")
def expire_cards_command():
    """Tutup kartu yang masa berlakunya habis atau tidak lapor diri, dan pendaftaran yang kartunya tidak
    dicetak dalam dua tahun (jalankan setiap hari)."""
    from services.cards import expire_due

    click.echo(f"{expire_due()} kartu atau pendaftaran ditutup karena masa berlakunya habis.")


photos_cli = AppGroup("photos", help="Foto pendaftar di UPLOAD_DIR.")


@photos_cli.command("prune")
@click.option("--older-than-hours", default=24, show_default=True, type=click.FloatRange(min=1),
              help="Hanya foto yang lebih tua dari ini (orang yang sedang mengisi formulir tetap aman).")
def prune_photos_command(older_than_hours):
    """Hapus foto yang tidak dipakai pendaftaran mana pun (jalankan setiap hari)."""
    import time

    from models import JobSeeker
    from services import photos

    referenced = set(db.session.scalars(select(JobSeeker.photo_file).where(JobSeeker.photo_file.is_not(None))))
    deleted = photos.prune(current_app.config["UPLOAD_DIR"], referenced, older_than_hours * 3600, time.time())
    if deleted:
        audit.record(audit.DELETE, "Foto", None, f"{len(deleted)} foto tanpa pendaftaran dihapus", commit=True)
    click.echo(f"{len(deleted)} foto tanpa pendaftaran dihapus.")


reports_cli = AppGroup("reports", help="Ringkasan laporan IPK.")


@reports_cli.command("rebuild")
def rebuild_reports_command():
    """Hitung ulang ringkasan IPK dari riwayat status (setelah impor data besar; di luar jam layanan)."""
    from services import reports

    rows = reports.rebuild_summary()
    audit.record(audit.ACTION, "Laporan", "ipk_monthly_flow", f"ringkasan IPK dihitung ulang ({rows} baris)",
                 commit=True)
    click.echo(f"Ringkasan IPK dihitung ulang dari riwayat status: {rows} baris.")


queue_cli = AppGroup("queue", help="Antrean loket.")


@queue_cli.command("close-past")
def close_past_bookings_command():
    """Tutup antrean hari-hari yang sudah lewat yang belum ditandai (jalankan setiap hari)."""
    from services.queue import close_past_bookings

    click.echo(f"{close_past_bookings()} antrean yang tanggalnya sudah lewat ditutup (yang sudah hadir sebagai "
               f"selesai, yang tidak datang sebagai tidak hadir).")
