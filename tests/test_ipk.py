"""IPK III/1 and III/2 from a register built by hand: every cell against numbers worked out on
paper (the tables below are written out, not computed), across month boundaries and birthdays.

The people (registration date → what happens), all in 2026 unless said otherwise:

  J  P  born 29 Feb 2004, registered 28 Feb 2024 (age 19: one day before the 20th birthday) SMK, stays
  D  L  born 31 Aug 1996, registered 1 Dec 2025 (29) D4/S1; expired 30 Sep; renewed 12 Oct; placed AKAD 16 Nov
  P1 L  born 29 Feb 1996, registered 28 Feb (29: a common year, the birthday is 1 Mar) SMA; placed AKL 10 Mar
  P2 L  born 29 Feb 1996, registered 1 Mar (30) SMA; removed 20 Mar
  M  L  born 7 Jul 1975, registered 1 Jul (51) SMA; expired 31 Oct (the month's last day)
  E  L  born 28 Feb 1981, registered 20 Aug (45) SD; rejected as duplicate 2 Sep (a later month)
  L  P  born 20 Nov 1985, registered 5 Sep (40) S2; card printed; renewed while valid 15 Oct (no flow)
  A  L  born 15 Oct 2007, registered 10 Sep (18) SMK; turns 19 on 15 Oct; placed AKL 20 Oct
  G  P  born 5 May 1970, registered 15 Sep (56) SMP; reports in October (no flow), stays
  H  L  born 30 Sep 1992, registered 30 Sep, his 34th birthday, SMA; placed AKAN 1 Oct
  B  P  born 5 Oct 2006, registered 4 Oct (19, the day before turning 20) SMA, stays
  C  P  born 4 Oct 2006, registered 4 Oct, her 20th birthday, D3; removed (moved away) 3 Nov
  K  L  born 15 Jun 2001, registered 10 Oct (25) SMK; placed AKL 25 Oct
  F  P  born 1 Jan 2000, registered 28 Oct SMK; rejected 30 Oct (same month: never counted)
  N  P  born 1 Dec 1999, registered 2 Nov (26) D1/D2, stays

Cells are (L, P, L+P) for carried over, registered, placed, removed, remaining.
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Date, bindparam, delete, select

from domain import codes, ipk
from extensions import db
from models import JobSeeker, ReportSummaryState
from services import reports
from services.job_seekers import record_event

Z = (0, 0, 0)


def flow(carried=Z, registered=Z, placed=Z, removed=Z, remaining=Z):
    return [*carried, *registered, *placed, *removed, *remaining]


def event(js, code, day, **fields):
    record_event(js, code, day, **fields)
    db.session.commit()


@pytest.fixture
def register(app, job_seeker_factory):
    people = {}

    def person(key, sex, born, registered, level):
        people[key] = job_seeker_factory(full_name=f"Orang {key}", sex=sex, birth_date=born, registered_on=registered,
                                         education_level=level)
        return people[key]

    person("J", "P", date(2004, 2, 29), date(2024, 2, 28), "SMK")
    person("D", "L", date(1996, 8, 31), date(2025, 12, 1), "D4S1")
    person("P1", "L", date(1996, 2, 29), date(2026, 2, 28), "SMA")
    person("P2", "L", date(1996, 2, 29), date(2026, 3, 1), "SMA")
    person("M", "L", date(1975, 7, 7), date(2026, 7, 1), "SMA")
    person("E", "L", date(1981, 2, 28), date(2026, 8, 20), "SD")
    person("L", "P", date(1985, 11, 20), date(2026, 9, 5), "S2")
    person("A", "L", date(2007, 10, 15), date(2026, 9, 10), "SMK")
    person("G", "P", date(1970, 5, 5), date(2026, 9, 15), "SMP")
    person("H", "L", date(1992, 9, 30), date(2026, 9, 30), "SMA")
    person("B", "P", date(2006, 10, 5), date(2026, 10, 4), "SMA")
    person("C", "P", date(2006, 10, 4), date(2026, 10, 4), "D3")
    person("K", "L", date(2001, 6, 15), date(2026, 10, 10), "SMK")
    person("F", "P", date(2000, 1, 1), date(2026, 10, 28), "SMK")
    person("N", "P", date(1999, 12, 1), date(2026, 11, 2), "D1D2")
    p = people
    event(p["P1"], codes.EV_PLACED, date(2026, 3, 10), placement_type="AKL", employer_name="PT Satu")
    event(p["P2"], codes.EV_REMOVED, date(2026, 3, 20), removal_reason="permintaan_sendiri")
    event(p["E"], codes.EV_REJECTED, date(2026, 9, 2), note="Pendaftaran ganda")
    event(p["D"], codes.EV_EXPIRED, date(2026, 9, 30), removal_reason="masa_berlaku_habis")
    event(p["H"], codes.EV_PLACED, date(2026, 10, 1), placement_type="AKAN", employer_name="Toyota Motor Corp.")
    event(p["D"], codes.EV_RENEWED, date(2026, 10, 12))
    event(p["L"], codes.EV_VERIFIED, date(2026, 9, 7))
    event(p["L"], codes.EV_PRINTED, date(2026, 9, 8))
    event(p["L"], codes.EV_RENEWED, date(2026, 10, 15))
    event(p["G"], codes.EV_VERIFIED, date(2026, 9, 16))
    event(p["G"], codes.EV_PRINTED, date(2026, 9, 16))
    event(p["G"], codes.EV_REPORTED, date(2026, 10, 6), report_slot=1)
    event(p["A"], codes.EV_PLACED, date(2026, 10, 20), placement_type="AKL", employer_name="PT Dua")
    event(p["K"], codes.EV_PLACED, date(2026, 10, 25), placement_type="AKL", employer_name="PT Tiga")
    event(p["F"], codes.EV_REJECTED, date(2026, 10, 30), note="Pendaftaran ganda")
    event(p["M"], codes.EV_EXPIRED, date(2026, 10, 31), removal_reason="masa_berlaku_habis")
    event(p["C"], codes.EV_REMOVED, date(2026, 11, 3), removal_reason="pindah_domisili")
    event(p["D"], codes.EV_PLACED, date(2026, 11, 16), placement_type="AKAD", employer_name="PT Empat Jakarta")
    return people


@pytest.fixture(params=["incremental", "rebuilt"])
def summary(request, register):
    """Both ways the summary table is kept: updated with each change, and rebuilt from the history."""
    if request.param == "rebuilt":
        for table, _keys in reports.SUMMARIES:
            db.session.execute(delete(table))
        db.session.commit()
        reports.rebuild_summary()
    return request.param


def age_table(month):
    report = reports.ipk_report(month)
    return {row.key: row.cells() for row in report.by_age.rows} | {"total": report.by_age.total.cells()}


def education_table(month):
    report = reports.ipk_report(month)
    return {row.key: row.cells() for row in report.by_education.rows} | {"total": report.by_education.total.cells()}


FEBRUARY = {
    "15-19": flow(carried=(0, 1, 1), remaining=(0, 1, 1)),
    "20-29": flow(carried=(1, 0, 1), registered=(1, 0, 1), remaining=(2, 0, 2)),
    "30-44": flow(), "45-54": flow(), "55+": flow(),
    "total": flow(carried=(1, 1, 2), registered=(1, 0, 1), remaining=(2, 1, 3)),
}
MARCH = {
    "15-19": flow(carried=(0, 1, 1), remaining=(0, 1, 1)),
    "20-29": flow(carried=(2, 0, 2), placed=(1, 0, 1), remaining=(1, 0, 1)),
    "30-44": flow(registered=(1, 0, 1), removed=(1, 0, 1)),
    "45-54": flow(), "55+": flow(),
    "total": flow(carried=(2, 1, 3), registered=(1, 0, 1), placed=(1, 0, 1), removed=(1, 0, 1), remaining=(1, 1, 2)),
}
SEPTEMBER = {
    "15-19": flow(carried=(0, 1, 1), registered=(1, 0, 1), remaining=(1, 1, 2)),
    "20-29": flow(carried=(1, 0, 1), removed=(1, 0, 1)),
    "30-44": flow(registered=(1, 1, 2), remaining=(1, 1, 2)),
    "45-54": flow(carried=(2, 0, 2), removed=(1, 0, 1), remaining=(1, 0, 1)),
    "55+": flow(registered=(0, 1, 1), remaining=(0, 1, 1)),
    "total": flow(carried=(3, 1, 4), registered=(2, 2, 4), removed=(2, 0, 2), remaining=(3, 3, 6)),
}
OCTOBER = {
    "15-19": flow(carried=(1, 1, 2), registered=(0, 1, 1), placed=(1, 0, 1), remaining=(0, 2, 2)),
    "20-29": flow(registered=(2, 1, 3), placed=(1, 0, 1), remaining=(1, 1, 2)),
    "30-44": flow(carried=(1, 1, 2), placed=(1, 0, 1), remaining=(0, 1, 1)),
    "45-54": flow(carried=(1, 0, 1), removed=(1, 0, 1)),
    "55+": flow(carried=(0, 1, 1), remaining=(0, 1, 1)),
    "total": flow(carried=(3, 3, 6), registered=(2, 2, 4), placed=(3, 0, 3), removed=(1, 0, 1), remaining=(1, 5, 6)),
}
NOVEMBER = {
    "15-19": flow(carried=(0, 2, 2), remaining=(0, 2, 2)),
    "20-29": flow(carried=(1, 1, 2), registered=(0, 1, 1), placed=(1, 0, 1), removed=(0, 1, 1), remaining=(0, 1, 1)),
    "30-44": flow(carried=(0, 1, 1), remaining=(0, 1, 1)),
    "45-54": flow(),
    "55+": flow(carried=(0, 1, 1), remaining=(0, 1, 1)),
    "total": flow(carried=(1, 5, 6), registered=(0, 1, 1), placed=(1, 0, 1), removed=(0, 1, 1), remaining=(0, 5, 5)),
}
OCTOBER_BY_EDUCATION = {
    "SD": flow(),
    "SMP": flow(carried=(0, 1, 1), remaining=(0, 1, 1)),
    "SMA": flow(carried=(2, 0, 2), registered=(0, 1, 1), placed=(1, 0, 1), removed=(1, 0, 1), remaining=(0, 1, 1)),
    "SMK": flow(carried=(1, 1, 2), registered=(1, 0, 1), placed=(2, 0, 2), remaining=(0, 1, 1)),
    "D1D2": flow(),
    "D3": flow(registered=(0, 1, 1), remaining=(0, 1, 1)),
    "D4S1": flow(registered=(1, 0, 1), remaining=(1, 0, 1)),
    "S2": flow(carried=(0, 1, 1), remaining=(0, 1, 1)),
    "S3": flow(),
    "total": OCTOBER["total"],
}
SEPTEMBER_BY_EDUCATION = {
    "SD": flow(carried=(1, 0, 1), removed=(1, 0, 1)),
    "SMP": flow(registered=(0, 1, 1), remaining=(0, 1, 1)),
    "SMA": flow(carried=(1, 0, 1), registered=(1, 0, 1), remaining=(2, 0, 2)),
    "SMK": flow(carried=(0, 1, 1), registered=(1, 0, 1), remaining=(1, 1, 2)),
    "D1D2": flow(), "D3": flow(),
    "D4S1": flow(carried=(1, 0, 1), removed=(1, 0, 1)),
    "S2": flow(registered=(0, 1, 1), remaining=(0, 1, 1)),
    "S3": flow(),
    "total": SEPTEMBER["total"],
}
NOVEMBER_BY_EDUCATION = {
    "SD": flow(),
    "SMP": flow(carried=(0, 1, 1), remaining=(0, 1, 1)),
    "SMA": flow(carried=(0, 1, 1), remaining=(0, 1, 1)),
    "SMK": flow(carried=(0, 1, 1), remaining=(0, 1, 1)),
    "D1D2": flow(registered=(0, 1, 1), remaining=(0, 1, 1)),
    "D3": flow(carried=(0, 1, 1), removed=(0, 1, 1)),
    "D4S1": flow(carried=(1, 0, 1), placed=(1, 0, 1)),
    "S2": flow(carried=(0, 1, 1), remaining=(0, 1, 1)),
    "S3": flow(),
    "total": NOVEMBER["total"],
}


@pytest.mark.parametrize("month, expected", [
    (date(2026, 2, 1), FEBRUARY), (date(2026, 3, 1), MARCH), (date(2026, 9, 1), SEPTEMBER),
    (date(2026, 10, 1), OCTOBER), (date(2026, 11, 1), NOVEMBER),
])
def test_iii_1_every_cell_by_sex_and_age_group(summary, month, expected):
    assert age_table(month) == expected


@pytest.mark.parametrize("month, expected", [
    (date(2026, 9, 1), SEPTEMBER_BY_EDUCATION), (date(2026, 10, 1), OCTOBER_BY_EDUCATION),
    (date(2026, 11, 1), NOVEMBER_BY_EDUCATION),
])
def test_iii_2_every_cell_by_education_level(summary, month, expected):
    assert education_table(month) == expected


def test_placements_by_type(summary):
    october = reports.ipk_report(date(2026, 10, 1)).placements
    assert october == {"AKL": {"L": 2, "P": 0}, "AKAD": {"L": 0, "P": 0}, "AKAN": {"L": 1, "P": 0},
                       "total": {"L": 3, "P": 0}}
    november = reports.ipk_report(date(2026, 11, 1)).placements
    assert november == {"AKL": {"L": 0, "P": 0}, "AKAD": {"L": 1, "P": 0}, "AKAN": {"L": 0, "P": 0},
                        "total": {"L": 1, "P": 0}}


def test_a_month_with_nothing_after_the_last_event_carries_the_register(summary):
    december = age_table(date(2026, 12, 1))
    assert december["total"] == flow(carried=(0, 5, 5), remaining=(0, 5, 5))
    assert age_table(date(2023, 12, 1))["total"] == flow()  # before anyone registered


def test_carried_over_equals_last_month_s_remaining_in_every_row(summary):
    month = date(2025, 11, 1)
    previous = None
    for _ in range(15):
        report = reports.ipk_report(month)
        for table in (report.by_age, report.by_education):
            for row in table.rows + [table.total]:
                for sex in ipk.SEXES:
                    assert row.by_sex[sex].balances, (month, row.key, sex)
        if previous is not None:
            for now, before in ((report.by_age, previous.by_age), (report.by_education, previous.by_education)):
                for row in now.rows:
                    for sex in ipk.SEXES:
                        assert row.by_sex[sex].carried == before.row(row.key).by_sex[sex].remaining, (month, row.key)
        previous = report
        month = ipk.add_months_to_first(month, 1)


def test_a_past_month_gives_the_same_answer_after_later_events(register):
    october_age, october_education = age_table(date(2026, 10, 1)), education_table(date(2026, 10, 1))
    november = age_table(date(2026, 11, 1))
    p = register
    event(p["N"], codes.EV_REJECTED, date(2026, 12, 1), note="Ternyata pendaftaran ganda")  # a later month
    event(p["B"], codes.EV_PLACED, date(2026, 12, 3), placement_type="AKL", employer_name="PT Lima")
    event(p["G"], codes.EV_EXPIRED, date(2027, 1, 4), removal_reason="tidak_lapor")
    event(p["D"], codes.EV_REPORTED, date(2026, 12, 10), report_slot=1)  # placed already: changes nothing
    assert age_table(date(2026, 10, 1)) == october_age
    assert education_table(date(2026, 10, 1)) == october_education
    assert age_table(date(2026, 11, 1)) == november
    # the later month shows the rejection as a removal (N was in the register at the end of November)
    assert age_table(date(2026, 12, 1))["20-29"] == flow(carried=(0, 1, 1), removed=(0, 1, 1))
    assert age_table(date(2026, 12, 1))["15-19"] == flow(carried=(0, 2, 2), placed=(0, 1, 1), remaining=(0, 1, 1))


def test_a_correction_of_a_person_s_data_moves_their_history_to_the_new_row(register):
    """Education level corrected from SMA to SMK for B: every month she appears in follows."""
    b = register["B"]
    b.education_level = "SMK"
    db.session.commit()
    october = education_table(date(2026, 10, 1))
    assert october["SMA"] == flow(carried=(2, 0, 2), placed=(1, 0, 1), removed=(1, 0, 1))
    assert october["SMK"] == flow(carried=(1, 1, 2), registered=(1, 1, 2), placed=(2, 0, 2), remaining=(0, 2, 2))
    b.birth_date = date(2006, 10, 4)  # 20 on the day she registered, not 19
    db.session.commit()
    assert age_table(date(2026, 10, 1))["15-19"] == flow(carried=(1, 1, 2), placed=(1, 0, 1), remaining=(0, 1, 1))
    assert age_table(date(2026, 10, 1))["20-29"] == flow(registered=(2, 2, 4), placed=(1, 0, 1), remaining=(1, 2, 3))


def test_deleting_a_registration_takes_it_out_of_every_month(register):
    db.session.delete(db.session.get(JobSeeker, register["G"].id))
    db.session.commit()
    assert age_table(date(2026, 10, 1))["55+"] == flow()
    assert age_table(date(2026, 10, 1))["total"] == flow(carried=(3, 2, 5), registered=(2, 2, 4), placed=(3, 0, 3),
                                                         removed=(1, 0, 1), remaining=(1, 4, 5))


def _nonzero_summary():
    """Every summary table's rows that hold a count (the kept tables may also hold rows gone back to zero)."""
    found = []
    for table, _keys in reports.SUMMARIES:
        for row in db.session.execute(select(table)).mappings():
            if any(row[c] for c in reports.COUNT_COLUMNS):
                found.append((table.name, *row.values()))
    return sorted(found)


