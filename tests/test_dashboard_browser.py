"""The dashboard in headless Chromium with the demo office: every chart is drawn by the bundled
Chart.js, no script comes from the internet, and screenshots (laptop and projector sizes) are kept in
test-artifacts/ for a person to look at."""
from __future__ import annotations

from urllib.parse import urlparse

from domain import roles
from tests.conftest import PASSWORD
from tests.test_browser import ARTIFACTS, browser, live_server, pytestmark  # noqa: F401 (fixtures, markers)


def _login(page, base, username):
    page.goto(f"{base}/admin/")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def test_pimpinan_dashboard_draws_every_chart_from_local_assets(app, live_server, browser, make_user):
    import demo_data

    demo_data.fill(job_seekers=160, seed=7)
    make_user(roles.PIMPINAN, username="kadis", full_name="Dr. Hj. Şükriye Çağlar, M.Si.")
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1366, "height": 800}, locale="id-ID")
    scripts, errors = [], []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    _login(page, live_server, "kadis")
    page.wait_for_function("typeof Chart !== 'undefined'")
    canvases = page.eval_on_selector_all("canvas[id^=chart-]", "els => els.map(e => e.id)")
    assert set(canvases) == {"chart-monthly", "chart-sex", "chart-daily", "chart-placements", "chart-kecamatan",
                             "chart-education", "chart-age", "chart-training", "chart-transmigration"}
    drawn = page.evaluate("""ids => ids.map(id => {
        const chart = Chart.getChart(document.getElementById(id));
        return chart ? chart.data.datasets.reduce((n, d) => n + d.data.reduce((a, b) => a + b, 0), 0) : -1; })""",
                          canvases)
    assert all(total > 0 for total in drawn), dict(zip(canvases, drawn))
    assert errors == []
    assert all(urlparse(u).hostname == "127.0.0.1" for u in scripts), scripts
    assert any(u.endswith("/static/vendor/chartjs/chart.umd.min.js") for u in scripts)
    page.screenshot(path=str(ARTIFACTS / "dashboard-pimpinan.png"), full_page=True)
    # a projector: 1024×768, the first screen
    page.set_viewport_size({"width": 1024, "height": 768})
    page.reload()
    page.wait_for_function("typeof Chart !== 'undefined' && Chart.getChart(document.getElementById('chart-monthly'))")
    page.screenshot(path=str(ARTIFACTS / "dashboard-pimpinan-projector.png"))
    page.locator("#chart-kecamatan").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "dashboard-pimpinan-projector-kecamatan.png"))

    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_server}/admin/laporan/lihat?laporan=ipk")
    assert "IPK III/1" in page.content()
    page.screenshot(path=str(ARTIFACTS / "laporan-ipk.png"), full_page=True)
    with page.expect_download() as download:
        page.click("button:has-text('Unduh XLSX')")
    assert download.value.suggested_filename.startswith("laporan-ipk-") and \
        download.value.suggested_filename.endswith(".xlsx")


def test_mediator_home_page_in_the_browser(app, live_server, browser, make_user):
    import demo_data

    demo_data.fill(job_seekers=20, seed=3)
    make_user(roles.MEDIATOR, username="mediator1")
    page = browser.new_page(viewport={"width": 1366, "height": 800}, locale="id-ID")
    _login(page, live_server, "mediator1")
    text = page.inner_text("body")
    assert "Mediasi hubungan industrial" in text and "Pencari kerja (AK-1)" not in text
    page.screenshot(path=str(ARTIFACTS / "dashboard-mediator.png"), full_page=True)
