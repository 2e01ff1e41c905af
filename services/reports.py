"""Figures for leadership: the IPK summary tables, the IPK III/1 and III/2 flow, the dashboard's
figures and the recaps (mediation, training, transmigration). Aggregation happens in SQL.

**The IPK summaries.** The flow rules of domain/ipk.py need each registration's events in order
(window functions over job_seeker_event) and the person's attributes; computed from scratch over a
large register that is a sort of the whole history. So the result is kept per month in two small
tables, in the same transaction as the change that moves it:

- ``ipk_monthly_flow``: per month, sex, age group and education level (90 cells a month): III/1,
  III/2, placements by type, the monthly trend and the breakdowns by sex, age and education;
- ``ipk_monthly_flow_kecamatan``: per month, kecamatan and sex (58 cells a month): the breakdown
  by kecamatan;
- ``ipk_monthly_flow_graduation``: per month, time since graduation and sex (8 cells a month): the
  table by time since graduation.

How they are kept:

- before a flush that touches the flow of some registrations (a new, changed or deleted flow event,
  a change of a person's sex, birth date, registration date, education level or kecamatan, a deleted
  person), their current cells are read from the database; after the flush they are read again and
  the difference is added to every table (an upsert per changed cell). The same SQL computes the full
  rebuild, so both paths follow one definition;
- ``rebuild_summary`` recomputes the tables from the history (DELETE + INSERT ... SELECT, one
  transaction). The application does it by itself when the state row is missing (a database migrated
  with existing history), and an administrator can ask for it on the Laporan page after data was
  changed outside the application (plain SQL and bulk loads bypass the session hooks);
- on PostgreSQL a rebuild takes an exclusive advisory lock and each flush that changes flows a shared
  one, so a rebuild never interleaves with a flush's delta.

A month's report then reads at most (months × 90) summary rows instead of the history: with six
years of history about 6,500 rows, whatever the size of the register.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import (
    Integer, and_, bindparam, case, cast, delete, event, extract, func, insert, inspect, literal, or_, select, update,
)
from sqlalchemy.orm import Session

from domain import codes, ipk
from domain import mediation as mediation_rules
from domain.kecamatan import kecamatan_name
from extensions import db
from models import (
    IpkMonthlyFlow, IpkMonthlyFlowGraduation, IpkMonthlyFlowKecamatan, JobSeeker, JobSeekerEvent, MediationCase, QueueBooking, ReportSummaryState,
    ServiceDay, ServiceWindow, TrainingCohort, TrainingParticipant, TrainingProgram, TransmigrationFamily,
    TransmigrationMember, TransmigrationStageEvent, utcnow,
)

EV = JobSeekerEvent.__table__
JS = JobSeeker.__table__
FLOW = IpkMonthlyFlow.__table__
FLOW_KEC = IpkMonthlyFlowKecamatan.__table__
FLOW_GRAD = IpkMonthlyFlowGraduation.__table__
SUMMARY_NAME = "ipk_monthly_flow"
CELL_COLUMNS = ("month_key", "kecamatan_code", "sex", "age_group", "education_level", "graduation_group")  # finest
COUNT_COLUMNS = ("registered", "placed", "placed_akl", "placed_akad", "placed_akan", "removed")
# Each summary table keeps some of the cell columns (a row per month and combination of them).
SUMMARIES = ((FLOW, ("month_key", "sex", "age_group", "education_level")),
             (FLOW_KEC, ("month_key", "kecamatan_code", "sex")),
             (FLOW_GRAD, ("month_key", "graduation_group", "sex")))
ADVISORY_LOCK_KEY = 360406  # any constant: "the IPK summary" on this database
ID_CHUNK = 2000


# --------------------------------------------------------------------------- SQL building blocks

def month_key_sql(day_column):
    return cast(extract("year", day_column) * 100 + extract("month", day_column), Integer)


def age_sql(birth_column, on_column):
    """Completed years on `on_column` (the same rule as domain.ipk.age_on)."""
    before_birthday = (extract("month", on_column) * 100 + extract("day", on_column)
                       < extract("month", birth_column) * 100 + extract("day", birth_column))
    return extract("year", on_column) - extract("year", birth_column) - case((before_birthday, 1), else_=0)


def age_group_sql(age):
    whens = [(age <= g.high, g.code) for g in ipk.AGE_GROUPS if g.high is not None]
    return case(*whens, else_=ipk.AGE_GROUPS[-1].code)


def graduation_group_sql(graduation_year, registered_on):
    """domain.ipk.graduation_group in SQL."""
    years = extract("year", registered_on) - graduation_year
    whens = [(graduation_year.is_(None), ipk.GRADUATION_UNKNOWN[0])]
    whens += [(years <= g.high, g.code) for g in ipk.GRADUATION_GROUPS if g.high is not None]
    return case(*whens, else_=ipk.GRADUATION_GROUPS[-1].code)


def _flow_cells_select(job_seeker_ids=None):
    """The summary's rows computed from the history: per month and cell, the counts of domain/ipk.py.
    Limited to some registrations when `job_seeker_ids` (a list or an expanding bind parameter) is
    given: the incremental update."""
    window = {"partition_by": EV.c.job_seeker_id, "order_by": (EV.c.occurred_on, EV.c.id)}
    ordered = select(
        EV.c.job_seeker_id, EV.c.event, EV.c.occurred_on, EV.c.placement_type,
        func.lag(EV.c.event).over(**window).label("prev_event"),
        func.lag(EV.c.occurred_on).over(**window).label("prev_on"),
        func.lead(EV.c.event).over(**window).label("next_event"),
        func.lead(EV.c.occurred_on).over(**window).label("next_on"),
    ).where(EV.c.event.in_(ipk.FLOW_EVENTS))
    if job_seeker_ids is not None:
        ordered = ordered.where(EV.c.job_seeker_id.in_(job_seeker_ids))
    ordered = ordered.subquery("ordered")
    o = ordered.c
    same_month_as_next = month_key_sql(o.next_on) == month_key_sql(o.occurred_on)
    same_month_as_prev = month_key_sql(o.prev_on) == month_key_sql(o.occurred_on)
    enters = and_(o.event.in_(ipk.IN_EVENTS), or_(o.prev_event.is_(None), o.prev_event.in_(ipk.OUT_EVENTS)))
    leaves = and_(o.event.in_(ipk.OUT_EVENTS), o.prev_event.in_(ipk.IN_EVENTS))
    kind = case(
        (enters, case((and_(o.event == codes.EV_REGISTERED, o.next_event == codes.EV_REJECTED, same_month_as_next),
                       None), else_=literal("in"))),
        (leaves, case((o.event == codes.EV_PLACED, literal("placed")),
                      (and_(o.event == codes.EV_REJECTED, o.prev_event == codes.EV_REGISTERED, same_month_as_prev),
                       None), else_=literal("removed"))),
        else_=None,
    )
    moves = select(o.job_seeker_id, o.occurred_on, o.placement_type, kind.label("kind")).subquery("moves")
    m = moves.c
    month = month_key_sql(m.occurred_on)
    group = age_group_sql(age_sql(JS.c.birth_date, JS.c.registered_on))
    graduation = graduation_group_sql(JS.c.graduation_year, JS.c.registered_on)

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    return (
        select(month.label("month_key"), JS.c.kecamatan_code, JS.c.sex, group.label("age_group"),
               JS.c.education_level, graduation.label("graduation_group"),
               count(m.kind == "in").label("registered"),
               count(m.kind == "placed").label("placed"),
               count(and_(m.kind == "placed", m.placement_type == "AKL")).label("placed_akl"),
               count(and_(m.kind == "placed", m.placement_type == "AKAD")).label("placed_akad"),
               count(and_(m.kind == "placed", m.placement_type == "AKAN")).label("placed_akan"),
               count(m.kind == "removed").label("removed"))
        .select_from(moves.join(JS, JS.c.id == m.job_seeker_id))
        .where(m.kind.is_not(None))
        .group_by(month, JS.c.kecamatan_code, JS.c.sex, group, JS.c.education_level, graduation)
    )


# --------------------------------------------------------------------------- keeping the summary

def rebuild_summary(connection=None) -> int:
    """Recompute the summary tables from the whole history. Returns the number of summary rows."""
    if connection is None:
        with db.engine.begin() as conn:
            return rebuild_summary(conn)
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_KEY})")
    for table, keys in SUMMARIES:
        connection.execute(delete(table))
        fine = _flow_cells_select().subquery("fine")
        source = select(*(fine.c[k] for k in keys), *(func.sum(fine.c[c]) for c in COUNT_COLUMNS)) \
            .group_by(*(fine.c[k] for k in keys))
        connection.execute(insert(table).from_select(list(keys + COUNT_COLUMNS), source))
    state = ReportSummaryState.__table__
    connection.execute(delete(state).where(state.c.name == SUMMARY_NAME))
    connection.execute(insert(state).values(name=SUMMARY_NAME, rebuilt_at=utcnow()))
    return sum(connection.execute(select(func.count()).select_from(t)).scalar_one() for t, _k in SUMMARIES)


def summary_state() -> ReportSummaryState | None:
    return db.session.get(ReportSummaryState, SUMMARY_NAME)


def ensure_summary() -> None:
    """Build the summary once when it has never been built on this database."""
    if db.session.get(ReportSummaryState, SUMMARY_NAME) is not None:
        return
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_KEY})")
        state = ReportSummaryState.__table__
        if conn.execute(select(state.c.name).where(state.c.name == SUMMARY_NAME)).first() is None:
            rebuild_summary(conn)
    db.session.expire_all()


# The person's columns a flow cell depends on; "kecamatan" too, because the panel's form sets the
# relationship and the column only changes when the flush runs.
_PERSON_FIELDS = ("sex", "birth_date", "registered_on", "education_level", "graduation_year", "kecamatan_code",
                  "kecamatan")
_EVENT_FIELDS = ("event", "occurred_on", "placement_type", "job_seeker_id")
_PENDING_KEY = "ipk_summary_pending"


def _changed(obj, names) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _is_flow_event(obj: JobSeekerEvent) -> bool:
    if obj.event in ipk.FLOW_EVENTS:
        return True
    old = inspect(obj).attrs.event.history.deleted
    return bool(old) and old[0] in ipk.FLOW_EVENTS


def _touched(session: Session) -> tuple[set[int], list[JobSeeker]]:
    """(ids of stored registrations, new registrations) whose flow this flush may change."""
    ids: set[int] = set()
    new_people: list[JobSeeker] = []

    def add_person(person, person_id):
        if person is not None and person.id is None:
            new_people.append(person)
        elif person is not None:
            ids.add(person.id)
        elif person_id is not None:
            ids.add(person_id)

    for obj in session.new:
        if isinstance(obj, JobSeekerEvent) and obj.event in ipk.FLOW_EVENTS:
            add_person(obj.job_seeker, obj.job_seeker_id)
    for obj in session.dirty:
        if isinstance(obj, JobSeeker) and obj.id is not None and _changed(obj, _PERSON_FIELDS):
            ids.add(obj.id)
        elif isinstance(obj, JobSeekerEvent) and _changed(obj, _EVENT_FIELDS) and _is_flow_event(obj):
            add_person(obj.job_seeker, obj.job_seeker_id)
            ids.update(i for i in inspect(obj).attrs.job_seeker_id.history.deleted if i is not None)
    for obj in session.deleted:
        if isinstance(obj, JobSeeker) and obj.id is not None:
            ids.add(obj.id)
        elif isinstance(obj, JobSeekerEvent) and obj.job_seeker_id is not None and _is_flow_event(obj):
            ids.add(obj.job_seeker_id)
    return ids, new_people


_CELLS_FOR_IDS = None


def _cells(connection, job_seeker_ids: Iterable[int]) -> dict[tuple, tuple[int, ...]]:
    """The fine-grained cells of these registrations (one statement, built once, ids bound per call)."""
    global _CELLS_FOR_IDS
    if _CELLS_FOR_IDS is None:
        _CELLS_FOR_IDS = _flow_cells_select(bindparam("ids", expanding=True))
    ids = sorted(set(job_seeker_ids))
    result: dict[tuple, tuple[int, ...]] = {}
    for start in range(0, len(ids), ID_CHUNK):
        for row in connection.execute(_CELLS_FOR_IDS, {"ids": ids[start:start + ID_CHUNK]}):
            key = tuple(row[:len(CELL_COLUMNS)])
            counts = tuple(int(v) for v in row[len(CELL_COLUMNS):])
            old = result.get(key)
            result[key] = counts if old is None else tuple(a + b for a, b in zip(old, counts))
    return result


@event.listens_for(Session, "before_flush")
def _summary_before_flush(session, _context, _instances) -> None:
    ids, new_people = _touched(session)
    if not ids and not new_people:
        session.info.pop(_PENDING_KEY, None)
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock_shared({ADVISORY_LOCK_KEY})")
    if ids:
        _lock_people(connection, ids)
    session.info[_PENDING_KEY] = (ids, new_people, _cells(connection, ids) if ids else {})


_PEOPLE = JobSeeker.__table__


def _lock_people(connection, ids: set[int]) -> None:
    """Hold these registrations until commit before reading their cells, so that a concurrent
    change to the same person (a data edit while a placement commits) cannot slip in between this
    "before" reading and the flush and be counted twice. PostgreSQL: row locks (the same strength as
    the compare-and-set UPDATE of a status change), taken in id order;
    SQLite: the first write of the transaction takes the database's write lock."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), ID_CHUNK):
        chunk = ordered[start:start + ID_CHUNK]
        if connection.dialect.name == "postgresql":
            connection.execute(select(_PEOPLE.c.id).where(_PEOPLE.c.id.in_(chunk)).order_by(_PEOPLE.c.id)
                               .with_for_update(key_share=True))  # FOR NO KEY UPDATE: inserts referencing
                                                                  # the person (bookings, events) still go on
        else:
            connection.execute(update(_PEOPLE).where(_PEOPLE.c.id.in_(chunk)).values(id=_PEOPLE.c.id))


