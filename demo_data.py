"""Demo data: a realistic office so a newcomer can try every screen at once (`flask demo`).

Everything comes from one seeded `random.Random`, so the same seed on the same day gives the same
office. Dates are relative to today (Asia/Jakarta) and never lie in the future. Names of people are
invented; company names in mediation cases are fictional. No staff accounts are created: there are
no passwords anywhere in here.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import click
from sqlalchemy import func, select

from domain import card as card_rules
from domain import codes
from domain import nik as nik_rules
from domain.kecamatan import KECAMATAN
from domain.workdays import Calendar
from extensions import db
from models import (
    Bkk, Holiday, JobSeeker, JobSeekerEducation, JobSeekerExperience, MediationCase, MediationSession,
    ServiceDay, ServiceWindow, TrainingCohort, TrainingParticipant, TrainingProgram, TransmigrationFamily,
    TransmigrationMember, TransmigrationStageEvent,
)
from services.cards import VERIFICATION_CODE_LENGTH
from services.registration import ACCESS_CODE_ALPHABET
from services.job_seekers import assign_registration_number, record_event, temporary_registration_number

JAKARTA = ZoneInfo("Asia/Jakarta")
KEC_CODES = list(KECAMATAN)


def _region(kecamatan_code: str) -> str:
    """"36.04.05" -> "360405" (the NIK/KK region digits)."""
    return kecamatan_code.replace(".", "")


# --------------------------------------------------------------------------- reference lists

# A few desa per kecamatan (names as commonly written; the full list has 326 desa).
DESA: dict[str, list[str]] = {
    "36.04.05": ["Kramatwatu", "Pejaten", "Serdang", "Toyomerto", "Wanayasa", "Margasana", "Terate"],
    "36.04.06": ["Waringinkurung", "Sasahan", "Sambilawang", "Kemuning", "Melati", "Sukadalem"],
    "36.04.07": ["Bojonegara", "Mangkunegara", "Margagiri", "Pengarengan", "Pakuncen", "Ukirsari"],
    "36.04.08": ["Salira", "Argawana", "Banyuwangi", "Kebuyutan", "Pulo Ampel", "Sumuranja"],
    "36.04.09": ["Ciruas", "Beberan", "Citerep", "Kaserangan", "Pelawad", "Singamerta", "Ranjeng"],
    "36.04.11": ["Kragilan", "Cisait", "Jeruk Tipis", "Kendayakan", "Silebu", "Sentul", "Dukuh"],
    "36.04.12": ["Pontang", "Domas", "Kalapian", "Linduk", "Singarajan", "Wanayasa"],
    "36.04.13": ["Tirtayasa", "Alang-Alang", "Lontar", "Puser", "Sujung", "Susukan"],
    "36.04.14": ["Tanara", "Bendung", "Cibodas", "Lempuyang", "Siremen", "Tenjoayu"],
    "36.04.15": ["Cikande", "Cikande Permai", "Julang", "Koper", "Leuwilimus", "Parigi", "Sukatani"],
    "36.04.16": ["Kibin", "Barengkok", "Cijeruk", "Ketos", "Nambo Ilir", "Nambo Udik", "Tambak"],
    "36.04.17": ["Carenang", "Carenang Udik", "Orok", "Pamanuk", "Panenjoan", "Teras"],
    "36.04.18": ["Binuang", "Cakung", "Lamaran", "Renged", "Sukamampir", "Warakas"],
    "36.04.19": ["Petir", "Bantarsari", "Cireundeu", "Mekarbaru", "Sanding", "Seuat"],
    "36.04.20": ["Tunjung Teja", "Bojongcatang", "Kamuning", "Malanggah", "Pancaregang", "Sukasari"],
    "36.04.22": ["Baros", "Sukamenak", "Sidamukti", "Tamansari", "Padasuka", "Sukacai"],
    "36.04.23": ["Cikeusal", "Cilayang", "Dahu", "Harundang", "Katulisan", "Panosogan"],
    "36.04.24": ["Pamarayan", "Binong", "Damping", "Keboncau", "Pasir Limus", "Sangiang"],
    "36.04.25": ["Kopo", "Babakan Jaya", "Gabus", "Nanggung", "Rancabuaya", "Carenang Udik"],
    "36.04.26": ["Jawilan", "Bojot", "Junti", "Majasari", "Pagintungan", "Parakan"],
    "36.04.27": ["Ciomas", "Cisitu", "Panyaungan Jaya", "Siketug", "Sukadana", "Sukarena"],
    "36.04.28": ["Pabuaran", "Pancanegara", "Sindangsari", "Talagawarna", "Tanjungsari"],
    "36.04.29": ["Padarincang", "Barugbug", "Batukuwung", "Bugel", "Citasuk", "Kalumpang"],
    "36.04.30": ["Anyar", "Bandulu", "Cikoneng", "Grogol Indah", "Mekarsari", "Tambang Ayam"],
    "36.04.31": ["Cinangka", "Bantarwaru", "Karangsuraga", "Pasauran", "Sindanglaut", "Umbul Tanjung"],
    "36.04.32": ["Mancak", "Batukuda", "Cigedong", "Ciwarna", "Labuan", "Winong"],
    "36.04.33": ["Gunungsari", "Curug Sulanjana", "Kadu Agung", "Luwuk", "Sukalaba", "Tamiang"],
    "36.04.34": ["Bandung", "Blokang", "Malabar", "Mander", "Panamping", "Saruni"],
    "36.04.35": ["Lebak Wangi", "Bolang", "Pegandikan", "Tegal Sari", "Walikukun", "Lebak Kepuh"],
}
assert set(DESA) == set(KECAMATAN)

# Relative population of job seekers: the industrial belt (Cikande, Kibin, Kragilan, Jawilan) and
# the Cilegon side (Kramatwatu, Bojonegara, Pulo Ampel, Anyar) send the most.
KEC_WEIGHT = {code: 1.0 for code in KECAMATAN}
KEC_WEIGHT.update({"36.04.15": 3.0, "36.04.16": 2.6, "36.04.11": 2.4, "36.04.26": 2.0, "36.04.05": 2.4,
                   "36.04.09": 2.0, "36.04.30": 1.6, "36.04.07": 1.4, "36.04.08": 1.3, "36.04.12": 1.3,
                   "36.04.23": 1.3, "36.04.22": 1.2, "36.04.29": 1.2})

KAMPUNG = ["Kp. Babakan", "Kp. Sukamaju", "Kp. Cibeber", "Kp. Pasir Gadung", "Kp. Kaloran", "Kp. Tegal",
           "Kp. Kebon Kelapa", "Kp. Cilaban", "Kp. Pesanggrahan", "Kp. Pabuaran Girang", "Kp. Sindangsari",
           "Kp. Lebak", "Kp. Krajan", "Kp. Pangkalan", "Kp. Jaha", "Kp. Cikupa", "Kp. Tanjung", "Kp. Pasar"]
STREETS = ["Jl. Raya Serang–Jakarta Km 68", "Jl. Raya Cikande–Rangkas", "Jl. Raya Anyer", "Jl. Raya Bojonegara",
           "Perum Taman Cikande Blok {b} No. {n}", "Perum Griya Kramatwatu Blok {b} No. {n}",
           "Perum Bumi Ciruas Permai Blok {b} No. {n}", "Perum Puri Jawilan Blok {b} No. {n}"]

MALE_FIRST = ["Ahmad", "Muhammad", "Dede", "Ujang", "Rizky", "Fajar", "Ade", "Hendra", "Cecep", "Asep", "Aep",
              "Iwan", "Wawan", "Dadang", "Agus", "Budi", "Deni", "Eko", "Firman", "Hasan", "Ilham", "Jajang",
              "Lukman", "Maman", "Nana", "Rudi", "Saepul", "Taufik", "Yayan", "Yudi", "Zaenal", "Arif", "Bayu",
              "Dimas", "Fikri", "Galih", "Haris", "Irfan", "Rohmat", "Tatang", "Mulyadi", "Sahrul", "Rian",
              "Andi", "Rafi", "Alif", "Ikhsan", "Faisal", "Gilang", "Yusuf", "Ridwan", "Mamat", "Udin",
              "Jaenudin", "Sarip", "Khaerul", "Mahfud", "Sukri", "Aris", "Wahyu", "Rendi", "Robi", "Hilman"]
FEMALE_FIRST = ["Siti", "Iis", "Neng", "Nur", "Aisyah", "Dewi", "Eneng", "Rina", "Euis", "Ai", "Ani", "Cucu",
                "Dina", "Eka", "Fitri", "Hani", "Ika", "Lilis", "Mila", "Nia", "Nining", "Ratna", "Rini", "Sri",
                "Tuti", "Wulan", "Yanti", "Yuli", "Yeni", "Nurul", "Annisa", "Putri", "Indah", "Novi", "Desi",
                "Lia", "Mega", "Syifa", "Salsabila", "Nabila", "Rohmah", "Rosita", "Zahra", "Umi", "Ade", "Dede",
                "Imas", "Enung", "Titin", "Sarah", "Rika", "Ayu", "Elis", "Tika"]
MALE_LAST = ["Kurniawan", "Hidayat", "Saputra", "Setiawan", "Permana", "Suryana", "Nugraha", "Gunawan",
             "Hermawan", "Ramdani", "Maulana", "Hakim", "Firmansyah", "Ruhiyat", "Sumarna", "Supriatna",
             "Sutisna", "Mulyana", "Sopandi", "Fauzi", "Rohman", "Hidayatullah", "Pratama", "Wijaya", "Santoso",
             "Susanto", "Purnama", "Sudrajat", "Kusnadi", "Rukmana", "Suherman", "Jaelani", "Rifai", "Mubarok",
             "Hasanudin", "Sanusi", "Jamaludin", "Muhidin", "Sahroni", "Arifin", "Syafei", "Ramadhan",
             "Alfarizi", "Munandar", "Sobari", "Hamdani"]
FEMALE_LAST = ["Nurhayati", "Rahmawati", "Fitriani", "Kurniasih", "Mulyani", "Handayani", "Lestari",
               "Wulandari", "Apriyani", "Maryati", "Sumiati", "Hasanah", "Nurlaela", "Komalasari",
               "Purnamasari", "Susanti", "Andriani", "Oktaviani", "Rahayu", "Nuraeni", "Sulastri", "Maesaroh",
               "Fauziah", "Aulia", "Azzahra", "Safitri", "Khoerunnisa", "Rosmiati", "Juhaeriyah", "Marlina"]
OLD_SINGLE_MALE = ["Sarip", "Jamhari", "Mad Soleh", "Sanwani", "Marzuki", "Hasbulloh", "Rohimin", "Suhendi"]
OLD_SINGLE_FEMALE = ["Maesaroh", "Saodah", "Jubaedah", "Romlah", "Marfuah", "Khodijah", "Nursiah", "Aminah"]

# (NIK region, birth place) for people whose NIK was first issued outside the regency.
OTHER_REGIONS = [("317101", "Jakarta"), ("317201", "Jakarta"), ("327301", "Bandung"), ("367201", "Cilegon"),
                 ("360101", "Pandeglang"), ("360201", "Lebak"), ("367101", "Tangerang"), ("367301", "Serang"),
                 ("320601", "Tasikmalaya"), ("320501", "Garut"), ("332901", "Brebes"), ("332801", "Tegal"),
                 ("180301", "Kalianda")]

LEVEL_WEIGHTS = {"SD": 6, "SMP": 12, "SMA": 30, "SMK": 34, "D1D2": 2, "D3": 5, "D4S1": 10, "S2": 1, "S3": 0.2}
GRAD_AGE = {"SD": 12, "SMP": 15, "SMA": 18, "SMK": 18, "D1D2": 20, "D3": 21, "D4S1": 22, "S2": 25, "S3": 30}
MIN_LEVEL_AGE = {"SD": 17, "SMP": 17, "SMA": 17, "SMK": 17, "D1D2": 20, "D3": 21, "D4S1": 22, "S2": 24, "S3": 29}

# position -> (weight for men, weight for women, skills)
POSITIONS = {
    "operator produksi": (4, 6, "Bekerja dalam shift, 5R, membaca SOP produksi"),
    "helper produksi": (3, 2, "Angkat-angkut, pengemasan, bekerja dalam shift"),
    "admin gudang": (2, 3, "Microsoft Excel, stock opname, penerimaan dan pengeluaran barang"),
    "welder": (4, 0.1, "Las SMAW dan GMAW posisi 1G–3G, membaca gambar kerja"),
    "security": (3, 0.3, "Patroli, pengamanan aset, Gada Pratama"),
    "staf administrasi": (1.5, 4, "Microsoft Office, pengarsipan, surat-menyurat"),
    "teknisi listrik": (3, 0.2, "Instalasi listrik tegangan rendah, panel kontrol, PLC dasar"),
    "penjahit": (0.5, 4, "Menjahit dengan mesin high speed, obras, pola dasar"),
    "operator forklift": (2, 0.1, "Mengoperasikan forklift (SIO), penataan gudang"),
    "quality control": (1.5, 2, "Inspeksi produk, alat ukur (jangka sorong, mikrometer), checksheet"),
    "sopir": (2, 0.1, "SIM B1, mengenal rute Jabodetabek–Banten"),
    "kasir": (0.5, 3, "Mesin kasir, pelayanan pelanggan"),
    "pramuniaga": (1, 3, "Pelayanan pelanggan, penataan barang (display)"),
    "mekanik": (3, 0.1, "Servis sepeda motor injeksi, tune up, kelistrikan kendaraan"),
    "operator CNC": (2, 0.2, "Mesin bubut dan frais CNC, membaca gambar teknik"),
    "teknisi komputer": (2, 0.5, "Perakitan komputer, jaringan LAN, instalasi sistem operasi"),
    "analis laboratorium": (1, 2, "Titrasi, uji mutu bahan baku, K3 laboratorium"),
    "cleaning service": (1.5, 1.5, "Kebersihan gedung, penggunaan bahan kimia pembersih"),
    "tukang bangunan": (2, 0, "Pasang bata, pengecoran, membaca gambar sederhana"),
    "perawat": (0.5, 2, "Asuhan keperawatan, STR aktif"),
    "staf akuntansi": (1, 2, "Jurnal umum, Microsoft Excel, aplikasi akuntansi"),
    "staf HRD": (1, 2, "Rekrutmen, administrasi BPJS, penggajian"),
    "drafter": (1.5, 0.5, "AutoCAD 2D/3D, gambar kerja"),
    "staf IT": (1.5, 0.5, "Jaringan, helpdesk, basis data dasar"),
    "engineer produksi": (1.5, 0.7, "Perencanaan produksi, perawatan mesin, K3"),
    "guru": (0.7, 2, "Menyusun RPP, mengajar"),
    "barista": (1, 1.5, "Espresso dan manual brew, pelayanan pelanggan"),
    "juru masak": (1, 1.5, "Masakan Nusantara, sanitasi dapur"),
    "supervisor produksi": (1.5, 0.5, "Memimpin tim produksi, laporan harian, K3"),
}
LEVEL_POSITIONS = {
    "SD": ["operator produksi", "helper produksi", "cleaning service", "penjahit", "tukang bangunan", "sopir",
           "security"],
    "SMP": ["operator produksi", "helper produksi", "cleaning service", "penjahit", "tukang bangunan", "sopir",
            "security", "pramuniaga"],
    "SMA": ["operator produksi", "admin gudang", "security", "staf administrasi", "kasir", "pramuniaga",
            "penjahit", "operator forklift", "sopir", "quality control", "helper produksi"],
    "D1D2": ["staf administrasi", "teknisi komputer", "admin gudang", "quality control", "barista", "juru masak"],
    "D3": ["staf administrasi", "quality control", "perawat", "teknisi listrik", "staf akuntansi", "drafter",
           "analis laboratorium"],
    "D4S1": ["staf HRD", "staf akuntansi", "engineer produksi", "staf IT", "guru", "supervisor produksi",
             "staf administrasi", "analis laboratorium", "quality control"],
    "S2": ["guru", "staf HRD", "engineer produksi", "supervisor produksi"],
    "S3": ["guru", "engineer produksi"],
}
# SMK majors: (major, position, weight men, weight women)
SMK_MAJORS = [
    ("Teknik Pengelasan", "welder", 3, 0.1),
    ("Teknik Instalasi Tenaga Listrik", "teknisi listrik", 3, 0.3),
    ("Teknik Kendaraan Ringan Otomotif", "mekanik", 3, 0.2),
    ("Teknik dan Bisnis Sepeda Motor", "mekanik", 2, 0.1),
    ("Teknik Pemesinan", "operator CNC", 3, 0.3),
    ("Teknik Komputer dan Jaringan", "teknisi komputer", 2, 1),
    ("Otomatisasi dan Tata Kelola Perkantoran", "staf administrasi", 0.7, 3),
    ("Akuntansi dan Keuangan Lembaga", "staf administrasi", 0.5, 3),
    ("Tata Busana", "penjahit", 0.2, 3),
    ("Kimia Industri", "analis laboratorium", 1, 1.5),
    ("Bisnis Daring dan Pemasaran", "pramuniaga", 0.5, 2),
    ("Kuliner", "juru masak", 0.5, 1.5),
    ("Teknik Logistik", "admin gudang", 1.5, 1),
]
SMK_SIDE_POSITIONS = ["operator produksi", "quality control", "admin gudang", "operator produksi"]
MAJORS = {
    "SMA": ["IPA", "IPS", "IPS", "Keagamaan"],
    "D1D2": ["Perhotelan", "Teknik Komputer", "Administrasi Perkantoran"],
    "D3": ["Keperawatan", "Akuntansi", "Teknik Mesin", "Teknik Elektro", "Manajemen Informatika", "Analis Kimia"],
    "D4S1": ["Teknik Industri", "Teknik Mesin", "Manajemen", "Akuntansi", "Hukum", "Ilmu Komunikasi",
             "Teknik Kimia", "Teknik Elektro", "Teknik Sipil", "Pendidikan Bahasa Inggris", "Informatika",
             "Administrasi Publik"],
    "S2": ["Manajemen", "Teknik Industri", "Pendidikan"],
    "S3": ["Ilmu Manajemen", "Teknik Kimia"],
}
COLLEGES = {
    "D1D2": ["LPK Prima Serang", "Politeknik Pariwisata Banten (program D2)"],
    "D3": ["Politeknik Krakatau", "Akademi Keperawatan Serang", "Universitas Sultan Ageng Tirtayasa",
           "STIKes Faletehan Serang", "Politeknik Piksi Input Serang"],
    "D4S1": ["Universitas Sultan Ageng Tirtayasa", "Universitas Serang Raya", "UIN Sultan Maulana Hasanuddin Banten",
             "Universitas Bina Bangsa", "Universitas Banten Jaya", "Universitas Pamulang",
             "Universitas Faletehan"],
    "S2": ["Universitas Sultan Ageng Tirtayasa", "UIN Sultan Maulana Hasanuddin Banten", "Universitas Indonesia"],
    "S3": ["Institut Teknologi Bandung", "Universitas Padjadjaran"],
}
PRIVATE_SCHOOLS = {
    "SMA": ["MA Al-Khairiyah", "MA Negeri 1 Serang", "SMA PGRI", "SMA Islam Terpadu", "MA Daarul Falah"],
    "SMK": ["SMK PGRI", "SMK Al-Khairiyah", "SMK Muhammadiyah", "SMK YPWKS", "SMK Bina Putra"],
}

EMPLOYERS_AKL = [
    ("PT Nikomas Gemilang", {"operator produksi", "penjahit", "quality control", "admin gudang",
                             "helper produksi", "staf administrasi", "supervisor produksi", "staf HRD"}),
    ("PT Indah Kiat Pulp & Paper", {"operator produksi", "teknisi listrik", "mekanik", "welder",
                                    "analis laboratorium", "operator forklift", "engineer produksi",
                                    "staf akuntansi"}),
    ("PT Krakatau Posco", {"welder", "teknisi listrik", "operator produksi", "engineer produksi", "operator CNC",
                           "drafter"}),
    ("PT Parkland World Indonesia", {"penjahit", "operator produksi", "quality control", "admin gudang"}),
    ("PT Sinar Cikande Plastindo", {"operator produksi", "helper produksi", "quality control", "operator forklift",
                                    "admin gudang", "mekanik"}),
    ("PT Jawilan Pangan Sejahtera", {"operator produksi", "quality control", "analis laboratorium", "sopir",
                                     "admin gudang", "cleaning service", "juru masak", "staf HRD"}),
    ("PT Baja Tirta Serang", {"welder", "operator CNC", "drafter", "engineer produksi", "teknisi listrik",
                              "supervisor produksi", "staf akuntansi"}),
    ("PT Cikande Logistik Nusantara", {"admin gudang", "operator forklift", "sopir", "staf administrasi",
                                       "staf HRD", "staf akuntansi", "staf IT"}),
    ("PT Indomarco Prismatama", {"kasir", "pramuniaga", "admin gudang", "sopir"}),
    ("PT Sumber Alfaria Trijaya", {"kasir", "pramuniaga"}),
    ("PT Garda Banten Sentosa (jasa pengamanan)", {"security"}),
    ("PT Kramatwatu Bersih Mandiri (jasa kebersihan)", {"cleaning service"}),
    ("RSUD dr. Dradjat Prawiranegara", {"perawat", "staf administrasi", "analis laboratorium"}),
    ("Klinik Pratama Medika Ciruas", {"perawat", "staf administrasi"}),
    ("CV Karya Las Kramatwatu", {"welder", "helper produksi"}),
    ("Bengkel Motor Barokah Kragilan", {"mekanik"}),
    ("Konveksi Berkah Pontang", {"penjahit"}),
    ("PT Anyer Pantai Resort", {"juru masak", "barista", "cleaning service", "security", "staf administrasi"}),
    ("Kedai Kopi Pasauran", {"barista", "kasir"}),
    ("Yayasan Pendidikan Al-Khairiyah", {"guru", "staf administrasi", "staf IT"}),
    ("PT Karya Bangun Serang", {"tukang bangunan", "drafter", "sopir", "helper produksi"}),
    ("PT Solusi Data Banten", {"staf IT", "teknisi komputer", "staf administrasi"}),
]
EMPLOYERS_AKAD = ["PT Karawang Presisi Otomotif (Karawang)", "PT Cikarang Baja Fabrikasi (Bekasi)",
                  "PT Batam Elektronik Nusantara (Batam)", "PT Bekasi Mitra Logistik (Bekasi)",
                  "PT Purwakarta Garmen Indah (Purwakarta)", "RS Mitra Sehat Bogor (Bogor)"]
EMPLOYERS_AKAN = [
    ("Pabrik komponen elektronik, Taoyuan, Taiwan (melalui P3MI)", "operator produksi"),
    ("Galangan kapal, Ulsan, Korea Selatan (program G to G)", "welder"),
    ("Panti wreda, Osaka, Jepang (program SSW kaigo)", "perawat"),
    ("Perusahaan konstruksi, Kuala Lumpur, Malaysia (melalui P3MI)", "tukang bangunan"),
]
PAST_EMPLOYERS = [
    ("PT Nikomas Gemilang", "operator produksi", "Kontrak 1 tahun melalui yayasan penyalur"),
    ("PT Sinar Cikande Plastindo", "helper produksi", "Pekerja harian lepas bagian pengemasan"),
    ("Indomaret Kragilan", "pramuniaga", "Kontrak 1 tahun"),
    ("CV Karya Las Kramatwatu", "helper las", "Membantu fabrikasi pagar dan kanopi"),
    ("Bengkel Motor Barokah Kragilan", "mekanik", "Servis rutin sepeda motor"),
    ("Konveksi Berkah Pontang", "penjahit", "Borongan jahit seragam sekolah"),
    ("PT Jawilan Pangan Sejahtera", "operator produksi", "Kontrak PKWT 2 x 6 bulan"),
    ("Toko Bangunan Sumber Rezeki Ciruas", "staf administrasi", "Pencatatan stok dan nota penjualan"),
    ("PT Garda Banten Sentosa", "security", "Penempatan di kawasan industri Cikande"),
    ("PT Cikande Logistik Nusantara", "admin gudang", "Kontrak 1 tahun, shift malam"),
    ("Rumah makan Sate Bandeng Ciruas", "juru masak", "Bagian dapur"),
    ("Usaha sendiri (dagang)", "wirausaha", "Berdagang makanan ringan di pasar desa"),
]
COURSES = ["Pelatihan las SMAW, BBPVP Serang", "Kursus komputer perkantoran (LPK)", "K3 Umum (sertifikat Kemnaker)",
           "SIO operator forklift", "Pelatihan menjahit, BBPVP Serang", "Kursus bahasa Jepang N4 (LPK)",
           "Gada Pratama (satpam)", "Pelatihan barista, BBPVP Serang", "Pelatihan teknisi AC, BBPVP Serang"]
CORRECTION_NOTES = [
    "Pas foto buram. Mohon unggah ulang pas foto 3x4 latar merah.",
    "Data pendidikan terakhir belum lengkap: isi nama sekolah dan tahun lulus sesuai ijazah.",
    "Alamat domisili belum lengkap (RT/RW dan desa).",
    "Tanggal lahir pada formulir berbeda dengan KTP. Mohon periksa kembali.",
    "Nomor HP tidak aktif saat dihubungi. Mohon perbarui nomor HP.",
]
REJECTION_NOTES = [
    "Domisili di luar Kabupaten Serang (alamat Kota Cilegon); diarahkan ke Disnaker Kota Cilegon.",
    "Masih tercatat memiliki kartu AK-1 aktif di kabupaten lain.",
    "Dokumen tidak dapat diverifikasi; pemohon tidak hadir setelah dua kali dipanggil.",
]
OFFICER_NOTES = ["Berminat kerja shift.", "Bersedia ditempatkan di luar daerah.", "Memiliki SIM C dan SIM A.",
                 "Menggunakan kacamata minus.", "Disarankan ikut pelatihan berbasis kompetensi.",
                 "Pernah bekerja di kawasan industri Cikande.", "Lulusan pesantren, hafal 5 juz."]
# Removals other than missed reports and lapsed cards, taken in turn (common ones more often).
REMOVAL_OTHER = [("pindah_domisili", "Pindah domisili ke luar Kabupaten Serang."),
                 ("permintaan_sendiri", "Atas permintaan sendiri (melanjutkan kuliah)."),
                 ("data_palsu", "Ijazah yang dilampirkan tidak dapat diverifikasi sekolah."),
                 ("lainnya", "Menikah dan ikut pasangan ke luar daerah; tidak lagi mencari kerja."),
                 ("meninggal", "Meninggal dunia (laporan keluarga)."),
                 ("pindah_domisili", "Pindah domisili ke luar Kabupaten Serang."),
                 ("permintaan_sendiri", "Atas permintaan sendiri (memilih berwirausaha).")]

SMK_BKK = [
    ("SMK Negeri 1 Kragilan", "20623401", "36.04.11", "Jl. Raya Serang–Jakarta Km 14, Kragilan", "Drs. H. Ahmad Fauzi, M.Pd."),
    ("SMK Negeri 1 Kramatwatu", "20623417", "36.04.05", "Jl. Raya Bojonegara Km 3, Kramatwatu", "Hj. Siti Maemunah, S.Pd., M.M."),
    ("SMK Negeri 1 Cikande", "20623452", "36.04.15", "Jl. Raya Cikande–Rangkas Km 2, Cikande", "H. Dadang Supriatna, S.T., M.Pd."),
    ("SMK Negeri 1 Pabuaran", "20623488", "36.04.28", "Jl. Raya Pabuaran–Palima, Pabuaran", "Euis Komalasari, S.Pd., M.Pd."),
]
NEIGHBOURS = {"36.04.11": ["36.04.11", "36.04.09", "36.04.18", "36.04.24", "36.04.12"],
              "36.04.05": ["36.04.05", "36.04.06", "36.04.07", "36.04.08", "36.04.30"],
              "36.04.15": ["36.04.15", "36.04.16", "36.04.26", "36.04.17", "36.04.25"],
              "36.04.28": ["36.04.28", "36.04.27", "36.04.29", "36.04.22", "36.04.33"]}


# --------------------------------------------------------------------------- date helpers

def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise ValueError(d)


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _today() -> date:
    """Today in Asia/Jakarta, but never later than the server's own date (no future dates anywhere)."""
    return min(datetime.now(JAKARTA).date(), date.today())


