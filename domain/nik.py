"""NIK (Nomor Induk Kependudukan) rules.

16 ASCII digits: province (2) + regency (2) + district (2) + birth date DDMMYY with 40 added to
the day for women + serial (4, from 0001). The region digits record where the NIK was first
issued, not where the person lives: they are never used to decide domicile.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_SIXTEEN_ASCII_DIGITS = re.compile(r"[0-9]{16}\Z")

MALE = "L"
FEMALE = "P"


class NikError(ValueError):
    """A NIK that breaks a rule; the message is Indonesian and shown at the field."""


@dataclass(frozen=True)
class NikParts:
    region: str  # "360405": province + regency + district, where the NIK was issued
    birth_day: int  # 1..31, already corrected for the +40 of women
    birth_month: int
    birth_year_2d: int
    sex: str  # "L" or "P"
    serial: str


def is_sixteen_digits(value: str) -> bool:
    """True for exactly 16 ASCII digits (Unicode digits such as '٣' are refused)."""
    return bool(_SIXTEEN_ASCII_DIGITS.match(value or ""))


TYPED_MAX_LENGTH = 24
"""How long a typed NIK or KK number may be with its grouping (16 digits, up to 8 separators): the
forms' maxlength, so that "3604 0557 0898 0001" is not cut off at 16 characters."""


def compact(text: str | None) -> str:
    """A NIK or KK number as people type or paste it, grouped with spaces, dots or hyphens
    ("3604 0557 0898 0001", "360405.570898.0001"), without the grouping (not yet checked)."""
    return "".join(ch for ch in (text or "") if ch not in " .-\t")


def normalise_typed(text: str | None) -> str | None:
    """A typed NIK (see compact) as its 16 digits; None when `text` is not one."""
    digits = compact(text)
    return digits if is_sixteen_digits(digits) else None


def parse(nik: str) -> NikParts:
    nik = (nik or "").strip()
    if not is_sixteen_digits(nik):
        raise NikError("NIK harus tepat 16 angka (0–9).")
    day = int(nik[6:8])
    sex = MALE
    if day > 40:
        day -= 40
        sex = FEMALE
    month = int(nik[8:10])
    year2 = int(nik[10:12])
    if not 1 <= day <= 31 or not 1 <= month <= 12:
        raise NikError("Tanggal lahir di dalam NIK tidak valid.")
    # The century is unknown; a real date exists in at least one of 19xx/20xx.
    if not any(_valid_date(century + year2, month, day) for century in (1900, 2000)):
        raise NikError("Tanggal lahir di dalam NIK tidak valid.")
    serial = nik[12:16]
    if serial == "0000":
        raise NikError("Nomor urut NIK (4 angka terakhir) tidak boleh 0000.")
    return NikParts(nik[:6], day, month, year2, sex, serial)


def check(nik: str, birth_date: date | None = None, sex: str | None = None) -> NikParts:
    """Parse a NIK and check it agrees with the declared birth date and sex."""
    parts = parse(nik)
    if birth_date is not None:
        if (parts.birth_day, parts.birth_month, parts.birth_year_2d) != (
            birth_date.day,
            birth_date.month,
            birth_date.year % 100,
        ):
            raise NikError("Tanggal lahir di dalam NIK tidak sesuai dengan tanggal lahir yang diisi.")
    if sex is not None and sex in (MALE, FEMALE) and parts.sex != sex:
        if sex == FEMALE:
            raise NikError("NIK perempuan: tanggal lahir di dalam NIK ditambah 40. NIK ini tercatat laki-laki.")
        raise NikError("NIK ini tercatat perempuan (tanggal lahir ditambah 40), tidak sesuai jenis kelamin.")
    return parts


def build(region: str, birth_date: date, sex: str, serial: int) -> str:
    """Compose a NIK from its parts (used by demo data and tests)."""
    day = birth_date.day + (40 if sex == FEMALE else 0)
    return f"{region}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def is_valid_kk(number: str) -> bool:
    """KK (family card) numbers are 16 ASCII digits."""
    return is_sixteen_digits((number or "").strip())


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True
