"""The AK-1 card: printing rights and presence, the PDF (photo, QR, officer), reprints, the public
verification page in every state, six-monthly reports, placement, expiry and renewal."""
from __future__ import annotations

import io
import re
import subprocess
import time
from pathlib import Path
from datetime import date, timedelta

import pytest
from flask_babel import format_date
from PIL import Image
from sqlalchemy import select

from domain import card as card_rules, codes, roles
from extensions import db
from models import AuditLog, JobSeeker, QueueBooking, ServiceDay, Setting
from services import cards, photos
from services.clock import local_today
from services.job_seekers import record_event
from tests import photo_samples
from tests.queue_helpers import open_today

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def signer(make_user):
    return make_user(roles.PENGANTAR_KERJA, username="pk_yanti", full_name="Yanti Nurhasanah, S.Sos.",
                     nip="198012312005012001")


@pytest.fixture
def verified(app, job_seeker_factory):
    """A verified registration with a photo, registered on the first of last month."""
    registered = (local_today().replace(day=1) - timedelta(days=1)).replace(day=1)
    js = job_seeker_factory(full_name="Siti Rahmawati Şükrü", sex="P", birth_date=date(2001, 5, 17),
                            registered_on=registered, religion="islam", marital_status="belum_kawin",
                            desa="Margasana", address_street="Kp. Sukamaju")
    js.photo_file = photos.store(app.config["UPLOAD_DIR"], photos.process(photo_samples.jpeg(300, 400)))
    record_event(js, codes.EV_VERIFIED, registered)
    db.session.commit()
    return js


def check_in(js, status=codes.BOOKING_CHECKED_IN):
    today = local_today()
    day = db.session.get(ServiceDay, today) or ServiceDay(day=today, quota=100, booked=0, issued=0)
    day.booked += 1
    day.issued += 1
    db.session.add(day)
    db.session.add(QueueBooking(job_seeker_id=js.id, day=today, queue_number=day.issued,
                                booking_code=f"UJI{js.id:05d}", status=status))
    db.session.commit()


def test_printing_needs_the_holder_present(login_as, verified, signer):
    client, _ = login_as(roles.PELAYANAN)
    page = client.get(f"/admin/kartu/kartu/{verified.id}").get_data(as_text=True)
    assert "belum tercatat hadir hari ini" in page
    response = client.post(f"/admin/kartu/kartu/{verified.id}/cetak", data={"signer_id": signer.id},
                           follow_redirects=True)
    assert "belum tercatat hadir hari ini" in response.get_data(as_text=True)
    assert db.session.get(JobSeeker, verified.id).status == codes.JS_VERIFIED


def test_card_pdf_has_photo_qr_officer_and_unicode_name(login_as, verified, signer, tmp_path):
    import zxingcpp

    check_in(verified)
    client, clerk = login_as(roles.PELAYANAN)
    response = client.post(f"/admin/kartu/kartu/{verified.id}/cetak", data={"signer_id": signer.id})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    pdf = tmp_path / "kartu.pdf"
    pdf.write_bytes(response.get_data())

    js = db.session.get(JobSeeker, verified.id)
    assert js.status == codes.JS_PRINTED and js.card_number and len(js.verification_code) == 10
    assert js.valid_from == js.registered_on
    assert js.valid_until == card_rules.add_months(js.registered_on, 24) - timedelta(days=1)
    printed = js.events[-1]
    assert (printed.event, printed.recorded_by_id, printed.occurred_on) == (codes.EV_PRINTED, clerk.id, local_today())
    assert "Yanti Nurhasanah" in printed.note and "198012312005012001" in printed.note
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "cetak", AuditLog.object_id == str(js.id)))

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("PEMERINTAH KABUPATEN SERANG", "AK/I", js.card_number, js.nik, "Siti Rahmawati Şükrü",
                     "Yanti Nurhasanah, S.Sos.", "NIP 198012312005012001", "LAPOR DIRI", "DITERIMA BEKERJA DI",
                     "berlaku 2 (dua) tahun", "SMK", js.verification_code,
                     format_date(card_rules.add_months(local_today(), 6), "d MMMM y")):  # 1st report: from today
        assert expected in text, expected
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"\s300\s+400\s", images), images  # the 300x400 photo is really embedded
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(tmp_path / "kartu")], check=True)
    decoded = [d.text for d in zxingcpp.read_barcodes(Image.open(tmp_path / "kartu.png"))]
    assert decoded == [f"http://localhost:5000/verifikasi/{js.verification_code}"]


def _signer_choices(page: str) -> dict[str, tuple[bool, str]]:
    """The card page's signer radio buttons: value -> (checked, the label's text)."""
    found = {}
    for attrs, label in re.findall(r'<input([^>]*name="signer_id"[^>]*)>\s*<label[^>]*>(.*?)</label>', page, re.S):
        value = re.search(r'value="(\d+)"', attrs).group(1)
        assert " required" in attrs
        found[value] = (" checked" in attrs, " ".join(re.sub(r"<[^>]+>", " ", label).split()))
    return found


def test_signer_is_chosen_by_name_with_the_whole_nip_shown(login_as, make_user, verified, signer):
    # one signer: chosen for the officer at the desk, name and the whole NIP on the page
    client, _ = login_as(roles.PELAYANAN)
    page = client.get(f"/admin/kartu/kartu/{verified.id}").get_data(as_text=True)
    assert _signer_choices(page) == {str(signer.id): (True, "Yanti Nurhasanah, S.Sos. NIP 198012312005012001")}
    assert "<select" not in page.split('name="signer_id"')[0].rsplit("<form", 1)[1]

    # several signers, the desk officer is none of them: nobody chosen in advance
    other = make_user(roles.PENGANTAR_KERJA, username="pk_budi", full_name="Budi Santoso", nip="197501012000031002")
    page = client.get(f"/admin/kartu/kartu/{verified.id}").get_data(as_text=True)
    assert _signer_choices(page) == {str(other.id): (False, "Budi Santoso NIP 197501012000031002"),
                                     str(signer.id): (False, "Yanti Nurhasanah, S.Sos. NIP 198012312005012001")}

    # a Pengantar Kerja at the desk signs their own cards
    own_client, own = login_as(roles.PENGANTAR_KERJA, username="pk_citra", full_name="Citra Lestari")
    page = own_client.get(f"/admin/kartu/kartu/{verified.id}").get_data(as_text=True)
    choices = _signer_choices(page)
    assert [value for value, (checked, _) in choices.items() if checked] == [str(own.id)]
    assert choices[str(own.id)][1] == "Citra Lestari NIP -"


def test_only_front_desk_and_placement_officers_print(login_as, verified, signer, bkk_factory):
    check_in(verified)
    for role in (roles.ADMIN, roles.PIMPINAN, roles.MEDIATOR, roles.BKK):
        extra = {"bkk": bkk_factory("20609" + str(len(role)).zfill(3))} if role == roles.BKK else {}
        client, _ = login_as(role, **extra)
        assert client.post(f"/admin/kartu/kartu/{verified.id}/cetak", data={"signer_id": signer.id}).status_code == 403
    assert db.session.get(JobSeeker, verified.id).status == codes.JS_VERIFIED


