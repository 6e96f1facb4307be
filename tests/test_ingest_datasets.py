"""Real shared datasets (skipped without DISCOVERY_DATASETS): a small table and a small paper corpus
through the demo path, twice (the second run changes nothing)."""

from __future__ import annotations

import os

import pytest

from discovery import Library
from discovery.ingest import datasets
from foundation_support import counts

pytestmark = [
    pytest.mark.datasets,
    pytest.mark.skipif(not os.environ.get("DISCOVERY_DATASETS"), reason="DISCOVERY_DATASETS is not set"),
]


def test_demo_path_with_freesolv_and_bc5cdr_test(tmp_path, monkeypatch):
    # the demo machinery with a short plan (the full demo takes minutes: see docs/bench/ingest.md)
    monkeypatch.setattr(datasets, "demo_plan", lambda root=None: (["freesolv", "bc5cdr-test"], "two datasets"))
    lib = Library.open(tmp_path / "lib", progress=False)
    result = lib.build_demo()
    assert result["mode"] == "datasets" and set(result["datasets"]) == {"freesolv", "bc5cdr-test"}
    fs = result["datasets"]["freesolv"]
    assert fs["rows"] == 642 and fs["ok"] + fs["bad"] == 642 and fs["ok"] > 630
    assert fs["added"]["measurements"] == fs["ok"]
    cdr = result["datasets"]["bc5cdr-test"]
    assert cdr["ok"] == 500 and cdr["added"]["documents"] == 500 and cdr["added"]["links"] > 2000
    st = lib.stats()
    by_name = {s["name"]: s for s in st["sources"]}
    assert by_name["freesolv"]["measurements"] == fs["ok"] and by_name["bc5cdr-test"]["documents"] == 500
    # FreeSolv names (IUPAC) resolve some BC5CDR chemical mentions
    assert st["totals"]["resolved_links"] > 0
    before = counts(lib)
    again = lib.build_demo()
    assert all(d["skipped_duplicate_source"] for d in again["datasets"].values())
    assert counts(lib) == before
