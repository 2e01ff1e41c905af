"""Settings the office can change without a code release, with their defaults.

Items DOMAIN.md marks as unconfirmed (minimum age, Saturdays, cuti bersama, retention) are
settings, never constants in code.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: str
    kind: str  # "int", "bool", "str", "time"
    label: str


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("ak1.min_age", "18", "int", "Usia minimum pendaftar kartu AK-1 (tahun)"),
    SettingSpec("ak1.valid_years", "2", "int", "Masa berlaku kartu AK-1 (tahun)"),
    SettingSpec("ak1.report_months", "6", "int", "Interval lapor diri pemegang kartu (bulan)"),
    SettingSpec("ak1.report_grace_days", "30", "int", "Tenggang lapor diri sebelum kartu kedaluwarsa (hari)"),
    SettingSpec("queue.daily_quota", "100", "int", "Kuota antrean harian bawaan"),
    SettingSpec("queue.booking_window_days", "10", "int", "Jumlah hari kerja ke depan yang dapat dipesan"),
    SettingSpec("queue.first_window", "08:00", "time", "Jam mulai sesi antrean pertama"),
    SettingSpec("queue.window_minutes", "60", "int", "Lama satu sesi antrean (menit)"),
    SettingSpec("queue.window_count", "5", "int", "Jumlah sesi antrean per hari"),
    SettingSpec("calendar.saturday_working", "0", "bool", "Sabtu dihitung hari kerja"),
    SettingSpec("calendar.cuti_bersama_working", "0", "bool", "Cuti bersama dihitung hari kerja"),
    SettingSpec("site.base_url", "http://localhost:5000", "str", "Alamat dasar situs (untuk tautan dan kode QR)"),
    SettingSpec("office.name", "Dinas Tenaga Kerja dan Transmigrasi Kabupaten Serang", "str", "Nama kantor"),
    SettingSpec("office.address", "Kabupaten Serang, Banten", "str", "Alamat kantor (isi alamat lengkap di Pengaturan)"),
    SettingSpec("office.hours", "Senin–Kamis 08.00–15.00, Jumat 08.00–14.00 WIB", "str", "Jam layanan"),
    SettingSpec("retention.job_seeker_years", "5", "int", "Masa retensi data pencari kerja setelah kartu tutup (tahun)"),
    SettingSpec("retention.audit_years", "5", "int", "Masa retensi catatan audit (tahun)"),
)

BY_KEY = {spec.key: spec for spec in SPECS}


def parse_value(spec: SettingSpec, raw: str):
    raw = (raw or "").strip()
    if spec.kind == "int":
        return int(raw)
    if spec.kind == "bool":
        return raw.lower() in ("1", "true", "ya", "yes", "on")
    return raw


def validate(key: str, raw: str) -> str | None:
    """Return an Indonesian error message, or None when the value is acceptable."""
    spec = BY_KEY.get(key)
    if spec is None:
        return "Kunci pengaturan tidak dikenal."
    raw = (raw or "").strip()
    if spec.kind == "int":
        if not raw.isascii() or not raw.isdigit():
            return "Harus berupa bilangan bulat tidak negatif."
    elif spec.kind == "bool":
        if raw.lower() not in ("0", "1", "true", "false", "ya", "tidak", "yes", "no", "on", "off"):
            return "Isi 1 (ya) atau 0 (tidak)."
    elif spec.kind == "time":
        parts = raw.split(":")
        if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts) \
                or not (0 <= int(parts[0]) < 24 and 0 <= int(parts[1]) < 60):
            return "Format jam HH:MM, misalnya 08:00."
    elif not raw:
        return "Tidak boleh kosong."
    return None
