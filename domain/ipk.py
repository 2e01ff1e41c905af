"""IPK (Informasi Pasar Kerja) monthly flow of job seekers, Kepdirjen Binapenta 268/2012.

The flow table of IPK III/1 (per sex and age group) and III/2 (per education level) is

    carried over (sisa akhir bulan lalu) + registered (terdaftar) - placed (ditempatkan)
    - removed (dihapuskan) = remaining (sisa akhir bulan ini)

and it is computed from the dated status history (``JobSeekerEvent``, ``occurred_on`` is the
effective date). These are the rules, decided here and applied by services/reports.py in SQL.

**Unit.** One AK-1 registration (one ``JobSeeker`` row). A person who registers again after being
placed has a new registration and is counted again; that is what the register holds.

**In or out of the register.** Only these events move a registration in or out:

- in:  ``EV_REGISTERED`` (terdaftar), ``EV_RENEWED`` (diperpanjang);
- out: ``EV_PLACED`` (ditempatkan), ``EV_REMOVED`` (dikeluarkan), ``EV_EXPIRED`` (kedaluwarsa),
  ``EV_REJECTED`` (ditolak: duplicate or invalid registration).

Taken in order (``occurred_on``, then the order they were recorded), an event counts only when it
changes whether the registration is in the register: an "in" event after nothing or after an "out"
event, an "out" event after an "in" event. Everything else (verification, corrections, printing,
reprints, six-monthly reports ``EV_REPORTED``) leaves the register unchanged. Hence:

- **registered** in a month = ``EV_REGISTERED`` dated in the month, plus ``EV_RENEWED`` of a card
  that had expired (the person comes back into the register; a renewal of a still-valid card in
  its last six months changes nothing, the person never left);
- **placed** = ``EV_PLACED`` dated in the month, split by ``placement_type`` AKL/AKAD/AKAN;
- **removed** = ``EV_REMOVED`` + ``EV_EXPIRED`` dated in the month (every removal reason), plus
  ``EV_REJECTED`` of a registration made in an earlier month (see below);
- **remaining** at the end of a month = registrations whose last counting event up to that day is an
  "in" event; **carried over** for a month = remaining at the end of the month before.

**Rejected registrations.** A registration rejected in the same calendar month as it was made
(the usual case: duplicates are caught at verification within days) is not counted at all: it is
neither registered nor removed. A registration made in one month and rejected in a later month was
in the register at the end of the earlier month, so it stays counted there and is removed in the
month of the rejection. Rejecting it retroactively would change a month already reported to the
province; this way a month's figures depend only on events dated on or before its last day.

**A past month is stable.** Because of the rules above, the figures of month M are a function of
the events dated up to the last day of M and of the people's recorded attributes: events dated
later never change them. Two things legitimately do change a past month, because they correct it:
an event recorded late with an earlier effective date (a placement reported after the person
started work is dated on the start date; the nightly expiry dates a lapsed card on the day it
stopped being valid), and a correction of a person's sex, date of birth, registration date or
education level (there is no history of those; the current value is used for every month).

**Age.** Age in completed years **on the registration date** (``registered_on``), the age the
AK/II form records. It is fixed for the life of the registration, so a person stays in one age
group in every month and every column. Taking the age at each month's end instead would move people
between rows on their birthdays without any flow column recording it: a row would no longer balance
(carried + registered - placed - removed = remaining) and this month's carried over would no longer
equal last month's remaining in each row. Someone born on 29 February turns a year older on 1 March
in common years. Ages under 15 (below any minimum age the office sets) are counted in 15–19, the
table's first row.

**Education.** ``JobSeeker.education_level``, the highest level, in the order of the code list.

**Time since graduation** (DOMAIN §3: 0–2, 3–5, 6+ years). Whole years from the year of graduation
(``JobSeeker.graduation_year``) to the year of registration, fixed for the life of the
registration for the same reason as the age: every row then balances and carries over. A year of
graduation after the registration (a student registering before the diploma) counts as 0–2; no
year recorded counts in its own row, "Tidak tercatat".
"""
from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from domain import codes, dates

IN_EVENTS = (codes.EV_REGISTERED, codes.EV_RENEWED)
OUT_EVENTS = (codes.EV_PLACED, codes.EV_REMOVED, codes.EV_EXPIRED, codes.EV_REJECTED)
FLOW_EVENTS = IN_EVENTS + OUT_EVENTS
REMOVAL_EVENTS = (codes.EV_REMOVED, codes.EV_EXPIRED, codes.EV_REJECTED)

SEXES = ("L", "P")


@dataclass(frozen=True)
class AgeGroup:
    code: str
    label: str
    low: int | None  # inclusive; None = no lower bound
    high: int | None  # inclusive; None = no upper bound


AGE_GROUPS: tuple[AgeGroup, ...] = (
    AgeGroup("15-19", "15–19", None, 19),
    AgeGroup("20-29", "20–29", 20, 29),
    AgeGroup("30-44", "30–44", 30, 44),
    AgeGroup("45-54", "45–54", 45, 54),
    AgeGroup("55+", "55 ke atas", 55, None),
)
AGE_GROUP_LABELS = {g.code: g.label for g in AGE_GROUPS}


@dataclass(frozen=True)
class GraduationGroup:
    code: str
    label: str
    high: int | None  # the most years since graduation in the group; None = no upper bound


GRADUATION_GROUPS: tuple[GraduationGroup, ...] = (
    GraduationGroup("0-2", "0–2 tahun", 2),
    GraduationGroup("3-5", "3–5 tahun", 5),
    GraduationGroup("6+", "6 tahun ke atas", None),
)
GRADUATION_UNKNOWN = ("-", "Tidak tercatat")


