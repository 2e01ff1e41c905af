"""Guards found in review: history that cannot be rewritten, races that change nothing twice,
BKK operators bound to an active school, proxies, and exports that name what they handed out."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

from domain import codes, roles
from extensions import db
from models import AuditLog, Bkk, JobSeeker, JobSeekerEvent, User
from services import registration
from services.job_seekers import StatusChanged, record_event
from tests.conftest import login


def test_a_status_changed_elsewhere_is_not_overwritten(job_seeker_factory, make_user):
    js = job_seeker_factory()
    officer = make_user(roles.PELAYANAN)
    # Another officer rejects it after this one loaded the page.
    db.session.commit()
    js = db.session.get(JobSeeker, js.id)
    assert js.status == codes.JS_SUBMITTED  # what this officer's page shows
    with db.engine.begin() as other:
        other.execute(update(JobSeeker.__table__).where(JobSeeker.__table__.c.id == js.id)
                      .values(status=codes.JS_REJECTED))
    with pytest.raises(StatusChanged, match="baru saja diubah"):
        registration.verify(js, officer)
    db.session.rollback()
    js = db.session.get(JobSeeker, js.id)
    assert js.status == codes.JS_REJECTED
    assert [e.event for e in js.events] == [codes.EV_REGISTERED]


def test_one_report_a_day_is_enforced_by_the_database(job_seeker_factory):
    js = job_seeker_factory()
    db.session.add(JobSeekerEvent(job_seeker_id=js.id, event=codes.EV_REPORTED, occurred_on=date(2026, 6, 1),
                                  report_slot=1))
    db.session.commit()
    db.session.add(JobSeekerEvent(job_seeker_id=js.id, event=codes.EV_REPORTED, occurred_on=date(2026, 6, 1),
                                  report_slot=2))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_registrations_cannot_be_deleted_and_printed_identity_is_locked(login_as, job_seeker_factory):
    js = job_seeker_factory()
    record_event(js, codes.EV_VERIFIED, js.registered_on)
    record_event(js, codes.EV_PRINTED, js.registered_on)
    db.session.commit()
    client, _ = login_as(roles.PENGANTAR_KERJA)
    assert client.post("/admin/pencaker/delete/", data={"id": js.id}).status_code == 403
    form = {"nik": js.nik, "full_name": "Nama Lain", "birth_place": "Serang", "birth_date": "2001-05-17",
            "sex": "P", "kecamatan": "36.04.05", "education_level": "SMK"}
    page = client.post(f"/admin/pencaker/edit/?id={js.id}", data=form, follow_redirects=True).get_data(as_text=True)
    assert "tidak dapat diubah" in page
    assert db.session.get(JobSeeker, js.id).full_name == "Siti Rahma"


def test_changing_a_verified_identity_sends_it_back_for_verification(login_as, job_seeker_factory):
    js = job_seeker_factory()
    record_event(js, codes.EV_VERIFIED, js.registered_on)
    db.session.commit()
    client, _ = login_as(roles.PENGANTAR_KERJA)
    form = {"nik": js.nik, "full_name": "Siti Rahmah", "birth_place": "Serang", "birth_date": "2001-05-17",
            "sex": "P", "kecamatan": "36.04.05", "education_level": "SMK"}
    assert client.post(f"/admin/pencaker/edit/?id={js.id}", data=form).status_code == 302
    js = db.session.get(JobSeeker, js.id)
    assert js.status == codes.JS_SUBMITTED and js.events[-1].event == codes.EV_CORRECTED


def test_bkk_operator_edits_only_unverified_graduates(login_as, bkk_factory, job_seeker_factory):
    bkk = bkk_factory("20600123")
    js = job_seeker_factory(bkk=bkk)
    record_event(js, codes.EV_VERIFIED, js.registered_on)
    db.session.commit()
    client, _ = login_as(roles.BKK, bkk=bkk)
    form = {"nik": js.nik, "full_name": js.full_name, "birth_place": "Serang", "birth_date": "2001-05-17",
            "sex": "P", "kecamatan": "36.04.05", "education_level": "SMK", "desired_position": "Admin"}
    page = client.post(f"/admin/pencaker/edit/?id={js.id}", data=form, follow_redirects=True).get_data(as_text=True)
    assert "hanya dapat mengubah pendaftaran yang belum diverifikasi" in page


def test_moving_an_operator_to_another_school_ends_the_session(app, login_as, bkk_factory):
    school_a, school_b = bkk_factory("20600201"), bkk_factory("20600202")
    operator_client, operator = login_as(roles.BKK, bkk=school_a)
    admin_client, _ = login_as(roles.ADMIN)
    response = admin_client.post(f"/admin/pengguna/edit/?id={operator.id}", data={
        "username": operator.username, "full_name": operator.full_name, "role": roles.BKK, "bkk": school_b.id,
        "active": "y"})
    assert response.status_code == 302
    assert db.session.get(User, operator.id).bkk_id == school_b.id
    assert operator_client.get("/admin/").status_code == 302


def test_operators_of_a_revoked_bkk_lose_access(app, login_as, bkk_factory):
    school = bkk_factory("20600301")
    client, operator = login_as(roles.BKK, bkk=school)
    assert client.get("/admin/pencaker/").status_code == 200
    db.session.get(Bkk, school.id).status = "dicabut"
    db.session.commit()
    assert client.get("/admin/pencaker/").status_code == 302
    assert login(app.test_client(), operator.username).status_code == 302  # password ok, but no session
    assert app.test_client().get("/admin/").status_code == 302


def test_export_names_every_record_it_handed_out(login_as, job_seeker_factory):
    people = [job_seeker_factory(full_name=f"Orang {i}", sex="L", birth_date=date(1990, 1, i + 1)) for i in range(3)]
    client, user = login_as(roles.PIMPINAN)
    client.get("/admin/pencaker/export/csv/")
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "ekspor", AuditLog.user_id == user.id))
    assert sorted(entry.record_ids.split(",")) == sorted(str(p.id) for p in people)


def test_list_pages_record_whose_rows_were_shown_without_the_search_text(login_as, job_seeker_factory):
    people = [job_seeker_factory(full_name=name, sex="L", birth_date=date(1990, 1, i + 1))
              for i, name in enumerate(("Ahmad Fauzi", "Bambang Wiryawan", "Cecep Suherman"))]
    client, user = login_as(roles.PENGANTAR_KERJA)
    searched = client.post("/admin/pencaker/cari/", data={"search": "Wiryawan"})  # the list's search form
    assert searched.status_code == 303 and "Wiryawan" not in searched.location
    assert client.get(searched.location).status_code == 200
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "lihat", AuditLog.user_id == user.id,
                                                     AuditLog.object_type == "JobSeeker"))
    assert entry is not None and entry.record_ids == str(people[1].id)
    assert "Wiryawan" not in (entry.summary or "")
    client.get("/admin/pencaker/")
    entries = db.session.scalars(select(AuditLog).where(AuditLog.action == "lihat", AuditLog.user_id == user.id)
                                 .order_by(AuditLog.id)).all()
    assert sorted(entries[-1].record_ids.split(",")) == sorted(str(p.id) for p in people)


def test_client_address_comes_from_the_trusted_proxy(make_app):
    app = make_app(TRUSTED_PROXIES=1)
    with app.app_context():
        app.test_client().post("/masuk", data={"username": "x", "password": "y"},
                               headers={"X-Forwarded-For": "203.0.113.9"})
        from cli import create_user

        user = create_user("via_proxy", "Lewat Proxy", roles.PELAYANAN, "kata-sandi-uji-123")
        app.test_client().post("/masuk", data={"username": "via_proxy", "password": "kata-sandi-uji-123"},
                               headers={"X-Forwarded-For": "203.0.113.9"})
        ips = db.session.scalars(select(AuditLog.ip).where(AuditLog.user_id == user.id,
                                                           AuditLog.action == "masuk")).all()
        assert ips == ["203.0.113.9"]
        assert db.session.execute(text("SELECT 1")).scalar() == 1
