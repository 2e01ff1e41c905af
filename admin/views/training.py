"""Training programs, cohorts (angkatan) and participants."""
from __future__ import annotations

from wtforms.validators import DataRequired, NumberRange, Optional

from admin.fields import label_of, nik_validator, select
from forms_base import NikField
from admin.security import SecureModelView
from domain import codes, roles
from models import TrainingParticipant


PARTICIPANT_LABELS = {
    "cohort": "Angkatan", "nik": "NIK", "full_name": "Nama", "sex": "Jenis kelamin", "birth_date": "Tanggal lahir",
    "phone": "No. HP", "kecamatan": "Kecamatan", "desa": "Desa", "eligibility": "Kategori",
    "selection_status": "Seleksi", "attendance_days": "Hari hadir", "graduated": "Lulus",
    "competency_result": "Uji kompetensi", "certificate_number": "No. sertifikat", "follow_up": "Tindak lanjut",
}
PARTICIPANT_CHOICES = {
    "sex": select(codes.SEX), "eligibility": select(codes.ELIGIBILITY), "selection_status": select(codes.SELECTION),
    "competency_result": select(codes.COMPETENCY, optional=True), "follow_up": select(codes.FOLLOW_UP, optional=True),
}


def _blank_to_none(model, names):
    for name in names:
        if getattr(model, name) == "":
            setattr(model, name, None)


class TrainingProgramView(SecureModelView):
    area = roles.TRAINING
    audit_views = False
    column_list = ["name", "vocational_field"]
    column_searchable_list = ["name", "vocational_field"]
    column_labels = {"name": "Program pelatihan", "vocational_field": "Kejuruan", "description": "Uraian",
                     "cohorts": "Angkatan"}
    form_excluded_columns = ["cohorts"]
    form_args = {"name": {"validators": [DataRequired("Wajib diisi.")]}}
    column_export_list = ["name", "vocational_field", "description"]


class TrainingCohortView(SecureModelView):
    area = roles.TRAINING
    column_list = ["program", "name", "year", "status", "kecamatan", "desa", "start_date", "end_date",
                   "planned_participants", "funding", "partner_institution"]
    column_searchable_list = ["name", "venue", "partner_institution", "instructor"]
    column_filters = ["year", "status", "funding", "program.name", "kecamatan.name", "start_date"]
    column_default_sort = [("year", True), ("start_date", True)]
    column_labels = {
        "program": "Program", "program.name": "Program", "name": "Angkatan", "year": "Tahun", "status": "Status",
        "kecamatan": "Kecamatan", "kecamatan.name": "Kecamatan", "desa": "Desa", "venue": "Tempat",
        "start_date": "Mulai", "end_date": "Selesai", "planned_participants": "Rencana peserta",
        "training_days": "Jumlah hari", "funding": "Sumber dana", "partner_institution": "Lembaga mitra",
        "instructor": "Instruktur", "equipment_handover": "Serah terima peralatan",
        "cancellation_reason": "Alasan batal", "participants": "Peserta",
    }
    column_choices = {"status": select(codes.COHORT_STATUS), "funding": select(codes.FUNDING)}
    column_formatters = {"status": label_of(codes.COHORT_STATUS)}
    form_choices = {"status": select(codes.COHORT_STATUS), "funding": select(codes.FUNDING)}
    form_args = {
        "program": {"validators": [DataRequired("Pilih program.")]},
        "name": {"validators": [DataRequired("Wajib diisi.")]},
        "year": {"validators": [DataRequired("Wajib diisi."), NumberRange(2000, 2100, "Tahun tidak valid.")]},
        "planned_participants": {"validators": [Optional(), NumberRange(1, 500, "1–500 peserta.")]},
        "training_days": {"validators": [Optional(), NumberRange(1, 365, "1–365 hari.")]},
    }
    inline_models = [(TrainingParticipant, {
        "form_columns": ["id", "nik", "full_name", "sex", "birth_date", "phone", "eligibility", "selection_status",
                         "attendance_days", "graduated", "competency_result", "certificate_number", "follow_up"],
        "form_choices": PARTICIPANT_CHOICES,
        "column_labels": PARTICIPANT_LABELS,
        "form_overrides": {"nik": NikField},
        "form_args": {"nik": {"validators": [DataRequired("NIK wajib diisi."), nik_validator()]},
                      "full_name": {"validators": [DataRequired("Wajib diisi.")]}},
    })]
    column_export_list = ["program", "name", "year", "status", "kecamatan", "desa", "start_date", "end_date",
                          "planned_participants", "training_days", "funding", "partner_institution", "instructor"]
    column_formatters_export = column_formatters

    def on_model_change(self, form, model, is_created):
        for participant in model.participants:
            _blank_to_none(participant, ("competency_result", "follow_up"))
        super().on_model_change(form, model, is_created)


class TrainingParticipantView(SecureModelView):
    area = roles.TRAINING
    column_list = ["full_name", "nik", "sex", "cohort", "eligibility", "selection_status", "attendance_days",
                   "graduated", "competency_result", "follow_up"]
    column_searchable_list = ["full_name", "nik", "certificate_number"]
    column_filters = ["eligibility", "selection_status", "graduated", "competency_result", "follow_up", "sex"]
    column_default_sort = "full_name"
    column_labels = PARTICIPANT_LABELS
    column_choices = PARTICIPANT_CHOICES
    column_formatters = {"sex": label_of(codes.SEX), "eligibility": label_of(codes.ELIGIBILITY),
                         "selection_status": label_of(codes.SELECTION), "competency_result": label_of(codes.COMPETENCY),
                         "follow_up": label_of(codes.FOLLOW_UP)}
    form_choices = PARTICIPANT_CHOICES
    form_overrides = {"nik": NikField}
    form_columns = ["cohort", "nik", "full_name", "sex", "birth_date", "phone", "kecamatan", "desa", "eligibility",
                    "selection_status", "attendance_days", "graduated", "competency_result", "certificate_number",
                    "follow_up"]
    form_args = {"cohort": {"validators": [DataRequired("Pilih angkatan.")]},
                 "nik": {"validators": [DataRequired("NIK wajib diisi."), nik_validator()]},
                 "full_name": {"validators": [DataRequired("Wajib diisi.")]},
                 "attendance_days": {"validators": [Optional(), NumberRange(0, 365, "0–365 hari.")]}}
    column_export_list = ["cohort", "full_name", "nik", "sex", "eligibility", "selection_status", "attendance_days",
                          "graduated", "competency_result", "certificate_number", "follow_up"]
    column_formatters_export = column_formatters

    def on_model_change(self, form, model, is_created):
        _blank_to_none(model, ("competency_result", "follow_up"))
        super().on_model_change(form, model, is_created)
