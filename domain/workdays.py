"""Working days: Monday–Friday minus holidays (and, by default, cuti bersama).

The holiday calendar is passed in as data (the editable holiday table), so these rules stay
independent of the database.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

NATIONAL = "nasional"
COLLECTIVE_LEAVE = "cuti_bersama"
LOCAL = "lokal"


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[date] = frozenset()  # public holidays and local closures
    collective_leave: frozenset[date] = frozenset()  # cuti bersama
    saturday_is_working_day: bool = False
    collective_leave_is_working_day: bool = False
    extra_closed: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day.weekday() == 6:
            return False
        if day.weekday() == 5 and not self.saturday_is_working_day:
            return False
        if day in self.holidays or day in self.extra_closed:
            return False
        if day in self.collective_leave and not self.collective_leave_is_working_day:
            return False
        return True

    def add_working_days(self, start: date, n: int) -> date:
        """The date n working days after start (start itself is not counted)."""
        day = start
        remaining = n
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after start up to and including end (0 if end <= start)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def next_working_days(self, start: date, n: int) -> Iterator[date]:
        """The next n working days from start, start included if it is one."""
        day = start
        found = 0
        while found < n:
            if self.is_working_day(day):
                found += 1
                yield day
            day += timedelta(days=1)


def indonesian_holidays(years: Iterable[int]) -> list[tuple[date, str, str]]:
    """Public holidays and cuti bersama for Indonesia from the `holidays` package.

    Returns (date, name, kind) with kind NATIONAL or COLLECTIVE_LEAVE. The package lags behind
    official decrees, which is why the result seeds an editable table rather than being used live.
    """
    import holidays  # a plain library, imported lazily because it is only needed for seeding

    years = list(years)
    public = holidays.country_holidays("ID", years=years, categories=("public",), language="id")
    both = holidays.country_holidays("ID", years=years, categories=("public", "government"), language="id")
    result = []
    for day, name in sorted(both.items()):
        kind = NATIONAL if day in public else COLLECTIVE_LEAVE
        result.append((day, str(name)[:200], kind))
    return result
