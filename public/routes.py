"""Citizens' pages: home, AK-1 registration with receipt, status check, corrections."""
from __future__ import annotations

import secrets
import base64
import time
from datetime import timedelta

from flask import (
    Blueprint, current_app, flash, make_response, redirect, render_template, request, send_from_directory, session, url_for,
)
from sqlalchemy import select
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError

import audit
import sealing
from domain import codes
from domain import registration_number as registration_number_rules
from extensions import db
from models import JobSeeker, utcnow
from public.forms import AccessForm, LookupForm, RegistrationForm
from ratelimit import limit
from services import cards, photos, registration
from services.clock import local_now
from services.settings import get_setting

bp = Blueprint("public", __name__)

RECEIPT_KEY = "receipt"
CORRECTING_KEY = "correcting"
CORRECTION_WINDOW = timedelta(minutes=30)  # a shared computer does not keep someone's data open
RECEIPT_WINDOW = CORRECTION_WINDOW  # how long the device that registered can open the receipt again
_RECEIPT_SEAL = b"registration-receipt"


def keep_open(key: str, js_id: int, window) -> None:
    """Keep a registration open on this device (a correction, a report) for `window` from now;
    the session holds its id and an epoch-seconds deadline (right in any server time zone)."""
    session[key] = {"id": js_id, "until": time.time() + window.total_seconds()}


def opened(key: str) -> int | None:
    """The id kept open under `key` while its window lasts; an expired entry is dropped."""
    entry = session.get(key)
    if isinstance(entry, dict) and entry.get("until", 0) >= time.time() and isinstance(entry.get("id"), int):
        return entry["id"]
    session.pop(key, None)
    return None


def public_post_limit() -> str:
    return current_app.config.get("PUBLIC_POST_LIMIT", "20 per minute;200 per hour")


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on every site, also for the staff panel's pages."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=7 * 24 * 3600)


@bp.route("/")
def index():
    return render_template("public/index.html", office_hours=get_setting("office.hours"),
                           office_address=get_setting("office.address"), min_age=get_setting("ak1.min_age"))


# --------------------------------------------------------------------------- registration

def new_registration_form(**kwargs) -> RegistrationForm:
    form = RegistrationForm(**kwargs)
    form.min_age = get_setting("ak1.min_age")
    if not form.submission_key.data:
        form.submission_key.data = secrets.token_urlsafe(24)
    return form


def accept_photo(form: RegistrationForm, required: bool = True) -> str | None:
    """Process an uploaded photo (kept under a random token if the rest of the form fails)."""
    upload_dir = current_app.config["UPLOAD_DIR"]
    upload = form.photo.data
    if upload and getattr(upload, "filename", ""):
        try:
            data = upload.read(photos.MAX_UPLOAD_BYTES + 1)
            upload.close()
            name = photos.store(upload_dir, photos.process(data))
        except photos.PhotoError as exc:
            form.photo.errors = list(form.photo.errors) + [str(exc)]
            form.photo_token.data = ""
            return None
        form.photo_token.data = name
        return name
    if form.photo_token.data and photos.path_for(upload_dir, form.photo_token.data):
        return form.photo_token.data
    form.photo_token.data = ""
    if required:
        form.photo.errors = list(form.photo.errors) + ["Pilih pas foto 3×4 (JPEG atau PNG)."]
    return None