def _at(d: date, rng: random.Random, first_hour: int = 8, last_hour: int = 14) -> datetime:
    """A naive UTC timestamp during office hours (WIB) on day d."""
    local = datetime.combine(d, time(rng.randint(first_hour, last_hour), rng.randint(0, 59)), tzinfo=JAKARTA)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


class _Future(Exception):
    """The next step of a simulated history would lie after today: the history stops here."""


# --------------------------------------------------------------------------- the generator

class _Office:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.today = _today()
        self.used_nik: set[str] = set()
        self.used_kk: set[str] = set()
        self.removal_turn = 0
        self.table_holidays = set(db.session.scalars(select(Holiday.day)))
        holidays = set(self.table_holidays)
        try:  # past years are not in the table; the package knows them
            from domain.workdays import indonesian_holidays

            holidays |= {d for d, _name, _kind in indonesian_holidays(range(self.today.year - 7, self.today.year + 2))}
        except Exception:  # noqa: BLE001 - the package is optional for demo data
            pass
        self.cal = Calendar(holidays=frozenset(holidays))
        self.used_nik |= set(db.session.scalars(select(TrainingParticipant.nik)))
        self.used_nik |= set(db.session.scalars(select(TransmigrationMember.nik)))
        self.used_kk |= set(db.session.scalars(select(TransmigrationFamily.kk_number)))

    # -- small helpers ----------------------------------------------------------------
    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def weighted(self, items, weights):
        return self.rng.choices(items, weights=weights, k=1)[0]

    def workday(self, d: date) -> date:
        """d itself if the office is open, else the next working day."""
        while not self.cal.is_working_day(d):
            d += timedelta(days=1)
        return d

    def add_wd(self, d: date, n: int) -> date:
        return self.cal.add_working_days(d, n) if n > 0 else self.workday(d)

    def sub_wd(self, d: date, n: int) -> date:
        while n > 0:
            d -= timedelta(days=1)
            if self.cal.is_working_day(d):
                n -= 1
        return d

    def nik(self, region: str, birth: date, sex: str) -> str:
        serial = self.rng.randint(1, 80)
        while True:
            value = nik_rules.build(region, birth, sex, serial)
            if value not in self.used_nik:
                self.used_nik.add(value)
                return value
            serial = serial % 9999 + 1

    def kk(self, region: str, issued: date) -> str:
        serial = self.rng.randint(1, 400)
        while True:
            value = f"{region}{issued:%d%m%y}{serial:04d}"
            if value not in self.used_kk:
                self.used_kk.add(value)
                return value
            serial = serial % 9999 + 1

    def phone(self) -> str:
        prefix = self.pick(["811", "812", "813", "821", "822", "823", "852", "853", "857", "856", "858",
                            "877", "878", "819", "896", "895", "898", "838", "831", "882"])
        digits = "".join(str(self.rng.randint(0, 9)) for _ in range(self.rng.choice((7, 8, 8, 9))))
        return f"+62{prefix}{digits}"

    def name(self, sex: str, age: int) -> str:
        r = self.rng.random()
        if age >= 45 and r < 0.35:
            return self.pick(OLD_SINGLE_MALE if sex == "L" else OLD_SINGLE_FEMALE)
        first = self.pick(MALE_FIRST if sex == "L" else FEMALE_FIRST)
        last = self.pick(MALE_LAST if sex == "L" else FEMALE_LAST)
        if age < 32 and r < 0.35:
            middle = self.pick(MALE_FIRST if sex == "L" else FEMALE_FIRST)
            if middle != first:
                return f"{first} {middle} {last}"
        if r > 0.93:
            return first if first not in ("Muhammad", "Nur", "Siti", "Neng") else f"{first} {last}"
        return f"{first} {last}"

    def birth_date(self, ref: date, age: int) -> date:
        """A birth date that makes the person `age` years old on ref."""
        latest = add_years(ref, -age)
        return latest - timedelta(days=self.rng.randint(0, 364))

    def address(self) -> str:
        if self.rng.random() < 0.72:
            return self.pick(KAMPUNG)
        return self.pick(STREETS).format(b=self.pick("ABCDEFGH") + str(self.rng.randint(1, 12)),
                                         n=self.rng.randint(1, 40))

    def rt_rw(self) -> tuple[str, str]:
        return f"{self.rng.randint(1, 12):03d}", f"{self.rng.randint(1, 8):03d}"

    # -- BKK --------------------------------------------------------------------------
    def bkks(self) -> list[Bkk]:
        result = []
        existing = {b.npsn: b for b in db.session.scalars(select(Bkk))}
        taken = {b.registration_number for b in existing.values()}
        for i, (school, npsn, kec, address, head) in enumerate(SMK_BKK):
            if npsn in existing:
                result.append(existing[npsn])
                continue
            registered = date(self.today.year - 2 + (i % 2), 1 + 2 * i, 10 + i)
            number = f"BKK/{36 + i:03d}/{registered.year}"
            if number in taken:
                number = f"BKK/{36 + i:03d}/{registered.year}/{npsn}"
            result.append(Bkk(
                school_name=school, npsn=npsn, registration_number=number, registered_on=registered,
                valid_until=add_years(registered, 5), status="aktif",
                decree_number=f"421.5/{40 + i * 7:03d}/SMKN/{registered.year}", address=address,
                kecamatan_code=kec, head_name=head, phone=self.phone(),
                email=f"bkk.{school.lower().replace('smk negeri ', 'smkn').replace(' ', '')}@gmail.com"))
        db.session.add_all([b for b in result if b.id is None])
        return result

    # -- job seekers ------------------------------------------------------------------
    def _registration_day(self) -> date:
        """Spread over the last ~20 months, busier after school graduation (June–August); a few older
        registrations (24–28 months) so that lapsed and renewed cards exist."""
        rng = self.rng
        r = rng.random()
        if r < 0.09:
            return self.today - timedelta(days=rng.randint(0, 20))
        if r < 0.94:
            lo, hi = 15, 610
        else:
            lo, hi = 730, 850
        while True:
            d = self.today - timedelta(days=rng.randint(lo, hi))
            weight = {6: 2.0, 7: 2.2, 8: 1.6, 1: 1.2, 2: 1.1}.get(d.month, 1.0) * (0.35 if d.weekday() >= 5 else 1)
            if rng.random() * 2.2 < weight:
                return d

    def _level(self, age_at_reg: int) -> str:
        weights = dict(LEVEL_WEIGHTS)
        if age_at_reg >= 40:
            weights.update({"SD": 25, "SMP": 25, "SMA": 25, "SMK": 10})
        while True:
            level = self.weighted(list(weights), list(weights.values()))
            if age_at_reg >= MIN_LEVEL_AGE[level]:
                return level

    def person(self, index: int, forced_level: str | None, forced_kec: str | None, bkk: Bkk | None,
               bkk_day: date | None) -> dict:
        rng = self.rng
        sex = "P" if rng.random() < 0.46 else "L"
        reg = bkk_day or self._registration_day()
        elapsed = (self.today - reg).days // 365
        r = rng.random()
        if bkk is not None:
            age_at_reg = rng.choice((18, 18, 18, 19))
        elif r < 0.012:
            age_at_reg = 17
        elif r < 0.78:
            age_at_reg = int(min(30, 18 + abs(rng.gauss(0, 5))))
        elif r < 0.94:
            age_at_reg = rng.randint(31, 45)
        else:
            age_at_reg = rng.randint(46, 58 - elapsed)
        if forced_level and age_at_reg < MIN_LEVEL_AGE[forced_level]:
            age_at_reg = MIN_LEVEL_AGE[forced_level] + rng.randint(0, 3)
        birth = self.birth_date(reg, age_at_reg)
        while add_years(birth, 59) <= self.today:  # nobody older than 58 today
            birth = add_years(birth, 1)
            age_at_reg -= 1
        level = "SMK" if bkk is not None else (forced_level or self._level(age_at_reg))

        if bkk is not None:
            kec = self.pick(NEIGHBOURS[bkk.kecamatan_code])
        else:
            kec = forced_kec or self.weighted(KEC_CODES, [KEC_WEIGHT[c] for c in KEC_CODES])
        if rng.random() < 0.10:
            region, birth_place = self.pick(OTHER_REGIONS)
        else:
            region = _region(kec if rng.random() < 0.78 else self.pick(KEC_CODES))
            birth_place = "Serang" if rng.random() < 0.86 else self.pick(["Cilegon", "Pandeglang", "Tangerang", "Lebak"])

        # education
        grad_year = min(reg.year, birth.year + GRAD_AGE[level] + rng.choice((0, 0, 0, 1, 1, 2)))
        if bkk is not None:
            grad_year = reg.year
        major = None
        if level == "SMK":
            majors = [m for m in SMK_MAJORS]
            major, position = self.weighted([(m[0], m[1]) for m in majors], [m[2] if sex == "L" else m[3] for m in majors])
            if rng.random() < 0.35:
                position = self.pick(SMK_SIDE_POSITIONS)
        else:
            options = LEVEL_POSITIONS[level]
            position = self.weighted(options, [max(0.05, POSITIONS[p][0 if sex == "L" else 1]) for p in options])
            if level in MAJORS:
                major = self.pick(MAJORS[level])
                if level == "D3" and major == "Keperawatan":
                    position = "perawat"
        education = self.education_rows(level, major, grad_year, kec, bkk, birth)

        age_now = age_at_reg + elapsed
        marital = "belum_kawin"
        if age_now >= 22 and rng.random() < min(0.9, (age_now - 20) / 10):
            marital = "kawin"
            if age_now >= 30 and rng.random() < 0.08:
                marital = self.pick(["cerai_hidup", "cerai_mati"])
        religion = self.weighted(["islam", "kristen", "katolik", "buddha"], [96, 2.2, 1.3, 0.5])
        full_name = self.name(sex, age_now)
        email = None
        if rng.random() < 0.55:
            handle = full_name.lower().replace(" ", ".").replace("'", "")
            email = f"{handle}{rng.randint(1, 99) if rng.random() < 0.7 else birth.year % 100:02d}@" + \
                self.pick(["gmail.com", "gmail.com", "gmail.com", "yahoo.com"])
        experience = []
        if age_at_reg >= 20 and rng.random() < 0.55:
            start_floor = max(grad_year, reg.year - 8)
            for _ in range(rng.choice((1, 1, 2))):
                employer, pos, desc = self.pick(PAST_EMPLOYERS)
                start = rng.randint(start_floor, reg.year)
                end = min(reg.year, start + rng.randint(0, 2))
                experience.append(JobSeekerExperience(employer=employer, position=pos, start_year=start,
                                                      end_year=end, description=desc))
        skills = POSITIONS[position][2]
        if rng.random() < 0.4:
            skills += ", Microsoft Office dasar"
        return {
            "index": index, "sex": sex, "reg": reg, "age_at_reg": age_at_reg, "birth": birth, "level": level,
            "kec": kec, "region": region, "birth_place": birth_place, "grad_year": grad_year,
            "position": position, "education": education, "experience": experience, "bkk": bkk,
            "marital": marital, "religion": religion, "full_name": full_name, "email": email, "skills": skills,
        }

    def education_rows(self, level, major, grad_year, kec, bkk, birth) -> list[JobSeekerEducation]:
        rng = self.rng
        kname = KECAMATAN[kec]
        rows = []

        def school_row(lvl, year, mj=None):
            if lvl == "SD":
                name = f"SD Negeri {rng.randint(1, 4)} {kname}"
            elif lvl == "SMP":
                name = f"SMP Negeri {rng.randint(1, 3)} {kname}" if rng.random() < 0.75 else f"MTs Al-Khairiyah {kname}"
            elif lvl == "SMK" and bkk is not None:
                name = bkk.school_name
            elif lvl in ("SMA", "SMK"):
                if rng.random() < 0.6:
                    name = f"{lvl} Negeri {rng.randint(1, 2)} {kname}"
                else:
                    name = f"{self.pick(PRIVATE_SCHOOLS[lvl])} {kname}"
            else:
                name = self.pick(COLLEGES[lvl])
            if lvl in ("D1D2", "D3", "D4S1", "S2", "S3"):
                grade = f"{rng.uniform(2.75, 3.85):.2f}".replace(".", ",")
            elif lvl in ("SD", "SMP"):
                grade = None
            else:
                grade = f"{rng.uniform(72, 92):.2f}".replace(".", ",")
            rows.append(JobSeekerEducation(level=lvl, school=name, major=mj, graduation_year=year, grade=grade))

        if level in ("D1D2", "D3", "D4S1", "S2", "S3"):
            secondary = "SMK" if rng.random() < 0.35 else "SMA"
            school_row(secondary, birth.year + 18, self.pick(MAJORS["SMA"]) if secondary == "SMA" else None)
            if level in ("S2", "S3"):
                school_row("D4S1", birth.year + 22, self.pick(MAJORS["D4S1"]))
            if level == "S3":
                school_row("S2", birth.year + 25, self.pick(MAJORS["S2"]))
        elif level in ("SMA", "SMK") and rng.random() < 0.25:
            school_row("SMP", grad_year - 3)
        school_row(level, grad_year, major)
        return rows

    def placement(self, position: str) -> tuple[str, str, str]:
        """(placement type, employer, position)"""
        rng = self.rng
        r = rng.random()
        if r < 0.03:
            akan = [e for e in EMPLOYERS_AKAN if e[1] == position] or EMPLOYERS_AKAN
            employer, pos = self.pick(akan)
            return "AKAN", employer, pos
        if r < 0.15:
            return "AKAD", self.pick(EMPLOYERS_AKAD), position
        fitting = [name for name, positions in EMPLOYERS_AKL if position in positions]
        employer = self.pick(fitting) if fitting and rng.random() < 0.9 else self.pick(EMPLOYERS_AKL)[0]
        return "AKL", employer, position

    def timeline(self, p: dict) -> tuple[list[tuple[str, date, dict]], dict]:
        """A dated, chronological history for one registration, stopped at today."""
        rng, today = self.rng, self.today
        events: list[tuple[str, date, dict]] = []
        card: dict = {}

        def push(event, day, **fields):
            if day > today:
                raise _Future
            events.append((event, day, fields))

        reg = p["reg"]
        try:
            note = f"Didaftarkan kolektif melalui BKK {p['bkk'].school_name}" if p["bkk"] else \
                self.pick(["Pendaftaran daring", "Pendaftaran daring", "Pendaftaran di loket"])
            push(codes.EV_REGISTERED, reg, note=note)
            if p["age_at_reg"] < 18:
                push(codes.EV_REJECTED, self.add_wd(reg, rng.randint(1, 3)),
                     note="Usia belum memenuhi batas minimum 18 tahun; dipersilakan mendaftar kembali.")
                return events, card
            if rng.random() < 0.012:
                push(codes.EV_REJECTED, self.add_wd(reg, rng.randint(1, 4)), note=self.pick(REJECTION_NOTES))
                return events, card
            t = reg
            if rng.random() < 0.15:
                d = self.add_wd(t, rng.randint(0, 2))
                correction = self.pick(CORRECTION_NOTES)
                push(codes.EV_CORRECTION_REQUESTED, d, note=correction)
                p["correction_note"] = correction
                if rng.random() < 0.06:
                    return events, card  # never came back
                t = d + timedelta(days=rng.randint(1, 10))
                push(codes.EV_CORRECTED, t, note="Data dilengkapi pemohon")
            t = self.add_wd(t, self.weighted([0, 1, 2, 3, 5, 8, 12], [2, 3, 3, 2, 2, 1, 1]))  # verification backlog
            push(codes.EV_VERIFIED, t)
            if rng.random() < 0.03:
                return events, card  # verified but never came to sign and collect the card
            printed = self.add_wd(t, self.weighted([0, 1, 2, 3, 5, 8, 12, 18], [3, 4, 3, 3, 3, 2, 1, 1]))
            push(codes.EV_PRINTED, printed, note="Ditandatangani Pengantar Kerja dan diserahkan di kantor")
            card.update(printed=printed, valid_from=printed, valid_until=card_rules.valid_until(printed))

            # What ends the search, if anything, before the card lapses.
            mean = {"SD": 1100, "SMP": 1000, "SMA": 800}.get(p["level"], 620)
            if p["age_at_reg"] > 40:
                mean *= 1.6
            if p["bkk"] is not None:
                mean *= 0.8
            place_on = printed + timedelta(days=int(rng.expovariate(1 / mean)) + 7)
            other_on, other = None, None
            if rng.random() < 0.10:
                other_on = printed + timedelta(days=rng.randint(20, 700))
                other = REMOVAL_OTHER[self.removal_turn % len(REMOVAL_OTHER)]  # every reason shows up
                self.removal_turn += 1
            reliable = 0.93 if rng.random() < 0.8 else 0.6

            def finish_before(limit: date) -> bool:
                """Record a placement or removal that happens before `limit`; True if one did."""
                candidates = []
                if place_on < limit:
                    candidates.append((place_on, "place"))
                if other_on is not None and other_on < limit:
                    candidates.append((other_on, "other"))
                if not candidates:
                    return False
                day, kind = min(candidates)
                day = self.workday(day)
                if kind == "place":
                    ptype, employer, position = self.placement(p["position"])
                    start = max(card["printed"], day - timedelta(days=rng.randint(0, 40)))
                    push(codes.EV_PLACED, day, placement_type=ptype, employer_name=employer,
                         employer_position=position, placement_start=start,
                         note=self.pick(["Lapor diri diterima bekerja", "Laporan dari perusahaan",
                                         "Lapor diri diterima bekerja (kontrak PKWT)"]))
                else:
                    push(codes.EV_REMOVED, day, removal_reason=other[0], note=other[1])
                return True

            period_start = printed
            while True:
                valid_until = card_rules.valid_until(period_start)
                for slot in range(1, 5):
                    due = add_months(period_start, 6 * slot)
                    if slot == 4:
                        reported = self.sub_wd(valid_until, rng.randint(1, 15))
                    else:
                        reported = self.workday(due + timedelta(days=rng.randint(-14, 25)))
                    if finish_before(reported):
                        return events, card
                    if rng.random() > reliable:
                        if slot == 4:  # the last report is missed: the card simply lapses
                            break
                        removal = self.workday(due + timedelta(days=rng.randint(60, 120)))
                        if finish_before(removal):
                            return events, card
                        push(codes.EV_REMOVED, removal, removal_reason="tidak_lapor",
                             note=f"Tidak melapor diri ke-{slot} lebih dari 3 bulan setelah jatuh tempo.")
                        return events, card
                    push(codes.EV_REPORTED, reported, report_slot=slot,
                         note=self.pick(["Masih mencari kerja", "Masih mencari kerja",
                                         "Masih mencari kerja; sudah melamar ke beberapa perusahaan",
                                         "Masih mencari kerja; bekerja serabutan"]))
                if finish_before(valid_until):
                    return events, card
                r = rng.random()
                if r < 0.22:
                    renewed = max(events[-1][1], self.sub_wd(valid_until, rng.randint(0, 10)))
                    push(codes.EV_RENEWED, renewed, note="Masa berlaku diperpanjang 2 tahun")
                    period_start = renewed
                    card.update(valid_from=renewed, valid_until=card_rules.valid_until(renewed))
                    continue
                if r < 0.35:
                    push(codes.EV_REMOVED, self.workday(valid_until + timedelta(days=rng.randint(1, 20))),
                         removal_reason="masa_berlaku_habis", note="Kartu tidak diperpanjang")
                else:
                    push(codes.EV_EXPIRED, valid_until + timedelta(days=1), note="Masa berlaku kartu 2 tahun habis")
                return events, card
        except _Future:
            return events, card

    def job_seekers(self, count: int, bkks: list[Bkk]) -> tuple[list[JobSeeker], int]:
        rng = self.rng
        levels = list(EDUCATION_ORDER)
        rng.shuffle(levels)
        kecs = list(KEC_CODES)
        rng.shuffle(kecs)
        # ~10% come through a school's BKK, submitted in batches after graduation.
        bkk_count = round(count * 0.10) if bkks else 0
        batch_days = []
        for bkk in bkks:
            for year in (self.today.year - 1, self.today.year):
                day = self.workday(date(year, 7, 1) + timedelta(days=rng.randint(0, 40)))
                if self.today - timedelta(days=600) <= day <= self.today:
                    batch_days.append((bkk, day))
        people = []
        for i in range(count):
            bkk = bkk_day = None
            forced_level = levels[i] if i < len(levels) else None
            forced_kec = kecs[i - len(levels)] if len(levels) <= i < len(levels) + len(kecs) else None
            if i >= count - bkk_count and batch_days:
                bkk, bkk_day = self.pick(batch_days)
                forced_level = forced_kec = None
            people.append(self.person(i, forced_level, forced_kec, bkk, bkk_day))
        people.sort(key=lambda p: (p["reg"], p["index"]))

        result = []
        printed = []
        event_count = 0
        for p in people:
            events, card = self.timeline(p)
            rt, rw = self.rt_rw()
            desa = self.pick(DESA[p["kec"]])
            kk_region = _region(p["kec"])
            js = JobSeeker(
                registration_number=temporary_registration_number(), registered_on=p["reg"],
                created_at=_at(p["reg"], rng, 7, 21), status=codes.JS_SUBMITTED,
                nik=self.nik(p["region"], p["birth"], p["sex"]),
                kk_number=self.kk(kk_region, p["reg"] - timedelta(days=rng.randint(200, 4000))),
                full_name=p["full_name"], birth_place=p["birth_place"], birth_date=p["birth"], sex=p["sex"],
                religion=p["religion"], marital_status=p["marital"],
                height_cm=rng.randint(158, 178) if p["sex"] == "L" else rng.randint(146, 164),
                weight_kg=rng.randint(48, 80) if p["sex"] == "L" else rng.randint(40, 68),
                address_street=self.address(), rt=rt, rw=rw, desa=desa, kecamatan_code=p["kec"],
                phone=self.phone(), email=p["email"], education_level=p["level"], graduation_year=p["grad_year"],
                skills=p["skills"], courses=self.pick(COURSES) if rng.random() < 0.2 else None,
                languages=self.pick(["Indonesia, Jawa Serang", "Indonesia, Sunda", "Indonesia, Jawa Serang, Sunda",
                                     "Indonesia, Inggris (pasif)", "Indonesia, Sunda, Arab (dasar)"]),
                desired_position=p["position"][:1].upper() + p["position"][1:],
                desired_location=self.pick(["Kabupaten Serang", "Kabupaten Serang", "Serang dan Cilegon",
                                            "Provinsi Banten", "Jabodetabek", "Bebas", "Luar negeri"]),
                karirhub_id=f"{rng.randint(10**11, 10**12 - 1)}" if rng.random() < 0.25 else None,
                officer_notes=self.pick(OFFICER_NOTES) if rng.random() < 0.15 else None,
                bkk=p["bkk"], education=p["education"], experience=p["experience"],
            )
            # Lost cards are printed again now and then.
            if card and rng.random() < 0.04:
                reprint = self.workday(card["printed"] + timedelta(days=rng.randint(20, 300)))
                last = events[-1]
                terminal = last[0] in (codes.EV_PLACED, codes.EV_REMOVED, codes.EV_EXPIRED)
                if reprint <= self.today and (not terminal or reprint < last[1]):
                    events.append((codes.EV_REPRINTED, reprint, {"note": "Kartu hilang; dicetak ulang"}))
                    events.sort(key=lambda e: e[1])  # stable: same-day order kept
            for event, day, fields in events:
                record_event(js, event, day, recorded_at=_at(day, rng), **fields)
            event_count += len(events)
            js.status_changed_at = _at(events[-1][1], rng)
            if js.status == codes.JS_CORRECTION:
                js.correction_note = p.get("correction_note")
            if card:
                js.valid_from, js.valid_until = card["valid_from"], card["valid_until"]
                printed.append((card["printed"], len(result), js))
            result.append(js)

        db.session.add_all(result)
        db.session.flush()
        # Card numbers and verification codes as the card desk makes them (services.cards.print_card),
        # so a demo card verifies at /verifikasi and the desk can print more without a clash.
        codes_used = set(db.session.scalars(select(JobSeeker.verification_code)))
        for day, _i, js in sorted(printed, key=lambda x: (x[0], x[1])):
            js.card_number = card_rules.card_number(day.year, js.id)
            code = "".join(rng.choice(ACCESS_CODE_ALPHABET) for _ in range(VERIFICATION_CODE_LENGTH))
            while code in codes_used:
                code = "".join(rng.choice(ACCESS_CODE_ALPHABET) for _ in range(VERIFICATION_CODE_LENGTH))
            codes_used.add(code)
            js.verification_code = code
        for js in result:
            assign_registration_number(js)
        return result, event_count

    # -- queue ------------------------------------------------------------------------
    def service_days(self, count: int = 10) -> tuple[int, int]:
        existing = set(db.session.scalars(select(ServiceDay.day)))
        day, made, windows = self.today, 0, 0
        while made < count:
            if day.weekday() < 5 and day not in self.table_holidays:
                made += 1
                if day not in existing:
                    sd = ServiceDay(day=day, quota=100, closed=False, booked=0, issued=0)
                    for h in range(5):
                        sd.windows.append(ServiceWindow(starts_at=time(8 + h, 0), ends_at=time(9 + h, 0),
                                                        quota=20, booked=0))
                        windows += 1
                    db.session.add(sd)
            day += timedelta(days=1)
        return made, windows

    # -- mediation --------------------------------------------------------------------
    def mediation(self) -> list[MediationCase]:
        rng = self.rng
        today = self.today
        taken = set(db.session.scalars(select(MediationCase.register_number)))
        cases = []
        # (dispute type, final state, outcome, company, address, worker party (None = a person),
        #  worker count, summary, extra)
        plans = [
            ("hak", "terdaftar", None, "PT Sinar Baja Cikande", "Kawasan Industri Modern Cikande Blok D-12", None, 1,
             "Upah lembur Januari–Maret belum dibayar sesuai perhitungan Kepmenakertrans 102/2004.", {"wd_ago": 2}),
            ("phk", "mediasi", None, "CV Tirta Anyar Wisata", "Jl. Raya Anyer Km 121, Anyar", None, 1,
             "PHK karena alasan efisiensi tanpa pembayaran pesangon.", {"wd_ago": 10, "delegated": True}),
            ("phk", "mediasi", None, "PT Mitra Garmen Kibin", "Jl. Raya Serang–Jakarta Km 62, Kibin", None, 3,
             "PHK tiga pekerja dengan alasan mangkir; pekerja menyatakan sedang sakit dengan surat dokter.",
             {"delegated_wd_ago": 12, "klarifikasi": True, "sessions": [6]}),
            ("kepentingan", "mediasi", None, "PT Aneka Pangan Kragilan", "Jl. Raya Kragilan No. 88, Kragilan",
             "PUK SP KEP SPSI PT Aneka Pangan Kragilan", 214,
             "Perundingan perjanjian kerja bersama (PKB) periode baru buntu pada pasal struktur dan skala upah.",
             {"delegated_wd_ago": 6, "sessions": [4]}),
            ("antar_sp", "mediasi", None, "PT Serang Logam Perkasa", "Jl. Raya Jawilan–Cikande, Jawilan",
             "PUK SPAMK FSPMI PT Serang Logam Perkasa", 540,
             "Perselisihan dengan PK SPN PT Serang Logam Perkasa tentang keanggotaan tim perunding PKB.",
             {"delegated_wd_ago": 15, "sessions": [5, 11]}),
            ("hak", "anjuran", None, "PT Karya Plastik Jawilan", "Jl. Raya Jawilan No. 17, Jawilan", None, 12,
             "Kekurangan pembayaran upah minimum kabupaten bagi 12 pekerja bagian pengemasan.",
             {"delegated_wd_ago": 20, "sessions": [5], "anjuran_after": 8}),
            ("phk", "anjuran", None, "PT Kimia Pulo Ampel Utama", "Jl. Raya Bojonegara Km 8, Pulo Ampel", None, 1,
             "PHK setelah kecelakaan kerja; perselisihan besaran kompensasi.",
             {"delegated_wd_ago": 22, "sessions": [4, 8], "anjuran_after": 5, "worker_answer": "menerima"}),
            ("phk", "selesai", "perjanjian_bersama", "PT Bumi Cinangka Resort", "Jl. Raya Karang Bolong, Cinangka",
             None, 2, "PHK karena penutupan unit restoran; pesangon disepakati 1 kali ketentuan.",
             {"days_ago": 60, "sessions": [5]}),
            ("hak", "selesai", "perjanjian_bersama", "PT Cahaya Tekstil Ciruas", "Jl. Raya Ciruas–Petir, Ciruas",
             None, 6, "THR keagamaan dibayar kurang dari satu bulan upah.", {"days_ago": 190, "sessions": [4, 9]}),
            ("kepentingan", "selesai", "perjanjian_bersama", "PT Tanara Bahari Perikanan", "Jl. Raya Tanara, Tanara",
             "SP Nelayan dan Pengolah Ikan PT Tanara Bahari", 85,
             "Perubahan jadwal kerja shift dan tunjangan transportasi.",
             {"days_ago": 260, "klarifikasi": True, "sessions": [6, 11]}),
            ("phk", "selesai", "anjuran_diterima", "PT Multi Karton Kibin", "Kawasan Industri Kibin Blok B-3, Kibin",
             None, 1, "PHK karena efisiensi; perselisihan masa kerja yang dihitung.",
             {"days_ago": 150, "sessions": [5], "anjuran_after": 7, "worker_answer": "menerima",
              "company_answer": "menerima"}),
            ("hak", "selesai", "anjuran_ditolak", "PT Sarana Beton Kopo", "Jl. Raya Kopo–Maja, Kopo", None, 4,
             "Upah proses dan BPJS Ketenagakerjaan tidak dibayarkan.",
             {"days_ago": 300, "sessions": [5, 9], "anjuran_after": 6, "worker_answer": "menerima",
              "company_answer": "menolak"}),
            ("phk", "selesai", "anjuran_ditolak", "PT Padarincang Agro Lestari", "Jl. Raya Padarincang, Padarincang",
             None, 1, "PHK karena dianggap mengundurkan diri setelah mangkir 5 hari.",
             {"days_ago": 400, "sessions": [6], "anjuran_after": 9, "worker_answer": "tidak_menjawab",
              "company_answer": "menerima"}),
            ("kepentingan", "selesai", "dicabut", "PT Mekar Jaya Furnitur", "Jl. Raya Pamarayan, Pamarayan",
             "PUK SPSI PT Mekar Jaya Furnitur", 63,
             "Tuntutan kenaikan uang makan; dicabut setelah bipartit ulang mencapai kesepakatan.",
             {"days_ago": 110, "klarifikasi": True, "sessions": []}),
            ("antar_sp", "selesai", "perjanjian_bersama", "PT Baros Kemasan Indah", "Jl. Raya Baros–Pandeglang, Baros",
             "SPN PT Baros Kemasan Indah", 310,
             "Perselisihan dengan SP KEP tentang penggunaan ruang sekretariat dan iuran (check-off).",
             {"days_ago": 220, "sessions": [5, 10]}),
        ]
        dated = []
        for plan in plans:
            extra = plan[8]
            if "wd_ago" in extra:
                registered = self.sub_wd(today, extra["wd_ago"])
            elif "delegated_wd_ago" in extra:
                registered = self.sub_wd(today, extra["delegated_wd_ago"] + 8)
            else:
                registered = self.workday(today - timedelta(days=extra["days_ago"] + 45))
            dated.append((registered, plan))
        dated.sort(key=lambda x: x[0])
        per_year: Counter = Counter()
        anjuran_year: Counter = Counter()
        akta_year: Counter = Counter()
        for registered, (dtype, state, outcome, company, address, union, workers, summary, extra) in dated:
            per_year[registered.year] += 1
            number = f"{per_year[registered.year]:03d}/Reg-HI/Disnakertrans/{registered.year}"
            while number in taken:
                per_year[registered.year] += 1
                number = f"{per_year[registered.year]:03d}/Reg-HI/Disnakertrans/{registered.year}"
            taken.add(number)
            if union:
                worker_party = union
                chair = self.name("L", 40)
                worker_rep = f"{chair} (Ketua) dan {self.name('L', 35)} (Sekretaris)"
                worker_poa = None
            else:
                person = self.name(self.pick("LLLP"), 35)
                worker_party = person if workers == 1 else f"{person} dan {workers - 1} pekerja lainnya"
                advocate = self.name(self.pick("LLP"), 45)
                worker_rep = self.pick([f"{advocate}, S.H. (advokat)", f"{advocate} (pengurus PC SPSI Kab. Serang)", None])
                worker_poa = f"Surat kuasa khusus tgl. {registered - timedelta(days=rng.randint(3, 12)):%d-%m-%Y}" \
                    if worker_rep else None
            hrd = self.name(self.pick("LLP"), 40)
            bipartite_end = registered - timedelta(days=rng.randint(2, 12))
            bipartite_start = bipartite_end - timedelta(days=rng.randint(10, 35))
            case = MediationCase(
                register_number=number, registered_on=registered, dispute_type=dtype, status=state,
                worker_count=workers, worker_party=worker_party, worker_representative=worker_rep,
                worker_power_of_attorney=worker_poa, company_name=company, company_address=address,
                company_representative=f"{hrd} (HRD Manager)",
                company_power_of_attorney=f"Surat kuasa direksi tgl. {registered - timedelta(days=rng.randint(1, 9)):%d-%m-%Y}",
                bipartite_minutes=(f"Risalah perundingan bipartit {bipartite_start:%d-%m-%Y} s.d. {bipartite_end:%d-%m-%Y}: "
                                   f"{rng.randint(2, 3)} kali perundingan, tidak tercapai kesepakatan. "
                                   "Ditandatangani kedua pihak."),
                bipartite_ended_on=bipartite_end, summary=summary,
            )
            cases.append(case)
            if state == "terdaftar" and not extra.get("delegated"):
                continue
            # The parties chose neither conciliation nor arbitration within 7 working days.
            delegated = self.add_wd(registered, 8) if "delegated_wd_ago" not in extra else \
                self.sub_wd(today, extra["delegated_wd_ago"])
            if extra.get("delegated"):
                delegated = self.sub_wd(today, 1)
            case.delegated_on = delegated
            if state == "terdaftar":
                continue
            attendance = f"Pekerja: {worker_party.split(' dan ')[0]}" + (" dan kuasa" if worker_rep else "") + \
                f"; Pengusaha: {hrd}"
            last = delegated
            if extra.get("klarifikasi"):
                held = self.add_wd(delegated, 2)
                case.sessions.append(MediationSession(
                    held_on=held, kind="klarifikasi", attendance=attendance,
                    minutes="Klarifikasi pokok perselisihan dan kelengkapan dokumen (tidak dihitung 30 hari kerja)."))
                last = held
            offsets = extra.get("sessions", [])
            for k, offset in enumerate(offsets, start=1):
                held = self.add_wd(delegated, offset)
                agreed = outcome == "perjanjian_bersama" and k == len(offsets)
                case.sessions.append(MediationSession(
                    held_on=held, kind="mediasi", attendance=attendance,
                    minutes=(f"Sidang mediasi ke-{k}. " +
                             ("Para pihak sepakat; disusun Perjanjian Bersama." if agreed else
                              self.pick(["Para pihak menyampaikan tanggapan; belum tercapai kesepakatan.",
                                         "Pengusaha meminta waktu untuk berkonsultasi dengan direksi.",
                                         "Mediator meminta data upah dan absensi; sidang dilanjutkan."])))))
                last = held
            if outcome == "perjanjian_bersama":
                case.closed_on = last
                akta_year[last.year] += 1
                case.agreement_akta_number = f"{akta_year[last.year] + 10}/PB/{last.year}/PHI.Srg"
            elif outcome == "dicabut":
                case.closed_on = self.add_wd(last, rng.randint(2, 5))
            if "anjuran_after" in extra:
                first = next((s.held_on for s in case.sessions if s.kind == "mediasi"), delegated)
                issued = min(self.add_wd(last, extra["anjuran_after"]), self.add_wd(first, 10))
                issued = max(issued, self.add_wd(last, 1))
                anjuran_year[issued.year] += 1
                case.anjuran_number = f"560/{anjuran_year[issued.year] + 20:03d}/Anj-HI/{issued.year}"
                case.anjuran_date = issued
                received = self.add_wd(issued, rng.randint(1, 2))
                case.anjuran_received_on = received
                deadline = self.add_wd(received, 10)
                for side in ("worker", "company"):
                    answer = extra.get(f"{side}_answer")
                    if answer in ("menerima", "menolak"):
                        on = self.add_wd(received, rng.randint(3, 8))
                        if on > today:
                            continue
                        setattr(case, f"{side}_answer", answer)
                        setattr(case, f"{side}_answered_on", on)
                    elif answer == "tidak_menjawab" and deadline < today:
                        setattr(case, f"{side}_answer", answer)
                if state == "selesai":
                    answered = [d for d in (case.worker_answered_on, case.company_answered_on) if d]
                    if outcome == "anjuran_diterima":
                        case.closed_on = self.add_wd(max(answered), 3)  # agreement drafted within 3 days
                    else:
                        case.closed_on = self.add_wd(deadline, 1)
            case.outcome = outcome
        db.session.add_all(cases)
        return cases

    # -- training ---------------------------------------------------------------------
    def training(self, job_seekers: list[JobSeeker]) -> tuple[int, int, int]:
        rng, today = self.rng, self.today
        programs_spec = [
            ("Menjahit", "Garmen Apparel", "Menjahit pakaian dengan mesin jahit high speed (PBK).", "MJH"),
            ("Otomotif", "Otomotif", "Perawatan dan perbaikan sepeda motor injeksi (PBK).", "OTO"),
            ("Barista", "Pariwisata", "Penyajian kopi espresso dan manual brew.", "BRS"),
            ("Tata Boga", "Pariwisata", "Pengolahan makanan dan kue untuk usaha rumahan.", "TBG"),
            ("Pembuatan APD", "Garmen Apparel",
             "Pembuatan alat pelindung diri (masker kain, gaun medis) bagi pekerja terkena PHK.", "APD"),
        ]
        existing = {p.name: p for p in db.session.scalars(select(TrainingProgram))}
        programs = {}
        for name, field, description, _abbr in programs_spec:
            programs[name] = existing.get(name) or TrainingProgram(name=name, vocational_field=field,
                                                                   description=description)
        abbr = {name: a for name, _f, _d, a in programs_spec}
        db.session.add_all([p for p in programs.values() if p.id is None])
        taken_names = {(c.program_id, c.year, c.name) for c in db.session.scalars(select(TrainingCohort))}
        per_program_year: Counter = Counter()

        def cohort_name(program, year):
            while True:
                per_program_year[(program.name, year)] += 1
                roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][per_program_year[(program.name, year)] - 1]
                name = f"Angkatan {roman}"
                if program.id is None or (program.id, year, name) not in taken_names:
                    return name

        def end_of(start, days):
            return self.add_wd(start, days - 1)

        cohorts = []

        def cohort(program, status, kec, desa, venue, start, days=20, funding="APBD", partner="BBPVP Serang",
                   instructor=None, planned=16, **kw):
            c = TrainingCohort(program=program, name=cohort_name(program, start.year), year=start.year,
                               status=status, kecamatan_code=kec, desa=desa, venue=venue, start_date=start,
                               end_date=end_of(start, days), planned_participants=planned, training_days=days,
                               funding=funding, partner_institution=partner,
                               instructor=instructor or f"{self.name(self.pick('LP'), 40)} (instruktur {partner})",
                               **kw)
            cohorts.append(c)
            return c

        # 2020 seeds: two cohorts ran, six were cancelled when the budget went to COVID-19.
        mjh20 = cohort(programs["Menjahit"], "selesai", "36.04.07", "Bojonegara", "Aula Kantor Desa Bojonegara",
                       self.workday(date(2020, 8, 3)), instructor="Hj. Nurlaela (instruktur BBPVP Serang)",
                       equipment_handover="16 unit mesin jahit high speed dan 4 mesin obras diserahkan kepada "
                                          "Pemerintah Desa Bojonegara untuk kelompok usaha jahit.")
        oto20 = cohort(programs["Otomotif"], "selesai", "36.04.08", "Salira", "Balai Desa Salira",
                       self.workday(date(2020, 9, 7)), instructor="Asep Sudrajat (instruktur BBPVP Serang)",
                       equipment_handover="1 set peralatan bengkel sepeda motor diserahkan kepada Desa Salira.")
        covid = "Anggaran dialihkan untuk penanganan COVID-19"
        for prog, kec, month in [("Barista", "36.04.30", 6), ("Tata Boga", "36.04.12", 7), ("Tata Boga", "36.04.23", 9),
                                 ("Menjahit", "36.04.16", 9), ("Otomotif", "36.04.09", 10), ("Barista", "36.04.31", 10)]:
            cohort(programs[prog], "batal", kec, self.pick(DESA[kec]), f"Balai Desa {DESA[kec][0]}",
                   self.workday(date(2020, month, 6 + rng.randint(0, 10))), cancellation_reason=covid,
                   instructor="-")
        # Recent and current cohorts.
        apd = cohort(programs["Pembuatan APD"], "selesai", "36.04.15", "Cikande", "Gedung Serbaguna Kecamatan Cikande",
                     self.workday(add_months(today, -15)), funding="APBN",
                     equipment_handover="8 mesin jahit diserahkan kepada Desa Cikande.")
        tbg = cohort(programs["Tata Boga"], "selesai", "36.04.30", "Anyar", "Aula Desa Anyar",
                     self.workday(add_months(today, -5)), funding="mitra", partner="LPK Citra Boga Serang")
        mjh = cohort(programs["Menjahit"], "berjalan", "36.04.16", "Kibin", "Balai Latihan Desa Kibin",
                     self.sub_wd(today, 8))
        brs = cohort(programs["Barista"], "seleksi", "36.04.31", "Cinangka", "Kedai Latih Pasauran, Cinangka",
                     self.add_wd(today, 15), funding="mitra", partner="LPK Kopi Banten")
        cohort(programs["Otomotif"], "rencana", "36.04.26", "Jawilan", "Bengkel Latih Desa Jawilan",
                     self.workday(add_months(today, 3)), funding="APBD")
        db.session.add_all(cohorts)

        participants = []
        cert_seq: Counter = Counter()

        def add_participants(c, n, women_share, eligibility_weights, finished, running_days=0, selection=False):
            region = _region(c.kecamatan_code)
            for i in range(n):
                sex = "P" if rng.random() < women_share else "L"
                age = rng.randint(19, 45)
                birth = self.birth_date(c.start_date, age)
                kec = c.kecamatan_code if rng.random() < 0.8 else self.pick(NEIGHBOURS.get(c.kecamatan_code, KEC_CODES))
                eligibility = self.weighted(list(eligibility_weights), list(eligibility_weights.values()))
                p = TrainingParticipant(
                    cohort=c, nik=self.nik(region if rng.random() < 0.85 else _region(self.pick(KEC_CODES)), birth, sex),
                    full_name=self.name(sex, age), sex=sex, birth_date=birth, phone=self.phone(),
                    kecamatan_code=kec, desa=self.pick(DESA[kec]), eligibility=eligibility,
                    selection_status="lulus_seleksi", attendance_days=0, graduated=False)
                if selection:
                    p.selection_status = self.weighted(["pendaftar", "lulus_seleksi", "tidak_lulus", "cadangan"],
                                                       [2, 5, 2, 1])
                elif finished:
                    if i == n - 1:
                        p.selection_status = "mengundurkan_diri"
                        p.attendance_days = rng.randint(2, 6)
                    else:
                        p.attendance_days = self.weighted([20, 19, 18, 17, 15], [6, 4, 3, 2, 1])
                        p.graduated = p.attendance_days >= 16
                        if p.graduated:
                            p.competency_result = "kompeten" if rng.random() < 0.85 else "belum_kompeten"
                            if p.competency_result == "kompeten":
                                cert_seq[(c.program.name, c.year)] += 1
                                p.certificate_number = (f"{cert_seq[(c.program.name, c.year)]:03d}/"
                                                        f"{abbr[c.program.name]}/BBPVP-SRG/{c.year}")
                        p.follow_up = self.weighted(["bekerja", "wirausaha", "belum"], finished)
                else:
                    p.attendance_days = max(0, running_days - self.weighted([0, 1, 2], [8, 2, 1]))
                participants.append(p)

        add_participants(mjh20, 16, 0.95, {"phk": 5, "dirumahkan": 6, "pencari_kerja": 4, "pelaku_usaha": 1}, [2, 7, 4])
        add_participants(oto20, 16, 0.05, {"phk": 4, "dirumahkan": 5, "pencari_kerja": 7}, [6, 4, 4])
        add_participants(apd, 16, 0.7, {"phk": 10, "dirumahkan": 4, "lainnya": 1}, [4, 6, 5])
        add_participants(tbg, 16, 0.85, {"pencari_kerja": 6, "pelaku_usaha": 7, "lainnya": 2}, [3, 8, 4])
        running = self.cal.working_days_between(mjh.start_date, today) + 1
        # Four participants of the running cohort are registered job seekers (same identity).
        candidates = [js for js in job_seekers if js.status == codes.JS_PRINTED and js.sex == "P"
                      and (today - js.birth_date).days < 45 * 365]
        for js in candidates[:4]:
            participants.append(TrainingParticipant(
                cohort=mjh, nik=js.nik, full_name=js.full_name, sex=js.sex, birth_date=js.birth_date, phone=js.phone,
                kecamatan_code=js.kecamatan_code, desa=js.desa, eligibility="pencari_kerja",
                selection_status="lulus_seleksi", attendance_days=running, graduated=False))
        add_participants(mjh, 16 - min(4, len(candidates)), 0.9, {"pencari_kerja": 5, "phk": 2, "dirumahkan": 1},
                         None, running_days=running)
        add_participants(brs, 24, 0.5, {"pencari_kerja": 8, "pelaku_usaha": 2}, None, selection=True)
        # A few people had already signed up for one of the cancelled 2020 cohorts.
        cancelled = [c for c in cohorts if c.status == "batal"]
        for c in cancelled[:1]:
            add_participants(c, 9, 0.4, {"pencari_kerja": 5, "dirumahkan": 3}, None, selection=True)
            for p in participants[-9:]:
                p.selection_status = "pendaftar"
        db.session.add_all(participants)  # the planned Otomotif cohort has no participants yet
        return len(programs), len(cohorts), len(participants)

    # -- transmigration ---------------------------------------------------------------
    def transmigration(self) -> tuple[int, int]:
        rng, today = self.rng, self.today
        order = ["pendaftaran", "penyuluhan", "seleksi", "pelatihan", "penetapan", "pemberangkatan"]
        finals = (["pendaftaran"] * 3 + ["penyuluhan"] * 3 + ["seleksi"] * 3 + ["pelatihan"] * 2 +
                  ["penetapan"] * 2 + ["pemberangkatan"] * 3 + ["ditunda"] * 3 + ["batal"])
        types = ["TU"] * 13 + ["TSB"] * 5 + ["TSM"] * 2
        rng.shuffle(types)
        destinations = [("Sulawesi Barat", "Mamuju Tengah", "UPT Tobadak SP 8"),
                        ("Kalimantan Timur", "Paser", "UPT Batu Kajang SP 3"),
                        ("Sulawesi Barat", "Mamuju Tengah", "UPT Karossa SP 2")]
        stage_notes = {
            "pendaftaran": "Pendataan calon transmigran di kantor dinas",
            "penyuluhan": "Mengikuti penyuluhan di aula kecamatan",
            "seleksi": "Seleksi administrasi dan kesehatan (Puskesmas)",
            "pelatihan": "Pelatihan dasar umum dan keterampilan pertanian",
            "penetapan": "Ditetapkan sebagai calon transmigran",
            "pemberangkatan": "Diberangkatkan dan ditempatkan di lokasi tujuan",
        }
        families, people = [], 0
        for i, final in enumerate(finals):
            kec = self.weighted(KEC_CODES, [KEC_WEIGHT[c] * (2 if c in ("36.04.29", "36.04.13", "36.04.14",
                                                                         "36.04.32", "36.04.33") else 1)
                                            for c in KEC_CODES])
            desa = self.pick(DESA[kec])
            ttype = types[i]
            # The path of stages and how long ago the last one happened.
            if final == "pemberangkatan":
                path = order
                if i % 3 != 2:  # the 2022 departures (seed: Mamuju Tengah and Paser)
                    last_day = self.workday(date(2022, 11, 8 + 7 * (i % 3)))
                else:
                    last_day = self.workday(add_months(today, -10))
            elif final == "ditunda":
                path = order[:5] + ["ditunda"]
                last_day = self.workday(today - timedelta(days=rng.randint(120, 300)))
            elif final == "batal":
                path = order[:3] + ["batal"]
                last_day = self.workday(today - timedelta(days=rng.randint(30, 200)))
            else:
                path = order[:order.index(final) + 1]
                last_day = self.workday(today - timedelta(days=rng.randint(3, 60)))
            days = [last_day]
            for _stage in path[1:]:  # earlier stages, 3–10 weeks apart (working days only)
                days.insert(0, self.workday(days[0] - timedelta(days=rng.randint(21, 70))))
            registered = days[0]

            head_age = rng.randint(26, 48)
            head_birth = self.birth_date(registered, head_age)
            wife_age = max(20, head_age - rng.randint(0, 8))
            wife_birth = self.birth_date(registered, wife_age)
            region = _region(kec)
            kk_issued = registered - timedelta(days=rng.randint(60, 2000))
            head_name = self.name("L", head_age)
            members = [TransmigrationMember(nik=self.nik(region if rng.random() < 0.9 else self.pick(OTHER_REGIONS)[0],
                                                         head_birth, "L"),
                                            full_name=head_name, relationship_to_head="kepala", sex="L",
                                            birth_date=head_birth)]
            members.append(TransmigrationMember(nik=self.nik(region, wife_birth, "P"), full_name=self.name("P", wife_age),
                                                relationship_to_head="istri", sex="P", birth_date=wife_birth))
            max_child_age = wife_age - 19
            for _ in range(rng.choice((0, 1, 1, 2, 2, 2, 3))):
                child_age = rng.randint(0, max(0, min(max_child_age, 17)))
                child_sex = self.pick("LP")
                child_birth = self.birth_date(registered, child_age)
                child_birth = max(child_birth, add_years(wife_birth, 19))
                if child_birth > registered:
                    child_birth = registered - timedelta(days=rng.randint(30, 300))
                members.append(TransmigrationMember(nik=self.nik(region, child_birth, child_sex),
                                                    full_name=self.name(child_sex, 10), relationship_to_head="anak",
                                                    sex=child_sex, birth_date=child_birth))
            if i == 4:  # the wife's mother goes with them
                mother_birth = self.birth_date(registered, wife_age + 24)
                members.append(TransmigrationMember(nik=self.nik(region, mother_birth, "P"),
                                                    full_name=self.pick(OLD_SINGLE_FEMALE), relationship_to_head="lainnya",
                                                    sex="P", birth_date=mother_birth))
            people += len(members)

            reached = len([s for s in path if s in order])
            docs_all = reached >= 4
            family = TransmigrationFamily(
                kk_number=self.kk(region, kk_issued), registered_on=registered, transmigration_type=ttype,
                stage=final, interest_level=self.weighted(["tinggi", "sedang", "rendah"], [5, 3, 1]) if final != "batal"
                else "rendah",
                origin_kecamatan_code=kec, origin_desa=desa,
                address=f"{self.pick(KAMPUNG)} RT {rng.randint(1, 9):03d}/RW {rng.randint(1, 6):03d}",
                phone=self.phone(), head_nik=members[0].nik, head_name=head_name, head_birth_date=head_birth,
                head_education=self.weighted(["SD", "SMP", "SMA", "SMK"], [5, 4, 3, 1]),
                head_skills=self.pick(["Bertani padi dan palawija", "Berkebun dan beternak kambing", "Nelayan tradisional",
                                       "Tukang bangunan", "Berkebun kelapa sawit (pernah bekerja di Lampung)",
                                       "Bertani sayuran dan beternak ayam"]),
                doc_kk=True, doc_ktp=True,
                doc_marriage_certificate=docs_all or rng.random() < 0.6,
                doc_health_certificate=docs_all,
                doc_never_transmigrated=docs_all or rng.random() < 0.4,
                members=members,
            )
            if reached >= 3 or final in ("ditunda",):
                dest = destinations[i % len(destinations)]
                family.destination_province, family.destination_regency, family.destination_settlement = dest
            if final in ("penetapan", "ditunda", "pemberangkatan"):
                year = last_day.year if final == "pemberangkatan" else today.year
                family.departure_batch = f"Kloter {family.destination_regency} {year}"
            if final == "pemberangkatan":
                family.departure_date = last_day
            notes = {"ditunda": "Keberangkatan ditunda karena anggaran kementerian dialihkan; keluarga tetap "
                                "berminat dan dihubungi berkala.",
                     "batal": self.pick(["Mengundurkan diri: orang tua sakit dan tidak dapat ditinggal.",
                                         "Tidak lulus seleksi kesehatan."])}
            family.notes = notes.get(final)
            for stage, day in zip(path, days):
                note = stage_notes.get(stage) or family.notes
                family.stages.append(TransmigrationStageEvent(stage=stage, occurred_on=day, note=note[:300]))
            families.append(family)
        db.session.add_all(families)
        return len(families), people


