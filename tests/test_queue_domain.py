"""The queue's plain rules (domain/queue.py): windows, quota split, choices, serving order, codes."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

from domain import queue as rules
from domain.workdays import Calendar


def test_windows_follow_the_settings_and_must_end_before_midnight():
    assert rules.window_times(time(8), 60, 5) == [
        (time(8), time(9)), (time(9), time(10)), (time(10), time(11)), (time(11), time(12)), (time(12), time(13))]
    assert rules.window_times(time(7, 30), 45, 2) == [(time(7, 30), time(8, 15)), (time(8, 15), time(9))]
    with pytest.raises(ValueError):
        rules.window_times(time(22), 60, 3)
    with pytest.raises(ValueError):
        rules.window_times(time(8), 0, 3)


def test_quota_split_gives_the_remainder_to_the_earliest_windows():
    assert rules.split_quota(100, 5) == [20, 20, 20, 20, 20]
    assert rules.split_quota(100, 3) == [34, 33, 33]
    assert rules.split_quota(2, 4) == [1, 1, 0, 0]
    assert sum(rules.split_quota(97, 7)) == 97


def test_redistribute_never_goes_below_what_is_booked():
    assert rules.redistribute(50, [0, 0, 0, 0, 0]) == [10, 10, 10, 10, 10]
    assert rules.redistribute(50, [18, 0, 0, 0, 0]) == [18, 10, 10, 10, 2]
    new = rules.redistribute(40, [20, 15, 0, 0])
    assert sum(new) == 40 and all(q >= b for q, b in zip(new, [20, 15, 0, 0]))
    assert rules.redistribute(30, [20, 15]) is None


def test_a_window_can_be_booked_until_it_ends():
    day = date(2026, 11, 23)
    assert rules.window_is_open(day, time(9), datetime(2026, 11, 23, 8, 59))
    assert not rules.window_is_open(day, time(9), datetime(2026, 11, 23, 9, 0))
    assert rules.window_is_open(day, time(9), datetime(2026, 11, 22, 23, 0))
    assert not rules.window_is_open(day, time(9), datetime(2026, 11, 24, 7, 0))


def test_coming_days_skip_weekends_and_list_holidays_by_name():
    # Wed 24 Dec 2026 is cuti bersama, Fri 25 Dec is Christmas.
    cal = Calendar(holidays=frozenset({date(2026, 12, 25)}), collective_leave=frozenset({date(2026, 12, 24)}))
    names = {date(2026, 12, 24): "Cuti Bersama Hari Raya Natal", date(2026, 12, 25): "Hari Raya Natal",
             date(2026, 12, 27): "Minggu libur"}
    days = rules.coming_days(cal, date(2026, 12, 22), 4, names)
    assert [(d.day.day, d.working) for d in days] == [(22, True), (23, True), (24, False), (25, False), (28, True),
                                                      (29, True)]
    assert days[3].holiday_name == "Hari Raya Natal"
    assert rules.bookable_dates(cal, date(2026, 12, 22), 4) == [date(2026, 12, 22), date(2026, 12, 23),
                                                                  date(2026, 12, 28), date(2026, 12, 29)]
    working_leave = Calendar(holidays=frozenset({date(2026, 12, 25)}), collective_leave=frozenset({date(2026, 12, 24)}),
                             collective_leave_is_working_day=True)
    assert date(2026, 12, 24) in rules.bookable_dates(working_leave, date(2026, 12, 22), 4)


def test_booking_starts_tomorrow_once_the_last_window_has_ended():
    assert rules.first_booking_day(datetime(2026, 11, 23, 12, 59), time(13)) == date(2026, 11, 23)
    assert rules.first_booking_day(datetime(2026, 11, 23, 13, 0), time(13)) == date(2026, 11, 24)


def test_next_free_choices_prefer_the_same_day_closest_in_time_then_later_days():
    d1, d2 = date(2026, 11, 23), date(2026, 11, 24)
    choices = [rules.Choice(d1, 1, time(8), time(9), 3), rules.Choice(d1, 2, time(9), time(10), 0),
               rules.Choice(d1, 3, time(10), time(11), 0), rules.Choice(d1, 4, time(11), time(12), 2),
               rules.Choice(d2, 5, time(8), time(9), 20), rules.Choice(d2, 6, time(9), time(10), 20)]
    picked = rules.next_free_choices(choices, d1, time(10))
    assert [c.window_id for c in picked] == [4, 1, 5]  # 11:00 is an hour away, 08:00 two
    assert [c.window_id for c in rules.next_free_choices(choices, d1, None, limit=5)] == [1, 4, 5, 6]
    assert [c.window_id for c in rules.next_free_choices(choices, d2, time(8))] == [6]
    assert picked[0].label == "Senin, 23 November 2026, 11.00–12.00 WIB"


def test_serving_order_is_window_then_number_and_counts_only_people_waiting():
    places = [rules.Place(1, time(9), 1, True), rules.Place(2, time(8), 5, True), rules.Place(3, time(8), 2, False),
              rules.Place(4, time(9), 7, True), rules.Place(5, None, 3, True)]
    assert rules.people_ahead(places[3], places) == 2  # #5 (08:00) and #1 (09:00); #2 was already called
    assert rules.people_ahead(places[1], places) == 0
    assert rules.people_ahead(places[4], places) == 3  # no window: after all windows


def test_walk_ins_go_to_the_running_window_then_later_then_earlier():
    windows = [(1, time(8), time(9)), (2, time(9), time(10)), (3, time(10), time(11)), (4, time(11), time(12))]
    assert rules.walk_in_window_order(windows, time(9, 30)) == [2, 3, 4, 1]
    assert rules.walk_in_window_order(windows, time(7)) == [1, 2, 3, 4]
    assert rules.walk_in_window_order(windows, time(15)) == [4, 3, 2, 1]


def test_booking_codes_are_unambiguous_and_typed_forgivingly():
    code = rules.new_booking_code()
    assert len(code) == 8 and not set(code) & set("01OIL")
    assert rules.normalise_code(" abcd-2345 ") == "ABCD2345"
    assert rules.normalise_code("ABCD２345") == "ABCD345"  # full-width digits are not ASCII
    assert rules.format_code("abcd2345") == "ABCD-2345"
    assert rules.format_number(7) == "007"
    assert rules.indonesian_date(date(2026, 11, 23)) == "Senin, 23 November 2026"


def test_who_is_in_the_line_and_who_missed_their_window():
    day = date(2026, 12, 7)
    at = lambda h, m=0: datetime.combine(day, time(h, m))  # noqa: E731
    assert rules.in_line(False, day, time(9), at(8, 59))  # booked, window still running: expected
    assert not rules.in_line(False, day, time(9), at(9))  # the window ended: not in front of anyone
    assert rules.in_line(True, day, time(9), at(11))  # checked in: in the line whatever the hour
    assert rules.in_line(False, date(2026, 12, 8), time(9), at(11))  # another day: still expected
    assert rules.missed_window(day, time(9), at(9)) and not rules.missed_window(day, time(9), at(8, 59))
    assert not rules.missed_window(date(2026, 12, 8), time(9), at(11))
