"""Public pages of the AK-1 card: verification by QR code, and the holder's six-monthly report."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import format_date
from sqlalchemy import select
from wtforms import DateField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

import audit
from domain import card as card_rules
from domain import codes
from domain.people import mask_name
from extensions import db
from ratelimit import limit
from services.job_seekers import TransitionError, hold_for_change
from forms_base import AppForm
from models import JobSeeker
from public.forms import LookupForm
from public.routes import CORRECTION_WINDOW, bp, keep_open, opened
from services import cards, registration
from services.clock import local_today

REPORT_KEY = "reporting"
REPORT_WINDOW = CORRECTION_WINDOW  # a shared computer does not keep someone's card open for the next person


def verification_limit() -> str:
    return current_app.config.get("VERIFICATION_LIMIT", "30 per minute;300 per hour")


def _code_as_printed(text: str) -> str:
    """A verification code as typed or scanned, in the form stored: letters and digits, upper case."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:40]


@bp.route("/verifikasi")
def verify_start():
    """For an employer holding a card whose QR code will not scan: type the code printed under it.
    The form is sent with GET, so the answer is the same page the QR code opens."""
    typed = (request.args.get("kode") or "").strip()
    code = _code_as_printed(typed)
    if len(code) == cards.VERIFICATION_CODE_LENGTH:
        return redirect(url_for("public.verify_card", code=code))
    error = None
    if code:  # a letter missed or one too many: say so here, not "not registered" (which suggests a fake)
        error = (f"Kode verifikasi terdiri dari {cards.VERIFICATION_CODE_LENGTH} huruf/angka; yang diketik "
                 f"{len(code)}. Periksa kembali kode di bawah kode QR kartu.")
    elif "kode" in request.args:
        error = "Isi kode verifikasi yang tercetak di bawah kode QR kartu."
    return render_template("public/verify_start.html", typed=typed, error=error)


@bp.route("/verifikasi/<code>")
@limit(verification_limit)
def verify_card(code: str):
    code = _code_as_printed(code)
    js = db.session.scalar(select(JobSeeker).where(JobSeeker.verification_code == code)) if code else None
    if js is None or js.card_number is None:  # the code comes back in the form, to correct a typing slip
        return render_template("public/verify.html", js=None, typed=code), 404
    state = cards.public_state(js)
    # an expired card: since when (its period or reports ran out); not when a holder was placed or removed
    ended = cards.lapsed(js) if state == "kedaluwarsa" else None
    return render_template("public/verify.html", js=js, state=state, masked_name=mask_name(js.full_name),
                           ended_on=ended.on if ended else None)


class ReportForm(AppForm):
    outcome = RadioField("Keadaan Anda sekarang", choices=[("mencari", "Masih mencari kerja"),
                                                           ("bekerja", "Sudah bekerja")],
                         validators=[DataRequired("Pilih salah satu.")])
    employer = StringField("Nama perusahaan/pemberi kerja", validators=[Optional(), Length(max=150)])
    position = StringField("Jabatan", validators=[Optional(), Length(max=120)])
    start = DateField("Tanggal mulai bekerja", validators=[Optional()])
    access_code = StringField("Kode akses dari tanda terima pendaftaran", validators=[Optional(), Length(max=20)])
    placement_type = SelectField("Lokasi kerja", choices=[("", "— pilih —"),
                                                          ("AKL", "Di Kabupaten Serang/Provinsi Banten (lokal)"),
                                                          ("AKAD", "Di daerah lain di Indonesia"),
                                                          ("AKAN", "Di luar negeri")], validators=[Optional()])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.outcome.data == "bekerja":
            for field, message in ((self.access_code, "Laporan sudah bekerja menutup kartu: isi kode akses Anda."),
                                   (self.employer, "Isi nama perusahaan."),
                                   (self.start, "Isi tanggal mulai bekerja."),
                                   (self.placement_type, "Pilih lokasi kerja.")):
                if not field.data or (isinstance(field.data, str) and not field.data.strip()):
                    field.errors = list(field.errors) + [message]
                    valid = False
        return valid


def _lapsed_message(ended) -> str:
    return (f"Kartu ini tidak berlaku lagi sejak {format_date(ended.on, 'd MMMM y')} "
            f"({codes.REMOVAL_REASONS.get(ended.reason, 'masa berlaku habis').lower()}), sehingga tidak dapat "
            f"lapor diri online. Bila masih mencari kerja, datang ke kantor untuk memperpanjangnya.")


