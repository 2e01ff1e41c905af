"""Citizens' queue pages: the coming days with places left, booking a window, the ticket (page and
PDF, with QR code), cancelling or moving with the booking code, and the "now serving" board.

Every state change is a POST (CSRF, rate-limited) answered with a redirect (Post/Redirect/Get);
the booking form carries a hidden idempotency key so a double submit makes one booking. The
booking being looked at is kept in the session (its id only), never in a URL.
"""
from __future__ import annotations

import os
import secrets
from datetime import date

from flask import (
    Response, abort, current_app, flash, jsonify, make_response, redirect, render_template, request, session, url_for,
)
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import Length, Optional

import audit
from domain import codes, ids
from domain.people import mask_name
from domain import queue as rules
from extensions import db
from forms_base import AppForm
from models import QueueBooking, ServiceDay, utcnow
from public.routes import bp
from ratelimit import limit
from services import queue as service
from services import registration
from services.settings import get_setting

TICKET_KEY = "queue_ticket"
POSITION_KEY = "queue_board_position"  # the booking whose place the board shows on this device (its id only)
WEAK_ALREADY_BOOKED = ("Pendaftaran ini sudah memiliki antrean aktif; satu orang hanya dapat memiliki satu antrean. "
                       "Buka antrean itu dengan kode pemesanan pada tiket Anda (Ubah atau batalkan antrean), "
                       "atau isi kode akses dari tanda terima pendaftaran.")
DEFAULT_POST_LIMIT = "30 per minute;300 per hour"
NUMBER_MAX = 30  # BookingForm's limits
KEY_MAX = 64


def queue_post_limit() -> str:
    """Per-address limit on the queue's POSTs; QUEUE_POST_LIMIT (config or environment) overrides
    it, e.g. for a load test from one address."""
    return (current_app.config.get("QUEUE_POST_LIMIT") or os.environ.get("QUEUE_POST_LIMIT")
            or DEFAULT_POST_LIMIT)


# --------------------------------------------------------------------------- forms

class BookingForm(AppForm):
    class Meta:
        # CSRFProtect checks every POST before the view runs; a field of its own would only sign a
        # fresh token on every booking, including the ones answered with a redirect. The template
        # puts csrf_token() in the form (made only when the page is shown).
        csrf = False

    registration_number = StringField("Nomor pendaftaran AK-1", validators=[Optional(), Length(max=NUMBER_MAX)])
    birth_date = DateField("Tanggal lahir", validators=[Optional()])  # format "%Y-%m-%d" (the date input's)
    access_code = StringField("Kode akses", validators=[Optional(), Length(max=20)])
    submission_key = HiddenField(validators=[Length(max=KEY_MAX)])  # the idempotency key's column

    @staticmethod
    def usual_booking(formdata) -> tuple[str, date, str] | None:
        """The most common POST, read without building the form: a registration number, a date
        of birth as the date input sends it (YYYY-MM-DD), the hidden key, no access code, each
        within the fields' limits, so the form could only agree. (number, birth date, key), or
        None for anything else: the form then reads, checks and answers at the field as usual."""
        number, born, key = (formdata.get("registration_number", ""), formdata.get("birth_date", ""),
                             formdata.get("submission_key", ""))
        if (not number.strip() or len(number) > NUMBER_MAX or not key or len(key) > KEY_MAX
                or formdata.get("access_code", "").strip() or len(born) != 10 or born[4] != "-" or born[7] != "-"):
            return None
        try:
            return number, date.fromisoformat(born), key
        except ValueError:
            return None

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not ok:
            return False
        has_number = bool((self.registration_number.data or "").strip())
        if (self.access_code.data or "").strip():
            return True
        if has_number and self.birth_date.data:
            return True
        if has_number:
            self.birth_date.errors = list(self.birth_date.errors) + ["Isi tanggal lahir sesuai pendaftaran."]
        else:
            self.registration_number.errors = list(self.registration_number.errors) + [
                "Isi nomor pendaftaran dan tanggal lahir, atau kode akses dari tanda terima pendaftaran."]
        return False