@event.listens_for(Session, "after_flush")
def _summary_after_flush(session, _context) -> None:
    pending = session.info.pop(_PENDING_KEY, None)
    if pending is None:
        return
    ids, new_people, before = pending
    ids = set(ids) | {p.id for p in new_people if p.id is not None}
    connection = session.connection()
    after = _cells(connection, ids)
    zero = (0,) * len(COUNT_COLUMNS)
    fine_changes = {}
    for key in set(before) | set(after):
        diff = tuple(b - a for a, b in zip(before.get(key, zero), after.get(key, zero)))
        if any(diff):
            fine_changes[key] = diff
    if not fine_changes:
        return
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    for table, keys in SUMMARIES:
        positions = [CELL_COLUMNS.index(k) for k in keys]
        merged: dict[tuple, list[int]] = {}
        for key, diff in fine_changes.items():
            total = merged.setdefault(tuple(key[p] for p in positions), [0] * len(COUNT_COLUMNS))
            for i, d in enumerate(diff):
                total[i] += d
        rows = [dict(zip(keys, k)) | dict(zip(COUNT_COLUMNS, v)) for k, v in merged.items() if any(v)]
        if rows:
            stmt = upsert(table)
            stmt = stmt.on_conflict_do_update(index_elements=list(keys),
                                              set_={c: table.c[c] + stmt.excluded[c] for c in COUNT_COLUMNS})
            connection.execute(stmt, rows)