def test_signer_must_be_a_pengantar_kerja_and_registration_verified(login_as, verified, job_seeker_factory):
    check_in(verified)
    client, clerk = login_as(roles.PELAYANAN)
    page = client.post(f"/admin/kartu/kartu/{verified.id}/cetak", data={"signer_id": clerk.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "Pilih Pengantar Kerja yang menandatangani kartu." in page
    submitted = job_seeker_factory(full_name="Belum Diverifikasi", sex="L", birth_date=date(1999, 1, 1))
    check_in(submitted)
    with pytest.raises(cards.CardError, match="sudah diverifikasi"):
        cards.print_card(submitted, clerk, clerk)


def test_double_click_does_not_print_twice_and_reprint_needs_a_reason(login_as, verified, signer):
    check_in(verified)
    client, _ = login_as(roles.PENGANTAR_KERJA)
    assert client.post(f"/admin/kartu/kartu/{verified.id}/cetak", data={"signer_id": signer.id}).status_code == 200
    again = client.post(f"/admin/kartu/kartu/{verified.id}/cetak", data={"signer_id": signer.id}, follow_redirects=True)
    assert "Kartu ini sudah dicetak. Untuk kartu pengganti, pakai Cetak ulang dengan alasannya." in again.get_data(
        as_text=True)
    lapse = cards.expiry_of(db.session.get(JobSeeker, verified.id))
    assert lapse.reason == card_rules.REMOVAL_NO_REPORT
    assert (f"Bila tidak lapor diri, kartu tidak berlaku lagi mulai {format_date(lapse.on, 'd MMMM y')}."
            in again.get_data(as_text=True))
    no_reason = client.post(f"/admin/kartu/kartu/{verified.id}/cetak-ulang", data={"signer_id": signer.id,
                                                                                  "reason": ""}, follow_redirects=True)
    assert "Tulis alasan cetak ulang" in no_reason.get_data(as_text=True)
    response = client.post(f"/admin/kartu/kartu/{verified.id}/cetak-ulang",
                           data={"signer_id": signer.id, "reason": "Kartu hilang saat banjir"})
    assert response.mimetype == "application/pdf"
    events = [e for e in db.session.get(JobSeeker, verified.id).events if e.event.startswith("kartu_dicetak")]
    assert [e.event for e in events] == [codes.EV_PRINTED, codes.EV_REPRINTED]
    assert events[1].note.startswith("Kartu hilang saat banjir")
    prints = db.session.scalars(select(AuditLog.summary).where(AuditLog.action == "cetak")).all()
    assert prints == ["cetak kartu", "cetak ulang kartu"]


def test_a_reprint_form_sent_twice_reprints_once(login_as, verified, signer):
    _printed(verified, signer)
    client, _ = login_as(roles.PENGANTAR_KERJA)
    page = client.get(f"/admin/kartu/kartu/{verified.id}").get_data(as_text=True)
    opened_after = re.search(r'name="setelah" value="(\d+)"', page).group(1)
    form = {"signer_id": signer.id, "reason": "Kartu rusak terkena air", "setelah": opened_after}
    first = client.post(f"/admin/kartu/kartu/{verified.id}/cetak-ulang", data=form)
    assert first.mimetype == "application/pdf"
    second = client.post(f"/admin/kartu/kartu/{verified.id}/cetak-ulang", data=form, follow_redirects=True)
    assert second.mimetype == "text/html"
    assert "sudah dicetak ulang sejak halaman ini dibuka" in second.get_data(as_text=True)
    events = [e.event for e in db.session.get(JobSeeker, verified.id).events if e.event.startswith("kartu_dicetak")]
    assert events == [codes.EV_PRINTED, codes.EV_REPRINTED]
    assert db.session.scalars(select(AuditLog.summary).where(AuditLog.action == "cetak")).all() == ["cetak ulang kartu"]
    # the page after it carries the new printing: a later, deliberate reprint is recorded
    page = client.get(f"/admin/kartu/kartu/{verified.id}").get_data(as_text=True)
    form["setelah"] = re.search(r'name="setelah" value="(\d+)"', page).group(1)
    assert client.post(f"/admin/kartu/kartu/{verified.id}/cetak-ulang", data=form).mimetype == "application/pdf"


@pytest.mark.parametrize("change", ["cetak ulang", "lapor diri"])
def test_the_same_card_change_sent_at_once_is_recorded_once(make_app, make_user, job_seeker_factory, change):
    """Two requests that both read the card before either wrote: the second waits for the first
    (hold_for_change) and sees what it recorded; nobody gets an error page."""
    import threading

    from services import job_seekers as lifecycle

    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 6, "max_overflow": 0, "pool_timeout": 60})
    with app.app_context():
        pk = make_user(roles.PENGANTAR_KERJA, username="pk_rina", full_name="Rina", nip="198501012010012001")
        js = job_seeker_factory(registered_on=local_today() - timedelta(days=40))
        record_event(js, codes.EV_VERIFIED, js.registered_on)
        record_event(js, codes.EV_PRINTED, local_today() - timedelta(days=30), user=pk)
        db.session.commit()
        js_id, pk_id = js.id, pk.id
        opened_after = cards.last_print_id(js)
        barrier, outcomes = threading.Barrier(3), []

        def officer():
            with app.app_context():
                from models import User

                officer_user = db.session.get(User, pk_id)
                held = db.session.get(JobSeeker, js_id)
                held.events  # read before the other request writes: what the form was rendered from
                barrier.wait()
                try:
                    lifecycle.hold_for_change(held)
                    if change == "cetak ulang":
                        cards.reprint(held, officer_user, officer_user, "Kartu hilang di angkot", opened_after=opened_after)
                    else:
                        cards.record_report(held, officer_user)
                    db.session.commit()
                    outcomes.append("tercatat")
                except cards.CardError as exc:
                    db.session.rollback()
                    outcomes.append(str(exc))

        threads = [threading.Thread(target=officer) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(outcomes) == 3 and outcomes.count("tercatat") == 1, outcomes
        db.session.expire_all()
        kind = codes.EV_REPRINTED if change == "cetak ulang" else codes.EV_REPORTED
        assert [e.event for e in db.session.get(JobSeeker, js_id).events].count(kind) == 1


def test_a_reprint_carries_the_reports_already_recorded(login_as, verified, signer, tmp_path):
    js = _printed(verified, signer)
    start = local_today() - timedelta(days=400)
    _backdate(js, start)
    first, second = start + timedelta(days=170), start + timedelta(days=350)
    officer = db.session.get(type(signer), signer.id)
    cards.record_report(js, officer, today=first)
    cards.record_report(js, officer, today=second)
    db.session.commit()
    assert cards.report_dates(db.session.get(JobSeeker, js.id)) == [first, second]
    client, _ = login_as(roles.PENGANTAR_KERJA)
    response = client.post(f"/admin/kartu/kartu/{js.id}/cetak-ulang",
                           data={"signer_id": signer.id, "reason": "Kartu rusak terkena air"})
    assert response.mimetype == "application/pdf"
    pdf = tmp_path / "ulang.pdf"
    pdf.write_bytes(response.get_data())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    rows = [line for line in text.splitlines() if format_date(first, "d MMMM y") in line
            or format_date(second, "d MMMM y") in line]
    # each report date sits on its slot's row, beside that slot's due date
    due = [card_rules.add_months(start, 6), card_rules.add_months(start, 12)]
    assert len(rows) == 2, text
    for row, reported, due_day in zip(rows, (first, second), due):
        assert format_date(due_day, "d MMMM y") in row and format_date(reported, "d MMMM y") in row, row
    ARTIFACTS.mkdir(exist_ok=True)  # for a person to look at (ignored by git)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(ARTIFACTS / "card-reprint")],
                   check=True)


def test_a_card_collected_late_prints_only_the_deadlines_before_it_ends(app, login_as, job_seeker_factory,
                                                                         signer, tmp_path):
    """Registered 17 months ago, collected today: the card ends in seven months, so it asks for one
    report, and the desk is told the validity before printing."""
    registered = card_rules.add_months(local_today(), -17)
    js = job_seeker_factory(full_name="Ayu Terlambat Ambil", registered_on=registered)
    record_event(js, codes.EV_VERIFIED, registered)
    js.status = codes.JS_VERIFIED
    db.session.commit()
    open_today()
    check_in(js)
    last_day = card_rules.valid_until(registered)
    client, _ = login_as(roles.PENGANTAR_KERJA)
    page = client.get(f"/admin/kartu/kartu/{js.id}").get_data(as_text=True)
    assert f"s.d. <strong>{format_date(last_day, 'd MMMM y')}</strong>" in page
    response = client.post(f"/admin/kartu/kartu/{js.id}/cetak", data={"signer_id": signer.id})
    pdf = tmp_path / "kartu.pdf"
    pdf.write_bytes(response.get_data())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    first_due = card_rules.add_months(local_today(), 6)
    assert first_due <= last_day
    assert format_date(first_due, "d MMMM y") in text
    for later in (12, 18, 24):  # after the card's end: not printed
        assert format_date(card_rules.add_months(local_today(), later), "d MMMM y") not in text, later
    page = client.get(f"/admin/kartu/kartu/{js.id}").get_data(as_text=True)
    assert f"Berikutnya paling lambat <strong>{format_date(first_due, 'd MMMM y')}</strong>" in page
    assert "Kartu berakhir" not in page  # one end date on the page: the validity in the heading


