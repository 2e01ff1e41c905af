"""Every URL under /admin, anonymously and as each role: the access matrix of domain/roles.py.

The walk takes the rules from the app's URL map, so a view, action or export added later is
covered automatically; a rule that belongs to no known view fails the test.
"""
from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from domain import roles
from extensions import db
from models import (
    AuditLog, Holiday, JobSeeker, Kecamatan, MediationCase, MediationSession, QueueBooking, ServiceDay,
    ServiceWindow, Setting, TrainingCohort, TrainingParticipant, TrainingProgram, TransmigrationFamily,
    TransmigrationMember, User,
)

WRITE_FUNCTIONS = {"create_view", "edit_view", "delete_view", "action_view", "ajax_update"}


@pytest.fixture
def one_of_each(app, bkk_factory, job_seeker_factory, make_user):
    """One row in every table the panel shows, so detail/edit/delete URLs have a real id."""
    bkk = bkk_factory("20600001")
    js = job_seeker_factory(bkk=bkk)
    mediator = make_user(roles.MEDIATOR, username="mediator_fixture")
    day = ServiceDay(day=date(2026, 12, 1), quota=20, booked=1, issued=1,
                     windows=[ServiceWindow(starts_at=time(8), ends_at=time(9), quota=20, booked=1)])
    db.session.add(day)
    db.session.flush()
    booking = QueueBooking(job_seeker=js, day=day.day, window=day.windows[0], queue_number=1, booking_code="ABCD2345")
    case = MediationCase(register_number="HI/001/2026", registered_on=date(2026, 2, 2), dispute_type="phk",
                         worker_party="Budi Santoso", company_name="PT Contoh Jaya", mediator=mediator,
                         sessions=[MediationSession(held_on=date(2026, 2, 10), kind="mediasi")])
    program = TrainingProgram(name="Menjahit")
    cohort = TrainingCohort(program=program, name="Angkatan I", year=2026, funding="APBD", status="berjalan",
                            participants=[TrainingParticipant(nik="3604054501990001", full_name="Euis Nurhayati",
                                                              sex="P")])
    family = TransmigrationFamily(kk_number="3604050101200001", registered_on=date(2026, 1, 5),
                                  origin_kecamatan_code="36.04.07", head_nik="3604050101800001",
                                  head_name="Ujang Suryana",
                                  members=[TransmigrationMember(nik="3604054101820001", full_name="Iis Suryani",
                                                                relationship_to_head="istri", sex="P")])
    holiday = Holiday(day=date(2026, 12, 25), name="Hari Raya Natal", kind="nasional")
    setting = Setting(key="queue.daily_quota", value="100")
    db.session.add_all([booking, case, cohort, family, holiday, setting])
    db.session.commit()
    return {
        JobSeeker: js.id, ServiceDay: day.day.isoformat(), QueueBooking: booking.id, MediationCase: case.id,
        TrainingProgram: program.id, TrainingCohort: cohort.id,
        TrainingParticipant: cohort.participants[0].id, TransmigrationFamily: family.id,
        TransmigrationMember: family.members[0].id, Holiday: holiday.id, Setting: setting.key,
        Kecamatan: "36.04.05", User: mediator.id,
    }


def _admin_views(app):
    admin = app.extensions["admin"][0]
    return {view.endpoint: view for view in admin._views}


def _requests(app, ids):
    """(method, url, view, function name) for every rule under /admin."""
    views = _admin_views(app)
    requests = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        blueprint, _, function = rule.endpoint.partition(".")
        if blueprint == "admin" and function in ("index", "static") or rule.endpoint == "admin.static":
            requests.append(("GET", rule.rule if "<" not in rule.rule else None, views.get("admin"), function))
            continue
        if "static" in rule.endpoint:
            continue
        view = views.get(blueprint)
        assert view is not None, f"{rule.rule} belongs to no known admin view"
        model = getattr(view, "model", None)
        pk = ids.get(model, ids.get(JobSeeker))
        if model is AuditLog:
            pk = db.session.scalar(select(func.min(AuditLog.id)))
        url = rule.rule
        for argument in ("<id:job_seeker_id>",):
            url = url.replace(argument, str(ids[JobSeeker]))
        if "<export_type>" in url:
            for export_type in ("csv", "xlsx"):
                requests.append(("GET", url.replace("<export_type>", export_type), view, function))
            continue
        assert "<" not in url, f"unexpected URL argument in {url}"
        if "POST" in rule.methods and "GET" not in rule.methods:
            requests.append(("POST", url, view, function, pk))
        else:
            query = f"?id={pk}" if function in ("details_view", "edit_view") else ""
            if function == "ajax_lookup":
                query = "?name=x&query=a"
            requests.append(("GET", url + query, view, function))
    return requests


