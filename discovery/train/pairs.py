"""Pair sources for alignment training, all read from ``DISCOVERY_DATASETS`` (read-only).

Each source is a :class:`PairSet` of (SMILES, text) pairs; experiment tables also give
:class:`RowSet` measurement rows (row <-> molecule, row <-> text describing the measurement).
The ChEBI-20 dev split (see :mod:`discovery.train.splits`) is removed from every source by CID
and, after featurisation, by canonical structure.
"""

from __future__ import annotations

import ast
import csv
import gzip
import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from discovery.errors import InputError

from .pseudo import pseudo_caption
from .splits import chebi20_dev_cids, read_chebi20, table_row_heldout


@dataclass
class PairSet:
    """(SMILES, text) pairs of one source; ``weight`` scales how often its batches are drawn."""

    name: str
    smiles: list[str]
    texts: list[str]
    weight: float = 1.0


@dataclass
class RowSet:
    """Measurement rows with their molecules and a sentence describing each measurement."""

    name: str
    rows: list[dict]
    texts: list[str]
    weight: float = 1.0


@dataclass
class TrainingData:
    pairs: list[PairSet] = field(default_factory=list)
    rows: list[RowSet] = field(default_factory=list)
    dev_cids: set = field(default_factory=set)


def _require(path: Path) -> Path:
    if not path.exists():
        raise InputError(f"dataset file {path} not found: set DISCOVERY_DATASETS to the shared data folder")
    return path


def _read_tsv(path: Path) -> list[list[str]]:
    with open(_require(path), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:]


def _stable_rng(name: str) -> random.Random:
    return random.Random(int(hashlib.sha1(name.encode()).hexdigest()[:8], 16))


# ---------------------------------------------------------------- L+M-24 keywords -> sentences
_LPM_TEMPLATES = [
    "The molecule has a role as {kw}.",
    "It is used as {kw}.",
    "A compound associated with {kw}.",
    "The molecule is known for {kw}.",
]


def lpm_sentence(keywords: list[str], seed: str) -> str:
    kws = sorted(k.strip().lower() for k in keywords if k.strip())
    r = _stable_rng(seed)
    r.shuffle(kws)
    kws = kws[:8]
    joined = kws[0] if len(kws) == 1 else ", ".join(kws[:-1]) + " and " + kws[-1]
    return _LPM_TEMPLATES[r.randrange(len(_LPM_TEMPLATES))].format(kw=joined)


def load_lpm24(path: Path, max_rows: int = 20000, per_keyset: int = 2) -> PairSet:
    """L+M-24 keyword sets as sentences; at most ``per_keyset`` molecules per identical keyword set.

    ~68k rows are cardiolipin-like lipids sharing one keyword set; the cap keeps them from
    dominating, then a seeded sample keeps ``max_rows``.
    """
    seen: dict[frozenset, int] = {}
    smiles, texts = [], []
    with gzip.open(_require(path), "rt", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        for row in reader:
            if len(row) < 2:
                continue
            try:
                kws = ast.literal_eval(row[1])
            except (ValueError, SyntaxError):
                continue
            key = frozenset(kws)
            if not key or seen.get(key, 0) >= per_keyset:
                continue
            seen[key] = seen.get(key, 0) + 1
            smiles.append(row[0])
            texts.append(lpm_sentence(list(kws), row[0]))
    idx = list(range(len(smiles)))
    _stable_rng("lpm24").shuffle(idx)
    idx = sorted(idx[:max_rows])
    return PairSet("lpm24", [smiles[i] for i in idx], [texts[i] for i in idx], weight=0.5)


# ---------------------------------------------------------------- MoleculeNet tables
def _qual(value: float, cuts: list[tuple[float, str]], default: str) -> str:
    for cut, word in cuts:
        if value < cut:
            return word
    return default


TABLES = {
    # file: (smiles col, value col, property, unit, assay, describe(value) -> words)
    "delaney-processed.csv": ("smiles", "measured log solubility in mols per litre", "aqueous solubility", "log mol/L",
                              "ESOL", lambda v: _qual(v, [(-4.0, "poorly water soluble"), (-2.0, "moderately water soluble")], "highly water soluble")),
    "SAMPL.csv": ("smiles", "expt", "hydration free energy", "kcal/mol", "FreeSolv",
                  lambda v: _qual(v, [(-8.0, "strongly hydrophilic, very favourable hydration"), (-3.0, "hydrophilic")], "hydrophobic, poor hydration")),
    "Lipophilicity.csv": ("smiles", "exp", "lipophilicity logD7.4", "log units", "octanol/water distribution at pH 7.4",
                          lambda v: _qual(v, [(1.0, "hydrophilic, low lipophilicity"), (3.0, "moderately lipophilic")], "highly lipophilic")),
    "bace.csv": ("mol", "pIC50", "BACE-1 inhibition pIC50", "", "beta-secretase 1 binding",
                 lambda v: _qual(v, [(6.0, "weak or inactive BACE-1 inhibitor"), (7.0, "moderate BACE-1 inhibitor")], "potent BACE-1 inhibitor")),
    "BBBP.csv": ("smiles", "p_np", "blood-brain barrier penetration", "", "BBBP",
                 lambda v: "crosses the blood-brain barrier (BBB permeable)" if v >= 0.5 else "does not cross the blood-brain barrier (BBB impermeable)"),
}


def load_tables(folder: Path) -> tuple[list[RowSet], list[PairSet]]:
    """MoleculeNet tables -> measurement rows (with z and quantile within the table) and molecule<->sentence pairs."""
    rowsets, pairsets = [], []
    for fname, (scol, vcol, prop, unit, assay, describe) in TABLES.items():
        path = folder / fname
        if not path.exists():
            continue
        df = pd.read_csv(path)
        cols = {c.lower(): c for c in df.columns}
        scol_, vcol_ = cols.get(scol.lower()), cols.get(vcol.lower())
        if scol_ is None or vcol_ is None:
            continue
        df = df[[scol_, vcol_]].dropna()
        # rows held out for `discovery bench experiments` (index/search area) are never trained on
        df = df[~df[scol_].astype(str).map(table_row_heldout)]
        vals = df[vcol_].astype(float).to_numpy()
        mu, sd = float(vals.mean()), float(vals.std() or 1.0)
        ranks = pd.Series(vals).rank(pct=True).to_numpy()
        rows, texts = [], []
        for s, v, q in zip(df[scol_].astype(str), vals, ranks):
            words = describe(v)
            rows.append({"property": prop, "unit": unit, "assay": assay, "description": "", "value": float(v),
                         "smiles": s, "z": (v - mu) / sd, "quantile": float(q)})
            # The sentence carries the qualitative side of the value, not the number: a frozen sentence
            # encoder reads numbers poorly, and ~15 distinct sentences keep the text features cheap.
            texts.append(f"{prop}{f' ({unit})' if unit else ''}: {words}")
        rowsets.append(RowSet(f"table:{fname}", rows, texts))
        pairsets.append(PairSet(f"table-mol:{fname}", [r["smiles"] for r in rows], texts, weight=0.3))
    return rowsets, pairsets


def pseudo_captions(smiles: list[str], cache_dir: str | Path | None = None) -> list[str | None]:
    """:func:`pseudo_caption` for many SMILES (2 processes), cached as a TSV in ``cache_dir``.

    The cache key covers the SMILES and the caption code itself, so editing ``pseudo.py`` re-captions.
    """
    import inspect

    from . import pseudo

    key = hashlib.sha1(("\n".join(smiles) + inspect.getsource(pseudo)).encode()).hexdigest()[:16]
    path = Path(cache_dir) / f"pseudo_{key}.tsv" if cache_dir else None
    if path is not None and path.exists():
        caps = path.read_text(encoding="utf-8").split("\n")
        if len(caps) == len(smiles):
            return [c or None for c in caps]
    if len(smiles) > 2000:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(2) as pool:
            caps = pool.map(pseudo_caption, smiles, chunksize=500)
    else:
        caps = [pseudo_caption(s) for s in smiles]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(c or "" for c in caps), encoding="utf-8")
    return caps


