"""Whose data a staff screen showed, changed or deleted is in the audit log (UU 27/2022), also for
rows that come along with another: a cohort's participants, a family's members, the people a
verification or card-desk page lists, a person's status history."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from domain import codes, roles
from domain import nik as nik_rules
from extensions import db
from models import AuditLog, JobSeeker, JobSeekerEvent, TrainingCohort, TrainingParticipant, TrainingProgram


def _entries(**where) -> list[AuditLog]:
    query = select(AuditLog).order_by(AuditLog.id)
    for name, value in where.items():
        query = query.where(getattr(AuditLog, name) == value)
    return list(db.session.scalars(query))


def _cohort_form(program_id: int, **participant) -> dict:
    data = {"program": str(program_id), "name": "Angkatan I", "year": "2026", "status": "berjalan",
            "funding": "APBD", "planned_participants": "16", "training_days": "20",
            "participants-0-nik": nik_rules.build("360407", date(2000, 1, 5), "L", 3),
            "participants-0-full_name": "Fajar Ramadhan", "participants-0-sex": "L",
            "participants-0-birth_date": "2000-01-05", "participants-0-eligibility": "pencari_kerja",
            "participants-0-selection_status": "lulus_seleksi", "participants-0-attendance_days": "18"}
    data.update({f"participants-0-{k}": v for k, v in participant.items()})
    return data


def test_a_cohorts_participants_are_audited_when_added_shown_changed_and_deleted_with_it(login_as):
    client, officer = login_as(roles.PELATIHAN)
    program = TrainingProgram(name="Barista")
    db.session.add(program)
    db.session.commit()
    assert client.post("/admin/angkatan/new/", data=_cohort_form(program.id)).status_code == 302
    cohort = db.session.scalar(select(TrainingCohort))
    pid, cohort_id = cohort.participants[0].id, cohort.id
    created = _entries(object_type="TrainingParticipant", action="buat")
    assert [(e.object_id, e.summary, e.username) for e in created] == [
        (str(pid), f"lewat TrainingCohort {cohort.id}", officer.username)]

    assert client.get(f"/admin/angkatan/edit/?id={cohort.id}").status_code == 200
    shown = _entries(object_type="TrainingParticipant", action="lihat")
    assert [(e.record_ids, e.summary) for e in shown] == [(str(pid), f"bersama TrainingCohort {cohort.id}")]

    changed = client.post(f"/admin/angkatan/edit/?id={cohort.id}",
                          data=_cohort_form(program.id, id=str(pid), phone="081234567890"))
    assert changed.status_code == 302
    assert [e.object_id for e in _entries(object_type="TrainingParticipant", action="ubah")] == [str(pid)]

    assert client.post("/admin/angkatan/delete/", data={"id": cohort_id}).status_code == 302
    db.session.expire_all()
    assert db.session.get(TrainingParticipant, pid) is None
    deleted = _entries(object_type="TrainingParticipant", action="hapus")
    assert [(e.object_id, e.summary) for e in deleted] == [
        (str(pid), f"ikut terhapus bersama TrainingCohort {cohort_id}")]


def test_an_inline_delete_on_the_cohort_form_is_audited_per_participant(login_as):
    client, _ = login_as(roles.PELATIHAN)
    program = TrainingProgram(name="Menjahit")
    db.session.add(program)
    db.session.commit()
    client.post("/admin/angkatan/new/", data=_cohort_form(program.id))
    cohort = db.session.scalar(select(TrainingCohort))
    pid = cohort.participants[0].id
    response = client.post(f"/admin/angkatan/edit/?id={cohort.id}",
                           data={**_cohort_form(program.id, id=str(pid)), "del-participants-0": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(TrainingParticipant, pid) is None
    assert [e.object_id for e in _entries(object_type="TrainingParticipant", action="hapus")] == [str(pid)]


def test_pages_listing_people_record_whose_rows_they_showed(app, login_as, job_seeker_factory):
    waiting = job_seeker_factory(status=codes.JS_SUBMITTED, full_name="Asep Saepudin")
    twin = job_seeker_factory(status=codes.JS_SUBMITTED, full_name="Asep Saepudin", birth_date=waiting.birth_date)
    client, _ = login_as(roles.PELAYANAN)
    assert client.get("/admin/verifikasi/").status_code == 200
    listed = _entries(summary="antrean verifikasi, halaman 1")
    assert len(listed) == 1 and set(listed[0].record_ids.split(",")) == {str(waiting.id), str(twin.id)}

    assert client.get(f"/admin/verifikasi/periksa/{waiting.id}").status_code == 200
    beside = _entries(summary=f"kemungkinan ganda dari JobSeeker {waiting.id}")
    assert len(beside) == 1 and beside[0].record_ids == str(twin.id)

    # one hit opens the card straight away; its page records whose card was shown
    response = client.post("/admin/kartu/", data={"q": waiting.nik})
    assert response.status_code == 303 and response.location.endswith(f"/admin/kartu/kartu/{waiting.id}")
    assert client.get(response.location).status_code == 200
    shown = _entries(summary="meja kartu")
    assert len(shown) == 1 and shown[0].object_id == str(waiting.id)
    assert not _entries(summary=waiting.nik)  # the searched number itself is never logged


def test_a_status_history_entry_is_logged_as_whose_history_it_is(login_as, job_seeker_factory):
    first, second = job_seeker_factory(), job_seeker_factory()
    event = JobSeekerEvent(job_seeker_id=second.id, event=codes.EV_REGISTERED, occurred_on=date(2026, 3, 2))
    db.session.add(event)
    db.session.commit()
    assert event.id != second.id or first.id != second.id
    client, _ = login_as(roles.ADMIN)
    assert client.get(f"/admin/riwayat_pencaker/details/?id={event.id}").status_code == 200
    (entry,) = _entries(action="lihat", summary=f"riwayat status #{event.id}")
    assert (entry.object_type, entry.object_id) == ("JobSeeker", str(second.id))


def test_the_desk_receipt_with_an_access_code_is_never_cached(login_as):
    from tests.test_registration import form_data, with_photo

    client, _ = login_as(roles.PELAYANAN)
    response = client.post("/admin/daftar_langsung/", data=with_photo(form_data()), content_type="multipart/form-data")
    assert response.status_code == 303
    done = client.get(response.location)
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    assert db.session.scalar(select(JobSeeker)).registration_number in done.get_data(as_text=True)


def test_an_export_started_from_another_site_makes_no_file_and_no_export_entry(login_as, job_seeker_factory):
    job_seeker_factory()
    client, _ = login_as(roles.PIMPINAN)
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                    {"Referer": "https://evil.example/page"}):
        response = client.get("/admin/pencaker/export/csv/", headers=headers)
        assert response.status_code == 302 and "attachment" not in response.headers.get("Content-Disposition", "")
    assert not _entries(action="ekspor")
    for headers in ({"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}, {},
                    {"Referer": "http://localhost/admin/pencaker/"}):
        response = client.get("/admin/pencaker/export/csv/", headers=headers)
        assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert len(_entries(action="ekspor")) == 4


def test_staff_accounts_and_school_contacts_shown_in_the_panel_are_audited(login_as, make_user, bkk_factory):
    """Staff members' and BKK heads' names, NIPs, e-mail and phone numbers are personal data too."""
    client, admin = login_as(roles.ADMIN)
    clerk = make_user(roles.PELAYANAN, username="loket7", full_name="Yayan Sopian", nip="199001012015031001")
    school = bkk_factory("20600009", "SMK Negeri 9 Kab. Serang")
    assert client.get("/admin/pengguna/").status_code == 200
    assert client.get(f"/admin/pengguna/edit/?id={clerk.id}").status_code == 200
    assert client.get("/admin/bkk/").status_code == 200
    assert client.get(f"/admin/bkk/edit/?id={school.id}").status_code == 200
    shown = [(e.object_type, e.object_id, e.record_ids) for e in _entries(action="lihat", user_id=admin.id)]
    assert ("User", str(clerk.id), None) in shown and ("Bkk", str(school.id), None) in shown
    listed = {e.object_type: e.record_ids.split(",") for e in _entries(action="lihat", user_id=admin.id)
              if e.record_ids}
    assert str(clerk.id) in listed["User"] and listed["Bkk"] == [str(school.id)]
