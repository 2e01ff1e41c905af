"""Staff side of AK-1 registration: the verification queue, the photo behind login, and
walk-in / BKK registration through the same form and rules as the public site."""
from __future__ import annotations

import secrets

from flask import Response, abort, current_app, flash, make_response, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import and_, func, literal, or_, select

import audit
from admin.security import SecureBaseView
from domain import codes, ids, roles
from extensions import db
from services.job_seekers import TransitionError
from models import JobSeeker
from services import photos, registration

PAGE_SIZE = 30


def photo_response(js: JobSeeker, summary: str) -> Response:
    """The registration's photo, for a staff page (404 without one); the view is recorded with
    `summary` (where it was shown)."""
    path = photos.path_for(current_app.config["UPLOAD_DIR"], js.photo_file)
    if path is None:
        abort(404)
    audit.record(audit.VIEW, "JobSeeker", js.id, summary, commit=True)
    # Photos are small re-encoded JPEGs: read whole, sent with no caching anywhere.
    return Response(path.read_bytes(), mimetype="image/jpeg", headers={"Cache-Control": "no-store"})


class VerificationView(SecureBaseView):
    """Newest submissions first; verify, ask for a correction with a note, or reject as duplicate."""
    area = roles.VERIFICATION

    @expose("/")
    def index(self):
        page = request.args.get("halaman", 1, type=ids.page_value)
        waiting = select(JobSeeker).where(JobSeeker.status == codes.JS_SUBMITTED)
        total = db.session.scalar(select(func.count()).select_from(waiting.subquery()))
        rows = db.session.scalars(waiting.order_by(JobSeeker.status_changed_at.desc(), JobSeeker.id.desc())
                                  .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
        corrections = db.session.scalar(select(func.count()).select_from(JobSeeker).where(
            JobSeeker.status == codes.JS_CORRECTION))
        if rows:
            audit.record(audit.VIEW, "JobSeeker", None, f"antrean verifikasi, halaman {page}",
                         record_ids=[js.id for js in rows])
            audit.commit_after_response()
        return self.render("admin/verification/queue.html", rows=rows, total=total, page=page,
                           pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1), corrections=corrections)

    def _load(self, job_seeker_id: int) -> JobSeeker:
        js = db.session.get(JobSeeker, job_seeker_id)
        if js is None:
            abort(404)
        return js

    @expose("/periksa/<id:job_seeker_id>")
    def review(self, job_seeker_id: int):
        js = self._load(job_seeker_id)
        # Possible duplicates: the same NIK, or the same name and birth date under another NIK.
        same_person = db.session.scalars(select(JobSeeker).where(JobSeeker.id != js.id, or_(
            JobSeeker.nik == js.nik,
            and_(func.lower(JobSeeker.full_name) == func.lower(literal(js.full_name)),
                 JobSeeker.birth_date == js.birth_date),
        )).order_by(JobSeeker.registered_on.desc()).limit(10)).all()
        audit.record(audit.VIEW, "JobSeeker", js.id, "verifikasi")
        if same_person:  # shown beside it as possible duplicates
            audit.record(audit.VIEW, "JobSeeker", None, f"kemungkinan ganda dari JobSeeker {js.id}",
                         record_ids=[other.id for other in same_person])
        audit.commit_after_response()
        return self.render("admin/verification/review.html", js=js, same_person=same_person)

    @expose("/periksa/<id:job_seeker_id>/verifikasi", methods=["POST"])
    def verify(self, job_seeker_id: int):
        return self._act(job_seeker_id, lambda js: registration.verify(js, current_user),
                         "Pendaftaran diverifikasi.")

    @expose("/periksa/<id:job_seeker_id>/perbaikan", methods=["POST"])
    def ask_correction(self, job_seeker_id: int):
        note = request.form.get("note", "")
        return self._act(job_seeker_id, lambda js: registration.request_correction(js, current_user, note),
                         "Permintaan perbaikan dikirim ke pendaftar.")

    @expose("/periksa/<id:job_seeker_id>/tolak", methods=["POST"])
    def reject(self, job_seeker_id: int):
        note = request.form.get("note", "")
        return self._act(job_seeker_id, lambda js: registration.reject_duplicate(js, current_user, note),
                         "Pendaftaran ditolak sebagai ganda.")

    def _act(self, job_seeker_id: int, step, done_message: str):
        js = self._load(job_seeker_id)
        try:
            step(js)
        except TransitionError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for(".review", job_seeker_id=js.id))
        audit.record(audit.UPDATE, "JobSeeker", js.id, f"status: {js.status}")
        db.session.commit()
        # whose registration it was stays out of the message: a flash travels in the session cookie
        flash(done_message, "success")
        if request.form.get("kembali") == "kartu" and js.status == codes.JS_VERIFIED:
            return redirect(url_for("kartu.card", job_seeker_id=js.id))  # verified at the card desk: print next
        return redirect(url_for(".index"))

    @expose("/foto/<id:job_seeker_id>")
    def photo(self, job_seeker_id: int):
        return photo_response(self._load(job_seeker_id), "foto")


class RegistrationDeskView(SecureBaseView):
    """Walk-ins at the counter and BKK operators' graduates, with the public form's validation."""
    area = roles.REGISTRATION_DESK

    @expose("/", methods=["GET", "POST"])
    def index(self):
        from public.routes import keep_receipt, new_registration_form, save_new_registration

        form = new_registration_form()
        form.photo_required = False  # the photo can be taken at the counter later
        bkk_id = current_user.bkk_id if current_user.role == roles.BKK else None
        if request.method == "POST":
            note = "Didaftarkan BKK" if bkk_id else "Dientri petugas (datang langsung)"
            js, code = save_new_registration(form, user=current_user, bkk_id=bkk_id, note=note)
            if js is not None and code is not None:
                audit.record(audit.CREATE, "JobSeeker", js.id, note, commit=True)
                keep_receipt(js, code)
                return redirect(url_for(".done"), code=303)
            if js is not None:  # said on the page, not in a flash (the session cookie): whose number it is
                from public.routes import already_received_message

                blank = new_registration_form(formdata=None)  # ready for the next person
                blank.photo_required = False
                return self.render("admin/verification/desk_form.html", form=blank,
                                   notice=already_received_message(js))
        return self.render("admin/verification/desk_form.html", form=form)  # refused: the form lists why

    @expose("/selesai")
    def done(self):
        from public.routes import read_receipt, receipt_context

        js, code = read_receipt()
        if js is None or (current_user.role == roles.BKK and js.bkk_id != current_user.bkk_id):
            return redirect(url_for(".index"))
        # the receipt (name, registration number, access code, its PDF) is reopened within its window
        audit.record(audit.VIEW, "JobSeeker", js.id, "tanda terima pendaftaran di loket")
        audit.commit_after_response()
        # the person is at the counter: whoever may run the queue desk gives them today's number from here
        walk_in_key = secrets.token_urlsafe(24) if current_user.role in roles.QUEUE.write else None
        response = make_response(self.render("admin/verification/desk_done.html", walk_in_key=walk_in_key,
                                             **receipt_context(js, code)))
        response.headers["Cache-Control"] = "no-store"  # the access code: never kept in a cache
        return response
