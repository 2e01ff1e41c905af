"""A training cohort and its participants hold together (domain.training), checked at each
field of the panel's forms (a participant's problem at its own row), with what was typed kept;
the yearly recap's totals leave cancelled cohorts out."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from domain import nik as nik_rules
from domain import roles
from domain import training as rules
from extensions import db
from models import TrainingCohort, TrainingParticipant, TrainingProgram
from tests.test_edit_conflicts import form_of

TODAY = date(2026, 12, 6)


def _cohort(**changes):
    values = dict(year=2026, start=date(2026, 5, 4), end=date(2026, 5, 29), training_days=20, status="selesai",
                  cancellation_reason=None, today=TODAY)
    values.update(changes)
    return rules.cohort_problems(**values)


def _person(**changes):
    values = dict(nik="3604070501000003", selection_status="lulus_seleksi", attendance_days=18, graduated=True,
                  competency_result="kompeten", follow_up="bekerja")
    values.update(changes)
    return rules.Participant(**values)


def test_cohort_rules():
    assert _cohort() == {}
    assert _cohort(end=date(2026, 5, 1))["end_date"] == "Tanggal selesai tidak boleh sebelum tanggal mulai."
    assert _cohort(year=2025)["year"] == "Tahun angkatan (2025) berbeda dengan tahun tanggal mulai (2026)."
    assert _cohort(end=date(2026, 5, 6))["training_days"] == (
        "Jumlah hari (20) lebih dari rentang tanggal mulai sampai selesai (3 hari).")
    assert "baru selesai 29 Desember 2026" in _cohort(end=date(2026, 12, 29), start=date(2026, 12, 1))["status"]
    assert "baru mulai" in _cohort(status="berjalan", start=date(2026, 12, 14), end=date(2027, 1, 8))["status"]
    assert _cohort(status="batal", cancellation_reason=" ")["cancellation_reason"] == "Isi alasan pembatalan angkatan."
    assert _cohort(status="rencana", start=date(2027, 1, 11), end=date(2027, 2, 5), year=2027) == {}


def test_participant_rules():
    assert rules.participant_problems(_person(), 20) == {}
    assert rules.participant_problems(_person(attendance_days=45), 20)["attendance_days"] == (
        "Hari hadir (45) lebih dari jumlah hari pelatihan (20).")
    assert "tidak boleh kurang dari 0" in rules.participant_problems(_person(attendance_days=-2), 20)["attendance_days"]
    assert "lulus seleksi" in rules.participant_problems(_person(selection_status="tidak_lulus"), 20)["graduated"]
    assert rules.participant_problems(_person(selection_status="cadangan", graduated=False, competency_result=None,
                                              follow_up=None), 20) == {}
    assert rules.duplicate_niks(["1", "2", "1", None, None]) == {"1"}


def _program():
    program = TrainingProgram(name="Otomotif")
    db.session.add(program)
    db.session.commit()
    return program


def _row(i, **changes):
    birth = date(2000, 1, 5 + i)
    row = {f"participants-{i}-nik": nik_rules.build("360407", birth, "L", 3 + i),
           f"participants-{i}-full_name": f"Peserta {i}", f"participants-{i}-sex": "L",
           f"participants-{i}-birth_date": birth.isoformat(), f"participants-{i}-eligibility": "pencari_kerja",
           f"participants-{i}-selection_status": "lulus_seleksi", f"participants-{i}-attendance_days": "18"}
    row.update({f"participants-{i}-{k}": v for k, v in changes.items()})
    return row


def test_the_cohort_form_shows_each_problem_at_its_row(login_as):
    program = _program()
    client, _ = login_as(roles.PELATIHAN)
    data = {"program": str(program.id), "name": "Angkatan II", "year": "2026", "status": "selesai",
            "funding": "APBN", "planned_participants": "16", "training_days": "20", "start_date": "2026-05-04",
            "end_date": "2026-05-29", **_row(0, attendance_days="45"),
            **_row(1, selection_status="tidak_lulus", graduated="y")}
    page = client.post("/admin/angkatan/new/", data=data).get_data(as_text=True)
    assert "Hari hadir (45) lebih dari jumlah hari pelatihan (20)." in page
    assert "Hanya peserta yang lulus seleksi yang dapat lulus pelatihan" in page
    kept = form_of(page)
    assert kept["participants-0-attendance_days"] == "45" and kept["participants-1-full_name"] == "Peserta 1"
    assert db.session.scalar(select(func.count()).select_from(TrainingCohort)) == 0

    twice = dict(data, **_row(0), **_row(1))
    twice["participants-1-nik"] = twice["participants-0-nik"]
    page = client.post("/admin/angkatan/new/", data=twice).get_data(as_text=True)
    assert page.count(f"NIK {twice['participants-0-nik']} tercatat dua kali di angkatan ini.") == 2
    assert "Data tidak dapat disimpan" not in page  # named at the rows, not the database's generic refusal

    assert client.post("/admin/angkatan/new/", data=dict(data, **_row(0), **_row(1))).status_code == 302
    cohort = db.session.scalar(select(TrainingCohort))
    # adding the same person again on the participants' own page is named at the NIK
    page = client.post("/admin/peserta/new/", data={
        "cohort": str(cohort.id), "nik": cohort.participants[0].nik, "full_name": "Orang Sama", "sex": "L",
        "eligibility": "pencari_kerja", "selection_status": "pendaftar", "attendance_days": "0"}).get_data(as_text=True)
    assert f"NIK {cohort.participants[0].nik} sudah terdaftar di angkatan ini." in page
    assert db.session.scalar(select(func.count()).select_from(TrainingParticipant)) == 2


def test_the_yearly_recap_totals_leave_cancelled_cohorts_out(app, login_as):
    from tests.test_reports import _xlsx, export

    program = _program()
    ran = TrainingCohort(program=program, name="Angkatan I", year=2020, status="selesai", planned_participants=16,
                         start_date=date(2020, 2, 3), end_date=date(2020, 2, 28))
    cancelled = TrainingCohort(program=program, name="Angkatan II", year=2020, status="batal", planned_participants=16,
                               cancellation_reason="Refocusing anggaran COVID-19")
    for cohort, count in ((ran, 3), (cancelled, 2)):
        for i in range(count):
            cohort.participants.append(TrainingParticipant(nik=f"36040701019{count}{i:04d}", full_name=f"P{i}", sex="L",
                                                           selection_status="lulus_seleksi"))
        db.session.add(cohort)
    db.session.commit()
    client, _ = login_as(roles.PELATIHAN)
    ws = _xlsx(export(client, "pelatihan", "xlsx", {"tahun": "2020"}))["Per angkatan"]
    total = next(row for row in ws.iter_rows(values_only=True) if row[0] == "Jumlah")
    assert total[6:9] == (16, 3, 3)  # planned, applicants, participants of the cohort that ran


def test_every_demo_cohort_holds_together(app):
    import demo_data
    from services.clock import local_today

    demo_data.fill(job_seekers=40, seed=5)
    for cohort in db.session.scalars(select(TrainingCohort)):
        assert rules.cohort_problems(year=cohort.year, start=cohort.start_date, end=cohort.end_date,
                                     training_days=cohort.training_days, status=cohort.status,
                                     cancellation_reason=cohort.cancellation_reason, today=local_today()) == {}, \
            cohort.name
        for p in cohort.participants:
            person = rules.Participant(p.nik, p.selection_status, p.attendance_days, p.graduated,
                                       p.competency_result, p.follow_up)
            assert rules.participant_problems(person, cohort.training_days) == {}, (cohort.name, p.full_name)
        assert rules.duplicate_niks([p.nik for p in cohort.participants]) == set()


def test_a_participants_phone_must_be_an_indonesian_mobile_number(login_as):
    program = _program()
    client, _ = login_as(roles.PELATIHAN)
    data = {"program": str(program.id), "name": "Angkatan III", "year": "2026", "status": "rencana",
            "funding": "APBD", "planned_participants": "16", "training_days": "20", **_row(0, phone="12")}
    page = client.post("/admin/angkatan/new/", data=data).get_data(as_text=True)
    assert "Nomor HP Indonesia tidak valid" in page
    assert client.post("/admin/angkatan/new/", data=dict(data, **_row(0, phone="0813 1111 2222"))).status_code == 302
    assert db.session.scalar(select(TrainingParticipant)).phone == "+6281311112222"
