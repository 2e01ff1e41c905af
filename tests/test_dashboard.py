"""The panel's home page: the whole dashboard for pimpinan, each other role what concerns it, with
figures checked against a small office built in the test (dated relative to today, because the
dashboard is about today)."""
from __future__ import annotations

import json
import re
from datetime import date, time, timedelta

import pytest

from domain import codes, roles
from extensions import db
from models import (
    MediationCase, MediationSession, QueueBooking, ServiceDay, ServiceWindow, TrainingCohort, TrainingParticipant,
    TrainingProgram, TransmigrationFamily, TransmigrationMember, TransmigrationStageEvent,
)
from services.calendar import office_calendar
from services.clock import local_today
from services.job_seekers import record_event


def charts_of(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="dashboard-charts">(.*?)</script>', page, re.S)
    assert match, "no chart data on the page"
    return json.loads(match.group(1))


def tile(page: str, label: str) -> str:
    """The value shown in the tile with this label."""
    match = re.search(r'<div class="value">([^<]*)</div>\s*<div class="label">' + re.escape(label) + "</div>", page)
    assert match, label
    return match.group(1).strip()


def working_days_before(day: date, n: int) -> date:
    calendar = office_calendar()
    while n > 0:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            n -= 1
    return day


@pytest.fixture
def office(app, job_seeker_factory, bkk_factory):
    today = local_today()
    first = today.replace(day=1)
    last_month = first - timedelta(days=1)
    bkk = bkk_factory("20600011", "SMK Negeri 1 Kibin")
    other_bkk = bkk_factory("20600022", "SMK Negeri 2 Anyar")
    people = {
        # this month, Cikande
        "a": job_seeker_factory(full_name="A", sex="L", registered_on=today, kecamatan_code="36.04.15",
                                education_level="SMK", bkk=bkk),
        "b": job_seeker_factory(full_name="B", sex="P", registered_on=first, kecamatan_code="36.04.15",
                                education_level="SMA"),
        # last month, Anyar: one still looking, one placed this month
        "c": job_seeker_factory(full_name="C", sex="P", registered_on=last_month, kecamatan_code="36.04.30",
                                education_level="D3", birth_date=date(1980, 1, 1), bkk=other_bkk),
        "d": job_seeker_factory(full_name="D", sex="L", registered_on=last_month, kecamatan_code="36.04.30",
                                education_level="SMK", bkk=bkk),
        # rejected the day it came in: never in the register
        "e": job_seeker_factory(full_name="E", sex="L", registered_on=today, kecamatan_code="36.04.15",
                                education_level="SD"),
    }
    record_event(people["d"], codes.EV_PLACED, today, placement_type="AKAD", employer_name="PT Jauh")
    record_event(people["e"], codes.EV_REJECTED, today, note="Ganda")
    record_event(people["b"], codes.EV_VERIFIED, today)
    record_event(people["b"], codes.EV_PRINTED, today)
    db.session.commit()
    return people


def test_pimpinan_sees_the_whole_dashboard_with_the_register_s_figures(office, login_as):
    client, _ = login_as(roles.PIMPINAN)
    page = client.get("/admin/").get_data(as_text=True)
    for heading in ("Hari ini", "Pencari kerja (AK-1)", "Mediasi hubungan industrial", "Pelatihan kerja",
                    "Transmigrasi"):
        assert f"<h2>{heading}" in page, heading
    assert tile(page, "Pencari kerja aktif") == "3"  # a, b, c (d placed, e rejected the same month)
    assert tile(page, "Terdaftar bulan ini") == "2"  # a, b
    assert tile(page, "Ditempatkan bulan ini") == "1"
    assert "AKL 0 · AKAD 1 · AKAN 0" in page
    assert tile(page, "Menunggu verifikasi") == "2"  # a and c (b verified, d placed, e rejected)
    assert tile(page, "Kartu AK-1 dicetak") == "1"
    charts = charts_of(page)
    kecamatan = dict(zip(charts["kecamatan"]["labels"], charts["kecamatan"]["datasets"][0]["data"]))
    assert kecamatan["Cikande"] == 2 and kecamatan["Anyar"] == 1 and kecamatan["Kramatwatu"] == 0
    assert charts["kecamatan"]["labels"][:2] == ["Cikande", "Anyar"]  # largest first
    education = dict(zip(charts["education"]["labels"], charts["education"]["datasets"][0]["data"]))
    assert education == {"SD/sederajat": 0, "SMP/SLTP": 0, "SMA/MA": 1, "SMK": 1, "D1/D2": 0, "D3": 1,
                         "D4/S1": 0, "S2": 0, "S3": 0}
    sex = dict(zip(charts["sex"]["labels"], charts["sex"]["datasets"][0]["data"]))
    assert sex == {"Laki-laki": 1, "Perempuan": 2}
    monthly = charts["monthly"]
    assert monthly["datasets"][0]["data"][-1] == 2 and monthly["datasets"][1]["data"][-1] == 1
    assert monthly["datasets"][3]["data"][-1] == 3  # register at the end of this month so far
    assert monthly["datasets"][3]["data"][-2] == 2  # c and d at the end of last month
    placements = {d["label"]: d["data"][-1] for d in charts["placements"]["datasets"]}
    assert placements == {"AKL (lokal)": 0, "AKAD (antardaerah)": 1, "AKAN (luar negeri)": 0}
    daily = charts["daily"]
    # a and e came in today (e was rejected later), and b when today is the 1st
    assert daily["datasets"][0]["data"][-1] == (3 if local_today().day == 1 else 2)
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js">' in page
    assert '<script src="/static/js/dashboard.js">' in page
    assert "Laporan (lihat dan ekspor)" in page


def test_daily_registrations_count_every_submission(office, login_as):
    client, _ = login_as(roles.PENGANTAR_KERJA)
    page = client.get("/admin/").get_data(as_text=True)
    today_count = 2 + (1 if local_today().day == 1 else 0)  # b registered on the 1st of this month
    assert tile(page, "Pendaftaran masuk") == str(today_count)


def _place(day, quota, windows):
    sd = ServiceDay(day=day, quota=quota, booked=0, issued=0)
    db.session.add(sd)
    made = []
    for start, end, share in windows:
        w = ServiceWindow(day=day, starts_at=start, ends_at=end, quota=share, booked=0)
        sd.windows.append(w)
        made.append(w)
    db.session.flush()
    return sd, made


def test_today_shows_bookings_against_the_quota_by_window(app, login_as, job_seeker_factory):
    today = local_today()
    sd, (w8, w9) = _place(today, 10, [(time(8), time(9), 5), (time(9), time(10), 5)])
    people = [job_seeker_factory(full_name=f"P{i}", registered_on=today - timedelta(days=40)) for i in range(7)]
    plan = [(w8, codes.BOOKING_SERVED), (w8, codes.BOOKING_CHECKED_IN), (w8, codes.BOOKING_NO_SHOW),
            (w9, codes.BOOKING_BOOKED), (w9, codes.BOOKING_CANCELLED), (w9, codes.BOOKING_CALLED),
            (None, codes.BOOKING_SERVED)]
    for number, (js, (window, status)) in enumerate(zip(people, plan), start=1):
        db.session.add(QueueBooking(job_seeker_id=js.id, day=today, window_id=window.id if window else None,
                                    queue_number=number, booking_code=f"KODE{number:04d}", status=status,
                                    is_walk_in=window is None))
    sd.booked, sd.issued = 5, 7  # the cancelled place and the no-show's went back to the quota
    db.session.commit()
    client, _ = login_as(roles.PELAYANAN)
    page = client.get("/admin/").get_data(as_text=True)
    # places as the queue desk counts them ("Terpakai", "Sisa"): the no-show's place is free again
    assert tile(page, "Tempat terpakai") == "5 / 10" and "sisa 5 tempat hari ini" in page
    desk = client.get("/admin/loket/").get_data(as_text=True)
    assert re.search(r'id="terpakai">5<', desk) and re.search(r'id="sisa">5<', desk)
    assert tile(page, "Sudah hadir") == "4"  # served, checked in, called, walk-in served
    assert tile(page, "Selesai dilayani") == "2"
    assert tile(page, "Tidak hadir") == "1"
    table = page[page.index('id="queue-today"'):page.index("</table>", page.index('id="queue-today"'))]
    rows = [re.sub(r"<[^>]+>", "|", r) for r in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    cells = [[c for c in r.split("|") if c.strip()] for r in rows]
    assert ["08.00–09.00", "5", "3", "2", "1", "1", "1"] in cells
    assert ["09.00–10.00", "5", "2", "1", "1", "0", "0"] in cells
    assert ["Tanpa sesi (datang langsung)", "—", "1", "1", "0", "1", "0"] in cells
    # pelayanan sees the counter and the register, not mediation
    assert "Pencari kerja (AK-1)" in page and "Mediasi hubungan industrial" not in page


def _case(number, **kw):
    case = MediationCase(register_number=number, registered_on=kw.pop("registered_on", date(2026, 1, 5)),
                         dispute_type=kw.pop("dispute_type", "phk"), worker_party="Pekerja",
                         company_name=f"PT {number}",
                         status=kw.pop("status", codes.CASE_IN_MEDIATION), **kw)
    db.session.add(case)
    return case


def test_mediation_cases_near_their_deadline_and_overdue(app, login_as):
    today = local_today()
    _case("001", delegated_on=working_days_before(today, 20))  # no first session after 20 working days
    _case("002", delegated_on=working_days_before(today, 6))  # first session due within the next days
    _case("003", delegated_on=working_days_before(today, 1))
    _case("004", status=codes.CASE_REGISTERED)  # not yet handed to a mediator
    done = _case("005", delegated_on=date(2026, 1, 12), status=codes.CASE_CLOSED, outcome="perjanjian_bersama",
                 closed_on=date(2026, 1, 20))
    done.sessions.append(MediationSession(held_on=date(2026, 1, 14), kind="mediasi"))
    db.session.commit()
    client, _ = login_as(roles.MEDIATOR)
    page = client.get("/admin/").get_data(as_text=True)
    assert tile(page, "Kasus berjalan") == "4"
    assert tile(page, "Lewat batas waktu") == "1"
    assert tile(page, "Mendekati batas waktu") == "1"
    assert tile(page, "Sesuai jadwal") == "1"
    assert tile(page, "Belum dilimpahkan") == "1"
    table = page[page.index('id="mediation-attention"'):]
    table = table[:table.index("</table>")]
    assert table.index("001") < table.index("002")  # overdue first
    assert "003" not in table and "004" not in table and "005" not in table
    assert "Lewat batas waktu" in table and "Mendekati batas waktu" in table
    assert "Sidang mediasi pertama" in table
    # a mediator sees mediation only
    for other in ("Pencari kerja (AK-1)", "Pelatihan kerja", "<h2>Transmigrasi", "<h2>Hari ini"):
        assert other not in page


def test_training_and_transmigration_for_their_officers(app, login_as):
    program = TrainingProgram(name="Menjahit")
    cohort = TrainingCohort(program=program, name="Angkatan I", year=local_today().year, status="selesai",
                            start_date=local_today().replace(month=1, day=10),
                            end_date=local_today().replace(month=2, day=7))
    db.session.add(cohort)
    for i, (selection, graduated, result) in enumerate([("lulus_seleksi", True, "kompeten"),
                                                         ("lulus_seleksi", True, "belum_kompeten"),
                                                         ("lulus_seleksi", False, None), ("tidak_lulus", False, None)]):
        cohort.participants.append(TrainingParticipant(nik=f"36040501019{i}0001", full_name=f"Peserta {i}", sex="P",
                                                       selection_status=selection, graduated=graduated,
                                                       competency_result=result))
    family = TransmigrationFamily(kk_number="3604050101200001", registered_on=date(2026, 2, 2), stage="seleksi",
                                  origin_kecamatan_code="36.04.08", head_nik="3604050101800001", head_name="Kepala")
    family.members = [TransmigrationMember(nik="3604050101800001", full_name="Kepala", relationship_to_head="kepala",
                                           sex="L"),
                      TransmigrationMember(nik="3604054101820001", full_name="Istri", relationship_to_head="istri",
                                           sex="P")]
    family.stages = [TransmigrationStageEvent(stage="pendaftaran", occurred_on=date(2026, 2, 2)),
                     TransmigrationStageEvent(stage="seleksi", occurred_on=date(2026, 3, 2))]
    db.session.add(family)
    db.session.commit()

    client, _ = login_as(roles.PELATIHAN)
    page = client.get("/admin/").get_data(as_text=True)
    assert "Pelatihan kerja" in page and "Mediasi hubungan industrial" not in page and "<h2>Transmigrasi" not in page
    training = charts_of(page)["training"]
    assert training["labels"] == [f"Menjahit – Angkatan I ({local_today().year})"]
    assert [d["data"] for d in training["datasets"]] == [[3], [2], [1]]  # participants, graduates, competent

    client, _ = login_as(roles.TRANSMIGRASI, username="trans1")
    page = client.get("/admin/").get_data(as_text=True)
    assert "<h2>Transmigrasi" in page and "Pelatihan kerja" not in page
    chart = charts_of(page)["transmigration"]
    tu = next(d for d in chart["datasets"] if d["label"] == "TU")
    assert tu["data"][chart["labels"].index("Seleksi")] == 1
    assert sum(sum(d["data"]) for d in chart["datasets"]) == 1
    row = re.search(r"<tr><td>Seleksi</td>(.*?)</tr>", page).group(1)
    assert re.findall(r">(\d+)<", row) == ["1", "0", "0", "2"]  # TU, TSB, TSM, people


def test_bkk_operator_sees_only_their_school(office, login_as, bkk_factory):
    from models import Bkk
    from sqlalchemy import select

    bkk = db.session.scalar(select(Bkk).where(Bkk.npsn == "20600011"))
    client, _ = login_as(roles.BKK, bkk=bkk)
    page = client.get("/admin/").get_data(as_text=True)
    assert tile(page, "Menunggu verifikasi") == "1"  # a (c belongs to the other school)
    assert tile(page, "Pencari kerja aktif") == "1"
    assert tile(page, "Sudah bekerja") == "1"  # d
    assert "dashboard-charts" not in page and "Mediasi" not in page and "Laporan (lihat" not in page


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_every_signed_in_role_opens_the_home_page(app, login_as, bkk_factory, role):
    extra = {"bkk": bkk_factory("20600033")} if role == roles.BKK else {}
    client, _ = login_as(role, **extra)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Selamat datang" in response.get_data(as_text=True)


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/masuk" in response.location


def test_chart_library_is_served_from_the_app_with_its_licence(client):
    with client.get("/static/vendor/chartjs/chart.umd.min.js") as script:
        assert script.status_code == 200 and b"Chart.js v4" in script.data[:200]
    with client.get("/static/vendor/chartjs/LICENSE.md") as licence:
        assert b"MIT" in licence.data