class CodeForm(AppForm):
    booking_code = StringField("Kode pemesanan", validators=[Length(max=20)])


# --------------------------------------------------------------------------- helpers

def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(404)


def _parse_choice(value: str | None) -> tuple[date, int | None] | None:
    """"2026-11-23|12" (day and window id) or "2026-11-23|" (any window)."""
    day_text, _, window_text = (value or "").partition("|")
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        return None
    if not window_text:
        return day, None
    window_id = ids.parse_id(window_text)
    return None if window_id is None else (day, window_id)


def _ticket_booking() -> QueueBooking | None:
    booking_id = session.get(TICKET_KEY)
    return db.session.get(QueueBooking, booking_id) if isinstance(booking_id, int) else None


def _identify(form: BookingForm):
    """The registration behind the form, or None with the error placed at the field."""
    code = (form.access_code.data or "").strip()
    if code:
        js = registration.lookup_by_access_code(code)
        if js is None:
            form.access_code.errors = list(form.access_code.errors) + ["Kode akses tidak dikenal."]
        return js, True
    js = service.find_registration(form.registration_number.data, form.birth_date.data)
    if js is None:
        form.registration_number.errors = list(form.registration_number.errors) + [
            "Nomor pendaftaran dan tanggal lahir tidak cocok dengan data kami."]
    return js, False


def _book_usual(usual: tuple[str, date, str], picked: tuple[date, int | None], now) -> Response | None:
    """service.quick_book for (registration number, date of birth, form key) and the picked day
    and window: the redirect to the ticket, or None when it booked nothing (the full path then
    books after all or says why, at the field)."""
    number, born, key = usual
    booking_id = service.quick_book(number, born, picked[0], picked[1], key=key, now=now)
    if booking_id is None:
        return None
    session[TICKET_KEY] = booking_id
    return redirect(url_for("public.queue_ticket"), code=303)


def _private(html: str) -> Response:
    """A page with a booking code on it is not kept in shared caches or the browser's history cache."""
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


def _usable(booking: QueueBooking, now) -> bool:
    """The ticket still gets its holder served: booked, checked in or being called, today or later.
    Only such a ticket shows its QR code and can be printed."""
    return booking.status in codes.ACTIVE_BOOKING_STATUSES and booking.day >= now.date()


def _ended_message(booking: QueueBooking, now) -> str:
    """Why a ticket no longer works, in the holder's words."""
    if booking.status == codes.BOOKING_CANCELLED:
        return "Antrean ini sudah dibatalkan. Tiket ini tidak berlaku lagi."
    if booking.status == codes.BOOKING_SERVED:
        return "Anda sudah dilayani dengan nomor antrean ini. Tiket ini tidak berlaku lagi."
    if booking.status == codes.BOOKING_NO_SHOW:
        return "Anda tercatat tidak hadir pada tanggal antrean ini. Tiket ini tidak berlaku lagi."
    return "Tanggal antrean ini sudah lewat. Tiket ini tidak berlaku lagi."


def _qr(booking: QueueBooking) -> str:
    from services.qr import png_data_uri

    return png_data_uri(rules.format_code(booking.booking_code))


# --------------------------------------------------------------------------- pages

@bp.route("/antrean")
def queue_index():
    days = service.overview()
    return render_template("queue/index.html", days=days, has_ticket=_ticket_booking() is not None,
                           settings=service.cached_settings(),
                           office_hours=get_setting("office.hours"), office_address=get_setting("office.address"))


