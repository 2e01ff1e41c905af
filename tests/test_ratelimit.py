"""The per-address rate limits (ratelimit.py): what is counted, for whom, and what a person sees."""
from __future__ import annotations

import pytest
from flask import Flask

import ratelimit


@pytest.fixture
def small_app():
    """A bare app with two limited views, so the rules are seen apart from the pages they guard."""
    app = Flask(__name__)
    app.config.update(RATELIMIT_STORAGE_URI="memory://", TESTING=True, LIMIT="2 per minute;3 per hour")
    ratelimit.init_app(app)

    @app.route("/a", methods=["GET", "POST"])
    @ratelimit.limit(lambda: app.config["LIMIT"], methods=["POST"])
    def view_a():
        return "a"

    @app.route("/b", methods=["POST"])
    @ratelimit.limit("2 per minute")
    def view_b():
        return "b"

    return app


def test_only_the_named_methods_are_counted_and_each_view_has_its_own_budget(small_app):
    client = small_app.test_client()
    assert [client.get("/a").status_code for _ in range(5)] == [200] * 5
    assert [client.post("/a").status_code for _ in range(3)] == [200, 200, 429]
    assert [client.post("/b").status_code for _ in range(3)] == [200, 200, 429]


def test_each_address_has_its_own_budget(small_app):
    client = small_app.test_client()
    first = [client.post("/a", environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code for _ in range(3)]
    second = [client.post("/a", environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code for _ in range(2)]
    assert (first, second) == ([200, 200, 429], [200, 200])


def test_every_limit_of_a_view_counts_each_request_refused_ones_too(small_app):
    """'2 per minute;3 per hour': the third request is refused by the minute and still counted by
    the hour, so a guesser gains nothing by waiting out the short window."""
    client = small_app.test_client()
    assert [client.post("/a").status_code for _ in range(3)] == [200, 200, 429]
    small_app.config["LIMIT"] = "100 per minute;3 per hour"  # a fresh minute budget, the same hour
    assert client.post("/a").status_code == 429


def test_the_refusal_is_the_app_s_indonesian_page_and_the_view_does_not_run(make_app):
    app = make_app(PUBLIC_POST_LIMIT="1 per minute")
    with app.app_context():
        client = app.test_client()
        client.post("/status", data={"registration_number": "X", "birth_date": "2000-01-01"})
        refused = client.post("/status", data={"registration_number": "X", "birth_date": "2000-01-01"})
        assert refused.status_code == 429
        page = refused.get_data(as_text=True)
        assert "Terlalu banyak permintaan" in page and "Nomor pendaftaran" not in page
        assert not [h for h in refused.headers.keys() if h.lower().startswith(("x-ratelimit", "retry-after"))]


def test_a_limit_setting_that_is_not_a_limit_stops_the_app_from_starting():
    app = Flask(__name__)
    app.config.update(RATELIMIT_STORAGE_URI="memory://", LOGIN_RATE_LIMIT="20 per minit")
    with pytest.raises(RuntimeError, match="LOGIN_RATE_LIMIT"):
        ratelimit.init_app(app)


def test_a_refusal_is_logged_with_the_view_and_without_the_address(small_app, caplog):
    client = small_app.test_client()
    with caplog.at_level("INFO", logger="ratelimit"):
        [client.post("/b", environ_base={"REMOTE_ADDR": "10.9.8.7"}) for _ in range(3)]
    refusals = [r.getMessage() for r in caplog.records if r.name == "ratelimit"]
    assert len(refusals) == 1 and "view_b" in refusals[0] and "10.9.8.7" not in refusals[0]
