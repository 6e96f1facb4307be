"""Text -> molecule translation on the ChEBI-20 dev split (MolT5 protocol).

For each of the 1,000 held-out ChEBI-20 validation descriptions (``discovery.train.splits.
chebi20_dev_cids``), one molecule is proposed and compared with the true one:

- validity: the proposal parses with RDKit;
- exact match: same standard InChI;
- MACCS / RDK / Morgan FTS: Tanimoto of MACCS keys, RDKit topological fingerprints and Morgan
  (radius 2, count-based, as ``AllChem.GetMorganFingerprint(m, 2)`` in MolT5's script),
  averaged over valid proposals.

The candidate library (ChEBI-20 train+val structures and PubChem324k molecules) never holds a
molecule with the connectivity (InChIKey first block) of a dev-split molecule, so the answer
must be generated, not looked up.

Methods
-------
``generate``  the product path: ``discovery.generate.api.generate(lib, description, n=1)`` over a
              library built from the candidate library through ingest and ``index build``
              (:func:`corpus_library`, neutral parents as every library stores them). A
              description takes the ``describe`` route (:mod:`discovery.generate.describe`):
              nearest parents in the shared space, their charge forms, the consensus pick;
``consensus`` the same pick straight over the corpus SMILES as the files give them (ChEBI's own
              charged species, no store): the molecule with the highest expected Morgan
              similarity to the 20 nearest, weighted by the model's posterior;
``retrieve``  nearest corpus molecule to the description's text embedding;
``design``    :class:`TextToMolecule`: retrieved molecules + decoder samples conditioned on the
              text embedding, refined by the graph GA on shared-space similarity, top-1 by that
              similarity;
``auto``      ``generate`` (the issue's protocol: the top-1 candidate of ``generate``).

Published on the ChEBI-20 *test* split (Morgan FTS): from-scratch Transformer 0.217, MolT5-base
0.529, MolReGPT 0.624, MolT5-large 0.684, BioT5 0.734.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from discovery.errors import InputError

log = logging.getLogger(__name__)

PUBLISHED = {
    "Transformer (scratch)": {"morgan_fts": 0.217},
    "MolT5-base": {"morgan_fts": 0.529, "validity": 0.772},
    "MolReGPT": {"morgan_fts": 0.624},
    "MolT5-large": {"morgan_fts": 0.684, "validity": 0.905, "exact": 0.311},
    "BioT5": {"morgan_fts": 0.734, "validity": 1.0, "exact": 0.413},
}


#: Nearest library molecules weighed by the consensus pick.
CONSENSUS_K = 20


# ------------------------------------------------------------------------------------ data
def load_dev_pairs(datasets: str | Path) -> list[tuple[str, str, str]]:
    """The 1,000 dev-split rows ``(CID, SMILES, description)`` of ChEBI-20 val, in CID-hash order."""
    import hashlib

    from discovery.train.splits import chebi20_dev_cids, read_chebi20

    path = Path(datasets) / "chebi20" / "val.tsv"
    if not path.exists():
        raise InputError(f"{path}: not found (ChEBI-20 validation pairs)")
    dev = chebi20_dev_cids(path)
    rows = [r for r in read_chebi20(path) if r[0] in dev]
    rows.sort(key=lambda r: hashlib.sha1(r[0].encode()).hexdigest())
    return rows


def load_pairs(path: str | Path) -> list[tuple[str, str, str]]:
    """Every row ``(CID, SMILES, description)`` of a ChEBI-20-format TSV (e.g. the test split).

    Raises :class:`InputError` naming the file when it is missing or holds no row.
    """
    from discovery.train.splits import read_chebi20

    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: not found (a TSV of CID, SMILES, description, as ChEBI-20's splits)")
    try:
        rows = read_chebi20(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read it ({exc})") from None
    if not rows:
        raise InputError(f"{path}: no row with a CID, a SMILES and a description (tab-separated)")
    return rows


def connectivities(mol) -> set[str]:
    """InChIKey first blocks of ``mol`` and of its standardised parent (a salt's parent is the
    bare molecule: both must be kept out of a library that may not contain the molecule)."""
    from rdkit import Chem, RDLogger

    from discovery.chem.mol import standardize

    RDLogger.DisableLog("rdApp.*")
    keys = {Chem.MolToInchiKey(mol).split("-")[0]}
    parent = standardize(mol)
    if parent is not None:
        keys.add(Chem.MolToInchiKey(parent).split("-")[0])
    return keys - {""}


def pair_keys(pairs: Sequence[tuple[str, str, str]]) -> set[str]:
    """:func:`connectivities` of the pairs' molecules: what the candidate library must not
    contain when these pairs are scored."""
    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")
    mols = (Chem.MolFromSmiles(smi) for _, smi, _ in pairs)
    return set().union(*(connectivities(m) for m in mols if m is not None))


def dev_exclusion(datasets: str | Path) -> set[str]:
    """What the candidate library leaves out by default: the dev split's connectivities and those
    of their standardised parents (nothing when the ChEBI-20 validation file is absent)."""
    if not (Path(datasets) / "chebi20" / "val.tsv").exists():
        return set()
    return pair_keys(load_dev_pairs(datasets))


def library_smiles(datasets: str | Path, exclude_keys: set[str] | None = None) -> list[str]:
    """Canonical SMILES of the candidate library without the dev-split connectivities.

    ChEBI-20 train+val structures, PubChem324k caption and IUPAC-name molecules (those present).
    A molecule is left out when its InChIKey first block, or that of its standardised parent,
    is a dev molecule's (or its parent's): a salt such as "fenfluramine hydrochloride" would
    otherwise become the dev molecule itself once a library stores its parent.
    """
    import csv

    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")
    datasets = Path(datasets)
    held = dev_exclusion(datasets) if exclude_keys is None else exclude_keys
    files = [datasets / "chebi20" / "molecules_trainval.tsv", datasets / "pubchem324k" / "captions.tsv",
             datasets / "pubchem324k" / "iupac_names.tsv"]
    seen: dict[str, None] = {}
    for f in files:
        if not f.exists():
            continue
        with open(f, newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, [])
            col = header.index("SMILES") if "SMILES" in header else 1
            for row in reader:
                if len(row) <= col:
                    continue
                mol = Chem.MolFromSmiles(row[col])
                if mol is None or mol.GetNumHeavyAtoms() == 0:
                    continue
                if connectivities(mol) & held:
                    continue
                seen.setdefault(Chem.MolToSmiles(mol), None)
    return list(seen)


def corpus_library(datasets: str | Path, cache_dir: str | Path, progress: bool = True,
                   exclude_keys: set[str] | None = None):
    """A :class:`discovery.Library` holding the candidate library, with its molecule index.

    Built once under ``cache_dir`` (keyed by the corpus) through the product's own path: ingest
    (standardised neutral parents, as every library stores them) and ``index build``. The
    ``generate`` method answers each description from it, as a user's library would.
    """
    import hashlib

    from discovery import Library
    from discovery.index.manager import open_index

    smiles = cached_library(datasets, cache_dir, exclude_keys)
    key = hashlib.sha1("\n".join(smiles).encode()).hexdigest()[:12]
    home = Path(cache_dir) / f"t2m-home-{key}"
    lib = Library.open(home, progress=False)
    if lib.stats()["totals"]["molecules"] == 0:
        corpus = home / "corpus.smi"
        corpus.write_text("smiles\n" + "\n".join(smiles) + "\n")
        lib.ingest_molecules(corpus)
    if open_index(lib, "molecules", rebuild=True, progress=progress) is None:
        lib.build_index(["molecules"], progress=progress)
    return lib


def cached_library(datasets: str | Path, cache_dir: str | Path, exclude_keys: set[str] | None = None) -> list[str]:
    """:func:`library_smiles`, cached in ``cache_dir`` (keyed by the source files' sizes and the
    connectivities left out on top of the dev split's)."""
    import hashlib

    datasets = Path(datasets)
    files = [datasets / "chebi20" / "val.tsv", datasets / "chebi20" / "molecules_trainval.tsv",
             datasets / "pubchem324k" / "captions.tsv", datasets / "pubchem324k" / "iupac_names.tsv"]
    # "parents": the exclusion also compares standardised parents (salts of dev molecules)
    key = hashlib.sha1(("parents|" + "|".join(f"{f.name}:{f.stat().st_size if f.exists() else 0}"
                                              for f in files)).encode())
    if exclude_keys:  # the same corpus as before when nothing more is left out
        key.update(("|exclude|" + ",".join(sorted(exclude_keys))).encode())
    path = Path(cache_dir) / f"t2m-library-{key.hexdigest()[:12]}.txt"
    if path.exists():
        return path.read_text().split("\n")
    smiles = library_smiles(datasets, exclude_keys=(dev_exclusion(datasets) | exclude_keys) if exclude_keys else None)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(smiles))
    return smiles


