"""`discovery bench search`: query latency over a large library (in-process, after warm-up).

The library the numbers are for: ZINC250k (249,456 molecules) + the shared papers (BC5CDR and
BioRED abstracts) + the MoleculeNet tables (ESOL, FreeSolv, Lipophilicity, BACE, BBBP). The
bench ingests whatever of these is missing (idempotent) and builds the indexes it needs, then
times ``lib.search(text, k=10)`` over all three modalities with related items, as a user gets it.
"""

from __future__ import annotations

import platform
import statistics
import time
from datetime import datetime, timezone

import numpy as np

from discovery.errors import DiscoveryError

# ZINC250k goes through load_zinc_fast (see its docstring); these through the normal ingest
SEARCH_DATASETS = (
    "bc5cdr-train", "bc5cdr-dev", "bc5cdr-test",
    "biored-train", "biored-dev", "biored-test",
    "esol", "freesolv", "lipophilicity", "bace", "bbbp",
)

QUERIES = [
    "a flavonoid glycoside with antioxidant activity",
    "poorly water soluble",
    "crosses the blood-brain barrier",
    "potent BACE-1 inhibitor",
    "sulfonamide antibiotic",
    "nonsteroidal anti-inflammatory drug",
    "kinase inhibitor with a quinazoline core",
    "drug-induced liver injury",
    "cardiotoxicity of anthracyclines",
    "beta-lactam antibiotic",
    "opioid analgesic",
    "small lipophilic aromatic amine",
    "carboxylic acid with a biphenyl scaffold",
    "steroid hormone",
    "antiepileptic drug causing rash",
    "highly soluble in water",
    "benzodiazepine sedative",
    "nephrotoxicity of cisplatin",
    "an indole alkaloid",
    "fluorinated heterocycle",
    "serotonin reuptake inhibitor",
    "lipophilic compound",
    "does not cross the blood-brain barrier",
    "calcium channel blocker",
    "aminoglycoside ototoxicity",
    "antiviral nucleoside analogue",
    "statin myopathy",
    "hydration free energy of small molecules",
    "a piperazine with a chlorophenyl group",
    "coumarin anticoagulant",
]


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def machine() -> str:
    import os

    return f"{os.cpu_count()}-core shared CPU, no GPU ({platform.processor() or platform.machine()})"


def ensure_datasets(lib, names, echo=print) -> dict:
    """Ingest the named datasets that are not in the library yet (ingest is idempotent)."""
    if lib.settings.datasets is None:
        raise DiscoveryError("this benchmark needs the public datasets: set DISCOVERY_DATASETS (e.g. ../shared/data)")
    out = {}
    for name in names:
        t0 = time.perf_counter()
        reports = lib.ingest_dataset(name)
        added: dict[str, int] = {}
        for r in reports:
            for key, v in r.added.items():
                added[key] = added.get(key, 0) + v
        out[name] = {"added": added, "skipped": all(r.skipped_duplicate_source for r in reports),
                     "seconds": round(time.perf_counter() - t0, 1)}
        if not out[name]["skipped"]:
            echo(f"ingested {name} in {out[name]['seconds']} s")
    return out


def ensure_indexes(lib, modalities=None, echo=print) -> dict:
    """Build missing or stale indexes, add missing rows; returns the check report after."""
    from discovery.index import MODALITIES, build_indexes, check_indexes, on_ingest

    mods = list(modalities or MODALITIES)
    report = check_indexes(lib)
    rebuild = [m for m in mods if report["modalities"][m]["count_store"] and (
        not report["modalities"][m].get("exists") or not report["modalities"][m].get("fingerprint_ok")
        or report["modalities"][m].get("extra"))]
    if rebuild:
        echo(f"building indexes: {', '.join(rebuild)}")
        build_indexes(lib, rebuild, progress=True)
    if any(report["modalities"][m].get("missing") for m in mods if m not in rebuild):
        on_ingest(lib, None, progress=True)
    return check_indexes(lib)


