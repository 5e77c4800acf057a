"""The editors' UI: Datasette on the store, driven over HTTP and in headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from unionnews.serve import metadata
from unionnews.store import import_records, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "synthetic_extractions.jsonl"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "store.db"
    db = open_store(path)
    import_records(db, [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines()])
    db.close()
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", "from unionnews.cli import main; main()", "serve",
         "--db", str(path), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ},
    )
    base = f"http://127.0.0.1:{port}/store"
    deadline = time.monotonic() + 30
    while True:
        try:
            _get(base + ".json")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"datasette did not start: {process.stderr.read().decode()[-500:]}")
            time.sleep(0.2)
    yield base, path
    process.terminate()
    process.wait(timeout=10)


def _json(url: str):
    return json.loads(_get(url))


def test_metadata_has_facets_search_and_canned_queries():
    meta = metadata("store")["databases"]["store"]
    details = meta["tables"]["indicator_details"]
    assert set(details["facets"]) == {"org", "metric", "kind", "year", "site"}
    assert details["fts_table"] == "indicators_fts"
    assert "/" in details["columns"]["kind"]  # Vietnamese / English
    assert {"targets_against_results", "latest_per_metric"} <= set(meta["queries"])


def test_table_search_ignores_accents(server):
    base, _ = server
    rows = _json(base + "/indicator_details.json?_shape=array&_search=thoa+uoc")
    assert {r["metric"] for r in rows} == {"cba"} and len(rows) == 2


def test_canned_queries(server):
    base, _ = server
    rows = _json(base + "/targets_against_results.json?_shape=array&federation=laodongthudo")
    hanoi_2024 = [r for r in rows if r["period_from"] == 2024 and r["metric"] == "members_new"]
    assert hanoi_2024 == [{**hanoi_2024[0], "target": 40000, "result": 38900}]
    assert hanoi_2024[0]["completion"] == pytest.approx(0.973, abs=1e-3)
    latest = _json(base + "/latest_per_metric.json?_shape=array&org=ha+noi")
    hanoi = [r for r in latest if r["org"] == "Liên đoàn Lao động thành phố Hà Nội"]
    assert {(r["kind"], r["period_to"]) for r in hanoi} == {("target", 2024), ("achieved", 2024)}
    query = urllib.parse.quote("Công đoàn Thủ đô")  # đ needs the store's folding
    found = _json(base + f"/search_indicators.json?_shape=array&q={query}")
    assert found and all("Công đoàn Thủ đô" in r["sentence"] for r in found)


def test_store_is_served_read_only(server):
    base, _ = server
    sql = urllib.parse.quote("delete from indicators")
    with pytest.raises(urllib.error.HTTPError):
        _get(base + f".json?sql={sql}")


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")),
                    reason="Debian chromium + chromium-driver not installed (make setup)")
def test_search_in_the_browser(server, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    base, _ = server
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.set_page_load_timeout(30)
        driver.get(base + "/indicator_details")
        box = driver.find_element(By.ID, "_search")
        box.send_keys("thoa uoc lao dong tap the")
        box.submit()
        deadline = time.monotonic() + 15
        while "_search=" not in driver.current_url and time.monotonic() < deadline:
            time.sleep(0.1)
        table = driver.find_element(By.CSS_SELECTOR, "table.rows-and-columns").text
        assert "Thoả ước lao động tập thể" in table
        assert "thỏa ước lao động tập thể" in table
        assert "đoàn viên" not in table  # recruitment rows are filtered out
        assert "facet" in driver.page_source  # the facet panel is there
    finally:
        driver.quit()