# --------------------------------------------------------------------------------- metrics
def pair_metrics(pred: str | None, truth: str) -> dict:
    """validity, exact (InChI), MACCS/RDK/Morgan Tanimoto of one proposal against the truth."""
    from rdkit import Chem, DataStructs
    from rdkit.Chem import MACCSkeys, rdFingerprintGenerator

    gt = Chem.MolFromSmiles(truth)
    out = Chem.MolFromSmiles(pred) if pred else None
    if out is None or gt is None:
        return {"valid": False, "exact": False, "maccs": None, "rdk": None, "morgan": None}
    morgan = rdFingerprintGenerator.GetMorganGenerator(radius=2)
    try:
        exact = Chem.MolToInchi(out) == Chem.MolToInchi(gt)
    except Exception:
        exact = False
    return {
        "valid": True,
        "exact": bool(exact),
        "maccs": DataStructs.TanimotoSimilarity(MACCSkeys.GenMACCSKeys(gt), MACCSkeys.GenMACCSKeys(out)),
        "rdk": DataStructs.TanimotoSimilarity(Chem.RDKFingerprint(gt), Chem.RDKFingerprint(out)),
        "morgan": DataStructs.TanimotoSimilarity(morgan.GetSparseCountFingerprint(gt),
                                                 morgan.GetSparseCountFingerprint(out)),
    }


