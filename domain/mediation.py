"""Statutory deadlines of an industrial-dispute mediation (UU 2/2004 art. 10, 13, 15; Permenaker
17/2014; DOMAIN.md §4), counted in working days (domain.workdays.Calendar: the office's holidays and
the Saturday / cuti bersama settings).

The clock starts when the case is handed to the mediator (``delegated_on``); that day itself is not
counted. For each step the due date is the last day on which it is still on time:

- first mediation session: within 7 working days of the hand-over. Only a session of kind
  "mediasi" meets it; a clarification meeting ("klarifikasi") does not;
- written recommendation (anjuran): within 10 working days of the first mediation session, unless
  the case ended without one (Perjanjian Bersama, withdrawal);
- the parties' answers to the anjuran: within 10 working days of receiving it (of its date when the
  receipt is not recorded). Silence counts as rejection, so once this passes the mediator records it
  and closes the case;
- Perjanjian Bersama after both parties accepted the anjuran: drafted within 3 working days of the
  later acceptance;
- the whole mediation: finished (``closed_on``) within 30 working days of the hand-over. A
  clarification meeting does not count toward the 30 days: each working day on which one was held
  is skipped, which moves the due date one working day later.

A step is *overdue* when it is not done and its due date has passed, *near* when it is not done and
due within ``NEAR_WORKING_DAYS`` working days (today included, the due day counted). Before the
hand-over no statutory clock runs.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.dates import long_date

from domain.workdays import Calendar

FIRST_SESSION_DAYS = 7
ANJURAN_DAYS = 10
ANSWER_DAYS = 10
AGREEMENT_DAYS = 3
TOTAL_DAYS = 30
NEAR_WORKING_DAYS = 3

FIRST_SESSION = "sidang_pertama"
ANJURAN = "anjuran"
ANSWERS = "jawaban"
AGREEMENT = "perjanjian_bersama"
COMPLETION = "selesai_30_hari"
STEP_LABELS = {
    FIRST_SESSION: "Sidang mediasi pertama (7 hari kerja sejak pelimpahan)",
    ANJURAN: "Anjuran tertulis (10 hari kerja sejak sidang pertama)",
    ANSWERS: "Jawaban para pihak atas anjuran (10 hari kerja sejak diterima)",
    AGREEMENT: "Perjanjian Bersama setelah anjuran diterima (3 hari kerja)",
    COMPLETION: "Mediasi selesai (30 hari kerja, klarifikasi tidak dihitung)",
}

OUTCOME_AGREEMENT = "perjanjian_bersama"
OUTCOME_WITHDRAWN = "dicabut"
ACCEPTED = "menerima"

ON_TRACK = "sesuai_jadwal"
NEAR = "mendekati_batas"
OVERDUE = "terlambat"
NOT_DELEGATED = "belum_dilimpahkan"
CLOSED = "selesai"
STATE_LABELS = {ON_TRACK: "Sesuai jadwal", NEAR: "Mendekati batas waktu", OVERDUE: "Lewat batas waktu",
                NOT_DELEGATED: "Belum dilimpahkan ke mediator", CLOSED: "Selesai"}


@dataclass(frozen=True)
class CaseFacts:
    """What the deadlines depend on, as plain data (built from a MediationCase by the caller)."""
    delegated_on: date | None
    mediation_sessions: tuple[date, ...] = ()
    clarification_sessions: tuple[date, ...] = ()
    anjuran_date: date | None = None
    anjuran_received_on: date | None = None
    worker_answer: str | None = None
    worker_answered_on: date | None = None
    company_answer: str | None = None
    company_answered_on: date | None = None
    outcome: str | None = None
    closed_on: date | None = None


@dataclass(frozen=True)
class Deadline:
    step: str
    due: date
    done_on: date | None

    @property
    def label(self) -> str:
        return STEP_LABELS[self.step]

    @property
    def done(self) -> bool:
        return self.done_on is not None

    @property
    def late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due


def add_working_days_skipping(calendar: Calendar, start: date, n: int, skipped: frozenset[date]) -> date:
    """The date n working days after start, not counting the days in `skipped`."""
    day, remaining = start, n
    while remaining > 0:
        day += timedelta(days=1)
        if calendar.is_working_day(day) and day not in skipped:
            remaining -= 1
    return day


def completion_due(calendar: Calendar, delegated_on: date, clarification_sessions) -> date:
    return add_working_days_skipping(calendar, delegated_on, TOTAL_DAYS, frozenset(clarification_sessions))


def deadlines(case: CaseFacts, calendar: Calendar) -> list[Deadline]:
    """The steps that apply to the case so far, in order, each with its due date and when it was done."""
    if case.delegated_on is None:
        return []
    result = []
    first = min(case.mediation_sessions) if case.mediation_sessions else None
    result.append(Deadline(FIRST_SESSION, calendar.add_working_days(case.delegated_on, FIRST_SESSION_DAYS), first))
    ended_without_anjuran = case.closed_on is not None and case.anjuran_date is None \
        and case.outcome in (OUTCOME_AGREEMENT, OUTCOME_WITHDRAWN)
    if first is not None and not ended_without_anjuran:
        result.append(Deadline(ANJURAN, calendar.add_working_days(first, ANJURAN_DAYS), case.anjuran_date))
    if case.anjuran_date is not None:
        received = case.anjuran_received_on or case.anjuran_date
        answers = (case.worker_answered_on, case.company_answered_on)
        both = max(answers) if all(answers) and case.worker_answer and case.company_answer else None
        if both is None and case.closed_on is not None:
            both = case.closed_on  # closed: silence was taken as rejection
        result.append(Deadline(ANSWERS, calendar.add_working_days(received, ANSWER_DAYS), both))
        if case.worker_answer == ACCEPTED and case.company_answer == ACCEPTED and all(answers):
            result.append(Deadline(AGREEMENT, calendar.add_working_days(max(answers), AGREEMENT_DAYS),
                                   case.closed_on))
    result.append(Deadline(COMPLETION, completion_due(calendar, case.delegated_on, case.clarification_sessions),
                           case.closed_on))
    return result


@dataclass(frozen=True)
class CaseStatus:
    state: str
    next_deadline: Deadline | None  # the earliest step not yet done
    working_days_left: int | None  # to next_deadline's due date; negative when overdue

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def count_working_days(calendar: Calendar, start: date, end: date, skipped=frozenset()) -> int:
    """Working days after start up to and including end (0 if end <= start), not counting `skipped`.

    The same as Calendar.working_days_between, in time proportional to the holidays rather than to
    the days between (an old open case may be years overdue)."""
    if end <= start:
        return 0
    per_week = 6 if calendar.saturday_is_working_day else 5
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * per_week
    day = start + timedelta(days=7 * weeks)
    for _ in range(rest):
        day += timedelta(days=1)
        count += day.weekday() < per_week
    closed = set(calendar.holidays) | set(calendar.extra_closed) | set(skipped)
    if not calendar.collective_leave_is_working_day:
        closed |= set(calendar.collective_leave)
    count -= sum(1 for d in closed if start < d <= end and d.weekday() < per_week)
    return count


def working_days_left(calendar: Calendar, today: date, due: date) -> int:
    """Working days from today to due, both counted when working days; negative (working days
    late) once due has passed."""
    if due >= today:
        return count_working_days(calendar, today - timedelta(days=1), due)
    return -count_working_days(calendar, due, today)


def status(case: CaseFacts, calendar: Calendar, today: date) -> CaseStatus:
    if case.closed_on is not None:
        return CaseStatus(CLOSED, None, None)
    if case.delegated_on is None:
        return CaseStatus(NOT_DELEGATED, None, None)
    pending = [d for d in deadlines(case, calendar) if not d.done]
    if not pending:
        return CaseStatus(ON_TRACK, None, None)
    nxt = min(pending, key=lambda d: d.due)
    left = working_days_left(calendar, today, nxt.due)
    if nxt.due < today:
        return CaseStatus(OVERDUE, nxt, left)
    if left <= NEAR_WORKING_DAYS:
        return CaseStatus(NEAR, nxt, left)
    return CaseStatus(ON_TRACK, nxt, left)


def duration_working_days(case: CaseFacts, calendar: Calendar) -> int | None:
    """Working days from hand-over to closing, clarification days not counted (None if either is missing)."""
    if case.delegated_on is None or case.closed_on is None:
        return None
    return count_working_days(calendar, case.delegated_on, case.closed_on, frozenset(case.clarification_sessions))


# --------------------------------------------------------------------------- a case record that holds together

REGISTERED = "terdaftar"
IN_MEDIATION = "mediasi"
ANJURAN_ISSUED = "anjuran"
FINISHED = "selesai"
ANJURAN_OUTCOMES = ("anjuran_diterima", "anjuran_ditolak")


@dataclass(frozen=True)
class CaseRecord(CaseFacts):
    """What a case's form holds, for the checks that keep its dates and status in the order the
    procedure runs (UU 2/2004): bipartite, registration, hand-over, sessions, anjuran, answers,
    closing. Without them a case could be closed before it was handed over, or marked finished
    with no outcome, and drop out of the deadline watch or count wrongly in the recap."""
    registered_on: date | None = None
    bipartite_ended_on: date | None = None
    case_status: str | None = None



def early_sessions(held_on: list[date | None] | tuple, delegated_on: date | None) -> list[int]:
    """The positions of the sessions dated before the case was handed to the mediator: sessions
    are the mediator's, held after the hand-over."""
    if delegated_on is None:
        return []
    return [i for i, day in enumerate(held_on) if day is not None and day < delegated_on]


