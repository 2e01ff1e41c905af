"""Holidays, settings, reference data and the audit log."""
from __future__ import annotations

from flask_login import current_user
from wtforms import SelectField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from admin.fields import select
from admin.security import ReadOnlyModelView, SecureModelView
from domain import codes, roles
from domain import settings as settings_rules


class HolidayView(SecureModelView):
    area = roles.CALENDAR
    audit_views = False
    column_list = ["day", "name", "kind", "source"]
    column_searchable_list = ["name"]
    column_filters = ["day", "kind", "source"]
    column_default_sort = ("day", False)
    column_labels = {"day": "Tanggal", "name": "Keterangan", "kind": "Jenis", "source": "Sumber"}
    column_choices = {"kind": select(codes.HOLIDAY_KINDS),
                      "source": [("holidays", "Paket holidays"), ("manual", "Diisi petugas")]}
    form_columns = ["day", "name", "kind"]
    form_choices = {"kind": select(codes.HOLIDAY_KINDS)}
    form_args = {"day": {"validators": [InputRequired("Tanggal wajib diisi.")]},
                 "name": {"validators": [DataRequired("Keterangan wajib diisi.")]}}
    column_export_list = ["day", "name", "kind", "source"]

    def on_model_change(self, form, model, is_created):
        from flask import g
        from sqlalchemy import inspect as sa_inspect

        model.source = "manual"
        g.holiday_old_days = [d for d in sa_inspect(model).attrs.day.history.deleted if d is not None]
        super().on_model_change(form, model, is_created)

    def after_model_change(self, form, model, is_created):
        from flask import flash, g

        from extensions import db
        from services.queue import sync_day_with_holidays

        affected = sync_day_with_holidays(model.day)
        for old_day in g.pop("holiday_old_days", []):  # the holiday moved: its old date may reopen
            sync_day_with_holidays(old_day)
        db.session.commit()
        if affected:
            flash(f"Layanan antrean pada tanggal ini ditutup karena hari libur; {affected} orang sudah memesan. "
                  f"Tiket mereka menampilkan pemberitahuan dan mereka dapat memindahkan antrean; hubungi mereka "
                  f"bila perlu.", "warning")

    def after_model_delete(self, model):
        from extensions import db
        from services.queue import sync_day_with_holidays

        sync_day_with_holidays(model.day)  # a day closed for this holiday opens again
        db.session.commit()


def _setting_value_validator(form, field):
    message = settings_rules.validate(form.key.data, field.data)
    if message:
        raise ValidationError(message)


class SettingView(SecureModelView):
    area = roles.SETTINGS
    audit_views = False
    allow_delete = True  # deleting a row returns the setting to its default
    # one row at a time: Flask-Admin's bulk action would look the escaped keys ("ak1..min_age") up
    # as they are and delete nothing while saying so
    action_disallowed_list = ["delete"]
    column_list = ["key", "description", "value", "updated_at", "updated_by"]
    column_labels = {"key": "Pengaturan", "description": "Keterangan", "value": "Nilai", "updated_at": "Diubah",
                     "updated_by": "Diubah oleh"}
    column_formatters = {"description": lambda v, c, m, n: getattr(settings_rules.BY_KEY.get(m.key), "label", "")}
    column_descriptions = {"value": "Pengaturan yang tidak tercantum memakai nilai bawaan."}
    form_columns = ["key", "value"]
    form_overrides = {"key": SelectField}
    form_args = {"key": {"choices": [(s.key, f"{s.label} (bawaan: {s.default})") for s in settings_rules.SPECS]},
                 "value": {"validators": [DataRequired("Nilai wajib diisi."), _setting_value_validator]}}
    column_export_list = ["key", "value"]

    def on_model_change(self, form, model, is_created):
        model.value = model.value.strip()
        model.updated_by = current_user.username
        super().on_model_change(form, model, is_created)


class KecamatanView(ReadOnlyModelView):
    area = roles.REFERENCE
    audit_views = False
    can_view_details = False
    page_size = 50
    column_list = ["code", "name"]
    column_searchable_list = ["name", "code"]
    column_default_sort = "code"
    column_labels = {"code": "Kode Kemendagri", "name": "Kecamatan"}


class AuditLogView(ReadOnlyModelView):
    area = roles.AUDIT
    audit_views = False
    page_size = 50
    column_list = ["at", "username", "action", "object_type", "object_id", "summary", "ip"]
    column_searchable_list = ["username", "object_id"]
    column_filters = ["at", "action", "object_type", "username"]
    column_default_sort = ("at", True)
    column_labels = {"at": "Waktu (WIB)", "username": "Pengguna", "user_id": "ID pengguna", "action": "Tindakan",
                     "object_type": "Jenis data", "object_id": "ID data", "summary": "Keterangan", "ip": "Alamat IP",
                     "record_ids": "ID data yang diekspor"}
    column_export_list = ["at", "username", "action", "object_type", "object_id", "summary", "record_ids", "ip"]
    column_formatters = {"object_type": lambda v, c, m, n: OBJECT_LABELS.get(m.object_type, m.object_type or ""),
                         "username": lambda v, c, m, n: m.username or "(sistem/CLI/pendaftar)"}


OBJECT_LABELS = {
    "JobSeeker": "Pencari kerja", "JobSeekerEvent": "Riwayat pencari kerja", "User": "Akun petugas", "Bkk": "BKK",
    "MediationCase": "Kasus mediasi", "TrainingCohort": "Angkatan pelatihan",
    "TrainingParticipant": "Peserta pelatihan", "TrainingProgram": "Program pelatihan",
    "TransmigrationFamily": "Keluarga transmigran", "TransmigrationMember": "Anggota keluarga transmigran",
    "QueueBooking": "Pemesanan antrean", "ServiceDay": "Hari layanan", "Holiday": "Hari libur",
    "Setting": "Pengaturan",
}
