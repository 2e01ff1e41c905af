"""Benchmark: queue booking through the real app under gunicorn, side by side in the same run with
the ceiling (bench/ceiling_app.py: a minimal Flask endpoint doing one INSERT into the same
database), then a contention round that must not overbook.

    .venv/bin/python bench/booking.py                                   # SQLite (a temporary file)
    .venv/bin/python bench/booking.py --database-url postgresql://root@127.0.0.1:5432/queue_bench

The PostgreSQL database is emptied (DROP SCHEMA public CASCADE) and migrated: give it a database
of its own. Both servers run `gunicorn -w 4` (sync workers, this repository's gunicorn.conf.py)
with DATABASE_URL pointing at the prepared database; the access log goes to /dev/null for both.
The public POST rate limit is raised for the app under test with QUEUE_POST_LIMIT (every
request comes from 127.0.0.1; the quota is enforced by the database, not by rate limiting).

Each booking is a full public POST: CSRF token and session cookie (fetched once per client),
registration lookup, idempotency key, conditional UPDATEs of the day and window counters, the
INSERT, the audit entry, commit, 303 redirect. Every client uses a new connection per request
(gunicorn's sync workers close it), loopback only, bounded in time and in count.

Each measured phase alternates the two servers: ceiling, booking, booking, ceiling, ceiling,
... in --slices slices (default 4 of 2 s for each; the order swaps every slice so a steady drift
falls on both alike), and each side's figures are over all its slices. The
speed of this shared 2-core machine drifts during a run (seen here: the ceiling alone at 426 and at
762 req/s in consecutive 8-s phases); with one block each, such a drift falls on one side only and
moves the ratio by as much. --slices 1 measures one block each, as before.

Targets (issue 4), at 16 and 64 clients: booking throughput >= 60% of the ceiling's, booking p99
<= 2x the ceiling's, zero overbooking.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BORN = "2001-05-17"
HOST = "127.0.0.1"


# --------------------------------------------------------------------------- database

def normalise(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def prepare(url: str, people: int, phase_days: int) -> dict:
    """Fresh schema from the migrations, `people` active registrations, service days: one for
    the warm-up, one per measured phase (quota raised so every booking succeeds) and one with the
    default quota of 100 for the contention round."""
    import flask_migrate
    from sqlalchemy import create_engine, insert, text, update

    from app import create_app
    from bench.ceiling_app import ensure_table
    from extensions import db
    from models import JobSeeker, ServiceDay, ServiceWindow, Setting

    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade()
        from services import queue as service

        rows = [{"registration_number": f"AK1-3604-2026-B{i:06d}", "registered_on": date(2026, 3, 2),
                 "status": "terverifikasi", "status_changed_at": time_now(), "created_at": time_now(),
                 "nik": f"3604{i:012d}", "full_name": f"Peserta Uji {i}", "birth_place": "Serang",
                 "birth_date": date(2001, 5, 17), "sex": "L", "kecamatan_code": "36.04.05",
                 "education_level": "SMK"} for i in range(people)]
        for start in range(0, people, 5000):
            db.session.execute(insert(JobSeeker), rows[start:start + 5000])
        needed = phase_days + 3
        db.session.add(Setting(key="queue.booking_window_days", value=str(needed)))
        db.session.commit()
        days = service.bookable_dates(service.office_now(), service.load_settings())[1:]
        service.ensure_days(days)
        warmup, measured, contention = days[0], days[1:1 + phase_days], days[1 + phase_days]
        big = [warmup, *measured]
        db.session.execute(update(ServiceDay).where(ServiceDay.day.in_(big)).values(quota=1_000_000))
        db.session.execute(update(ServiceWindow).where(ServiceWindow.day.in_(big)).values(quota=200_000))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    ensure_table(url)
    return {"warmup": warmup, "measured": measured, "contention": contention}


def time_now():
    from models import utcnow

    return utcnow()


def check_day(url: str, day: date) -> dict:
    """What the database holds for a day: bookings, counters, distinct numbers."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        bookings, distinct = conn.execute(text(
            "SELECT count(*), count(DISTINCT queue_number) FROM queue_booking WHERE day = :d AND status = 'dipesan'"),
            {"d": day}).one()
        booked, issued, quota = conn.execute(text("SELECT booked, issued, quota FROM service_day WHERE day = :d"),
                                             {"d": day}).one()
        windows_over = conn.execute(text(
            "SELECT count(*) FROM service_window WHERE day = :d AND booked > quota"), {"d": day}).scalar()
        window_sum = conn.execute(text("SELECT coalesce(sum(booked), 0) FROM service_window WHERE day = :d"),
                                  {"d": day}).scalar()
    engine.dispose()
    return {"bookings": bookings, "distinct_numbers": distinct, "booked": booked, "issued": issued, "quota": quota,
            "windows_over_quota": windows_over, "window_sum": window_sum}


