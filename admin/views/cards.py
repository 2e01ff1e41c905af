"""The card desk: print (only for a verified registration whose holder is here), reprint with a
reason, record six-monthly reports and placements, renew, remove, and batch-print a BKK's graduates."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import func, select

import audit
from admin.security import SecureBaseView
from admin.views.verification import photo_response
from domain import card as card_rules
from domain import codes, ids, roles
from domain import nik as nik_rules
from domain import registration_number as registration_number_rules
from extensions import db
from services.job_seekers import TransitionError
from models import Bkk, JobSeeker, QueueBooking, User
from services import card_pdf, cards
from services import job_seekers as lifecycle
from services.clock import local_today


def _pdf_response(pdf: bytes, filename: str) -> Response:
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f"inline; filename={filename}", "Cache-Control": "no-store"})


class CardDeskView(SecureBaseView):
    area = roles.CARDS

    @expose("/", methods=["GET", "POST"])
    def index(self):
        today = local_today()
        found = None
        query = (request.form.get("q") or "").strip().upper() if request.method == "POST" else ""
        if query:
            found = db.session.scalars(select(JobSeeker).where(
                (func.upper(JobSeeker.registration_number) == registration_number_rules.normalise(query))
                | (JobSeeker.card_number == (card_rules.normalise_card_number(query) or query))
                | (JobSeeker.nik == (nik_rules.normalise_typed(query) or query))).limit(5)).all()
            if not found:
                flash("Tidak ada pendaftaran dengan nomor itu.", "error")
            elif len(found) == 1:  # the usual case at a busy desk: straight to the card (its page logs the view)
                return redirect(url_for(".card", job_seeker_id=found[0].id), code=303)
        ready = db.session.scalars(
            select(JobSeeker).join(QueueBooking, QueueBooking.job_seeker_id == JobSeeker.id)
            .where(QueueBooking.day == today, QueueBooking.status.in_(cards.PRESENT_STATUSES))
            .order_by(QueueBooking.queue_number)).unique().all()
        # whose rows the page shows; never the number that was searched
        if found:
            audit.record(audit.VIEW, "JobSeeker", None, "pencarian di meja kartu", record_ids=[js.id for js in found])
        if ready:
            audit.record(audit.VIEW, "JobSeeker", None, "meja kartu: hadir hari ini",
                         record_ids=[js.id for js in ready])
        if found or ready:
            audit.commit_after_response()
        return self.render("admin/cards/index.html", found=found, query=query, ready=ready, today=today)

    def _load(self, job_seeker_id: int) -> JobSeeker:
        js = db.session.get(JobSeeker, job_seeker_id)
        if js is None:
            abort(404)
        return js

    def _load_held(self, job_seeker_id: int) -> JobSeeker:
        """The registration, held for a change that checks its history first (hold_for_change):
        the second of two clicks sees what the first recorded."""
        js = self._load(job_seeker_id)
        lifecycle.hold_for_change(js)
        return js

    @expose("/kartu/<id:job_seeker_id>")
    def card(self, job_seeker_id: int):
        js = self._load(job_seeker_id)
        audit.record(audit.VIEW, "JobSeeker", js.id, "meja kartu", commit=True)
        return self._card_page(js)

    @expose("/kartu/<id:job_seeker_id>/foto")
    def photo(self, job_seeker_id: int):
        """The photo on the card page, to compare the person at the desk with their registration."""
        return photo_response(self._load(job_seeker_id), "foto, meja kartu")

    def _card_page(self, js: JobSeeker, placement: dict | None = None, status: int = 200):
        """The card page; `placement`: what was typed in the placement form and its error, when it was refused."""
        expiry = cards.expiry_of(js)
        lapsed = cards.lapsed(js)  # also before the nightly sweep has closed it
        return self.render("admin/cards/card.html", js=js, present=cards.is_present_today(js),
                           signers=cards.signers(), due=cards.next_report_due(js),
                           # the day the card stops being valid unless the holder reports (the end of
                           # its validity is in the heading already)
                           lapses_on=expiry.on if expiry and expiry.reason == card_rules.REMOVAL_NO_REPORT
                           and not lapsed else None, lapsed=lapsed,
                           validity=cards.validity_when_printed(js) if js.status == codes.JS_VERIFIED else None,
                           reports=cards.reports_in_period(js), state=cards.public_state(js),
                           verify_url=card_pdf.verification_url(js) if js.verification_code else None,
                           placement=placement or {}, can_renew=cards.can_renew(js),
                           last_print_id=cards.last_print_id(js)), status

    @expose("/kartu/<id:job_seeker_id>/cetak", methods=["POST"])
    def print_card(self, job_seeker_id: int):
        return self._print(job_seeker_id, lambda js, signer: cards.print_card(js, current_user, signer),
                           "cetak kartu")

    @expose("/kartu/<id:job_seeker_id>/cetak-ulang", methods=["POST"])
    def reprint(self, job_seeker_id: int):
        reason = request.form.get("reason", "")
        opened_after = request.form.get("setelah", type=ids.id_value)  # the form's last printing (one reprint per form)
        return self._print(job_seeker_id, lambda js, signer: cards.reprint(js, current_user, signer, reason,
                                                                          opened_after=opened_after),
                           "cetak ulang kartu")

    def _print(self, job_seeker_id: int, step, summary: str):
        """Record the printing, render the PDF, and commit only once the PDF exists."""
        js = self._load_held(job_seeker_id)
        signer = db.session.get(User, request.form.get("signer_id", type=ids.id_value) or 0)
        try:
            step(js, signer)
        except TransitionError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for(".card", job_seeker_id=js.id))
        audit.record(audit.PRINT, "JobSeeker", js.id, summary)
        pdf = card_pdf.render_cards([js], signer, local_today())
        db.session.commit()
        return _pdf_response(pdf, f"kartu-ak1-{js.card_number}.pdf")

    def _step(self, job_seeker_id: int, action, done: str):
        js = self._load_held(job_seeker_id)
        try:
            action(js)
        except TransitionError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            audit.record(audit.UPDATE, "JobSeeker", js.id, done)
            db.session.commit()
            flash(done[0].upper() + done[1:] + " tercatat.", "success")
        return redirect(url_for(".card", job_seeker_id=js.id))

    @expose("/kartu/<id:job_seeker_id>/lapor", methods=["POST"])
    def report(self, job_seeker_id: int):
        return self._step(job_seeker_id, lambda js: cards.record_report(js, current_user, note="Lapor di kantor"),
                          "lapor diri")

    @expose("/kartu/<id:job_seeker_id>/bekerja", methods=["POST"])
    def placement(self, job_seeker_id: int):
        """A refused placement comes back on the card page with everything typed and the message at
        its field (the officer is often copying from a letter)."""
        form = request.form
        typed = {name: form.get(name, "")[:150] for name in ("employer", "position", "start", "placement_type",
                                                              "reported_by")}
        try:
            start = date.fromisoformat(typed["start"])
        except ValueError:
            js = self._load(job_seeker_id)
            return self._card_page(js, {**typed, "field": "start", "error": "Isi tanggal mulai bekerja yang benar."},
                                   422)
        js = self._load(job_seeker_id)
        try:
            cards.record_placement(js, current_user, employer=typed["employer"], position=typed["position"],
                                   start=start, placement_type=typed["placement_type"],
                                   reported_by=typed["reported_by"] or "petugas")
        except TransitionError as exc:
            db.session.rollback()
            if getattr(exc, "field", None) is None:  # not about what was typed (the card's state): say so on top
                flash(str(exc), "error")
                return redirect(url_for(".card", job_seeker_id=job_seeker_id))
            return self._card_page(self._load(job_seeker_id), {**typed, "field": exc.field, "error": str(exc)}, 422)
        audit.record(audit.UPDATE, "JobSeeker", js.id, "penempatan kerja")
        db.session.commit()
        flash("Penempatan kerja tercatat.", "success")
        return redirect(url_for(".card", job_seeker_id=js.id))

    @expose("/kartu/<id:job_seeker_id>/perpanjang", methods=["POST"])
    def renew(self, job_seeker_id: int):
        return self._step(job_seeker_id, lambda js: cards.renew(js, current_user), "perpanjangan kartu")

    @expose("/kartu/<id:job_seeker_id>/keluarkan", methods=["POST"])
    def remove(self, job_seeker_id: int):
        return self._step(job_seeker_id, lambda js: cards.remove(
            js, current_user, request.form.get("reason", ""), request.form.get("note")), "pengeluaran dari daftar")

    @expose("/bkk", methods=["GET", "POST"])
    def bkk_batch(self):
        schools = db.session.scalars(select(Bkk).where(Bkk.status == "aktif").order_by(Bkk.school_name)).all()
        bkk = db.session.get(Bkk, request.values.get("bkk_id", type=ids.id_value) or 0)
        graduates = []
        if bkk is not None:
            graduates = db.session.scalars(select(JobSeeker).where(
                JobSeeker.bkk_id == bkk.id, JobSeeker.status == codes.JS_VERIFIED).order_by(JobSeeker.full_name)).all()
        if request.method == "POST" and bkk is not None and request.form.get("print"):
            return self._print_batch(bkk, graduates)
        if graduates:
            audit.record(audit.VIEW, "JobSeeker", None, f"cetak kolektif BKK {bkk.id}",
                         record_ids=[js.id for js in graduates])
            audit.commit_after_response()
        return self.render("admin/cards/bkk.html", schools=schools, bkk=bkk, graduates=graduates,
                           signers=cards.signers())

    def _print_batch(self, bkk: Bkk, graduates: list[JobSeeker]):
        chosen = {int(i) for i in request.form.getlist("present") if i.isdigit()}
        selected = [js for js in graduates if js.id in chosen]
        signer = db.session.get(User, request.form.get("signer_id", type=ids.id_value) or 0)
        if not selected:
            flash("Centang lulusan yang hadir di kantor.", "error")
            return redirect(url_for(".bkk_batch", bkk_id=bkk.id))
        try:
            for js in selected:
                cards.print_card(js, current_user, signer,
                                 presence=f"hadir bersama rombongan BKK {bkk.school_name}, dicek {current_user.full_name}")
                audit.record(audit.PRINT, "JobSeeker", js.id, f"cetak kartu rombongan BKK {bkk.npsn}")
        except TransitionError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for(".bkk_batch", bkk_id=bkk.id))
        pdf = card_pdf.render_cards(selected, signer, local_today())
        db.session.commit()
        return _pdf_response(pdf, f"kartu-ak1-bkk-{bkk.npsn}.pdf")
