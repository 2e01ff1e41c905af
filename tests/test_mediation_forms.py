"""A mediation case record holds together (domain.mediation.record_problems): its dates follow
the procedure's order and its status matches its outcome, checked at each field of the panel's
form, with what was typed kept; and a case keeps its mediator after they leave."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from domain import mediation as rules
from domain import roles
from extensions import db
from models import MediationCase, MediationSession
from tests.test_edit_conflicts import form_of

TODAY = date(2026, 12, 6)


def _record(**changes) -> rules.CaseRecord:
    values = dict(registered_on=date(2026, 11, 2), bipartite_ended_on=date(2026, 10, 28),
                  delegated_on=date(2026, 11, 12), mediation_sessions=(date(2026, 11, 18),),
                  clarification_sessions=(date(2026, 11, 16),), anjuran_date=date(2026, 11, 27),
                  anjuran_received_on=date(2026, 11, 30), worker_answered_on=date(2026, 12, 2),
                  company_answered_on=date(2026, 12, 3), outcome="anjuran_diterima", closed_on=date(2026, 12, 4),
                  case_status="selesai")
    values.update(changes)
    return rules.CaseRecord(**values)


def test_a_case_in_procedural_order_has_no_problems():
    assert rules.record_problems(_record(), TODAY) == {}
    assert rules.record_problems(_record(anjuran_date=None, anjuran_received_on=None, worker_answered_on=None,
                                         company_answered_on=None, outcome=None, closed_on=None,
                                         case_status="mediasi"), TODAY) == {}
    withdrawn_before_hand_over = _record(delegated_on=None, mediation_sessions=(), clarification_sessions=(),
                                         anjuran_date=None, anjuran_received_on=None, worker_answered_on=None,
                                         company_answered_on=None, outcome="dicabut", closed_on=date(2026, 11, 5))
    assert rules.record_problems(withdrawn_before_hand_over, TODAY) == {}


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"delegated_on": date(2026, 10, 30)}, "delegated_on", "tidak boleh sebelum perselisihan dicatat (2 November 2026)"),
    ({"bipartite_ended_on": date(2026, 11, 3)}, "bipartite_ended_on", "harus sudah berakhir saat perselisihan dicatat"),
    ({"clarification_sessions": (date(2026, 11, 10),)}, "sessions", "tidak boleh sebelum perkara dilimpahkan"),
    ({"mediation_sessions": (date(2026, 11, 28),)}, "anjuran_date", "catat dahulu sidang mediasi pertama"),
    ({"anjuran_received_on": date(2026, 11, 26)}, "anjuran_received_on", "sebelum anjuran diterbitkan (27 November 2026)"),
    ({"worker_answered_on": date(2026, 11, 29)}, "worker_answered_on", "sebelum anjuran diterima para pihak (30 November 2026)"),
    ({"closed_on": date(2026, 11, 17)}, "closed_on", "tidak boleh sebelum sidang terakhir (18 November 2026)"),
    ({"closed_on": date(2026, 11, 1), "mediation_sessions": (), "clarification_sessions": (), "anjuran_date": None,
      "anjuran_received_on": None, "worker_answered_on": None, "company_answered_on": None, "outcome": "dicabut"},
     "closed_on", "tidak boleh sebelum perkara dilimpahkan (12 November 2026)"),
    ({"closed_on": date(2026, 12, 9)}, "closed_on", "belum terjadi"),
    ({"outcome": None}, "outcome", "Pilih hasil mediasi untuk perkara yang selesai."),
    ({"closed_on": None}, "closed_on", "Isi tanggal selesai untuk perkara yang selesai."),
    ({"case_status": "mediasi"}, "status", "Perkara yang sudah ada hasilnya berstatus Selesai."),
    ({"case_status": "terdaftar", "outcome": None, "closed_on": None}, "status", "berstatus Dalam mediasi"),
    ({"case_status": "anjuran", "outcome": None, "closed_on": None, "anjuran_date": None, "anjuran_received_on": None,
      "worker_answered_on": None, "company_answered_on": None}, "anjuran_date", "Isi tanggal anjuran"),
    ({"delegated_on": None, "mediation_sessions": (), "clarification_sessions": (), "anjuran_date": None,
      "anjuran_received_on": None, "worker_answered_on": None, "company_answered_on": None, "outcome": None,
      "closed_on": None, "case_status": "mediasi"}, "delegated_on", "Isi tanggal pelimpahan ke mediator"),
])
def test_each_out_of_order_record_is_named_at_its_field(changes, field, message):
    problems = rules.record_problems(_record(**changes), TODAY)
    assert message in problems.get(field, ""), problems


def _new_case(**changes) -> dict[str, str]:
    data = {"register_number": "HI/020/XI/2026", "registered_on": "2026-11-20", "dispute_type": "phk",
            "status": "selesai", "worker_count": "2", "worker_party": "Ahmad Fauzi dan 1 pekerja lainnya",
            "company_name": "PT Sinar Baja Cikande", "delegated_on": "2026-11-10", "closed_on": "2026-11-01",
            "outcome": "__None", "sessions-0-held_on": "2026-11-02", "sessions-0-kind": "mediasi",
            "sessions-0-attendance": "Lengkap"}
    data.update(changes)
    return data


def test_the_form_names_each_problem_at_its_field_and_keeps_what_was_typed(login_as):
    client, mediator = login_as(roles.MEDIATOR)
    response = client.post("/admin/mediasi/new/", data=_new_case(mediator=str(mediator.id)))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Pelimpahan ke mediator tidak boleh sebelum perselisihan dicatat (20 November 2026)." in page
    assert "Sidang tidak boleh sebelum perkara dilimpahkan ke mediator (10 November 2026)." in page
    assert re.search(r'<input[^>]*id="sessions-0-held_on"[^>]*is-invalid|<input[^>]*is-invalid[^>]*id="sessions-0-held_on"',
                     page)  # at the date of the session held too early
    assert "Pilih hasil mediasi untuk perkara yang selesai." in page
    assert "Tanggal selesai tidak boleh sebelum" in page
    kept = form_of(page)
    assert (kept["registered_on"], kept["delegated_on"], kept["closed_on"]) == ("2026-11-20", "2026-11-10",
                                                                                 "2026-11-01")
    assert kept["worker_party"] == "Ahmad Fauzi dan 1 pekerja lainnya" and kept["sessions-0-held_on"] == "2026-11-02"
    assert db.session.scalar(select(MediationCase)) is None

    fixed = _new_case(mediator=str(mediator.id), registered_on="2026-11-02", delegated_on="2026-11-10",
                      **{"sessions-0-held_on": "2026-11-13"}, closed_on="2026-11-13", outcome="perjanjian_bersama")
    assert client.post("/admin/mediasi/new/", data=fixed).status_code == 302
    case = db.session.scalar(select(MediationCase))
    assert (case.status, case.outcome, case.closed_on) == ("selesai", "perjanjian_bersama", date(2026, 11, 13))


def test_a_case_keeps_its_mediator_after_they_are_deactivated(app, login_as, make_user, runner):
    leaving = make_user(roles.MEDIATOR, username="mediator_lama", full_name="Dedi Kurniawan")
    case = MediationCase(register_number="HI/007/XI/2026", registered_on=date(2026, 11, 2), dispute_type="hak",
                         status="mediasi", worker_count=1, worker_party="Rudi Hartono", company_name="PT Karya Plastik",
                         delegated_on=date(2026, 11, 10), mediator_id=leaving.id)
    db.session.add(case)
    db.session.commit()
    assert "dinonaktifkan" in runner.invoke(args=["users", "deactivate", "mediator_lama"]).output
    client, _ = login_as(roles.MEDIATOR)
    url = f"/admin/mediasi/edit/?id={case.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Dedi Kurniawan (tidak aktif)" in page
    fields = form_of(page)
    assert fields["mediator"] == str(leaving.id)
    fields["company_address"] = "Jl. Raya Jawilan No. 17"
    assert client.post(url, data=fields).status_code == 302
    db.session.expire_all()
    assert db.session.get(MediationCase, case.id).mediator_id == leaving.id
    assert "Dedi Kurniawan" not in client.get("/admin/mediasi/new/").get_data(as_text=True)  # not for new cases


def test_every_demo_case_holds_together(app):
    import demo_data
    from services.clock import local_today

    demo_data.fill(job_seekers=0, seed=5)
    for case in db.session.scalars(select(MediationCase)):
        sessions: list[MediationSession] = case.sessions
        record = rules.CaseRecord(
            delegated_on=case.delegated_on,
            mediation_sessions=tuple(s.held_on for s in sessions if s.kind == "mediasi"),
            clarification_sessions=tuple(s.held_on for s in sessions if s.kind == "klarifikasi"),
            anjuran_date=case.anjuran_date, anjuran_received_on=case.anjuran_received_on,
            worker_answered_on=case.worker_answered_on, company_answered_on=case.company_answered_on,
            outcome=case.outcome, closed_on=case.closed_on, registered_on=case.registered_on,
            bipartite_ended_on=case.bipartite_ended_on, case_status=case.status)
        assert rules.record_problems(record, local_today()) == {}, case.register_number


def test_inline_rows_and_mistyped_dates_get_the_right_indonesian_message(login_as):
    client, mediator = login_as(roles.MEDIATOR)
    data = _new_case(mediator=str(mediator.id), status="mediasi", closed_on="", registered_on="31-12-2026",
                     **{"sessions-0-held_on": "13-11-2026"})
    page = client.post("/admin/mediasi/new/", data=data).get_data(as_text=True)
    assert page.count("Tanggal tidak valid.") == 2  # the case's date and the session's, each at its field
    assert "Not a valid date value" not in page and "This field is required" not in page
    assert form_of(page)["registered_on"] == "31-12-2026"
    page = client.post("/admin/mediasi/new/", data=dict(data, registered_on="2026-11-02",
                                                        **{"sessions-0-held_on": ""})).get_data(as_text=True)
    assert "Wajib diisi." in page and "This field is required" not in page  # an empty session date
    assert db.session.scalar(select(MediationCase)) is None


def test_an_optional_choice_has_one_blank_option(login_as):
    import re

    client, _ = login_as(roles.MEDIATOR)
    page = client.get("/admin/mediasi/new/").get_data(as_text=True)
    for name in ("outcome", "worker_answer", "company_answer"):
        select_html = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
        options = re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select_html)
        assert [label for value, label in options if value in ("", "__None")] == ["—"], (name, options)


def test_the_list_and_details_show_where_a_case_stands(app, login_as):
    """The mediator sees the next statutory deadline on the list, and on the case's page every
    deadline, the sessions held and the answers in words (not "None")."""
    case = MediationCase(register_number="HI/003/XI/2026", registered_on=date(2026, 10, 26), dispute_type="phk",
                         status="mediasi", worker_count=1, worker_party="Rudi Hartono", company_name="PT Maju Bersama",
                         delegated_on=date(2026, 10, 28))
    case.sessions.append(MediationSession(held_on=date(2026, 11, 3), kind="mediasi", attendance="Kedua pihak hadir"))
    db.session.add(case)
    db.session.commit()
    client, _ = login_as(roles.MEDIATOR)
    listing = client.get("/admin/mediasi/").get_data(as_text=True)
    assert "Tenggat berikutnya" in listing
    # first session 3 Nov; the anjuran was due 10 working days later (17 Nov) and is not recorded
    assert "Lewat batas waktu: Anjuran tertulis, batas 17 Nov 2026 (terlambat" in listing
    details = client.get(f"/admin/mediasi/details/?id={case.id}").get_data(as_text=True)
    assert "Tenggat (UU 2/2004)" in details
    assert "Sidang mediasi pertama (7 hari kerja sejak pelimpahan)" in details and "tepat waktu" in details
    assert "lewat batas" in details
    assert "Kedua pihak hadir" in details and "Sidang mediasi" in details  # the sessions, with the kind's label
    assert ">None<" not in details
