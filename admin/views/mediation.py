"""Industrial-dispute mediation cases with their sessions."""
from __future__ import annotations

from flask import g
from flask_admin.contrib.sqla.fields import QuerySelectField
from flask_admin.helpers import is_form_submitted
from flask_babel import format_date
from markupsafe import Markup, escape
from sqlalchemy.orm import selectinload
from wtforms.validators import DataRequired, InputRequired, NumberRange

from admin.fields import label_of, select
from admin.security import SecureModelView
from domain import codes, roles
from domain import mediation as mediation_rules
from extensions import db
from models import MediationCase, MediationSession, User
from services import reports
from services.calendar import office_calendar
from services.clock import local_today


def _mediators(keep_id: int | None = None):
    """Active mediators to choose from, and the case's own mediator even if no longer active: a
    case keeps the record of who handled it when it is saved again."""
    chosen = User.role == roles.MEDIATOR
    chosen = (chosen & User.active.is_(True)) | (User.id == keep_id) if keep_id is not None else \
        chosen & User.active.is_(True)
    return db.session.query(User).filter(chosen).order_by(User.full_name)


def _mediator_label(user: User) -> str:
    return user.full_name if user.active else f"{user.full_name} (tidak aktif)"


def _calendar():
    """The office's working-day calendar, read once per request."""
    if "office_calendar" not in g:
        g.office_calendar = office_calendar()
    return g.office_calendar


def _next_deadline(view, context, model, name) -> str:
    """Where the case stands against its statutory deadlines (domain.mediation.status)."""
    state = mediation_rules.status(reports.case_facts(model), _calendar(), local_today())
    step = state.next_deadline
    if step is None:
        return state.label
    left = state.working_days_left
    when = f"terlambat {-left} hari kerja" if state.state == mediation_rules.OVERDUE else f"sisa {left} hari kerja"
    return f"{state.label}: {step.label.split(' (')[0]}, batas {format_date(step.due, 'd MMM y')} ({when})"


