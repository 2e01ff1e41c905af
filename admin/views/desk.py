"""The queue desk (loket): today's bookings by window, check-in by typing or scanning the booking
code, call next, served / no-show, recall, and walk-ins given numbers while places remain.

Every action is one POST to `action_view` (CSRF, write roles only) answered with a redirect;
the officer who calls or serves a person is recorded on the booking and in the audit log.
"""
from __future__ import annotations

import secrets
from collections import OrderedDict
from datetime import date

from flask import abort, flash, redirect, request, session, url_for
from flask_admin import expose
from flask_login import current_user

import audit
from admin.security import SecureBaseView
from domain import codes, ids, roles
from domain import queue as rules
from extensions import db
from models import QueueBooking, ServiceDay
from services import queue as service

ACTIONS = ("hadir", "panggil_berikutnya", "panggil_ulang", "selesai", "tidak_hadir", "datang_langsung", "majukan")
TYPED_FIELDS = {"hadir": "kode", "datang_langsung": "nomor_pendaftaran"}  # actions with a typed field
LATEST_KEY = "desk_latest"
"""Session key: the booking the officer's last successful action was about (its id), marked in the
day's table on the next page so the officer sees whose row changed; read once."""


class DeskView(SecureBaseView):
    area = roles.QUEUE
    # Not a model view: no Flask-Admin create/edit/delete pages. Every change goes through
    # `action_view`, which (like a model view's actions) is for the area's write roles only.
    allow_create = False
    allow_edit = False
    allow_delete = False

    def can_write(self) -> bool:
        return self.current_role() in self.area.write

    @expose("/")
    def index(self):
        return self._page()

    def _page(self, typed: dict | None = None, status: int = 200):
        """The desk; `typed` brings back what the officer typed into a form that failed, with the
        message for its field."""
        now = service.office_now()
        today = now.date()
        day = today
        requested = request.args.get("hari", "")
        if requested:
            try:
                day = date.fromisoformat(requested)
            except ValueError:
                flash("Tanggal tidak valid.", "error")
        if day == today and service.load_calendar(service.load_settings(), today, 1)[0].is_working_day(today):
            service.ensure_days([today])
        service_day = db.session.get(ServiceDay, day)
        bookings = service.day_bookings(day)
        by_window: OrderedDict = OrderedDict()
        if service_day is not None:
            for window in service_day.windows:
                by_window[window.id] = (window, [])
        by_window.setdefault(None, (None, []))
        for booking in bookings:
            by_window.setdefault(booking.window_id, (booking.window, []))[1].append(booking)
        if not by_window[None][1]:
            del by_window[None]
        counts = {status: 0 for status in codes.BOOKING_STATUS}
        for booking in bookings:
            counts[booking.status] += 1
        calling = sorted((b for b in bookings if b.status == codes.BOOKING_CALLED),
                         key=lambda b: b.called_at, reverse=True)
        audit.record(audit.VIEW, "QueueBooking", None, f"daftar antrean {day.isoformat()} ({len(bookings)} orang)",
                     record_ids=[b.id for b in bookings])
        audit.commit_after_response()
        typed = typed or {}
        latest = session.pop(LATEST_KEY, None)
        return self.render("admin/desk/index.html", day=day, today=today, is_today=day == today,
                           latest=latest if isinstance(latest, int) and day == today else None,
                           service_day=service_day, by_window=by_window, counts=counts, calling=calling,
                           can_write=self.can_write() and day == today,
                           walk_in_key=typed.get("kunci") or secrets.token_urlsafe(24), typed=typed,
                           call_key=secrets.token_urlsafe(24),
                           format_code=rules.format_code,
                           # "Tidak hadir" for someone not yet come shows once their window has ended
                           may_mark_absent=lambda b: rules.may_mark_absent(
                               b.status != codes.BOOKING_BOOKED, b.window.ends_at if b.window else None, now)), status

    @expose("/aksi/", methods=["POST"])
    def action_view(self):
        if not self.can_write():
            abort(403)
        action = request.form.get("aksi", "")
        back = redirect(url_for(".index"), code=303)
        if action not in ACTIONS:
            flash("Aksi tidak dikenal.", "error")
            return back
        try:
            message, booking_id = self._do(action)
        except service.QueueError as exc:
            db.session.rollback()
            if action in TYPED_FIELDS:  # the desk again, with what was typed and the message at the field
                field = TYPED_FIELDS[action]
                typed = {name: request.form.get(name, "")[:40] for name in TYPED_FIELDS.values()}
                typed.update(sesi=request.form.get("sesi", ""), kunci=request.form.get("kunci", ""),
                             error_field=field, error=exc.message)
                if isinstance(exc, service.LaterBooking):  # came on another day than booked: offer to move it
                    typed.update(later_id=exc.booking.id, later_day=rules.indonesian_date(exc.booking.day))
                if isinstance(exc, service.NeedsNewNumber):  # the walk-in form, ready for the new number
                    typed["nomor_pendaftaran"] = exc.booking.job_seeker.registration_number
                if action != "hadir" or not request.form.get("booking_id"):
                    return self._page(typed, 422)
            flash(exc.message, "error")
        else:
            if message:
                flash(message, "success")
            if booking_id is not None:
                session[LATEST_KEY] = booking_id
            if request.form.get("baris"):  # a button in the day's table: back to that row, not the top
                return redirect(url_for(".index", _anchor=f"b{self._booking_id()}"), code=303)
        return back

    def _booking_id(self) -> int:
        booking_id = ids.parse_id(request.form.get("booking_id"))
        if booking_id is None:
            raise service.QueueError("Pemesanan tidak ditemukan.")
        return booking_id

    def _do(self, action: str) -> tuple[str | None, int | None]:
        """The desk action; its message for the flash and the booking it was about. Messages name
        the queue number only: a flash travels in the session cookie, which is signed but
        readable, and the desk's table shows whose number it is (the row is marked: LATEST_KEY)."""
        user = current_user._get_current_object()
        if action == "hadir":
            raw_id = request.form.get("booking_id", "")
            if raw_id:
                booking = db.session.get(QueueBooking, self._booking_id())
            else:
                booking = service.find_by_code(request.form.get("kode", ""))
            booking = service.check_in(booking, user)
            return f"Nomor {rules.format_number(booking.queue_number)} tercatat hadir.", booking.id
        if action == "panggil_berikutnya":
            booking = service.call_next(user, key=request.form.get("kunci", "")[:64] or None)
            if booking is None:
                flash("Tidak ada yang menunggu: belum ada yang tercatat hadir.", "info")
                return None, None
            return f"Memanggil nomor {rules.format_number(booking.queue_number)}.", booking.id
        if action == "panggil_ulang":
            booking = service.recall(self._booking_id(), user)
            return f"Nomor {rules.format_number(booking.queue_number)} dipanggil ulang.", booking.id
        if action == "selesai":
            booking = service.mark_served(self._booking_id(), user)
            return f"Nomor {rules.format_number(booking.queue_number)} selesai dilayani.", booking.id
        if action == "tidak_hadir":
            booking = service.mark_no_show(self._booking_id(), user)
            return (f"Nomor {rules.format_number(booking.queue_number)} dicatat tidak hadir; tempatnya kembali "
                    f"ke kuota hari ini."), booking.id
        if action == "majukan":
            booking = service.bring_forward(self._booking_id(), user, window_id=ids.parse_id(request.form.get("sesi", "")))
            return (f"Nomor {rules.format_number(booking.queue_number)} diberikan untuk hari ini dan tercatat hadir; "
                    f"tempat pada pemesanan sebelumnya dilepas."), booking.id
        if action == "datang_langsung":
            raw_window = request.form.get("sesi", "")
            window_id = ids.parse_id(raw_window)
            booking = service.walk_in(request.form.get("nomor_pendaftaran", ""), user,
                                      key=request.form.get("kunci") or None, window_id=window_id)
            return (f"Datang langsung: nomor {rules.format_number(booking.queue_number)} diberikan "
                    f"dan tercatat hadir."), booking.id
        return None, None