def summarize(rows: list[dict]) -> dict:
    """MolT5-style summary: FTS averaged over valid proposals, exact/validity over all."""
    n = len(rows)
    valid = [r for r in rows if r["valid"]]

    def mean(key):
        vals = [r[key] for r in valid if r[key] is not None]
        return float(np.mean(vals)) if vals else 0.0

    return {
        "n": n,
        "validity": len(valid) / max(n, 1),
        "exact": sum(r["exact"] for r in rows) / max(n, 1),
        "maccs_fts": mean("maccs"),
        "rdk_fts": mean("rdk"),
        "morgan_fts": mean("morgan"),
    }


# ------------------------------------------------------------------------------ the method
@dataclass
class TextToMolecule:
    """Text -> molecules through the shared space: retrieval + conditional decoder + graph GA.

    Parameters
    ----------
    model:
        Alignment model (``encode_text``, ``encode_molecules``).
    library:
        Candidate library SMILES and their (n, D) molecule embeddings.
    decoder:
        Optional :class:`discovery.generate.decoder.Decoder`; its samples conditioned on the text
        embedding (and on the best retrieved molecules' embeddings) join the seeds.
    budget:
        Molecules scored by the GA per description (0 = retrieval + decoder samples only).
    """

    model: object
    library: list[str]
    library_vectors: np.ndarray
    decoder: object | None = None
    budget: int = 300
    k_retrieve: int = 20
    n_decoder: int = 16
    consensus_k: int = 0           # > 1: minimum-Bayes-risk pick among this many nearest (budget 0 only)
    consensus_scale: float = 0.0   # softmax scale of the cosines (0: the model's trained temperature)

    def _consensus(self, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """``ranked`` re-ordered by expected Morgan (count) Tanimoto under the softmax posterior."""
        from discovery.generate.describe import model_temperature, rank_by_consensus

        top = ranked[: self.consensus_k]
        scale = self.consensus_scale or model_temperature(self.model)
        order = rank_by_consensus([s for s, _ in top], np.array([v for _, v in top]), scale)
        return [top[i] for i, _, _ in order] + ranked[self.consensus_k:]

    def rank(self, description: str, n: int = 1, seed: int = 0, text_vector: np.ndarray | None = None
             ) -> list[tuple[str, float, str]]:
        """The ``n`` best ``(smiles, similarity, origin)`` for a description, best first.

        ``origin`` is ``library``, ``decoder`` or ``optimizer``; similarity is the cosine of the
        molecule and text embeddings.
        """
        from discovery.generate.optimize import optimize

        tv = (np.asarray(text_vector, dtype=np.float32) if text_vector is not None
              else np.asarray(self.model.encode_text([description]), dtype=np.float32)[0])
        sims = self.library_vectors @ tv
        top = np.argsort(-sims)[: self.k_retrieve]
        origin: dict[str, str] = {self.library[i]: "library" for i in top}
        scores: dict[str, float] = {self.library[i]: float(sims[i]) for i in top}
        seeds = [self.library[i] for i in top]
        if self.decoder is not None and self.n_decoder:
            conds = np.vstack([tv[None, :], self.library_vectors[top[:3]]])
            for group in self.decoder.sample(conds, n_per=self.n_decoder, temperature=0.8, seed=seed):
                for s in group:
                    origin.setdefault(s, "decoder")
                    seeds.append(s)
        seeds = list(dict.fromkeys(seeds))

        def score(smiles: list[str]) -> list[float]:
            known = [s for s in smiles if s in scores]
            new = [s for s in smiles if s not in scores]
            if new:
                vecs = np.asarray(self.model.encode_molecules(new), dtype=np.float32)
                for s, v in zip(new, vecs @ tv):
                    scores[s] = float(v) if np.isfinite(v) else -1.0
            del known
            return [scores[s] for s in smiles]

        if self.budget > 0:
            ranked = optimize(score, seeds, budget=len(seeds) + self.budget, seed=seed, population=30,
                              offspring=40, mutation_rate=0.5, keep=max(n, 50))
        else:
            score(seeds)
            ranked = sorted(((s, scores[s]) for s in seeds), key=lambda kv: -kv[1])
            if self.consensus_k > 1:
                ranked = self._consensus(ranked)
        return [(s, v, origin.get(s, "optimizer")) for s, v in ranked[:n]]


def run_text2mol(lib, datasets: str | Path, limit: int | None = None, method: str = "auto", budget: int = 300,
                 seed: int = 0, progress: bool = True, pairs_file: str | Path | None = None) -> dict:
    """Run the benchmark; returns the summary plus one row per description.

    ``pairs_file``: score these ChEBI-20-format rows (e.g. the test split) instead of the dev split;
    the candidate library then also leaves out their molecules (and their parents).
    """
    from discovery.generate.decoder import embed_cached, load_decoder

    if method not in ("auto", "design", "retrieve", "consensus", "generate", "names"):
        raise InputError(f"--method must be auto, design, retrieve, consensus, generate or names, not {method!r}")
    if method == "names":
        pairs = load_pairs(pairs_file) if pairs_file else nondev_pairs(datasets)
        return run_name_check(lib, pairs[: limit or None], progress=progress)
    # the protocol scores the top-1 candidate of the product's generate (docs/bench/design.md
    # compares it with the corpus-level consensus, retrieve and design methods)
    method = "generate" if method == "auto" else method
    started = time.monotonic()
    pairs = (load_pairs(pairs_file) if pairs_file else load_dev_pairs(datasets))[: limit or None]
    exclude = pair_keys(pairs) if pairs_file else None
    rows: list[dict] = []

    def bar(items):  # made once the corpus is ready, so that it times the descriptions only
        return _progress(items, method, progress)

    if method == "generate":
        from discovery.generate.api import generate
        from discovery.generate.describe import prefetch_names

        corpus = corpus_library(datasets, lib.settings.cache_dir / "decoder", progress=progress, exclude_keys=exclude)
        prefetch_names([p[2] for p in pairs])  # one OPSIN run for every name the texts give
        for cid, truth, desc in bar(pairs):
            res = generate(corpus, desc, n=1, seed=seed, budget=budget)
            pred = res.candidates[0].smiles if res.candidates else None
            route = ":".join(str(res.params[k]) for k in ("route", "first_reading") if res.params.get(k))
            rows.append(dict(cid=cid, truth=truth, pred=pred, origin=f"generate:{route}",
                             message=res.message, **pair_metrics(pred, truth)))
    else:
        model = lib.model
        lib_smiles = cached_library(datasets, lib.settings.cache_dir / "decoder", exclude)
        lib_vecs = embed_cached(model, lib_smiles, lib.settings.cache_dir / "decoder", "t2m-library",
                                progress=progress)
        ok = np.linalg.norm(lib_vecs, axis=1) > 0
        lib_smiles = [s for s, k in zip(lib_smiles, ok) if k]
        lib_vecs = lib_vecs[ok]
        decoder = load_decoder(lib.settings.decoder_dir) if method == "design" else None
        t2m = TextToMolecule(model, lib_smiles, lib_vecs, decoder=decoder,
                             budget=budget if method == "design" else 0,
                             n_decoder=16 if method == "design" else 0,
                             k_retrieve=CONSENSUS_K if method == "consensus" else 20,
                             consensus_k=CONSENSUS_K if method == "consensus" else 0)
        text_vecs = np.asarray(model.encode_text([p[2] for p in pairs]), dtype=np.float32)
        for (cid, truth, desc), tv in zip(bar(pairs), text_vecs):
            best = t2m.rank(desc, n=1, seed=seed, text_vector=tv)
            pred, sim, origin = best[0] if best else (None, float("nan"), "none")
            rows.append(dict(cid=cid, truth=truth, pred=pred, origin=origin, similarity=sim,
                             **pair_metrics(pred, truth)))
    report = summarize(rows)
    origins: dict[str, int] = {}
    for r in rows:
        origins[r["origin"]] = origins.get(r["origin"], 0) + 1
    report.update(pairs=str(pairs_file) if pairs_file else "ChEBI-20 dev split", method=method, budget=budget,
                  seed=seed, origins=origins,
                  seconds=round(time.monotonic() - started, 1), published=PUBLISHED, rows=rows)
    return report


def _progress(pairs, method: str, show: bool):
    """``pairs`` with a progress bar over the descriptions when ``show``."""
    if not show:
        return pairs
    from tqdm import tqdm

    return tqdm(pairs, desc=f"text2mol ({method})", unit="desc")


def nondev_pairs(datasets: str | Path) -> list[tuple[str, str, str]]:
    """The ChEBI-20 validation rows outside the dev split (texts never read while writing the
    name rules of the describe route)."""
    from discovery.train.splits import chebi20_dev_cids

    val = Path(datasets) / "chebi20" / "val.tsv"
    pairs = load_pairs(val)
    dev = chebi20_dev_cids(val)
    return [row for row in pairs if row[0] not in dev]


def run_name_check(lib, pairs: Sequence[tuple[str, str, str]], progress: bool = True) -> dict:
    """How often, and how well, the describe route's name reading alone answers ``pairs``: no
    library evidence, only the names each text gives (read by OPSIN) and the relations it states.

    Returns the coverage, the metrics over the covered texts and one row per covered text.
    """
    from discovery.generate.describe import named_readings, prefetch_names

    started = time.monotonic()
    model = lib.model
    prefetch_names([p[2] for p in pairs])
    vectors = np.asarray(model.encode_text([p[2] for p in pairs]), dtype=np.float32)
    rows: list[dict] = []
    for (cid, truth, desc), vector in zip(_progress(pairs, "names", progress), vectors):
        readings = named_readings(model, vector, desc, [])
        if readings:
            rows.append(dict(cid=cid, truth=truth, pred=readings[0].smiles, origin=readings[0].relation.split(" of ")[0],
                             **pair_metrics(readings[0].smiles, truth)))
    report = summarize(rows) if rows else {"n": 0}
    by_relation: dict[str, list[float]] = {}
    for r in rows:
        by_relation.setdefault(r["origin"], []).append(r["morgan"])
    report.update(method="names", texts=len(pairs), covered=round(len(rows) / max(len(pairs), 1), 4),
                  by_relation={k: {"n": len(v), "morgan_fts": round(float(np.mean(v)), 4)} for k, v in by_relation.items()},
                  seconds=round(time.monotonic() - started, 1), rows=rows)
    return report


def evaluate_predictions(preds: Sequence[str | None], truths: Sequence[str]) -> dict:
    """Summary metrics for parallel lists of proposals and true SMILES (for other callers)."""
    return summarize([pair_metrics(p, t) for p, t in zip(preds, truths)])
