"""The panel's home page: what concerns the signed-in user's role, counted in SQL."""
from __future__ import annotations

from datetime import date

from flask_admin import expose
from flask_login import current_user
from sqlalchemy import func, select

from admin.security import SecureIndexView
from services.clock import local_today
from domain import codes, roles
from extensions import db
from models import JobSeeker, MediationCase, QueueBooking, TrainingCohort, TransmigrationFamily


def _count(stmt) -> int:
    return db.session.scalar(stmt) or 0


class DashboardIndexView(SecureIndexView):
    @expose("/")
    def index(self):
        role = current_user.role
        tiles = []
        today = local_today()
        if role in roles.JOB_SEEKERS.read:
            scope = select(func.count()).select_from(JobSeeker)
            if role == roles.BKK:
                scope = scope.where(JobSeeker.bkk_id == current_user.bkk_id)
            tiles.append(("Menunggu verifikasi", _count(scope.where(JobSeeker.status == codes.JS_SUBMITTED)),
                          "pencaker.index_view"))
            tiles.append(("Pencari kerja aktif", _count(scope.where(
                JobSeeker.status.in_(codes.ACTIVE_JOB_SEEKER_STATUSES))), "pencaker.index_view"))
        if role in roles.QUEUE.read:
            tiles.append(("Antrean hari ini", _count(select(func.count()).select_from(QueueBooking).where(
                QueueBooking.day == today, QueueBooking.status != codes.BOOKING_CANCELLED)), "pemesanan.index_view"))
        if role in roles.MEDIATION.read:
            tiles.append(("Kasus mediasi berjalan", _count(select(func.count()).select_from(MediationCase).where(
                MediationCase.status != codes.CASE_CLOSED)), "mediasi.index_view"))
        if role in roles.TRAINING.read:
            tiles.append(("Angkatan pelatihan berjalan", _count(select(func.count()).select_from(TrainingCohort).where(
                TrainingCohort.status == "berjalan")), "angkatan.index_view"))
        if role in roles.TRANSMIGRATION.read:
            tiles.append(("Keluarga calon transmigran", _count(select(func.count()).select_from(
                TransmigrationFamily).where(TransmigrationFamily.stage.notin_(("pemberangkatan", "batal")))),
                "keluarga_transmigrasi.index_view"))
        return self.render("admin/dashboard.html", tiles=tiles, today=today)
