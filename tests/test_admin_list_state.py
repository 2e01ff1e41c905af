"""A list's search text and filter values never appear in the staff panel's URLs (admin/list_state.py):
the forms post them, and the list's URLs carry them sealed."""
from __future__ import annotations

import csv
import io
import json
import re
import time
from datetime import date
from html import unescape
from urllib.parse import parse_qs, urlsplit

from domain import roles
from extensions import db


def _people(job_seeker_factory):
    return [job_seeker_factory(full_name=name, sex=sex, birth_date=date(1990, 1, i + 1))
            for i, (name, sex) in enumerate((("Ahmad Fauzi", "L"), ("Bambang Wiryawan", "L"), ("Cicih Suherman", "P"),
                                             ("Wiwin Wiryawati", "P")))]


def _filter_arg(app, name: str, kind: str) -> str:
    view = next(v for v in app.extensions["admin"][0]._views if getattr(v, "endpoint", "") == "pencaker")
    return next(arg for arg, (_, flt) in view._filter_args.items() if flt.name == name and type(flt).__name__ == kind)


def _links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


def test_a_search_posted_from_the_list_is_sealed_in_the_url_and_shows_the_matches(login_as, job_seeker_factory):
    _people(job_seeker_factory)
    client, _ = login_as(roles.PENGANTAR_KERJA)
    answer = client.post("/admin/pencaker/cari/", data={"search": "Wiryawan", "sort": "1", "page": "3"})
    assert answer.status_code == 303
    location = answer.location
    assert "Wiryawan" not in location and "wiryawan" not in location.lower()
    query = parse_qs(urlsplit(location).query)
    assert set(query) == {"cari", "sort"} and query["sort"] == ["1"]  # a new search starts at the first page

    page = client.get(location)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Bambang Wiryawan" in html and "Ahmad Fauzi" not in html and "Cicih Suherman" not in html
    assert 'value="Wiryawan"' in html  # the search box still shows what was typed
    links = [link for link in _links(html) if link.startswith("/admin/pencaker/")]
    assert links and not [link for link in links if "Wiryawan" in link or "search=" in link]
    assert [link for link in links if "cari=" in link]  # sort, pager and export links keep the search