def _post_data(function, pk):
    if function == "delete_view":
        return {"id": pk}
    if function == "action_view":
        return {"action": "delete", "rowid": pk}
    if function == "ajax_update":
        return {"list_form_pk": pk}
    return {}


def test_every_admin_url_sends_anonymous_visitors_to_login(app, client, one_of_each):
    requests = _requests(app, one_of_each)
    assert len(requests) > 100  # the walk really covers the panel
    for method, url, view, function, *rest in requests:
        if url is None or url.startswith("/admin/static"):
            continue
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data=_post_data(function, rest[0]))
        assert response.status_code == 302, (method, url, response.status_code)
        assert response.location.startswith("/masuk?next="), (url, response.location)


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_every_admin_url_obeys_the_role_matrix(app, one_of_each, login_as, bkk_factory, role):
    extra = {"bkk": bkk_factory("20600099")} if role == roles.BKK else {}
    client, user = login_as(role, **extra)
    counts_before = _row_counts()
    checked = 0
    for method, url, view, function, *rest in _requests(app, one_of_each):
        if url is None or url.startswith("/admin/static"):
            continue
        area = getattr(view, "area", None)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data=_post_data(function, rest[0]))
        checked += 1
        if area is None:  # the index: every signed-in staff member
            assert response.status_code == 200, url
            continue
        allowed = role in area.read
        if function in WRITE_FUNCTIONS:
            allowed = allowed and role in area.write and _view_allows(view, function)
        if function == "export":
            allowed = allowed and role in area.export
        if not allowed:
            assert response.status_code == 403, (role, method, url, response.status_code)
        else:
            assert response.status_code != 403, (role, method, url)
            assert response.status_code < 500, (role, method, url, response.data[-500:])
    assert checked > 100
    if role not in (roles.ADMIN,) and not any(role in a.write for a in _write_areas()):
        assert _row_counts() == counts_before


def _view_allows(view, function):
    return {"create_view": view.allow_create, "edit_view": view.allow_edit,
            "delete_view": view.allow_delete}.get(function, True)


def _write_areas():
    return [roles.USERS, roles.BKK_REGISTRY, roles.JOB_SEEKERS, roles.QUEUE, roles.MEDIATION, roles.TRAINING,
            roles.TRANSMIGRATION, roles.CALENDAR, roles.SETTINGS]


def _row_counts():
    models = [JobSeeker, MediationCase, TrainingCohort, TransmigrationFamily, QueueBooking, Holiday, User]
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in models}


def test_read_only_role_cannot_delete_by_forged_post(app, one_of_each, login_as):
    client, _ = login_as(roles.PIMPINAN)
    case_id = one_of_each[MediationCase]
    assert client.post("/admin/mediasi/delete/", data={"id": case_id}).status_code == 403
    assert client.post("/admin/mediasi/action/", data={"action": "delete", "rowid": case_id}).status_code == 403
    assert db.session.get(MediationCase, case_id) is not None


@pytest.mark.parametrize("role, visible, hidden", [
    (roles.PIMPINAN, ["pencaker", "mediasi", "angkatan", "keluarga_transmigrasi"], ["pengguna", "audit"]),
    (roles.MEDIATOR, ["mediasi"], ["pencaker", "angkatan", "keluarga_transmigrasi", "pengguna"]),
    (roles.PELATIHAN, ["angkatan", "peserta"], ["pencaker", "mediasi", "pengguna"]),
    (roles.TRANSMIGRASI, ["keluarga_transmigrasi"], ["pencaker", "mediasi", "angkatan"]),
    (roles.BKK, ["pencaker"], ["mediasi", "bkk", "pemesanan", "pengguna", "hari_libur"]),
    (roles.PELAYANAN, ["pencaker", "pemesanan", "hari_layanan", "hari_libur"], ["mediasi", "pengguna", "audit"]),
    (roles.ADMIN, ["pencaker", "mediasi", "pengguna", "audit"], []),
])
def test_menu_shows_only_the_role_s_areas(app, login_as, bkk_factory, role, visible, hidden):
    extra = {"bkk": bkk_factory("20600011")} if role == roles.BKK else {}
    client, _ = login_as(role, **extra)
    page = client.get("/admin/").get_data(as_text=True)
    for endpoint in visible:
        assert f'href="/admin/{endpoint}/"' in page, endpoint
    for endpoint in hidden:
        assert f'href="/admin/{endpoint}/"' not in page, endpoint
