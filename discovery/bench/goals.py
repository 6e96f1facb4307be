"""Goal-satisfaction benchmark: does ``generate`` give what a chemist asked for?

The dev set (``docs/goals/dev_goals.jsonl``: ``{"id", "goal"}``) is checked against an
INDEPENDENT criteria file (``docs/goals/dev_criteria.jsonl``: ``{"id", "criteria": [...]}``) that
was written by hand and is evaluated here with RDKit directly — not with the parser, the scorer
or :mod:`discovery.chem` — so a misparsed goal shows up as failed criteria.

Criteria
--------
``{"prop": "mw", "min": 200, "max": 400}``
    A descriptor window (RDKit: MolWt, Crippen MolLogP, TPSA, NumHDonors, NumHAcceptors,
    NumRotatableBonds, ring counts, heavy atoms, formal charge, QED, SA score, stereocentres, Fsp3).
``{"smarts": ["...", ...], "present": true}``
    Any of the SMARTS matches (``present``) / none matches (``present: false``).
``{"smarts": ["..."], "min_count": 3, "max_count": 4}``
    How many times a SMARTS occurs (distinct matches; the largest count over the list) lies in
    the window ("at least 3 nitrogen atoms": ``[#7]``, ``min_count`` 3).
``{"tanimoto_to": "SMILES", "min": 0.4}``
    Morgan radius-2, 2048-bit Tanimoto to a reference.

Metrics over the top ``n`` candidates of each goal: the fraction meeting all criteria (missing
candidates count as failures), validity, uniqueness, novelty against the library (InChIKey not
in the store), internal diversity (1 - mean pairwise Tanimoto, averaged over goals), seconds.
"""

from __future__ import annotations

import json
import statistics
import time
from itertools import combinations
from pathlib import Path

from rdkit import Chem, DataStructs, RDLogger
from rdkit.Chem import QED, Crippen, Descriptors, rdFingerprintGenerator
from rdkit.Chem import rdMolDescriptors as rdmd

RDLogger.DisableLog("rdApp.*")

ROOT = Path(__file__).resolve().parents[2]
DEV_GOALS = ROOT / "docs" / "goals" / "dev_goals.jsonl"
DEV_CRITERIA = ROOT / "docs" / "goals" / "dev_criteria.jsonl"

_FP = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)


def _sa(mol) -> float:
    from rdkit.Contrib.SA_Score import sascorer

    return float(sascorer.calculateScore(mol))


#: Independent descriptor definitions (plain RDKit calls).
PROPS = {
    "mw": Descriptors.MolWt,
    "clogp": Crippen.MolLogP,
    "tpsa": rdmd.CalcTPSA,
    "hbd": Descriptors.NumHDonors,
    "hba": Descriptors.NumHAcceptors,
    "rotatable_bonds": Descriptors.NumRotatableBonds,
    "rings": rdmd.CalcNumRings,
    "aromatic_rings": rdmd.CalcNumAromaticRings,
    "heavy_atoms": lambda m: m.GetNumHeavyAtoms(),
    "formal_charge": Chem.GetFormalCharge,
    "qed": QED.qed,
    "sa_score": _sa,
    "stereocentres": lambda m: len(Chem.FindMolChiralCenters(m, includeUnassigned=True, useLegacyImplementation=False)),
    "fraction_csp3": rdmd.CalcFractionCSP3,
}


def read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def meets(smiles: str, criteria: list[dict]) -> tuple[bool, list[str]]:
    """(all criteria hold, descriptions of the failed ones) for one SMILES."""
    mol = Chem.MolFromSmiles(smiles) if smiles else None
    if mol is None:
        return False, ["invalid SMILES"]
    failed = []
    for c in criteria:
        if "prop" in c:
            v = PROPS[c["prop"]](mol)
            if ("min" in c and v < c["min"] - 1e-9) or ("max" in c and v > c["max"] + 1e-9):
                failed.append(f"{c['prop']}={v:.2f} not in [{c.get('min', '-inf')}, {c.get('max', 'inf')}]")
        elif "smarts" in c and ("min_count" in c or "max_count" in c):
            n = max(len(mol.GetSubstructMatches(Chem.MolFromSmarts(s), maxMatches=1000)) for s in c["smarts"])
            if n < c.get("min_count", 0) or n > c.get("max_count", float("inf")):
                failed.append(f"{n} x {c['smarts']} not in [{c.get('min_count', 0)}, {c.get('max_count', 'inf')}]")
        elif "smarts" in c:
            hit = any(mol.HasSubstructMatch(Chem.MolFromSmarts(s)) for s in c["smarts"])
            if hit != bool(c.get("present", True)):
                failed.append(f"{'missing' if c.get('present', True) else 'has'} {c['smarts']}")
        elif "tanimoto_to" in c:
            ref = Chem.MolFromSmiles(c["tanimoto_to"])
            sim = DataStructs.TanimotoSimilarity(_FP.GetFingerprint(mol), _FP.GetFingerprint(ref))
            if sim < c["min"] - 1e-9:
                failed.append(f"Tanimoto {sim:.2f} < {c['min']} to {c['tanimoto_to']}")
        else:
            failed.append(f"unknown criterion {c}")
    return not failed, failed


