"""Form helpers shared by the admin views: Indonesian choices and field validators."""
from __future__ import annotations

from wtforms.validators import ValidationError

from domain import nik as nik_rules
from domain.codes import choices


def select(mapping: dict[str, str]) -> list[tuple[str, str]]:
    """Choices for a panel select; a nullable column's select gets its one blank ("—") from
    Flask-Admin (SecureModelView._label_blank_choices)."""
    return choices(mapping)


def label_of(mapping: dict[str, str]):
    """A list/detail/export formatter that shows a code's Indonesian label."""
    return lambda view, context, model, name: mapping.get(getattr(model, name), getattr(model, name) or "")


def nik_validator(birth_field: str | None = "birth_date", sex_field: str | None = "sex"):
    """WTForms validator: NIK rules, and agreement with the birth date and sex on the same form."""

    def _validate(form, field):
        value = field.data or ""  # digits: NikField (form_overrides) has dropped the grouping
        if not value and field.flags.optional:
            return
        birth = getattr(form, birth_field).data if birth_field and hasattr(form, birth_field) else None
        sex = getattr(form, sex_field).data if sex_field and hasattr(form, sex_field) else None
        try:
            nik_rules.check(value, birth, sex or None)
        except nik_rules.NikError as exc:
            raise ValidationError(str(exc)) from exc
        field.data = value

    return _validate


def kk_validator(form, field):
    value = field.data or ""
    if value and not nik_rules.is_valid_kk(value):
        raise ValidationError("Nomor KK harus tepat 16 angka (0–9).")
    field.data = value or None


def digits_validator(length: int, label: str):
    def _validate(form, field):
        value = (field.data or "").strip()
        if value and (len(value) != length or not value.isascii() or not value.isdigit()):
            raise ValidationError(f"{label} harus tepat {length} angka.")
    return _validate


def mobile_phone_validator(form, field):
    """Indonesian mobile number, stored as +62..."""
    from domain.phone import PhoneError, normalise_mobile

    value = (field.data or "").strip()
    if not value:
        field.data = None
        return
    try:
        field.data = normalise_mobile(value)
    except PhoneError as exc:
        raise ValidationError(str(exc)) from exc
