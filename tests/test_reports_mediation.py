"""Statutory mediation deadlines (domain/mediation.py), due dates worked out on a March 2026 calendar:

    Mon 2  Tue 3  Wed 4  Thu 5  Fri 6 | Mon 9 ... Fri 13 | Mon 16 ... Fri 20 | Mon 23 ... Fri 27 | Mon 30, Tue 31
    Wed 1 Apr, Thu 2, Fri 3 | Mon 6 ... Fri 10 | Mon 13 Apr
"""
from __future__ import annotations

from datetime import date

from domain import mediation as rules
from domain.workdays import Calendar
from services.calendar import office_calendar

PLAIN = Calendar()
D = date


def steps(case, calendar=PLAIN):
    return {d.step: (d.due, d.done_on) for d in rules.deadlines(case, calendar)}


def test_the_clock_runs_from_the_hand_over_in_working_days():
    case = rules.CaseFacts(delegated_on=D(2026, 3, 2))
    assert steps(case) == {rules.FIRST_SESSION: (D(2026, 3, 11), None), rules.COMPLETION: (D(2026, 4, 13), None)}
    with_session = rules.CaseFacts(delegated_on=D(2026, 3, 2), mediation_sessions=(D(2026, 3, 9),))
    assert steps(with_session)[rules.ANJURAN] == (D(2026, 3, 23), None)
    assert steps(with_session)[rules.FIRST_SESSION] == (D(2026, 3, 11), D(2026, 3, 9))


def test_a_clarification_meeting_is_not_a_first_session_and_does_not_count_toward_30_days():
    case = rules.CaseFacts(delegated_on=D(2026, 3, 2), clarification_sessions=(D(2026, 3, 3),))
    assert steps(case)[rules.FIRST_SESSION] == (D(2026, 3, 11), None)
    assert steps(case)[rules.COMPLETION] == (D(2026, 4, 14), None)
    closed = rules.CaseFacts(delegated_on=D(2026, 3, 2), clarification_sessions=(D(2026, 3, 3),),
                             mediation_sessions=(D(2026, 3, 5),), outcome="perjanjian_bersama",
                             closed_on=D(2026, 3, 13))
    assert rules.duration_working_days(closed, PLAIN) == 8  # 9 working days, one of them the clarification
    assert rules.ANJURAN not in steps(closed)  # ended by agreement: no anjuran is due


def test_holidays_cuti_bersama_and_saturdays_follow_the_calendar():
    nyepi, leave = frozenset({D(2026, 3, 19)}), frozenset({D(2026, 3, 18), D(2026, 3, 20)})
    holidays = Calendar(holidays=nyepi, collective_leave=leave)
    case = rules.CaseFacts(delegated_on=D(2026, 3, 2))
    assert steps(case, holidays)[rules.COMPLETION][0] == D(2026, 4, 16)
    leave_works = Calendar(holidays=nyepi, collective_leave=leave, collective_leave_is_working_day=True)
    assert steps(case, leave_works)[rules.COMPLETION][0] == D(2026, 4, 14)
    assert steps(case, Calendar(saturday_is_working_day=True))[rules.FIRST_SESSION][0] == D(2026, 3, 10)


def test_anjuran_answers_and_the_agreement_after_acceptance():
    case = rules.CaseFacts(delegated_on=D(2026, 3, 2), mediation_sessions=(D(2026, 3, 9),), anjuran_date=D(2026, 3, 20),
                           anjuran_received_on=D(2026, 3, 23), worker_answer="menerima",
                           worker_answered_on=D(2026, 4, 1), company_answer="menerima",
                           company_answered_on=D(2026, 4, 2))
    s = steps(case)
    assert s[rules.ANJURAN] == (D(2026, 3, 23), D(2026, 3, 20))
    assert s[rules.ANSWERS] == (D(2026, 4, 6), D(2026, 4, 2))
    assert s[rules.AGREEMENT] == (D(2026, 4, 7), None)
    status = rules.status(case, PLAIN, D(2026, 4, 6))
    assert status.state == rules.NEAR and status.next_deadline.step == rules.AGREEMENT
    assert status.working_days_left == 2  # Monday 6 and Tuesday 7 April


def test_on_track_near_and_overdue():
    case = rules.CaseFacts(delegated_on=D(2026, 3, 2))
    assert rules.status(case, PLAIN, D(2026, 3, 5)).state == rules.ON_TRACK  # 5 working days left
    near = rules.status(case, PLAIN, D(2026, 3, 9))
    assert (near.state, near.working_days_left) == (rules.NEAR, 3)  # Mon 9, Tue 10, Wed 11
    assert rules.status(case, PLAIN, D(2026, 3, 11)).state == rules.NEAR  # the due day itself
    late = rules.status(case, PLAIN, D(2026, 3, 12))
    assert (late.state, late.working_days_left, late.next_deadline.step) == (rules.OVERDUE, -1, rules.FIRST_SESSION)
    assert rules.status(rules.CaseFacts(delegated_on=None), PLAIN, D(2026, 3, 12)).state == rules.NOT_DELEGATED
    done = rules.CaseFacts(delegated_on=D(2026, 3, 2), closed_on=D(2026, 3, 12), outcome="dicabut")
    assert rules.status(done, PLAIN, D(2026, 5, 1)).state == rules.CLOSED


def test_the_office_calendar_reads_the_holiday_table_and_the_settings(app):
    from extensions import db
    from models import Holiday, Setting

    db.session.add_all([Holiday(day=D(2026, 3, 19), name="Hari Suci Nyepi", kind="nasional"),
                        Holiday(day=D(2026, 3, 18), name="Cuti Bersama Nyepi", kind="cuti_bersama"),
                        Holiday(day=D(2026, 3, 13), name="Kantor tutup", kind="lokal")])
    db.session.commit()
    calendar = office_calendar()
    assert not calendar.is_working_day(D(2026, 3, 19)) and not calendar.is_working_day(D(2026, 3, 18))
    assert not calendar.is_working_day(D(2026, 3, 13)) and not calendar.is_working_day(D(2026, 3, 14))
    db.session.add_all([Setting(key="calendar.saturday_working", value="1"),
                        Setting(key="calendar.cuti_bersama_working", value="1")])
    db.session.commit()
    calendar = office_calendar()
    assert calendar.is_working_day(D(2026, 3, 18)) and calendar.is_working_day(D(2026, 3, 14))
    assert not calendar.is_working_day(D(2026, 3, 19)) and not calendar.is_working_day(D(2026, 3, 15))


def test_counting_working_days_agrees_with_the_calendar_day_by_day():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    days = st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31))

    @settings(max_examples=300, deadline=None)
    @given(start=days, end=days, holidays=st.frozensets(days, max_size=12), leave=st.frozensets(days, max_size=6),
           skipped=st.frozensets(days, max_size=3), saturday=st.booleans(), leave_works=st.booleans())
    def check(start, end, holidays, leave, skipped, saturday, leave_works):
        calendar = Calendar(holidays=holidays, collective_leave=leave, saturday_is_working_day=saturday,
                            collective_leave_is_working_day=leave_works)
        slow = Calendar(holidays=holidays | skipped, collective_leave=leave, saturday_is_working_day=saturday,
                        collective_leave_is_working_day=leave_works)
        assert rules.count_working_days(calendar, start, end, skipped) == slow.working_days_between(start, end)

    check()