@bp.route("/antrean/pesan/<day_text>", methods=["GET", "POST"])
@limit(queue_post_limit, methods=["POST"])
def queue_book(day_text: str):
    day = _parse_day(day_text)
    now = service.office_now()
    selected = request.form.get("sesi", "")
    # "pilihan": one of the alternatives offered after a full day or window
    picked = _parse_choice(request.form.get("pilihan")) or _parse_choice(f"{day.isoformat()}|{selected}")
    usual = BookingForm.usual_booking(request.form) if request.method == "POST" else None
    if usual is not None and picked is not None:  # the usual case in one go, before building the form
        booked = _book_usual(usual, picked, now)
        if booked is not None:
            return booked
    form = BookingForm()
    if not form.submission_key.data:
        form.submission_key.data = secrets.token_urlsafe(24)
    error = None
    if request.method == "POST":
        if form.validate():
            if usual is None and picked is not None and not (form.access_code.data or "").strip():
                # the usual case written differently (a date typed as 2001-5-17, say)
                booked = _book_usual((form.registration_number.data, form.birth_date.data, form.submission_key.data),
                                     picked, now)
                if booked is not None:
                    return booked
            # anything out of the ordinary: find the registration, then reserve() books or says why not
            js, strong = _identify(form)
            if picked is None:
                error = service.QueueError("Pilih salah satu sesi.")
            elif js is not None:
                try:
                    booking_id = service.reserve(js, picked[0], picked[1], key=form.submission_key.data, now=now)
                except service.AlreadyBooked as exc:
                    if strong:  # the access code is a strong secret: show the existing ticket again
                        session[TICKET_KEY] = exc.booking.id
                        flash(exc.message, "info")
                        return redirect(url_for("public.queue_ticket"), code=303)
                    # a number and a birth date may be known to others: do not say when or which number
                    error = service.QueueError(WEAK_ALREADY_BOOKED)
                except service.QueueError as exc:
                    error = exc
                else:
                    session[TICKET_KEY] = booking_id
                    return redirect(url_for("public.queue_ticket"), code=303)
        else:
            flash("Periksa kembali isian yang ditandai merah.", "error")
    try:  # the page shows the places as they are now
        view = service.day_view(day, now)
    except service.Unavailable as exc:
        if error is None:  # nothing typed yet: back to the list of days, with the reason
            flash(exc.message, "error")
            return redirect(url_for("public.queue_index"))
        # the day closed while the person was filling in the form: keep what they typed and offer
        # the other days (the error's choices) on this page
        view = service.DayView(day, rules.CLOSED)
    html = render_template("queue/book.html", view=view, form=form, error=error, selected=selected)
    return html, 409 if error is not None else 200


@bp.route("/antrean/tiket")
def queue_ticket():
    booking = _ticket_booking()
    if booking is None:
        flash("Buka pemesanan Anda dengan kode pemesanan.", "info")
        return redirect(url_for("public.queue_manage"))
    now = service.office_now()
    usable = _usable(booking, now)
    closed_day = _closed_day(booking)  # still booked, but nobody is served that day: move it, do not come
    active = booking.status in (codes.BOOKING_BOOKED, codes.BOOKING_CHECKED_IN) and booking.day >= now.date()
    movable = booking.status == codes.BOOKING_BOOKED and booking.day >= now.date()
    choices = [c for c in service.all_choices(now)
               if not (c.day == booking.day and c.window_id == booking.window_id)] if movable else []
    show = usable and closed_day is None  # the QR code, the PDF and the arrival instructions
    late = _late(booking, now)  # still checked in if they come now, but no longer in the line
    return _private(render_template("queue/ticket.html", booking=booking, qr=_qr(booking) if show else None,
                           holder=mask_name(booking.job_seeker.full_name),
                           code=rules.format_code(booking.booking_code), late=late and show,
                           ahead=service.people_ahead(booking, now) if active and show and not late else None,
                           movable=movable,
                           choices=choices, closed_day=closed_day if usable else None,
                           today=now.date(), ended=None if usable else _ended_message(booking, now)))