def test_the_address_line_leaves_out_what_was_not_given(job_seeker_factory):
    js = job_seeker_factory(address_street="Kp. Sukamaju", rt="003", rw="001", desa="Margasana")
    assert js.address_line == "Kp. Sukamaju RT 003/RW 001, Margasana, Kec. Kramatwatu"
    bare = job_seeker_factory(full_name="Tanpa Alamat")
    bare.address_street = bare.desa = bare.rt = bare.rw = None
    assert bare.address_line == "Kec. Kramatwatu"  # not ", , Kec. Kramatwatu"


def test_report_deadlines_stop_at_the_end_of_the_card():
    start = date(2026, 1, 1)
    last = card_rules.valid_until(start)  # 31 Dec 2027
    # handed over on its first day: four deadlines, the fourth on the card's last valid day (two
    # years on would be the first day it is no longer valid, when no report can be recorded)
    assert card_rules.report_due_dates(start, last) == [date(2026, 7, 1), date(2027, 1, 1), date(2027, 7, 1),
                                                       date(2027, 12, 31)]
    # handed over a few days late: the fourth would fall after the card's end
    assert card_rules.report_due_dates(date(2026, 1, 5), last) == [date(2026, 7, 5), date(2027, 1, 5),
                                                                  date(2027, 7, 5)]
    # handed over 17 months late: one deadline before the card ends
    assert card_rules.report_due_dates(date(2027, 6, 5), last) == [date(2027, 12, 5)]
    assert card_rules.report_due_dates(date(2027, 8, 1), last) == []
    # the next deadline of a card that ends the day before it: its last valid day; later: none
    assert card_rules.card_deadline(date(2026, 9, 26), date(2026, 9, 25)) == date(2026, 9, 25)
    assert card_rules.card_deadline(date(2026, 9, 27), date(2026, 9, 25)) is None


def _printed(verified, signer):
    check_in(verified)
    cards.print_card(verified, signer, signer)
    db.session.commit()
    return verified


def _backdate(js, start):
    """The card as if registered and printed on `start` (the reporting clock runs from the printing)."""
    js.registered_on = js.valid_from = start
    js.valid_until = card_rules.valid_until(start)
    for event in js.events:
        if event.event == codes.EV_PRINTED:
            event.occurred_on = start
    db.session.commit()
    return js


def test_verification_page_for_every_state(app, client, verified, signer):
    js = _printed(verified, signer)
    url = f"/verifikasi/{js.verification_code}"
    page = client.get(url).get_data(as_text=True)
    assert "Kartu berlaku" in page and js.card_number in page and "S***i R***i Ş***ü" in page
    for secret in (js.nik, "Siti", "2001", js.registration_number, "Margasana"):
        assert secret not in page
    assert client.get(url.lower()).status_code == 200  # codes are read back case-insensitively

    js.valid_from = js.registered_on = date(2020, 1, 6)  # period over, sweep not yet run
    js.valid_until = card_rules.valid_until(js.valid_from)
    db.session.commit()
    assert "Kartu sudah kedaluwarsa" in client.get(url).get_data(as_text=True)

    for status, label in ((codes.JS_EXPIRED, "Kartu sudah kedaluwarsa"),
                          (codes.JS_PLACED, "Pemegang sudah bekerja"), (codes.JS_REMOVED, "Kartu dicabut")):
        js.status = status
        db.session.commit()
        assert label in client.get(url).get_data(as_text=True), status
    unknown = client.get("/verifikasi/ABCDE23456")
    assert unknown.status_code == 404 and "Tidak ditemukan" in unknown.get_data(as_text=True)


def test_verification_of_a_closed_card_shows_no_period(app, client, verified, signer, job_seeker_factory):
    """A closed card shows no validity period an employer could read as current; an expired one says
    since when it is not valid (its period ran out), a placed or removed one not when that happened
    (the holder's business)."""
    js = _printed(verified, signer)
    url = f"/verifikasi/{js.verification_code}"
    page = client.get(url).get_data(as_text=True)
    assert "<dt>Berlaku</dt>" in page and 'id="tidak-berlaku-sejak"' not in page
    cards.record_placement(js, signer, employer="PT Nikomas Gemilang", position="Operator", start=date(2026, 11, 2),
                           placement_type="AKL", reported_by="petugas", today=date(2026, 11, 9))
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Pemegang sudah bekerja" in page and "<dt>Berlaku</dt>" not in page
    assert "9 November 2026" not in page and 'id="tidak-berlaku-sejak"' not in page

    other = job_seeker_factory(full_name="Ujang Suryana", sex="L")
    record_event(other, codes.EV_VERIFIED, other.registered_on)
    other = _printed(other, signer)
    other_url = f"/verifikasi/{other.verification_code}"
    record_event(other, codes.EV_EXPIRED, date(2026, 11, 16), removal_reason=card_rules.REMOVAL_EXPIRED)
    db.session.commit()
    page = client.get(other_url).get_data(as_text=True)
    assert "Kartu sudah kedaluwarsa" in page and "<dt>Berlaku</dt>" not in page
    assert re.search(r'<dt>Tidak berlaku sejak</dt><dd id="tidak-berlaku-sejak">16 November 2026</dd>', page)


def test_status_page_says_valid_until_only_for_a_card_in_force(app, client, verified, signer):
    js = _printed(verified, signer)
    until = format_date(js.valid_until, "d MMMM y")
    lookup = {"registration_number": js.registration_number, "birth_date": "2001-05-17"}
    assert f"<dt>Kartu berlaku sampai</dt><dd>{until}</dd>" in client.post("/status", data=lookup).get_data(as_text=True)
    for status in (codes.JS_PLACED, codes.JS_REMOVED):
        js.status = status
        db.session.commit()
        page = client.post("/status", data=lookup).get_data(as_text=True)
        assert "Kartu berlaku sampai" not in page and "tidak berlaku sejak" not in page, status
    # printed eight months ago and never reported: closed for not reporting, before and after the daily sweep
    js.status = codes.JS_PRINTED
    _backdate(js, card_rules.add_months(local_today(), -8))
    closed_on = cards.expiry_of(js).on
    assert closed_on <= local_today()
    shown = f"<dt>Kartu tidak berlaku sejak</dt><dd>{format_date(closed_on, 'd MMMM y')} (tidak melapor)</dd>"
    page = client.post("/status", data=lookup).get_data(as_text=True)
    assert shown in page and "Kartu berlaku sampai" not in page
    # before the sweep the badge and the next step already say what the card is, not "report every 6 months"
    assert '<span class="status-badge" id="status">Kedaluwarsa</span>' in page
    assert "datang ke kantor untuk memperpanjangnya" in page and "Lapor diri setiap 6 bulan" not in page
    assert cards.expire_due() == 1 and db.session.get(JobSeeker, js.id).status == codes.JS_EXPIRED
    page = client.post("/status", data=lookup).get_data(as_text=True)
    never_reached = format_date(js.valid_until, "d MMMM y")
    assert shown in page and never_reached not in page  # not the two-year date the card never reached
    assert '<span class="status-badge" id="status">Kedaluwarsa</span>' in page


