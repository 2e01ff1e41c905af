"""Base form for the app's own Flask-WTF forms: Indonesian validator messages, and the list of
what to correct that a long form shows above its fields after a refused submit."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, StringField

from domain import nik as nik_rules
from i18n import wtforms_translations


class AsTypedField(StringField):
    """A text field whose value is rewritten into its stored form (a phone number as +62..., a
    NIK without its grouping), but which shows the person what they typed when the form comes
    back with a message elsewhere: "0812 3456 7890" stays as it was written."""

    def _value(self):
        return self.raw_data[0] if self.raw_data else super()._value()


class NikField(AsTypedField):
    """A NIK or KK number as people type or paste it, grouped with spaces, dots or hyphens: the
    form reads it as its digits (domain.nik.compact) before any validator, and the input leaves
    room for the grouping (maxlength TYPED_MAX_LENGTH). The public forms and the panel both use it
    (in the panel through form_overrides, which also keeps Flask-Admin's Length(16) off the
    typed text)."""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"maxlength": nik_rules.TYPED_MAX_LENGTH, "inputmode": "numeric", "autocomplete": "off",
                     **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data:
            self.data = nik_rules.compact(self.data)


class AppForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return wtforms_translations

    def error_summary(self) -> list[tuple[str, str]]:
        """Every message of a refused submit, in the form's order, as (the id of the input to go
        to, "Label: message"); rows of a repeated part are named with their number ("Pendidikan 1,
        Nama sekolah: ...")."""
        items: list[tuple[str, str]] = []

        def add(field, prefix: str) -> None:
            if isinstance(field, FieldList):
                own = [m for m in field.errors if isinstance(m, str)]
                if own and field.entries:  # about the list as a whole: go to its first row
                    first = next(iter(_inputs(field.entries[0])), None)
                    items.extend((first.id if first else field.id, f"{field.label.text}: {m}") for m in own)
                for number, entry in enumerate(field.entries, start=1):
                    add(entry, f"{field.label.text} {number}, ")
            elif isinstance(field, FormField):
                for sub in field.form:
                    add(sub, prefix)
            else:
                label = field.label.text.rstrip(".")  # a checkbox's label is a sentence
                items.extend((field.id, f"{prefix}{label}: {m}") for m in field.errors if isinstance(m, str))

        for field in self:
            if field.type not in HIDDEN_TYPES:  # an expired form (CSRF) is explained by its own message
                add(field, "")
        return items


HIDDEN_TYPES = ("CSRFTokenField", "HiddenField")


def _inputs(field):
    if isinstance(field, FormField):
        return [sub for sub in field.form if sub.type not in HIDDEN_TYPES]
    return [field]
