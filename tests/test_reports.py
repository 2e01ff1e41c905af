"""Laporan: who may open which report, the XLSX (typed cells, header block) and the PDF (office
header, signature block, Unicode names) as a person receives them, and the audit entry of each export."""
from __future__ import annotations

import io
import re
import subprocess
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from domain import codes, roles
from extensions import db
from models import (
    AuditLog, Holiday, IpkMonthlyFlow, MediationCase, MediationSession, ReportSummaryState, Setting, TrainingCohort,
    TrainingParticipant, TrainingProgram, TransmigrationFamily, TransmigrationMember, TransmigrationStageEvent,
)
from services.clock import local_today
from services.job_seekers import record_event

OFFICE = "Dinas Tenaga Kerja dan Transmigrasi Kabupaten Serang"


@pytest.fixture
def october(app, job_seeker_factory):
    """A small October 2026: carried over 2 (L 20–29 SMK, P 15–19 SMA), registered 3, placed 1 AKL, removed 1."""
    old_l = job_seeker_factory(full_name="Budi Lama", sex="L", birth_date=date(2000, 1, 1),
                               registered_on=date(2026, 8, 3), education_level="SMK")
    job_seeker_factory(full_name="Sari Lama", sex="P", birth_date=date(2008, 1, 1), registered_on=date(2026, 9, 1),
                       education_level="SMA")
    new_l = job_seeker_factory(full_name="Şükrü Çağlar", sex="L", birth_date=date(1990, 6, 1),
                               registered_on=date(2026, 10, 5), education_level="D4S1", nik="3604050106900001")
    job_seeker_factory(full_name="Rina", sex="P", birth_date=date(1990, 6, 1), registered_on=date(2026, 10, 6),
                       education_level="SMK")
    job_seeker_factory(full_name="Tono", sex="L", birth_date=date(1970, 6, 1), registered_on=date(2026, 10, 7),
                       education_level="SD")
    record_event(old_l, codes.EV_PLACED, date(2026, 10, 20), placement_type="AKL", employer_name="PT A")
    record_event(new_l, codes.EV_REMOVED, date(2026, 10, 28), removal_reason="pindah_domisili")
    db.session.commit()


def export(client, key, fmt, data):
    return client.post("/admin/laporan/ekspor", data={"laporan": key, "format": fmt, **data})


def _xlsx(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.data))


def _pdf_text(response, tmp_path):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    path = tmp_path / "laporan.pdf"
    path.write_bytes(response.data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _row(ws, label):
    for row in ws.iter_rows(min_row=10):
        if row[0].value == label:
            return [c.value for c in row[1:16]]
    raise AssertionError(label)


def test_ipk_xlsx_has_typed_cells_and_a_header_block(october, login_as):
    client, user = login_as(roles.PIMPINAN)
    response = export(client, "ipk", "xlsx", {"bulan": "2026-10"})
    assert "attachment; filename=laporan-ipk-2026-10-" in response.headers["Content-Disposition"]
    book = _xlsx(response)
    assert book.sheetnames == ["III-1 Golongan umur", "III-2 Pendidikan", "Lama lulus", "Penempatan"]
    ws = book["III-1 Golongan umur"]
    assert ws["A2"].value == OFFICE
    assert "IPK" in ws["A5"].value and "III/1" in ws["A6"].value
    assert ws["A7"].value == "Periode"
    period = [c for c in ws[7] if c.value is not None]
    assert [c.value for c in period[1:4]] == [datetime(2026, 10, 1), "s.d.", datetime(2026, 10, 31)]
    assert period[1].is_date and period[3].is_date and "mmmm" in period[1].number_format
    assert ws["A8"].value == "Dicetak" and ws["B8"].is_date and ws["B8"].value.date() == local_today()
    # each date cell spans columns wide enough for "31 Oktober 2026" (a narrow one shows ####)
    for cell in (period[1], period[3], ws["B8"]):
        merged = next(r for r in ws.merged_cells.ranges if cell.coordinate in r)
        width = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(merged.min_col, merged.max_col + 1))
        assert width >= 18, (cell.coordinate, width)
    #                         carried    registered  placed     removed    remaining
    assert _row(ws, "15–19") == [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    assert _row(ws, "20–29") == [1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]
    assert _row(ws, "30–44") == [0, 0, 0, 1, 1, 2, 0, 0, 0, 1, 0, 1, 0, 1, 1]
    assert _row(ws, "45–54") == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert _row(ws, "55 ke atas") == [0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1]
    assert _row(ws, "Jumlah") == [1, 1, 2, 2, 1, 3, 1, 0, 1, 1, 0, 1, 1, 2, 3]
    assert all(isinstance(v, int) for v in _row(ws, "Jumlah"))
    assert ws.cell(row=12, column=2).number_format == "#,##0"
    education = book["III-2 Pendidikan"]
    assert _row(education, "SMK") == [1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1]
    assert _row(education, "D4/S1") == [0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0]
    placements = book["Penempatan"]
    assert [c.value for c in placements[11][:4]] == ["AKL (antarkerja lokal)", 1, 0, 1]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Şükrü Çağlar" not in texts and "Budi Lama" not in texts  # aggregates only
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "ekspor")).one()
    assert (entry.object_type, entry.object_id, entry.user_id) == ("Laporan", "ipk", user.id)
    assert entry.summary.startswith("XLSX Laporan Informasi Pasar Kerja") and "Oktober 2026" in entry.summary