def load_zinc_fast(lib, path=None, echo=print) -> int:
    """Bench-only loader: ZINC250k into the store without the ChEMBL standardisation pipeline.

    The normal ingest standardises every structure (``chem.prepare_many``); on the shared 2-core
    machine that takes about two hours for 249,456 molecules, so the latency benchmark inserts
    them directly: RDKit canonical SMILES, InChIKey and formula, and the properties the shared
    CSV carries (MolWt, logP, TPSA, HBA, HBD, QED, SAS). ZINC250k molecules are neutral single
    fragments, so standardisation would change few of them. Molecules already in the store (same
    InChIKey) are skipped; a second call does nothing. Returns the number of molecules added.
    """
    import hashlib

    import pandas as pd
    from rdkit import Chem, RDLogger
    from rdkit.Chem.rdMolDescriptors import CalcMolFormula
    from sqlalchemy import insert, select
    from tqdm.auto import tqdm

    from discovery.store.models import Molecule, MoleculeSource, Source

    path = path or lib.settings.datasets / "zinc250k" / "zinc250k.csv.gz"
    checksum = hashlib.sha256(open(path, "rb").read()).hexdigest()
    fingerprint = hashlib.sha256(f"bench-fast-molecules:{checksum}".encode()).hexdigest()
    with lib.session() as s:
        if s.scalar(select(Source.id).where(Source.fingerprint == fingerprint)) is not None:
            return 0
        existing = set(s.scalars(select(Molecule.inchikey)))
    df = pd.read_csv(path)
    rows, lines = [], []
    RDLogger.DisableLog("rdApp.*")
    for line, r in enumerate(tqdm(df.itertuples(index=False), total=len(df), desc="zinc250k (bench loader)",
                                  unit="mol", mininterval=5), 2):
        mol = Chem.MolFromSmiles(str(r.smiles).strip())
        if mol is None:
            continue
        key = Chem.MolToInchiKey(mol)
        if not key or key in existing:
            continue
        existing.add(key)
        rows.append({"inchikey": key, "smiles": Chem.MolToSmiles(mol), "formula": CalcMolFormula(mol),
                     "mw": float(r.MolWt), "clogp": float(r.logP), "tpsa": float(r.TPSA),
                     "hbd": int(r.NumHDonors), "hba": int(r.NumHAcceptors), "qed": float(r.qed),
                     "sa_score": float(r.SAS), "heavy_atoms": mol.GetNumHeavyAtoms()})
        lines.append(line)
    RDLogger.EnableLog("rdApp.*")
    with lib.session() as s:
        src = Source(kind="molecules", name="zinc250k", uri=str(path), checksum=checksum, fingerprint=fingerprint,
                     options={"loader": "discovery.bench.search.load_zinc_fast"}, n_rows=len(df), n_ok=len(rows),
                     n_bad=len(df) - len(rows), counts={"molecules": len(rows)})
        s.add(src)
        s.flush()
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            s.execute(insert(Molecule), chunk)
            ids = dict(s.execute(select(Molecule.inchikey, Molecule.id)
                                 .where(Molecule.inchikey.in_([c["inchikey"] for c in chunk]))).all())
            s.execute(insert(MoleculeSource), [
                {"molecule_id": ids[c["inchikey"]], "source_id": src.id, "row": ln}
                for c, ln in zip(chunk, lines[start:start + 5000])
            ])
    echo(f"zinc250k: {len(rows)} molecules inserted by the bench loader")
    return len(rows)


