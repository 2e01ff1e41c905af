"""Benchmark: the monthly IPK report (III/1, III/2) and the dashboard's queries on a register of
1,000,000 job seekers with a realistic dated history, side by side in the same run with the floor,
one plain full scan of the status history: SELECT count(*) FROM job_seeker_event.

    .venv/bin/python bench/reports.py                                            # SQLite file in /tmp
    .venv/bin/python bench/reports.py --database-url postgresql://root@127.0.0.1:5432/reports_bench

The database is built from the migrations and filled with bulk inserts (one transaction with
executemany on SQLite, COPY on PostgreSQL); generation is not the measurement. The PostgreSQL
database is emptied (DROP SCHEMA public CASCADE): give it a database of its own. The summary table
(ipk_monthly_flow) is then built from the history with services.reports.rebuild_summary, the one
path bulk loads take (the application keeps it in step with each change itself), and ANALYZE runs.

Measured, in rounds, in shuffled order, on one warm connection, a fresh session per call (as per
request): the floor; IPK III/1 (services.reports.iii_1), III/2 (iii_2) and the flow by time since
graduation (by_graduation) for last month; the whole
dashboard of a pimpinan (admin.dashboard.gather: every query the home page makes). Printed: median,
min and max per query, the ratio of medians to the floor, and the spread of the per-round ratios.
Targets (issue 6): each report within 3x the floor, the whole dashboard within 2x.

The big database is deleted at the end unless --keep (reuse it with --reuse: the SQLite file, or the
PostgreSQL database, must hold exactly --people job seekers).
"""
from __future__ import annotations

import argparse
import bisect
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, time as dtime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EDUCATION = {"SD": 9, "SMP": 12, "SMA": 30, "SMK": 33, "D1D2": 2, "D3": 5, "D4S1": 8, "S2": 0.8, "S3": 0.2}
CHUNK = 50_000


