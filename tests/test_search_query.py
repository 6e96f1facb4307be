"""Cross-modal search: query kinds, filters, lexical + dense fusion, related items, messages.

Real SQLite library (built through the Library facade), real FAISS, real RDKit; the model is the
tests-only stand-in of tests/search_support.py.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from discovery.errors import DiscoveryError
from discovery.index import build_indexes
from discovery.search import Hit, SearchResults, _fuse, search
from discovery.store.models import Molecule

from search_support import StandInModel, files, lib, model, use_model  # noqa: F401 (fixtures)

ASPIRIN = "CC(=O)Oc1ccccc1C(=O)O"


def _names(hits: list[Hit]) -> list[str]:
    return [h.record.name for h in hits]


def _mol_id(lib, name: str) -> int:
    with lib.session() as s:
        return s.scalar(select(Molecule.id).where(Molecule.name == name))


@pytest.fixture()
def indexed(lib):
    build_indexes(lib, progress=False)
    return lib


def test_smiles_is_detected_and_finds_the_molecule(indexed):
    res = indexed.search(ASPIRIN, modalities=["molecules"], k=3)
    assert isinstance(res, SearchResults)
    assert res.query_kind == "smiles"
    top = res.hits["molecules"][0]
    assert top.record.name == "aspirin" and top.score == pytest.approx(1.0, abs=1e-4)
    assert top.modality == "molecules" and top.id == top.record.id


def test_bad_smiles_falls_back_to_text_with_a_message(indexed):
    res = search(indexed, "C1CC(=O", modalities=["molecules"])
    assert res.query_kind == "text"
    assert any("cannot read" in m for m in res.messages)


def test_molecule_id_and_known_name(indexed):
    mid = _mol_id(indexed, "caffeine")
    for q in (f"mol:{mid}", f"#{mid}"):
        res = search(indexed, q, modalities=["molecules"], k=2)
        assert res.query_kind == "molecule"
        assert res.hits["molecules"][0].id == mid
    res = search(indexed, "Ibuprofen", k=3)
    assert res.query_kind == "molecule"
    assert res.hits["molecules"][0].record.name == "ibuprofen"
    # the paper linked to ibuprofen comes first among papers (link + words + structure fused)
    assert res.hits["papers"][0].record.pmid == "1002"
    assert "linked" in res.hits["papers"][0].why
    with pytest.raises(DiscoveryError, match="no molecule with id"):
        search(indexed, "mol:999999")


def test_property_range_filter(indexed):
    res = search(indexed, "an acid", modalities=["molecules", "experiments"], k=20, filters={"mw": (150, 250)})
    mols = res.hits["molecules"]
    assert mols and all(150 <= h.record.descriptors["mw"] <= 250 for h in mols)
    assert "caffeine" in _names(mols) and "palmitic acid" not in _names(mols)
    # experiment rows are filtered through their molecule
    assert res.hits["experiments"]
    for h in res.hits["experiments"]:
        mw = h.related["molecules"][0].descriptors["mw"]
        assert 150 <= mw <= 250


def test_substructure_filter_by_smarts_and_by_group_name(indexed):
    res = search(indexed, "antibiotic", modalities=["molecules"], k=10,
                 filters={"substructure": "S(=O)(=O)N"})
    assert sorted(_names(res.hits["molecules"])) == ["celecoxib", "hydrochlorothiazide", "sulfamethoxazole"]
    assert all("contains" in h.why for h in res.hits["molecules"])
    res = search(indexed, "antibiotic", modalities=["molecules"], k=10, filters={"substructure": "sulfonamide"})
    assert sorted(_names(res.hits["molecules"])) == ["celecoxib", "hydrochlorothiazide", "sulfamethoxazole"]
    with pytest.raises(DiscoveryError, match="substructure"):
        search(indexed, "x", filters={"substructure": "C((("})


def test_source_and_year_filters(indexed, files):
    indexed.ingest_molecules(files["more_molecules"], smiles_column="smiles", name_column="name")
    res = search(indexed, "alkaloid", modalities=["molecules"], k=20, filters={"source": "more_molecules"})
    assert sorted(_names(res.hits["molecules"])) == ["nicotine", "salicylic acid"]
    res = search(indexed, "gastric", modalities=["papers"], k=10, filters={"year": (2010, None)})
    assert res.hits["papers"] and all(h.record.year >= 2010 for h in res.hits["papers"])
    res = search(indexed, "x", filters={"source": "no-such-source"})
    assert res.total == 0 and any("no source matches" in m for m in res.messages)
    with pytest.raises(DiscoveryError, match="unknown search filter"):
        search(indexed, "x", filters={"colour": "red"})


def test_papers_fuse_lexical_and_dense(indexed):
    res = search(indexed, "zwitterionic xenobiotic", modalities=["papers"], k=3)
    top = res.hits["papers"][0]
    assert top.record.pmid == "1004"
    assert "dense" in top.why and "lexical" in top.why
    dense_only = search(indexed, "zwitterionic xenobiotic", modalities=["papers"], k=3, lexical=False)
    assert "lexical" not in dense_only.hits["papers"][0].why


def test_rrf_fusion_rewards_agreement():
    fused = _fuse({"dense": [(1, 0.9), (2, 0.8), (3, 0.7)], "lexical": [(2, None), (3, None)]})
    assert [i for i, _, _ in fused] == [2, 3, 1]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[0][2] == "dense 0.80 #2 + lexical #1"
    single = _fuse({"dense": [(5, 0.5), (6, 0.4)]})
    assert single[0] == (5, 0.5, "dense 0.50")


def test_related_items(indexed):
    res = search(indexed, ASPIRIN, k=5)
    aspirin = res.hits["molecules"][0]
    assert [d.pmid for d in aspirin.related["papers"]] == ["1001"]
    assert [m.value for m in aspirin.related["experiments"]] == [-1.72]
    paper = next(h for h in res.hits["papers"] if h.record.pmid == "1001")
    assert "aspirin" in [m.name for m in paper.related["molecules"]]
    exp = res.hits["experiments"][0]
    assert exp.related["molecules"][0].id == exp.record.molecule_id
    assert exp.record.smiles == ASPIRIN  # its own row ranks first for its structure (link + dense)


def test_experiment_queries(indexed):
    res = search(indexed, "aqueous solubility", modalities=["experiments"], k=3)
    first = res.hits["experiments"][0]
    again = search(indexed, f"exp:{first.id}", modalities=["experiments"], k=1)
    assert again.query_kind == "experiment" and again.hits["experiments"][0].id == first.id
    row = search(indexed, {"property": "aqueous solubility", "value": 0.7, "smiles": "OCC1OC(O)C(O)C(O)C1O"},
                 modalities=["experiments"], k=1)
    assert row.query_kind == "experiment"
    assert row.hits["experiments"][0].record.value == pytest.approx(0.74)


def test_missing_index_is_built_for_a_small_library(lib):
    res = search(lib, "caffeine sleep", modalities=["papers"], k=2)
    assert res.hits["papers"][0].record.pmid == "1003"
    assert any("built the papers index" in m for m in res.messages)


def test_empty_library_and_empty_query(tmp_path, monkeypatch):
    from discovery.library import Library

    use_model(monkeypatch, StandInModel())
    lib = Library.open(tmp_path / "empty")
    res = lib.search("aspirin")
    assert res.total == 0 and "empty" in res.messages[0]
    with pytest.raises(DiscoveryError, match="empty query"):
        search(lib, "   ")
    with pytest.raises(DiscoveryError, match="unknown modality"):
        search(lib, "x", modalities=["images"])


def test_results_serialise(indexed):
    import json

    d = search(indexed, "aspirin", k=2).to_dict()
    text = json.dumps(d)
    assert d["query_kind"] == "molecule" and set(d["hits"]) == {"molecules", "papers", "experiments"}
    assert "smiles" in d["hits"]["molecules"][0]["record"] and text
