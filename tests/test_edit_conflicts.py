"""An edit form opened before someone else saved the same record does not silently undo that save
(admin/edit_conflict.py): the panel's real forms, as two officers would use them."""
from __future__ import annotations

import threading
from datetime import date
from html.parser import HTMLParser

from sqlalchemy import select

from domain import roles
from extensions import db
from models import AuditLog, JobSeeker, MediationCase, MediationSession, ServiceDay
from services import queue as queue_service
from tests.queue_helpers import make_job_seekers, seed_booking


class _FormReader(HTMLParser):
    """The values a browser would send for the page's edit form (inputs, selects, text areas)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.fields[name] = a.get("value") or "y"
            else:
                self.fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.fields.setdefault(self._select, self._first_option or "")
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = self.fields[self._textarea]  # a browser drops the newline that opens a text area
            self.fields[self._textarea] = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_of(page: str) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(page)
    return reader.fields


def _edit(client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    fields = form_of(response.get_data(as_text=True))
    assert fields["row_version"]
    return fields


def _two_officers(login_as, url: str):
    """Two officers who may edit registrations, each with the edit form opened now."""
    first, _ = login_as(roles.PENGANTAR_KERJA)
    second, _ = login_as(roles.PELAYANAN)
    return first, second, _edit(first, url), _edit(second, url)


def test_a_form_opened_before_a_colleagues_save_does_not_undo_it(app, login_as, job_seeker_factory):
    js = job_seeker_factory(phone="+6281211112222", address_street="Kp. Lama")
    url = f"/admin/pencaker/edit/?id={js.id}"
    first, second, opened_by_first, colleague = _two_officers(login_as, url)
    colleague["phone"] = "0813 9999 0000"
    assert second.post(url, data=colleague).status_code == 302

    opened_by_first["address_street"] = "Kp. Baru RT 02"
    response = first.post(url, data=opened_by_first)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Belum disimpan: sejak formulir ini dibuka, data ini sudah diubah" in page and "No. HP" in page
    assert "Isian Anda tadi: \u201c+6281211112222\u201d" in page  # what the first officer's form still held
    refused = form_of(page)
    assert refused["phone"] == "+6281399990000"  # the field now shows the colleague's number
    assert refused["address_street"] == "Kp. Baru RT 02"  # and what the first officer typed is all still there
    db.session.expire_all()
    stored = db.session.get(JobSeeker, js.id)
    assert (stored.phone, stored.address_street) == ("+6281399990000", "Kp. Lama")  # nothing written

    assert first.post(url, data=refused).status_code == 302  # Simpan again: both changes kept
    db.session.expire_all()
    stored = db.session.get(JobSeeker, js.id)
    assert (stored.phone, stored.address_street) == ("+6281399990000", "Kp. Baru RT 02")
    updates = db.session.scalars(select(AuditLog).where(AuditLog.object_type == "JobSeeker",
                                                        AuditLog.object_id == str(js.id),
                                                        AuditLog.action == "ubah")).all()
    assert len(updates) == 2  # the colleague's save and the second press; the refused one wrote nothing
    shown = db.session.scalar(select(AuditLog).where(AuditLog.object_id == str(js.id),
                                                     AuditLog.summary.like("formulir ubah ditolak%")))
    assert shown.action == "lihat" and shown.summary.endswith("phone")  # the latest number was shown to them


def test_the_same_field_changed_by_both_keeps_the_latest_until_retyped(app, login_as, job_seeker_factory):
    js = job_seeker_factory(desired_position="Operator produksi")
    url = f"/admin/pencaker/edit/?id={js.id}"
    first, second, mine, theirs = _two_officers(login_as, url)
    theirs["desired_position"] = "Admin gudang"
    assert second.post(url, data=theirs).status_code == 302

    mine["desired_position"] = "Teknisi listrik"
    page = first.post(url, data=mine).get_data(as_text=True)
    assert "Isian Anda tadi: \u201cTeknisi listrik\u201d" in page
    again = form_of(page)
    assert again["desired_position"] == "Admin gudang"
    again["desired_position"] = "Teknisi listrik"  # retyped, knowingly
    assert first.post(url, data=again).status_code == 302
    db.session.expire_all()
    assert db.session.get(JobSeeker, js.id).desired_position == "Teknisi listrik"


def test_changes_the_form_does_not_write_refuse_nothing(app, login_as, job_seeker_factory):
    from domain import codes
    from services.job_seekers import record_event

    js = job_seeker_factory()
    url = f"/admin/pencaker/edit/?id={js.id}"
    client, _ = login_as(roles.PENGANTAR_KERJA)
    fields = _edit(client, url)
    record_event(db.session.get(JobSeeker, js.id), codes.EV_VERIFIED, date(2026, 3, 3))  # the verification desk
    db.session.commit()
    fields["skills"] = "Las listrik"
    assert client.post(url, data=fields).status_code == 302
    db.session.expire_all()
    stored = db.session.get(JobSeeker, js.id)
    assert stored.skills == "Las listrik" and stored.status == codes.JS_VERIFIED


def test_a_session_added_inline_by_a_colleague_is_named(app, login_as):
    case = MediationCase(register_number="HI/001/XII/2026", registered_on=date(2026, 12, 1), dispute_type="phk",
                         status="mediasi", worker_count=2, worker_party="Serikat Pekerja PT Maju",
                         company_name="PT Maju Bersama", delegated_on=date(2026, 12, 1))
    db.session.add(case)
    db.session.commit()
    url = f"/admin/mediasi/edit/?id={case.id}"
    first, _ = login_as(roles.MEDIATOR, username="mediator_a")
    second, _ = login_as(roles.ADMIN)
    mine = _edit(first, url)
    db.session.add(MediationSession(case_id=case.id, held_on=date(2026, 12, 3), kind="klarifikasi"))
    db.session.commit()
    mine["company_address"] = "Jl. Raya Serang Km 5"
    page = first.post(url, data=mine).get_data(as_text=True)
    assert "Belum disimpan" in page and "Sidang" in page
    assert "baris-baris di bawah kini berisi data terbaru" in page
    assert "Jl. Raya Serang Km 5" in page
    db.session.expire_all()
    assert db.session.get(MediationCase, case.id).company_address is None
    assert second.get(url).status_code == 200


def test_bookings_made_while_a_day_is_edited_refuse_nothing(app, login_as):
    day = date(2026, 12, 8)
    queue_service.ensure_days([day])
    url = f"/admin/hari_layanan/edit/?id={day.isoformat()}"
    client, _ = login_as(roles.PELAYANAN)
    fields = _edit(client, url)
    window = db.session.get(ServiceDay, day).windows[1]
    for js in make_job_seekers(3):  # citizens book while the officer has the form open
        seed_booking(js, day, window)
    fields["closed_reason"] = ""
    fields["quota"] = "120"
    assert client.post(url, data=fields).status_code == 302
    db.session.expire_all()
    sd = db.session.get(ServiceDay, day)
    assert sd.quota == 120 and sd.booked == 3 and sum(w.quota for w in sd.windows) == 120


def test_two_saves_of_the_same_form_at_once_let_one_through(app, login_as, job_seeker_factory):
    """The row is held from the check to the commit: of two saves sent at the same moment from
    forms opened at the same time, the second sees the first and is refused."""
    js = job_seeker_factory()
    url = f"/admin/pencaker/edit/?id={js.id}"
    clients = [login_as(roles.PENGANTAR_KERJA, username=f"pk_{n}")[0] for n in range(2)]
    forms = [_edit(c, url) for c in clients]
    forms[0]["desired_position"], forms[1]["desired_position"] = "Juru las", "Juru masak"
    start = threading.Barrier(2)
    codes_by_position = {}

    def save(n):
        with app.app_context():
            start.wait()
            codes_by_position[forms[n]["desired_position"]] = clients[n].post(url, data=forms[n]).status_code

    threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes_by_position.values()) == [200, 302]
    db.session.expire_all()
    winner = next(position for position, code in codes_by_position.items() if code == 302)
    assert db.session.get(JobSeeker, js.id).desired_position == winner


def test_inline_rows_changed_meanwhile_come_back_as_they_now_are(app, login_as):
    """A colleague edited one session's minutes and removed another while this form was open: the
    refused form shows the sessions as they now are, so Simpan again undoes neither."""
    case = MediationCase(register_number="HI/002/XII/2026", registered_on=date(2026, 12, 1), dispute_type="phk",
                         status="mediasi", worker_count=2, worker_party="Serikat Pekerja PT Maju",
                         company_name="PT Maju Bersama", delegated_on=date(2026, 12, 1))
    case.sessions = [MediationSession(held_on=date(2026, 12, 2), kind="mediasi", minutes="Sidang ke-1"),
                     MediationSession(held_on=date(2026, 12, 3), kind="mediasi", minutes="Sidang ke-2")]
    db.session.add(case)
    db.session.commit()
    first_id, second_id = (s.id for s in case.sessions)
    url = f"/admin/mediasi/edit/?id={case.id}"
    mine, _ = login_as(roles.MEDIATOR, username="mediator_satu")
    theirs, _ = login_as(roles.MEDIATOR, username="mediator_dua")
    opened = _edit(mine, url)
    colleague = _edit(theirs, url)
    row = next(k.split("-")[1] for k, v in colleague.items() if k.endswith("-id") and v == str(first_id))
    gone = next(k.split("-")[1] for k, v in colleague.items() if k.endswith("-id") and v == str(second_id))
    colleague[f"sessions-{row}-minutes"] = "Sidang ke-1: para pihak sepakat berunding lagi"
    colleague[f"del-sessions-{gone}"] = "on"
    assert theirs.post(url, data=colleague).status_code == 302

    opened["worker_count"] = "3"
    opened.update({"sessions-7-id": "", "sessions-7-held_on": "2026-12-04", "sessions-7-kind": "mediasi",
                   "sessions-7-minutes": "Sidang ke-3, ditambahkan petugas pertama"})  # a row this officer added
    page = mine.post(url, data=opened).get_data(as_text=True)
    assert "baris-baris di bawah kini berisi data terbaru, diikuti baris baru yang Anda tambahkan" in page
    again = form_of(page)
    assert again["worker_count"] == "3"
    assert sorted(v for k, v in again.items() if k.startswith("sessions-") and k.endswith("-id")) == ["", str(first_id)]
    assert "Sidang ke-3, ditambahkan petugas pertama" in again.values()  # kept as typed, not lost
    assert mine.post(url, data=again).status_code == 302
    db.session.expire_all()
    stored = db.session.get(MediationCase, case.id)
    assert stored.worker_count == 3
    assert [s.minutes for s in stored.sessions] == ["Sidang ke-1: para pihak sepakat berunding lagi",
                                                    "Sidang ke-3, ditambahkan petugas pertama"]
    assert stored.sessions[0].id == first_id


def test_no_conflict_when_the_form_already_holds_what_was_saved(app, login_as, job_seeker_factory):
    """The same change made in two tabs, or a text whose line breaks a browser rewrites: nothing
    would be undone, so nothing is refused."""
    js = job_seeker_factory(skills="Las listrik\nMengemudi")
    url = f"/admin/pencaker/edit/?id={js.id}"
    first, second, mine, theirs = _two_officers(login_as, url)
    theirs["desired_position"] = "Operator forklift"  # the text area goes back with CRLF line breaks
    assert second.post(url, data=theirs).status_code == 302
    mine["desired_position"] = "Operator forklift"  # the same change, typed again
    mine["address_street"] = "Kp. Baru"
    assert first.post(url, data=mine).status_code == 302
    db.session.expire_all()
    stored = db.session.get(JobSeeker, js.id)
    assert (stored.desired_position, stored.address_street) == ("Operator forklift", "Kp. Baru")
