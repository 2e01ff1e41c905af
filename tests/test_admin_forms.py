"""Staff use the panel's real forms: Indonesian messages at the field, nothing typed is lost."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from domain import nik as nik_rules, roles
from extensions import db
from models import AuditLog, JobSeeker, MediationCase, TrainingCohort, TransmigrationFamily


def _walk_in(**overrides):
    from tests.test_registration import form_data

    birth = date(1998, 8, 17)
    data = form_data(nik=nik_rules.build("317101", birth, "P", 7), kk_number="3604051702980001",
                     full_name="Aisyah Putri Lestari", birth_place="Jakarta", birth_date="1998-08-17",
                     kecamatan="36.04.09", submission_key=overrides.pop("submission_key", "loket-0001"))
    data.update(overrides)
    return data


def test_staff_register_walk_in_with_nik_from_elsewhere(login_as):
    client, user = login_as(roles.PELAYANAN)
    form = client.get("/admin/daftar_langsung/").get_data(as_text=True)
    # the panel's Bootstrap draws a bare .btn transparent: the submit button must say it is one
    assert '<button type="submit" class="btn btn-primary btn-block">Kirim pendaftaran</button>' in form
    assert "/admin/pencaker/new/" not in client.get("/admin/pencaker/").get_data(as_text=True)
    response = client.post("/admin/daftar_langsung/", data=_walk_in())
    assert response.status_code == 303 and response.location.endswith("/admin/daftar_langsung/selesai")
    done = client.get(response.location).get_data(as_text=True)
    js = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Aisyah Putri Lestari"))
    assert js.registration_number in done and 'id="access-code"' in done
    # the code is stored only as a hash: the page says it cannot be shown later (not "only once":
    # a reload on this device shows it again for a while)
    assert "kantor tidak dapat menampilkannya lagi nanti" in done and "hanya ditampilkan sekali" not in done
    assert js.nik.startswith("317101")  # a Jakarta NIK, living in Ciruas: accepted
    assert js.kecamatan_code == "36.04.09" and js.created_by_id == user.id and js.photo_file is None
    assert js.events[0].recorded_by_id == user.id
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "buat", AuditLog.object_id == str(js.id)))
    # each showing of the receipt (name, number, access code, PDF) is recorded, the reload too
    client.get(response.location)
    shown = db.session.scalars(select(AuditLog).where(AuditLog.object_type == "JobSeeker",
                                                      AuditLog.object_id == str(js.id),
                                                      AuditLog.summary == "tanda terima pendaftaran di loket")).all()
    assert [(e.action, e.user_id) for e in shown] == [("lihat", user.id)] * 2


def test_bad_nik_is_explained_in_indonesian_and_input_is_kept(login_as):
    client, _ = login_as(roles.PELAYANAN)
    male_nik = nik_rules.build("360405", date(1998, 8, 17), "L", 7)
    page = client.post("/admin/daftar_langsung/", data=_walk_in(nik=male_nik)).get_data(as_text=True)
    assert "NIK perempuan: tanggal lahir di dalam NIK ditambah 40" in page
    assert 'value="Aisyah Putri Lestari"' in page and 'value="Jakarta"' in page
    page = client.post("/admin/daftar_langsung/", data=_walk_in(nik="36040557089800O1")).get_data(as_text=True)
    assert "NIK harus tepat 16 angka" in page
    page = client.post("/admin/daftar_langsung/", data=_walk_in(full_name="", nik="")).get_data(as_text=True)
    assert "Wajib diisi." in page and "NIK wajib diisi." in page
    assert db.session.scalar(select(JobSeeker)) is None


def test_second_active_registration_for_same_nik_is_refused_cleanly(login_as):
    client, _ = login_as(roles.PELAYANAN)
    assert client.post("/admin/daftar_langsung/", data=_walk_in()).status_code == 303
    page = client.post("/admin/daftar_langsung/", data=_walk_in(full_name="Orang Lain", submission_key="loket-2"),
                       follow_redirects=True).get_data(as_text=True)
    assert "sudah memiliki pendaftaran kartu AK-1 yang masih berlaku" in page
    assert "IntegrityError" not in page and "UNIQUE" not in page and "duplicate key" not in page
    assert len(db.session.scalars(select(JobSeeker)).all()) == 1


def test_a_walk_in_form_sent_again_later_says_so_on_the_page_not_in_the_cookie(app, login_as):
    from datetime import timedelta

    from public.routes import RECEIPT_KEY

    client, _ = login_as(roles.PELAYANAN)
    assert client.post("/admin/daftar_langsung/", data=_walk_in()).status_code == 303
    js = db.session.scalar(select(JobSeeker))
    js.created_at -= timedelta(minutes=31)  # past the receipt's window
    db.session.commit()
    with client.session_transaction() as sess:
        sess.pop(RECEIPT_KEY, None)
    again = client.post("/admin/daftar_langsung/", data=_walk_in())
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and f"nomor pendaftaran {js.registration_number}" in page
    assert 'value="Aisyah Putri Lestari"' not in page  # a blank form for the next person
    session = app.session_interface.get_signing_serializer(app).loads(client.get_cookie("session").value)
    assert js.registration_number not in str(session)
    assert len(db.session.scalars(select(JobSeeker)).all()) == 1


def test_staff_edit_keeps_the_rules(login_as, job_seeker_factory):
    js = job_seeker_factory()
    client, _ = login_as(roles.PENGANTAR_KERJA)
    form = {"nik": js.nik, "full_name": js.full_name, "birth_place": "Serang", "birth_date": "2001-05-17",
            "sex": "P", "kecamatan": "36.04.05", "education_level": "SMK", "phone": "0812-1111-2222"}
    assert client.post(f"/admin/pencaker/edit/?id={js.id}", data=form).status_code == 302
    assert db.session.get(JobSeeker, js.id).phone == "+6281211112222"
    page = client.post(f"/admin/pencaker/edit/?id={js.id}", data=dict(form, phone="555")).get_data(as_text=True)
    assert "Nomor HP Indonesia tidak valid" in page


def test_mediator_records_a_case_with_sessions_inline(login_as):
    client, mediator = login_as(roles.MEDIATOR)
    response = client.post("/admin/mediasi/new/", data={
        "register_number": "HI/012/XI/2026", "registered_on": "2026-11-02", "dispute_type": "phk",
        "status": "mediasi", "worker_count": "3", "worker_party": "Serikat Pekerja PT Maju",
        "company_name": "PT Maju Bersama", "delegated_on": "2026-11-05", "mediator": str(mediator.id),
        "sessions-0-held_on": "2026-11-12", "sessions-0-kind": "mediasi", "sessions-0-attendance": "Lengkap"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    case = db.session.scalar(select(MediationCase))
    assert case.mediator_id == mediator.id and case.outcome is None
    assert [s.held_on for s in case.sessions] == [date(2026, 11, 12)]


def test_training_cohort_with_participants_inline(login_as):
    from models import TrainingProgram

    client, _ = login_as(roles.PELATIHAN)
    program = TrainingProgram(name="Barista")
    db.session.add(program)
    db.session.commit()
    response = client.post("/admin/angkatan/new/", data={
        "program": str(program.id), "name": "Angkatan I", "year": "2026", "status": "berjalan", "funding": "APBD",
        "planned_participants": "16", "training_days": "20",
        "participants-0-nik": nik_rules.build("360407", date(2000, 1, 5), "L", 3),
        "participants-0-full_name": "Fajar Ramadhan", "participants-0-sex": "L",
        "participants-0-birth_date": "2000-01-05", "participants-0-eligibility": "pencari_kerja",
        "participants-0-selection_status": "lulus_seleksi", "participants-0-attendance_days": "18"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    cohort = db.session.scalar(select(TrainingCohort))
    assert [p.full_name for p in cohort.participants] == ["Fajar Ramadhan"]
    assert cohort.participants[0].competency_result is None


def test_transmigration_family_stage_follows_latest_history(login_as):
    client, _ = login_as(roles.TRANSMIGRASI)
    head_birth = date(1985, 4, 1)
    response = client.post("/admin/keluarga_transmigrasi/new/", data={
        "kk_number": "3604070101100002", "registered_on": "2026-01-10", "transmigration_type": "TU",
        "stage": "pendaftaran", "interest_level": "tinggi", "origin_kecamatan": "36.04.07",
        "head_nik": nik_rules.build("360407", head_birth, "L", 9), "head_name": "Cecep Supriatna",
        "head_birth_date": "1985-04-01",
        "members-0-nik": nik_rules.build("360407", date(1988, 6, 2), "P", 4), "members-0-full_name": "Euis",
        "members-0-relationship_to_head": "istri", "members-0-sex": "P", "members-0-birth_date": "1988-06-02",
        "stages-0-stage": "pendaftaran", "stages-0-occurred_on": "2026-01-10",
        "stages-1-stage": "penyuluhan", "stages-1-occurred_on": "2026-02-14"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    family = db.session.scalar(select(TransmigrationFamily))
    assert family.stage == "penyuluhan" and len(family.members) == 1


def test_admin_pages_speak_indonesian(login_as):
    client, _ = login_as(roles.ADMIN)
    listing = client.get("/admin/mediasi/").get_data(as_text=True)
    assert "Tambah" in listing and "Daftar" in listing and "Tambah saring" in listing
    form = client.get("/admin/mediasi/new/").get_data(as_text=True)
    assert "Simpan" in form and "Batal" in form
    assert "Save" not in form and "Cancel" not in form


def test_moving_a_job_seeker_to_another_kecamatan_in_the_panel_moves_them_in_the_reports(login_as, job_seeker_factory):
    from services import reports
    from services.clock import local_today
    from tests.test_ipk import _nonzero_summary

    js = job_seeker_factory(registered_on=local_today(), kecamatan_code="36.04.05")
    client, _ = login_as(roles.PENGANTAR_KERJA)
    form = {"nik": js.nik, "full_name": js.full_name, "birth_place": "Serang", "birth_date": "2001-05-17",
            "sex": "P", "kecamatan": "36.04.30", "education_level": "SMK", "phone": "0812-1111-2222"}
    assert client.post(f"/admin/pencaker/edit/?id={js.id}", data=form).status_code == 302
    assert db.session.get(JobSeeker, js.id).kecamatan_code == "36.04.30"
    by_kecamatan = {row.key: row.active for row in reports.breakdown("kecamatan_code", local_today())}
    assert by_kecamatan["36.04.30"] == 1 and by_kecamatan["36.04.05"] == 0
    kept = _nonzero_summary()
    reports.rebuild_summary()
    db.session.expire_all()
    assert _nonzero_summary() == kept


def test_a_stage_chosen_only_in_the_tahap_field_is_written_to_the_history_the_recap_counts(login_as):
    from services import reports
    from services.clock import local_today

    client, _ = login_as(roles.TRANSMIGRASI)
    head_birth = date(1985, 4, 1)
    family_form = {"kk_number": "3604070101100002", "registered_on": "2026-01-10", "transmigration_type": "TU",
                   "stage": "seleksi", "interest_level": "tinggi", "origin_kecamatan": "36.04.07",
                   "head_nik": nik_rules.build("360407", head_birth, "L", 9), "head_name": "Cecep Supriatna",
                   "head_birth_date": "1985-04-01"}
    assert client.post("/admin/keluarga_transmigrasi/new/", data=family_form).status_code == 302
    family = db.session.scalar(select(TransmigrationFamily))
    assert [(s.stage, s.occurred_on) for s in family.stages] == [("seleksi", date(2026, 1, 10))]
    at_end_of_january = {code: by_type for code, _, by_type, _ in reports.families_by_stage(date(2026, 1, 31))}
    assert at_end_of_january["seleksi"]["TU"] == 1

    stage_id = family.stages[0].id
    edit = dict(family_form, stage="pelatihan", **{"stages-0-id": str(stage_id), "stages-0-stage": "seleksi",
                                                   "stages-0-occurred_on": "2026-01-10"})
    assert client.post(f"/admin/keluarga_transmigrasi/edit/?id={family.id}", data=edit).status_code == 302
    db.session.expire_all()
    family = db.session.get(TransmigrationFamily, family.id)
    assert family.stage == "pelatihan"
    assert sorted((s.stage, s.occurred_on) for s in family.stages) == [("pelatihan", local_today()),
                                                                      ("seleksi", date(2026, 1, 10))]


def test_queue_desk_keeps_what_was_typed_and_puts_the_message_at_the_field(login_as):
    import html

    client, _ = login_as(roles.PELAYANAN)
    page = client.post("/admin/loket/aksi/", data={"aksi": "datang_langsung", "nomor_pendaftaran": "AK1-3604-2026-999999",
                                                  "kunci": "kunci-loket-1"})
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 422
    assert 'value="AK1-3604-2026-999999"' in text and 'value="kunci-loket-1"' in text
    assert 'is-invalid' in text and "Tidak ada pendaftaran dengan nomor, NIK, atau nomor kartu itu." in text
    page = client.post("/admin/loket/aksi/", data={"aksi": "hadir", "kode": "ZZZZ-9999"})
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 422 and 'value="ZZZZ-9999"' in text and "Kode pemesanan tidak ditemukan." in text


def test_the_panel_takes_a_nik_pasted_in_groups(login_as, job_seeker_factory):
    """A NIK or KK number copied with its grouping ("3604 0517 0590 0001") is read as its digits in
    the panel's own forms too, the inline rows included; the input leaves room for the grouping."""
    import re

    from models import TrainingParticipant, TrainingProgram

    def grouped(number: str) -> str:
        return " ".join(number[i:i + 4] for i in range(0, 16, 4))

    js = job_seeker_factory(full_name="Siti Rahma")
    client, _ = login_as(roles.PELAYANAN)
    page = client.get(f"/admin/pencaker/edit/?id={js.id}").get_data(as_text=True)
    tag = re.search(r'<input[^>]*name="nik"[^>]*>', page).group(0)
    assert 'maxlength="24"' in tag, tag
    form = {"nik": grouped(js.nik), "kk_number": "3604.0517.0590.0009", "full_name": "Siti Rahma",
            "birth_place": "Serang", "birth_date": "2001-05-17", "sex": "P", "kecamatan": "36.04.05",
            "education_level": "SMK"}
    assert client.post(f"/admin/pencaker/edit/?id={js.id}", data=form).status_code == 302
    stored = db.session.get(JobSeeker, js.id)
    assert (stored.nik, stored.kk_number) == (js.nik, "3604051705900009")

    trainer, _ = login_as(roles.PELATIHAN)
    program = TrainingProgram(name="Las listrik")
    db.session.add(program)
    db.session.commit()
    participant_nik = nik_rules.build("360407", date(2000, 1, 5), "L", 3)
    cohort = {"program": str(program.id), "name": "Angkatan II", "year": "2026", "status": "berjalan",
              "funding": "APBD", "participants-0-nik": grouped(participant_nik),
              "participants-0-full_name": "Fajar Ramadhan", "participants-0-sex": "L",
              "participants-0-birth_date": "2000-01-05", "participants-0-eligibility": "pencari_kerja",
              "participants-0-selection_status": "lulus_seleksi"}
    assert trainer.post("/admin/angkatan/new/", data=cohort).status_code == 302
    assert db.session.scalar(select(TrainingParticipant.nik)) == participant_nik