# --------------------------------------------------------------------------- IPK III/1, III/2

@dataclass
class IpkReport:
    month: date  # first day of the period's first month
    by_age: ipk.FlowTable
    by_education: ipk.FlowTable
    placements: dict[str, dict[str, int]]  # placement type (and "total") → sex → count
    by_graduation: ipk.FlowTable
    last_month: date | None = None  # first day of the period's last month (None: one month)

    @property
    def month_end(self) -> date:
        return ipk.month_end(self.last_month or self.month)

    @property
    def label(self) -> str:
        return ipk.period_label(self.month, self.last_month or self.month)


def _keys(month: date, last: date | None) -> tuple[int, int]:
    return ipk.month_key(month), ipk.month_key(last or month)


def _flow_by(dimension, first_key: int, last_key: int | None = None) -> dict[tuple[str, str], ipk.Flow]:
    """The flow of the months first_key..last_key per (value of `dimension`, sex), from the summary
    table `dimension` is in: carried over into the first month, what moved in the months, remaining
    at the end of the last."""
    last_key = first_key if last_key is None else last_key
    table = dimension.table
    net = table.c.registered - table.c.placed - table.c.removed

    def in_period(column):
        return func.sum(case((table.c.month_key >= first_key, column), else_=0))

    stmt = (select(dimension, table.c.sex,
                   func.sum(case((table.c.month_key < first_key, net), else_=0)),
                   in_period(table.c.registered), in_period(table.c.placed), in_period(table.c.removed),
                   func.sum(net))
            .where(table.c.month_key <= last_key).group_by(dimension, table.c.sex))
    return {(key, sex): ipk.Flow(*(int(v or 0) for v in values))
            for key, sex, *values in db.session.execute(stmt)}


