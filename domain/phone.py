"""Indonesian mobile numbers, normalised to E.164 (+62...)."""
from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType


class PhoneError(ValueError):
    pass


def normalise_mobile(raw: str) -> str:
    """'0812-3456-7890', '+62 812 3456 7890' or '62812...' -> '+6281234567890'."""
    text = (raw or "").strip()
    if not text:
        raise PhoneError("Nomor HP wajib diisi.")
    if not all(ch.isascii() and (ch.isdigit() or ch in "+-() .") for ch in text):
        raise PhoneError("Nomor HP hanya boleh berisi angka, spasi, tanda hubung atau + di depan.")
    digits = "".join(ch for ch in text if ch.isdigit())
    if not text.startswith("+") and digits.startswith("62"):
        text = "+" + digits
    try:
        number = phonenumbers.parse(text, "ID")
    except NumberParseException as exc:
        raise PhoneError("Nomor HP tidak dikenali. Contoh: 0812 3456 7890.") from exc
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise PhoneError("Nomor HP Indonesia tidak valid. Contoh: 0812 3456 7890.")
    if phonenumbers.number_type(number) not in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise PhoneError("Gunakan nomor HP (seluler), bukan telepon rumah/kantor.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164: str | None) -> str:
    if not e164:
        return ""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, "ID"), phonenumbers.PhoneNumberFormat.NATIONAL)
    except NumberParseException:
        return e164
