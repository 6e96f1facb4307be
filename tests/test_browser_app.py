"""End-to-end: `streamlit run app/Home.py` on 127.0.0.1 driven by a real headless Chromium.

Performs a search and a generation through the real UI, asserts what is shown and saves
screenshots (docs/screenshots/ when DISCOVERY_SCREENSHOTS says so; the user guide shows them). Skipped when Debian's chromium
or Python Playwright is missing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from app_support import APP_DIR, build_library, model_for_tests, write_fixture_files
from discovery.bench.app import CHROMIUM_ARGS, chromium_path, start_server, stop_server, wait_idle

pytestmark = pytest.mark.browser

ROOT = APP_DIR.parent
# Screenshots go to a throw-away folder unless DISCOVERY_SCREENSHOTS names one, so that a plain
# `make test` never rewrites the committed pictures. Refresh them with
# `DISCOVERY_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/test_browser_app.py`.
SHOTS = Path(
    os.environ.get("DISCOVERY_SCREENSHOTS")
    or Path(os.environ.get("TMPDIR", "/tmp")) / "discovery-screenshots"
)
SLOW = 120_000  # ms: model loading and generation on 2 shared cores


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    chromium = chromium_path()
    if chromium is None:
        pytest.skip("no chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    root = tmp_path_factory.mktemp("browser")
    model = model_for_tests(root / "model")
    with pytest.MonkeyPatch.context() as mp:  # the server inherits the environment
        mp.setenv("DISCOVERY_MODEL", str(model))
        mp.setenv("DISCOVERY_HOME", str(root / "home"))
        build_library(root / "home", write_fixture_files(root / "inputs")).close()
        proc, url = start_server(root / "home", root / "streamlit.log")
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(SLOW)
            outside: list[str] = []  # the app must work offline: nothing leaves 127.0.0.1
            page.on("request", lambda r: outside.append(r.url)
                    if not r.url.startswith((url, "data:", "blob:", "about:")) else None)
            page.outside_requests = outside
            yield page, url
            browser.close()
    finally:
        stop_server(proc)


def shot(page, name: str, height: int = 1000) -> None:
    """Save a screenshot; the app scrolls inside its main block, so a taller window shows more."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    wait_idle(page)
    page.set_viewport_size({"width": 1400, "height": height})
    page.wait_for_timeout(1000)  # let the last deltas, the charts and the resize paint
    page.screenshot(path=str(SHOTS / name))
    page.set_viewport_size({"width": 1400, "height": 1000})


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
    wait_idle(page)
    tabs = page.get_by_role("tab")
    labels = [tabs.nth(i).inner_text() for i in range(tabs.count())]
    assert [lab.split(" (")[0] for lab in labels] == ["Molecules", "Papers", "Experiments"], labels
    assert all(not lab.endswith("(0)") for lab in labels), labels
    assert page.locator("img.mol").count() > 0, "no structure depiction"
    no_exception(page)
    shot(page, "search.png", 1500)

    tabs.nth(1).click()
    page.locator("mark.chem").first.wait_for()
    no_exception(page)
    shot(page, "search-papers.png", 1300)


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
    page.locator("h3", has_text=re.compile(r"^[1-9]\d* candidates?$")).wait_for()
    wait_idle(page)
    checks = page.locator("li", has_text=re.compile(r"\b(pass|fail)\b"))
    assert checks.count() > 0, "no checklist"
    # the candidate cards stream in after the heading and checklists: wait for a depiction
    page.locator("img.mol").first.wait_for(timeout=30_000)
    assert page.locator("img.mol").count() > 0, "no candidate depiction"
    no_exception(page)
    shot(page, "generate.png", 1900)
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.locator("h3", has_text=re.compile(r"candidates?$")).scroll_into_view_if_needed()
    page.mouse.move(800, 600)
    page.mouse.wheel(0, 700)  # past the window charts to the candidate cards
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / "generate-candidates.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_library_and_model_pages_in_a_real_browser(browser_page):
    page, url = browser_page
    page.goto(f"{url}/Library")
    page.get_by_text("Add a file").wait_for()
    page.get_by_text("Index", exact=True).wait_for()
    no_exception(page)
    shot(page, "library.png", 1100)
    page.goto(f"{url}/Model")
    page.get_by_text("Model cards", exact=True).wait_for()
    no_exception(page)
    shot(page, "model.png")


def test_the_app_makes_no_outside_requests(browser_page):
    page, url = browser_page
    page.goto(f"{url}/Search")
    page.get_by_text("Draw a structure").click()  # the structure editor's JS is bundled
    # JSME builds its drawing area inside the component's wrapper from the bundled scripts alone
    page.locator('#jsme_wrapper div[id^="jsme_inner_"] *').first.wait_for(timeout=SLOW)
    page.wait_for_timeout(1500)
    assert page.outside_requests == [], page.outside_requests
