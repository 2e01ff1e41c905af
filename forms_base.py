"""Base form for the app's own Flask-WTF forms: Indonesian validator messages, and the list of
what to correct that a long form shows above its fields after a refused submit."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, FormField

from i18n import wtforms_translations


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
