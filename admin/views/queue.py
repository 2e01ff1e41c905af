"""Service days (quota, closures, time windows) and queue bookings."""
from __future__ import annotations

from wtforms.validators import InputRequired, NumberRange

from admin.fields import label_of, select
from admin.security import SecureModelView
from domain import codes, roles
from extensions import db
from models import ServiceWindow


class ServiceDayView(SecureModelView):
    area = roles.QUEUE
    audit_views = False
    column_list = ["day", "quota", "booked", "issued", "closed", "closed_reason"]
    column_filters = ["day", "closed"]
    column_default_sort = ("day", True)
    column_labels = {"day": "Tanggal", "quota": "Kuota", "booked": "Terpesan", "issued": "Nomor terbit",
                     "closed": "Tutup", "closed_reason": "Alasan tutup", "windows": "Sesi waktu"}
    form_columns = ["day", "quota", "closed", "closed_reason", "windows"]
    form_args = {"day": {"validators": [InputRequired("Tanggal wajib diisi.")]},
                 "quota": {"validators": [InputRequired("Kuota wajib diisi."),
                                          NumberRange(0, 2000, "Kuota 0–2000.")]}}
    inline_models = [(ServiceWindow, {
        "form_columns": ["id", "starts_at", "ends_at", "quota"],
        "column_labels": {"starts_at": "Mulai", "ends_at": "Selesai", "quota": "Kuota sesi"},
    })]
    column_export_list = ["day", "quota", "booked", "issued", "closed", "closed_reason"]

    column_descriptions = {
        "quota": "Hari yang belum ada di daftar ini dibuat otomatis dari Pengaturan (kuota harian dan sesi) "
                 "saat pertama kali ditampilkan atau dipesan.",
        "closed": "Hari yang ditutup tidak dapat dipesan; pemesanan yang sudah ada dapat dipindahkan oleh pemiliknya.",
        "windows": "Jumlah kuota sesi harus sama dengan kuota hari. Bila hanya kuota hari yang diubah, kuota sesi "
                   "dibagi ulang otomatis (tidak kurang dari yang sudah terpesan).",
    }

    def on_model_change(self, form, model, is_created):
        from sqlalchemy import inspect as sa_inspect
        from wtforms.validators import ValidationError

        from domain import queue as queue_rules
        from services import queue as queue_service

        if model.booked is None:
            model.booked = 0
            model.issued = 0
        if model.quota < (model.booked or 0):
            raise ValidationError(f"Kuota tidak boleh lebih kecil dari jumlah yang sudah terpesan ({model.booked}).")
        removed = [w for w in model.windows if w in db.session.deleted]
        for window in removed:
            if window.booked:
                raise ValidationError(f"Sesi {window.starts_at:%H.%M} tidak dapat dihapus: sudah ada {window.booked} "
                                      f"pemesanan. Kurangi kuotanya atau tutup harinya.")
        windows = [w for w in model.windows if w not in db.session.deleted]
        for window in windows:
            if window.booked is None:
                window.booked = 0
            if window.quota is not None and window.quota < window.booked:
                raise ValidationError(f"Kuota sesi {window.starts_at:%H.%M} tidak boleh lebih kecil dari yang sudah "
                                      f"terpesan ({window.booked}).")
        if is_created and not windows:
            model.windows = queue_service.default_windows(queue_service.load_settings(), model.quota)
            windows = model.windows
        total = sum(w.quota or 0 for w in windows)
        if windows and total != model.quota:
            untouched = not removed and all(
                not sa_inspect(w).transient and not sa_inspect(w).pending
                and not sa_inspect(w).attrs.quota.history.has_changes() for w in windows)
            new_quotas = queue_rules.redistribute(model.quota, [w.booked for w in windows]) if untouched else None
            if new_quotas is None:
                raise ValidationError(f"Jumlah kuota sesi ({total}) harus sama dengan kuota hari ({model.quota}).")
            for window, quota in zip(windows, new_quotas):
                window.quota = quota
        super().on_model_change(form, model, is_created)

    def after_model_change(self, form, model, is_created):
        from flask import flash
        from sqlalchemy import func, select

        from models import QueueBooking

        if model.closed:
            active = db.session.scalar(select(func.count()).select_from(QueueBooking).where(
                QueueBooking.day == model.day, QueueBooking.status == codes.BOOKING_BOOKED)) or 0
            if active:
                flash(f"Hari ini ditutup sementara {active} orang sudah memesan antrean. Mereka melihat pemberitahuan "
                      f"penutupan di tiket dan dapat memindahkan antreannya; hubungi mereka bila perlu.", "warning")


class QueueBookingView(SecureModelView):
    """Bookings are made by citizens and the queue desk (which keep the quota counters);
    the panel lists and shows them but does not create or edit them by hand."""
    area = roles.QUEUE
    allow_create = False
    allow_edit = False
    allow_delete = False
    column_list = ["day", "queue_number", "window", "job_seeker", "status", "is_walk_in", "checked_in_at",
                   "served_by"]
    column_filters = ["day", "status", "is_walk_in"]
    column_searchable_list = ["booking_code", "job_seeker.registration_number", "job_seeker.full_name"]
    column_default_sort = [("day", True), ("queue_number", False)]
    column_labels = {"day": "Tanggal", "queue_number": "No. antrean", "window": "Sesi", "job_seeker": "Pencari kerja",
                     "status": "Status", "is_walk_in": "Datang langsung", "checked_in_at": "Hadir pukul",
                     "called_at": "Dipanggil", "finished_at": "Selesai", "served_by": "Dilayani oleh",
                     "booking_code": "Kode pemesanan", "created_at": "Dipesan pada",
                     "job_seeker.registration_number": "No. pendaftaran", "job_seeker.full_name": "Nama"}
    column_choices = {"status": select(codes.BOOKING_STATUS)}
    column_formatters = {"status": label_of(codes.BOOKING_STATUS)}
    column_details_exclude_list = ["idempotency_key"]
    column_export_list = ["day", "queue_number", "window", "job_seeker", "status", "is_walk_in", "served_by"]
    column_formatters_export = column_formatters