def _deadline_table(case) -> Markup:
    steps = mediation_rules.deadlines(reports.case_facts(case), _calendar())
    if not steps:
        return Markup("<em>Tenggat berjalan sejak perkara dilimpahkan ke mediator.</em>")
    rows = []
    for step in steps:
        done = format_date(step.done_on, "d MMM y") if step.done else "—"
        note = ("terlambat" if step.late else "tepat waktu") if step.done else (
            "lewat batas" if step.due < local_today() else "belum")
        rows.append(f"<tr><td>{escape(step.label)}</td><td>{format_date(step.due, 'd MMM y')}</td>"
                    f"<td>{done}</td><td>{note}</td></tr>")
    return Markup('<table class="table table-sm table-bordered mb-0"><thead><tr><th>Langkah</th><th>Batas</th>'
                  f"<th>Dilakukan</th><th>Keterangan</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


class MediationCaseView(SecureModelView):
    area = roles.MEDIATION
    column_list = ["register_number", "registered_on", "dispute_type", "company_name", "worker_party",
                   "worker_count", "mediator", "delegated_on", "status", "tenggat", "outcome"]
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
        "tenggat": "Tenggat berikutnya", "tenggat_semua": "Tenggat (UU 2/2004)",
    }
    column_choices = {"dispute_type": select(codes.DISPUTE_TYPES), "status": select(codes.CASE_STATUS),
                      "outcome": select(codes.CASE_OUTCOMES), "worker_answer": select(codes.ANJURAN_ANSWERS),
                      "company_answer": select(codes.ANJURAN_ANSWERS)}
    column_formatters = {"dispute_type": label_of(codes.DISPUTE_TYPES), "status": label_of(codes.CASE_STATUS),
                         "outcome": label_of(codes.CASE_OUTCOMES), "worker_answer": label_of(codes.ANJURAN_ANSWERS),
                         "company_answer": label_of(codes.ANJURAN_ANSWERS), "tenggat": _next_deadline,
                         "tenggat_semua": lambda view, context, model, name: _deadline_table(model)}
    form_choices = {"dispute_type": select(codes.DISPUTE_TYPES), "status": select(codes.CASE_STATUS),
                    "outcome": select(codes.CASE_OUTCOMES),
                    "worker_answer": select(codes.ANJURAN_ANSWERS),
                    "company_answer": select(codes.ANJURAN_ANSWERS)}
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
        "registered_on": {"validators": [InputRequired("Wajib diisi.")]},
        "worker_party": {"validators": [DataRequired("Wajib diisi.")]},
        "company_name": {"validators": [DataRequired("Wajib diisi.")]},
        "worker_count": {"validators": [InputRequired("Wajib diisi."), NumberRange(1, 100000, "Minimal 1 pekerja.")]},
        "mediator": {"query_factory": _mediators, "allow_blank": True, "blank_text": "— belum ditunjuk —",
                     "get_label": _mediator_label},
    }
    inline_models = [(MediationSession, {
        "form_columns": ["id", "held_on", "kind", "attendance", "minutes"],
        "form_choices": {"kind": select(codes.SESSION_KINDS)},
        "column_labels": {"held_on": "Tanggal", "kind": "Jenis", "attendance": "Kehadiran", "minutes": "Risalah"},
    })]
    column_export_list = ["register_number", "registered_on", "dispute_type", "company_name", "worker_party",
                          "worker_count", "mediator", "delegated_on", "status", "outcome", "closed_on"]
    column_formatters_export = column_formatters

    def get_query(self):
        # the list's deadline column reads each case's sessions: one query for the page, not one a row
        return super().get_query().options(selectinload(MediationCase.sessions))

    def get_details_columns(self):
        columns = super().get_details_columns()
        at = next((i for i, (name, _) in enumerate(columns) if name == "status"), len(columns) - 1) + 1
        return columns[:at] + [("tenggat_semua", self.get_column_name("tenggat_semua"))] + columns[at:]

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and obj.mediator_id is not None:
            form.mediator.query_factory = lambda keep_id=obj.mediator_id: _mediators(keep_id)
        return form

    def validate_form(self, form):
        """The record's dates and status must follow the procedure's order (domain.mediation.
        record_problems): each problem is shown at its field, with everything typed kept."""
        valid = super().validate_form(form)
        if not is_form_submitted() or not hasattr(form, "registered_on"):
            return valid
        sessions = [entry.form for entry in form.sessions.entries if not form.sessions.should_delete(entry)] \
            if hasattr(form, "sessions") else []
        record = mediation_rules.CaseRecord(
            delegated_on=form.delegated_on.data,
            mediation_sessions=tuple(s.held_on.data for s in sessions if s.held_on.data and s.kind.data == "mediasi"),
            clarification_sessions=tuple(s.held_on.data for s in sessions
                                         if s.held_on.data and s.kind.data == "klarifikasi"),
            anjuran_date=form.anjuran_date.data, anjuran_received_on=form.anjuran_received_on.data,
            worker_answered_on=form.worker_answered_on.data, company_answered_on=form.company_answered_on.data,
            outcome=form.outcome.data or None, closed_on=form.closed_on.data,
            registered_on=form.registered_on.data, bipartite_ended_on=form.bipartite_ended_on.data,
            case_status=form.status.data)
        problems = mediation_rules.record_problems(record, local_today())
        if "sessions" in problems:  # at the date of each session held before the hand-over
            message = problems.pop("sessions")
            for index in mediation_rules.early_sessions([s.held_on.data for s in sessions], form.delegated_on.data):
                sessions[index].held_on.errors = [*sessions[index].held_on.errors, message]
            valid = False
        for name, message in problems.items():
            form[name].errors = [*form[name].errors, message]
        return valid and not problems

    def on_model_change(self, form, model, is_created):
        for name in ("outcome", "worker_answer", "company_answer"):
            if getattr(model, name) == "":
                setattr(model, name, None)
        super().on_model_change(form, model, is_created)
