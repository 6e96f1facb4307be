"""Test support for the index and search tests: a tiny stand-in alignment model and fixture files.

The stand-in is for TESTS ONLY. It has the methods of ``discovery.encoders.model.AlignmentModel``
(``dim``, ``fingerprint``, ``encode_text``, ``encode_molecules``, ``encode_measurements``) built
from real RDKit Morgan count fingerprints and a hashed bag of words through fixed random
projections, so that the index and search machinery can be tested without a trained model.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from rdkit import Chem, RDLogger
from rdkit.Chem import rdFingerprintGenerator

DIM = 64
N_BUCKETS = 4096


def _normalise(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.where(n > 0, n, 1.0)).astype(np.float32)


class StandInModel:
    """Morgan counts and hashed words through fixed random projections (tests only)."""

    def __init__(self, tag: str = "standin-a", dim: int = DIM):
        seed = zlib.crc32(tag.encode())
        rng = np.random.default_rng(seed)
        self.dim = dim
        self.fingerprint = hashlib.sha256(tag.encode()).hexdigest()
        self._p_mol = rng.normal(size=(2048, dim)).astype(np.float32)
        self._p_word = rng.normal(size=(N_BUCKETS, dim)).astype(np.float32)
        self._p_value = rng.normal(size=(2, dim)).astype(np.float32)
        self._gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
        self.calls = {"text": 0, "molecules": 0, "measurements": 0}

    def encode_text(self, texts) -> np.ndarray:
        self.calls["text"] += len(texts)
        out = np.zeros((len(texts), N_BUCKETS), np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"[a-z0-9]+", str(t).lower()):
                out[i, zlib.crc32(w.encode()) % N_BUCKETS] += 1.0
        return _normalise(out @ self._p_word)

    def encode_molecules(self, smiles) -> np.ndarray:
        self.calls["molecules"] += len(smiles)
        out = np.zeros((len(smiles), 2048), np.float32)
        RDLogger.DisableLog("rdApp.*")
        for i, s in enumerate(smiles):
            mol = Chem.MolFromSmiles(s) if s else None
            if mol is None:
                warnings.warn(f"row {i}: cannot parse SMILES {s!r}; zero vector")
                continue
            out[i] = np.log1p(self._gen.GetCountFingerprintAsNumPy(mol))
        RDLogger.EnableLog("rdApp.*")
        v = out @ self._p_mol
        zero = ~out.any(axis=1)
        v = _normalise(v)
        v[zero] = 0.0
        return v

    def encode_measurements(self, rows) -> np.ndarray:
        self.calls["measurements"] += len(rows)
        text = self.encode_text([f"{r['property']} {r.get('assay', '')} {r.get('unit', '')}" for r in rows])
        mol = self.encode_molecules([r.get("smiles", "") for r in rows])
        val = np.array([[r.get("z", 0.0), r.get("quantile", 0.5) - 0.5] for r in rows], np.float32) @ self._p_value
        return _normalise(text + 0.5 * mol + val)


# ----------------------------------------------------------------------------- fixture files

MOLECULES = [
    ("CC(=O)Oc1ccccc1C(=O)O", "aspirin"),
    ("CC(C)Cc1ccc(cc1)C(C)C(=O)O", "ibuprofen"),
    ("Cn1cnc2c1c(=O)n(C)c(=O)n2C", "caffeine"),
    ("CC(=O)Nc1ccc(O)cc1", "paracetamol"),
    ("Cc1cc(NS(=O)(=O)c2ccc(N)cc2)no1", "sulfamethoxazole"),
    ("NS(=O)(=O)c1cc2c(cc1Cl)NCNS2(=O)=O", "hydrochlorothiazide"),
    ("Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1", "celecoxib"),
    ("COc1ccc2cc(ccc2c1)C(C)C(=O)O", "naproxen"),
    ("c1ccccc1O", "phenol"),
    ("Cc1ccccc1", "toluene"),
    ("OCC1OC(O)C(O)C(O)C1O", "glucose"),
    ("CCCCCCCCCCCCCCCC(=O)O", "palmitic acid"),
]

EXTRA_MOLECULES = [
    ("CN1CCC[C@H]1c1cccnc1", "nicotine"),
    ("OC(=O)c1ccccc1O", "salicylic acid"),
]

PAPERS = [
    {"pmid": "1001", "year": 1998, "title": "Aspirin and gastric bleeding.",
     "abstract": "Low dose aspirin increased gastric bleeding in elderly patients."},
    {"pmid": "1002", "year": 2005, "title": "Ibuprofen in fever.",
     "abstract": "Ibuprofen reduced fever faster than paracetamol in children."},
    {"pmid": "1003", "year": 2012, "title": "Caffeine and sleep.",
     "abstract": "Caffeine intake late in the day shortened sleep in healthy adults."},
    {"pmid": "1004", "year": 2019, "title": "Sulfonamide antibiotics.",
     "abstract": "Sulfamethoxazole hypersensitivity reactions were reviewed; zwitterionic "
                 "xenobiotic metabolites were implicated."},
    {"pmid": "1005", "year": 2021, "title": "Diuretics and potassium.",
     "abstract": "Hydrochlorothiazide lowered serum potassium in hypertensive patients."},
    {"pmid": "1006", "year": 2023, "title": "Selective COX-2 inhibition.",
     "abstract": "Celecoxib spared the gastric mucosa compared with naproxen."},
]

# aqueous solubility (log mol/L), ESOL-like
TABLE = [
    ("CC(=O)Oc1ccccc1C(=O)O", -1.72),
    ("CC(C)Cc1ccc(cc1)C(C)C(=O)O", -3.99),
    ("Cn1cnc2c1c(=O)n(C)c(=O)n2C", -0.87),
    ("c1ccccc1O", 0.0),
    ("Cc1ccccc1", -2.21),
    ("OCC1OC(O)C(O)C(O)C1O", 0.74),
    ("CCCCCCCCCCCCCCCC(=O)O", -6.8),
]


def _mention_entities(title: str, abstract: str) -> list[dict]:
    full = f"{title} {abstract}"
    ents = []
    for _, name in MOLECULES:
        for m in re.finditer(re.escape(name), full, flags=re.I):
            ents.append({"start": m.start(), "end": m.end(), "mention": m.group(0), "type": "Chemical", "id": "-"})
    return ents


def write_fixtures(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    mols = folder / "molecules.csv"
    mols.write_text("smiles,name\n" + "".join(f"{s},{n}\n" for s, n in MOLECULES))
    extra = folder / "more_molecules.csv"
    extra.write_text("smiles,name\n" + "".join(f"{s},{n}\n" for s, n in EXTRA_MOLECULES))
    papers = folder / "papers.jsonl"
    with papers.open("w") as fh:
        for p in PAPERS:
            fh.write(json.dumps({**p, "entities": _mention_entities(p["title"], p["abstract"])}) + "\n")
    table = folder / "solubility.csv"
    table.write_text("smiles,logS\n" + "".join(f"{s},{v}\n" for s, v in TABLE))
    return {"molecules": mols, "more_molecules": extra, "papers": papers, "table": table}


def use_model(monkeypatch, model) -> None:
    """Make every Library use ``model`` (tests only)."""
    from discovery.library import Library

    monkeypatch.setattr(Library, "model", property(lambda self: model), raising=False)


def build_library(home: Path, files: dict[str, Path]):
    """A small library through the facade's ingest methods."""
    from discovery.library import Library

    lib = Library.open(home)
    lib.ingest_molecules(files["molecules"], smiles_column="smiles", name_column="name")
    lib.ingest_papers(files["papers"])
    lib.ingest_table(files["table"], smiles_column="smiles", value_columns=["logS"],
                     property="aqueous solubility", unit="log(mol/L)", assay="fixture")
    return lib


@pytest.fixture()
def model():
    return StandInModel("standin-a")


@pytest.fixture()
def files(tmp_path):
    return write_fixtures(tmp_path / "inputs")


@pytest.fixture()
def lib(tmp_path, files, model, monkeypatch):
    use_model(monkeypatch, model)
    from discovery.index import manager

    monkeypatch.setattr(manager, "_CACHE", {})
    return build_library(tmp_path / "home", files)