def _late(booking: QueueBooking, now) -> bool:
    """Booked for today, not checked in, and the window has ended."""
    return booking.status == codes.BOOKING_BOOKED and rules.missed_window(
        booking.day, booking.window.ends_at if booking.window else None, now)


def _closed_day(booking: QueueBooking) -> ServiceDay | None:
    """The booking's service day when staff (or the holiday calendar) have closed it."""
    day = db.session.get(ServiceDay, booking.day)
    return day if day is not None and day.closed else None


@bp.route("/antrean/tiket.pdf")
def queue_ticket_pdf():
    booking = _ticket_booking()
    if booking is None:
        abort(404)
    if not _usable(booking, service.office_now()):  # nothing printed that the desk would refuse
        flash("Tiket ini tidak berlaku lagi, sehingga tidak dapat diunduh.", "error")
        return redirect(url_for("public.queue_ticket"))
    if _closed_day(booking) is not None:
        flash("Layanan pada tanggal tiket ini ditutup, sehingga tiket tidak dapat diunduh. Pindahkan antrean "
              "Anda ke hari lain.", "error")
        return redirect(url_for("public.queue_ticket"))
    from services.pdf import render_pdf

    html = render_template("queue/ticket_pdf.html", booking=booking, qr=_qr(booking),
                           holder=mask_name(booking.job_seeker.full_name),
                           code=rules.format_code(booking.booking_code), office_name=get_setting("office.name"),
                           office_address=get_setting("office.address"), printed_at=utcnow())
    return Response(render_pdf(html), mimetype="application/pdf", headers={
        "Content-Disposition": f"inline; filename=antrean-{booking.day.isoformat()}-"
                               f"{rules.format_number(booking.queue_number)}.pdf",
        "Cache-Control": "no-store"})


@bp.route("/antrean/tiket/batal", methods=["POST"])
@limit(queue_post_limit, methods=["POST"])
def queue_cancel():
    booking = _ticket_booking()
    if booking is None:
        return redirect(url_for("public.queue_manage"))
    try:
        service.cancel(booking)
    except service.QueueError as exc:
        flash(exc.message, "error")
    else:
        flash("Antrean Anda sudah dibatalkan dan tempatnya dikembalikan ke kuota.", "success")
    return redirect(url_for("public.queue_ticket"), code=303)


@bp.route("/antrean/tiket/pindah", methods=["POST"])
@limit(queue_post_limit, methods=["POST"])
def queue_move():
    booking = _ticket_booking()
    if booking is None:
        return redirect(url_for("public.queue_manage"))
    picked = _parse_choice(request.form.get("pilihan"))
    if picked is None:
        flash("Pilih hari dan sesi tujuan.", "error")
        return redirect(url_for("public.queue_ticket"), code=303)
    try:
        moved = service.move(booking, picked[0], picked[1])
    except service.QueueError as exc:
        flash(exc.message, "error")
    else:
        window = moved.window
        label = rules.format_window(window.starts_at if window else None, window.ends_at if window else None)
        flash(f"Antrean dipindahkan ke {rules.indonesian_date(moved.day)}, sesi {label}. "
              f"Nomor antrean Anda: {rules.format_number(moved.queue_number)}.", "success")
    return redirect(url_for("public.queue_ticket"), code=303)


@bp.route("/antrean/tiket/tutup", methods=["POST"])
def queue_ticket_close():
    """Forget the ticket in this browser (a shared computer, a warnet): the booking stays."""
    session.pop(TICKET_KEY, None)
    flash("Tiket ditutup di perangkat ini. Antrean Anda tetap berlaku; buka lagi dengan kode pemesanan.", "info")
    return redirect(url_for("public.queue_index"), code=303)


