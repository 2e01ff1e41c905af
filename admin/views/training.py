"""Training programs, cohorts (angkatan) and participants."""
from __future__ import annotations

from flask import request
from flask_admin.helpers import is_form_submitted
from sqlalchemy import select as sql_select
from wtforms.validators import DataRequired, NumberRange, Optional

from admin.fields import label_of, mobile_phone_validator, nik_validator, select
from admin.security import SecureModelView
from domain import codes, ids, roles
from domain import training as training_rules
from extensions import db
from forms_base import NikField
from models import TrainingParticipant
from services.clock import local_today


PARTICIPANT_LABELS = {
    "cohort": "Angkatan", "nik": "NIK", "full_name": "Nama", "sex": "Jenis kelamin", "birth_date": "Tanggal lahir",
    "phone": "No. HP", "kecamatan": "Kecamatan", "desa": "Desa", "eligibility": "Kategori",
    "selection_status": "Seleksi", "attendance_days": "Hari hadir", "graduated": "Lulus",
    "competency_result": "Uji kompetensi", "certificate_number": "No. sertifikat", "follow_up": "Tindak lanjut",
}
PARTICIPANT_CHOICES = {
    "sex": select(codes.SEX), "eligibility": select(codes.ELIGIBILITY), "selection_status": select(codes.SELECTION),
    "competency_result": select(codes.COMPETENCY), "follow_up": select(codes.FOLLOW_UP),
}


def _blank_to_none(model, names):
    for name in names:
        if getattr(model, name) == "":
            setattr(model, name, None)


def _participant(form) -> training_rules.Participant:
    return training_rules.Participant(
        nik=form.nik.data or None, selection_status=form.selection_status.data or None,
        attendance_days=form.attendance_days.data, graduated=bool(form.graduated.data),
        competency_result=form.competency_result.data or None, follow_up=form.follow_up.data or None)


def _show(form, problems: dict[str, str]) -> bool:
    """Put each problem at its field; True when there were none."""
    for name, message in problems.items():
        form[name].errors = [*form[name].errors, message]
    return not problems


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
                      "full_name": {"validators": [DataRequired("Wajib diisi.")]},
                      "phone": {"validators": [mobile_phone_validator]}},
    })]
    column_export_list = ["program", "name", "year", "status", "kecamatan", "desa", "start_date", "end_date",
                          "planned_participants", "training_days", "funding", "partner_institution", "instructor"]
    column_formatters_export = column_formatters

    def validate_form(self, form):
        """The cohort and each participant row hold together (domain.training), each problem at
        its field (a participant's at its own row), with everything typed kept."""
        valid = super().validate_form(form)
        if not is_form_submitted() or not hasattr(form, "year"):
            return valid
        ok = _show(form, training_rules.cohort_problems(
            year=form.year.data, start=form.start_date.data, end=form.end_date.data,
            training_days=form.training_days.data, status=form.status.data,
            cancellation_reason=form.cancellation_reason.data if hasattr(form, "cancellation_reason") else None,
            today=local_today()))
        rows = [entry.form for entry in form.participants.entries if not form.participants.should_delete(entry)]
        twice = training_rules.duplicate_niks([row.nik.data for row in rows])
        for row in rows:
            problems = training_rules.participant_problems(_participant(row), form.training_days.data)
            if row.nik.data in twice:
                problems["nik"] = f"NIK {row.nik.data} tercatat dua kali di angkatan ini."
            ok = _show(row, problems) and ok
        return valid and ok

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
                 "phone": {"validators": [mobile_phone_validator]},
                 "attendance_days": {"validators": [Optional(), NumberRange(0, 365, "0–365 hari.")]}}
    column_export_list = ["cohort", "full_name", "nik", "sex", "eligibility", "selection_status", "attendance_days",
                          "graduated", "competency_result", "certificate_number", "follow_up"]
    column_formatters_export = column_formatters

    def validate_form(self, form):
        valid = super().validate_form(form)
        if not is_form_submitted() or not hasattr(form, "cohort"):
            return valid
        cohort = form.cohort.data
        problems = training_rules.participant_problems(_participant(form), getattr(cohort, "training_days", None))
        if cohort is not None and form.nik.data:
            editing = ids.parse_id(request.args.get("id", "")) if request.endpoint.endswith("edit_view") else None
            same = sql_select(TrainingParticipant.id).where(TrainingParticipant.cohort_id == cohort.id,
                                                        TrainingParticipant.nik == form.nik.data)
            if editing is not None:
                same = same.where(TrainingParticipant.id != editing)
            if db.session.scalar(same.limit(1)) is not None:
                problems["nik"] = f"NIK {form.nik.data} sudah terdaftar di angkatan ini."
        return _show(form, problems) and valid

    def on_model_change(self, form, model, is_created):
        _blank_to_none(model, ("competency_result", "follow_up"))
        super().on_model_change(form, model, is_created)
