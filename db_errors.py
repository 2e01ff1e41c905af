"""Database errors that name no person in the logs (UU 27/2022).

PostgreSQL explains a refused row with its values ("DETAIL:  Key (nik)=(3604...) already exists.",
"Failing row contains (...)"), and SQLAlchemy puts the statement's parameters into the error's
text; both end up in the error log with the traceback. Every engine hides the parameters
(app.configure_database: hide_parameters), and `cut_values` removes the detail from an error's
message: the primary message (which constraint was violated) stays, and so does everything code
reads (`sqlstate`, `diag`). The listener below applies it to every error SQLAlchemy raises; code
that raises its own (services.queue._DriverCursor) calls it too.
"""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

DETAIL = "\nDETAIL:"


def cut_values(*errors: BaseException) -> None:
    """Cut PostgreSQL's DETAIL (the refused row's values) from these exceptions' messages."""
    for error in errors:
        if error is not None and error.args and isinstance(error.args[0], str) and DETAIL in error.args[0]:
            error.args = (error.args[0].split(DETAIL, 1)[0], *error.args[1:])


@event.listens_for(Engine, "handle_error")
def _cut_values(context) -> None:
    cut_values(context.original_exception, context.sqlalchemy_exception)