def iii_1(month: date, last: date | None = None) -> ipk.FlowTable:
    """IPK III/1: the flow of the month (or of the months up to `last`) per age group (at
    registration) and sex."""
    ensure_summary()
    return ipk.build_flow_table(ipk.AGE_ROWS, _flow_by(FLOW.c.age_group, *_keys(month, last)))


def iii_2(month: date, last: date | None = None) -> ipk.FlowTable:
    """IPK III/2: the flow per education level and sex."""
    ensure_summary()
    return ipk.build_flow_table(ipk.EDUCATION_ROWS, _flow_by(FLOW.c.education_level, *_keys(month, last)))


def placements_by_type(month: date, last: date | None = None) -> dict[str, dict[str, int]]:
    """The placements of the month (or months): AKL/AKAD/AKAN (and "total") → sex → count."""
    ensure_summary()
    first_key, last_key = _keys(month, last)
    stmt = (select(FLOW.c.sex, func.sum(FLOW.c.placed_akl), func.sum(FLOW.c.placed_akad),
                   func.sum(FLOW.c.placed_akan), func.sum(FLOW.c.placed))
            .where(FLOW.c.month_key >= first_key, FLOW.c.month_key <= last_key).group_by(FLOW.c.sex))
    placements = {t: {s: 0 for s in ipk.SEXES} for t in (*codes.PLACEMENT_TYPES, "total")}
    for sex, akl, akad, akan, total in db.session.execute(stmt):
        for t, v in zip((*codes.PLACEMENT_TYPES, "total"), (akl, akad, akan, total)):
            placements[t][sex] = int(v or 0)
    return placements


def by_graduation(month: date, last: date | None = None) -> ipk.FlowTable:
    """The flow per time since graduation (at registration) and sex."""
    ensure_summary()
    return ipk.build_flow_table(ipk.GRADUATION_ROWS, _flow_by(FLOW_GRAD.c.graduation_group, *_keys(month, last)))


def ipk_report(month: date, last: date | None = None) -> IpkReport:
    """IPK III/1 (sex × age group at registration), III/2 (education level) and the flow by time
    since graduation for a month, or for the months up to `last` (a quarter, a year), and the
    placements by AKL/AKAD/AKAN."""
    month = month.replace(day=1)
    last = last.replace(day=1) if last is not None and last.replace(day=1) != month else None
    return IpkReport(month, iii_1(month, last), iii_2(month, last), placements_by_type(month, last),
                     by_graduation(month, last), last)


# --------------------------------------------------------------------------- dashboard

@dataclass
class MonthFlow:
    month: date
    registered: int
    placed: int
    placed_akl: int
    placed_akad: int
    placed_akan: int
    removed: int
    remaining: int


