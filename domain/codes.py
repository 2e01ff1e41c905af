"""Code lists the office uses, with their Indonesian labels. Stored values are the keys."""
from __future__ import annotations

SEX = {"L": "Laki-laki", "P": "Perempuan"}
RELIGION = {
    "islam": "Islam", "kristen": "Kristen", "katolik": "Katolik", "hindu": "Hindu",
    "buddha": "Buddha", "konghucu": "Konghucu", "kepercayaan": "Kepercayaan terhadap Tuhan YME",
}
MARITAL_STATUS = {"belum_kawin": "Belum kawin", "kawin": "Kawin", "cerai_hidup": "Cerai hidup",
                  "cerai_mati": "Cerai mati"}
# Education levels used in IPK reports, in order.
EDUCATION_LEVELS = {
    "SD": "SD/sederajat", "SMP": "SMP/SLTP", "SMA": "SMA/MA", "SMK": "SMK", "D1D2": "D1/D2",
    "D3": "D3", "D4S1": "D4/S1", "S2": "S2", "S3": "S3",
}

# Current state of an AK-1 registration. The dated history (JobSeekerEvent) is the source of
# truth; the status column is kept in step with it for searching and for the partial unique index.
JS_SUBMITTED = "diajukan"
JS_CORRECTION = "perlu_perbaikan"
JS_VERIFIED = "terverifikasi"
JS_PRINTED = "kartu_dicetak"
JS_PLACED = "ditempatkan"
JS_EXPIRED = "kedaluwarsa"
JS_REMOVED = "dikeluarkan"
JS_REJECTED = "ditolak"
JOB_SEEKER_STATUS = {
    JS_SUBMITTED: "Diajukan", JS_CORRECTION: "Perlu perbaikan", JS_VERIFIED: "Terverifikasi",
    JS_PRINTED: "Kartu dicetak", JS_PLACED: "Sudah bekerja (ditempatkan)", JS_EXPIRED: "Kedaluwarsa",
    JS_REMOVED: "Dikeluarkan dari daftar", JS_REJECTED: "Ditolak",
}
ACTIVE_JOB_SEEKER_STATUSES = (JS_SUBMITTED, JS_CORRECTION, JS_VERIFIED, JS_PRINTED)
# Who may take a queue number: the active registrations, and the holder of an expired card, who
# comes to the office to renew it (services.cards.can_renew).
QUEUE_JOB_SEEKER_STATUSES = (*ACTIVE_JOB_SEEKER_STATUSES, JS_EXPIRED)

# Dated events in a registration's life (used by the IPK reports).
EV_REGISTERED = "terdaftar"
EV_CORRECTION_REQUESTED = "minta_perbaikan"
EV_CORRECTED = "diperbaiki"
EV_VERIFIED = "diverifikasi"
EV_REJECTED = "ditolak"
EV_PRINTED = "kartu_dicetak"
EV_REPRINTED = "kartu_dicetak_ulang"
EV_REPORTED = "lapor_diri"
EV_PLACED = "ditempatkan"
EV_REMOVED = "dikeluarkan"
EV_EXPIRED = "kedaluwarsa"
EV_RENEWED = "diperpanjang"
JOB_SEEKER_EVENTS = {
    EV_REGISTERED: "Terdaftar", EV_CORRECTION_REQUESTED: "Diminta perbaikan", EV_CORRECTED: "Data diperbaiki",
    EV_VERIFIED: "Diverifikasi", EV_REJECTED: "Ditolak", EV_PRINTED: "Kartu dicetak",
    EV_REPRINTED: "Kartu dicetak ulang", EV_REPORTED: "Lapor diri 6 bulanan", EV_PLACED: "Ditempatkan kerja",
    EV_REMOVED: "Dikeluarkan dari daftar", EV_EXPIRED: "Kedaluwarsa", EV_RENEWED: "Diperpanjang",
}
PLACEMENT_TYPES = {"AKL": "AKL (antarkerja lokal)", "AKAD": "AKAD (antarkerja antardaerah)",
                   "AKAN": "AKAN (antarkerja antarnegara)"}
REMOVAL_REASONS = {"tidak_lapor": "Tidak melapor", "masa_berlaku_habis": "Masa berlaku habis",
                   "meninggal": "Meninggal dunia", "pindah_domisili": "Pindah domisili",
                   "permintaan_sendiri": "Permintaan sendiri", "data_palsu": "Data tidak benar",
                   "lainnya": "Lainnya"}

