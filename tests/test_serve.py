"""The editors' UI: Datasette on the store, driven over HTTP and in headless Chromium.

The browser tests also save screenshots to bench/results/ui/ so a reader can see the pages.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from unionnews.cli import cli
from unionnews.serve import metadata
from unionnews.store import import_records, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "synthetic_extractions.jsonl"
SCREENSHOTS = Path(__file__).parent.parent / "bench" / "results" / "ui"
TOKEN = "editors-secret-for-tests"


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _json(url: str):
    return json.loads(_get(url))


def _fill(path: Path) -> Path:
    db = open_store(path)
    import_records(db, [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines()])
    db.close()
    return path


class Served:
    """`unionnews serve` in a child process, as a user runs it; the port is the one it
    reports for --port 0."""

    def __init__(self, path: Path, *extra: str, env: dict | None = None):
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from unionnews.cli import main; main()", "serve",
             "--db", str(path), "--port", "0", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **(env or {})})
        line = self.process.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/(\w+)", line)
        if not found:
            self.stop()
            pytest.fail(f"serve printed no address: {line}{self.process.stderr.read()[-500:]}")
        self.port, self.root = int(found[1]), f"http://127.0.0.1:{found[1]}"
        self.base = f"{self.root}/{found[2]}"
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(self.base + ".json")
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail("datasette did not start")
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.process.stderr.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = _fill(tmp_path_factory.mktemp("serve") / "store.db")
    served = Served(path, env={"UNIONNEWS_EDITOR_TOKEN": TOKEN})
    yield served, path
    served.stop()


def test_metadata_has_facets_search_and_canned_queries():
    meta = metadata("store")["databases"]["store"]
    details = meta["tables"]["indicator_details"]
    assert set(details["facets"]) == {"org", "metric", "kind", "year", "site", "status"}
    assert details["fts_table"] == "indicators_fts"
    assert "columns" not in details  # the glossary is behind a link on the home page
    assert "thỏa ước lao động tập thể" in metadata("store")["description_html"].casefold()
    assert "latest_per_metric" in meta["queries"]
    # completion is computed in one place (unionnews.promises), never again in SQL
    assert not any("completion" in q["sql"] for q in meta["queries"].values())


def test_table_search_ignores_accents_and_accepts_any_text(server):
    served, _ = server
    rows = _json(served.base + "/indicator_details.json?_shape=array&_search=thoa+uoc")
    assert {r["metric"] for r in rows} == {"cba"} and len(rows) == 2
    thu_do = urllib.parse.quote("Công đoàn Thủ đô")  # đ needs the store's folding
    rows = _json(served.base + f"/indicator_details.json?_shape=array&_search={thu_do}")
    assert rows and all("Công đoàn Thủ đô" in r["sentence"] for r in rows)
    for text in ('"', "NEAR(", "a OR", "-", "*"):
        url = served.base + "/indicator_details.json?_shape=array&_search=" + \
            urllib.parse.quote(text)
        assert isinstance(_json(url), list), text


def test_values_render_as_vietnamese_figures(server):
    served, _ = server
    page = _get(served.base + "/indicator_details?_search=ket+thuc+nam+2019")
    assert "29.640 đoàn viên" in page and "29640.0" not in page
    assert "Phát triển đoàn viên" in page and "đã xác nhận" in page


def test_the_promise_tracker_page_matches_the_command(server):
    served, path = server
    page = _get(served.root + "/-/promises?body=laodongthudo")
    command = CliRunner().invoke(cli, ["promises", "laodongthudo", "--db", str(path)]).stdout
    for percent in re.findall(r"\d+,\d %", command):
        assert percent in page
    assert "97,3 %" in page and "chưa đạt" in page


def test_store_is_served_read_only_and_anonymous_reviews_are_refused(server):
    served, path = server
    sql = urllib.parse.quote("delete from indicators")
    with pytest.raises(urllib.error.HTTPError):
        _get(served.base + f".json?sql={sql}")
    request = urllib.request.Request(served.root + "/-/review", method="POST",
                                     data=b"figure_id=1&verdict=rejected")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    assert open_store(path).execute("select count(*) from reviews").fetchone()[0] == 0


def test_stopping_serve_stops_the_server_and_a_snapshot_is_left_untouched(tmp_path):
    path = _fill(tmp_path / "snapshot.db")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    served = Served(path, "--immutable")
    assert _json(served.base + "/indicators.json?_shape=array&_size=1")
    served.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", served.port), timeout=2)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("command", [["search", "x"], ["timeline", "laodongthudo"],
                                     ["promises", "laodongthudo"], ["review", "--queue"],
                                     ["serve", "--port", "0"], ["export-gold"]])
def test_read_only_commands_never_create_or_change_a_file(tmp_path, command):
    empty = tmp_path / "empty.db"
    empty.touch()
    missing = tmp_path / "missing.db"
    for path in (empty, missing):
        result = CliRunner().invoke(cli, [*command, "--db", str(path)])
        assert result.exit_code == 2 and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]
    assert empty.stat().st_size == 0


def test_read_only_commands_leave_a_store_exactly_as_it_was(tmp_path):
    path = _fill(tmp_path / "store.db")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for command in (["search", "doan vien"], ["timeline", "laodongthudo"],
                    ["promises", "laodongthudo"], ["review", "--queue"], ["review", "1"]):
        result = CliRunner().invoke(cli, [*command, "--db", str(path)])
        assert result.exit_code == 0, (command, result.output)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# --- in the browser --------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("chromedriver")),
    reason="Debian chromium + chromium-driver not installed (make setup)")


@pytest.fixture()
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _shot(driver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def _wait_for(driver, fragment: str) -> None:
    deadline = time.monotonic() + 15
    while fragment not in driver.current_url and time.monotonic() < deadline:
        time.sleep(0.1)


def _click_and_wait(driver, selector: str) -> None:
    """Click a form's button and wait until the page it leads to has replaced this one."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).click()

    def replaced(d) -> bool:
        # mid-navigation ChromeDriver may report the old page's node as "not in the
        # document" instead of stale: either way the page is being replaced
        try:
            return expected_conditions.staleness_of(page)(d)
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc):
                return True
            raise

    WebDriverWait(driver, 15).until(replaced)