def monthly_trend(last_month: date, months: int = 12) -> list[MonthFlow]:
    """The last `months` months up to `last_month`: flows and the register at each month's end."""
    ensure_summary()
    end_key = ipk.month_key(last_month)
    first = ipk.add_months_to_first(last_month.replace(day=1), -(months - 1))
    per_month = (select(FLOW.c.month_key, func.sum(FLOW.c.registered).label("registered"),
                        func.sum(FLOW.c.placed).label("placed"), func.sum(FLOW.c.placed_akl).label("akl"),
                        func.sum(FLOW.c.placed_akad).label("akad"), func.sum(FLOW.c.placed_akan).label("akan"),
                        func.sum(FLOW.c.removed).label("removed"),
                        func.sum(FLOW.c.registered - FLOW.c.placed - FLOW.c.removed).label("net"))
                 .where(FLOW.c.month_key <= end_key).group_by(FLOW.c.month_key).subquery())
    running = select(per_month, func.sum(per_month.c.net).over(order_by=per_month.c.month_key).label("remaining")) \
        .subquery()
    rows = {r.month_key: r for r in db.session.execute(
        select(running).where(running.c.month_key >= ipk.month_key(first)))}
    carried = db.session.scalar(select(func.sum(FLOW.c.registered - FLOW.c.placed - FLOW.c.removed))
                                .where(FLOW.c.month_key < ipk.month_key(first))) or 0
    result, remaining = [], int(carried)
    for i in range(months):
        month = ipk.add_months_to_first(first, i)
        r = rows.get(ipk.month_key(month))
        if r is None:
            result.append(MonthFlow(month, 0, 0, 0, 0, 0, 0, remaining))
            continue
        remaining = int(r.remaining)
        result.append(MonthFlow(month, int(r.registered), int(r.placed), int(r.akl), int(r.akad), int(r.akan),
                                int(r.removed), remaining))
    return result


@dataclass
class Breakdown:
    key: str
    label: str
    active: int  # in the register now
    registered: int  # this month
    placed: int  # this month


def breakdown(dimension: str, month: date) -> list[Breakdown]:
    """Active job seekers (register at the end of `month` so far) and this month's registrations and
    placements, by kecamatan, education_level, sex or age_group."""
    ensure_summary()
    table = FLOW_KEC if dimension == "kecamatan_code" else FLOW
    column = table.c[dimension]
    key = ipk.month_key(month)
    stmt = (select(column, func.sum(table.c.registered - table.c.placed - table.c.removed),
                   func.sum(case((table.c.month_key == key, table.c.registered), else_=0)),
                   func.sum(case((table.c.month_key == key, table.c.placed), else_=0)))
            .where(table.c.month_key <= key).group_by(column))
    found = {k: (int(a or 0), int(r or 0), int(p or 0)) for k, a, r, p in db.session.execute(stmt)}
    if dimension == "kecamatan_code":
        from domain.kecamatan import KECAMATAN

        keys = [(code, name) for code, name in KECAMATAN.items()]
    elif dimension == "education_level":
        keys = list(ipk.EDUCATION_ROWS)
    elif dimension == "age_group":
        keys = list(ipk.AGE_ROWS)
    else:
        keys = list(codes.SEX.items())
    known = {k for k, _ in keys}
    keys += [(k, str(k)) for k in sorted(found) if k not in known]  # e.g. a kecamatan code no longer listed
    return [Breakdown(k, label, *found.get(k, (0, 0, 0))) for k, label in keys]


def registrations_per_day(first: date, last: date) -> list[tuple[date, int]]:
    """Registrations received per day (every EV_REGISTERED, before any rejection), days without any included."""
    stmt = (select(EV.c.occurred_on, func.count())
            .where(EV.c.event == codes.EV_REGISTERED, EV.c.occurred_on >= first, EV.c.occurred_on <= last)
            .group_by(EV.c.occurred_on))
    found = {d: int(n) for d, n in db.session.execute(stmt)}
    return [(first + timedelta(days=i), found.get(first + timedelta(days=i), 0))
            for i in range((last - first).days + 1)]


def events_on(day: date, kinds: Sequence[str] = (codes.EV_REGISTERED, codes.EV_VERIFIED, codes.EV_PRINTED,
                                                   codes.EV_REPRINTED)) -> dict[str, int]:
    """How many events of these kinds are dated `day` (cards printed today, registrations today...).
    The event kinds are named so the (event, occurred_on) index answers with one probe each."""
    stmt = (select(EV.c.event, func.count()).where(EV.c.event.in_(list(kinds)), EV.c.occurred_on == day)
            .group_by(EV.c.event))
    counts = {e: int(n) for e, n in db.session.execute(stmt)}
    return {e: counts.get(e, 0) for e in kinds}


def awaiting_verification(bkk_id: int | None = None) -> int:
    stmt = select(func.count()).select_from(JobSeeker).where(JobSeeker.status == codes.JS_SUBMITTED)
    if bkk_id is not None:
        stmt = stmt.where(JobSeeker.bkk_id == bkk_id)
    return db.session.scalar(stmt) or 0


@dataclass
class WindowToday:
    label: str
    quota: int | None
    booked: int
    checked_in: int
    served: int
    no_show: int
    waiting: int


@dataclass
class QueueToday:
    day: date
    open: bool
    closed_reason: str | None
    quota: int
    windows: list[WindowToday]
    total: WindowToday
    left: int = 0  # places still free: the quota less the day's counter, as the queue desk's "Sisa"
    # (a no-show's or a cancelled place returns to the quota, so the bookings made, `total.booked`,
    # can exceed the places taken, quota - left, which the desk calls "Terpakai")


CHECKED_IN_STATUSES = (codes.BOOKING_CHECKED_IN, codes.BOOKING_CALLED, codes.BOOKING_SERVED)


