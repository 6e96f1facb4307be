"""App speed as a user feels it: page load after warm-up and a search round-trip, in Chromium.

Starts ``streamlit run app/Home.py`` on 127.0.0.1 (a free port) over a library, drives Debian's
``chromium`` with Playwright, and reports medians:

- **page load (warm)**: ``goto(/Search)`` until the query box is on screen and the script run
  is over, after one warm-up load;
- **search round-trip**: Enter in the query box until the result tabs and cards are drawn, after
  one warm-up search (which loads the model and the indexes);
- **search in-process**: the same ``lib.search`` calls without the app, for the share of the
  round-trip that is the search itself.

Run::

    discovery bench app --home data/library --repeats 5
    python -m discovery.bench.app --home data/library --repeats 5   # the same

Needs the dev extras (``playwright``) and ``/usr/bin/chromium``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from discovery.config import PROJECT_ROOT

APP = PROJECT_ROOT / "app" / "Home.py"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
]
QUERY_LABEL = "Ask in plain language, paste a SMILES, or type a name"
QUERIES = [
    "aspirin",
    "anti-inflammatory drugs that inhibit cyclooxygenase",
    "CC(=O)Nc1ccc(O)cc1",
    "aqueous solubility of aromatic compounds",
    "caffeine",
    "sulfonamide antibiotics",
    "c1ccc2ccccc2c1",
    "gastric bleeding",
]


def chromium_path() -> str | None:
    path = os.environ.get("DISCOVERY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on {url} within {timeout:.0f} s")


def start_server(home: str | Path, log_path: str | Path | None = None, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """``streamlit run app/Home.py`` on 127.0.0.1 with ``DISCOVERY_HOME=home``; returns (process, url)."""
    port = port or free_port()
    env = {**os.environ, "DISCOVERY_HOME": str(home)}
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--client.toolbarMode", "viewer",
    ]
    out = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115 - lives with the process
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
    except RuntimeError:
        proc.kill()
        raise
    return proc, url


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_idle(page, timeout_ms: float = 120_000) -> None:
    """Wait until Streamlit's script run is over (the 'Running…' status widget is gone)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )


def measure(home: str | Path, repeats: int = 5, queries: list[str] | None = None) -> dict:
    """Median page load and search round-trip in seconds (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    chromium = chromium_path()
    if chromium is None:
        raise RuntimeError("no chromium found (apt-get install chromium)")
    queries = list(queries or QUERIES)
    load_before = os.getloadavg()[0]
    proc, url = start_server(home)
    loads: list[float] = []
    searches: list[float] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(180_000)

            def load() -> float:
                t0 = time.perf_counter()
                page.goto(f"{url}/Search")
                page.get_by_label(QUERY_LABEL).wait_for()
                wait_idle(page)
                return time.perf_counter() - t0

            def search(q: str) -> float:
                box = page.get_by_label(QUERY_LABEL)
                box.fill(q)
                t0 = time.perf_counter()
                box.press("Enter")
                page.get_by_text(f"Results for {q}").wait_for()
                page.get_by_role("tab").first.wait_for()
                wait_idle(page)
                return time.perf_counter() - t0

            load()  # warm-up: first script run imports the app and opens the library
            search(queries[-1])  # warm-up: loads the model and the indexes
            for _ in range(repeats):
                loads.append(load())
            for i in range(repeats):
                searches.append(search(queries[i % len(queries)]))
            browser.close()
    finally:
        stop_server(proc)

    # The same searches in-process: how much of the round-trip is the search itself.
    from discovery.library import Library

    lib = Library.open(home, progress=False)
    lib.search(queries[-1])
    backend = []
    for i in range(repeats):
        t0 = time.perf_counter()
        lib.search(queries[i % len(queries)], k=10)
        backend.append(time.perf_counter() - t0)
    stats = lib.stats().get("totals", {})
    lib.close()

    def summary(xs: list[float]) -> dict:
        return {"median_s": round(statistics.median(xs), 3), "min_s": round(min(xs), 3),
                "max_s": round(max(xs), 3), "n": len(xs)}

    return {"page_load": summary(loads), "search_round_trip": summary(searches),
            "search_in_process": summary(backend), "queries": queries[:repeats], "home": str(home),
            "library": {k: stats.get(k) for k in ("molecules", "documents", "measurements")},
            "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", default=os.environ.get("DISCOVERY_HOME") or "data/library",
                        help="library folder (default DISCOVERY_HOME or data/library)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    result = measure(args.home, repeats=args.repeats)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
