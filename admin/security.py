"""Access control shared by every view of the staff panel.

Flask-Admin leaves every view open by default. Each view here declares an `area` from
domain/roles.py; this module turns it into: anonymous → login page, wrong role → 403,
read-only roles get no create/edit/delete/action, export only for the roles listed, and row
limits (`scope_query`) applied to list, count, detail, edit, delete, actions and export.
"""
from __future__ import annotations

import csv
import io
import logging
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_admin import AdminIndexView, BaseView, expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.form import BaseForm
from flask_admin.model import typefmt
from flask_admin.tools import iterdecode
from flask_babel import format_date, format_datetime
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup, escape
from sqlalchemy import func, inspect as sa_inspect, update
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import MultiDict
from wtforms.validators import ValidationError

import audit
from admin import edit_conflict, list_state
from domain import nik as nik_rules
from domain import ids
from domain.roles import Area
from extensions import db
from i18n import wtforms_translations
from services.clock import as_local, local_now

log = logging.getLogger(__name__)

WRITE_VIEWS = {"create_view", "edit_view", "delete_view", "action_view", "ajax_update"}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def same_site_request() -> bool:
    """The request came from one of our own pages, a bookmark or the address bar: the browser
    says so in Sec-Fetch-Site; a browser too old to send it is judged by its Referer (absent or
    ours)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    referrer = request.headers.get("Referer")
    return not referrer or urlsplit(referrer).netloc == request.host


def login_redirect():
    """To the login page, then back here; a list's search text or filter values typed into the
    address are not carried along (admin/list_state.py)."""
    public, _ = list_state.split(request.args.items(multi=True))
    if list_state.TOKEN_PARAM in request.args:
        public.append((list_state.TOKEN_PARAM, request.args[list_state.TOKEN_PARAM]))
    return redirect(url_for("auth.login", next=f"{request.path}?{urlencode(public)}" if public else request.path))


class IndonesianForm(BaseForm):
    """Flask-Admin's form base with Indonesian WTForms messages."""

    class Meta:
        def get_translations(self, form):
            return wtforms_translations


def _inline_table(rows, options: dict) -> Markup:
    """Rows edited inline, as a small table for the details page: the inline form's columns, with
    their labels and the Indonesian labels of coded values."""
    names = [name for name in options.get("form_columns", ()) if name != "id"]
    labels = options.get("column_labels", {})
    choices = {name: dict(values) for name, values in (options.get("form_choices") or {}).items()}
    if not rows:
        return Markup("<em>Belum ada.</em>")

    def shown(name, value):
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return "Ya" if value else "Tidak"
        if isinstance(value, date):
            return format_date(value, "d MMM y")
        return choices.get(name, {}).get(value, value)

    head = "".join(f"<th>{escape(labels.get(name, name))}</th>" for name in names)
    body = "".join("<tr>" + "".join(f"<td>{escape(shown(name, getattr(row, name, None)))}</td>" for name in names)
                   + "</tr>" for row in rows)
    return Markup(f'<table class="table table-sm table-bordered mb-0"><thead><tr>{head}</tr></thead>'
                  f"<tbody>{body}</tbody></table>")


def _indonesian_inline(item):
    """An inline_models entry whose form is built on IndonesianForm."""
    if isinstance(item, tuple):
        model, options = item
        return model, {"form_base_class": IndonesianForm, **options}
    if hasattr(item, "form_base_class"):  # an InlineFormAdmin
        item.form_base_class = item.form_base_class or IndonesianForm
        return item
    return item, {"form_base_class": IndonesianForm}


class AccessMixin:
    area: Area

    def current_role(self) -> str | None:
        user = current_user
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return user.role

    def is_accessible(self) -> bool:
        return self.current_role() in self.area.read

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return login_redirect()
        abort(403)


class SecureIndexView(AccessMixin, AdminIndexView):
    def is_accessible(self) -> bool:
        return self.current_role() is not None


class SecureBaseView(AccessMixin, BaseView):
    pass


