"""Text-guided editing benchmark (MoleculeSTM / ChatDrug single-objective protocol).

Eight prompts, each asking one property to move in one direction; on a fixed-seed sample of
ZINC250k molecules each input is edited once (``discovery.generate.api.edit``, the code behind
``discovery edit``) and the change is measured with RDKit directly:

- loose hit: the property moved in the asked direction at all;
- strict hit: it moved by at least the protocol's threshold (cLogP 0.5, QED 0.1, TPSA 10,
  HBA/HBD 1);
- mean Tanimoto (Morgan radius 2, 2048 bits) between each edit and its input.

An input without any returned edit counts as a miss (loose and strict).
"""

from __future__ import annotations

import gzip
import statistics
import time
from pathlib import Path

import numpy as np
from rdkit import Chem, DataStructs, RDLogger
from rdkit.Chem import QED, Crippen, Descriptors, rdFingerprintGenerator
from rdkit.Chem import rdMolDescriptors as rdmd

RDLogger.DisableLog("rdApp.*")

_FP = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)

#: (prompt, property, direction, strict threshold) — the eight MoleculeSTM single-objective tasks.
TASKS = [
    ("This molecule is soluble in water.", "clogp", -1, 0.5),
    ("This molecule is insoluble in water.", "clogp", +1, 0.5),
    ("This molecule is like a drug.", "qed", +1, 0.1),
    ("This molecule is not like a drug.", "qed", -1, 0.1),
    ("This molecule has high permeability.", "tpsa", -1, 10.0),
    ("This molecule has low permeability.", "tpsa", +1, 10.0),
    ("This molecule has more hydrogen bond acceptors.", "hba", +1, 1.0),
    ("This molecule has more hydrogen bond donors.", "hbd", +1, 1.0),
]

#: Other wordings of the same eight intents (the parser must not depend on the exact sentences).
PARAPHRASES = [
    ("Make it more water-soluble.", "clogp", -1, 0.5),
    ("Decrease its lipophilicity", "clogp", -1, 0.5),
    ("make the compound more hydrophobic", "clogp", +1, 0.5),
    ("lower the aqueous solubility", "clogp", +1, 0.5),
    ("Improve drug-likeness", "qed", +1, 0.1),
    ("make it less drug-like", "qed", -1, 0.1),
    ("increase membrane permeability", "tpsa", -1, 10.0),
    ("reduce the polar surface area", "tpsa", -1, 10.0),
    ("make it less permeable", "tpsa", +1, 10.0),
    ("add a hydrogen-bond acceptor", "hba", +1, 1.0),
    ("increase the number of H-bond donors", "hbd", +1, 1.0),
]

MEASURE = {
    "clogp": Crippen.MolLogP,
    "qed": QED.qed,
    "tpsa": rdmd.CalcTPSA,
    "hba": Descriptors.NumHAcceptors,
    "hbd": Descriptors.NumHDonors,
}


def sample_zinc(path: str | Path, n: int = 200, seed: int = 0) -> list[str]:
    """``n`` SMILES drawn without replacement from the ZINC250k CSV with a fixed seed."""
    import pandas as pd

    df = pd.read_csv(path)
    col = "smiles" if "smiles" in df.columns else df.columns[0]
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(df), size=min(n, len(df)), replace=False)
    return [str(df[col].iloc[int(i)]).strip() for i in sorted(idx)]


def evaluate_edit(src: str, out: str | None, prop: str, direction: int, threshold: float) -> dict:
    """Loose/strict hit and Tanimoto of one edit (``out`` None = no edit)."""
    m0 = Chem.MolFromSmiles(src)
    m1 = Chem.MolFromSmiles(out) if out else None
    if m0 is None or m1 is None:
        return {"loose": False, "strict": False, "similarity": None, "delta": None, "valid": False}
    delta = float(MEASURE[prop](m1) - MEASURE[prop](m0))
    sim = DataStructs.TanimotoSimilarity(_FP.GetFingerprint(m0), _FP.GetFingerprint(m1))
    return {
        "loose": direction * delta > 0,
        "strict": direction * delta >= threshold - 1e-9,
        "similarity": float(sim),
        "delta": delta,
        "valid": True,
    }


def run_editing_bench(lib, inputs: list[str], tasks=TASKS, min_similarity: float = 0.5, seed: int = 0,
                      progress: bool = True) -> dict:
    """Edit every input for every task; returns per-task hit ratios, similarity and speed."""
    from discovery.generate.api import edit

    results = []
    for prompt, prop, direction, thr in tasks:
        rows, times = [], []
        iterator = inputs
        if progress:
            from tqdm import tqdm

            iterator = tqdm(inputs, desc=prompt[:40], unit="mol")
        for src in iterator:
            t0 = time.perf_counter()
            try:
                res = edit(lib, src, prompt, n=1, min_similarity=min_similarity, seed=seed, save=False,
                           with_nearest=False)
                out = res.candidates[0].smiles if res.candidates else None
            except Exception:
                out = None
            times.append(time.perf_counter() - t0)
            rows.append(evaluate_edit(src, out, prop, direction, thr))
        sims = [r["similarity"] for r in rows if r["similarity"] is not None]
        results.append({
            "prompt": prompt, "property": prop, "direction": "up" if direction > 0 else "down", "threshold": thr,
            "n": len(rows),
            "loose_hit": round(sum(r["loose"] for r in rows) / len(rows), 4) if rows else 0.0,
            "strict_hit": round(sum(r["strict"] for r in rows) / len(rows), 4) if rows else 0.0,
            "mean_similarity": round(sum(sims) / len(sims), 4) if sims else None,
            "validity": round(sum(r["valid"] for r in rows) / len(rows), 4) if rows else 0.0,
            "median_seconds": round(statistics.median(times), 3) if times else None,
        })
    return {"n_inputs": len(inputs), "min_similarity": min_similarity, "seed": seed, "tasks": results}


def default_zinc_path() -> Path | None:
    import os

    root = os.environ.get("DISCOVERY_DATASETS")
    p = Path(root) / "zinc250k" / "zinc250k.csv.gz" if root else None
    return p if p is not None and p.exists() else None


def _open_text(path: Path):
    return gzip.open(path, "rt") if str(path).endswith(".gz") else open(path, encoding="utf-8")