def test_ipk_pdf_has_the_office_header_tables_and_a_signature_block(october, login_as, tmp_path):
    client, _ = login_as(roles.PIMPINAN)
    response = export(client, "ipk", "pdf", {"bulan": "2026-10", "signer_name": "Şükrü Çağlar",
                                             "signer_nip": "197001011990031001", "signer_title": "Kepala Dinas",
                                             "place": "Serang"})
    text = _pdf_text(response, tmp_path)
    assert "PEMERINTAH KABUPATEN SERANG" in text and OFFICE.upper() in text
    assert "Periode: Oktober 2026 (1 Oktober 2026 s.d. 31 Oktober 2026)" in text
    assert "IPK III/1" in text and "IPK III/2" in text and "Penempatan" in text
    assert "Şükrü Çağlar" in text  # the shipped DejaVu font, not Helvetica's ■
    assert "NIP. 197001011990031001" in text and "Kepala Dinas" in text
    assert f"Serang, {local_today().day} " in text
    jumlah = [line for line in text.splitlines() if line.strip().startswith("Jumlah")][0]
    assert jumlah.split()[1:] == ["1", "1", "2", "2", "1", "3", "1", "0", "1", "1", "0", "1", "1", "2", "3"]
    assert db.session.scalars(select(AuditLog).where(AuditLog.action == "ekspor")).one().summary.startswith("PDF")