BKK_STATUS = {"aktif": "Aktif", "nonaktif": "Tidak aktif", "dicabut": "Tanda daftar dicabut"}

BOOKING_BOOKED = "dipesan"
BOOKING_CANCELLED = "dibatalkan"
BOOKING_CHECKED_IN = "hadir"
BOOKING_CALLED = "dipanggil"
BOOKING_SERVED = "selesai"
BOOKING_NO_SHOW = "tidak_hadir"
BOOKING_STATUS = {
    BOOKING_BOOKED: "Dipesan", BOOKING_CANCELLED: "Dibatalkan", BOOKING_CHECKED_IN: "Sudah hadir",
    BOOKING_CALLED: "Dipanggil", BOOKING_SERVED: "Selesai dilayani", BOOKING_NO_SHOW: "Tidak hadir",
}
ACTIVE_BOOKING_STATUSES = (BOOKING_BOOKED, BOOKING_CHECKED_IN, BOOKING_CALLED)

DISPUTE_TYPES = {"hak": "Perselisihan hak", "kepentingan": "Perselisihan kepentingan",
                 "phk": "Perselisihan PHK", "antar_sp": "Perselisihan antar serikat pekerja"}
CASE_REGISTERED = "terdaftar"
CASE_IN_MEDIATION = "mediasi"
CASE_ANJURAN = "anjuran"
CASE_CLOSED = "selesai"
CASE_STATUS = {CASE_REGISTERED: "Terdaftar", CASE_IN_MEDIATION: "Dalam mediasi",
               CASE_ANJURAN: "Anjuran diterbitkan", CASE_CLOSED: "Selesai"}
CASE_OUTCOMES = {"perjanjian_bersama": "Perjanjian Bersama", "anjuran_diterima": "Anjuran diterima",
                 "anjuran_ditolak": "Anjuran ditolak", "dicabut": "Dicabut"}
ANJURAN_ANSWERS = {"menerima": "Menerima", "menolak": "Menolak", "tidak_menjawab": "Tidak menjawab (dianggap menolak)"}
SESSION_KINDS = {"mediasi": "Sidang mediasi", "klarifikasi": "Klarifikasi (tidak dihitung 30 hari)"}

FUNDING = {"APBD": "APBD", "APBN": "APBN", "mitra": "Mitra/CSR", "lainnya": "Lainnya"}
COHORT_STATUS = {"rencana": "Rencana", "seleksi": "Seleksi", "berjalan": "Berjalan",
                 "selesai": "Selesai", "batal": "Dibatalkan"}
ELIGIBILITY = {"pencari_kerja": "Pencari kerja", "phk": "Korban PHK", "dirumahkan": "Dirumahkan",
               "pelaku_usaha": "Pelaku usaha mikro", "lainnya": "Lainnya"}
SELECTION = {"pendaftar": "Pendaftar", "lulus_seleksi": "Lulus seleksi", "tidak_lulus": "Tidak lulus seleksi",
             "cadangan": "Cadangan", "mengundurkan_diri": "Mengundurkan diri"}
COMPETENCY = {"kompeten": "Kompeten", "belum_kompeten": "Belum kompeten"}
FOLLOW_UP = {"bekerja": "Bekerja", "wirausaha": "Wirausaha", "belum": "Belum bekerja"}

TRANSMIGRATION_TYPES = {"TU": "TU (Transmigrasi Umum)", "TSB": "TSB (Swakarsa Berbantuan)",
                        "TSM": "TSM (Swakarsa Mandiri)"}
TRANSMIGRATION_STAGES = {
    "pendaftaran": "Pendaftaran/pendataan", "penyuluhan": "Penyuluhan", "seleksi": "Seleksi",
    "pelatihan": "Pelatihan", "penetapan": "Penetapan", "pemberangkatan": "Pemberangkatan dan penempatan",
    "ditunda": "Ditunda", "batal": "Batal/mengundurkan diri",
}
INTEREST = {"tinggi": "Tinggi", "sedang": "Sedang", "rendah": "Rendah"}
RELATIONSHIP = {"kepala": "Kepala keluarga", "istri": "Istri", "suami": "Suami", "anak": "Anak",
                "lainnya": "Anggota lain"}

HOLIDAY_KINDS = {"nasional": "Libur nasional", "cuti_bersama": "Cuti bersama", "lokal": "Libur/tutup lokal"}


def choices(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return list(mapping.items())
