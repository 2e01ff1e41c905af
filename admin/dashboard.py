"""The panel's home page. Every signed-in staff member sees what concerns their role, read from the
access matrix (domain/roles.py): pimpinan and admin, who may read every area, get the whole
dashboard; a mediator sees mediation, a BKK operator their own school's registrations, and so on.
Figures come from services/reports.py (aggregated in SQL); charts are drawn in the browser by
static/js/dashboard.js with the bundled Chart.js (static/vendor/chartjs), nothing from the internet."""
from __future__ import annotations

from datetime import timedelta

from flask_admin import expose
from flask_login import current_user
from sqlalchemy import func, select

from admin.security import SecureIndexView
from domain import codes, ipk, roles
from domain import mediation as mediation_rules
from extensions import db
from models import JobSeeker, TransmigrationFamily
from services import reports
from services.calendar import office_calendar
from services.clock import local_today

TREND_MONTHS = 12
DAILY_DAYS = 30


def sections_for(role: str | None) -> list[str]:
    """Which parts of the dashboard a role sees, in page order."""
    if role is None:
        return []
    shown = []
    if role in roles.QUEUE.read:
        shown.append("today")
    if role in roles.JOB_SEEKERS.read and role != roles.BKK:
        shown.append("job_seekers")
    if role == roles.BKK:
        shown.append("bkk")
    if role in roles.MEDIATION.read:
        shown.append("mediation")
    if role in roles.TRAINING.read:
        shown.append("training")
    if role in roles.TRANSMIGRATION.read:
        shown.append("transmigration")
    return shown


def gather(role: str, today, bkk_id: int | None = None) -> dict:
    """Everything the home page shows for `role` on `today` (the figures and the chart data).
    bench/reports.py times this function: it is the dashboard's database work."""
    sections = sections_for(role)
    context = {"today": today, "sections": sections, "charts": {}, "tables": {},
               "mediation_labels": mediation_rules, "can_open_reports": role in roles.REPORTS.read}
    charts = context["charts"]
    if "today" in sections:
        context["queue"] = reports.queue_today(today)
        context["events_today"] = reports.events_on(today)
    if "job_seekers" in sections:
        _job_seekers(context, charts, context["tables"], today)
    if "bkk" in sections:
        scope = select(func.count()).select_from(JobSeeker).where(JobSeeker.bkk_id == bkk_id)
        context["bkk_waiting"] = reports.awaiting_verification(bkk_id)
        context["bkk_active"] = db.session.scalar(scope.where(
            JobSeeker.status.in_(codes.ACTIVE_JOB_SEEKER_STATUSES))) or 0
        context["bkk_placed"] = db.session.scalar(scope.where(JobSeeker.status == codes.JS_PLACED)) or 0
    if "mediation" in sections:
        # every holiday up to the deadlines ahead: a case delegated long ago counts its working days
        # from then (the holiday table holds a few dozen rows a year)
        calendar = office_calendar(None, today + timedelta(days=120))
        context["mediation"] = reports.mediation_overview(today, calendar)
        context["mediation_status"] = reports.mediation_by_status()
    if "training" in sections:
        cohorts = reports.cohort_figures(statuses=("seleksi", "berjalan", "selesai"))
        cohorts = [c for c in cohorts if c.status != "selesai" or c.year >= today.year - 1][-10:]
        context["cohorts"] = cohorts
        charts["training"] = {
            "type": "bar", "labels": [f"{c.program} – {c.name} ({c.year})" for c in cohorts],
            "datasets": [{"label": "Peserta", "data": [c.participants for c in cohorts]},
                         {"label": "Lulus", "data": [c.graduates for c in cohorts]},
                         {"label": "Kompeten", "data": [c.competent for c in cohorts]}]}
    if "transmigration" in sections:
        stages = reports.families_by_stage()
        context["transmigration"] = stages
        context["departed_this_year"] = db.session.scalar(
            select(func.count()).select_from(TransmigrationFamily).where(
                TransmigrationFamily.stage == "pemberangkatan",
                TransmigrationFamily.departure_date >= today.replace(month=1, day=1))) or 0
        charts["transmigration"] = {
            "type": "bar", "horizontal": True, "labels": [label for _c, label, _t, _p in stages],
            "datasets": [{"label": codes.TRANSMIGRATION_TYPES[t].split(" ")[0],
                          "data": [per_type[t] for _c, _l, per_type, _p in stages], "stack": "kk"}
                         for t in codes.TRANSMIGRATION_TYPES]}
    return context