def save_new_registration(form: RegistrationForm, *, user=None, bkk_id: int | None = None,
                          note: str | None = None):
    """Validate-and-insert shared by the public form, the front desk and BKK operators.

    Returns (job_seeker, access_code) or (None, None) with errors placed on the form's fields.
    """
    valid = form.validate()
    photo_name = accept_photo(form, required=form.photo_required)
    if not valid or photo_name is None and form.photo_required:
        return None, None
    existing = db.session.scalar(select(JobSeeker).where(JobSeeker.idempotency_key == form.submission_key.data))
    if existing is not None:  # the same form sent again (double click, back button)
        return existing, None
    if registration.active_registration_for_nik(form.nik.data):
        form.nik.errors = list(form.nik.errors) + [DUPLICATE_NIK]
        return None, None
    js = JobSeeker(idempotency_key=form.submission_key.data, photo_file=photo_name, bkk_id=bkk_id,
                   privacy_acknowledged_at=utcnow())
    form.fill(js)
    try:  # the insert itself (flushed in create) meets the UNIQUE indexes of a concurrent twin
        code = registration.create(js, user=user, note=note)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = db.session.scalar(select(JobSeeker).where(JobSeeker.idempotency_key == form.submission_key.data))
        if existing is not None:  # the same form submitted twice at the same moment
            return existing, None
        form.nik.errors = list(form.nik.errors) + [DUPLICATE_NIK]
        return None, None
    return js, code


DUPLICATE_NIK = ("NIK ini sudah memiliki pendaftaran kartu AK-1 yang masih berlaku. Cek statusnya di halaman "
                 "Cek Status dengan nomor pendaftaran dan tanggal lahir, atau datang ke kantor.")


@bp.app_errorhandler(CSRFError)
def form_expired(error):
    """A long form left open until its security token expired: show it again with what was typed,
    with a fresh token, instead of an error page that loses everything."""
    if request.endpoint == "public.register" and request.method == "POST":
        form = new_registration_form()
        form.photo_token.data = form.photo_token.data if photos.path_for(
            current_app.config["UPLOAD_DIR"], form.photo_token.data) else ""
        flash("Formulir terlalu lama terbuka sehingga kedaluwarsa. Isian Anda masih ada: periksa lalu kirim lagi"
              + ("" if form.photo_token.data else " (pilih ulang pas foto)") + ".", "error")
        return render_template("public/register.html", form=form, min_age=form.min_age), 400
    return render_template("error.html", code=400, title="Formulir kedaluwarsa",
                           text="Formulir terlalu lama terbuka. Muat ulang halaman lalu coba lagi."), 400


@bp.route("/daftar", methods=["GET", "POST"])
@limit(public_post_limit, methods=["POST"])
def register():
    form = new_registration_form()
    if request.method == "POST":
        js, code = save_new_registration(form)
        if js is not None:
            if code is not None:
                keep_receipt(js, code)
            elif not resend_receipt(js):
                # the status page, with the number filled in: said on the page, not in a flash (a
                # flash travels in the session cookie, and the number is the person's)
                lookup = LookupForm(formdata=None, registration_number=js.registration_number)
                return render_template("public/status.html", form=lookup, js=None, notice=already_received_message(js))
            return redirect(url_for("public.receipt"), code=303)
    return render_template("public/register.html", form=form, min_age=form.min_age)  # refused: the form lists why


def already_received_message(js: JobSeeker) -> str:
    return (f"Formulir ini sudah diterima sebelumnya dengan nomor pendaftaran {js.registration_number}. "
            "Kode akses tidak dapat ditampilkan lagi; bila tidak tercatat, minta kode baru di kantor.")


def keep_receipt(js: JobSeeker, code: str) -> None:
    """The receipt stays openable on this device for RECEIPT_WINDOW (a reload, a tab the phone
    discarded while the person noted the code elsewhere); the access code travels sealed, never
    readable in the session cookie."""
    session[RECEIPT_KEY] = sealing.seal(_RECEIPT_SEAL, f"{js.id}:{code}")


def read_receipt():
    """(registration, access code) of this device's receipt, or (None, None) once it has expired."""
    opened = sealing.unseal(_RECEIPT_SEAL, session.get(RECEIPT_KEY), int(RECEIPT_WINDOW.total_seconds()))
    js_id, _, code = (opened or "").partition(":")
    js = db.session.get(JobSeeker, int(js_id)) if js_id.isdigit() and code else None
    if js is None:
        session.pop(RECEIPT_KEY, None)
        return None, None
    return js, code


