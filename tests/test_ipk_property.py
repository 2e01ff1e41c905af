"""Random registers against an independent, deliberately plain model of the IPK rules.

The model below walks each person's history one event at a time (in or out of the register,
a rejection in the registration's own month cancels it) and adds up months with Python counters;
the application computes the same from its summary table in SQL. They must agree in every cell of
every month, and the summary kept with each change must equal one rebuilt from the history.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from domain import codes, ipk
from domain import nik as nik_rules
from extensions import db
from models import JobSeeker
from services import reports
from services.job_seekers import assign_registration_number, record_event, temporary_registration_number
from tests.test_ipk import _nonzero_summary

START = date(2025, 10, 1)
MONTHS = 16


@st.composite
def histories(draw):
    """One registration: who, when, and a valid sequence of dated events (as the services allow)."""
    sex = draw(st.sampled_from("LP"))
    registered = START + timedelta(days=draw(st.integers(0, 330)))
    age_days = draw(st.integers(15 * 365, 60 * 365))
    birth = registered - timedelta(days=age_days)
    level = draw(st.sampled_from(list(codes.EDUCATION_LEVELS)))
    graduated = draw(st.one_of(st.none(), st.integers(registered.year - 9, registered.year + 1)))
    events = [(codes.EV_REGISTERED, registered, None)]
    day = registered
    if draw(st.booleans()) and draw(st.booleans()):
        day += timedelta(days=draw(st.integers(0, 45)))  # may cross into the next month
        events.append((codes.EV_REJECTED, day, None))
        return sex, birth, registered, level, events, graduated
    valid = True
    for _ in range(draw(st.integers(0, 3))):
        day += timedelta(days=draw(st.integers(1, 80)))
        if valid:
            step = draw(st.sampled_from(["placed", "removed", "expired", "renewed", "reported"]))
        else:
            step = draw(st.sampled_from(["renewed", "nothing"]))
        if step == "placed":
            events.append((codes.EV_PLACED, day, draw(st.sampled_from(list(codes.PLACEMENT_TYPES)))))
            break
        if step == "removed":
            events.append((codes.EV_REMOVED, day, None))
            break
        if step == "expired":
            events.append((codes.EV_EXPIRED, day, None))
            valid = False
        elif step == "renewed":
            events.append((codes.EV_RENEWED, day, None))
            valid = True
        elif step == "reported":
            events.append((codes.EV_REPORTED, day, None))
    return sex, birth, registered, level, events, graduated


def age_group(birth, registered, _graduated):
    years = registered.year - birth.year - ((registered.month, registered.day) < (birth.month, birth.day))
    return "15-19" if years < 20 else "20-29" if years < 30 else "30-44" if years < 45 else \
        "45-54" if years < 55 else "55+"


def graduation_group(_birth, registered, graduated):
    if graduated is None:
        return "-"
    years = registered.year - graduated
    return "0-2" if years <= 2 else "3-5" if years <= 5 else "6+"


def model(people, group_of):
    """month → (group, sex) → [registered, placed, removed] by walking each history."""
    flows = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for sex, birth, registered, _level, events, graduated in people:
        group = group_of(birth, registered, graduated)
        inside = False
        last_entry = None
        for code, day, _ptype in sorted(events, key=lambda e: e[1]):
            month = (day.year, day.month)
            if code in (codes.EV_REGISTERED, codes.EV_RENEWED):
                if not inside:
                    flows[month][(group, sex)][0] += 1
                    last_entry = (code, month)
                inside = True
            elif code in (codes.EV_PLACED, codes.EV_REMOVED, codes.EV_EXPIRED, codes.EV_REJECTED):
                if inside:
                    if code == codes.EV_REJECTED and last_entry == (codes.EV_REGISTERED, month):
                        flows[month][(group, sex)][0] -= 1  # never counted
                    else:
                        flows[month][(group, sex)][1 if code == codes.EV_PLACED else 2] += 1
                inside = False
    return flows


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(histories(), min_size=1, max_size=7))
def test_reports_agree_with_a_plain_model_of_the_rules(app, people):
    for old in db.session.scalars(select(JobSeeker)).all():
        db.session.delete(old)  # through the session: the summary follows
    db.session.commit()
    for i, (sex, birth, registered, level, events, graduated) in enumerate(people, start=1):
        js = JobSeeker(registration_number=temporary_registration_number(), registered_on=registered,
                       nik=nik_rules.build("360405", birth, sex, i), full_name=f"Orang {i}", birth_place="Serang",
                       birth_date=birth, sex=sex, kecamatan_code="36.04.05", education_level=level,
                       graduation_year=graduated)
        db.session.add(js)
        db.session.flush()
        assign_registration_number(js)
        for code, day, ptype in events:
            record_event(js, code, day, placement_type=ptype)
        db.session.commit()

    for group_of, rows, table_of in ((age_group, ipk.AGE_ROWS, lambda report: report.by_age),
                                     (graduation_group, ipk.GRADUATION_ROWS, lambda report: report.by_graduation)):
        expected = model(people, group_of)
        remaining = defaultdict(int)
        month = START
        for _ in range(MONTHS):
            table = table_of(reports.ipk_report(month))
            for code, _label in rows:
                for sex in ipk.SEXES:
                    reg, placed, removed = expected[(month.year, month.month)][(code, sex)]
                    carried = remaining[(code, sex)]
                    remaining[(code, sex)] = carried + reg - placed - removed
                    want = ipk.Flow(carried, reg, placed, removed, remaining[(code, sex)])
                    assert table.row(code).by_sex[sex] == want, (group_of.__name__, month, code, sex)
            month = ipk.add_months_to_first(month, 1)

    kept = _nonzero_summary()
    reports.rebuild_summary()
    db.session.expire_all()
    assert _nonzero_summary() == kept