def test_the_summary_kept_with_each_change_equals_a_rebuild_from_the_history(register):
    kept = _nonzero_summary()
    assert kept  # the register above is in it
    reports.rebuild_summary()
    db.session.expire_all()
    assert _nonzero_summary() == kept


def test_a_database_without_a_built_summary_builds_it_on_first_use(register):
    for table, _keys in reports.SUMMARIES:
        db.session.execute(delete(table))
    db.session.execute(delete(ReportSummaryState))
    db.session.commit()
    assert age_table(date(2026, 10, 1)) == OCTOBER
    assert db.session.get(ReportSummaryState, reports.SUMMARY_NAME) is not None


def test_month_key_and_age_rules_agree_with_the_database(app):
    """The SQL age expression and the Python rule give the same completed years, leap days included."""
    cases = [(date(2004, 2, 29), date(2024, 2, 28), 19), (date(2004, 2, 29), date(2024, 2, 29), 20),
             (date(1996, 2, 29), date(2026, 2, 28), 29), (date(1996, 2, 29), date(2026, 3, 1), 30),
             (date(2006, 10, 5), date(2026, 10, 4), 19), (date(2006, 10, 4), date(2026, 10, 4), 20),
             (date(1970, 12, 31), date(2026, 1, 1), 55)]
    for born, on, years in cases:
        assert ipk.age_on(born, on) == years
        b, o = bindparam("b", type_=Date), bindparam("o", type_=Date)
        sql = db.session.execute(select(reports.age_sql(b, o).label("a"),
                                        reports.age_group_sql(reports.age_sql(b, o)).label("g")),
                                 {"b": born, "o": on}).one()
        assert int(sql.a) == years, (born, on)
        assert sql.g == ipk.age_group(years)
    assert ipk.age_group(14) == "15-19" and ipk.age_group(55) == "55+" and ipk.age_group(54) == "45-54"
    assert ipk.month_key(date(2026, 11, 30)) == 202611
    assert db.session.scalar(select(reports.month_key_sql(bindparam("d", type_=Date))), {"d": date(2026, 1, 31)}) \
        == 202601


