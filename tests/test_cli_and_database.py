"""CLI (no default passwords), seeding, migrations agree with models, audit log is append-only."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

import audit
from domain import roles
from extensions import db
from models import AuditLog, Holiday, JobSeeker, Kecamatan, User
from tests.conftest import login


def test_create_user_from_cli_reads_password_and_can_log_in(app, runner):
    result = runner.invoke(args=["users", "create", "Yanti", "--full-name", "Yanti Nurhasanah", "--role",
                                 "pengantar_kerja", "--nip", "198012312005012001", "--password-stdin"],
                           input="sandi-yang-panjang-1\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "yanti"))
    assert user.role == roles.PENGANTAR_KERJA and user.password_hash.startswith("pbkdf2:")
    assert "sandi-yang-panjang-1" not in user.password_hash
    assert login(app.test_client(), "yanti", "sandi-yang-panjang-1").status_code == 302


def test_cli_refuses_short_password_and_bkk_operator_without_school(runner):
    result = runner.invoke(args=["users", "create", "a1", "--full-name", "A", "--role", "admin", "--password-stdin"],
                           input="pendek\n")
    assert result.exit_code != 0 and "minimal 10 karakter" in result.output
    result = runner.invoke(args=["users", "create", "op", "--full-name", "Op", "--role", "bkk", "--password-stdin"],
                           input="sandi-yang-panjang-1\n")
    assert result.exit_code != 0 and "--bkk-npsn" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_ensure_admin_without_terminal_explains_how(runner):
    result = runner.invoke(args=["users", "ensure-admin"])
    assert result.exit_code == 0
    assert "flask users create admin" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0  # no default account


def test_deactivate_from_cli(app, runner, make_user):
    make_user(roles.PELAYANAN, username="loket1")
    assert runner.invoke(args=["users", "deactivate", "loket1"]).exit_code == 0
    assert login(app.test_client(), "loket1").status_code == 401


def test_seed_holidays_is_idempotent_and_keeps_staff_edits(runner):
    db.session.add(Holiday(day=date(2025, 8, 17), name="HUT RI (diubah petugas)", kind="nasional", source="manual"))
    db.session.commit()
    first = runner.invoke(args=["seed", "holidays", "--year", "2025"])
    assert first.exit_code == 0 and "hari libur ditambahkan" in first.output
    count = db.session.scalar(select(func.count()).select_from(Holiday))
    assert runner.invoke(args=["seed", "holidays", "--year", "2025"]).output.startswith("0 hari libur")
    assert db.session.scalar(select(func.count()).select_from(Holiday)) == count
    kept = db.session.scalar(select(Holiday).where(Holiday.day == date(2025, 8, 17)))
    assert kept.name == "HUT RI (diubah petugas)"
    assert db.session.scalar(select(func.count()).select_from(Holiday).where(Holiday.kind == "cuti_bersama")) > 0


def test_migrations_match_the_models(runner):
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Kecamatan)) == 29


def test_audit_log_refuses_update_and_delete_in_the_database(app):
    entry = audit.record(audit.VIEW, "JobSeeker", 1, commit=True)
    with pytest.raises(DBAPIError):
        db.session.execute(update(AuditLog).where(AuditLog.id == entry.id).values(action="ubah"))
        db.session.flush()
    db.session.rollback()
    with pytest.raises(DBAPIError):
        db.session.execute(text("DELETE FROM audit_log"))
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditLog, entry.id).action == "lihat"


def test_one_active_registration_per_nik_is_enforced_by_the_database(job_seeker_factory):
    first = job_seeker_factory(nik="3604055708980002")
    with pytest.raises(IntegrityError):
        job_seeker_factory(nik="3604055708980002")
    db.session.rollback()
    first = db.session.get(JobSeeker, first.id)
    first.status = "ditempatkan"  # a closed card no longer blocks a new registration
    db.session.commit()
    job_seeker_factory(nik="3604055708980002")