def queue_today(day: date) -> QueueToday:
    service_day = db.session.get(ServiceDay, day)
    windows = list(db.session.scalars(select(ServiceWindow).where(ServiceWindow.day == day)
                                      .order_by(ServiceWindow.starts_at)))
    Q = QueueBooking

    def count(*statuses):
        return func.sum(case((Q.status.in_(statuses), 1), else_=0))

    stmt = (select(Q.window_id, count(*codes.ACTIVE_BOOKING_STATUSES, codes.BOOKING_SERVED, codes.BOOKING_NO_SHOW),
                   count(*CHECKED_IN_STATUSES), count(codes.BOOKING_SERVED), count(codes.BOOKING_NO_SHOW),
                   count(codes.BOOKING_CHECKED_IN, codes.BOOKING_CALLED))
            .where(Q.day == day).group_by(Q.window_id))
    by_window = {w: tuple(int(v or 0) for v in values) for w, *values in db.session.execute(stmt)}
    rows = [WindowToday(f"{w.starts_at:%H.%M}–{w.ends_at:%H.%M}", w.quota, *by_window.get(w.id, (0,) * 5))
            for w in windows]
    if None in by_window:
        rows.append(WindowToday("Tanpa sesi (datang langsung)", None, *by_window[None]))
    known = {w.id for w in windows} | {None}
    for window_id in sorted(k for k in by_window if k not in known):
        rows.append(WindowToday(f"Sesi {window_id}", None, *by_window[window_id]))
    total = WindowToday("Jumlah", service_day.quota if service_day else None,
                        *(sum(getattr(r, f) for r in rows) for f in ("booked", "checked_in", "served", "no_show",
                                                                      "waiting")))
    return QueueToday(day, bool(service_day and not service_day.closed),
                      service_day.closed_reason if service_day else None,
                      service_day.quota if service_day else 0, rows, total,
                      max(service_day.quota - service_day.booked, 0) if service_day else 0)


# --------------------------------------------------------------------------- mediation

def case_facts(case: MediationCase) -> mediation_rules.CaseFacts:
    sessions = case.sessions
    return mediation_rules.CaseFacts(
        delegated_on=case.delegated_on,
        mediation_sessions=tuple(s.held_on for s in sessions if s.kind == "mediasi"),
        clarification_sessions=tuple(s.held_on for s in sessions if s.kind == "klarifikasi"),
        anjuran_date=case.anjuran_date, anjuran_received_on=case.anjuran_received_on,
        worker_answer=case.worker_answer, worker_answered_on=case.worker_answered_on,
        company_answer=case.company_answer, company_answered_on=case.company_answered_on,
        outcome=case.outcome, closed_on=case.closed_on)


@dataclass
class OpenCase:
    id: int
    register_number: str
    company_name: str
    dispute_type: str
    mediator: str | None
    delegated_on: date | None
    status: mediation_rules.CaseStatus


@dataclass
class MediationOverview:
    open: int
    not_delegated: int
    on_track: int
    near: int
    overdue: int
    attention: list[OpenCase]  # overdue first, then near, by due date


def mediation_overview(today: date, calendar) -> MediationOverview:
    """Open cases (not closed) and where each stands against its statutory deadlines. Open cases are
    few (tens); the working-day arithmetic needs the holiday calendar, so it runs per open case."""
    from sqlalchemy.orm import selectinload

    cases = db.session.scalars(
        select(MediationCase).where(MediationCase.closed_on.is_(None), MediationCase.status != codes.CASE_CLOSED)
        .options(selectinload(MediationCase.sessions), selectinload(MediationCase.mediator))).all()
    items = [OpenCase(c.id, c.register_number, c.company_name, c.dispute_type,
                      c.mediator.full_name if c.mediator else None, c.delegated_on,
                      mediation_rules.status(case_facts(c), calendar, today)) for c in cases]
    states = [i.status.state for i in items]
    attention = sorted((i for i in items if i.status.state in (mediation_rules.OVERDUE, mediation_rules.NEAR)),
                       key=lambda i: (i.status.state != mediation_rules.OVERDUE, i.status.next_deadline.due))
    return MediationOverview(len(items), states.count(mediation_rules.NOT_DELEGATED),
                             states.count(mediation_rules.ON_TRACK), states.count(mediation_rules.NEAR),
                             states.count(mediation_rules.OVERDUE), attention)


def mediation_by_status() -> list[tuple[str, int]]:
    stmt = select(MediationCase.status, func.count()).group_by(MediationCase.status)
    found = dict(db.session.execute(stmt).all())
    return [(label, int(found.get(code, 0))) for code, label in codes.CASE_STATUS.items()]


# --------------------------------------------------------------------------- training, transmigration

@dataclass
class CohortFigures:
    id: int
    program: str
    name: str
    year: int
    status: str
    kecamatan: str | None
    start_date: date | None
    end_date: date | None
    funding: str
    planned: int
    applicants: int
    participants: int  # passed selection (lulus seleksi)
    graduates: int
    competent: int
    not_yet_competent: int
    working: int
    self_employed: int