def early_session_message(delegated_on: date) -> str:
    return f"Sidang tidak boleh sebelum perkara dilimpahkan ke mediator ({long_date(delegated_on)})."


def record_problems(case: CaseRecord, today: date) -> dict[str, str]:
    """{form field: what is wrong, in Indonesian} for a case record; empty when it holds together."""
    problems: dict[str, str] = {}

    def once(name: str, message: str) -> None:
        problems.setdefault(name, message)

    for name, day in (("registered_on", case.registered_on), ("delegated_on", case.delegated_on),
                      ("anjuran_date", case.anjuran_date), ("anjuran_received_on", case.anjuran_received_on),
                      ("worker_answered_on", case.worker_answered_on),
                      ("company_answered_on", case.company_answered_on), ("closed_on", case.closed_on),
                      ("bipartite_ended_on", case.bipartite_ended_on)):
        if day is not None and day > today:
            once(name, "Tanggal ini belum terjadi: isi setelah hari itu tiba.")
    if case.bipartite_ended_on and case.registered_on and case.bipartite_ended_on > case.registered_on:
        once("bipartite_ended_on", f"Perundingan bipartit harus sudah berakhir saat perselisihan dicatat "
                                   f"({long_date(case.registered_on)}).")
    if case.delegated_on and case.registered_on and case.delegated_on < case.registered_on:
        once("delegated_on", f"Pelimpahan ke mediator tidak boleh sebelum perselisihan dicatat "
                             f"({long_date(case.registered_on)}).")
    sessions = sorted(case.mediation_sessions + case.clarification_sessions)
    if sessions and case.delegated_on is None:
        once("delegated_on", "Isi tanggal pelimpahan ke mediator sebelum mencatat sidang.")
    elif early_sessions(sessions, case.delegated_on):
        once("sessions", early_session_message(case.delegated_on))
    first_mediation = min(case.mediation_sessions, default=None)
    if case.anjuran_date is not None:
        if first_mediation is None or first_mediation > case.anjuran_date:
            once("anjuran_date", "Anjuran diterbitkan setelah sidang mediasi: catat dahulu sidang mediasi pertama "
                                 "(pada atau sebelum tanggal anjuran).")
    anjuran_known = case.anjuran_received_on or case.anjuran_date
    for name, day in (("anjuran_received_on", case.anjuran_received_on),
                      ("worker_answered_on", case.worker_answered_on),
                      ("company_answered_on", case.company_answered_on)):
        if day is None:
            continue
        if case.anjuran_date is None:
            once(name, "Isi tanggal anjuran terlebih dahulu.")
        elif day < (case.anjuran_date if name == "anjuran_received_on" else anjuran_known):
            once(name, "Tanggal ini tidak boleh sebelum anjuran " +
                 ("diterbitkan" if name == "anjuran_received_on" else "diterima para pihak") +
                 f" ({long_date(case.anjuran_date if name == 'anjuran_received_on' else anjuran_known)}).")
    if case.closed_on is not None:
        start = case.delegated_on or case.registered_on
        if start is not None and case.closed_on < start:
            once("closed_on", f"Tanggal selesai tidak boleh sebelum perkara {'dilimpahkan' if case.delegated_on else 'dicatat'} "
                              f"({long_date(start)}).")
        last_session = sessions[-1] if sessions else None
        if last_session is not None and case.closed_on < last_session:
            once("closed_on", f"Tanggal selesai tidak boleh sebelum sidang terakhir ({long_date(last_session)}).")
    if case.case_status == FINISHED:
        if not case.outcome:
            once("outcome", "Pilih hasil mediasi untuk perkara yang selesai.")
        if case.closed_on is None:
            once("closed_on", "Isi tanggal selesai untuk perkara yang selesai.")
    else:
        if case.outcome:
            once("status", "Perkara yang sudah ada hasilnya berstatus Selesai.")
        elif case.closed_on is not None:
            once("status", "Perkara yang sudah ada tanggal selesainya berstatus Selesai.")
    if case.case_status == REGISTERED and case.delegated_on is not None:
        once("status", "Perkara yang sudah dilimpahkan ke mediator berstatus Dalam mediasi (atau sesudahnya).")
    if case.case_status in (IN_MEDIATION, ANJURAN_ISSUED) and case.delegated_on is None:
        once("delegated_on", "Isi tanggal pelimpahan ke mediator untuk perkara yang sedang dimediasi.")
    if (case.case_status == ANJURAN_ISSUED or case.outcome in ANJURAN_OUTCOMES) and case.anjuran_date is None:
        once("anjuran_date", "Isi tanggal anjuran: status atau hasil perkara ini menyebut anjuran.")
    return problems