class FastMoleculeTimingModel:
    """Bench-only model for ``bench search --fast-molecules``: the real model's text and
    experiment-row encoders, with molecules embedded by a fixed random projection of Morgan
    counts (seeded, L2-normalised) instead of the GNN.

    Embedding 258k molecules with the GNN model takes 40+ minutes on the shared 2-core machine;
    a text query never runs the molecule encoder, so its latency (text encoder + FAISS over the
    molecule index + SQL) does not depend on which molecule encoder filled the index. Its
    fingerprint differs from the real model's, so its indexes are never mixed with real ones.
    """

    def __init__(self, model, seed: int = 0):
        self._model = model
        self.dim = model.dim
        self.fingerprint = "timing-" + model.fingerprint[:40]
        rng = np.random.default_rng(seed)
        self._proj = (rng.standard_normal((2048, self.dim)) / np.sqrt(2048)).astype(np.float32)

    def encode_text(self, texts):
        return self._model.encode_text(texts)

    def encode_measurements(self, rows):
        return self._model.encode_measurements(rows)

    def encode_molecules(self, smiles):
        from discovery.chem.fingerprints import morgan_counts

        out = np.zeros((len(smiles), 2048), np.float32)
        for i, smi in enumerate(smiles):
            try:
                out[i] = np.log1p(morgan_counts(smi))
            except Exception:  # noqa: BLE001 - an unparsable structure stays a zero row
                pass
        v = out @ self._proj
        n = np.linalg.norm(v, axis=1, keepdims=True)
        return (v / np.where(n > 0, n, 1.0)).astype(np.float32)


class _WithModel:
    """The library as seen by search/index code, with another model (bench only)."""

    def __init__(self, lib, model):
        self._lib = lib
        self.model = model

    def __getattr__(self, name):
        return getattr(self._lib, name)


def bench_search(lib, n_queries: int = 200, k: int = 10, warmup: int = 10, ensure: bool = True,
                 fast_molecules: bool = False) -> dict:
    """p50/p95/mean latency (ms) of text queries through ``discovery.search.search`` (what
    ``lib.search`` runs) over all modalities, related items attached.

    Parameters
    ----------
    lib:
        The library to query (the bench ingests :data:`SEARCH_DATASETS` into it when ``ensure``).
    n_queries:
        Timed queries, cycling through :data:`QUERIES`.
    fast_molecules:
        Use :class:`FastMoleculeTimingModel` (timing only).
    """
    from discovery.search import one_torch_thread, search

    real_model = lib.model
    if fast_molecules:
        lib = _WithModel(lib, FastMoleculeTimingModel(real_model))
    if ensure:
        load_zinc_fast(lib)
        ensure_datasets(lib, SEARCH_DATASETS)
        check = ensure_indexes(lib)
    else:
        from discovery.index import check_indexes

        check = check_indexes(lib)
    model = lib.model
    for q in QUERIES[:warmup]:
        search(lib, q, k=k)
    times, encode_times, n_hits = [], [], []
    for i in range(n_queries):
        q = QUERIES[i % len(QUERIES)]
        t0 = time.perf_counter()
        res = search(lib, q, k=k)
        times.append((time.perf_counter() - t0) * 1000)
        n_hits.append(res.total)
        with one_torch_thread():  # as search() encodes its query
            t1 = time.perf_counter()
            model.encode_text([q])
            encode_times.append((time.perf_counter() - t1) * 1000)
    arr = np.array(times)
    sizes = {m: e.get("count_index", 0) for m, e in check["modalities"].items()}
    factories = {m: e.get("factory") for m, e in check["modalities"].items()}
    return {
        "bench": "search latency (text queries, all modalities, k=%d, related items attached)" % k,
        "queries": n_queries,
        "distinct_queries": min(n_queries, len(QUERIES)),
        "p50_ms": round(float(np.percentile(arr, 50)), 1),
        "p95_ms": round(float(np.percentile(arr, 95)), 1),
        "mean_ms": round(float(arr.mean()), 1),
        "max_ms": round(float(arr.max()), 1),
        "text_encode_p50_ms": round(statistics.median(encode_times), 1),
        "mean_hits": round(float(np.mean(n_hits)), 1),
        "index_sizes": sizes,
        "index_factories": factories,
        "model_fingerprint": real_model.fingerprint,
        "molecule_vectors": "Morgan-count projection (--fast-molecules, timing only)" if fast_molecules
        else "the model's molecule encoder",
        "machine": machine(),
        "date": now(),
    }