def test_the_export_of_a_searched_list_exports_the_matches_only(login_as, job_seeker_factory):
    _people(job_seeker_factory)
    client, _ = login_as(roles.ADMIN)
    location = client.post("/admin/pencaker/cari/", data={"search": "Wiryaw"}).location
    html = client.get(location).get_data(as_text=True)
    export = next(link for link in _links(html) if "/admin/pencaker/export/csv/" in link)
    assert "cari=" in export and "Wiryaw" not in export
    body = client.get(export).get_data(as_text=True).lstrip("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(body)))
    names = sorted(row[header.index("Nama lengkap")] for row in rows)
    assert names == ["Bambang Wiryawan", "Wiwin Wiryawati"]


def _only_sealed(location: str) -> bool:
    """The address carries the search and filters only inside the sealed token: no plain search or
    filter parameter, and the typed text nowhere outside the token (which, being random
    base64, may by chance contain any short string, such as "flt")."""
    query = parse_qs(urlsplit(location).query)
    outside = [name for name in query if name != "cari"] + [v for name, vs in query.items() if name != "cari" for v in vs]
    return "cari" in query and not any(n == "search" or n.startswith("flt") for n in query) and not any(
        "Wiry" in text for text in outside) and "Wiry" not in urlsplit(location).path


def test_filters_posted_from_the_list_are_sealed_too(app, login_as, job_seeker_factory):
    _people(job_seeker_factory)
    client, _ = login_as(roles.PENGANTAR_KERJA)
    women = _filter_arg(app, "Jenis kelamin", "FilterEqual")
    answer = client.post("/admin/pencaker/cari/", data={f"flt0_{women}": "P", "search": "Wiry"})
    assert answer.status_code == 303 and _only_sealed(answer.location)
    html = client.get(answer.location).get_data(as_text=True)
    assert "Wiwin Wiryawati" in html and "Bambang Wiryawan" not in html
    active = json.loads(unescape(re.search(r'id="active-filters-data"[^>]*>(.*?)</', html, re.S).group(1)))
    assert active and active[0][2] == "P"  # the filter row shows what was chosen


def test_an_address_with_the_search_in_plain_sight_is_sent_to_the_sealed_one(login_as, job_seeker_factory):
    """An old bookmark, or a browser without JavaScript (the forms then send GET)."""
    _people(job_seeker_factory)
    client, _ = login_as(roles.PENGANTAR_KERJA)
    answer = client.get("/admin/pencaker/?search=Wiryawan&page_size=50")
    assert answer.status_code == 303 and "Wiryawan" not in answer.location and "page_size=50" in answer.location
    html = client.get(answer.location).get_data(as_text=True)
    assert "Bambang Wiryawan" in html and "Ahmad Fauzi" not in html
    exported = client.get("/admin/pencaker/export/csv/?search=Wiryawan")
    assert exported.status_code == 303 and exported.location.startswith("/admin/pencaker/export/csv/?cari=")


def test_a_damaged_foreign_or_old_token_shows_the_whole_list_with_a_message(app, login_as, job_seeker_factory):
    from admin import list_state

    _people(job_seeker_factory)
    client, user = login_as(roles.PENGANTAR_KERJA)
    owner = f"{user.id}@pencaker"
    with app.test_request_context():
        payload = json.dumps({"owner": owner, "params": [["search", "Wiryawan"]]}).encode()
        old = list_state._fernet().encrypt_at_time(payload, int(time.time()) - (list_state.TOKEN_HOURS * 3600 + 60))
        app.secret_key, saved = "another key", app.secret_key
        foreign = list_state.seal([("search", "Wiryawan")], owner)
        app.secret_key = saved
    for token in (old.decode(), foreign, "rusak", "é"):
        answer = client.get(f"/admin/pencaker/?cari={token}&sort=1")
        assert answer.status_code == 303 and answer.location == "/admin/pencaker/?sort=1", token
        html = client.get(answer.location).get_data(as_text=True)
        assert "kedaluwarsa" in html and "Ahmad Fauzi" in html and "Bambang Wiryawan" in html


def test_a_token_opens_only_for_the_user_and_the_list_it_was_made_for(login_as, job_seeker_factory):
    """Otherwise anyone given a list's address could read the search back in another list's box."""
    _people(job_seeker_factory)
    admin, _ = login_as(roles.ADMIN)
    location = admin.post("/admin/pencaker/cari/", data={"search": "3604051705010001"}).location
    token = parse_qs(urlsplit(location).query)["cari"][0]
    other_list = admin.get(f"/admin/kecamatan/?cari={token}")
    assert other_list.status_code == 303 and "cari" not in other_list.location
    colleague, _ = login_as(roles.PENGANTAR_KERJA)
    same_list = colleague.get(f"/admin/pencaker/?cari={token}")
    assert same_list.status_code == 303 and same_list.location == "/admin/pencaker/"
    assert "3604051705010001" not in colleague.get("/admin/pencaker/").get_data(as_text=True)


def test_plain_values_added_to_a_sealed_address_are_sealed_with_what_it_held(app, login_as, job_seeker_factory):
    _people(job_seeker_factory)
    client, _ = login_as(roles.PENGANTAR_KERJA)
    location = client.post("/admin/pencaker/cari/", data={"search": "Wiry"}).location
    women = _filter_arg(app, "Jenis kelamin", "FilterEqual")
    answer = client.get(f"{location}&flt0_{women}=P")
    assert answer.status_code == 303 and _only_sealed(answer.location)
    html = client.get(answer.location).get_data(as_text=True)
    assert "Wiwin Wiryawati" in html and "Bambang Wiryawan" not in html and "Cicih Suherman" not in html


def test_a_search_too_long_for_an_address_is_refused_with_a_message(login_as, job_seeker_factory):
    _people(job_seeker_factory)
    client, _ = login_as(roles.PENGANTAR_KERJA)
    answer = client.post("/admin/pencaker/cari/", data={"search": "W" * 201, "sort": "1"})
    assert answer.status_code == 303 and answer.location == "/admin/pencaker/?sort=1"
    assert "terlalu panjang" in client.get(answer.location).get_data(as_text=True)
    assert "cari=" in client.post("/admin/pencaker/cari/", data={"search": "W" * 200}).location


def test_an_invalid_filter_value_is_not_repeated_in_the_message_kept_in_the_session_cookie(app, login_as,
                                                                                         job_seeker_factory):
    _people(job_seeker_factory)
    client, _ = login_as(roles.ADMIN)
    registered = _filter_arg(app, "Tgl. daftar", "DateEqualFilter")
    location = client.post("/admin/pencaker/cari/", data={f"flt0_{registered}": "3604051705010001"}).location
    export = client.get(location.replace("/admin/pencaker/", "/admin/pencaker/export/csv/"))
    assert export.status_code == 200
    session = app.session_interface.get_signing_serializer(app).loads(client.get_cookie("session").value)
    assert session.get("_flashes") and "3604051705010001" not in json.dumps(session)
    page = client.get(location).get_data(as_text=True)
    assert "tidak sah" in page and "3604051705010001" not in page.split("table")[0]


def test_the_search_post_needs_the_csrf_token_the_list_page_gives(make_app, make_user):
    from tests.conftest import PASSWORD

    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = make_user(roles.PENGANTAR_KERJA)
        client = app.test_client()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          client.get("/masuk").get_data(as_text=True)).group(1)
        assert client.post("/masuk", data={"username": user.username, "password": PASSWORD,
                                           "csrf_token": token}).status_code == 302
        assert client.post("/admin/pencaker/cari/", data={"search": "Wiryawan"}).status_code == 400
        html = client.get("/admin/pencaker/").get_data(as_text=True)
        state = re.search(r'id="list-state" hidden data-action="([^"]+)"\s+data-csrf="([^"]+)"', html)
        assert state and state.group(1) == "/admin/pencaker/cari/"
        assert 'src="/static/js/admin-list-state.js"' in html
        answer = client.post(state.group(1), data={"search": "Wiryawan", "csrf_token": state.group(2)})
        assert answer.status_code == 303 and "cari=" in answer.location


def test_roles_without_the_list_cannot_post_a_search(login_as):
    client, _ = login_as(roles.MEDIATOR)
    assert client.post("/admin/pencaker/cari/", data={"search": "x"}).status_code == 403


def test_a_nik_searched_as_written_on_a_ktp_finds_the_person(login_as, job_seeker_factory):
    person = job_seeker_factory(full_name="Asep Saepudin", sex="L", nik="3604051705010001")
    job_seeker_factory(full_name="Orang Lain", sex="P")
    client, _ = login_as(roles.ADMIN)
    for typed in ("3604.0517.0501.0001", "3604-0517-0501-0001", "3604 0517 0501 0001"):
        location = client.post("/admin/pencaker/cari/", data={"search": typed}).location
        html = client.get(location).get_data(as_text=True)
        assert person.registration_number in html and "Orang Lain" not in html, typed