def load_training_data(datasets: str | Path, pseudo: bool = True, lpm_max: int = 10000,
                       pseudo_max: int | None = None, iupac_max: int | None = None,
                       cache_dir: str | Path | None = None) -> TrainingData:
    """Every pair source in the shared data folder, dev split removed (by CID here).

    ``*_max`` cap a source with a seeded sample (None: all of it). The defaults take every IUPAC name
    and a pseudo-caption for every corpus structure: on the dev split that beat the earlier caps
    (3,000 names, 6,000 captions, 3,000 L+M-24 rows) by 0.16 -> 0.17 MRR for one model.
    """
    root = Path(datasets)
    dev = chebi20_dev_cids(_require(root / "chebi20" / "val.tsv"))
    data = TrainingData(dev_cids=dev)
    chebi = [r for r in read_chebi20(root / "chebi20" / "val.tsv") if r[0] not in dev]
    data.pairs.append(PairSet("chebi20", [r[1] for r in chebi], [r[2] for r in chebi], weight=3.0))
    cap = [r for r in _read_tsv(root / "pubchem324k" / "captions.tsv") if len(r) >= 3 and r[0] not in dev]
    data.pairs.append(PairSet("pubchem324k", [r[1] for r in cap], [r[2] for r in cap], weight=2.0))
    iupac = [r for r in _read_tsv(root / "pubchem324k" / "iupac_names.tsv") if len(r) >= 3 and r[0] not in dev]
    _stable_rng("iupac").shuffle(iupac)
    iupac = iupac[:iupac_max]
    data.pairs.append(PairSet("iupac", [r[1] for r in iupac], [f"IUPAC name: {r[2]}" for r in iupac], weight=0.7))
    if (root / "lpm24" / "train_props.tsv.gz").exists():
        data.pairs.append(load_lpm24(root / "lpm24" / "train_props.tsv.gz", max_rows=lpm_max))
    if pseudo:
        corpus = [r for r in _read_tsv(root / "chebi20" / "molecules_trainval.tsv") if len(r) >= 2 and r[0] not in dev]
        if pseudo_max:
            # A seeded sample: the frozen text features of every caption cost CPU time on 2 cores.
            _stable_rng("pseudo").shuffle(corpus)
            corpus = sorted(corpus[:pseudo_max])
        caps = pseudo_captions([r[1] for r in corpus], cache_dir)
        sm = [r[1] for r, c in zip(corpus, caps) if c]
        tx = [c for c in caps if c]
        data.pairs.append(PairSet("pseudo-chebi20", sm, tx, weight=1.0))
    rowsets, tablepairs = load_tables(root / "tables")
    data.rows.extend(rowsets)
    data.pairs.extend(tablepairs)
    return data