class DashboardIndexView(SecureIndexView):
    @expose("/")
    def index(self):
        context = gather(current_user.role, local_today(), current_user.bkk_id)
        return self.render("admin/dashboard.html", **context)


def _job_seekers(context, charts, tables, today):
    month = today.replace(day=1)
    trend = reports.monthly_trend(month, TREND_MONTHS)
    daily = reports.registrations_per_day(today - timedelta(days=DAILY_DAYS - 1), today)
    by_kecamatan = sorted(reports.breakdown("kecamatan_code", month), key=lambda b: -b.active)
    by_education = reports.breakdown("education_level", month)
    by_age = reports.breakdown("age_group", month)
    by_sex = reports.breakdown("sex", month)
    this_month = trend[-1]
    context.update(trend=trend, daily=daily, by_kecamatan=by_kecamatan, by_education=by_education,
                   by_age=by_age, by_sex=by_sex, this_month=this_month, month=month,
                   month_label=ipk.month_label(month), waiting=reports.awaiting_verification())
    short = [f"{ipk.MONTH_NAMES[m.month.month - 1][:3]} {m.month.year % 100:02d}" for m in trend]

    def n(value):
        return f"{value:,}".replace(",", ".")

    tables["monthly"] = [(ipk.month_label(m.month), n(m.registered), n(m.placed), n(m.removed), n(m.remaining))
                         for m in trend]
    tables["placement"] = [(ipk.month_label(m.month), n(m.placed_akl), n(m.placed_akad), n(m.placed_akan))
                           for m in trend]
    tables["daily"] = [(f"{d.day} {ipk.MONTH_NAMES[d.month - 1]} {d.year}", n(c)) for d, c in daily]
    for key, rows in (("kecamatan", by_kecamatan), ("education", by_education), ("age", by_age), ("sex", by_sex)):
        tables[key] = [(b.label, n(b.active), n(b.registered), n(b.placed)) for b in rows]
    charts["daily"] = {"type": "bar", "labels": [f"{d.day}/{d.month}" for d, _n in daily],
                       "datasets": [{"label": "Pendaftaran masuk", "data": [n for _d, n in daily]}]}
    charts["monthly"] = {
        "type": "bar", "labels": short,
        "datasets": [{"label": "Terdaftar", "data": [m.registered for m in trend]},
                     {"label": "Ditempatkan", "data": [m.placed for m in trend]},
                     {"label": "Dihapuskan", "data": [m.removed for m in trend]},
                     {"label": "Sisa akhir bulan (sumbu kanan)", "data": [m.remaining for m in trend],
                      "type": "line", "yAxisID": "y2"}]}
    charts["placements"] = {
        "type": "bar", "labels": short,
        "datasets": [{"label": label, "data": [getattr(m, "placed_" + t.lower()) for m in trend], "stack": "p"}
                     for t, label in (("AKL", "AKL (lokal)"), ("AKAD", "AKAD (antardaerah)"),
                                      ("AKAN", "AKAN (luar negeri)"))]}
    charts["kecamatan"] = {"type": "bar", "horizontal": True, "labels": [b.label for b in by_kecamatan],
                           "datasets": [{"label": "Pencari kerja aktif", "data": [b.active for b in by_kecamatan]}]}
    charts["education"] = {"type": "bar", "labels": [b.label for b in by_education],
                           "datasets": [{"label": "Pencari kerja aktif", "data": [b.active for b in by_education]}]}
    charts["age"] = {"type": "bar", "labels": [b.label for b in by_age],
                     "datasets": [{"label": "Pencari kerja aktif", "data": [b.active for b in by_age]}]}
    charts["sex"] = {"type": "doughnut", "labels": [b.label for b in by_sex],
                     "datasets": [{"label": "Pencari kerja aktif", "data": [b.active for b in by_sex]}]}
