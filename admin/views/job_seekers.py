"""AK-1 registrations and their dated history."""
from __future__ import annotations

from flask import has_request_context
from flask_login import current_user
from wtforms.validators import DataRequired, Email, InputRequired, NumberRange, Optional

from admin.fields import kk_validator, label_of, mobile_phone_validator, nik_validator, select
from admin.security import ReadOnlyModelView, SecureModelView
from forms_base import NikField
from domain import codes, roles
from services import job_seekers as lifecycle
from services.clock import local_today
from models import JobSeeker, JobSeekerEducation, JobSeekerEvent, JobSeekerExperience

REQUIRED = "Wajib diisi."
IDENTITY_FIELDS = ("nik", "full_name", "birth_place", "birth_date", "sex")
STAFF_ONLY_FIELDS = ("officer_notes",)  # the office's internal notes: not for BKK operators


def scope_to_own_bkk(query, join_job_seeker: bool = False):
    """BKK operators see only their own school's graduates."""
    if current_user.is_authenticated and current_user.role == roles.BKK:
        if join_job_seeker:
            query = query.join(JobSeeker, JobSeekerEvent.job_seeker_id == JobSeeker.id)
        return query.filter(JobSeeker.bkk_id == current_user.bkk_id)
    return query


class JobSeekerView(SecureModelView):
    """Search, view and edit registrations. New ones come in through the registration desk
    (admin/views/verification.py), which applies the public form's rules."""
    area = roles.JOB_SEEKERS
    allow_create = False
    allow_delete = False  # the dated history must survive: take people off the register with "keluarkan"
    column_list = ["registration_number", "full_name", "nik", "sex", "birth_date", "kecamatan",
                   "education_level", "status", "registered_on", "bkk"]
    column_searchable_list = ["registration_number", "nik", "full_name", "card_number"]
    column_filters = ["status", "education_level", "sex", "registered_on", "kecamatan.name", "bkk.school_name",
                      "valid_until"]
    column_sortable_list = ["registration_number", "full_name", "birth_date", "education_level", "status",
                            "registered_on", ("kecamatan", "kecamatan.name")]
    column_default_sort = ("registered_on", True)
    column_details_exclude_list = ["access_code_hash", "idempotency_key", "photo_file", "verification_code"]
    column_labels = {
        "registration_number": "No. pendaftaran", "registered_on": "Tgl. daftar", "status": "Status",
        "full_name": "Nama lengkap", "nik": "NIK", "kk_number": "No. KK", "birth_place": "Tempat lahir",
        "birth_date": "Tanggal lahir", "sex": "Jenis kelamin", "religion": "Agama",
        "marital_status": "Status perkawinan", "height_cm": "Tinggi (cm)", "weight_kg": "Berat (kg)",
        "address_street": "Alamat (jalan/kampung)", "rt": "RT", "rw": "RW", "desa": "Desa/kelurahan",
        "kecamatan": "Kecamatan", "kecamatan.name": "Kecamatan", "phone": "No. HP", "email": "Surel",
        "education_level": "Pendidikan terakhir", "graduation_year": "Tahun lulus", "skills": "Keterampilan",
        "courses": "Kursus/pelatihan", "languages": "Bahasa", "desired_position": "Jabatan yang diinginkan",
        "desired_location": "Lokasi kerja yang diinginkan", "karirhub_id": "ID Karirhub/SIAPkerja",
        "officer_notes": "Catatan petugas", "correction_note": "Catatan perbaikan", "card_number": "No. kartu",
        "valid_from": "Berlaku sejak", "valid_until": "Berlaku sampai", "bkk": "BKK", "bkk.school_name": "BKK",
        "created_by": "Dientri oleh", "created_at": "Dibuat", "status_changed_at": "Status berubah",
        "education": "Riwayat pendidikan", "experience": "Pengalaman kerja", "events": "Riwayat status",
    }
    column_choices = {
        "status": select(codes.JOB_SEEKER_STATUS), "sex": select(codes.SEX),
        "education_level": select(codes.EDUCATION_LEVELS), "religion": select(codes.RELIGION),
        "marital_status": select(codes.MARITAL_STATUS),
    }
    form_columns = [
        "nik", "kk_number", "full_name", "birth_place", "birth_date", "sex", "religion", "marital_status",
        "height_cm", "weight_kg", "address_street", "rt", "rw", "desa", "kecamatan", "phone", "email",
        "education_level", "graduation_year", "skills", "courses", "languages", "desired_position",
        "desired_location", "karirhub_id", "officer_notes", "bkk",
    ]
    form_overrides = {"nik": NikField, "kk_number": NikField}  # typed or pasted in groups
    form_choices = {
        "sex": select(codes.SEX), "religion": select(codes.RELIGION),
        "marital_status": select(codes.MARITAL_STATUS), "education_level": select(codes.EDUCATION_LEVELS),
    }
    form_args = {
        "nik": {"validators": [DataRequired(REQUIRED), nik_validator()]},
        "kk_number": {"validators": [Optional(), kk_validator]},
        "full_name": {"validators": [DataRequired(REQUIRED)]},
        "birth_place": {"validators": [DataRequired(REQUIRED)]},
        "birth_date": {"validators": [InputRequired("Tanggal lahir wajib diisi.")]},
        "kecamatan": {"validators": [DataRequired("Pilih kecamatan domisili.")]},
        "email": {"validators": [Optional(), Email("Alamat surel tidak valid.")]},
        "phone": {"validators": [mobile_phone_validator]},
        "height_cm": {"validators": [Optional(), NumberRange(100, 230, "Tinggi badan 100–230 cm.")]},
        "bkk": {"blank_text": "— tidak melalui BKK —"},
        "weight_kg": {"validators": [Optional(), NumberRange(25, 250, "Berat badan 25–250 kg.")]},
    }
    inline_models = [
        (JobSeekerEducation, {
            "form_columns": ["id", "level", "school", "major", "graduation_year", "grade"],
            "form_choices": {"level": select(codes.EDUCATION_LEVELS)},
            "column_labels": {"level": "Jenjang", "school": "Sekolah/perguruan tinggi", "major": "Jurusan",
                              "graduation_year": "Tahun lulus", "grade": "Nilai/IPK"},
        }),
        (JobSeekerExperience, {
            "form_columns": ["id", "employer", "position", "start_year", "end_year", "description"],
            "column_labels": {"employer": "Perusahaan", "position": "Jabatan", "start_year": "Tahun mulai",
                              "end_year": "Tahun selesai", "description": "Uraian"},
        }),
    ]
    column_formatters = {
        "status": label_of(codes.JOB_SEEKER_STATUS), "sex": label_of(codes.SEX),
        "education_level": label_of(codes.EDUCATION_LEVELS),
    }
    column_export_list = ["registration_number", "registered_on", "status", "full_name", "nik", "sex",
                          "birth_place", "birth_date", "kecamatan", "desa", "education_level", "graduation_year",
                          "skills", "desired_position", "card_number", "valid_until", "bkk"]
    column_formatters_export = {
        "status": label_of(codes.JOB_SEEKER_STATUS), "sex": label_of(codes.SEX),
        "education_level": label_of(codes.EDUCATION_LEVELS),
    }

    def scope_query(self, query):
        return scope_to_own_bkk(query)

    def create_form(self, obj=None):
        form = super().create_form(obj)
        self._limit_bkk_field(form)
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        self._limit_bkk_field(form)
        return form

    def _limit_bkk_field(self, form):
        """A BKK operator enters only their own school's graduates (bkk is set for them) and
        neither reads nor writes the office's internal notes."""
        if current_user.role == roles.BKK:
            for name in ("bkk", *STAFF_ONLY_FIELDS):
                if hasattr(form, name):
                    delattr(form, name)

    @property
    def _details_columns(self):
        """The details page's columns (Flask-Admin sets them once, at start); without the office's
        internal notes for a BKK operator."""
        columns = self.__dict__.get("_all_details_columns", [])
        if has_request_context() and current_user.is_authenticated and current_user.role == roles.BKK:
            return [(name, label) for name, label in columns if name not in STAFF_ONLY_FIELDS]
        return columns

    @_details_columns.setter
    def _details_columns(self, columns):
        self.__dict__["_all_details_columns"] = columns

    def on_model_change(self, form, model, is_created):
        from sqlalchemy import inspect
        from wtforms.validators import ValidationError

        state = inspect(model)
        old_status = model.status  # not on the form: still the stored value
        if current_user.role == roles.BKK:
            model.bkk_id = current_user.bkk_id
            if old_status not in (codes.JS_SUBMITTED, codes.JS_CORRECTION):
                raise ValidationError("Operator BKK hanya dapat mengubah pendaftaran yang belum diverifikasi.")
        identity_changed = any(state.attrs[name].history.has_changes() for name in IDENTITY_FIELDS)
        if identity_changed and old_status not in (codes.JS_SUBMITTED, codes.JS_CORRECTION, codes.JS_VERIFIED):
            raise ValidationError("Identitas pada kartu yang sudah dicetak atau ditutup tidak dapat diubah. "
                                  "Keluarkan dari daftar lalu daftarkan ulang bila datanya salah.")
        if identity_changed and old_status == codes.JS_VERIFIED:
            # changed identity must be checked again before a card is printed
            lifecycle.record_event(model, codes.EV_CORRECTED, local_today(), user=current_user,
                                   note="Identitas diubah petugas; perlu verifikasi ulang")
        super().on_model_change(form, model, is_created)


