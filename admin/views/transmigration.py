"""Transmigration families (KK), members and stage history."""
from __future__ import annotations

from flask import request
from flask_admin.helpers import is_form_submitted
from sqlalchemy import select as sql_select
from wtforms.validators import DataRequired, InputRequired

from admin.fields import kk_validator, label_of, mobile_phone_validator, nik_validator, select
from admin.security import SecureModelView
from domain import codes, ids, roles
from domain import transmigration as transmigration_rules
from extensions import db
from forms_base import NikField
from models import TransmigrationFamily, TransmigrationMember, TransmigrationStageEvent
from services.clock import local_today


MEMBER_LABELS = {"family": "Keluarga", "nik": "NIK", "full_name": "Nama", "relationship_to_head": "Hubungan",
                 "sex": "Jenis kelamin", "birth_date": "Tanggal lahir"}
MEMBER_CHOICES = {"relationship_to_head": select(codes.RELATIONSHIP), "sex": select(codes.SEX)}


class TransmigrationFamilyView(SecureModelView):
    area = roles.TRANSMIGRATION
    column_list = ["head_name", "kk_number", "origin_kecamatan", "origin_desa", "transmigration_type", "stage",
                   "interest_level", "destination_province", "destination_regency", "departure_batch"]
    column_searchable_list = ["head_name", "kk_number", "head_nik", "origin_desa"]
    column_filters = ["stage", "transmigration_type", "interest_level", "origin_kecamatan.name",
                      "destination_province", "registered_on"]
    column_default_sort = ("registered_on", True)
    column_labels = {
        "kk_number": "No. KK", "registered_on": "Tgl. daftar", "transmigration_type": "Jenis", "stage": "Tahap",
        "interest_level": "Minat", "origin_kecamatan": "Kecamatan asal", "origin_kecamatan.name": "Kecamatan asal",
        "origin_desa": "Desa asal", "address": "Alamat", "phone": "No. HP", "head_nik": "NIK kepala keluarga",
        "head_name": "Kepala keluarga", "head_birth_date": "Tgl. lahir KK", "head_education": "Pendidikan KK",
        "head_skills": "Keterampilan", "doc_kk": "Ada KK", "doc_ktp": "Ada KTP",
        "doc_marriage_certificate": "Ada akta nikah", "doc_health_certificate": "Ada surat sehat",
        "doc_never_transmigrated": "Surat belum pernah bertransmigrasi", "destination_province": "Provinsi tujuan",
        "destination_regency": "Kabupaten tujuan", "destination_settlement": "UPT/SP tujuan",
        "departure_batch": "Kloter berangkat", "departure_date": "Tgl. berangkat", "notes": "Catatan",
        "members": "Anggota keluarga", "stages": "Riwayat tahapan",
    }
    column_choices = {"transmigration_type": select(codes.TRANSMIGRATION_TYPES),
                      "stage": select(codes.TRANSMIGRATION_STAGES), "interest_level": select(codes.INTEREST),
                      "head_education": select(codes.EDUCATION_LEVELS)}
    column_formatters = {"stage": label_of(codes.TRANSMIGRATION_STAGES), "interest_level": label_of(codes.INTEREST)}
    form_choices = {"transmigration_type": select(codes.TRANSMIGRATION_TYPES),
                    "stage": select(codes.TRANSMIGRATION_STAGES), "interest_level": select(codes.INTEREST),
                    "head_education": select(codes.EDUCATION_LEVELS)}
    form_overrides = {"kk_number": NikField, "head_nik": NikField}
    form_args = {
        "kk_number": {"validators": [DataRequired("No. KK wajib diisi."), kk_validator]},
        "head_nik": {"validators": [DataRequired("NIK wajib diisi."), nik_validator("head_birth_date", None)]},
        "head_name": {"validators": [DataRequired("Wajib diisi.")]},
        "registered_on": {"validators": [InputRequired("Wajib diisi.")]},
        "origin_kecamatan": {"validators": [DataRequired("Pilih kecamatan asal.")]},
        "phone": {"validators": [mobile_phone_validator]},
    }
    inline_models = [
        (TransmigrationMember, {"form_columns": ["id", "nik", "full_name", "relationship_to_head", "sex", "birth_date"],
                                "form_choices": MEMBER_CHOICES, "column_labels": MEMBER_LABELS,
                                "form_overrides": {"nik": NikField},
                                "form_args": {"nik": {"validators": [DataRequired("NIK wajib diisi."),
                                                                     nik_validator()]},
                                              "full_name": {"validators": [DataRequired("Wajib diisi.")]}}}),
        (TransmigrationStageEvent, {"form_columns": ["id", "stage", "occurred_on", "note"],
                                    "form_choices": {"stage": select(codes.TRANSMIGRATION_STAGES)},
                                    "column_labels": {"stage": "Tahap", "occurred_on": "Tanggal", "note": "Catatan"}}),
    ]
    column_export_list = ["head_name", "kk_number", "origin_kecamatan", "origin_desa", "transmigration_type",
                          "stage", "interest_level", "destination_province", "destination_regency",
                          "destination_settlement", "departure_batch", "departure_date"]
    column_formatters_export = column_formatters

    def validate_form(self, form):
        """The family's record holds together (domain.transmigration.family_problems), each problem
        at its field with everything typed kept."""
        valid = super().validate_form(form)
        if not is_form_submitted() or not hasattr(form, "registered_on"):
            return valid
        family_id = ids.parse_id(request.args.get("id", "")) if request.endpoint.endswith("edit_view") else None
        stored = db.session.get(TransmigrationFamily, family_id) if family_id else None
        stages = [e.form for e in form.stages.entries if not form.stages.should_delete(e)]
        members = [e.form for e in form.members.entries if not form.members.should_delete(e)]
        history = [transmigration_rules.StageRow(f.stage.data, f.occurred_on.data, new=not f.id.data) for f in stages]
        people = [transmigration_rules.Member(f.nik.data or None, f.relationship_to_head.data or None,
                                              f.sex.data or None) for f in members]
        head_nik = form.head_nik.data or None
        elsewhere = _in_other_families({head_nik} | {m.nik for m in people if m.nik} - {None}, family_id)
        members_elsewhere = {m.nik: elsewhere[m.nik] for m in people if m.nik in elsewhere and m.nik != head_nik}
        today = local_today()
        problems = transmigration_rules.family_problems(
            registered_on=form.registered_on.data, chosen_stage=form.stage.data,
            stored_stage=stored.stage if stored else None, history=history, members=people, today=today,
            stage_labels=codes.TRANSMIGRATION_STAGES, head_elsewhere=elsewhere.get(head_nik) if head_nik else None,
            members_elsewhere=members_elsewhere)
        # a row's problem at that row's field
        if problems.pop("stages", None):
            index, message = transmigration_rules.stage_row_problem(history, form.registered_on.data, today)
            stages[index].occurred_on.errors = [*stages[index].occurred_on.errors, message]
            valid = False
        if problems.pop("members", None):
            index, name, message = transmigration_rules.member_problem(people, members_elsewhere)
            members[index][name].errors = [*members[index][name].errors, message]
            valid = False
        for name, message in problems.items():
            form[name].errors = [*form[name].errors, message]
        return valid and not problems

    def on_model_change(self, form, model, is_created):
        if model.head_education == "":
            model.head_education = None
        # The stage history is what the reports count: the latest dated event is the current stage,
        # and a stage chosen only in the "Tahap" field (a new family, or a change without a new
        # history row) is written to the history as of today (a new family: its registration date).
        from sqlalchemy import inspect as sa_inspect

        from services.clock import local_today

        dated = [s for s in model.stages if s.occurred_on]
        latest = max(dated, key=lambda s: (s.occurred_on, s.id or 0)) if dated else None
        history_added = any(sa_inspect(s).transient or sa_inspect(s).pending for s in dated)
        stage_chosen = sa_inspect(model).attrs.stage.history.has_changes() or is_created
        if latest is None or (stage_chosen and not history_added and model.stage != latest.stage):
            model.stages.append(TransmigrationStageEvent(
                stage=model.stage or "pendaftaran", occurred_on=model.registered_on if is_created else local_today(),
                note="dicatat dari isian Tahap"))
        else:
            model.stage = latest.stage
        super().on_model_change(form, model, is_created)


