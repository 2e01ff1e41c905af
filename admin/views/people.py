"""Staff accounts and BKK registry."""
from __future__ import annotations

from flask import current_app, flash
from flask_admin.actions import action
from wtforms import PasswordField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, Regexp, ValidationError

import audit
from admin.fields import digits_validator, label_of, select
from admin.security import SecureModelView
from domain import codes, roles
from extensions import db
from models import User


class UserView(SecureModelView):
    area = roles.USERS
    allow_delete = False  # deactivate instead: the audit log keeps referring to the account
    column_list = ["username", "full_name", "nip", "role", "bkk", "active", "last_login_at", "locked_until"]
    column_searchable_list = ["username", "full_name", "nip"]
    column_filters = ["role", "active"]
    column_default_sort = "username"
    column_labels = {
        "username": "Nama pengguna", "full_name": "Nama lengkap", "nip": "NIP", "email": "Surel", "role": "Peran",
        "bkk": "BKK", "active": "Aktif", "last_login_at": "Terakhir masuk", "locked_until": "Dikunci sampai",
        "new_password": "Kata sandi baru", "created_at": "Dibuat", "password_changed_at": "Sandi diganti",
        "failed_logins": "Gagal masuk",
    }
    column_choices = {"role": select(roles.ROLE_LABELS)}
    column_formatters = {"role": label_of(roles.ROLE_LABELS)}
    column_details_exclude_list = ["password_hash", "session_token"]
    form_columns = ["username", "full_name", "nip", "email", "role", "bkk", "active", "new_password"]
    form_choices = {"role": select(roles.ROLE_LABELS)}
    form_extra_fields = {
        "new_password": PasswordField("Kata sandi baru", validators=[
            Optional(), Length(min=10, max=128, message="Kata sandi minimal 10 karakter.")]),
    }
    form_args = {
        "username": {"validators": [DataRequired("Wajib diisi."), Regexp(
            r"^[a-z0-9._-]{3,60}$", message="Huruf kecil, angka, titik, garis bawah atau strip; 3–60 karakter.")]},
        "full_name": {"validators": [DataRequired("Wajib diisi.")]},
        "email": {"validators": [Optional(), Email("Alamat surel tidak valid.")]},
    }
    column_export_list = ["username", "full_name", "nip", "role", "bkk", "active", "last_login_at"]
    column_formatters_export = {"role": label_of(roles.ROLE_LABELS)}

    def on_model_change(self, form, model, is_created):
        if model.role == roles.BKK and model.bkk_id is None and model.bkk is None:
            raise ValidationError("Operator BKK harus terhubung ke satu BKK.")
        if model.role != roles.BKK:
            model.bkk = None
        password = form.new_password.data
        if is_created and not password:
            raise ValidationError("Akun baru memerlukan kata sandi awal.")
        if password:
            model.set_password(password, current_app.config.get("PASSWORD_HASH_METHOD"))
        elif not is_created:
            history = self._changed_security_fields(model)
            if history:
                model.rotate_session_token()  # role change or deactivation ends open sessions
        super().on_model_change(form, model, is_created)

    @staticmethod
    def _changed_security_fields(model) -> bool:
        from sqlalchemy import inspect

        state = inspect(model)
        return any(state.attrs[name].history.has_changes()
                   for name in ("role", "active", "bkk", "bkk_id", "username"))

    @action("unlock", "Buka kunci", "Buka kunci akun yang dipilih?")
    def action_unlock(self, ids):
        users = self.get_query().filter(User.id.in_([int(i) for i in ids])).all()
        for user in users:
            user.locked_until = None
            user.failed_logins = 0
            audit.record(audit.ACTION, "User", user.id, "buka kunci")
        db.session.commit()
        flash(f"{len(users)} akun dibuka kuncinya.", "success")


class BkkView(SecureModelView):
    area = roles.BKK_REGISTRY
    column_list = ["school_name", "npsn", "registration_number", "registered_on", "valid_until", "status", "kecamatan"]
    column_searchable_list = ["school_name", "npsn", "registration_number"]
    column_filters = ["status", "kecamatan.name", "valid_until"]
    column_default_sort = "school_name"
    column_labels = {
        "school_name": "Nama sekolah (SMK)", "npsn": "NPSN", "registration_number": "No. tanda daftar",
        "registered_on": "Tgl. tanda daftar", "valid_until": "Berlaku sampai", "decree_number": "No. SK kepala sekolah",
        "status": "Status", "address": "Alamat", "kecamatan": "Kecamatan", "kecamatan.name": "Kecamatan",
        "head_name": "Ketua BKK", "phone": "Telepon", "email": "Surel", "operators": "Operator",
    }
    column_choices = {"status": select(codes.BKK_STATUS)}
    form_choices = {"status": select(codes.BKK_STATUS)}
    form_excluded_columns = ["operators"]
    form_args = {
        "npsn": {"validators": [DataRequired("Wajib diisi."), digits_validator(8, "NPSN")]},
        "school_name": {"validators": [DataRequired("Wajib diisi.")]},
        "registration_number": {"validators": [DataRequired("Wajib diisi.")]},
        "registered_on": {"validators": [InputRequired("Wajib diisi.")]},
        "email": {"validators": [Optional(), Email("Alamat surel tidak valid.")]},
    }
    column_export_list = ["school_name", "npsn", "registration_number", "registered_on", "valid_until", "status",
                          "kecamatan", "head_name", "phone"]