def cohort_figures(year: int | None = None, statuses: Sequence[str] | None = None) -> list[CohortFigures]:
    """Per cohort: applicants, participants, graduates, competency results and follow-up (one GROUP BY)."""
    P = TrainingParticipant

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    stmt = (select(TrainingCohort.id, TrainingProgram.name, TrainingCohort.name, TrainingCohort.year,
                   TrainingCohort.status, TrainingCohort.kecamatan_code, TrainingCohort.start_date,
                   TrainingCohort.end_date, TrainingCohort.funding, TrainingCohort.planned_participants,
                   func.count(P.id), count(P.selection_status == "lulus_seleksi"), count(P.graduated.is_(True)),
                   count(P.competency_result == "kompeten"), count(P.competency_result == "belum_kompeten"),
                   count(P.follow_up == "bekerja"), count(P.follow_up == "wirausaha"))
            .join(TrainingProgram, TrainingProgram.id == TrainingCohort.program_id)
            .outerjoin(P, P.cohort_id == TrainingCohort.id)
            .group_by(TrainingCohort.id, TrainingProgram.name, TrainingCohort.name, TrainingCohort.year,
                      TrainingCohort.status, TrainingCohort.kecamatan_code, TrainingCohort.start_date,
                      TrainingCohort.end_date, TrainingCohort.funding, TrainingCohort.planned_participants)
            .order_by(TrainingCohort.start_date.is_(None), TrainingCohort.start_date, TrainingProgram.name,
                      TrainingCohort.name))
    if year is not None:
        stmt = stmt.where(TrainingCohort.year == year)
    if statuses is not None:
        stmt = stmt.where(TrainingCohort.status.in_(list(statuses)))
    result = []
    for row in db.session.execute(stmt):
        (cid, program, name, cyear, status, kec, start, end, funding, planned, *counts) = row
        result.append(CohortFigures(cid, program, name, int(cyear), status, kecamatan_name(kec) if kec else None,
                                    start, end, funding, int(planned or 0), *(int(c or 0) for c in counts)))
    return result


def _stage_at(day: date | None):
    """Per family, the stage of its latest stage event dated up to `day` (the current stage column
    when `day` is None)."""
    if day is None:
        return select(TransmigrationFamily.id.label("family_id"), TransmigrationFamily.stage.label("stage")) \
            .subquery("stage_now")
    S = TransmigrationStageEvent
    ranked = (select(S.family_id, S.stage, func.row_number().over(
        partition_by=S.family_id, order_by=(S.occurred_on.desc(), S.id.desc())).label("rn"))
        .where(S.occurred_on <= day)).subquery("ranked")
    return select(ranked.c.family_id, ranked.c.stage).where(ranked.c.rn == 1).subquery("stage_at")


def _members_per_family():
    """Jiwa per family: its head and every member other than the head (a head also entered as a
    member, as "Kepala keluarga" or by the head's NIK, counts once; a family with no members
    entered is one person)."""
    M, F = TransmigrationMember, TransmigrationFamily
    not_the_head = (M.family_id == F.id) & (M.relationship_to_head != "kepala") & \
        (M.nik != F.head_nik)
    return (select(F.id.label("family_id"), (1 + func.count(M.id)).label("people"))
            .select_from(F).outerjoin(M, not_the_head).group_by(F.id).subquery("members"))


def families_by_stage(day: date | None = None) -> list[tuple[str, str, dict[str, int], int]]:
    """(stage code, label, families per transmigration type, people) for families registered up to
    `day`, by their stage on `day` (now when None)."""
    stage = _stage_at(day)
    members = _members_per_family()
    F = TransmigrationFamily
    stmt = (select(stage.c.stage, F.transmigration_type, func.count(F.id), func.sum(func.coalesce(members.c.people, 0)))
            .join(stage, stage.c.family_id == F.id).outerjoin(members, members.c.family_id == F.id)
            .group_by(stage.c.stage, F.transmigration_type))
    if day is not None:
        stmt = stmt.where(F.registered_on <= day)
    found: dict[str, dict[str, int]] = {}
    people: dict[str, int] = {}
    for st, ttype, families, persons in db.session.execute(stmt):
        found.setdefault(st, {})[ttype] = int(families)
        people[st] = people.get(st, 0) + int(persons or 0)
    return [(code, label, {t: found.get(code, {}).get(t, 0) for t in codes.TRANSMIGRATION_TYPES},
             people.get(code, 0)) for code, label in codes.TRANSMIGRATION_STAGES.items()]


def stages_reached(start: date, end: date) -> list[tuple[str, str, dict[str, int], int]]:
    """(stage code, label, families per transmigration type, people) for the families whose stage
    history records that stage on a day between `start` and `end`: what happened in the period
    (a family counts once per stage reached, however many rows say so)."""
    S, F = TransmigrationStageEvent, TransmigrationFamily
    members = _members_per_family()
    reached = (select(S.family_id, S.stage).where(S.occurred_on >= start, S.occurred_on <= end)
               .distinct().subquery("reached"))
    stmt = (select(reached.c.stage, F.transmigration_type, func.count(F.id),
                   func.sum(func.coalesce(members.c.people, 0)))
            .join(F, F.id == reached.c.family_id).outerjoin(members, members.c.family_id == F.id)
            .group_by(reached.c.stage, F.transmigration_type))
    found: dict[str, dict[str, int]] = {}
    people: dict[str, int] = {}
    for stage, ttype, families, persons in db.session.execute(stmt):
        found.setdefault(stage, {})[ttype] = int(families)
        people[stage] = people.get(stage, 0) + int(persons or 0)
    return [(code, label, {t: found.get(code, {}).get(t, 0) for t in codes.TRANSMIGRATION_TYPES},
             people.get(code, 0)) for code, label in codes.TRANSMIGRATION_STAGES.items()]