def test_migrating_a_database_with_history_builds_the_summary_on_first_use(tmp_path):
    """0005 on a database that already holds registrations: the summary is built when first read."""
    import flask_migrate
    from sqlalchemy import text as sql

    from app import create_app
    from tests.conftest import _settings

    application = create_app(_settings(f"sqlite:///{tmp_path / 'old.sqlite'}", tmp_path))
    with application.app_context():
        flask_migrate.upgrade(revision="0004")
        db.session.execute(sql(
            "INSERT INTO job_seeker (id, registration_number, registered_on, created_at, status, status_changed_at, "
            "nik, full_name, birth_place, birth_date, sex, kecamatan_code, education_level) VALUES "
            "(1, 'AK1-1', '2026-09-10', '2026-09-10 01:00:00', 'ditempatkan', '2026-10-20 01:00:00', "
            "'3604051510070001', 'Lama', 'Serang', '2007-10-15', 'L', '36.04.05', 'SMK'), "
            "(2, 'AK1-2', '2026-10-04', '2026-10-04 01:00:00', 'diajukan', '2026-10-04 01:00:00', "
            "'3604054510060001', 'Baru', 'Serang', '2006-10-05', 'P', '36.04.05', 'SMA')"))
        db.session.execute(sql(
            "INSERT INTO job_seeker_event (job_seeker_id, event, occurred_on, recorded_at, placement_type) VALUES "
            "(1, 'terdaftar', '2026-09-10', '2026-09-10 01:00:00', NULL), "
            "(1, 'ditempatkan', '2026-10-20', '2026-10-20 01:00:00', 'AKL'), "
            "(2, 'terdaftar', '2026-10-04', '2026-10-04 01:00:00', NULL)"))
        db.session.commit()
        flask_migrate.upgrade()
        assert db.session.get(ReportSummaryState, reports.SUMMARY_NAME) is None
        table = reports.iii_1(date(2026, 10, 1))
        assert table.row("15-19").cells() == [1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1]
        assert db.session.get(ReportSummaryState, reports.SUMMARY_NAME) is not None
        db.session.remove()
        db.engine.dispose()