def test_a_signer_typed_like_a_formula_stays_text_in_the_xlsx(october, login_as):
    client, _ = login_as(roles.PIMPINAN)
    response = export(client, "ipk", "xlsx", {"bulan": "2026-10", "signer_name": '=HYPERLINK("http://x","Klik")',
                                              "signer_title": "=1+1", "signer_nip": "197001011990031001"})
    ws = _xlsx(response)["III-1 Golongan umur"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells['=HYPERLINK("http://x","Klik")'].data_type == "s" and cells["=1+1"].data_type == "s"
    assert not [c for c in cells.values() if c.data_type == "f"]


def test_without_a_signer_name_the_pdf_leaves_a_line_to_sign(october, login_as, tmp_path):
    client, _ = login_as(roles.PENGANTAR_KERJA)
    text = _pdf_text(export(client, "ipk", "pdf", {"bulan": "2026-10"}), tmp_path)
    assert "(........" in text and "Kepala Dinas Tenaga Kerja dan Transmigrasi Kabupaten Serang" in text


def test_the_report_page_shows_the_same_figures(october, login_as):
    client, _ = login_as(roles.PIMPINAN)
    page = client.get("/admin/laporan/lihat?laporan=ipk&bulan=2026-10").get_data(as_text=True)
    assert "Periode:</strong> Oktober 2026" in page
    assert 'name="csrf_token"' in page and "Unduh XLSX" in page and "Unduh PDF" in page
    assert client.get("/admin/laporan/lihat?laporan=ipk&bulan=2031-01", follow_redirects=True).get_data(as_text=True) \
        .count("Bulan itu belum berjalan.") == 1
    assert "format TTTT-BB" in client.get("/admin/laporan/lihat?laporan=ipk&bulan=10-2026", follow_redirects=True) \
        .get_data(as_text=True)


@pytest.mark.parametrize("role, allowed", [
    (roles.PIMPINAN, {"ipk", "mediasi", "pelatihan", "transmigrasi"}),
    (roles.ADMIN, {"ipk", "mediasi", "pelatihan", "transmigrasi"}),
    (roles.PENGANTAR_KERJA, {"ipk"}),
    (roles.MEDIATOR, {"mediasi"}),
    (roles.PELATIHAN, {"pelatihan"}),
    (roles.TRANSMIGRASI, {"transmigrasi"}),
])
def test_each_role_opens_only_its_reports(app, login_as, role, allowed):
    client, _ = login_as(role)
    index = client.get("/admin/laporan/").get_data(as_text=True)
    for key in ("ipk", "mediasi", "pelatihan", "transmigrasi"):
        status = client.get(f"/admin/laporan/lihat?laporan={key}").status_code
        assert status == (200 if key in allowed else 403), key
        assert (f'href="/admin/laporan/lihat?laporan={key}"' in index) == (key in allowed), key
        exported = export(client, key, "xlsx", {"tahun": "2026", "bulan": "2026-10"})
        assert exported.status_code == (200 if key in allowed else 403), key


@pytest.mark.parametrize("role", [roles.PELAYANAN, roles.BKK])
def test_roles_without_reports_are_refused(app, login_as, bkk_factory, role):
    extra = {"bkk": bkk_factory("20600044")} if role == roles.BKK else {}
    client, _ = login_as(role, **extra)
    assert client.get("/admin/laporan/").status_code == 403
    assert export(client, "ipk", "xlsx", {"bulan": "2026-10"}).status_code == 403
    assert 'href="/admin/laporan/"' not in client.get("/admin/").get_data(as_text=True)


def test_anonymous_is_sent_to_login_and_exports_are_post_only(client, login_as):
    assert client.get("/admin/laporan/lihat?laporan=ipk").status_code == 302
    assert export(client, "ipk", "xlsx", {"bulan": "2026-10"}).status_code == 302
    staff, _ = login_as(roles.PIMPINAN)
    assert staff.get("/admin/laporan/ekspor?laporan=ipk&format=xlsx&bulan=2026-10").status_code == 405
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "ekspor")) is None


def test_exports_need_the_csrf_token(make_app):
    from tests.conftest import PASSWORD, login

    application = make_app(WTF_CSRF_ENABLED=True)
    with application.app_context():
        from cli import create_user

        create_user("pimpinan_csrf", "Pimpinan", roles.PIMPINAN, PASSWORD)
        client = application.test_client()
        page = client.get("/masuk").get_data(as_text=True)
        import re

        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        assert client.post("/masuk", data={"username": "pimpinan_csrf", "password": PASSWORD,
                                           "csrf_token": token}).status_code == 302
        assert export(client, "ipk", "xlsx", {"bulan": "2026-10"}).status_code == 400
        page = client.get("/admin/laporan/lihat?laporan=ipk&bulan=2026-10").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        response = export(client, "ipk", "xlsx", {"bulan": "2026-10", "csrf_token": token})
        assert response.status_code == 200
        assert login  # the shared helper is the same login the other tests use


def test_only_admin_rebuilds_the_summary(october, login_as):
    client, _ = login_as(roles.PIMPINAN)
    assert client.post("/admin/laporan/hitung-ulang").status_code == 403
    assert "Hitung ulang ringkasan" not in client.get("/admin/laporan/").get_data(as_text=True)
    db.session.query(IpkMonthlyFlow).delete()
    db.session.commit()  # the summary lost behind the application's back (as plain SQL would)
    admin, _ = login_as(roles.ADMIN)
    page = admin.post("/admin/laporan/hitung-ulang", follow_redirects=True).get_data(as_text=True)
    assert "Ringkasan IPK dihitung ulang" in page
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "aksi", AuditLog.object_type == "Laporan"))
    book = _xlsx(export(client, "ipk", "xlsx", {"bulan": "2026-10"}))
    assert _row(book["III-1 Golongan umur"], "Jumlah") == [1, 1, 2, 2, 1, 3, 1, 0, 1, 1, 0, 1, 1, 2, 3]
    assert db.session.get(ReportSummaryState, "ipk_monthly_flow") is not None