def internal_diversity(smiles: list[str]) -> float | None:
    """1 - mean pairwise Tanimoto (Morgan r2, 2048 bits); None for fewer than two molecules."""
    fps = [_FP.GetFingerprint(m) for m in (Chem.MolFromSmiles(s) for s in smiles) if m is not None]
    if len(fps) < 2:
        return None
    sims = [DataStructs.TanimotoSimilarity(a, b) for a, b in combinations(fps, 2)]
    return 1.0 - sum(sims) / len(sims)


def _in_library(lib, smiles: str) -> bool:
    from discovery.store import repo

    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return False
    with lib.session() as s:
        return repo.molecule_id_by_inchikey(s, Chem.MolToInchiKey(mol)) is not None


def run_goals_bench(lib, goals_path: str | Path = DEV_GOALS, criteria_path: str | Path = DEV_CRITERIA,
                    n: int = 10, seed: int = 0, budget: int | None = None, limit: int | None = None,
                    ids: list[str] | None = None, progress: bool = True) -> dict:
    """Run ``generate`` on every dev goal and check the candidates against the criteria file.

    Returns
    -------
    dict
        ``{"summary": {...}, "goals": [per-goal rows]}``.
    """
    goals = read_jsonl(goals_path)
    criteria = {d["id"]: d["criteria"] for d in read_jsonl(criteria_path)}
    if ids:
        goals = [g for g in goals if g["id"] in set(ids)]
    if limit:
        goals = goals[: int(limit)]
    rows = []
    iterator = goals
    if progress:
        from tqdm import tqdm

        iterator = tqdm(goals, desc="goals", unit="goal")
    for g in iterator:
        t0 = time.perf_counter()
        error = ""
        try:
            res = lib.generate(g["goal"], n=n, seed=seed, budget=budget)
            smiles = [c.smiles for c in res.candidates]
            message = res.message
        except Exception as exc:  # a bad goal counts as n failures, the bench goes on
            smiles, message, error = [], "", f"{type(exc).__name__}: {exc}"
        secs = time.perf_counter() - t0
        valid = [s for s in smiles if Chem.MolFromSmiles(s) is not None]
        canon = [Chem.MolToSmiles(Chem.MolFromSmiles(s)) for s in valid]
        checks = [meets(s, criteria[g["id"]]) for s in smiles]
        failures = [f for ok, f in checks if not ok]
        rows.append({
            "id": g["id"], "goal": g["goal"], "returned": len(smiles), "valid": len(valid),
            "unique": len(set(canon)), "meet_all": sum(1 for ok, _ in checks if ok),
            "novel": sum(1 for s in canon if not _in_library(lib, s)),
            "diversity": internal_diversity(canon), "seconds": round(secs, 1),
            "failures": [f for fs in failures for f in fs][:5], "message": message, "error": error,
        })
    total_asked = n * len(rows)
    returned = sum(r["returned"] for r in rows)
    divs = [r["diversity"] for r in rows if r["diversity"] is not None]
    summary = {
        "goals": len(rows),
        "n_per_goal": n,
        "budget": budget,
        "seed": seed,
        "meet_all_fraction": round(sum(r["meet_all"] for r in rows) / total_asked, 4) if total_asked else 0.0,
        "goals_all_meet": sum(1 for r in rows if r["meet_all"] == n),
        "validity": round(sum(r["valid"] for r in rows) / returned, 4) if returned else 0.0,
        "uniqueness": round(sum(r["unique"] for r in rows) / returned, 4) if returned else 0.0,
        "novelty": round(sum(r["novel"] for r in rows) / returned, 4) if returned else 0.0,
        "internal_diversity": round(sum(divs) / len(divs), 4) if divs else None,
        "returned_fraction": round(returned / total_asked, 4) if total_asked else 0.0,
        "median_seconds": statistics.median([r["seconds"] for r in rows]) if rows else None,
    }
    return {"summary": summary, "goals": rows}