def resend_receipt(js: JobSeeker) -> bool:
    """The same registration form sent again (a second tap while the first answer was still on its
    way, the back button): the receipt again. If this device never received the first receipt
    (the browser dropped that answer when the second tap left the page), a new access code is
    issued, shown, and recorded, so the person is not sent to the office for one. Only within
    RECEIPT_WINDOW of registering, and only to whoever holds this form's one-off submission key;
    False after that (the caller then points to the status page)."""
    shown_js, _code = read_receipt()
    if shown_js is not None and shown_js.id == js.id:
        return True
    if js.status != codes.JS_SUBMITTED or js.created_at is None or utcnow() - js.created_at > RECEIPT_WINDOW:
        return False
    code = registration.reissue_access_code(js)
    audit.record(audit.UPDATE, "JobSeeker", js.id,
                 "kode akses diterbitkan ulang: formulir yang sama dikirim ulang sebelum tanda terima terbuka")
    db.session.commit()
    keep_receipt(js, code)
    return True


def receipt_context(js: JobSeeker, code: str) -> dict:
    """Page data for a receipt, including the printable PDF as a download that needs no second request."""
    from services.pdf import render_pdf

    qr = _qr_data_uri(_receipt_qr_text(js, code))
    shown = registration.format_access_code(code)
    pdf = render_pdf(render_template("pdf/receipt.html", js=js, access_code=shown, qr_data_uri=qr,
                                     office_name=get_setting("office.name"),
                                     office_address=get_setting("office.address"), printed_at=local_now()))
    return {"js": js, "access_code": shown, "qr_data_uri": qr,
            "pdf_data_uri": "data:application/pdf;base64," + base64.b64encode(pdf).decode("ascii"),
            "pdf_name": f"tanda-terima-{js.registration_number}.pdf"}


