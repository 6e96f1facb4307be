"""FAISS indexes: build, persistence, ids = store ids, incremental add, manifests, check report.

A real SQLite library built through the Library facade, real FAISS, real RDKit; the model is the
tiny stand-in of tests/search_support.py (Morgan counts / hashed words through random projections).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from sqlalchemy import select

from discovery.errors import IndexMismatchError
from discovery.index import MODALITIES, build_indexes, check_indexes, choose_factory, load_index, manager, on_ingest
from discovery.index.vectors import store_ids
from discovery.search import search
from discovery.store.models import IndexManifest, Molecule

from search_support import StandInModel, files, lib, model, use_model  # noqa: F401 (fixtures)


def test_build_writes_index_and_manifests_with_store_ids(lib, model):
    report = build_indexes(lib, progress=False)
    assert set(report) == set(MODALITIES)
    index_dir = lib.settings.index_dir
    with lib.session() as s:
        rows = {r.modality: r for r in s.scalars(select(IndexManifest))}
        ids = {m: store_ids(s, m) for m in MODALITIES}
    for m in MODALITIES:
        assert (index_dir / f"{m}.faiss").is_file()
        manifest = json.loads((index_dir / f"{m}.json").read_text())
        assert manifest["modality"] == m
        assert manifest["model_fingerprint"] == model.fingerprint
        assert manifest["factory"] == "Flat"
        assert manifest["count"] == len(ids[m]) > 0
        assert manifest["created"]
        assert rows[m].count == len(ids[m]) and rows[m].model_fingerprint == model.fingerprint
        index = load_index(lib, m)
        assert sorted(index.ids().tolist()) == ids[m].tolist()  # FAISS ids are store primary keys


def test_reopen_from_disk_gives_the_same_vectors(lib, model, monkeypatch):
    build_indexes(lib, ["molecules"], progress=False)
    monkeypatch.setattr(manager, "_CACHE", {})  # force a read from disk
    index = load_index(lib, "molecules")
    with lib.session() as s:
        mid, smiles = s.execute(select(Molecule.id, Molecule.smiles).where(Molecule.name == "aspirin")).one()
    stored = index.index.reconstruct(int(mid))
    np.testing.assert_allclose(stored, model.encode_molecules([smiles])[0], atol=1e-6)
    scores, ids = index.search(model.encode_molecules([smiles]), 3)
    assert ids[0][0] == mid and scores[0][0] == pytest.approx(1.0, abs=1e-5)


def test_ingest_adds_new_rows_incrementally(lib, files, model):
    build_indexes(lib, progress=False)
    before = load_index(lib, "molecules").count
    calls = model.calls["molecules"]
    report = lib.ingest_molecules(files["more_molecules"], smiles_column="smiles", name_column="name")
    assert report.added.get("molecules", 0) == 2
    index = load_index(lib, "molecules")
    assert index.count == before + 2
    # only the new rows were embedded (the facade calls on_ingest; a second call adds nothing)
    assert model.calls["molecules"] - calls == 2
    assert on_ingest(lib, report)["molecules"] == 0
    with lib.session() as s:
        assert sorted(index.ids().tolist()) == store_ids(s, "molecules").tolist()
    assert check_indexes(lib)["ok"]


def test_no_index_means_ingest_loads_no_model(tmp_path, files, monkeypatch):
    from discovery.library import Library

    def boom(self):
        raise AssertionError("the model must not load while no index exists")

    monkeypatch.setattr(Library, "model", property(boom), raising=False)
    monkeypatch.setattr(manager, "_CACHE", {})
    lib = Library.open(tmp_path / "home")
    lib.ingest_molecules(files["molecules"], smiles_column="smiles", name_column="name")
    assert not (lib.settings.index_dir / "molecules.faiss").exists()


def test_manifest_mismatch_refuses_then_rebuilds(lib, files, model, monkeypatch):
    build_indexes(lib, progress=False)
    other = StandInModel("standin-b")
    use_model(monkeypatch, other)
    with pytest.raises(IndexMismatchError, match="discovery index build"):
        lib.search("aspirin", modalities=["molecules"])
    # the stale index is reported, and ingest leaves it alone (never mixes spaces)
    assert not check_indexes(lib)["ok"]
    before = load_index(lib, "molecules").count
    lib.ingest_molecules(files["more_molecules"], smiles_column="smiles", name_column="name")
    assert load_index(lib, "molecules").count == before
    assert "another model" in on_ingest(lib, None)["molecules"]
    res = search(lib, "aspirin", modalities=["molecules"], rebuild=True)
    assert res.hits["molecules"][0].record.name == "aspirin"
    index = load_index(lib, "molecules")
    assert index.manifest.model_fingerprint == other.fingerprint
    report = check_indexes(lib)
    assert report["modalities"]["molecules"]["fingerprint_ok"]
    assert not report["modalities"]["papers"]["fingerprint_ok"]


def test_a_new_text_tower_invalidates_only_the_paper_index(lib, model, monkeypatch):
    """Molecule and experiment-row vectors depend on the molecule fingerprint, papers on the whole model."""
    model.molecule_fingerprint = model.fingerprint        # a model without a text tower: one value
    build_indexes(lib, progress=False)
    tuned = StandInModel("standin-a")                     # same vectors...
    tuned.molecule_fingerprint = model.fingerprint        # ...same molecule space
    tuned.fingerprint = "f" * 64                          # but a text tower was added
    use_model(monkeypatch, tuned)
    report = check_indexes(lib)
    assert report["modalities"]["molecules"]["fingerprint_ok"] and report["modalities"]["experiments"]["fingerprint_ok"]
    assert not report["modalities"]["papers"]["fingerprint_ok"]
    assert lib.search("aspirin", modalities=["molecules"]).hits["molecules"]
    with pytest.raises(IndexMismatchError):
        lib.search("aspirin", modalities=["papers"])
    build_indexes(lib, ["papers"], progress=False)
    assert check_indexes(lib)["ok"]
    assert load_index(lib, "papers").manifest.model_fingerprint == tuned.fingerprint
    assert load_index(lib, "molecules").manifest.model_fingerprint == model.fingerprint


def test_check_reports_missing_and_extra_ids(lib, model):
    build_indexes(lib, progress=False)
    index = load_index(lib, "molecules")
    victim = int(index.ids()[0])
    index.index.remove_ids(np.array([victim], dtype=np.int64))
    index._id_set = None
    index.add([999_999], model.encode_molecules(["CCO"]))
    manager._save(lib, index)
    report = check_indexes(lib)
    entry = report["modalities"]["molecules"]
    assert not report["ok"] and not entry["ok"]
    assert entry["missing"] == 1 and entry["missing_ids"] == [victim]
    assert entry["extra"] == 1 and entry["extra_ids"] == [999_999]
    assert any("not in the index" in m for m in report["messages"])
    build_indexes(lib, ["molecules"], progress=False)
    assert check_indexes(lib)["ok"]


def test_check_without_index_says_what_to_do(lib):
    report = check_indexes(lib)
    assert not report["ok"]
    assert report["modalities"]["molecules"]["exists"] is False
    assert any("discovery index build" in m for m in report["messages"])


def test_factory_choice_and_hnsw_above_threshold(lib, model, monkeypatch):
    assert choose_factory(10) == "Flat"
    assert choose_factory(10**6) == "HNSW32"
    assert choose_factory(10, "HNSW16") == "HNSW16"
    monkeypatch.setenv("DISCOVERY_INDEX_THRESHOLD", "5")
    report = build_indexes(lib, ["molecules"], progress=False)
    assert report["molecules"]["factory"] == "HNSW32"
    index = load_index(lib, "molecules")
    assert "HNSW" in type(__import__("faiss").downcast_index(index.index.index)).__name__
    with lib.session() as s:
        mid, smiles = s.execute(select(Molecule.id, Molecule.smiles).where(Molecule.name == "caffeine")).one()
    _, ids = index.search(model.encode_molecules([smiles]), 1)
    assert ids[0][0] == mid


def test_growing_past_the_threshold_switches_to_hnsw(lib, files, model, monkeypatch):
    build_indexes(lib, ["molecules"], progress=False)
    assert load_index(lib, "molecules").manifest.factory == "Flat"
    monkeypatch.setenv("DISCOVERY_INDEX_THRESHOLD", "13")  # 12 molecules now, 14 after the ingest
    lib.ingest_molecules(files["more_molecules"], smiles_column="smiles", name_column="name")
    index = load_index(lib, "molecules")
    assert index.manifest.factory == "HNSW32" and index.count == 14