EDUCATION_ORDER = list(codes.EDUCATION_LEVELS)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def fill(job_seekers: int = 400, seed: int = 2026) -> list[str]:
    """Fill an empty office with demo data; returns Indonesian summary lines."""
    if job_seekers < 0:
        raise click.ClickException("Jumlah pencari kerja tidak boleh negatif.")
    if db.session.scalar(select(func.count()).select_from(JobSeeker)):
        raise click.ClickException(
            "Basis data sudah berisi pencari kerja, jadi data contoh tidak diisi (agar tidak tercampur atau "
            "terisi dua kali). Gunakan basis data kosong untuk mencoba.")
    office = _Office(seed)
    try:
        with db.session.no_autoflush:
            bkks = office.bkks()
            db.session.flush()
            seekers, event_count = office.job_seekers(job_seekers, bkks)
            days, windows = office.service_days(10)
            cases = office.mediation()
            programs, cohorts, participants = office.training(seekers)
            families, people = office.transmigration()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    from services.cards import expire_due

    closed = expire_due()  # the daily sweep, as the office's cron would have run it over those years

    by_status = Counter(js.status for js in seekers)
    status_text = ", ".join(f"{label.lower()} {by_status[code]}" for code, label in codes.JOB_SEEKER_STATUS.items()
                            if by_status[code])
    case_states = Counter(c.status for c in cases)
    return [
        f"{len(bkks)} BKK (SMK) terdaftar",
        f"{_thousands(len(seekers))} pencari kerja ({sum(1 for js in seekers if js.bkk_id)} melalui BKK, "
        f"{len({js.kecamatan_code for js in seekers})} kecamatan)",
        f"  status: {status_text}" if seekers else "  status: -",
        f"{_thousands(event_count)} riwayat status pencari kerja ({closed} ditutup oleh pemeriksaan harian "
        f"masa berlaku)",
        f"{days} hari layanan antrean ({windows} sesi baru, kuota 100 per hari)",
        f"{len(cases)} kasus mediasi (" + ", ".join(f"{codes.CASE_STATUS[s].lower()} {case_states[s]}"
                                                   for s in codes.CASE_STATUS if case_states[s]) + ")",
        f"{programs} program pelatihan, {cohorts} angkatan, {participants} peserta",
        f"{families} keluarga calon transmigran ({people} jiwa)",
    ]
