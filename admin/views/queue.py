"""Service days (quota, closures, time windows) and queue bookings."""
from __future__ import annotations

from wtforms.validators import DataRequired, NumberRange

from admin.fields import select
from admin.security import SecureModelView
from domain import codes, roles
from models import ServiceWindow


def _label(mapping):
    return lambda view, context, model, name: mapping.get(getattr(model, name), getattr(model, name) or "")


class ServiceDayView(SecureModelView):
    area = roles.QUEUE
    audit_views = False
    column_list = ["day", "quota", "booked", "issued", "closed", "closed_reason"]
    column_filters = ["day", "closed"]
    column_default_sort = ("day", True)
    column_labels = {"day": "Tanggal", "quota": "Kuota", "booked": "Terpesan", "issued": "Nomor terbit",
                     "closed": "Tutup", "closed_reason": "Alasan tutup", "windows": "Sesi waktu"}
    form_columns = ["day", "quota", "closed", "closed_reason", "windows"]
    form_args = {"day": {"validators": [DataRequired("Tanggal wajib diisi.")]},
                 "quota": {"validators": [DataRequired("Kuota wajib diisi."),
                                          NumberRange(0, 2000, "Kuota 0–2000.")]}}
    inline_models = [(ServiceWindow, {
        "form_columns": ["id", "starts_at", "ends_at", "quota"],
        "column_labels": {"starts_at": "Mulai", "ends_at": "Selesai", "quota": "Kuota sesi"},
    })]
    column_export_list = ["day", "quota", "booked", "issued", "closed", "closed_reason"]

    def on_model_change(self, form, model, is_created):
        from wtforms.validators import ValidationError

        if model.booked is None:
            model.booked = 0
            model.issued = 0
        if model.quota < (model.booked or 0):
            raise ValidationError(f"Kuota tidak boleh lebih kecil dari jumlah yang sudah terpesan ({model.booked}).")
        total = sum(w.quota or 0 for w in model.windows)
        if model.windows and total != model.quota:
            raise ValidationError(f"Jumlah kuota sesi ({total}) harus sama dengan kuota hari ({model.quota}).")
        for window in model.windows:
            if window.booked is None:
                window.booked = 0
        super().on_model_change(form, model, is_created)


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
    column_formatters = {"status": _label(codes.BOOKING_STATUS)}
    column_details_exclude_list = ["idempotency_key"]
    column_export_list = ["day", "queue_number", "window", "job_seeker", "status", "is_walk_in", "served_by"]
    column_formatters_export = column_formatters