def _wait_for_element(driver, element_id: str) -> list:
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + 15
    while not (found := driver.find_elements(By.ID, element_id)) \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


@needs_chromium
def test_search_in_the_browser(server, browser):
    from selenium.webdriver.common.by import By

    served, _ = server
    browser.get(served.root + "/")
    assert "Hàng chờ kiểm tra" in browser.page_source
    _shot(browser, "home")
    browser.get(served.base + "/indicator_details")
    box = browser.find_element(By.ID, "_search")
    box.send_keys("thoa uoc lao dong tap the")
    box.submit()
    _wait_for(browser, "_search=")
    table = browser.find_element(By.CSS_SELECTOR, "table.rows-and-columns").text
    assert "Thoả ước lao động tập thể" in table
    assert "thỏa ước lao động tập thể" in table
    assert "Phát triển đoàn viên" not in table  # recruitment rows are filtered out
    assert "facet" in browser.page_source  # the facet panel is there
    facets = browser.find_element(By.CSS_SELECTOR, ".facet-results").text
    assert "Thỏa ước lao động tập thể" in facets and "Kết quả" in facets  # not cba, achieved
    _shot(browser, "figures_search")
    browser.get(served.root + "/-/promises?body=laodongthudo")
    _shot(browser, "promises")


@needs_chromium
def test_an_anonymous_review_is_refused_in_the_browser(server, browser):
    from selenium.webdriver.common.by import By

    served, path = server
    browser.get(served.root + "/-/figure/1")
    browser.find_element(By.ID, "review-reject").click()
    assert _wait_for_element(browser, "refused")
    _shot(browser, "anonymous_refused")
    assert open_store(path).execute("select count(*) from reviews").fetchone()[0] == 0