def test_the_summary_is_rebuilt_from_the_command_line(october, runner, login_as):
    db.session.query(IpkMonthlyFlow).delete()
    db.session.commit()
    result = runner.invoke(args=["reports", "rebuild"])
    assert result.exit_code == 0 and "Ringkasan IPK dihitung ulang" in result.output
    client, _ = login_as(roles.PIMPINAN)
    book = _xlsx(export(client, "ipk", "xlsx", {"bulan": "2026-10"}))
    assert _row(book["III-1 Golongan umur"], "Jumlah") == [1, 1, 2, 2, 1, 3, 1, 0, 1, 1, 0, 1, 1, 2, 3]


# --------------------------------------------------------------------------- recaps

@pytest.fixture
def mediation_cases(app):
    def case(number, registered, dtype, **kw):
        sessions = kw.pop("sessions", [])
        c = MediationCase(register_number=number, registered_on=registered, dispute_type=dtype,
                          worker_party="Pekerja", company_name=kw.pop("company", f"PT {number}"), **kw)
        c.sessions = sessions
        db.session.add(c)
        return c

    # open since last year, closed by agreement in March: delegated Fri 27 Feb, first session Wed 4 Mar,
    # closed Fri 13 Mar = 10 working days
    case("001/2025", date(2025, 12, 10), "phk", worker_count=3, status=codes.CASE_CLOSED, outcome="perjanjian_bersama",
         delegated_on=date(2026, 2, 27), closed_on=date(2026, 3, 13),
         sessions=[MediationSession(held_on=date(2026, 3, 4), kind="mediasi")])
    # registered and closed in 2026 after an anjuran: delegated Mon 2 Mar, a clarification Tue 3 Mar (not counted),
    # closed Mon 13 Apr: 30 weekdays after the hand-over, minus the clarification day, Nyepi (19 Mar) and Good
    # Friday (3 Apr), and the four days of cuti bersama (18, 20, 23, 24 Mar) = 23
    case("002/2026", date(2026, 2, 16), "hak", worker_count=12, status=codes.CASE_CLOSED, outcome="anjuran_ditolak",
         delegated_on=date(2026, 3, 2), closed_on=date(2026, 4, 13), anjuran_date=date(2026, 3, 20),
         company="=HYPERLINK(\"http://x\")",
         sessions=[MediationSession(held_on=date(2026, 3, 3), kind="klarifikasi"),
                   MediationSession(held_on=date(2026, 3, 9), kind="mediasi")])
    case("003/2026", date(2026, 5, 4), "hak", worker_count=1, status=codes.CASE_IN_MEDIATION,
         delegated_on=date(2026, 5, 15))
    case("004/2027", date(2027, 1, 4), "kepentingan", worker_count=40)  # after the period
    for day, kind in ((date(2026, 3, 18), "cuti_bersama"), (date(2026, 3, 19), "nasional"),
                      (date(2026, 3, 20), "cuti_bersama"), (date(2026, 3, 21), "nasional"),
                      (date(2026, 3, 23), "cuti_bersama"), (date(2026, 3, 24), "cuti_bersama"),
                      (date(2026, 4, 3), "nasional")):
        db.session.add(Holiday(day=day, name="Libur", kind=kind))
    db.session.commit()


