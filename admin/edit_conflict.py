"""An edit form that was open while someone else saved the same record.

Flask-Admin's edit form writes every field it shows, changed or not. Without a check, an officer
who opened a record, was interrupted, and pressed Simpan later would silently put back what the
fields held when the form was opened, undoing a colleague's save (or a citizen's correction) made
in between: an acknowledged change lost.

The edit form therefore carries, in a hidden field, a fingerprint of what each of its fields held
in the database when the form was opened: one keyed digest per field (HMAC with the app's secret
key, so the page reveals nothing it does not show anyway). On saving, the record's row is held
(locked) and the fingerprint taken again; the fields whose digest differs were changed by someone
else meanwhile, and the save is refused with those fields named. Those fields now show what the
record holds, each with a note of what the officer had in it; every other field keeps what the
officer typed; and the form carries the new fingerprint. Pressing Simpan again keeps both changes,
and whatever the officer retypes into a marked field is saved over the colleague's, knowingly.
Inline rows changed meanwhile come back as they now are, followed by the rows the officer added;
the officer's edits to existing rows must then be made again. A field whose submitted value already equals what the record now holds (the same change
made twice, or one the save only reformats) is no conflict.

Only the fields the form writes count: a change to anything else (a status moved by the
verification desk, a booking counted on a service day) refuses nothing. Inline rows count by the
columns their own form writes.
"""
from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import inspect as sa_inspect
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField
from wtforms.fields.core import UnboundField

FIELD = "row_version"
SEPARATOR = ";"


class RowVersionField(HiddenField):
    """The fingerprint travels with the form; it is a check, never a column to write."""

    def populate_obj(self, obj, name) -> None:
        return None


def _subform_names(form_class) -> list[str]:
    return sorted(name for name in dir(form_class) if isinstance(getattr(form_class, name, None), UnboundField))


def _canonical(value, child_fields: list[str] | None = None):
    """A stable, comparable text for a value the form writes."""
    if value is None or value == "":  # a form saves an untouched empty field as "" where there was NULL
        return "None"
    if isinstance(value, str):  # a browser sends a text area's lines with CRLF; imports store LF
        return repr(value.replace("\r\n", "\n"))
    if isinstance(value, (int, float, bool)):
        return repr(value)
    if isinstance(value, (list, tuple, set)) or type(value).__name__ == "InstrumentedList":
        return repr(sorted(_canonical(item, child_fields) for item in value))
    state = sa_inspect(value, raiseerr=False)
    if state is not None and hasattr(state, "identity"):  # a mapped object
        if child_fields is None:  # a related record chosen in a select: which one
            return repr(state.identity)
        return repr((state.identity, [(name, _canonical(getattr(value, name, None))) for name in child_fields
                                      if name != "id" and hasattr(type(value), name)]))
    return repr(value)  # dates, times, decimals: their repr is exact


def fingerprint(model, form, secret: str) -> str:
    """`name=digest` for each field of `form` that is an attribute of `model`."""
    key = secret.encode()
    parts = []
    for field in form:
        name = field.short_name
        if name in (FIELD, "csrf_token") or not hasattr(type(model), name):
            continue
        children = _subform_names(field.form) if is_inline(field) else None
        text = _canonical(getattr(model, name), children)
        parts.append(f"{name}={hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:16]}")
    return SEPARATOR.join(parts)


def already_as_submitted(field, value) -> bool:
    """The officer's form already holds what the record now holds in this field (the same change
    typed twice, a form sent twice, or a value the save only reformats): nothing would be undone."""
    if is_inline(field):
        return False
    return _canonical(field.data) == _canonical(value)


def changed_fields(opened: str, now: str) -> list[str]:
    """The fields whose digest differs between two fingerprints (only those both name: a form
    may show a field to one role and not another)."""
    before = dict(part.split("=", 1) for part in opened.split(SEPARATOR) if "=" in part)
    after = dict(part.split("=", 1) for part in now.split(SEPARATOR) if "=" in part)
    return [name for name, digest in after.items() if name in before and before[name] != digest]


STALE_NOTE = "Sudah diubah sejak formulir ini dibuka (oleh petugas lain atau di tab lain)"


def is_inline(field) -> bool:
    return isinstance(getattr(field, "form", None), type)


def _as_typed(field) -> str:
    """What the officer had in a field, as they would recognise it."""
    if field.type == "BooleanField":
        return "dicentang" if field.data else "tidak dicentang"
    if hasattr(field, "iter_choices"):
        for choice in field.iter_choices():
            if choice[2]:  # (value, label, selected, ...)
                return f"\u201c{choice[1]}\u201d"
        return "kosong"
    typed = " ".join(field.raw_data) if field.raw_data else ("" if field.data is None else str(field.data))
    return f"\u201c{typed}\u201d" if typed.strip() else "kosong"


def show_latest(field, value) -> None:
    """Put what the record holds now into a field someone else changed, with a note of what the
    officer had there (on the page only: flashed messages travel in the session cookie). Inline
    rows are replaced by the record's rows as they now are: saving the officer's old rows again
    would undo the colleague's row changes (and bring back a row they removed). Rows the officer
    added (they change nobody's row) come back after them as typed."""
    if is_inline(field):
        added = [[(sub.short_name, item) for sub in entry.form for item in (sub.raw_data or [])]
                 for entry in field.entries if not entry.get_pk() and not field.should_delete(entry)]
        field.process(None, data=list(value))
        for typed in added:
            index = field.last_index + 1
            field._add_entry(MultiDict([(f"{field.name}-{index}-{name}", item) for name, item in typed]),
                             index=index)  # (WTForms' FieldList: an entry read from form data)
        field.errors = [f"{STALE_NOTE}: baris-baris di bawah kini berisi data terbaru"
                        + (", diikuti baris baru yang Anda tambahkan" if added else "")
                        + ". Perubahan Anda pada baris-baris yang sudah ada belum disimpan; ulangi bila masih perlu."]
        return
    typed = _as_typed(field)
    field.process(None, data=value)
    field.raw_data = None
    field.errors = [f"{STALE_NOTE}: kolom ini kini berisi data terbaru. Isian Anda tadi: {typed}."]
