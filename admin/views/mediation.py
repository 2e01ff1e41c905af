"""Industrial-dispute mediation cases with their sessions."""
from __future__ import annotations

from flask_admin.contrib.sqla.fields import QuerySelectField
from wtforms.validators import DataRequired, NumberRange

from admin.fields import label_of, select
from admin.security import SecureModelView
from domain import codes, roles
from extensions import db
from models import MediationSession, User


def _mediators():
    return db.session.query(User).filter(User.role == roles.MEDIATOR, User.active.is_(True)).order_by(User.full_name)


class MediationCaseView(SecureModelView):
    area = roles.MEDIATION
    column_list = ["register_number", "registered_on", "dispute_type", "company_name", "worker_party",
                   "worker_count", "mediator", "delegated_on", "status", "outcome"]
    column_searchable_list = ["register_number", "company_name", "worker_party"]
    column_filters = ["dispute_type", "status", "outcome", "registered_on", "delegated_on", "mediator.full_name"]
    column_default_sort = ("registered_on", True)
    column_labels = {
        "register_number": "No. register", "registered_on": "Tgl. dicatat", "dispute_type": "Jenis perselisihan",
        "status": "Status", "worker_count": "Jumlah pekerja", "worker_party": "Pihak pekerja/serikat",
        "worker_representative": "Kuasa/wakil pekerja", "worker_power_of_attorney": "Surat kuasa pekerja",
        "company_name": "Perusahaan", "company_address": "Alamat perusahaan",
        "company_representative": "Kuasa/wakil pengusaha", "company_power_of_attorney": "Surat kuasa pengusaha",
        "bipartite_minutes": "Risalah bipartit", "bipartite_ended_on": "Bipartit berakhir",
        "summary": "Pokok perselisihan", "delegated_on": "Tgl. dilimpahkan ke mediator", "mediator": "Mediator",
        "mediator.full_name": "Mediator", "anjuran_number": "No. anjuran", "anjuran_date": "Tgl. anjuran",
        "anjuran_received_on": "Anjuran diterima para pihak", "worker_answer": "Jawaban pekerja",
        "worker_answered_on": "Tgl. jawaban pekerja", "company_answer": "Jawaban pengusaha",
        "company_answered_on": "Tgl. jawaban pengusaha", "outcome": "Hasil",
        "agreement_akta_number": "No. akta PB (PHI)", "closed_on": "Tgl. selesai", "sessions": "Sidang",
    }
    column_choices = {"dispute_type": select(codes.DISPUTE_TYPES), "status": select(codes.CASE_STATUS),
                      "outcome": select(codes.CASE_OUTCOMES), "worker_answer": select(codes.ANJURAN_ANSWERS),
                      "company_answer": select(codes.ANJURAN_ANSWERS)}
    column_formatters = {"dispute_type": label_of(codes.DISPUTE_TYPES), "status": label_of(codes.CASE_STATUS),
                         "outcome": label_of(codes.CASE_OUTCOMES)}
    form_choices = {"dispute_type": select(codes.DISPUTE_TYPES), "status": select(codes.CASE_STATUS),
                    "outcome": select(codes.CASE_OUTCOMES, optional=True),
                    "worker_answer": select(codes.ANJURAN_ANSWERS, optional=True),
                    "company_answer": select(codes.ANJURAN_ANSWERS, optional=True)}
    form_columns = [
        "register_number", "registered_on", "dispute_type", "status", "worker_count", "worker_party",
        "worker_representative", "worker_power_of_attorney", "company_name", "company_address",
        "company_representative", "company_power_of_attorney", "bipartite_minutes", "bipartite_ended_on",
        "summary", "delegated_on", "mediator", "anjuran_number", "anjuran_date", "anjuran_received_on",
        "worker_answer", "worker_answered_on", "company_answer", "company_answered_on", "outcome",
        "agreement_akta_number", "closed_on", "sessions",
    ]
    form_overrides = {"mediator": QuerySelectField}
    form_args = {
        "register_number": {"validators": [DataRequired("Wajib diisi.")]},
        "registered_on": {"validators": [DataRequired("Wajib diisi.")]},
        "worker_party": {"validators": [DataRequired("Wajib diisi.")]},
        "company_name": {"validators": [DataRequired("Wajib diisi.")]},
        "worker_count": {"validators": [DataRequired("Wajib diisi."), NumberRange(1, 100000, "Minimal 1 pekerja.")]},
        "mediator": {"query_factory": _mediators, "allow_blank": True, "blank_text": "— belum ditunjuk —",
                     "get_label": "full_name"},
    }
    inline_models = [(MediationSession, {
        "form_columns": ["id", "held_on", "kind", "attendance", "minutes"],
        "form_choices": {"kind": select(codes.SESSION_KINDS)},
        "column_labels": {"held_on": "Tanggal", "kind": "Jenis", "attendance": "Kehadiran", "minutes": "Risalah"},
    })]
    column_export_list = ["register_number", "registered_on", "dispute_type", "company_name", "worker_party",
                          "worker_count", "mediator", "delegated_on", "status", "outcome", "closed_on"]
    column_formatters_export = column_formatters

    def on_model_change(self, form, model, is_created):
        for name in ("outcome", "worker_answer", "company_answer"):
            if getattr(model, name) == "":
                setattr(model, name, None)
        super().on_model_change(form, model, is_created)