def _in_other_families(niks: set[str], family_id: int | None) -> dict[str, str]:
    """{NIK: KK number} for those of `niks` already a head or a member of another family that has
    not withdrawn."""
    if not niks:
        return {}
    F, M = TransmigrationFamily, TransmigrationMember
    others = [F.stage != transmigration_rules.WITHDRAWN] + ([F.id != family_id] if family_id else [])
    found = dict(db.session.execute(sql_select(F.head_nik, F.kk_number).where(F.head_nik.in_(niks), *others)).all())
    found.update({nik: kk for nik, kk in db.session.execute(
        sql_select(M.nik, F.kk_number).join(F, M.family_id == F.id).where(M.nik.in_(niks), *others))
        if nik not in found})
    return found


class TransmigrationMemberView(SecureModelView):
    area = roles.TRANSMIGRATION
    column_list = ["full_name", "nik", "relationship_to_head", "sex", "birth_date", "family"]
    column_searchable_list = ["full_name", "nik"]
    column_filters = ["relationship_to_head", "sex"]
    column_labels = MEMBER_LABELS
    column_choices = MEMBER_CHOICES
    column_formatters = {"relationship_to_head": label_of(codes.RELATIONSHIP), "sex": label_of(codes.SEX)}
    form_choices = MEMBER_CHOICES
    form_overrides = {"nik": NikField}
    form_columns = ["family", "nik", "full_name", "relationship_to_head", "sex", "birth_date"]
    form_args = {"family": {"validators": [DataRequired("Pilih keluarga.")]},
                 "nik": {"validators": [DataRequired("NIK wajib diisi."), nik_validator()]},
                 "full_name": {"validators": [DataRequired("Wajib diisi.")]}}
    column_export_list = ["family", "full_name", "nik", "relationship_to_head", "sex", "birth_date"]
    column_formatters_export = column_formatters

    def validate_form(self, form):
        """A member entered on their own page follows the same rules as in the family's form: the
        family's other members are taken into account (domain.transmigration.member_problem)."""
        valid = super().validate_form(form)
        if not is_form_submitted() or not hasattr(form, "family") or form.family.data is None:
            return valid
        family = form.family.data
        member_id = ids.parse_id(request.args.get("id", "")) if request.endpoint.endswith("edit_view") else None
        others = [transmigration_rules.Member(m.nik, m.relationship_to_head, m.sex) for m in family.members
                  if m.id != member_id]
        this = transmigration_rules.Member(form.nik.data or None, form.relationship_to_head.data or None,
                                           form.sex.data or None)
        elsewhere = _in_other_families({this.nik}, family.id) if this.nik and this.nik != family.head_nik else {}
        found = transmigration_rules.member_problem(others + [this], elsewhere)
        if found is None:
            return valid
        index, name, message = found
        field = form[name] if index == len(others) else form.relationship_to_head  # (about another member: at
        field.errors = [*field.errors, message]                                   # this one's relationship)
        return False
