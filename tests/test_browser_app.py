"""End-to-end: `streamlit run app/Home.py` on 127.0.0.1 driven by a real headless Chromium.

Performs a search and a generation through the real UI, asserts what is shown and saves the
screenshots under docs/screenshots/ (the user guide shows them). Skipped when Debian's chromium,
Python Playwright or the committed models are missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app_support import APP_DIR, build_library, missing_models, write_fixture_files

pytestmark = pytest.mark.browser

ROOT = APP_DIR.parent
SHOTS = Path(os.environ.get("DISCOVERY_SCREENSHOTS") or ROOT / "docs" / "screenshots")
CHROMIUM = os.environ.get("DISCOVERY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
]
SLOW = 120_000  # ms: model loading and generation on 2 shared cores


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on {url} within {timeout:.0f} s")


def start_server(home: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run app/Home.py` on a free port of 127.0.0.1 with DISCOVERY_HOME=home."""
    port = free_port()
    env = {**os.environ, "DISCOVERY_HOME": str(home)}
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP_DIR / "Home.py"),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]
    log = log_path.open("w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
    except RuntimeError:
        proc.kill()
        raise
    return proc, url


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    why = missing_models("align", "decoder")
    if why:
        pytest.skip(why)
    root = tmp_path_factory.mktemp("browser")
    build_library(root / "home", write_fixture_files(root / "inputs")).close()
    proc, url = start_server(root / "home", root / "streamlit.log")
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(SLOW)
            yield page, url
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)  # let the last delta paint
    page.screenshot(path=str(SHOTS / name), full_page=True)


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, "a traceback is shown"


def test_home_and_search_in_a_real_browser(browser_page):
    page, url = browser_page
    page.goto(url)
    page.get_by_text("Your library").wait_for()
    page.get_by_test_id("stMetricValue").first.wait_for()
    no_exception(page)
    shot(page, "home.png")

    page.goto(f"{url}/Search")
    box = page.get_by_label("Ask in plain language, paste a SMILES, or type a name")
    box.fill("aspirin")
    box.press("Enter")
    page.get_by_text("1. aspirin", exact=True).wait_for()
    tabs = page.get_by_role("tab")
    labels = [tabs.nth(i).inner_text() for i in range(tabs.count())]
    assert [lab.split(" (")[0] for lab in labels] == ["Molecules", "Papers", "Experiments"], labels
    assert all(not lab.endswith("(0)") for lab in labels), labels
    assert page.locator("img.mol").count() > 0, "no structure depiction"
    no_exception(page)
    shot(page, "search.png")

    tabs.nth(1).click()
    page.locator("mark.chem").first.wait_for()
    no_exception(page)
    shot(page, "search-papers.png")


def test_generation_in_a_real_browser(browser_page):
    page, url = browser_page
    page.goto(f"{url}/Generate")
    goal = page.get_by_label("Goal")
    goal.fill("MW below 300, logP between 0 and 3, contains a carboxylic acid")
    page.get_by_role("button", name="Read the goal").click()
    page.get_by_text("Understood", exact=False).first.wait_for()
    candidates = page.get_by_label("Candidates")
    candidates.fill("3")
    candidates.press("Enter")
    budget = page.get_by_label("Budget (molecules scored, 0 = default)")
    budget.fill("200")
    budget.press("Enter")
    page.get_by_role("button", name="Generate").click()
    page.locator("h3", has_text="candidate").wait_for()
    assert page.get_by_text("✅").count() + page.get_by_text("❌").count() > 0, "no checklist"
    assert page.locator("img.mol").count() > 0, "no candidate depiction"
    no_exception(page)
    shot(page, "generate.png")