def test_the_flow_by_time_since_graduation(app, job_seeker_factory):
    """DOMAIN §3: 0–2, 3–5 and 6+ years from graduation to registration, and a row for those who
    gave no year; a corrected year moves the person, in every month, as the summary follows."""
    month = date(2026, 10, 1)
    fresh = job_seeker_factory(full_name="Baru Lulus", registered_on=date(2026, 10, 5), graduation_year=2025)
    job_seeker_factory(full_name="Lama Lulus", sex="L", registered_on=date(2026, 10, 6), graduation_year=2019)
    job_seeker_factory(full_name="Tanpa Tahun", registered_on=date(2026, 10, 7))
    job_seeker_factory(full_name="Belum Lulus", registered_on=date(2026, 10, 8), graduation_year=2027)
    table = reports.ipk_report(month).by_graduation
    assert [row.key for row in table.rows] == ["0-2", "3-5", "6+", "-"]
    assert [row.both.registered for row in table.rows] == [2, 0, 1, 1]
    assert table.row("6+").by_sex["L"].registered == 1 and table.total.both.remaining == 4

    fresh.graduation_year = 2022  # corrected in the panel: four years before registering
    db.session.commit()
    table = reports.ipk_report(month).by_graduation
    assert [row.both.registered for row in table.rows] == [1, 1, 1, 1]
    kept = _nonzero_summary()
    reports.rebuild_summary()
    db.session.expire_all()
    assert _nonzero_summary() == kept


def test_periods_of_a_month():
    assert ipk.period_of(date(2026, 1, 1), ipk.QUARTER) == (date(2026, 1, 1), date(2026, 3, 1))
    assert ipk.period_of(date(2026, 12, 1), ipk.QUARTER) == (date(2026, 10, 1), date(2026, 12, 1))
    assert ipk.period_of(date(2026, 6, 1), ipk.YEAR) == (date(2026, 1, 1), date(2026, 12, 1))
    assert ipk.period_of(date(2026, 6, 1), ipk.MONTH) == (date(2026, 6, 1), date(2026, 6, 1))
    assert [ipk.period_label(*ipk.period_of(date(2026, m, 1), ipk.QUARTER)) for m in (2, 5, 8, 11)] == [
        "Triwulan I 2026", "Triwulan II 2026", "Triwulan III 2026", "Triwulan IV 2026"]
    assert ipk.period_label(date(2026, 3, 1), date(2026, 3, 1)) == "Maret 2026"
    assert ipk.period_label(date(2026, 2, 1), date(2026, 4, 1)) == "Februari 2026 s.d. April 2026"