def families_by_destination(day: date | None = None) -> list[tuple[str, str, dict[str, int], int]]:
    """(province, regency, families per stage, people) by destination, for families registered up to `day`."""
    stage = _stage_at(day)
    members = _members_per_family()
    F = TransmigrationFamily
    province = func.coalesce(F.destination_province, "")
    regency = func.coalesce(F.destination_regency, "")
    stmt = (select(province, regency, stage.c.stage, func.count(F.id), func.sum(func.coalesce(members.c.people, 0)))
            .join(stage, stage.c.family_id == F.id).outerjoin(members, members.c.family_id == F.id)
            .group_by(province, regency, stage.c.stage).order_by(province, regency))
    if day is not None:
        stmt = stmt.where(F.registered_on <= day)
    rows: dict[tuple[str, str], tuple[dict[str, int], list[int]]] = {}
    for prov, reg, st, families, persons in db.session.execute(stmt):
        per_stage, people = rows.setdefault((prov, reg), ({}, [0]))
        per_stage[st] = int(families)
        people[0] += int(persons or 0)
    return [(prov or "Belum ditentukan", reg or "—", {c: per_stage.get(c, 0) for c in codes.TRANSMIGRATION_STAGES},
             people[0]) for (prov, reg), (per_stage, people) in rows.items()]


# --------------------------------------------------------------------------- mediation recap

@dataclass
class MediationRecap:
    start: date
    end: date
    by_type: list[tuple[str, str, dict[str, int]]]  # (type code, label, column → count)
    durations: list[tuple[str, str, int, float | None, int | None, int | None, int]]
    # (outcome code, label, cases closed, mean, shortest, longest working days, within 30 working days)


MEDIATION_COLUMNS = ("open_at_start", "registered", "workers", *codes.CASE_OUTCOMES, "closed", "open_at_end")


def mediation_recap(start: date, end: date, calendar) -> MediationRecap:
    """Cases by dispute type: open at the start, registered in the period (and their workers), closed
    in the period by outcome, open at the end; and how long the closed ones took in working days."""
    C = MediationCase

    def count(condition, value=1):
        return func.sum(case((condition, value), else_=0))

    closed_in = and_(C.closed_on >= start, C.closed_on <= end)
    stmt = (select(C.dispute_type,
                   count(and_(C.registered_on < start, or_(C.closed_on.is_(None), C.closed_on >= start))),
                   count(and_(C.registered_on >= start, C.registered_on <= end)),
                   count(and_(C.registered_on >= start, C.registered_on <= end), C.worker_count),
                   *(count(and_(closed_in, C.outcome == o)) for o in codes.CASE_OUTCOMES),
                   count(closed_in),
                   count(and_(C.registered_on <= end, or_(C.closed_on.is_(None), C.closed_on > end))))
            .group_by(C.dispute_type))
    found = {t: dict(zip(MEDIATION_COLUMNS, (int(v or 0) for v in values))) for t, *values in db.session.execute(stmt)}
    by_type = [(t, label, found.get(t, dict.fromkeys(MEDIATION_COLUMNS, 0)))
               for t, label in codes.DISPUTE_TYPES.items()]

    per_outcome: dict[str, list[int]] = {}
    for c in closed_cases(start, end, calendar):
        if c.working_days is not None:
            per_outcome.setdefault(c.outcome or "", []).append(c.working_days)
    durations = []
    for code, label in list(codes.CASE_OUTCOMES.items()) + [("", "Tanpa hasil tercatat")]:
        values = per_outcome.get(code, [])
        if code == "" and not values:
            continue
        durations.append((code, label, len(values), round(sum(values) / len(values), 1) if values else None,
                          min(values) if values else None, max(values) if values else None,
                          sum(1 for v in values if v <= mediation_rules.TOTAL_DAYS)))
    return MediationRecap(start, end, by_type, durations)




@dataclass
class ClosedCase:
    register_number: str
    company_name: str
    dispute_type: str
    outcome: str | None
    delegated_on: date | None
    closed_on: date
    working_days: int | None


def closed_cases(start: date, end: date, calendar) -> list[ClosedCase]:
    """Cases closed in the period with their duration in working days (hand-over to closing,
    clarification days not counted). The working-day count needs the holiday calendar, so it runs
    per closed case (tens a year), not in SQL."""
    from sqlalchemy.orm import selectinload

    C = MediationCase
    cases = db.session.scalars(select(C).where(C.closed_on >= start, C.closed_on <= end)
                               .options(selectinload(C.sessions)).order_by(C.closed_on, C.register_number)).all()
    return [ClosedCase(c.register_number, c.company_name, c.dispute_type, c.outcome, c.delegated_on, c.closed_on,
                       mediation_rules.duration_working_days(case_facts(c), calendar)) for c in cases]