def test_a_verification_code_can_be_typed(app, client, verified, signer):
    js = _printed(verified, signer)
    assert "Cek keabsahan kartu" in client.get("/").get_data(as_text=True)
    page = client.get("/verifikasi").get_data(as_text=True)
    assert 'name="kode"' in page and 'method="get"' in page
    typed = f" {js.verification_code[:5].lower()}-{js.verification_code[5:]} "  # as someone might type it
    response = client.get("/verifikasi", query_string={"kode": typed})
    assert response.status_code == 302 and response.location.endswith(f"/verifikasi/{js.verification_code}")
    assert "Kartu berlaku" in client.get(response.location).get_data(as_text=True)
    short = client.get("/verifikasi", query_string={"kode": js.verification_code[:9]})
    assert short.status_code == 200 and "terdiri dari 10 huruf/angka; yang diketik 9" in short.get_data(as_text=True)
    assert "Tidak ditemukan" not in short.get_data(as_text=True)
    empty = client.get("/verifikasi", query_string={"kode": " - "}).get_data(as_text=True)
    assert "Isi kode verifikasi yang tercetak di bawah kode QR kartu." in empty and 'value="-"' in empty
    unknown = client.get("/verifikasi", query_string={"kode": "ABCDE23456"}, follow_redirects=True)
    assert unknown.status_code == 404 and "Tidak ditemukan" in unknown.get_data(as_text=True)
    assert 'name="kode" value="ABCDE23456"' in unknown.get_data(as_text=True)  # back in the form, to correct


def test_verification_is_rate_limited(make_app):
    app = make_app(VERIFICATION_LIMIT="3 per minute")
    with app.app_context():
        client = app.test_client()
        assert [client.get(f"/verifikasi/KODE{i}").status_code for i in range(4)] == [404, 404, 404, 429]


def test_report_slots_fill_in_order_at_the_desk_and_online(app, login_as, verified, signer):
    js = _printed(verified, signer)
    client, officer = login_as(roles.PENGANTAR_KERJA)
    page = client.get(f"/admin/kartu/kartu/{js.id}").get_data(as_text=True)
    assert "return confirm('Catat lapor diri hari ini?" in page  # one slot of four, never undone
    same_day = client.post(f"/admin/kartu/kartu/{js.id}/lapor", follow_redirects=True).get_data(as_text=True)
    assert "Kartu ini baru diserahkan hari ini. Lapor diri pertama dicatat paling cepat besok." in same_day
    assert cards.reports_in_period(db.session.get(JobSeeker, js.id)) == 0
    for event in db.session.get(JobSeeker, js.id).events:  # handed over three weeks ago
        if event.event == codes.EV_PRINTED:
            event.occurred_on = local_today() - timedelta(days=21)
    db.session.commit()
    client.post(f"/admin/kartu/kartu/{js.id}/lapor")
    twice = client.post(f"/admin/kartu/kartu/{js.id}/lapor", follow_redirects=True)
    assert "Lapor diri hari ini sudah tercatat." in twice.get_data(as_text=True)
    # Earlier reports shift to the past so the next ones can be made "today".
    for event in db.session.get(JobSeeker, js.id).events:
        if event.event == codes.EV_REPORTED:
            event.occurred_on = local_today() - timedelta(days=10)
    db.session.commit()

    citizen = app.test_client()
    start = citizen.post("/lapor", data={"registration_number": js.registration_number, "birth_date": "2001-05-17"})
    assert start.status_code == 303
    form = citizen.get("/lapor/isi").get_data(as_text=True)
    assert "Sudah lapor 1 dari 4 kali" in form
    done = citizen.post("/lapor/isi", data={"outcome": "mencari"}, follow_redirects=True).get_data(as_text=True)
    assert f"Lapor diri ke-2 tercatat pada {format_date(local_today(), 'd MMMM y')}. Terima kasih." in done
    slots = [(e.report_slot, e.recorded_by_id) for e in db.session.get(JobSeeker, js.id).events
             if e.event == codes.EV_REPORTED]
    assert slots == [(1, officer.id), (2, None)]

    for event in db.session.get(JobSeeker, js.id).events:
        if event.event == codes.EV_REPORTED:
            event.occurred_on -= timedelta(days=1)
    db.session.commit()
    assert cards.record_report(db.session.get(JobSeeker, js.id), officer, today=local_today()) == 3
    db.session.commit()
    cards.record_report(db.session.get(JobSeeker, js.id), officer, today=local_today() + timedelta(days=1))
    with pytest.raises(cards.CardError, match="Keempat kolom"):
        cards.record_report(db.session.get(JobSeeker, js.id), officer, today=local_today() + timedelta(days=2))


def test_card_page_shows_who_the_card_is_for_so_the_desk_can_check_the_ktp(app, login_as, verified,
                                                                           job_seeker_factory):
    client, _ = login_as(roles.PENGANTAR_KERJA)
    page = client.get(f"/admin/kartu/kartu/{verified.id}").get_data(as_text=True)
    assert "Cocokkan dengan KTP" in page
    assert verified.nik in page and format_date(date(2001, 5, 17), "d MMMM y") in page  # 17 Mei 2001
    assert "Perempuan" in page and "Kp. Sukamaju" in page and "Margasana" in page
    photo_url = f"/admin/kartu/kartu/{verified.id}/foto"
    assert f'src="{photo_url}"' in page
    response = client.get(photo_url)
    assert response.mimetype == "image/jpeg" and response.headers["Cache-Control"] == "no-store"
    assert Image.open(io.BytesIO(response.get_data())).size == (300, 400)
    assert db.session.scalar(select(AuditLog).where(AuditLog.summary == "foto, meja kartu",
                                                    AuditLog.object_id == str(verified.id)))
    no_photo = job_seeker_factory(full_name="Tanpa Foto", birth_date=date(1999, 2, 3))
    assert "Belum ada foto" in client.get(f"/admin/kartu/kartu/{no_photo.id}").get_data(as_text=True)
    assert client.get(f"/admin/kartu/kartu/{no_photo.id}/foto").status_code == 404
    for role in (roles.PIMPINAN, roles.MEDIATOR, roles.ADMIN):  # not the card desk's roles
        other, _ = login_as(role)
        assert other.get(photo_url).status_code == 403, role
    anonymous = app.test_client().get(photo_url)
    assert anonymous.status_code == 302 and anonymous.location.startswith("/masuk")


def test_a_registration_not_yet_verified_is_verified_from_the_card_page_and_comes_back_to_print(
        app, login_as, job_seeker_factory, signer):
    js = job_seeker_factory(full_name="Dede Belum Diperiksa", birth_date=date(1999, 2, 3))
    assert js.status == codes.JS_SUBMITTED
    open_today()
    check_in(js)
    client, _ = login_as(roles.PELAYANAN)
    page = client.get(f"/admin/kartu/kartu/{js.id}").get_data(as_text=True)
    assert "Pendaftaran ini belum diverifikasi." in page and "Cetak kartu (PDF)" not in page
    review_url = f"/admin/verifikasi/periksa/{js.id}?dari=kartu"
    assert f'href="{review_url}"' in page
    review = client.get(review_url).get_data(as_text=True)
    assert "Kembali ke meja kartu" in review and 'name="kembali" value="kartu"' in review
    response = client.post(f"/admin/verifikasi/periksa/{js.id}/verifikasi", data={"kembali": "kartu"})
    assert response.status_code == 302 and response.location.endswith(f"/admin/kartu/kartu/{js.id}")
    # the message waiting in the session cookie does not say whose registration it was
    session = app.session_interface.get_signing_serializer(app).loads(client.get_cookie("session").value)
    assert "Pendaftaran diverifikasi." in str(session) and js.registration_number not in str(session)
    page = client.get(response.location).get_data(as_text=True)
    assert "Pendaftaran diverifikasi." in page and "Cetak kartu (PDF)" in page
    assert db.session.get(JobSeeker, js.id).status == codes.JS_VERIFIED
    # from the verification queue, verifying goes back to the queue as before
    other = job_seeker_factory(full_name="Rina Dari Antrean", birth_date=date(1998, 1, 2))
    response = client.post(f"/admin/verifikasi/periksa/{other.id}/verifikasi")
    assert response.location.endswith("/admin/verifikasi/")


