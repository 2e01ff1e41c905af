"""Row limits for BKK operators, exports (BOM, formula guard, XLSX), audit of views and changes."""
from __future__ import annotations

import io
from datetime import date

import openpyxl
from sqlalchemy import select

from domain import codes, nik as nik_rules, roles
from extensions import db
from models import AuditLog, JobSeeker, JobSeekerEvent


def _seed_two_schools(bkk_factory, job_seeker_factory):
    own = bkk_factory("20600001", "SMK Negeri 1 Kramatwatu")
    other = bkk_factory("20600002", "SMK Negeri 2 Cikande")
    mine = job_seeker_factory(full_name="Dede Kurniawan", sex="L", bkk=own)
    theirs = job_seeker_factory(full_name="Neng Siti Aisyah", sex="P", bkk=other)
    walk_in = job_seeker_factory(full_name="Ujang Hermawan", sex="L")
    return own, mine, theirs, walk_in


def test_bkk_operator_sees_only_own_graduates_everywhere(login_as, bkk_factory, job_seeker_factory):
    own, mine, theirs, walk_in = _seed_two_schools(bkk_factory, job_seeker_factory)
    client, _ = login_as(roles.BKK, bkk=own)

    listing = client.get("/admin/pencaker/").get_data(as_text=True)
    assert "Dede Kurniawan" in listing
    assert "Neng Siti Aisyah" not in listing and "Ujang Hermawan" not in listing

    searched = client.get("/admin/pencaker/?search=Neng", follow_redirects=True).get_data(as_text=True)
    assert "Neng Siti Aisyah" not in searched

    assert client.get(f"/admin/pencaker/details/?id={mine.id}").status_code == 200
    for url in (f"/admin/pencaker/details/?id={theirs.id}", f"/admin/pencaker/edit/?id={theirs.id}",
                f"/admin/pencaker/details/?id={walk_in.id}"):
        assert client.get(url).status_code == 404, url
    client.post(f"/admin/pencaker/edit/?id={theirs.id}", data={"full_name": "Diubah"})
    client.post("/admin/pencaker/delete/", data={"id": theirs.id})
    client.post("/admin/pencaker/action/", data={"action": "delete", "rowid": [theirs.id, walk_in.id]})
    db.session.expire_all()
    assert db.session.get(JobSeeker, theirs.id).full_name == "Neng Siti Aisyah"
    assert db.session.get(JobSeeker, walk_in.id) is not None

    history = client.get("/admin/riwayat_pencaker/").get_data(as_text=True)
    assert mine.registration_number in history and theirs.registration_number not in history

    exported = client.get("/admin/pencaker/export/csv/").get_data(as_text=True)
    assert "Dede Kurniawan" in exported and "Neng Siti Aisyah" not in exported and "Ujang" not in exported


def test_bkk_operator_registration_is_tied_to_own_school(login_as, bkk_factory):
    from tests.test_registration import form_data

    own = bkk_factory("20600003")
    bkk_factory("20600004")
    client, _ = login_as(roles.BKK, bkk=own)
    form = client.get("/admin/daftar_langsung/").get_data(as_text=True)
    assert 'name="bkk"' not in form  # the school is not theirs to choose
    birth = date(2007, 3, 9)
    response = client.post("/admin/daftar_langsung/", data=form_data(
        nik=nik_rules.build("360415", birth, "L", 12), full_name="Rizky Maulana", birth_date="2007-03-09", sex="L",
        kecamatan="36.04.15", submission_key="bkk-1"))
    assert response.status_code == 303
    created = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Rizky Maulana"))
    assert created.bkk_id == own.id
    assert created.registration_number.startswith("AK1-3604-")
    assert created.status == codes.JS_SUBMITTED
    assert [e.event for e in created.events] == [codes.EV_REGISTERED]
    assert "Didaftarkan BKK" in created.events[0].note


def test_bkk_operator_neither_reads_nor_writes_the_office_notes(login_as, bkk_factory, job_seeker_factory):
    own = bkk_factory("20600005")
    js = job_seeker_factory(full_name="Asep Saepudin", sex="L", bkk=own, officer_notes="Catatan internal kantor")
    client, _ = login_as(roles.BKK, bkk=own)
    details = client.get(f"/admin/pencaker/details/?id={js.id}").get_data(as_text=True)
    assert "Asep Saepudin" in details
    assert "Catatan internal kantor" not in details and "Catatan petugas" not in details
    form = client.get(f"/admin/pencaker/edit/?id={js.id}").get_data(as_text=True)
    assert "Asep Saepudin" in form and 'name="officer_notes"' not in form
    data = {"nik": js.nik, "full_name": "Asep Saepudin", "birth_place": "Serang", "birth_date": "2001-05-17",
            "sex": "L", "kecamatan": "36.04.05", "education_level": "SMK", "phone": "081234567890",
            "officer_notes": "ditulis BKK"}
    assert client.post(f"/admin/pencaker/edit/?id={js.id}", data=data).status_code == 302
    changed = db.session.get(JobSeeker, js.id)
    assert changed.phone == "+6281234567890" and changed.officer_notes == "Catatan internal kantor"

    staff, _ = login_as(roles.PELAYANAN)
    assert "Catatan internal kantor" in staff.get(f"/admin/pencaker/details/?id={js.id}").get_data(as_text=True)
    assert 'name="officer_notes"' in staff.get(f"/admin/pencaker/edit/?id={js.id}").get_data(as_text=True)