@bp.route("/antrean/kelola", methods=["GET", "POST"])
@limit(queue_post_limit, methods=["POST"])
def queue_manage():
    form = CodeForm()
    if form.validate_on_submit():
        booking = service.find_by_code(form.booking_code.data)
        if booking is None:
            form.booking_code.errors = list(form.booking_code.errors) + [
                "Kode pemesanan tidak ditemukan. Periksa kembali 8 huruf/angka pada tiket Anda."]
        else:
            audit.record(audit.VIEW, "QueueBooking", booking.id, "dibuka dengan kode pemesanan", commit=True)
            session[TICKET_KEY] = booking.id
            return redirect(url_for("public.queue_ticket"), code=303)
    return render_template("queue/manage.html", form=form)


def _position_text(booking: QueueBooking) -> str:
    """Where a booking stands, for the board: how many are ahead, or what became of it."""
    now = service.office_now()
    if booking.day < now.date() and booking.status in codes.ACTIVE_BOOKING_STATUSES:
        return "tanggal antrean ini sudah lewat."
    if _late(booking, now):
        return (f"sesi Anda berakhir pukul {booking.window.ends_at:%H.%M} dan Anda belum tercatat hadir: bila sudah "
                f"di kantor, segera tunjukkan kode QR di loket.")
    if booking.status in (codes.BOOKING_BOOKED, codes.BOOKING_CHECKED_IN):
        ahead = service.people_ahead(booking, now)
        text = "tidak ada orang di depan Anda." if ahead == 0 else f"ada {ahead} orang di depan Anda."
        if booking.status == codes.BOOKING_BOOKED and booking.day == now.date():
            text += " Belum tercatat hadir: tunjukkan kode QR di loket saat tiba."  # the desk calls checked-in people
        return text
    if booking.status == codes.BOOKING_CALLED:
        return "nomor Anda sedang dipanggil, silakan ke loket."
    return f"{booking.status_label.lower()}."


def _board_position() -> dict | None:
    """The booking looked up on the board from this device, with its place now; kept until the end
    of the day it was looked up (a kiosk or a shared phone starts the next day clean)."""
    kept = session.get(POSITION_KEY)
    if not isinstance(kept, dict) or kept.get("on") != service.office_now().date().isoformat():
        if kept is not None:
            session.pop(POSITION_KEY, None)
        return None
    booking = db.session.get(QueueBooking, kept.get("id") or 0)
    if booking is None:
        return None
    return {"booking": booking, "text": _position_text(booking)}


@bp.route("/antrean/layar", methods=["GET", "POST"])
@limit(queue_post_limit, methods=["POST"])
def queue_board():
    """The waiting room's board; with a booking code, how many people are ahead. The booking looked
    up is kept in the session (its id only), so the answer stays on reload and refreshes with the
    numbers (layar.json), and the code never travels in a URL."""
    form = CodeForm()
    if form.validate_on_submit():
        booking = service.find_by_code(form.booking_code.data)
        if booking is None:
            form.booking_code.errors = list(form.booking_code.errors) + ["Kode pemesanan tidak ditemukan."]
        else:
            session[POSITION_KEY] = {"id": booking.id, "on": service.office_now().date().isoformat()}
            return redirect(url_for("public.queue_board"), code=303)
    now = service.office_now()
    return render_template("queue/board.html", board=service.board(now.date()), form=form,
                           position=None if form.errors else _board_position(), now=now)


@bp.route("/antrean/layar/lupakan", methods=["POST"])
def queue_board_forget():
    """Stop showing the looked-up place on this device (a shared phone or a kiosk)."""
    session.pop(POSITION_KEY, None)
    return redirect(url_for("public.queue_board"), code=303)


@bp.route("/antrean/layar.json")
def queue_board_json():
    data = service.board(service.office_now().date()).as_json()
    position = _board_position()
    data["posisi"] = {"nomor": rules.format_number(position["booking"].queue_number),
                      "tanggal": rules.indonesian_date(position["booking"].day),
                      "keterangan": position["text"]} if position else None
    response = jsonify(data)
    response.headers["Cache-Control"] = "no-store"
    return response
