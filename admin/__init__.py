"""The staff panel (Flask-Admin 2.x, Bootstrap 4), built per app by init_app."""
from __future__ import annotations

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from admin.dashboard import DashboardIndexView
from admin.views.cards import CardDeskView
from admin.views.desk import DeskView  # queue desk
from admin.views.job_seekers import JobSeekerEventView, JobSeekerView
from admin.views.mediation import MediationCaseView
from admin.views.people import BkkView, UserView
from admin.views.queue import QueueBookingView, ServiceDayView
from admin.views.reports import ReportView  # reports
from admin.views.system import AuditLogView, HolidayView, KecamatanView, SettingView
from admin.views.training import TrainingCohortView, TrainingParticipantView, TrainingProgramView
from admin.views.transmigration import TransmigrationFamilyView, TransmigrationMemberView
from admin.views.verification import RegistrationDeskView, VerificationView
from extensions import db
from i18n import TRANSLATIONS_DIR
from models import (
    AuditLog, Bkk, Holiday, JobSeeker, JobSeekerEvent, Kecamatan, MediationCase, QueueBooking, ServiceDay,
    Setting, TrainingCohort, TrainingParticipant, TrainingProgram, TransmigrationFamily, TransmigrationMember,
    User,
)

AK1 = "Kartu AK-1"
QUEUE = "Antrean"
TRAINING = "Pelatihan"
TRANSMIGRATION = "Transmigrasi"
SYSTEM = "Pengaturan"


def init_app(app: Flask) -> Admin:
    admin = Admin(
        app,
        name="Disnakertrans Kab. Serang",
        url="/admin",
        index_view=DashboardIndexView(name="Beranda", url="/admin", endpoint="admin"),
        theme=Bootstrap4Theme(swatch="default", fluid=True, base_template="admin/app_base.html"),
        translations_path=str(TRANSLATIONS_DIR),
    )
    views = [
        VerificationView(name="Verifikasi pendaftaran", category=AK1, endpoint="verifikasi"),
        RegistrationDeskView(name="Daftarkan pencari kerja", category=AK1, endpoint="daftar_langsung"),
        CardDeskView(name="Meja kartu", category=AK1, endpoint="kartu"),
        JobSeekerView(JobSeeker, db, name="Pencari kerja", category=AK1, endpoint="pencaker"),
        JobSeekerEventView(JobSeekerEvent, db, name="Riwayat status", category=AK1, endpoint="riwayat_pencaker"),
        BkkView(Bkk, db, name="BKK sekolah", category=AK1, endpoint="bkk"),
        ServiceDayView(ServiceDay, db, name="Hari layanan & kuota", category=QUEUE, endpoint="hari_layanan"),
        QueueBookingView(QueueBooking, db, name="Pemesanan antrean", category=QUEUE, endpoint="pemesanan"),
        # queue desk
        DeskView(name="Loket antrean", category=QUEUE, endpoint="loket"),
        MediationCaseView(MediationCase, db, name="Mediasi HI", endpoint="mediasi"),
        TrainingProgramView(TrainingProgram, db, name="Program", category=TRAINING, endpoint="program_pelatihan"),
        TrainingCohortView(TrainingCohort, db, name="Angkatan", category=TRAINING, endpoint="angkatan"),
        TrainingParticipantView(TrainingParticipant, db, name="Peserta", category=TRAINING, endpoint="peserta"),
        TransmigrationFamilyView(TransmigrationFamily, db, name="Keluarga (KK)", category=TRANSMIGRATION,
                                 endpoint="keluarga_transmigrasi"),
        TransmigrationMemberView(TransmigrationMember, db, name="Anggota keluarga", category=TRANSMIGRATION,
                                 endpoint="anggota_transmigrasi"),
        HolidayView(Holiday, db, name="Hari libur", category=SYSTEM, endpoint="hari_libur"),
        SettingView(Setting, db, name="Pengaturan", category=SYSTEM, endpoint="pengaturan"),
        KecamatanView(Kecamatan, db, name="Kecamatan", category=SYSTEM, endpoint="kecamatan"),
        UserView(User, db, name="Pengguna", category=SYSTEM, endpoint="pengguna"),
        AuditLogView(AuditLog, db, name="Catatan audit", category=SYSTEM, endpoint="audit"),
        # reports
        ReportView(name="Laporan", endpoint="laporan"),
    ]
    for view in views:
        admin.add_view(view)
    return admin
