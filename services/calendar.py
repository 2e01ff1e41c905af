"""The office's working-day calendar, from the editable holiday table and the settings.

Holidays of kind "nasional" and "lokal" are closed days; "cuti_bersama" days are closed unless the
setting calendar.cuti_bersama_working says otherwise; Saturdays count when
calendar.saturday_working is on. Used for statutory deadlines (mediation) in the reports.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from domain.workdays import COLLECTIVE_LEAVE, Calendar
from extensions import db
from models import Holiday
from services.settings import get_setting


def office_calendar(start: date | None = None, end: date | None = None) -> Calendar:
    """The calendar with the holiday table's days (only those between start and end when given)."""
    stmt = select(Holiday.day, Holiday.kind)
    if start is not None:
        stmt = stmt.where(Holiday.day >= start)
    if end is not None:
        stmt = stmt.where(Holiday.day <= end)
    closed: set[date] = set()
    leave: set[date] = set()
    for day, kind in db.session.execute(stmt):
        (leave if kind == COLLECTIVE_LEAVE else closed).add(day)
    return Calendar(holidays=frozenset(closed), collective_leave=frozenset(leave),
                    saturday_is_working_day=get_setting("calendar.saturday_working"),
                    collective_leave_is_working_day=get_setting("calendar.cuti_bersama_working"))