@bp.route("/daftar/tanda-terima")
def receipt():
    js, code = read_receipt()
    if js is None:
        flash("Tanda terima hanya dapat dibuka lagi selama 30 menit, di perangkat yang dipakai mendaftar. Cek "
              "status dengan nomor pendaftaran dan tanggal lahir.", "info")
        return redirect(url_for("public.status"))
    response = make_response(render_template("public/receipt.html", **receipt_context(js, code)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/daftar/tanda-terima/tutup", methods=["POST"])
def close_receipt():
    """The person is done: the receipt can no longer be opened on this device."""
    session.pop(RECEIPT_KEY, None)
    flash("Tanda terima sudah ditutup di perangkat ini.", "info")
    return redirect(url_for("public.index"), code=303)


def _receipt_qr_text(js: JobSeeker, code: str) -> str:
    """What the receipt's QR code holds: the number and the access code, for the counter's scanner."""
    return f"{js.registration_number} {registration.format_access_code(code)}"


def _qr_data_uri(text: str) -> str:
    from services.qr import png_data_uri

    return png_data_uri(text)


# --------------------------------------------------------------------------- status

NEXT_STEPS = {
    codes.JS_SUBMITTED: "Data Anda sedang diperiksa petugas. Periksa kembali halaman ini dalam 1–2 hari kerja.",
    codes.JS_CORRECTION: "Petugas meminta perbaikan data. Baca catatan di bawah, lalu perbaiki dengan nomor "
                         "pendaftaran dan kode akses dari tanda terima.",
    codes.JS_VERIFIED: "Data Anda sudah diverifikasi. Datang ke kantor membawa KTP, ijazah asli dan tanda terima "
                       "untuk menandatangani dan menerima kartu AK-1.",
    codes.JS_PRINTED: "Kartu AK-1 Anda sudah dicetak. Lapor diri setiap 6 bulan selama masih mencari kerja.",
    codes.JS_PLACED: "Anda tercatat sudah bekerja. Selamat!",
    codes.JS_EXPIRED: "Kartu ini tidak berlaku lagi. Bila masih mencari kerja, datang ke kantor untuk "
                      "memperpanjangnya.",
    codes.JS_REMOVED: "Pendaftaran ini sudah dikeluarkan dari daftar pencari kerja aktif. Hubungi kantor bila "
                      "ada pertanyaan.",
    codes.JS_REJECTED: "Pendaftaran ini ditolak (misalnya karena ganda). Hubungi kantor bila ada pertanyaan.",
}
UNCOLLECTED_LAPSE_STEP = ("Pendaftaran ini sudah berakhir: dua tahun berlalu sejak mendaftar tanpa kartu AK-1 diambil. "
                          "Bila masih mencari kerja, silakan mendaftar lagi.")


@bp.route("/status", methods=["GET", "POST"])
@limit(public_post_limit, methods=["POST"])
def status():
    form = LookupForm()
    js = None
    if form.validate_on_submit():
        js = registration.lookup(form.registration_number.data, form.birth_date.data)
        if js is None:
            form.registration_number.errors = list(form.registration_number.errors) + [
                "Nomor pendaftaran dan tanggal lahir tidak cocok dengan data kami."]
        else:
            audit.record(audit.VIEW, "JobSeeker", js.id, "cek status oleh pendaftar", commit=True)
    lapsed = cards.lapsed(js) if js else None
    # a printed card past its last day is shown as what it is, before the daily sweep records it
    state = codes.JS_EXPIRED if lapsed and js.status == codes.JS_PRINTED else js.status if js else None
    next_step = UNCOLLECTED_LAPSE_STEP if js is not None and cards.lapsed_uncollected(js) else NEXT_STEPS.get(state)
    return render_template("public/status.html", form=form, js=js, next_step=next_step,
                           status_label=codes.JOB_SEEKER_STATUS.get(state, state), lapsed=lapsed)


# --------------------------------------------------------------------------- corrections

@bp.route("/perbaikan", methods=["GET", "POST"])
@limit(public_post_limit, methods=["POST"])
def correction_start():
    form = AccessForm()
    if form.validate_on_submit():
        js = registration.lookup_by_access_code(form.access_code.data)
        typed = registration_number_rules.normalise(form.registration_number.data)
        if js is None or js.registration_number.upper() != typed:
            form.access_code.errors = list(form.access_code.errors) + [
                "Nomor pendaftaran dan kode akses tidak cocok."]
        elif js.status != codes.JS_CORRECTION:
            form.access_code.errors = list(form.access_code.errors) + [
                "Pendaftaran ini tidak sedang menunggu perbaikan."]
        else:
            keep_open(CORRECTING_KEY, js.id, CORRECTION_WINDOW)
            return redirect(url_for("public.correction_edit"), code=303)
    return render_template("public/correction_start.html", form=form)


@bp.route("/perbaikan/ubah", methods=["GET", "POST"])
@limit(public_post_limit, methods=["POST"])
def correction_edit():
    js_id = opened(CORRECTING_KEY)
    js = db.session.get(JobSeeker, js_id) if js_id else None
    if js is None or js.status != codes.JS_CORRECTION:
        session.pop(CORRECTING_KEY, None)
        return redirect(url_for("public.correction_start"))
    form = new_registration_form()
    form.photo_required = False
    form.privacy_ack.data = form.privacy_ack.data or request.method == "GET"
    if request.method == "GET":
        form.load(js)
    elif form.validate():
        photo_name = accept_photo(form, required=False)
        if not form.photo.errors:
            other = registration.active_registration_for_nik(form.nik.data)
            if other is not None and other.id != js.id:
                form.nik.errors = list(form.nik.errors) + [DUPLICATE_NIK]
            else:
                form.fill(js)
                if photo_name:
                    js.photo_file = photo_name
                registration.mark_corrected(js)
                audit.record(audit.UPDATE, "JobSeeker", js.id, "diperbaiki oleh pendaftar")
                db.session.commit()
                session.pop(CORRECTING_KEY, None)
                flash("Perbaikan tersimpan. Data Anda kembali diperiksa petugas.", "success")
                return redirect(url_for("public.status"), code=303)
    else:
        accept_photo(form, required=False)
    return render_template("public/register.html", form=form, js=js, correcting=True, min_age=form.min_age)
