"""Staff verify online submissions: queue with photos, verify / correction / duplicate, history and audit."""
from __future__ import annotations

import io
import re
from datetime import date

from sqlalchemy import select

from domain import codes, roles
from extensions import db
from models import AuditLog, JobSeeker
from services.clock import local_today
from tests import photo_samples
from tests.test_registration import form_data, with_photo


def _register_online(app, **overrides):
    client = app.test_client()
    response = client.post("/daftar", data=with_photo(form_data(**overrides)), content_type="multipart/form-data")
    assert response.status_code == 303
    return db.session.scalar(select(JobSeeker).where(JobSeeker.idempotency_key == overrides.get(
        "submission_key", "kunci-uji-0001")))


def test_queue_lists_newest_submissions_with_photo(app, login_as, job_seeker_factory):
    older = job_seeker_factory(full_name="Dede Older", sex="L", birth_date=date(1995, 1, 1))
    newest = _register_online(app)
    client, _ = login_as(roles.PELAYANAN)
    page = client.get("/admin/verifikasi/").get_data(as_text=True)
    assert "2 pendaftaran menunggu verifikasi" in page
    assert page.index(newest.registration_number) < page.index(older.registration_number)
    photo_url = f"/admin/verifikasi/foto/{newest.id}"
    assert photo_url in page
    response = client.get(photo_url)
    assert response.mimetype == "image/jpeg" and response.headers["Cache-Control"] == "no-store"
    assert response.get_data()[:2] == b"\xff\xd8"
    assert client.get(f"/admin/verifikasi/foto/{older.id}").status_code == 404  # no photo
    assert db.session.scalar(select(AuditLog).where(AuditLog.summary == "foto", AuditLog.object_id == str(newest.id)))


def test_photo_is_not_reachable_without_login_or_from_static(app, client):
    js = _register_online(app)
    response = client.get(f"/admin/verifikasi/foto/{js.id}")
    assert response.status_code == 302 and response.location.startswith("/masuk")
    assert client.get(f"/static/{js.photo_file}").status_code == 404
    assert client.get(f"/static/../instance/uploads/{js.photo_file}").status_code == 404


def test_verify_records_history_and_audit(app, login_as, job_seeker_factory):
    js = _register_online(app)
    client, officer = login_as(roles.PENGANTAR_KERJA)
    review = client.get(f"/admin/verifikasi/periksa/{js.id}").get_data(as_text=True)
    assert "Siti Nurhaliza" in review and "SMK Negeri 1 Kramatwatu" in review
    assert "156 cm / 48 kg" in review
    no_weight = job_seeker_factory(full_name="Tanpa Berat", height_cm=158)
    other = client.get(f"/admin/verifikasi/periksa/{no_weight.id}").get_data(as_text=True)
    assert "158 cm / —" in other and "— kg" not in other
    assert "return confirm('Tolak pendaftaran ini sebagai ganda?" in review  # no rejection by a slip of the mouse
    response = client.post(f"/admin/verifikasi/periksa/{js.id}/verifikasi")
    assert response.status_code == 302
    js = db.session.get(JobSeeker, js.id)
    assert js.status == codes.JS_VERIFIED
    event = js.events[-1]
    assert (event.event, event.recorded_by_id, event.occurred_on) == (codes.EV_VERIFIED, officer.id, local_today())
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "ubah", AuditLog.user_id == officer.id,
                                                    AuditLog.object_id == str(js.id)))
    # A second click does not verify twice.
    again = client.post(f"/admin/verifikasi/periksa/{js.id}/verifikasi", follow_redirects=True)
    assert "Hanya pendaftaran berstatus Diajukan" in again.get_data(as_text=True)
    assert [e.event for e in db.session.get(JobSeeker, js.id).events].count(codes.EV_VERIFIED) == 1


def test_correction_needs_a_note_and_reaches_the_citizen(app, login_as):
    js = _register_online(app)
    client, _ = login_as(roles.PELAYANAN)
    empty = client.post(f"/admin/verifikasi/periksa/{js.id}/perbaikan", data={"note": "  "}, follow_redirects=True)
    assert "Tulis apa yang perlu diperbaiki." in empty.get_data(as_text=True)
    client.post(f"/admin/verifikasi/periksa/{js.id}/perbaikan", data={"note": "Foto buram, unggah ulang."})
    js = db.session.get(JobSeeker, js.id)
    assert js.status == codes.JS_CORRECTION and js.correction_note == "Foto buram, unggah ulang."
    status = app.test_client().post("/status", data={"registration_number": js.registration_number,
                                                     "birth_date": js.birth_date.isoformat()})
    assert "Foto buram, unggah ulang." in status.get_data(as_text=True)


def test_duplicates_are_pointed_out_and_can_be_rejected(app, login_as, job_seeker_factory):
    first = job_seeker_factory(full_name="Siti Nurhaliza Şükrü", sex="P", birth_date=date(2000, 2, 29),
                               nik="3604056902000099")
    first.status = codes.JS_EXPIRED
    db.session.commit()
    second = _register_online(app)
    client, _ = login_as(roles.PELAYANAN)
    review = client.get(f"/admin/verifikasi/periksa/{second.id}").get_data(as_text=True)
    assert "Kemungkinan pendaftaran ganda" in review and first.registration_number in review
    client.post(f"/admin/verifikasi/periksa/{second.id}/tolak", data={"note": f"Sama dengan {first.registration_number}"})
    second = db.session.get(JobSeeker, second.id)
    assert second.status == codes.JS_REJECTED
    assert second.events[-1].note == f"Sama dengan {first.registration_number}"
    # A rejected registration no longer blocks the NIK.
    assert second.nik not in [j.nik for j in db.session.scalars(select(JobSeeker).where(
        JobSeeker.status.in_(codes.ACTIVE_JOB_SEEKER_STATUSES)))]


def test_only_front_desk_and_placement_officers_verify(app, login_as, bkk_factory):
    js = _register_online(app)
    for role in (roles.PIMPINAN, roles.MEDIATOR, roles.BKK):
        extra = {"bkk": bkk_factory("2060005" + str(len(role)))} if role == roles.BKK else {}
        client, _ = login_as(role, **extra)
        assert client.get("/admin/verifikasi/").status_code == 403
        assert client.post(f"/admin/verifikasi/periksa/{js.id}/verifikasi").status_code == 403
        assert client.get(f"/admin/verifikasi/foto/{js.id}").status_code == 403
    assert db.session.get(JobSeeker, js.id).status == codes.JS_SUBMITTED


def test_staff_can_attach_a_photo_on_a_walk_in(login_as):
    client, _ = login_as(roles.PELAYANAN)
    data = form_data(submission_key="loket-foto")
    data["photo"] = (io.BytesIO(photo_samples.png()), "foto.png")
    response = client.post("/admin/daftar_langsung/", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    js = db.session.scalar(select(JobSeeker))
    assert js.photo_file and re.fullmatch(r"[0-9a-f]{32}\.jpg", js.photo_file)