def ceiling_rows(url: str, day: date) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM bench_ceiling WHERE day = :d"), {"d": day}).scalar()
    engine.dispose()
    return count


# --------------------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_gunicorn(target: str, port: int, url: str, workers: int, log: Path) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench-secret-key", GUNICORN_ACCESS_LOG="/dev/null",
               QUEUE_POST_LIMIT="1000000 per minute")
    cmd = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", str(workers), "-k", "sync", "-b", f"{HOST}:{port}",
           "--timeout", "60", target]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def wait_up(port: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


# --------------------------------------------------------------------------- load

def raw_post(port: int, path: str, body: bytes, cookie: str | None) -> tuple[int, float, bytes]:
    head = (f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n")
    if cookie:
        head += f"Cookie: {cookie}\r\n"
    request = head.encode() + b"\r\n" + body
    started = time.perf_counter()
    with socket.create_connection((HOST, port), timeout=60) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    elapsed = time.perf_counter() - started
    response = b"".join(chunks)
    status = int(response[9:12]) if response.startswith(b"HTTP/1.") else 0
    return status, elapsed, response


def session_for(port: int, day: date) -> tuple[str, str]:
    """A browser's first visit: the session cookie and the CSRF token of the booking form."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", f"/antrean/pesan/{day.isoformat()}")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    conn.close()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'id="csrf_token"[^>]*value="([^"]+)"', html)
    return cookie, token.group(1)


class People:
    """Hands out registration numbers, each used once (one active booking per person)."""

    def __init__(self, start: int, stop: int):
        self.next, self.stop, self.lock = start, stop, threading.Lock()

    def take(self) -> int | None:
        with self.lock:
            if self.next >= self.stop:
                return None
            self.next += 1
            return self.next - 1


def run_phase(kind: str, port: int, day: date, clients: int, seconds: float, people: People,
              max_requests: int) -> dict:
    results: list[tuple[int, float, bytes]] = []
    lock = threading.Lock()
    sessions = [session_for(port, day) for _ in range(clients)] if kind == "booking" else [(None, None)] * clients
    barrier = threading.Barrier(clients + 1)
    state = {"deadline": 0.0}

    def client(i: int) -> None:
        cookie, token = sessions[i]
        barrier.wait()
        local = []
        while time.perf_counter() < state["deadline"]:
            person = people.take()
            if person is None:
                break
            if kind == "booking":
                body = urlencode({"registration_number": f"AK1-3604-2026-B{person:06d}", "birth_date": BORN,
                                  "sesi": "", "submission_key": secrets.token_urlsafe(18),
                                  "csrf_token": token}).encode()
                status, elapsed, response = raw_post(port, f"/antrean/pesan/{day.isoformat()}", body, cookie)
            else:
                body = urlencode({"day": day.isoformat(), "payload": f"ceiling-{person}"}).encode()
                status, elapsed, response = raw_post(port, "/insert", body, None)
            local.append((status, elapsed, response if status != 303 else b""))
        with lock:
            results.extend(local)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    state["deadline"] = time.perf_counter() + seconds
    started = time.perf_counter()
    barrier.wait()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return summarise(kind, clients, results, wall)


def summarise(kind: str, clients: int, results: list[tuple[int, float, bytes]], wall: float) -> dict:
    ok = [r for r in results if r[0] == 303]
    latencies = sorted(r[1] for r in results)
    return {
        "kind": kind, "clients": clients, "requests": len(results), "ok": len(ok), "wall": wall,
        "rps": len(ok) / wall,
        "p50": statistics.quantiles(latencies, n=100)[49] * 1000 if len(latencies) > 2 else float("nan"),
        "p99": statistics.quantiles(latencies, n=100)[98] * 1000 if len(latencies) > 2 else float("nan"),
        "errors": {s: sum(1 for r in results if r[0] == s) for s in {r[0] for r in results if r[0] != 303}},
        "samples": [r[2][:2000] for r in results if r[0] != 303][:3],
        "bodies": [r for r in results if r[0] != 303],
        "results": results,
    }


def combine(parts: list[dict]) -> dict:
    """One phase measured in slices: all its requests over the sum of the slices' times."""
    results = [r for part in parts for r in part["results"]]
    return summarise(parts[0]["kind"], parts[0]["clients"], results, sum(part["wall"] for part in parts))


def contention_round(port: int, day: date, people: People, attempts: int, clients: int) -> dict:
    """Many clients race for the 100 places of one day; every attempt is a different person."""
    limited = People(people.next, people.next + attempts)
    people.next += attempts
    result = run_phase("booking", port, day, clients, 120.0, limited, attempts)
    full_message = "sudah penuh"
    told_full = sum(1 for status, _, body in result["bodies"] if status == 409 and full_message.encode() in body)
    return {**result, "told_full": told_full}


# --------------------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (emptied!); default: a SQLite temp file")
    parser.add_argument("--clients", default="16,64", help="concurrency levels, e.g. 16,64")
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each measured phase")
    parser.add_argument("--slices", type=int, default=4,
                        help="each phase alternates ceiling and booking in this many slices (1: one block each)")
    parser.add_argument("--rounds", type=int, default=2, help="ceiling/booking pairs per level")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers for each server")
    parser.add_argument("--max-per-phase", type=int, default=12000, help="request cap per phase")
    parser.add_argument("--contention-attempts", type=int, default=400)
    args = parser.parse_args()
    levels = [int(x) for x in args.clients.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    url = normalise(args.database_url) if args.database_url else f"sqlite:///{workdir / 'bench.sqlite'}"
    label = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    phases = len(levels) * args.rounds
    people_total = phases * args.max_per_phase + args.contention_attempts + 2000
    print(f"Preparing {label} ({people_total} registrations) ...", flush=True)
    days = prepare(url, people_total, phases)
    app_port, ceiling_port = free_port(), free_port()
    servers = [start_gunicorn("app:create_app()", app_port, url, args.workers, workdir / "app.log"),
               start_gunicorn("bench.ceiling_app:app", ceiling_port, url, args.workers, workdir / "ceiling.log")]
    rows = []
    failures = []
    try:
        wait_up(app_port, "/antrean")
        wait_up(ceiling_port, "/insert")
        people = People(0, people_total)
        # Warm-up (not measured): templates, imports, connection pools of every worker.
        run_phase("ceiling", ceiling_port, days["warmup"], 16, 2.0, People(people_total, people_total + 10**9), 10**6)
        run_phase("booking", app_port, days["warmup"], 16, 2.0, People(0, 2000), 2000)
        people.next = 2000
        measured = iter(days["measured"])
        for round_no in range(args.rounds):
            for clients in levels:
                day = next(measured)
                cap = People(10**7 + round_no * 10**6 + clients * 10**4, 10**7 + round_no * 10**6 + clients * 10**4
                             + args.max_per_phase)
                stop = people.next + args.max_per_phase
                bookers = People(people.next, stop)
                ceiling_parts, booking_parts = [], []
                for slice_no in range(args.slices):  # ceiling, booking, booking, ceiling, ceiling, ...
                    order = ("ceiling", "booking") if slice_no % 2 == 0 else ("booking", "ceiling")
                    for kind in order:
                        if kind == "ceiling":
                            ceiling_parts.append(run_phase("ceiling", ceiling_port, day, clients,
                                                           args.seconds / args.slices, cap, args.max_per_phase))
                        else:
                            booking_parts.append(run_phase("booking", app_port, day, clients,
                                                           args.seconds / args.slices, bookers, args.max_per_phase))
                ceiling, booking = combine(ceiling_parts), combine(booking_parts)
                people.next = stop
                held = check_day(url, day)
                inserted = ceiling_rows(url, day)
                if held["bookings"] != booking["ok"] or held["booked"] != booking["ok"] or \
                        held["distinct_numbers"] != held["bookings"] or held["window_sum"] != held["booked"]:
                    failures.append(f"round {round_no + 1}, {clients} clients: acknowledged {booking['ok']}, "
                                    f"database {held}")
                if inserted != ceiling["ok"]:
                    failures.append(f"ceiling {clients} clients: acknowledged {ceiling['ok']}, rows {inserted}")
                for result in (ceiling, booking):
                    if result["errors"]:
                        failures.append(f"{result['kind']} {clients} clients: non-303 answers {result['errors']} "
                                        f"{result['samples'][:1]}")
                rows.append((round_no + 1, clients, ceiling, booking))
                print(f"  round {round_no + 1}, {clients:>2} clients: ceiling {ceiling['rps']:6.0f} req/s "
                      f"p50 {ceiling['p50']:6.1f} ms p99 {ceiling['p99']:6.1f} ms | booking {booking['rps']:6.0f} "
                      f"req/s p50 {booking['p50']:6.1f} ms p99 {booking['p99']:6.1f} ms | "
                      f"throughput {booking['rps'] / ceiling['rps']:5.0%}, p99 x{booking['p99'] / ceiling['p99']:.2f}",
                      flush=True)
        contention = contention_round(app_port, days["contention"], people, args.contention_attempts, max(levels))
        held = check_day(url, days["contention"])
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()

    print()
    print(f"{label}, gunicorn -w {args.workers} (sync) for both servers, {args.seconds:.0f} s per phase for each "
          f"(alternating in {args.slices} slice(s)), {args.rounds} round(s), {os.cpu_count()} CPU cores")
    print(f"{'clients':>7} | {'ceiling req/s':>13} {'p50 ms':>7} {'p99 ms':>7} | {'booking req/s':>13} {'p50 ms':>7} "
          f"{'p99 ms':>7} | {'thr. ratio':>10} {'p99 ratio':>9}")
    for clients in levels:
        for round_no, c, ceiling, booking in rows:
            if c != clients:
                continue
            print(f"{clients:>7} | {ceiling['rps']:13.0f} {ceiling['p50']:7.1f} {ceiling['p99']:7.1f} | "
                  f"{booking['rps']:13.0f} {booking['p50']:7.1f} {booking['p99']:7.1f} | "
                  f"{booking['rps'] / ceiling['rps']:10.0%} {booking['p99'] / ceiling['p99']:9.2f}")
    print()
    overbooked = held["bookings"] > held["quota"] or held["booked"] > held["quota"] or held["windows_over_quota"]
    print(f"Contention: {contention['requests']} attempts by {max(levels)} clients for {held['quota']} places -> "
          f"{contention['ok']} booked (303), {contention['told_full']} told 'sudah penuh' (409), other answers "
          f"{ {k: v for k, v in contention['errors'].items() if k != 409} }; database: {held['bookings']} bookings, "
          f"booked={held['booked']}, {held['distinct_numbers']} distinct numbers, "
          f"windows over quota: {held['windows_over_quota']}")
    if overbooked or contention["ok"] != held["quota"] or held["bookings"] != held["quota"] or \
            held["distinct_numbers"] != held["bookings"] or \
            contention["told_full"] != contention["requests"] - contention["ok"]:
        failures.append("contention round: overbooked or lost/duplicated bookings")
    targets = all(b["rps"] >= 0.6 * c["rps"] and b["p99"] <= 2 * c["p99"] for _, _, c, b in rows)
    print(f"Targets (throughput >= 60% of ceiling, p99 <= 2x ceiling) met in every phase: {'yes' if targets else 'NO'}")
    for failure in failures:
        print("FAILED:", failure)
    if not url.startswith("postgresql"):
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"Server logs: {workdir}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