def test_mediation_recap_by_type_outcome_and_duration(mediation_cases, login_as):
    client, _ = login_as(roles.MEDIATOR)
    book = _xlsx(export(client, "mediasi", "xlsx", {"tahun": "2026"}))
    ws = book["Menurut jenis"]
    rows = {r[0].value: [c.value for c in r[1:]] for r in ws.iter_rows(min_row=12, max_row=16)}
    #          open at start, registered, workers, PB, accepted, rejected, withdrawn, closed, open at end
    assert rows["Perselisihan hak"] == [0, 2, 13, 0, 0, 1, 0, 1, 1]
    assert rows["Perselisihan PHK"] == [1, 0, 0, 1, 0, 0, 0, 1, 0]
    assert rows["Perselisihan kepentingan"] == [0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert rows["Jumlah"] == [1, 2, 13, 1, 0, 1, 0, 2, 1]
    durations = {r[0].value: [c.value for c in r[1:6]] for r in book["Lama penyelesaian"].iter_rows(min_row=11)
                 if r[0].value in codes.CASE_OUTCOMES.values()}
    assert durations["Perjanjian Bersama"] == [1, 10, 10, 10, 1]
    assert durations["Anjuran ditolak"] == [1, 23, 23, 23, 1]
    assert durations["Dicabut"] == [0, None, None, None, 0]
    listing = book["Kasus selesai"]
    first = [c.value for c in listing[11][:7]]
    assert first == ["001/2025", "PT 001/2025", "Perselisihan PHK", "Perjanjian Bersama", datetime(2026, 2, 27),
                     datetime(2026, 3, 13), 10]
    second = listing[12]
    assert second[1].value == "=HYPERLINK(\"http://x\")" and second[1].data_type == "s"  # text, never a formula
    assert listing[11][4].is_date and second[6].value == 23
    # when the office counts cuti bersama as working days (a setting), the four days count again
    db.session.add(Setting(key="calendar.cuti_bersama_working", value="1"))
    db.session.commit()
    book = _xlsx(export(client, "mediasi", "xlsx", {"tahun": "2026"}))
    assert book["Kasus selesai"][12][6].value == 27


def test_training_recap_per_cohort(app, login_as):
    program = TrainingProgram(name="Otomotif")
    cohort = TrainingCohort(program=program, name="Angkatan II", year=2026, status="selesai", kecamatan_code="36.04.08",
                            start_date=date(2026, 5, 4), end_date=date(2026, 5, 29), planned_participants=16,
                            funding="APBN")
    db.session.add(cohort)
    plan = [("lulus_seleksi", True, "kompeten", "bekerja"), ("lulus_seleksi", True, "kompeten", "wirausaha"),
            ("lulus_seleksi", True, "belum_kompeten", "belum"), ("cadangan", False, None, None),
            ("tidak_lulus", False, None, None)]
    for i, (selection, graduated, result, follow) in enumerate(plan):
        cohort.participants.append(TrainingParticipant(
            nik=f"360408010190{i:04d}", full_name=f"Peserta {i}", sex="L", selection_status=selection,
            graduated=graduated, competency_result=result, follow_up=follow))
    other = TrainingCohort(program=program, name="Angkatan I", year=2025, status="selesai")
    db.session.add(other)
    db.session.commit()
    client, _ = login_as(roles.PELATIHAN)
    ws = _xlsx(export(client, "pelatihan", "xlsx", {"tahun": "2026"}))["Per angkatan"]
    row = [c.value for c in ws[11][:14]]
    assert row == ["Otomotif – Angkatan II", "Pulo Ampel", datetime(2026, 5, 4), datetime(2026, 5, 29), "APBN",
                   "Selesai", 16, 5, 3, 3, 2, 1, 1, 1]
    assert ws[12][0].value == "Jumlah" and ws[13][0].value != "Otomotif – Angkatan I"


def test_transmigration_recap_uses_the_stage_on_the_period_s_last_day(app, login_as):
    def family(kk, stages, province=None, regency=None, ttype="TU", members=2):
        f = TransmigrationFamily(kk_number=kk, registered_on=stages[0][1], stage=stages[-1][0],
                                 transmigration_type=ttype,
                                 origin_kecamatan_code="36.04.08", head_nik=f"{kk[:12]}9999", head_name="Kepala",
                                 destination_province=province, destination_regency=regency)
        f.stages = [TransmigrationStageEvent(stage=s, occurred_on=d) for s, d in stages]
        f.members = [TransmigrationMember(nik=f"{kk[:12]}{i:04d}", full_name=f"Anggota {i}",
                                          relationship_to_head="kepala" if i == 0 else "anak", sex="L")
                     for i in range(members)]
        db.session.add(f)

    family("3604080101250001", [("pendaftaran", date(2025, 3, 1)), ("seleksi", date(2025, 9, 1)),
                                ("pemberangkatan", date(2026, 2, 10))], "Sulawesi Barat", "Mamuju Tengah", members=4)
    family("3604080101250002", [("pendaftaran", date(2025, 5, 1)), ("batal", date(2026, 1, 5))], ttype="TSM")
    family("3604080101260003", [("pendaftaran", date(2026, 3, 1))], "Kalimantan Timur", "Paser", ttype="TSB")
    db.session.commit()
    client, _ = login_as(roles.TRANSMIGRASI)
    book = _xlsx(export(client, "transmigrasi", "xlsx", {"tahun": "2025"}))
    ws = book["Menurut tahap"]
    rows = {r[0].value: [c.value for c in r[1:6]] for r in ws.iter_rows(min_row=12, max_row=20)}
    #                                      TU TSB TSM KK people
    assert rows["Seleksi"] == [1, 0, 0, 1, 4]  # on 31 Dec 2025 the first family was still in selection
    assert rows["Pendaftaran/pendataan"] == [0, 0, 1, 1, 2]
    assert rows["Pemberangkatan dan penempatan"] == [0, 0, 0, 0, 0]
    assert rows["Jumlah"] == [1, 0, 1, 2, 6]  # the third family registered in 2026
    book = _xlsx(export(client, "transmigrasi", "xlsx", {"tahun": "2026"}))
    rows = {r[0].value: [c.value for c in r[1:6]] for r in book["Menurut tahap"].iter_rows(min_row=12, max_row=20)}
    assert rows["Pemberangkatan dan penempatan"] == [1, 0, 0, 1, 4]
    assert rows["Batal/mengundurkan diri"] == [0, 0, 1, 1, 2]
    destinations = {(r[0].value, r[1].value): [c.value for c in r[2:12]]
                    for r in book["Menurut tujuan"].iter_rows(min_row=12) if r[1].value is not None}
    assert destinations[("Sulawesi Barat", "Mamuju Tengah")] == [0, 0, 0, 0, 0, 1, 0, 0, 1, 4]
    assert destinations[("Kalimantan Timur", "Paser")] == [1, 0, 0, 0, 0, 0, 0, 0, 1, 2]
    # what happened in the year: the first family departed and the second withdrew in 2026; the
    # snapshot above says where everyone stands, this says who moved
    reached = {r[0].value: [c.value for c in r[1:6]] for r in book["Dalam periode"].iter_rows(min_row=12, max_row=19)}
    assert reached["Pemberangkatan dan penempatan"] == [1, 0, 0, 1, 4]
    assert reached["Batal/mengundurkan diri"] == [0, 0, 1, 1, 2]
    assert reached["Pendaftaran/pendataan"] == [0, 1, 0, 1, 2] and reached["Seleksi"] == [0, 0, 0, 0, 0]
    book = _xlsx(export(client, "transmigrasi", "xlsx", {"tahun": "2025"}))
    reached = {r[0].value: [c.value for c in r[1:6]] for r in book["Dalam periode"].iter_rows(min_row=12, max_row=19)}
    assert reached["Pemberangkatan dan penempatan"] == [0, 0, 0, 0, 0]  # departed in 2026, not 2025
    assert reached["Seleksi"] == [1, 0, 0, 1, 4] and reached["Pendaftaran/pendataan"] == [1, 0, 1, 2, 6]


def test_without_a_report_named_each_role_gets_its_first_report(app, login_as):
    client, _ = login_as(roles.MEDIATOR)
    page = client.get("/admin/laporan/lihat").get_data(as_text=True)
    assert "Rekapitulasi Mediasi" in page
    assert client.get("/admin/laporan/lihat?laporan=tidak-ada").status_code == 404
    assert export(client, "mediasi", "csv", {"tahun": "2026"}).status_code == 400


def _figures_above_signature(page: str) -> bool:
    """The page holds lines of the report (with figures) above the signature block."""
    above = page.split("Serang, ")[0]
    return any(re.search(r"\d", line) for line in above.splitlines() if line.strip())


@pytest.mark.parametrize(("key", "period"), [("ipk", {"bulan": "2026-11"}), ("mediasi", {"tahun": "2026"}),
                                             ("pelatihan", {"tahun": "2020"}), ("transmigrasi", {"tahun": "2026"})])
def test_the_signature_never_stands_alone_on_a_page(app, login_as, tmp_path, key, period):
    """A signed page must carry figures of the report: a page holding only the signature could be
    separated from it. Each page also says how many there are."""
    import demo_data

    demo_data.fill(job_seekers=200, seed=2026)
    client, _ = login_as(roles.ADMIN)
    response = export(client, key, "pdf", period)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    path = tmp_path / "laporan.pdf"
    path.write_bytes(response.data)
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = [page for page in pages if page.strip()]
    signed = [page for page in pages if "NIP." in page]
    assert len(signed) == 1 and _figures_above_signature(signed[0]), signed
    assert f"halaman 1 dari {len(pages)}" in pages[0]


def test_a_quarter_and_a_year_add_up_their_months(october, login_as, job_seeker_factory):
    """IPK for a quarter or a year: carried over into its first month, the sums of its months,
    remaining at the end of its last month; the same figures as the months side by side."""
    from services import reports as figures

    late = job_seeker_factory(full_name="Dewi November", sex="P", birth_date=date(1999, 2, 2),
                              registered_on=date(2026, 11, 3), education_level="SMA")
    record_event(late, codes.EV_PLACED, date(2026, 11, 25), placement_type="AKAD", employer_name="PT B")
    db.session.commit()
    months = [figures.ipk_report(date(2026, m, 1)) for m in (10, 11, 12)]
    quarter = figures.ipk_report(date(2026, 10, 1), date(2026, 12, 1))
    total = quarter.by_age.total.both
    assert total.carried == months[0].by_age.total.both.carried == 2  # the August and September registrations
    assert total.registered == sum(m.by_age.total.both.registered for m in months) == 4
    assert total.placed == sum(m.by_age.total.both.placed for m in months) == 2
    assert total.removed == 1 and total.remaining == months[-1].by_age.total.both.remaining == 3
    assert quarter.placements["AKAD"]["P"] == 1 and quarter.placements["AKL"]["L"] == 1
    assert quarter.label == "Triwulan IV 2026" and quarter.month_end == date(2026, 12, 31)
    year = figures.ipk_report(date(2026, 1, 1), date(2026, 12, 1))
    assert year.label == "Tahun 2026" and year.by_education.total.both.carried == 0
    assert year.by_education.total.both.registered == 6 and year.by_education.total.both.remaining == 3

    client, _ = login_as(roles.PIMPINAN)
    page = client.get("/admin/laporan/lihat?laporan=ipk&bulan=2026-11&cakupan=triwulan").get_data(as_text=True)
    assert "Laporan Informasi Pasar Kerja (IPK) Triwulanan" in page and "Triwulan IV 2026" in page
    assert "Sisa awal periode" in page and "Terdaftar dalam periode" in page and "bulan ini" not in page
    assert 'name="cakupan" value="triwulan"' in page  # the export takes the same period
    response = export(client, "ipk", "xlsx", {"bulan": "2026-11", "cakupan": "triwulan"})
    assert "laporan-ipk-2026-10-sd-2026-12-dicetak-" in response.headers["Content-Disposition"]
    assert _xlsx(response)["III-1 Golongan umur"]["A6"].value.startswith("IPK III/1")
    response = export(client, "ipk", "xlsx", {"bulan": "2026-11", "cakupan": "tahun"})
    assert "laporan-ipk-2026-dicetak-" in response.headers["Content-Disposition"]
    page = client.get("/admin/laporan/lihat?laporan=ipk&bulan=2026-11&cakupan=abad",
                      follow_redirects=True).get_data(as_text=True)
    assert "Pilih cakupan: sebulan, triwulan atau setahun." in page


def _closed_cases(first: int, last: int) -> None:
    for made in range(first, last + 1):
        db.session.add(MediationCase(
            register_number=f"{made:03d}/Reg-HI/2026", registered_on=date(2026, 2, 2), dispute_type="phk",
            status="selesai", worker_count=1, worker_party=f"Pekerja {made}", company_name=f"PT Contoh {made}",
            delegated_on=date(2026, 2, 4), outcome="dicabut", closed_on=date(2026, 3, 2)))
    db.session.commit()


def _signed_page_of_the_mediation_recap(app, path) -> str:
    """What the 2026 mediation recap's PDF prints above the signature, on the signature's page."""
    from admin.views.reports import Signer, mediation_document, render_document_pdf

    with app.test_request_context():
        pdf = render_document_pdf(mediation_document(date(2026, 1, 1), date(2026, 12, 31), "Tahun 2026"),
                                  date(2026, 12, 6), Signer("Serang", "Kepala Dinas", "Nama", "196801011990031001"))
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return next(page for page in text.split("\f") if "NIP." in page).split("Serang, ")[0]


def test_a_long_last_table_keeps_rows_with_the_signature(app, tmp_path):
    """However many closed cases the mediation recap lists (its last table), the page with the
    signature also holds rows of it."""
    for count in range(18, 31):
        _closed_cases(count if count > 18 else 1, count)
        assert "PT Contoh" in _signed_page_of_the_mediation_recap(app, tmp_path / f"mediasi-{count}.pdf"), count


def test_a_short_last_table_moves_whole_with_its_headings(app, tmp_path):
    """A last table of a few rows goes, headings included, to the page the signature is on."""
    _closed_cases(1, 6)
    signed = _signed_page_of_the_mediation_recap(app, tmp_path / "mediasi.pdf")
    assert "No. register" in signed and all(f"PT Contoh {n}" in signed for n in range(1, 7))