@bp.route("/lapor", methods=["GET", "POST"])
@limit(lambda: current_app.config.get("PUBLIC_POST_LIMIT", "20 per minute;200 per hour"), methods=["POST"])
def report_start():
    form = LookupForm()
    if form.validate_on_submit():
        js = registration.lookup(form.registration_number.data, form.birth_date.data)
        card_number = card_rules.normalise_card_number(form.registration_number.data)
        if js is None and card_number:  # the big number on the card, typed instead of the registration number
            js = db.session.scalar(select(JobSeeker).where(JobSeeker.card_number == card_number,
                                                           JobSeeker.birth_date == form.birth_date.data))
        if js is None:
            form.registration_number.errors = list(form.registration_number.errors) + [
                "Nomor pendaftaran dan tanggal lahir tidak cocok dengan data kami."]
        elif js.status != codes.JS_PRINTED:
            form.registration_number.errors = list(form.registration_number.errors) + [
                f"Lapor diri hanya untuk kartu yang berlaku. Status pendaftaran ini: {js.status_label}."]
        elif (ended := cards.lapsed(js)) is not None:  # its day has come, the daily sweep not yet run
            form.registration_number.errors = list(form.registration_number.errors) + [_lapsed_message(ended)]
        else:
            keep_open(REPORT_KEY, js.id, REPORT_WINDOW)
            return redirect(url_for("public.report_form"), code=303)
    return render_template("public/report_start.html", form=form)


@bp.route("/lapor/isi", methods=["GET", "POST"])
@limit(lambda: current_app.config.get("PUBLIC_POST_LIMIT", "20 per minute;200 per hour"), methods=["POST"])
def report_form():
    was_open = REPORT_KEY in session
    js_id = opened(REPORT_KEY)
    js = db.session.get(JobSeeker, js_id) if js_id else None
    if js is None:
        if was_open:
            session.pop(REPORT_KEY, None)
            flash("Waktu lapor diri habis: formulir hanya terbuka 30 menit sejak terakhir dibuka atau dikirim. "
                  "Isi lagi nomor pendaftaran dan tanggal lahir Anda.", "info")
        return redirect(url_for("public.report_start"))
    if (ended := cards.lapsed(js)) is not None:  # the card's last day passed while the form was open
        session.pop(REPORT_KEY, None)
        flash(_lapsed_message(ended), "error")
        return redirect(url_for("public.report_start"))
    keep_open(REPORT_KEY, js.id, REPORT_WINDOW)  # 30 minutes from the last page or answer
    form = ReportForm()
    valid = form.validate_on_submit()
    if valid and form.outcome.data == "bekerja" and \
            registration.lookup_by_access_code(form.access_code.data or "") is not js:
        form.access_code.errors = list(form.access_code.errors) + [
            "Kode akses tidak cocok. Bila hilang, laporkan penempatan di kantor."]
    elif valid:
        try:
            hold_for_change(js)  # a second tap, or the desk at the same moment, sees this report
            if form.outcome.data == "mencari":
                slot = cards.record_report(js, None, note="Lapor diri online")
                message = f"Lapor diri ke-{slot} tercatat pada {format_date(local_today(), 'd MMMM y')}. Terima kasih."
            else:
                cards.record_placement(js, None, employer=form.employer.data, position=form.position.data,
                                       start=form.start.data, placement_type=form.placement_type.data,
                                       reported_by="pemegang")
                message = "Selamat! Penempatan kerja Anda tercatat dan kartu AK-1 ditutup sebagai sudah bekerja."
        except TransitionError as exc:
            db.session.rollback()
            target = getattr(form, getattr(exc, "field", None) or "", None)
            if target is not None:  # the message goes to its field, what was typed stays
                target.errors = list(target.errors) + [str(exc)]
                flash("Periksa kembali isian yang ditandai merah.", "error")
            else:
                flash(str(exc), "error")
        else:
            audit.record(audit.UPDATE, "JobSeeker", js.id, "lapor diri online")
            db.session.commit()
            session.pop(REPORT_KEY, None)
            flash(message, "success")
            return redirect(url_for("public.report_start"), code=303)
    elif request.method == "POST":
        flash("Periksa kembali isian yang ditandai merah.", "error")
    due = cards.next_report_due(js)
    expiry = cards.expiry_of(js)
    return render_template("public/report_form.html", form=form, js=js, slot_count=cards.reports_in_period(js),
                           due=due, late=due is not None and due < local_today(),
                           # the last day a late report still keeps the card open
                           last_chance=expiry.on - timedelta(days=1)
                           if expiry and expiry.reason == card_rules.REMOVAL_NO_REPORT else None)