def graduation_group(graduation_year: int | None, registered_on: date) -> str:
    """The group of a registration by the whole years from graduation to registration."""
    if graduation_year is None:
        return GRADUATION_UNKNOWN[0]
    years = registered_on.year - graduation_year
    for group in GRADUATION_GROUPS:
        if group.high is None or years <= group.high:
            return group.code
    raise AssertionError("the last group is open-ended")


def age_on(birth_date: date, day: date) -> int:
    """Completed years on `day` (someone born on 29 February is a year older on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_group(age: int) -> str:
    for group in AGE_GROUPS:
        if group.high is None or age <= group.high:
            return group.code
    raise AssertionError("the last group is open-ended")


# --------------------------------------------------------------------------- months

def month_key(day: date) -> int:
    """202611 for any day of November 2026: the key of a month in the summary table."""
    return day.year * 100 + day.month


def month_of_key(key: int) -> date:
    return date(key // 100, key % 100, 1)


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def previous_month(first: date) -> date:
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)


def add_months_to_first(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


MONTH_NAMES = dates.MONTH_NAMES


def month_label(first: date) -> str:
    return f"{MONTH_NAMES[first.month - 1]} {first.year}"


QUARTERS = ("I", "II", "III", "IV")
MONTH = "bulan"
QUARTER = "triwulan"
YEAR = "tahun"
SCOPES = {MONTH: "Sebulan", QUARTER: "Triwulan", YEAR: "Setahun"}


def period_of(month: date, scope: str) -> tuple[date, date]:
    """(first month, last month) of the month, quarter or year that holds `month` (first days).
    A period's flow is its first month's carried over, the sums of its months' registered, placed
    and removed, and its last month's remaining; so the months of a quarter add up to the quarter."""
    if scope == QUARTER:
        first = date(month.year, 3 * ((month.month - 1) // 3) + 1, 1)
        return first, add_months_to_first(first, 2)
    if scope == YEAR:
        return date(month.year, 1, 1), date(month.year, 12, 1)
    return month, month


def period_label(first: date, last: date) -> str:
    if first == last:
        return month_label(first)
    if first.month == 1 and last.month == 12 and first.year == last.year:
        return f"Tahun {first.year}"
    if first.month % 3 == 1 and last == add_months_to_first(first, 2):
        return f"Triwulan {QUARTERS[first.month // 3]} {first.year}"
    return f"{month_label(first)} s.d. {month_label(last)}"


def parse_month(text: str | None) -> date | None:
    """'2026-11' → 1 November 2026; None for anything else."""
    text = (text or "").strip()
    parts = text.split("-")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    year, month = int(parts[0]), int(parts[1])
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return date(year, month, 1)


# --------------------------------------------------------------------------- flow tables

FLOW_COLUMNS = (
    ("carried", "Sisa akhir bulan lalu"),
    ("registered", "Terdaftar bulan ini"),
    ("placed", "Ditempatkan bulan ini"),
    ("removed", "Dihapuskan bulan ini"),
    ("remaining", "Sisa akhir bulan ini"),
)
PERIOD_FLOW_COLUMNS = (  # the same columns for a quarter or a year
    ("carried", "Sisa awal periode"),
    ("registered", "Terdaftar dalam periode"),
    ("placed", "Ditempatkan dalam periode"),
    ("removed", "Dihapuskan dalam periode"),
    ("remaining", "Sisa akhir periode"),
)


@dataclass(frozen=True)
class Flow:
    carried: int = 0
    registered: int = 0
    placed: int = 0
    removed: int = 0
    remaining: int = 0

    def __add__(self, other: Flow) -> Flow:
        return Flow(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple())))

    def as_tuple(self) -> tuple[int, int, int, int, int]:
        return (self.carried, self.registered, self.placed, self.removed, self.remaining)

    @property
    def balances(self) -> bool:
        return self.carried + self.registered - self.placed - self.removed == self.remaining


@dataclass
class FlowRow:
    key: str
    label: str
    by_sex: dict[str, Flow]
    is_total: bool = False

    @property
    def both(self) -> Flow:
        return self.by_sex["L"] + self.by_sex["P"]

    def cells(self) -> list[int]:
        """carried L, P, L+P, registered L, P, L+P, ... remaining L, P, L+P."""
        out: list[int] = []
        for i in range(len(FLOW_COLUMNS)):
            m, f = self.by_sex["L"].as_tuple()[i], self.by_sex["P"].as_tuple()[i]
            out += [m, f, m + f]
        return out


@dataclass
class FlowTable:
    """Rows in the official order (every row present, zeros included) and a total row."""
    rows: list[FlowRow]
    total: FlowRow = field(init=False)

    def __post_init__(self):
        total = {sex: sum((r.by_sex[sex] for r in self.rows), Flow()) for sex in SEXES}
        self.total = FlowRow("total", "Jumlah", total, is_total=True)

    def row(self, key: str) -> FlowRow:
        return next(r for r in self.rows if r.key == key)


def build_flow_table(keys_and_labels: Iterable[tuple[str, str]], cells: Mapping[tuple[str, str], Flow]) -> FlowTable:
    """A table from counts per (row key, sex); missing cells are zero."""
    return FlowTable([FlowRow(key, label, {sex: cells.get((key, sex), Flow()) for sex in SEXES})
                      for key, label in keys_and_labels])


AGE_ROWS = tuple((g.code, g.label) for g in AGE_GROUPS)
EDUCATION_ROWS = tuple(codes.EDUCATION_LEVELS.items())
GRADUATION_ROWS = tuple((g.code, g.label) for g in GRADUATION_GROUPS) + (GRADUATION_UNKNOWN,)
PLACEMENT_ROWS = tuple(codes.PLACEMENT_TYPES.items())