def test_card_desk_search_opens_the_one_card_it_finds(login_as, verified, signer):
    js = _printed(verified, signer)
    client, _ = login_as(roles.PENGANTAR_KERJA)
    grouped = [f"{js.nik[:4]} {js.nik[4:8]} {js.nik[8:12]} {js.nik[12:]}", f"{js.nik[:6]}-{js.nik[6:12]}-{js.nik[12:]}"]
    for typed in (js.card_number, js.card_number.replace("-", " "), js.registration_number.lower(), js.nik, *grouped):
        response = client.post("/admin/kartu/", data={"q": typed})
        assert response.status_code == 303 and response.location.endswith(f"/admin/kartu/kartu/{js.id}"), typed
    missing = client.post("/admin/kartu/", data={"q": "3604 2020 999999"}, follow_redirects=True)
    assert "Tidak ada pendaftaran dengan nomor itu." in missing.get_data(as_text=True)


def test_lapor_also_finds_the_card_by_the_number_printed_large_on_it(app, client, verified, signer):
    js = _printed(verified, signer)
    page = client.get("/lapor").get_data(as_text=True)
    assert "atau nomor kartu (3604-…)" in page
    typed = js.card_number.replace("-", " ")  # "3604 2026 000001", as read off the card
    response = client.post("/lapor", data={"registration_number": typed, "birth_date": "2001-05-17"})
    assert response.status_code == 303 and response.location.endswith("/lapor/isi")
    other = app.test_client()
    wrong_birth = other.post("/lapor", data={"registration_number": js.card_number, "birth_date": "2001-05-18"})
    assert "tidak cocok dengan data kami" in wrong_birth.get_data(as_text=True)
    assert card_rules.normalise_card_number("AK1-3604-2026-000001") is None  # a registration number is not one


def test_holder_reports_placement_online(app, client, verified, signer):
    from services import registration

    js = _printed(verified, signer)
    code = registration.new_access_code()
    js.access_code_hash = registration.hash_access_code(code)
    db.session.commit()
    client.post("/lapor", data={"registration_number": js.registration_number, "birth_date": "2001-05-17"})
    page = client.post("/lapor/isi", data={"outcome": "bekerja"}).get_data(as_text=True)
    assert "Isi nama perusahaan." in page and "Isi tanggal mulai bekerja." in page
    assert "isi kode akses Anda" in page  # closing a card needs the secret from the receipt
    start = local_today() - timedelta(days=3)
    placement = {"outcome": "bekerja", "employer": "PT Nikomas Gemilang", "position": "Operator jahit",
                 "start": start.isoformat(), "placement_type": "AKL"}
    # a start date in the future is answered at its field, with everything typed kept
    future = (local_today() + timedelta(days=5)).isoformat()
    page = client.post("/lapor/isi", data=dict(placement, start=future, access_code=code)).get_data(as_text=True)
    field = page[page.index('for="start"'):page.index('for="placement_type"')]
    assert "Tanggal mulai bekerja tidak boleh di masa depan" in field and f'value="{future}"' in field
    assert 'value="PT Nikomas Gemilang"' in page and db.session.get(JobSeeker, js.id).status == codes.JS_PRINTED
    wrong = client.post("/lapor/isi", data=dict(placement, access_code="AAAAA-BBBBB")).get_data(as_text=True)
    assert "Kode akses tidak cocok" in wrong and db.session.get(JobSeeker, js.id).status == codes.JS_PRINTED
    done = client.post("/lapor/isi", data=dict(placement, access_code=code), follow_redirects=True)
    assert "Penempatan kerja Anda tercatat" in done.get_data(as_text=True)
    js = db.session.get(JobSeeker, js.id)
    placed = next(e for e in js.events if e.event == codes.EV_PLACED)
    assert js.status == codes.JS_PLACED
    # dated on the day it is reported (months already sent keep their figures); the start date is kept
    assert (placed.event, placed.occurred_on, placed.placement_start, placed.placement_type,
            placed.employer_name) == (codes.EV_PLACED, local_today(), start, "AKL", "PT Nikomas Gemilang")
    assert "Pemegang sudah bekerja" in client.get(f"/verifikasi/{js.verification_code}").get_data(as_text=True)
    again = client.post("/lapor", data={"registration_number": js.registration_number, "birth_date": "2001-05-17"})
    assert "hanya untuk kartu yang berlaku" in again.get_data(as_text=True)


def test_report_form_says_when_the_deadline_has_passed_and_when_the_card_closes(app, client, verified, signer):
    js = _printed(verified, signer)
    client.post("/lapor", data={"registration_number": js.registration_number, "birth_date": "2001-05-17"})
    page = client.get("/lapor/isi").get_data(as_text=True)
    due = cards.next_report_due(db.session.get(JobSeeker, js.id))
    assert due >= local_today() and 'id="lapor-terlambat"' not in page
    assert "Lapor berikutnya paling lambat" in page
    # the card was printed seven months ago and never reported: late, still within the grace days
    js = _backdate(db.session.get(JobSeeker, js.id), card_rules.add_months(local_today(), -6) - timedelta(days=10))
    due = cards.next_report_due(js)
    last_chance = cards.expiry_of(js).on - timedelta(days=1)
    assert due < local_today() <= last_chance
    page = client.get("/lapor/isi").get_data(as_text=True)
    notice = page[page.index('id="lapor-terlambat"'):]
    notice = notice[:notice.index("</div>")]
    assert f"Batas lapor <strong>{format_date(due, 'd MMMM y')}</strong> sudah lewat." in notice
    assert (f"Segera lapor diri: kartu akan kedaluwarsa bila sampai tanggal {format_date(last_chance, 'd MMMM y')} "
            "Anda belum lapor diri.") in notice
    assert "Lapor berikutnya paling lambat" not in page
    done = client.post("/lapor/isi", data={"outcome": "mencari"}, follow_redirects=True).get_data(as_text=True)
    assert "Lapor diri ke-1 tercatat" in done


def test_a_card_past_its_last_day_is_not_offered_the_report_form_before_the_daily_sweep(app, client, verified,
                                                                                        signer):
    js = _printed(verified, signer)
    lookup = {"registration_number": js.registration_number, "birth_date": "2001-05-17"}
    assert client.post("/lapor", data=lookup).status_code == 303  # in force: the form opens
    js = _backdate(db.session.get(JobSeeker, js.id), card_rules.add_months(local_today(), -8))  # never reported
    closed_on = format_date(cards.expiry_of(js).on, "d MMMM y")
    message = f"Kartu ini tidak berlaku lagi sejak {closed_on} (tidak melapor)"
    page = client.get("/lapor/isi", follow_redirects=True).get_data(as_text=True)  # the form open meanwhile
    assert message in page and 'name="outcome"' not in page
    page = client.post("/lapor", data=lookup).get_data(as_text=True)
    assert page.count(message) == 1 and 'id="registration_number-error"' in page
    assert db.session.get(JobSeeker, js.id).status == codes.JS_PRINTED  # the sweep's job, not the form's


def test_an_opened_report_form_closes_after_thirty_minutes(app, client, verified, signer):
    """On a shared computer the next person does not find someone's card open."""
    js = _printed(verified, signer)
    client.post("/lapor", data={"registration_number": js.registration_number, "birth_date": "2001-05-17"})
    assert client.get("/lapor/isi").status_code == 200
    with client.session_transaction() as session:
        assert session["reporting"]["until"] - time.time() == pytest.approx(30 * 60, abs=60)
        session["reporting"] = {**session["reporting"], "until": time.time() + 60}  # 29 minutes later
    assert client.get("/lapor/isi").status_code == 200  # each page or answer gives it another 30 minutes
    with client.session_transaction() as session:
        assert session["reporting"]["until"] - time.time() == pytest.approx(30 * 60, abs=60)
        session["reporting"] = {**session["reporting"], "until": time.time() + 60}
    page = client.post("/lapor/isi", data={"outcome": "bekerja"}).get_data(as_text=True)  # an answer with a slip
    assert "Isi nama perusahaan." in page
    with client.session_transaction() as session:
        assert session["reporting"]["until"] - time.time() == pytest.approx(30 * 60, abs=60)
        session["reporting"] = {**session["reporting"], "until": time.time() - 1}
    response = client.get("/lapor/isi")
    assert response.status_code == 302 and response.location.endswith("/lapor")
    assert "Waktu lapor diri habis" in client.get("/lapor").get_data(as_text=True)
    assert client.post("/lapor/isi", data={"outcome": "mencari"}).status_code == 302
    assert cards.reports_in_period(db.session.get(JobSeeker, js.id)) == 0