@needs_chromium
def test_an_editor_review_stays_after_reprocessing(tmp_path, browser):
    from selenium.webdriver.common.by import By

    path = _fill(tmp_path / "store.db")
    db = open_store(path)
    figure_id = db.execute("select id from indicators where text = '29.640 đoàn viên'"
                           ).fetchone()[0]
    with db.conn:  # as the extractor leaves them until an editor confirms them
        db.execute("update indicators set status = 'check'")
    db.close()
    served = Served(path, env={"UNIONNEWS_EDITOR_TOKEN": TOKEN})
    try:
        browser.get(served.root + "/-/editor-login")
        browser.find_element(By.ID, "editor-name").send_keys("Lan")
        browser.find_element(By.ID, "editor-token").send_keys(TOKEN)
        browser.find_element(By.ID, "editor-login").click()
        _wait_for(browser, "review-queue")
        _shot(browser, "review_queue")
        first = browser.find_element(By.CSS_SELECTOR, "tbody tr td a").text
        _click_and_wait(browser, "tbody tr button[value=ok]")
        assert first not in [a.text for a in
                             browser.find_elements(By.CSS_SELECTOR, "tbody tr td:first-child a")]
        browser.get(served.root + f"/-/figure/{figure_id}")
        browser.find_element(By.CSS_SELECTOR, "form.review summary").click()
        browser.find_element(By.NAME, "value").send_keys("29.650")
        _click_and_wait(browser, "#review-correct")
        assert "đã sửa — Lan" in browser.find_element(By.ID, "review-state").text
        result = CliRunner().invoke(cli, ["extract", "--reprocess", "--backend", "rules",
                                          "--db", str(path)])
        assert result.exit_code == 0, result.output
        browser.get(served.root + f"/-/figure/{figure_id}")
        assert "29.650 đoàn viên" in browser.find_element(By.ID, "figure-value").text
        assert "đã sửa — Lan" in browser.find_element(By.ID, "review-state").text
        _shot(browser, "figure_reviewed_after_reprocess")
    finally:
        served.stop()


def test_invented_replica_data_is_marked_on_every_page(tmp_path):
    from crawler.replica.pages import replica_articles
    from unionnews.store import Article, upsert_article

    written = next(a for a in replica_articles() if a.origin == "written-for-replica")
    path = _fill(tmp_path / "replica.db")
    db = open_store(path)
    upsert_article(db, Article(url="https://laodongthudo.vn" + written.path,
                               site=written.site, title=written.title, body=written.body))
    db.close()
    served = Served(path, "--immutable")
    try:
        for url in (served.root + "/", served.base + "/indicator_details",
                    served.base + "/latest_per_metric?org="):
            assert "Dữ liệu giả lập" in _get(url), url
    finally:
        served.stop()


def test_each_body_links_to_its_promise_tracker(server):
    served, _ = server
    hanoi = urllib.parse.quote("Liên đoàn Lao động thành phố Hà Nội")
    page = _get(served.base + f"/organisations?name={hanoi}")
    assert "/-/promises?body=Li%C3%AAn+%C4%91o%C3%A0n+Lao+%C4%91%E1%BB%99ng" in page


def test_immutable_serves_a_snapshot_in_a_read_only_folder(tmp_path):
    import tempfile

    # Root may write anywhere, so as root the server runs as nobody (setpriv).
    as_user: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: a read-only folder cannot be made")
        as_user = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        if subprocess.run([*as_user, sys.executable, "-c", "import unionnews.cli"],
                          env=env, capture_output=True).returncode != 0:
            pytest.skip("nobody cannot read this checkout: a read-only folder cannot be made")
    folder = Path(tempfile.mkdtemp(prefix="unionnews-snapshot-"))
    try:
        snapshot = folder / "snap" / "store.db"
        snapshot.parent.mkdir()
        _fill(tmp_path / "store.db")
        snapshot.write_bytes((tmp_path / "store.db").read_bytes())
        snapshot.chmod(0o444)
        snapshot.parent.chmod(0o555)
        folder.chmod(0o755)
        process = subprocess.Popen(
            [*as_user, sys.executable, "-c", "from unionnews.cli import main; main()",
             "serve", "--db", str(snapshot), "--port", "0", "--immutable"],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        try:
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stderr.readline())
            assert found, process.stderr.read()
            deadline = time.monotonic() + 30
            while True:
                try:
                    rows = _json(f"http://127.0.0.1:{found[1]}/store/indicators.json"
                                 "?_shape=array&_size=1")
                    break
                except OSError:
                    assert time.monotonic() < deadline and process.poll() is None
                    time.sleep(0.2)
            assert len(rows) == 1
        finally:
            process.terminate()
            process.wait(timeout=15)
            process.stderr.close()
        assert sorted(p.name for p in snapshot.parent.iterdir()) == ["store.db"]
    finally:
        (folder / "snap").chmod(0o755)
        shutil.rmtree(folder)
