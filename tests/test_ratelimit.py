"""The per-address rate limits (ratelimit.py): what is counted, for whom, and what a person sees."""
from __future__ import annotations

import pytest
from flask import Flask
from limits.errors import StorageError

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


UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


def test_an_unreachable_shared_store_does_not_stop_the_public_pages_and_the_limits_still_hold(make_app, caplog):
    """Redis down: the lookup is answered as usual (not a server error), this process counts the
    requests itself, so the limit still refuses the second one, and a warning says so once."""
    app = make_app(RATELIMIT_STORAGE_URI=UNREACHABLE_REDIS, PUBLIC_POST_LIMIT="1 per minute")
    with app.app_context(), caplog.at_level("WARNING", logger="ratelimit"):
        client = app.test_client()
        form = {"registration_number": "AK1-3604-2026-000001", "birth_date": "2000-01-01"}
        first = client.post("/status", data=form)
        second = client.post("/status", data=form)
    assert first.status_code == 200
    assert "Terlalu banyak permintaan" not in first.get_data(as_text=True)
    assert second.status_code == 429
    warnings = [r.getMessage() for r in caplog.records if r.name == "ratelimit" and r.levelname == "WARNING"]
    assert len(warnings) == 1 and "ConnectionError" in warnings[0]


class _SharedLimiter:
    """Stands in for the shared store's limiter: unreachable while `down`, and counts its calls."""

    def __init__(self):
        self.down, self.calls = True, 0

    def hit(self, item, *identifiers):
        self.calls += 1
        if self.down:
            raise StorageError(ConnectionError("refused"))
        return True


def test_the_shared_store_is_tried_again_only_after_the_retry_time(monkeypatch):
    from limits import parse

    limiter = ratelimit.StoreWithFallback(ratelimit.storage_for(UNREACHABLE_REDIS), retry_seconds=30)
    shared = limiter.shared = _SharedLimiter()
    clock = {"now": 1000.0}
    monkeypatch.setattr(ratelimit.time, "monotonic", lambda: clock["now"])
    item = parse("2 per minute")
    assert [limiter.hit(item, "view", "10.0.0.1") for _ in range(3)] == [True, True, False]  # counted here
    assert shared.calls == 1  # tried once, then left alone
    clock["now"] += 29
    limiter.hit(item, "view", "10.0.0.1")
    assert shared.calls == 1
    shared.down = False
    clock["now"] += 2  # the retry time has passed: the shared store counts again
    assert limiter.hit(item, "view", "10.0.0.1") is True
    assert shared.calls == 2


def test_with_per_process_counters_a_store_error_is_not_hidden():
    """memory:// has no other store to fall back to (and cannot be unreachable)."""
    limiter = ratelimit.StoreWithFallback(ratelimit.storage_for("memory://"))
    assert limiter.local is None
    limiter.shared = _SharedLimiter()
    with pytest.raises(StorageError):
        limiter.hit(None, "view", "10.0.0.1")
