"""Record of processing (UU 27/2022): who viewed, changed, exported or printed whose data.

Entries never contain the personal data itself, only the kind of record and its id.
"""
from __future__ import annotations

from flask import after_this_request, has_request_context, request
from flask_login import current_user

from extensions import db
from models import AuditLog

VIEW = "lihat"
CREATE = "buat"
UPDATE = "ubah"
DELETE = "hapus"
EXPORT = "ekspor"
PRINT = "cetak"
LOGIN = "masuk"
LOGIN_FAILED = "gagal_masuk"
LOGOUT = "keluar"
PASSWORD = "ganti_sandi"
ACTION = "aksi"


def record(action: str, object_type: str | None = None, object_id=None, summary: str | None = None,
           *, user=None, record_ids=None, commit: bool = False) -> AuditLog:
    """Add an audit entry to the current transaction (and commit it when asked)."""
    actor = user
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    entry = AuditLog(
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        summary=(summary or None) and summary[:500],
        user_id=getattr(actor, "id", None),
        username=getattr(actor, "username", None),
        ip=request.remote_addr if has_request_context() else None,
        record_ids=",".join(str(i) for i in record_ids) if record_ids is not None else None,
    )
    db.session.add(entry)
    if commit:
        db.session.commit()
    return entry


def commit_after_response() -> None:
    """Commit the entries recorded while a page is built once it has rendered (committing earlier
    would expire the rows the page is about to show and reload each of them)."""

    @after_this_request
    def _commit(response):
        if response.status_code < 500:
            db.session.commit()
        return response