class JobSeekerEventView(ReadOnlyModelView):
    area = roles.JOB_SEEKER_HISTORY
    column_list = ["occurred_on", "job_seeker", "event", "report_slot", "placement_type", "employer_name",
                   "removal_reason", "recorded_by", "note"]
    column_filters = ["event", "occurred_on", "placement_type", "removal_reason"]
    column_searchable_list = ["job_seeker.registration_number", "job_seeker.full_name"]
    column_default_sort = ("occurred_on", True)
    column_labels = {
        "occurred_on": "Tanggal", "job_seeker": "Pencari kerja", "event": "Peristiwa", "report_slot": "Lapor ke-",
        "placement_type": "Jenis penempatan", "employer_name": "Pemberi kerja", "employer_position": "Jabatan",
        "placement_start": "Mulai bekerja", "removal_reason": "Alasan dikeluarkan", "recorded_by": "Dicatat oleh",
        "recorded_at": "Dicatat pada", "note": "Catatan", "job_seeker.registration_number": "No. pendaftaran",
        "job_seeker.full_name": "Nama",
    }
    column_choices = {"event": select(codes.JOB_SEEKER_EVENTS), "placement_type": select(codes.PLACEMENT_TYPES),
                      "removal_reason": select(codes.REMOVAL_REASONS)}
    column_formatters = {"event": label_of(codes.JOB_SEEKER_EVENTS), "removal_reason": label_of(codes.REMOVAL_REASONS)}
    column_export_list = ["occurred_on", "job_seeker", "event", "report_slot", "placement_type", "employer_name",
                          "removal_reason"]
    column_formatters_export = column_formatters

    def scope_query(self, query):
        return scope_to_own_bkk(query, join_job_seeker=True)

    # The audit log names whose data was seen: the person, with the entry's own id in the summary.
    audit_type = "JobSeeker"

    def _pk(self, obj):
        return obj.job_seeker_id

    def audit_summary(self, obj) -> str | None:
        return f"riwayat status #{obj.id}"