def test_csv_export_has_bom_defused_formulas_and_is_audited(login_as, job_seeker_factory):
    job_seeker_factory(full_name="=HYPERLINK(\"http://x\")", sex="L", birth_date=date(1999, 1, 2))
    job_seeker_factory(full_name="Çağlar Şükrü Nurhayati", sex="P")
    client, user = login_as(roles.PIMPINAN)
    response = client.get("/admin/pencaker/export/csv/")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "Çağlar Şükrü Nurhayati" in text
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    assert text.splitlines()[0].startswith("No. pendaftaran,")
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "ekspor", AuditLog.user_id == user.id))
    assert entry.object_type == "JobSeeker" and "CSV 2 baris" in entry.summary


def test_xlsx_export_opens_in_a_spreadsheet(login_as, job_seeker_factory, monkeypatch):
    from datetime import datetime

    import admin.security
    from services.clock import OFFICE_TZ

    job_seeker_factory(full_name="Euis Komalasari", registered_on=date(2026, 3, 2))
    job_seeker_factory(full_name="=HYPERLINK(\"http://x\")", sex="L", birth_date=date(1999, 1, 2))
    monkeypatch.setattr(admin.security, "local_now", lambda: datetime(2026, 12, 6, 6, 30, tzinfo=OFFICE_TZ))
    client, _ = login_as(roles.PIMPINAN)
    response = client.get("/admin/pencaker/export/xlsx/")
    assert response.status_code == 200
    # 06.30 WIB is still the evening before in UTC: the file is named by the office's clock
    assert "pencaker_2026-12-06_0630.xlsx" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "No. pendaftaran" and "Nama lengkap" in header
    euis = next(row for row in rows if "Euis Komalasari" in row)
    assert euis[header.index("Tgl. daftar")] == datetime(2026, 3, 2)  # a date a spreadsheet can sort
    assert sheet.cell(row=rows.index(euis) + 1, column=header.index("Tgl. daftar") + 1).is_date
    formula = next(row for row in rows if row[header.index("Nama lengkap")].startswith("=HYPERLINK"))
    cell = sheet.cell(row=rows.index(formula) + 1, column=header.index("Nama lengkap") + 1)
    assert cell.data_type == "s"  # kept as the text it is, never evaluated, and no apostrophe shown
    assert sheet.freeze_panes == "A2"


def test_export_is_refused_to_roles_without_it(login_as):
    client, _ = login_as(roles.PELAYANAN)
    assert client.get("/admin/pencaker/export/csv/").status_code == 403
    page = client.get("/admin/pencaker/").get_data(as_text=True)
    assert "/admin/pencaker/export/" not in page


def test_viewing_a_record_is_audited(login_as, job_seeker_factory):
    js = job_seeker_factory()
    client, user = login_as(roles.PENGANTAR_KERJA)
    assert client.get(f"/admin/pencaker/details/?id={js.id}").status_code == 200
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "lihat", AuditLog.user_id == user.id))
    assert (entry.object_type, entry.object_id) == ("JobSeeker", str(js.id))
    assert js.full_name not in (entry.summary or "")  # the log names the record, not the person


def test_read_only_history_view_has_no_create_or_edit(login_as, job_seeker_factory):
    js = job_seeker_factory()
    event_id = db.session.scalar(select(JobSeekerEvent.id).where(JobSeekerEvent.job_seeker_id == js.id))
    client, _ = login_as(roles.ADMIN)
    assert client.get("/admin/riwayat_pencaker/new/").status_code == 403
    assert client.post("/admin/riwayat_pencaker/delete/", data={"id": event_id}).status_code == 403
    assert db.session.get(JobSeekerEvent, event_id) is not None


def test_a_stored_moment_is_shown_on_the_offices_clock():
    from datetime import datetime

    from services.clock import as_local

    assert as_local(datetime(2026, 12, 5, 23, 30)) == datetime(2026, 12, 6, 6, 30)  # stored UTC, shown WIB