def normalise(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --------------------------------------------------------------------------- the register

class Generator:
    """Six years of registrations (2021 to today), busier after school graduation, each followed to
    placement, removal, expiry or renewal the way the office's services record them."""

    def __init__(self, today: date, seed: int = 2026):
        from domain import codes
        from domain.kecamatan import KECAMATAN

        self.codes = codes
        self.rng = random.Random(seed)
        self.today = today
        first = date(2021, 1, 4)
        days = [first + timedelta(days=i) for i in range((today - first).days)]
        weights = [({6: 2.0, 7: 2.3, 8: 1.6, 1: 1.2}.get(d.month, 1.0)) * (0.15 if d.weekday() >= 5 else 1.0)
                   for d in days]
        self.days = days
        self.cum_days = list(self._cumulate(weights))
        self.kecamatan = list(KECAMATAN)
        self.cum_kec = list(self._cumulate([self.rng.uniform(0.3, 3.0) for _ in self.kecamatan]))
        self.levels = list(EDUCATION)
        self.cum_levels = list(self._cumulate(EDUCATION.values()))

    @staticmethod
    def _cumulate(weights):
        total = 0.0
        for w in weights:
            total += w
            yield total

    def pick(self, items, cum):
        return items[bisect.bisect_left(cum, self.rng.random() * cum[-1])]

    def person(self, i: int):
        """(job seeker row, [event rows]) for id i."""
        rng, today, codes = self.rng, self.today, self.codes
        sex = "P" if rng.random() < 0.46 else "L"
        reg = self.pick(self.days, self.cum_days)
        r = rng.random()
        age = int(min(30, 18 + abs(rng.gauss(0, 5)))) if r < 0.8 else rng.randint(31, 45) if r < 0.95 else \
            rng.randint(46, 60)
        birth = reg - timedelta(days=age * 365 + rng.randint(0, 364))
        events = [(codes.EV_REGISTERED, reg, None, None, None)]
        status = codes.JS_SUBMITTED
        valid_from = valid_until = None

        def push(code, day, slot=None, ptype=None, reason=None):
            events.append((code, day, slot, ptype, reason))

        def done():
            # graduated at about 18 (later for a degree), after registering for a few; 8 % gave no year
            graduated = None if rng.random() < 0.08 else \
                min(reg.year + 1, birth.year + 18 + int(abs(rng.gauss(0, 3))))
            row = (i, f"AK1-3604-{reg.year}-{i:07d}", reg, datetime.combine(reg, dtime(2, 0)), status,
                   datetime.combine(events[-1][1], dtime(3, 0)), f"3604{i:012d}", f"Pencari Kerja {i}", "Serang",
                   birth, sex, self.pick(self.kecamatan, self.cum_kec), self.pick(self.levels, self.cum_levels),
                   valid_from, valid_until, graduated)
            return row, events

        if rng.random() < 0.012:
            day = reg + timedelta(days=rng.randint(1, 4))
            if day <= today:
                push(codes.EV_REJECTED, day)
                status = codes.JS_REJECTED
            return done()
        verified = reg + timedelta(days=rng.choice((0, 0, 1, 2, 3, 5, 8)))
        if verified > today or rng.random() < 0.01:
            return done()
        push(codes.EV_VERIFIED, verified)
        status = codes.JS_VERIFIED
        printed = verified + timedelta(days=rng.choice((0, 1, 2, 3, 5, 8, 12)))
        if printed > today or rng.random() < 0.02:
            return done()
        push(codes.EV_PRINTED, printed)
        status, valid_from, valid_until = codes.JS_PRINTED, reg, add_years(reg, 2) - timedelta(days=1)
        place_on = printed + timedelta(days=int(rng.expovariate(1 / (900 if age > 40 else 650))) + 7)
        other_on = printed + timedelta(days=rng.randint(20, 700)) if rng.random() < 0.08 else None
        reliable = rng.random() < 0.85
        start = printed

        def finish_before(limit):
            """Record the placement or other removal that comes before `limit`, if any: True when it did
            (or when it lies after today, which ends the history too)."""
            nonlocal status
            for day, code in sorted((d, c) for d, c in ((place_on, "place"), (other_on, "other")) if d):
                if day < limit:
                    if day > today:
                        return True
                    if code == "place":
                        push(codes.EV_PLACED, day, ptype=rng.choices(("AKL", "AKAD", "AKAN"), (85, 12, 3))[0])
                        status = codes.JS_PLACED
                    else:
                        push(codes.EV_REMOVED, day, reason=rng.choice(("meninggal", "pindah_domisili",
                                                                       "permintaan_sendiri", "lainnya")))
                        status = codes.JS_REMOVED
                    return True
            return False

        while True:
            end = add_years(start, 2)
            for slot in range(1, 5):
                due = start + timedelta(days=182 * slot - rng.randint(0, 20))
                if finish_before(min(due, end)) or due > today:
                    return done()
                if not reliable and slot >= 2:
                    removed = due + timedelta(days=90)
                    if finish_before(removed):
                        return done()
                    if removed <= today:
                        push(codes.EV_REMOVED, removed, reason="tidak_lapor")
                        status = codes.JS_REMOVED
                    return done()
                push(codes.EV_REPORTED, due, slot=slot)
            roll = rng.random()
            if roll < 0.2:
                renewed = end - timedelta(days=rng.randint(1, 10))
                if finish_before(renewed) or renewed > today:
                    return done()
                push(codes.EV_RENEWED, renewed)
                start = renewed
                valid_from, valid_until = renewed, add_years(renewed, 2) - timedelta(days=1)
                continue
            closing = end + timedelta(days=rng.randint(1, 20)) if roll < 0.35 else end
            if finish_before(closing) or closing > today:
                return done()
            if roll < 0.35:
                push(codes.EV_REMOVED, closing, reason="masa_berlaku_habis")
                status = codes.JS_REMOVED
            else:
                push(codes.EV_EXPIRED, closing, reason="masa_berlaku_habis")
                status = codes.JS_EXPIRED
            return done()


JS_COLUMNS = ("id", "registration_number", "registered_on", "created_at", "status", "status_changed_at", "nik",
              "full_name", "birth_place", "birth_date", "sex", "kecamatan_code", "education_level", "valid_from",
              "valid_until", "graduation_year")
EV_COLUMNS = ("job_seeker_id", "event", "occurred_on", "recorded_at", "report_slot", "placement_type",
              "removal_reason")


def _sqlite_value(value):
    """Dates as SQLAlchemy stores them in SQLite (ISO text)."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def generate(engine, people: int, today: date) -> tuple[int, float]:
    """Bulk-load `people` registrations and their events; returns (event count, seconds)."""
    started = time.perf_counter()
    gen = Generator(today)
    total_events = 0
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        is_pg = engine.dialect.name == "postgresql"
        if not is_pg:
            cursor.execute("PRAGMA synchronous=OFF")
        js_sql = f"INSERT INTO job_seeker ({', '.join(JS_COLUMNS)}) VALUES ({', '.join('?' * len(JS_COLUMNS))})"
        ev_sql = f"INSERT INTO job_seeker_event ({', '.join(EV_COLUMNS)}) VALUES ({', '.join('?' * len(EV_COLUMNS))})"
        for start in range(1, people + 1, CHUNK):
            rows, events = [], []
            for i in range(start, min(start + CHUNK, people + 1)):
                row, history = gen.person(i)
                rows.append(row)
                recorded = datetime.combine(row[2], dtime(3, 0))
                events.extend((i, code, day, recorded, slot, ptype, reason)
                              for code, day, slot, ptype, reason in history)
            total_events += len(events)
            if is_pg:
                with cursor.copy(f"COPY job_seeker ({', '.join(JS_COLUMNS)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                with cursor.copy(f"COPY job_seeker_event ({', '.join(EV_COLUMNS)}) FROM STDIN") as copy:
                    for row in events:
                        copy.write_row(row)
            else:
                cursor.executemany(js_sql, [tuple(map(_sqlite_value, r)) for r in rows])
                cursor.executemany(ev_sql, [tuple(map(_sqlite_value, r)) for r in events])
            print(f"  {min(start + CHUNK - 1, people):>9,} job seekers, {total_events:>10,} events "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
        if is_pg:
            cursor.execute("SELECT setval('job_seeker_id_seq', (SELECT max(id) FROM job_seeker))")
        raw.commit()
    finally:
        raw.close()
    return total_events, time.perf_counter() - started


def office_extras(today: date) -> None:
    """The dashboard's other parts, at a realistic size: today's queue, mediation, training, transmigration."""
    from domain import codes
    from extensions import db
    from models import (
        MediationCase, MediationSession, QueueBooking, ServiceDay, ServiceWindow, TrainingCohort, TrainingParticipant,
        TrainingProgram, TransmigrationFamily, TransmigrationMember, TransmigrationStageEvent,
    )

    rng = random.Random(7)
    day = ServiceDay(day=today, quota=100, booked=0, issued=0)
    for h in range(8, 13):
        day.windows.append(ServiceWindow(starts_at=dtime(h), ends_at=dtime(h + 1), quota=20, booked=0))
    db.session.add(day)
    db.session.flush()
    statuses = [codes.BOOKING_SERVED] * 30 + [codes.BOOKING_CHECKED_IN] * 10 + [codes.BOOKING_BOOKED] * 35 + \
        [codes.BOOKING_NO_SHOW] * 8 + [codes.BOOKING_CANCELLED] * 5
    for n, status in enumerate(statuses, start=1):
        window = day.windows[(n - 1) % 5]
        db.session.add(QueueBooking(job_seeker_id=n, day=today, window_id=window.id, queue_number=n,
                                    booking_code=f"B{n:07d}", status=status))
        if status != codes.BOOKING_CANCELLED:
            window.booked += 1
            day.booked += 1
        day.issued += 1
    for n in range(120):
        registered = today - timedelta(days=rng.randint(5, 900))
        closed = n % 3 != 0
        delegated = registered + timedelta(days=10)
        case = MediationCase(register_number=f"{n:03d}/Reg-HI/bench", registered_on=registered,
                             dispute_type=rng.choice(list(codes.DISPUTE_TYPES)), worker_party="Pekerja",
                             company_name=f"PT Bench {n}", delegated_on=delegated if delegated <= today else None,
                             status=codes.CASE_CLOSED if closed else codes.CASE_IN_MEDIATION,
                             outcome=rng.choice(list(codes.CASE_OUTCOMES)) if closed else None,
                             closed_on=min(today, delegated + timedelta(days=rng.randint(10, 50))) if closed else None)
        if case.delegated_on:
            case.sessions.append(MediationSession(held_on=min(today, delegated + timedelta(days=5)), kind="mediasi"))
        db.session.add(case)
    for p in range(6):
        program = TrainingProgram(name=f"Program {p}")
        for k in range(5):
            cohort = TrainingCohort(program=program, name=f"Angkatan {k + 1}", year=today.year - (k % 2),
                                    status=rng.choice(["seleksi", "berjalan", "selesai"]))
            for m in range(16):
                cohort.participants.append(TrainingParticipant(
                    nik=f"36{p}{k}{m:012d}"[:16], full_name=f"Peserta {m}", sex=rng.choice("LP"),
                    selection_status="lulus_seleksi", graduated=rng.random() < 0.8,
                    competency_result=rng.choice(["kompeten", "belum_kompeten", None])))
            db.session.add(cohort)
    for f in range(200):
        stage = rng.choice(list(codes.TRANSMIGRATION_STAGES))
        family = TransmigrationFamily(kk_number=f"36049{f:011d}",
                                      registered_on=today - timedelta(days=rng.randint(30, 900)),
                                      stage=stage, origin_kecamatan_code="36.04.08", head_nik=f"36048{f:011d}",
                                      head_name=f"Kepala {f}", destination_province="Sulawesi Barat")
        family.members = [TransmigrationMember(nik=f"3604{f:08d}{m:04d}", full_name=f"Anggota {m}",
                                               relationship_to_head="kepala" if m == 0 else "anak", sex="L")
                          for m in range(rng.randint(1, 5))]
        family.stages = [TransmigrationStageEvent(stage=stage, occurred_on=family.registered_on)]
        db.session.add(family)
    db.session.commit()


# --------------------------------------------------------------------------- measuring

def measure(rounds: int, month: date, today: date) -> dict[str, list[float]]:
    from sqlalchemy import text

    from admin.dashboard import gather
    from domain import roles
    from extensions import db
    from services import reports

    def floor():
        return db.session.execute(text("SELECT count(*) FROM job_seeker_event")).scalar()

    tasks = {
        "floor: SELECT count(*) FROM job_seeker_event": floor,
        "IPK III/1 (sex x age group)": lambda: reports.iii_1(month),
        "IPK III/2 (education level)": lambda: reports.iii_2(month),
        "IPK by time since graduation": lambda: reports.by_graduation(month),
        "dashboard (pimpinan, every query)": lambda: gather(roles.PIMPINAN, today),
    }
    times: dict[str, list[float]] = {name: [] for name in tasks}
    rng = random.Random(1)
    for r in range(rounds + 2):  # two warm-up rounds
        order = list(tasks)
        rng.shuffle(order)
        for name in order:
            db.session.remove()
            started = time.perf_counter()
            tasks[name]()
            elapsed = time.perf_counter() - started
            if r >= 2:
                times[name].append(elapsed)
        db.session.remove()
    return times


def report(times: dict[str, list[float]], dialect: str) -> bool:
    names = list(times)
    floor_name = names[0]
    floor = times[floor_name]
    floor_median = statistics.median(floor)
    targets = {name: 2.0 if name.startswith("dashboard") else 3.0 for name in names[1:]}  # issue 6
    ok = True
    print(f"\n{dialect}: {len(floor)} rounds (median, min–max in ms; ratio = median / floor median, "
          f"per-round ratio range)")
    for name in names:
        values = times[name]
        median = statistics.median(values)
        line = f"  {name:<46} {median * 1000:9.1f}  ({min(values) * 1000:.1f}–{max(values) * 1000:.1f})"
        if name != floor_name:
            ratios = [v / f for v, f in zip(values, floor)]
            ratio = median / floor_median
            target = targets[name]
            passed = ratio <= target
            ok &= passed
            line += (f"  ratio {ratio:.3f} (per round {min(ratios):.3f}–{max(ratios):.3f}), target <= {target:g}x: "
                     f"{'OK' if passed else 'MISSED'}")
        print(line)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: a SQLite file)")
    parser.add_argument("--sqlite-path", default="/tmp/bench-reports.sqlite")
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="reuse an already generated database")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (for --reuse)")
    args = parser.parse_args()

    os.environ.setdefault("SECRET_KEY", "bench")
    import flask_migrate
    from sqlalchemy import create_engine, func, select, text

    from app import create_app
    from domain import codes, ipk
    from extensions import db
    from models import JobSeeker
    from services import reports
    from services.clock import local_today

    postgres = bool(args.database_url)
    url = normalise(args.database_url) if postgres else f"sqlite:///{args.sqlite_path}"
    today = local_today()
    month = ipk.previous_month(today.replace(day=1))
    fresh = not args.reuse
    if fresh:
        if postgres:
            engine = create_engine(url)
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            engine.dispose()
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(args.sqlite_path + suffix).unlink(missing_ok=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if fresh:
            flask_migrate.upgrade()
            print(f"Generating {args.people:,} job seekers with their history (bulk load, not measured)...")
            events, seconds = generate(db.engine, args.people, today)
            print(f"  {events:,} events in {seconds:.0f} s")
            office_extras(today)
            started = time.perf_counter()
            rows = reports.rebuild_summary()
            print(f"Summary ipk_monthly_flow rebuilt from the history: {rows:,} rows in "
                  f"{time.perf_counter() - started:.1f} s")
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE" if postgres else "ANALYZE"))
        people = db.session.scalar(select(func.count()).select_from(JobSeeker))
        events = db.session.scalar(text("SELECT count(*) FROM job_seeker_event"))
        flows = db.session.scalar(text("SELECT count(*) FROM ipk_monthly_flow"))
        print(f"Database: {db.engine.dialect.name}, {people:,} job seekers, {events:,} events, {flows:,} summary rows; "
              f"report month {ipk.month_label(month)}")
        if not postgres:
            files = [Path(args.sqlite_path + s) for s in ("", "-wal")]
            size = sum(f.stat().st_size for f in files if f.exists())
            print(f"  SQLite file {size / 1e9:.2f} GB")
        else:
            size = db.session.scalar(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
            print(f"  database size {size}")
        # cross-check at scale: the register from the summary = registrations whose status is active
        active = db.session.scalar(select(func.count()).select_from(JobSeeker).where(
            JobSeeker.status.in_(codes.ACTIVE_JOB_SEEKER_STATUSES)))
        remaining = reports.iii_1(today.replace(day=1)).total.both.remaining
        print(f"  check: register at the end of this month {remaining:,} = active registrations {active:,}: "
              f"{'OK' if remaining == active else 'DIFFERENT'}")
        table = reports.iii_1(month)
        print(f"  {ipk.month_label(month)}: carried {table.total.both.carried:,} + registered "
              f"{table.total.both.registered:,} - placed {table.total.both.placed:,} - removed "
              f"{table.total.both.removed:,} = remaining {table.total.both.remaining:,}")
        times = measure(args.rounds, month, today)
        ok = report(times, db.engine.dialect.name)
        db.session.remove()
        db.engine.dispose()
    if not args.keep:
        if postgres:
            engine = create_engine(url)
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            engine.dispose()
            print("Benchmark database emptied.")
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(args.sqlite_path + suffix).unlink(missing_ok=True)
            print(f"Deleted {args.sqlite_path}.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
