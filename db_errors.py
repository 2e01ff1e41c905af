"""Database errors that name no person in the logs (UU 27/2022).

PostgreSQL explains a refused row with its values in the lines after its message ("DETAIL:  Key
(nik)=(3604...) already exists.", "Failing row contains (...)", and HINT or CONTEXT lines), and
SQLAlchemy puts the statement's parameters into the error's text; both end up in the error log with
the traceback. Every engine hides the parameters (app.configure_database: hide_parameters), and
`cut_values` keeps only the first line of PostgreSQL's message: which rule was broken stays, and so
does everything code reads (`sqlstate`, `diag`). A value the first line itself quotes (a malformed
date or number, which the forms refuse before any statement) is not cut. The listener below applies
it to every error SQLAlchemy raises; code that raises its own (services.queue._DriverCursor) calls
it too.
"""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

def cut_values(*errors: BaseException) -> None:
    """Keep only the first line of these exceptions' messages (PostgreSQL's DETAIL, HINT and CONTEXT
    lines quote the refused row)."""
    for error in errors:
        if error is not None and error.args and isinstance(error.args[0], str) and "\n" in error.args[0]:
            error.args = (error.args[0].split("\n", 1)[0], *error.args[1:])


@event.listens_for(Engine, "handle_error")
def _cut_values(context) -> None:
    cut_values(context.original_exception, context.sqlalchemy_exception)