def test_staff_record_employer_reported_placement_abroad(login_as, verified, signer):
    js = _printed(verified, signer)
    client, _ = login_as(roles.PELAYANAN)
    # a start date in the future first: refused at its field, with everything typed still there
    future_day = (local_today() + timedelta(days=5)).isoformat()
    refused = client.post(f"/admin/kartu/kartu/{js.id}/bekerja", data={
        "employer": "Sakura Kogyo K.K.", "position": "Welder", "start": future_day, "placement_type": "AKAN",
        "reported_by": "pemberi_kerja"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="penempatan-galat">Tanggal mulai bekerja tidak boleh di masa depan' in page
    for kept in ('value="Sakura Kogyo K.K."', 'value="Welder"', f'value="{future_day}"', 'value="AKAN" selected',
                 'value="pemberi_kerja" selected'):
        assert kept in page, kept
    assert db.session.get(JobSeeker, js.id).status == codes.JS_PRINTED
    assert "return confirm('Catat penempatan kerja?" in page and "return confirm('Keluarkan pendaftaran ini" in page
    start = local_today() - timedelta(days=20)
    client.post(f"/admin/kartu/kartu/{js.id}/bekerja", data={
        "employer": "Sakura Kogyo K.K.", "position": "Welder", "start": start.isoformat(), "placement_type": "AKAN",
        "reported_by": "pemberi_kerja"})
    placed = next(e for e in db.session.get(JobSeeker, js.id).events if e.event == codes.EV_PLACED)
    assert (placed.placement_type, placed.note) == ("AKAN", "Dilaporkan oleh pemberi kerja")
    future = client.post(f"/admin/kartu/kartu/{js.id}/bekerja", data={
        "employer": "X", "start": (local_today() + timedelta(days=5)).isoformat(), "placement_type": "AKL"},
        follow_redirects=True)
    assert "Penempatan hanya dicatat" in future.get_data(as_text=True)


def test_expiry_is_dated_when_the_card_stopped_being_valid(app, verified, signer):
    js = _backdate(_printed(verified, signer), date(2024, 1, 10))
    # No report: overdue six months + 30 days grace after the start.
    assert cards.expire_due(today=date(2024, 8, 9)) == 0
    assert cards.expire_due(today=date(2024, 8, 10)) == 1
    js = db.session.get(JobSeeker, js.id)
    expired = next(e for e in js.events if e.event == codes.EV_EXPIRED)
    assert (js.status, expired.event, expired.occurred_on, expired.removal_reason) == (
        codes.JS_EXPIRED, codes.EV_EXPIRED, date(2024, 8, 10), "tidak_lapor")


def test_card_with_all_reports_expires_after_two_years_and_can_be_renewed(app, login_as, verified, signer):
    js = _printed(verified, signer)
    start = date(2023, 3, 1)
    js.registered_on = js.valid_from = start
    js.valid_until = card_rules.valid_until(start)
    for slot, day in enumerate((date(2023, 8, 1), date(2024, 1, 15), date(2024, 7, 1), date(2024, 12, 20)), 1):
        record_event(js, codes.EV_REPORTED, day, report_slot=slot)
    db.session.commit()
    assert js.valid_until == date(2025, 2, 28)
    assert cards.expire_due(today=date(2025, 2, 28)) == 0
    assert cards.expire_due(today=date(2025, 3, 1)) == 1
    js = db.session.get(JobSeeker, js.id)
    expired = next(e for e in js.events if e.event == codes.EV_EXPIRED)
    assert (expired.occurred_on, expired.removal_reason) == (date(2025, 3, 1), "masa_berlaku_habis")

    client, _ = login_as(roles.PENGANTAR_KERJA)
    client.post(f"/admin/kartu/kartu/{js.id}/perpanjang")
    js = db.session.get(JobSeeker, js.id)
    today = local_today()
    assert js.status == codes.JS_PRINTED and js.events[-1].event == codes.EV_RENEWED
    assert (js.valid_from, js.valid_until) == (today, card_rules.add_months(today, 24) - timedelta(days=1))
    assert cards.reports_in_period(js) == 0  # four new report slots


def test_an_expired_card_whose_holder_registered_again_is_not_renewed_or_booked(app, client, login_as, verified,
                                                                               signer, job_seeker_factory):
    """One active registration per NIK: the holder comes with the new one."""
    from services import queue as queue_service
    from tests.queue_helpers import bookable_day

    old = _printed(verified, signer)
    record_event(old, codes.EV_EXPIRED, local_today(), removal_reason=card_rules.REMOVAL_EXPIRED)
    db.session.commit()
    again = job_seeker_factory(full_name=old.full_name, sex=old.sex, birth_date=old.birth_date, nik=old.nik)
    officer, _ = login_as(roles.PENGANTAR_KERJA)
    page = officer.post(f"/admin/kartu/kartu/{old.id}/perpanjang", follow_redirects=True).get_data(as_text=True)
    assert f"Pemegang kartu ini sudah mendaftar lagi ({again.registration_number}, diajukan)" in page
    assert db.session.get(JobSeeker, old.id).status == codes.JS_EXPIRED

    day = bookable_day()
    queue_service.ensure_days([day])
    with pytest.raises(queue_service.NotEligible, match=f"sudah mendaftar lagi dengan nomor {again.registration_number}"):
        queue_service.reserve(db.session.get(JobSeeker, old.id), day, key="kartu-lama")
    # the desk, given the NIK, finds the new registration
    assert queue_service.registration_for_desk(old.nik).id == again.id


def test_the_desk_finds_a_renewable_card_before_a_refused_registration(app, verified, signer, job_seeker_factory):
    from services import queue as queue_service

    old = _printed(verified, signer)
    record_event(old, codes.EV_EXPIRED, local_today(), removal_reason=card_rules.REMOVAL_EXPIRED)
    refused = job_seeker_factory(full_name=old.full_name, sex=old.sex, birth_date=old.birth_date, nik=old.nik,
                                 registered_on=local_today())  # newer than the card
    record_event(refused, codes.EV_REJECTED, local_today(), note="Ganda")
    db.session.commit()
    assert queue_service.registration_for_desk(old.nik).id == old.id


def test_a_card_lapsed_for_not_reporting_can_be_renewed_before_the_daily_sweep(app, login_as, verified, signer):
    """The holder told "datang ke kantor untuk memperpanjangnya" is not turned away because the
    nightly sweep has not run: the lapse is recorded as the sweep would have, then the card renewed."""
    js = _backdate(_printed(verified, signer), card_rules.add_months(local_today(), -8))  # never reported
    lapse = cards.lapsed(js)
    assert js.status == codes.JS_PRINTED and lapse.reason == "tidak_lapor" and lapse.on < local_today()
    client, _ = login_as(roles.PENGANTAR_KERJA)
    card = client.get(f"/admin/kartu/kartu/{js.id}").get_data(as_text=True)
    assert "Perpanjang 2 tahun" in card and "cetak ulang kartu" in card
    # the page says the card has lapsed (not that it will), and offers no report
    assert (f"Kartu tidak berlaku lagi sejak {format_date(lapse.on, 'd MMMM y')} (tidak melapor)."
            in card) and "Bila tidak lapor diri" not in card and "Catat lapor diri hari ini" not in card
    client.post(f"/admin/kartu/kartu/{js.id}/perpanjang")
    js = db.session.get(JobSeeker, js.id)
    assert [(e.event, e.occurred_on, e.removal_reason) for e in js.events
            if e.event in (codes.EV_EXPIRED, codes.EV_RENEWED)] == [(codes.EV_EXPIRED, lapse.on, "tidak_lapor"),
                                                                    (codes.EV_RENEWED, local_today(), None)]
    assert js.status == codes.JS_PRINTED and js.valid_from == local_today() and cards.lapsed(js) is None
    assert cards.expire_due() == 0  # nothing left for the sweep


def test_lapsed_reads_the_latest_expiry_and_claims_nothing_without_one(app, verified, signer):
    js = _printed(verified, signer)
    assert cards.lapsed(js) is None  # in force
    js.status = codes.JS_EXPIRED  # imported data: expired, but no record of when or why
    db.session.commit()
    assert cards.lapsed(js) is None
    js.status = codes.JS_PRINTED
    record_event(js, codes.EV_EXPIRED, date(2024, 3, 1), removal_reason="tidak_lapor")
    record_event(js, codes.EV_RENEWED, date(2024, 4, 2))
    record_event(js, codes.EV_EXPIRED, date(2026, 4, 2), removal_reason="masa_berlaku_habis")
    db.session.commit()
    assert js.status == codes.JS_EXPIRED
    assert cards.lapsed(js) == card_rules.Expiry(date(2026, 4, 2), "masa_berlaku_habis")


def test_a_card_collected_months_after_registering_starts_its_reporting_clock_when_printed(app, verified, signer):
    """Registered online eight months ago, verified, collected today: the holder could not report
    without the card, so the first report is due six months from today, and the night's sweep
    leaves the new card alone (it used to close it as 'tidak melapor' on the day it was printed)."""
    registered = card_rules.add_months(local_today(), -8)
    verified.registered_on = registered
    db.session.commit()
    js = _printed(verified, signer)
    assert js.valid_from == registered and js.valid_until == card_rules.valid_until(registered)  # 2 years
    assert cards.lapsed(js) is None
    assert cards.next_report_due(js) == card_rules.report_due(local_today())
    assert cards.expire_due() == 0 and db.session.get(JobSeeker, js.id).status == codes.JS_PRINTED


def test_no_report_is_due_once_the_four_slots_are_full(app, verified, signer):
    js = _printed(verified, signer)
    for slot in range(1, 5):  # one report a day (an event per person per day)
        record_event(js, codes.EV_REPORTED, local_today() + timedelta(days=slot), report_slot=slot)
    db.session.commit()
    assert cards.next_report_due(js) is None  # the card's own end date is what comes next


def test_renewal_is_refused_early(login_as, verified, signer):
    js = _printed(verified, signer)
    js.valid_from = js.registered_on = local_today()
    js.valid_until = card_rules.valid_until(js.valid_from)
    db.session.commit()
    client, _ = login_as(roles.PENGANTAR_KERJA)
    card = client.get(f"/admin/kartu/kartu/{js.id}").get_data(as_text=True)
    assert "Perpanjang 2 tahun" not in card and "mulai enam bulan sebelum kartu berakhir" in card  # no dead button
    page = client.post(f"/admin/kartu/kartu/{js.id}/perpanjang", follow_redirects=True).get_data(as_text=True)
    assert "Perpanjangan hanya untuk kartu yang kedaluwarsa" in page


def test_removal_records_the_reason(login_as, verified, signer):
    js = _printed(verified, signer)
    client, _ = login_as(roles.PENGANTAR_KERJA)
    page = client.get(f"/admin/kartu/kartu/{js.id}").get_data(as_text=True)
    assert '<option value="">— pilih alasan —</option>' in page  # no reason chosen for the officer
    refused = client.post(f"/admin/kartu/kartu/{js.id}/keluarkan", data={"reason": ""}, follow_redirects=True)
    assert "Pilih alasan dikeluarkan." in refused.get_data(as_text=True)
    assert db.session.get(JobSeeker, js.id).status == codes.JS_PRINTED
    client.post(f"/admin/kartu/kartu/{js.id}/keluarkan", data={"reason": "pindah_domisili", "note": "Pindah ke Lebak"})
    js = db.session.get(JobSeeker, js.id)
    assert (js.status, js.events[-1].removal_reason, js.events[-1].note) == (
        codes.JS_REMOVED, "pindah_domisili", "Pindah ke Lebak")


def test_bkk_batch_prints_only_the_graduates_ticked_present(login_as, bkk_factory, job_seeker_factory, signer,
                                                            tmp_path):
    bkk = bkk_factory("20600777", "SMK Negeri 7 Kibin")
    grads = []
    for i, name in enumerate(("Ahmad Fauzan", "Nur Aini", "Cecep Gunawan")):
        js = job_seeker_factory(full_name=name, sex="P" if name == "Nur Aini" else "L",
                                birth_date=date(2007, 1, 10 + i), bkk=bkk)
        record_event(js, codes.EV_VERIFIED, js.registered_on)
        grads.append(js)
    db.session.commit()
    client, _ = login_as(roles.PENGANTAR_KERJA)
    page = client.get(f"/admin/kartu/bkk?bkk_id={bkk.id}").get_data(as_text=True)
    assert all(name in page for name in ("Ahmad Fauzan", "Nur Aini", "Cecep Gunawan"))
    response = client.post("/admin/kartu/bkk", data={"bkk_id": bkk.id, "print": "1", "signer_id": signer.id,
                                                     "present": [grads[0].id, grads[2].id]})
    assert response.mimetype == "application/pdf"
    pdf = tmp_path / "rombongan.pdf"
    pdf.write_bytes(response.get_data())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+2", info)
    statuses = [db.session.get(JobSeeker, js.id).status for js in grads]
    assert statuses == [codes.JS_PRINTED, codes.JS_VERIFIED, codes.JS_PRINTED]
    assert "rombongan BKK SMK Negeri 7 Kibin" in db.session.get(JobSeeker, grads[0].id).events[-1].note


def date_id(day: date) -> str:
    """"23 November 2026", as the card prints it."""
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale="id")


def test_card_batch_lays_the_printed_form_under_every_card_and_keeps_long_text_in_place(
        app, job_seeker_factory, signer, make_user, tmp_path):
    """The form (header, labels, notes, the date and the signing officer) is drawn once as a form
    object under every page; each card keeps to one page however long its texts; a changed office
    name, another officer or another day is printed at once."""
    from services.card_pdf import render_cards

    long_skills = ", ".join(["Microsoft Excel", "kasir", "menjahit", "mengemudi SIM A", "las listrik",
                             "bahasa Inggris aktif", "desain grafis", "operator forklift"] * 3)
    people = [
        job_seeker_factory(full_name="Ahmad Fauzan", sex="L", birth_date=date(2000, 1, 10)),
        job_seeker_factory(full_name="Raden Ajeng Siti Rahmawati Kusumaningrum Şükrü Wibowo Hadiningrat",
                           birth_date=date(2001, 2, 11), skills=long_skills,
                           address_street="Jl. Raya Serang–Cilegon KM 12, Perumahan Griya Permata Asri Blok "
                                          "C-17 No. 123, dekat Masjid Al-Ikhlas", desa="Margasana"),
        job_seeker_factory(full_name="Cecep Gunawan", sex="L", birth_date=date(1999, 3, 12)),
    ]
    people[2].birth_place = "Kabupaten Kepulauan Seribu Utara, DKI Jakarta Raya"
    for k, js in enumerate(people):
        js.card_number, js.verification_code = f"3604-2026-00090{k}", f"UJIKARTU{k:02d}"
        js.valid_from, js.valid_until = js.registered_on, card_rules.valid_until(js.registered_on)
    pdf = tmp_path / "kartu.pdf"
    pdf.write_bytes(render_cards(people, signer, local_today()))

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+3", info)
    for page, js in enumerate(people, start=1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        for expected in ("PEMERINTAH KABUPATEN SERANG", "LAPOR DIRI", "Nama lengkap", "Perhatian:",
                         "DITERIMA BEKERJA DI", js.card_number, js.nik, js.verification_code, "Yanti Nurhasanah"):
            assert expected in flat, (page, expected)
        assert " ".join(js.full_name.split()) in flat, page
    assert "operator forklift" in subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"],
                                                 capture_output=True, text=True, check=True).stdout
    raw = pdf.read_bytes()
    assert raw.count(b"/Subtype /Form") == 1 and raw.count(b"/AK1Form Do") == 1  # one form, one shared call

    db.session.add(Setting(key="office.name", value="Dinas Uji Coba Kabupaten Serang"))
    db.session.commit()
    again = tmp_path / "kartu2.pdf"
    again.write_bytes(render_cards([people[0]], signer, local_today()))
    text = subprocess.run(["pdftotext", str(again), "-"], capture_output=True, text=True, check=True).stdout
    assert "DINAS UJI COBA KABUPATEN SERANG" in text
    assert f"Serang, {date_id(local_today())}" in " ".join(text.split())

    other = make_user(roles.PENGANTAR_KERJA, username="pk_dedi", full_name="Dedi Supriadi, S.E.",
                      nip="197501012000031002")
    tomorrow = local_today() + timedelta(days=1)
    third = tmp_path / "kartu3.pdf"
    third.write_bytes(render_cards([people[0]], other, tomorrow))
    flat = " ".join(subprocess.run(["pdftotext", str(third), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Dedi Supriadi, S.E." in flat and "NIP 197501012000031002" in flat
    assert f"Serang, {date_id(tomorrow)}" in flat
    assert "Yanti Nurhasanah" not in flat


def test_a_batch_of_more_than_100_cards_keeps_every_photo(app, job_seeker_factory, signer, tmp_path):
    """xhtml2pdf's resource policy reads at most 100 files per document by default and leaves the
    rest out without an error: a BKK batch of 101 must still carry 101 photos."""
    from services.card_pdf import render_cards

    people = []
    for k in range(101):
        js = job_seeker_factory(full_name=f"Lulusan {k:03d}", sex="L", birth_date=date(2006, 1, 1 + k % 28))
        js.photo_file = photos.store(app.config["UPLOAD_DIR"],
                                     photos.process(photo_samples.jpeg(300 + k % 2, 400)))
        js.card_number, js.verification_code = f"3604-2026-{k:06d}", f"BATCH{k:05d}"
        js.valid_from, js.valid_until = js.registered_on, card_rules.valid_until(js.registered_on)
        people.append(js)
    pdf = tmp_path / "rombongan.pdf"
    pdf.write_bytes(render_cards(people, signer, local_today()))
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    photos_per_page = [line.split()[0] for line in images.splitlines()[2:] if " jpeg " in line]
    assert photos_per_page == [str(page) for page in range(1, 102)]


def test_card_rules():
    assert card_rules.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert card_rules.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert card_rules.valid_until(date(2026, 11, 23)) == date(2028, 11, 22)
    assert card_rules.next_report_slot(0) == 1 and card_rules.next_report_slot(4) is None
    e = card_rules.expiry(date(2026, 1, 10), date(2026, 6, 1), grace_days=0)
    assert (e.on, e.reason) == (date(2026, 12, 2), "tidak_lapor")


def test_grace_period_is_a_setting(app, verified, signer):
    js = _backdate(_printed(verified, signer), date(2024, 1, 10))
    db.session.add(Setting(key="ak1.report_grace_days", value="0"))
    db.session.commit()
    assert cards.expire_due(today=date(2024, 7, 11)) == 1


def test_a_late_placement_report_leaves_months_already_reported_unchanged(verified, signer):
    """Registered on the first of last month; the job started then too but is only reported today:
    last month's IPK figures (perhaps already sent to the province) stay as they were."""
    from services import reports

    js = _printed(verified, signer)
    last_month = js.registered_on
    before = reports.iii_1(last_month).total.by_sex["P"]
    cards.record_placement(js, signer, employer="PT Nikomas Gemilang", position=None, start=last_month,
                           placement_type="AKL", reported_by="petugas")
    db.session.commit()
    after = reports.iii_1(last_month).total.by_sex["P"]
    assert after == before and before.placed == 0
    this_month = reports.iii_1(local_today()).total.by_sex["P"]
    assert this_month.placed == 1 and this_month.remaining == 0


def test_the_card_prints_each_school_once_with_its_major_and_year(verified):
    from models import JobSeekerEducation

    verified.education = [
        JobSeekerEducation(level="SMK", school="SMK Negeri 1 Kramatwatu", major="Akuntansi", graduation_year=2019),
        JobSeekerEducation(level="D3", school="Politeknik Serang", major=None, graduation_year=2022)]
    db.session.commit()
    # newest first, as the relationship orders them
    assert verified.education_line == "D3 Politeknik Serang (2022); SMK Negeri 1 Kramatwatu – Akuntansi (2019)"
    verified.education = []
    db.session.commit()
    assert verified.education_line == "SMK"  # no history: the highest level from the form


def test_demo_cards_verify_and_are_numbered_as_the_desk_numbers_them(app, client):
    """`make demo` is how the office tries every screen: its printed cards must verify, and the
    desk must be able to print more without a clash of card numbers."""
    import demo_data
    from domain import card as card_rules

    demo_data.fill(job_seekers=60, seed=3)
    printed = db.session.scalars(select(JobSeeker).where(JobSeeker.card_number.is_not(None))).all()
    assert printed
    for js in printed:
        assert js.card_number == card_rules.card_number(int(js.card_number.split("-")[1]), js.id)
    for js in printed[:5]:  # (the page is rate-limited per address)
        page = client.get(f"/verifikasi/{js.verification_code}")
        assert page.status_code == 200 and "Tidak ditemukan" not in page.get_data(as_text=True), js.id


def test_a_registration_whose_card_was_never_printed_lapses_after_two_years(app, client, job_seeker_factory):
    """DOMAIN §1: valid two years from registration. One verified and never collected, one still
    waiting for a correction: both leave the register on the day their two years end, and the IPK
    report counts them out in that month, not before."""
    from services import reports

    collected_late = job_seeker_factory(registered_on=date(2024, 9, 14))
    record_event(collected_late, codes.EV_VERIFIED, date(2024, 9, 16))
    waiting = job_seeker_factory(full_name="Dewi Anggraini", registered_on=date(2024, 10, 3))
    record_event(waiting, codes.EV_CORRECTION_REQUESTED, date(2024, 10, 4))
    recent = job_seeker_factory(full_name="Rina Marlina", registered_on=date(2025, 1, 6))
    db.session.commit()

    assert cards.expire_due(today=date(2026, 9, 13)) == 0
    assert cards.expire_due(today=date(2026, 9, 14)) == 1
    assert cards.expire_due(today=date(2026, 12, 6)) == 1
    for js, ends in ((collected_late, date(2026, 9, 14)), (waiting, date(2026, 10, 3))):
        js = db.session.get(JobSeeker, js.id)
        removal = js.events[-1]
        assert (js.status, removal.event, removal.occurred_on, removal.removal_reason) == (
            codes.JS_REMOVED, codes.EV_REMOVED, ends, card_rules.REMOVAL_EXPIRED)
    assert db.session.get(JobSeeker, recent.id).status == codes.JS_SUBMITTED

    september, october = reports.iii_1(date(2026, 9, 1)).total, reports.iii_1(date(2026, 10, 1)).total
    assert sum(f.removed for f in september.by_sex.values()) == 1
    assert sum(f.removed for f in october.by_sex.values()) == 1
    assert sum(f.remaining for f in october.by_sex.values()) == 1  # only the 2025 registration

    page = client.post("/status", data={"registration_number": waiting.registration_number,
                                        "birth_date": "2001-05-17"}).get_data(as_text=True)
    assert "dua tahun berlalu sejak mendaftar tanpa kartu AK-1 diambil" in page
    assert "silakan mendaftar lagi" in page