def safe_cell(value) -> str:
    """Text for an exported cell, defused against spreadsheet formula injection."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _date_formatter(view, value, name):
    return format_date(value, "d MMM y")


def _datetime_formatter(view, value, name):
    return format_datetime(value, "d MMM y HH.mm")


def _bool_formatter(view, value, name):
    return "Ya" if value else "Tidak"


# datetime before date: a datetime is also a date, and the first matching type wins.
INDONESIAN_FORMATTERS = {datetime: _datetime_formatter, date: _date_formatter, bool: _bool_formatter}


class SecureModelView(AccessMixin, ModelView):
    """A model view with role rules, row limits, audit and Indonesian defaults."""

    def _apply_search(self, query, count_query, joins, count_joins, search: str):
        # a NIK searched as it is written on a KTP or pasted ("3604.0517.0590.0001"): as its digits
        return super()._apply_search(query, count_query, joins, count_joins,
                                     nik_rules.normalise_typed(search) or search)

    # Dates as "17 Agu 2025" and times in WIB on screen; exports keep ISO dates for spreadsheets.
    column_type_formatters = {**typefmt.BASE_FORMATTERS, **INDONESIAN_FORMATTERS}
    column_type_formatters_detail = {**typefmt.DETAIL_FORMATTERS, **INDONESIAN_FORMATTERS}
    column_type_formatters_export = {**typefmt.EXPORT_FORMATTERS, bool: _bool_formatter}

    form_base_class = IndonesianForm
    page_size = 25
    can_view_details = True
    details_modal = False
    edit_modal = False
    create_modal = False
    export_types = ["csv", "xlsx"]
    export_max_rows = 0
    # Record "viewed" in the audit log for personal data (set False for reference tables).
    audit_views = True
    audit_label: str | None = None

    # --- permissions (evaluated per request from the current user's role) -------------
    allow_create = True
    allow_edit = True
    allow_delete = True

    @property
    def can_create(self) -> bool:  # type: ignore[override]
        return self.allow_create and self.current_role() in self.area.write

    @property
    def can_edit(self) -> bool:  # type: ignore[override]
        return self.allow_edit and self.current_role() in self.area.write

    @property
    def can_delete(self) -> bool:  # type: ignore[override]
        return self.allow_delete and self.current_role() in self.area.write

    @property
    def can_export(self) -> bool:  # type: ignore[override]
        return self.current_role() in self.area.export

    def is_action_allowed(self, name: str) -> bool:
        if self.current_role() not in self.area.write:
            return False
        if name == "delete" and not self.can_delete:
            return False
        return super().is_action_allowed(name)

    def _handle_view(self, name, **kwargs):
        response = super()._handle_view(name, **kwargs)
        if response is not None:
            return response
        if name in WRITE_VIEWS and self.current_role() not in self.area.write:
            abort(403)
        if name == "create_view" and not self.can_create:
            abort(403)
        if name == "edit_view" and not self.can_edit:
            abort(403)
        if name == "delete_view" and not self.can_delete:
            abort(403)
        if name == "export" and not self.can_export:
            abort(403)
        if name in ("details_view", "edit_view") and request.method == "GET" and self.audit_views:
            obj = self.get_one(request.args.get("id", ""))
            if obj is None:
                abort(404)
            audit.record(audit.VIEW, self.audit_type, self._pk(obj), self.audit_summary(obj))
            for child_type, children in self._inline_children(obj):  # the rows shown inline with it
                audit.record(audit.VIEW, child_type, None, f"bersama {self.audit_type} {self._pk(obj)}",
                             record_ids=[child.id for child in children])
            db.session.commit()
        if name in ("index_view", "export") and request.method == "GET":
            return self._unseal_or_redirect(name, kwargs)
        return None

    # --- a list's search text and filter values stay out of URLs (admin/list_state.py) -----
    def _unseal_or_redirect(self, name, kwargs):
        """A list (or export) URL with the search text or filter values in plain sight is sent
        to the same URL with them sealed (merged with what its token held); one with a token that
        does not open, to the list without it (and a message)."""
        pairs = list(request.args.items(multi=True))
        owner = self._list_owner()
        if any(list_state.is_private(key) for key, _ in pairs):
            if list_state.too_long(pairs):
                flash(list_state.TOO_LONG_MESSAGE, "error")
                return redirect(self._view_url("index_view", {}, list_state.split(pairs)[0]), code=303)
            plain = {key for key, _ in pairs if list_state.is_private(key)}
            kept = list_state.unseal(request.args[list_state.TOKEN_PARAM], owner) \
                if list_state.TOKEN_PARAM in request.args else None
            pairs += [(key, value) for key, value in kept or () if key not in plain]
            return redirect(self._view_url(name, kwargs, list_state.sealed_query(pairs, owner)), code=303)
        if list_state.TOKEN_PARAM in request.args and list_state.effective_args(owner) is None:
            flash(list_state.EXPIRED_MESSAGE, "info")
            return redirect(self._view_url("index_view", {}, list_state.split(pairs)[0]), code=303)
        return None

    def _list_owner(self) -> str:
        """Whom a list's sealed state is for: this user, on this list."""
        return f"{getattr(current_user, 'id', None)}@{self.endpoint}"

    def _view_url(self, name, kwargs, pairs) -> str:
        url = self.get_url(f".{name}", **kwargs)
        return f"{url}?{urlencode(pairs)}" if pairs else url

    def _list_args(self) -> MultiDict:
        """The list's parameters as Flask-Admin expects them, the sealed ones opened."""
        args = list_state.effective_args(self._list_owner())
        return args if args is not None else MultiDict(list_state.split(request.args.items(multi=True))[0])

    def _get_list_extra_args(self):
        """Flask-Admin reads the list's parameters, its filters' included, from request.args.
        A page number past any list is capped (a huge one would overflow the query's OFFSET)."""
        with list_state.request_args(self._list_args()):
            view_args = super()._get_list_extra_args()
        view_args.page = min(max(view_args.page or 0, 0), ids.MAX_PAGE)
        return view_args

    def _get_list_url(self, view_args) -> str:
        """Pager, sort, page-size, "clear" links: Flask-Admin's URL with the private part sealed."""
        url = super()._get_list_url(view_args)
        parts = urlsplit(url)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        if not any(list_state.is_private(key) for key, _ in pairs):
            return url
        return parts._replace(query=urlencode(list_state.sealed_query(pairs, self._list_owner()))).geturl()

    @expose("/cari/", methods=["POST"])
    def list_search(self):
        """The list's search and filter forms post here (static/js/admin-list-state.js); the
        answer is the list at its first page, with what was typed sealed in the URL."""
        pairs = [(key, value) for key, value in request.form.items(multi=True) if key not in ("csrf_token", "page")]
        if list_state.too_long(pairs):
            flash(list_state.TOO_LONG_MESSAGE, "error")
            return redirect(self._view_url("index_view", {}, list_state.split(pairs)[0]), code=303)
        return redirect(self._view_url("index_view", {}, list_state.sealed_query(pairs, self._list_owner())),
                        code=303)

    def get_invalid_value_msg(self, value, filter) -> str:
        """Flask-Admin's message repeats the value (it may be a NIK) and a flashed message travels
        in the session cookie: this one does not."""
        return f"Nilai saringan \u201c{filter.name}\u201d tidak sah; saringan itu diabaikan."

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        """The list page also records whose rows were shown (ids only; never the search text)."""
        count, data = super().get_list(page, sort_column, sort_desc, search, filters, execute=execute,
                                       page_size=page_size)
        if self.audit_views and execute and request.endpoint == f"{self.endpoint}.index_view":
            ids = [self._pk(row) for row in data]
            if ids:
                audit.record(audit.VIEW, self.audit_type, None, f"daftar, halaman {(page or 0) + 1}",
                             record_ids=ids)
                audit.commit_after_response()
        return count, data

    # --- forms ---------------------------------------------------------------------------
    def scaffold_inline_form_models(self, form_class):
        """Inline rows (a case's sessions, a cohort's participants, a family's members) get the
        same Indonesian messages as the form around them: Flask-Admin builds their forms on its
        own BaseForm unless told otherwise."""
        self.inline_models = [_indonesian_inline(item) for item in self.inline_models or ()]
        return super().scaffold_inline_form_models(form_class)

    def create_form(self, obj=None):
        return self._label_blank_choices(super().create_form(obj))

    def edit_form(self, obj=None):
        form = self._label_blank_choices(super().edit_form(obj))
        if obj is not None and request.method != "POST":  # a form being opened: what its fields hold now
            form[edit_conflict.FIELD].data = self._fingerprint(obj, form)
        return form

    # --- an edit form that was open while someone else saved the record (admin/edit_conflict.py) --
    def get_edit_form(self):
        form_class = super().get_edit_form()
        return type(form_class.__name__, (form_class,), {edit_conflict.FIELD: edit_conflict.RowVersionField()})

    def _fingerprint(self, model, form) -> str:
        return edit_conflict.fingerprint(model, form, current_app.config["SECRET_KEY"])

    def update_model(self, form, model):
        opened = form[edit_conflict.FIELD].data if edit_conflict.FIELD in form else None
        if opened:  # (a form opened before this check existed carries none: saved as before)
            self._hold_row(model)
            now = self._fingerprint(model, form)
            changed = [name for name in edit_conflict.changed_fields(opened, now)
                       if not edit_conflict.already_as_submitted(form[name], getattr(model, name))]
            if changed:
                latest = {name: getattr(model, name) for name in changed}
                db.session.rollback()
                for name, value in latest.items():
                    edit_conflict.show_latest(form[name], value)
                form[edit_conflict.FIELD].data = now
                if self.audit_views:  # the page now shows what the record holds in those fields
                    audit.record(audit.VIEW, self.audit_type, self._pk(model),
                                 f"formulir ubah ditolak, data terbaru ditampilkan: {', '.join(changed)}", commit=True)
                labels = ", ".join(str(form[name].label.text) for name in changed)
                flash(f"Belum disimpan: sejak formulir ini dibuka, data ini sudah diubah (oleh petugas lain atau di "
                      f"tab lain): {labels}. Kolom itu kini berisi data terbaru; isian Anda yang lain masih ada. "
                      "Periksa kolom yang ditandai, lalu tekan Simpan lagi.", "error")
                return False
        return super().update_model(form, model)

    def _hold_row(self, model) -> None:
        """Lock the record's row until this save commits, then read it (and its inline rows)
        again: of two saves sent at once, the second sees the first. PostgreSQL: the UPDATE locks
        the row; SQLite: it takes the database's write lock."""
        table = self.model.__table__
        keys = list(table.primary_key.columns)
        # a column set to itself; one with an onupdate default is named too, so it keeps its value
        same = {column: column for column in table.c if column.onupdate is not None}
        first = next(column for column in table.c if not column.primary_key)
        same[first] = first
        db.session.execute(update(table).where(*[column == value for column, value in
                                                 zip(keys, sa_inspect(model).identity)])
                           .values(same).execution_options(synchronize_session=False))
        db.session.expire_all()

    @staticmethod
    def _label_blank_choices(form):
        """An empty optional relation reads "—", not the internal value "__None"."""
        for field in form:
            if getattr(field, "allow_blank", False) and not (getattr(field, "blank_text", None) or "").strip():
                field.blank_text = "—"
        return form

    # --- row limits -----------------------------------------------------------------
    def scope_query(self, query):
        """Narrow a query to the rows the current user may see (override per view)."""
        return query

    def get_query(self):
        return self.scope_query(super().get_query())

    def get_count_query(self):
        return self.scope_query(db.session.query(func.count("*")).select_from(self.model))

    def get_one(self, id):
        pk = self._get_pk_column()
        try:
            key = self._coerce_pk(id)
        except (TypeError, ValueError):
            return None
        return self.get_query().filter(pk == key).one_or_none()

    def _get_pk_column(self):
        return getattr(self.model, self._primary_key)

    def _coerce_pk(self, value):
        # the id as Flask-Admin's URLs carry it: escaped (tools.escape), so a key with a dot
        # ("ak1.min_age") arrives as "ak1..min_age"
        decoded = iterdecode(value) if isinstance(value, str) else (value,)
        if len(decoded) != 1:
            raise ValueError("not one key")
        value = decoded[0]
        column = self._get_pk_column().property.columns[0]
        python_type = column.type.python_type
        if python_type is int:
            key = ids.parse_id(value)
            if key is None:
                raise ValueError("not a record id")
            return key
        if python_type is datetime:
            return datetime.fromisoformat(value)
        if hasattr(python_type, "fromisoformat"):
            return python_type.fromisoformat(value)
        return value

    def _pk(self, obj):
        """The id the audit log records for a row: by default the row's own."""
        return getattr(obj, self._primary_key)

    @property
    def audit_type(self) -> str:
        """Whose kind of record the audit log names for this view's rows (with _pk's ids)."""
        return self.model.__name__

    def audit_summary(self, obj) -> str | None:
        """A note for the audit entry of one row (e.g. which of a person's records it was)."""
        return None

    # --- audit of changes (same transaction as the change) --------------------------------
    def on_model_change(self, form, model, is_created):
        changed_children = self._inline_changes()  # before the flush that writes them
        db.session.flush()
        audit.record(audit.CREATE if is_created else audit.UPDATE, self.audit_type, self._pk(model),
                     self.audit_summary(model))
        for action, child, child_id in changed_children:
            audit.record(action, type(child).__name__, child_id if child_id is not None else child.id,
                         f"lewat {self.audit_type} {self._pk(model)}")

    def on_model_delete(self, model):
        audit.record(audit.DELETE, self.audit_type, self._pk(model), self.audit_summary(model))
        for child_type, children in self._inline_children(model):  # deleted with it (cascade)
            for child in children:
                audit.record(audit.DELETE, child_type, child.id, f"ikut terhapus bersama {self.audit_type} "
                             f"{self._pk(model)}")

    # --- details: the rows edited inline are shown too (their viewing is already audited) ---
    def get_details_columns(self):
        columns = super().get_details_columns()
        shown = {name for name, _ in columns}
        return columns + [(rel.key, self.get_column_name(rel.key)) for rel in self._inline_relationships()
                          if rel.key not in shown]

    @pass_context
    def get_detail_value(self, context, model, name):
        options = self._inline_options(name)
        if options is not None:
            return _inline_table(getattr(model, name), options)
        return super().get_detail_value(context, model, name)

    def _inline_options(self, name: str) -> dict | None:
        """The inline_models options of relationship `name`, or None if it is not edited inline."""
        for rel in self._inline_relationships():
            if rel.key == name:
                for item in self.inline_models or ():
                    model, options = item if isinstance(item, tuple) else (getattr(item, "model", item), {})
                    if model is rel.mapper.class_:
                        return options
        return None

    def _inline_relationships(self):
        """The relationships whose rows this view edits inline (inline_models): each of those
        rows is someone's data of its own (a cohort's participants, a family's members)."""
        classes = set()
        for item in getattr(self, "inline_models", None) or ():
            classes.add(item[0] if isinstance(item, tuple) else getattr(item, "model", item))
        return [rel for rel in sa_inspect(self.model).relationships if rel.mapper.class_ in classes]

    def _inline_children(self, obj):
        """(kind of record, rows) for each inline relationship of `obj` that has rows."""
        for rel in self._inline_relationships():
            children = list(getattr(obj, rel.key))
            if children:
                yield rel.mapper.class_.__name__, children

    def _inline_changes(self):
        """(action, row, id known now) for every inline row the form adds, changes or removes."""
        classes = {rel.mapper.class_ for rel in self._inline_relationships()}
        if not classes:
            return []
        session = db.session
        changes = [(audit.CREATE, obj, None) for obj in session.new if type(obj) in classes]
        changes += [(audit.UPDATE, obj, obj.id) for obj in session.dirty
                    if type(obj) in classes and session.is_modified(obj)]
        changes += [(audit.DELETE, obj, obj.id) for obj in session.deleted if type(obj) in classes]
        return changes

    def handle_view_exception(self, exc):
        if isinstance(exc, ValidationError):
            flash(str(exc), "error")
            return True
        if isinstance(exc, SQLAlchemyError):
            db.session.rollback()
            log.warning("database error in %s: %s", self.endpoint, type(exc).__name__)
            flash("Data tidak dapat disimpan: bertentangan dengan data lain (misalnya nomor yang sama sudah ada) "
                  "atau ada isian yang tidak sah. Periksa kembali isian Anda.", "error")
            return True
        return super().handle_view_exception(exc)

    # --- export: explicit columns, BOM for Excel, formula guard, audit ---------------------
    @expose("/export/<export_type>/")
    def export(self, export_type):
        if export_type not in self.export_types:
            abort(404)
        if not same_site_request():
            # A link or script on another site can send the staff browser here (the session cookie
            # is SameSite=Lax, sent on a top-level GET): the file would be made, and its export
            # recorded, in the staff member's name. Exports start from the panel only.
            flash("Ekspor hanya dapat dimulai dari tombol Ekspor di panel ini.", "error")
            return redirect(self.get_url(".index_view"))
        count, data = self._export_data()
        headers = [str(c[1]) for c in self._export_columns]
        if export_type == "csv":
            rows = [[safe_cell(self.get_export_value(row, c[0])) for c in self._export_columns] for row in data]
        else:
            rows = [[self._typed_export_value(row, c[0]) for c in self._export_columns] for row in data]
        narrowed = any(list_state.is_private(key) for key in self._list_args())
        # The search text itself may be a NIK or a name: the log says only that one was used.
        audit.record(audit.EXPORT, self.audit_type, None,
                     f"{export_type.upper()} {len(rows)} baris" + (" (dengan pencarian/saringan)" if narrowed else ""),
                     record_ids=[self._pk(row) for row in data], commit=True)
        filename = f"{self.endpoint}_{local_now():%Y-%m-%d_%H%M}.{export_type}"  # the office's clock (WIB)
        disposition = {"Content-Disposition": f"attachment; filename={filename}",
                       "Cache-Control": "no-store"}
        if export_type == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(headers)
            writer.writerows(rows)
            body = "\ufeff" + buffer.getvalue()  # BOM: Excel then reads Indonesian names correctly
            return Response(body.encode("utf-8"), headers=disposition, mimetype="text/csv; charset=utf-8")
        return Response(_xlsx_list(str(self.name), headers, rows), headers=disposition,
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    def _typed_export_value(self, row, name):
        """A spreadsheet cell's value: a date as a date and a count as a number, so a spreadsheet
        can sort and add them; everything else as the text the list shows (stored as text, never a
        formula: _xlsx_list)."""
        value = self._get_list_value(None, row, name, self.column_formatters_export, {})
        if isinstance(value, bool):
            return "Ya" if value else "Tidak"
        if isinstance(value, datetime):
            return as_local(value)  # stored in UTC; the list shows WIB
        if value is None or isinstance(value, (date, int, float, Decimal)):
            return value
        return str(value)


def _xlsx_list(title: str, headers: list[str], rows: list[list]) -> bytes:
    """A list export as a workbook: a bold header row kept in view, dates in Indonesian format,
    text stored as text (a value starting with "=" is not evaluated, and none gets a visible
    apostrophe: that defence is the CSV's)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from admin.views.reports import DATE_FORMAT_XLSX

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for values in rows:
        sheet.append(values)
        for col, (cell, value) in enumerate(zip(sheet[sheet.max_row], values)):
            if cell.data_type == "f":
                cell.data_type = "s"
            if isinstance(value, datetime):
                cell.number_format = DATE_FORMAT_XLSX + " hh.mm"
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT_XLSX
            widths[col] = max(widths[col], 18 if isinstance(value, date) else len(str(value or "")))
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 50)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ReadOnlyModelView(SecureModelView):
    allow_create = False
    allow_edit = False
    allow_delete = False
