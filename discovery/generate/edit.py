"""Editing: small, chemically sensible changes to one molecule that move it toward a goal.

A beam search over single edits (the way a medicinal chemist would try them):

- add a substituent (F, Cl, CH3, OH, NH2, OMe, CN, CF3, C(=O)NH2, COOH, SO2NH2 ...) to an atom
  that carries a hydrogen;
- swap an element (C<->N, C<->O, N<->O, S<->O, aromatic CH -> N, halogen swaps);
- remove a terminal atom, or cut a side chain (keep the larger fragment of a non-ring bond);
- plus a few random graph-GA mutations (:func:`discovery.generate.mutations.mutate`).

Every product is sanitised by RDKit, kept only if its Tanimoto (Morgan r2, 2048 bits) to the input
is at least ``min_similarity``, and scored with :class:`GoalScorer` (the goal's constraints,
relative ones measured against the input, plus similarity to the input). The search stops as
soon as enough edits meet every hard constraint.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rdkit import Chem, DataStructs, RDLogger

from .scoring import Evaluation, GoalScorer, fingerprint
from .spec import GoalSpec

__all__ = ["neighbours", "edit_molecule", "EditOutcome"]

RDLogger.DisableLog("rdApp.*")

SUBSTITUENTS = [
    "F", "Cl", "Br", "C", "O", "N", "OC", "C#N", "C(F)(F)F", "C(N)=O", "C(=O)O", "S(N)(=O)=O", "N(C)C",
    "C(C)=O", "CO", "CC", "NC(C)=O", "S(C)(=O)=O", "c1ccccc1", "N1CCOCC1", "C(C)C",
]
_SUB_MOLS = [Chem.MolFromSmiles(s) for s in SUBSTITUENTS]

# element swaps: from atomic number (aromatic flag) -> candidate atomic numbers
_SWAPS = {6: (7, 8, 16), 7: (6, 8), 8: (7, 6, 16), 16: (8, 6), 9: (17, 1), 17: (9, 35, 6), 35: (17, 6), 53: (35, 17)}


def _sanitized(rw: Chem.RWMol) -> str | None:
    try:
        mol = rw.GetMol()
        Chem.SanitizeMol(mol)
        smi = Chem.MolToSmiles(mol)
        # the scorer re-parses every SMILES and drops the ones that do not round-trip
        return None if "." in smi else smi
    except Exception:
        return None


def _add_substituent(mol: Chem.Mol, atom_idx: int, sub: Chem.Mol) -> str | None:
    combo = Chem.RWMol(Chem.CombineMols(mol, sub))
    combo.AddBond(atom_idx, mol.GetNumAtoms(), Chem.BondType.SINGLE)
    a = combo.GetAtomWithIdx(atom_idx)
    if a.GetNumExplicitHs() > 0:
        a.SetNumExplicitHs(a.GetNumExplicitHs() - 1)
    return _sanitized(combo)


def _swap_element(mol: Chem.Mol, atom_idx: int, z: int) -> str | None:
    rw = Chem.RWMol(mol)
    if z == 1:  # halogen -> H: remove the atom
        rw.RemoveAtom(atom_idx)
    else:
        a = rw.GetAtomWithIdx(atom_idx)
        a.SetAtomicNum(z)
        a.SetNumExplicitHs(0)
        a.SetNoImplicit(False)
    return _sanitized(rw)


def _remove_atom(mol: Chem.Mol, atom_idx: int) -> str | None:
    rw = Chem.RWMol(mol)
    rw.RemoveAtom(atom_idx)
    return _sanitized(rw)


def _cut_bond(mol: Chem.Mol, bond_idx: int) -> str | None:
    frag = Chem.FragmentOnBonds(mol, [bond_idx], addDummies=False)
    parts = Chem.GetMolFrags(frag, asMols=True, sanitizeFrags=False)
    if len(parts) != 2:
        return None
    big = max(parts, key=lambda m: m.GetNumHeavyAtoms())
    if big.GetNumHeavyAtoms() < 0.5 * mol.GetNumHeavyAtoms():
        return None
    try:
        Chem.SanitizeMol(big)
        return Chem.MolToSmiles(big)
    except Exception:
        return None


def _edit_specs(mol: Chem.Mol) -> list[tuple]:
    """Every single edit of ``mol`` as a cheap description (built only when needed)."""
    specs: list[tuple] = []
    for atom in mol.GetAtoms():
        i = atom.GetIdx()
        if atom.GetTotalNumHs() > 0 and atom.GetFormalCharge() == 0:
            specs += [("add", i, k) for k in range(len(_SUB_MOLS))]
        specs += [("swap", i, z) for z in _SWAPS.get(atom.GetAtomicNum(), ())]
        if atom.GetDegree() == 1:
            specs.append(("remove", i, None))
    for bond in mol.GetBonds():
        if not bond.IsInRing() and bond.GetBondType() == Chem.BondType.SINGLE:
            specs.append(("cut", bond.GetIdx(), None))
    return specs


def _build(mol: Chem.Mol, spec: tuple) -> str | None:
    op, i, arg = spec
    if op == "add":
        return _add_substituent(mol, i, _SUB_MOLS[arg])
    if op == "swap":
        return _swap_element(mol, i, arg)
    if op == "remove":
        return _remove_atom(mol, i)
    return _cut_bond(mol, i)


def iter_neighbours(smiles: str, rng: np.random.Generator | None = None, n_random: int = 5):
    """Single edits of a molecule, built lazily in a (seeded) random order; may repeat SMILES."""
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return
    specs = _edit_specs(mol)
    order = rng.permutation(len(specs)) if rng is not None else range(len(specs))
    for k in order:
        smi = _build(mol, specs[int(k)])
        if smi:
            yield smi
    if rng is not None and n_random:
        try:
            from .mutations import mutate
        except Exception:  # the graph-GA mutations are optional here
            return
        for _ in range(n_random):
            try:
                smi = mutate(smiles, rng)
            except Exception:
                smi = None
            if smi:
                yield smi


def neighbours(smiles: str, rng: np.random.Generator | None = None, n_random: int = 5) -> list[str]:
    """All single edits of a molecule (canonical SMILES, unique, input excluded)."""
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return []
    input_canon = Chem.MolToSmiles(mol)
    return [s for s in dict.fromkeys(iter_neighbours(smiles, rng, n_random)) if s != input_canon]


@dataclass
class EditOutcome:
    evaluations: list[Evaluation]  # best first; those meeting every hard constraint come first
    n_scored: int
    message: str = ""


def edit_molecule(smiles: str, spec: GoalSpec, n: int = 1, min_similarity: float = 0.5, seed: int = 0,
                  beam: int = 6, rounds: int = 5, max_per_round: int = 120, chunk: int = 40, min_passed: int = 3,
                  semantic_fn=None) -> EditOutcome:
    """Beam search of edits of ``smiles`` that meet ``spec`` with Tanimoto >= ``min_similarity``.

    Parameters
    ----------
    smiles : str
        Canonical input SMILES (the reference of relative constraints).
    spec : GoalSpec
        Parsed in edit mode, ``spec.reference`` = the input.
    n : int
        How many edits to return.
    min_similarity : float
        Minimal Tanimoto (Morgan r2, 2048 bits) of an edit to the input.
    seed : int
        Seeds the random extra mutations and the sub-sampling of large neighbourhoods.

    Returns
    -------
    EditOutcome
    """
    rng = np.random.default_rng(seed)
    mol = Chem.MolFromSmiles(smiles)
    ref_fp = fingerprint(mol)
    scorer = GoalScorer(spec, reference=smiles, semantic_fn=semantic_fn, similarity_weight=3.0)
    frontier = [smiles]
    seen = {smiles}
    scored: dict[str, Evaluation] = {}
    best_fitness, stalled = float("-inf"), 0
    for _ in range(rounds):
        pool: list[tuple[float, str]] = []
        for parent in frontier:
            # neighbours come in a seeded random order; taking the first ``max_per_round`` that
            # keep the similarity floor avoids building every edit of a large molecule
            for s in iter_neighbours(parent, rng):
                if s in seen:
                    continue
                seen.add(s)
                m = Chem.MolFromSmiles(s)
                if m is None:
                    continue
                sim = DataStructs.TanimotoSimilarity(ref_fp, fingerprint(m))
                if sim >= min_similarity:
                    pool.append((sim, s))
                    if len(pool) >= max_per_round * (frontier.index(parent) + 1) // len(frontier):
                        break
        if not pool:
            break
        # most similar first, scored in chunks: the search stops at the first chunk that gives
        # enough edits meeting the goal (the closest edits that work, and a fast answer)
        pool.sort(key=lambda x: -x[0])
        pool = pool[:max_per_round]
        done = False
        for i in range(0, len(pool), chunk):
            part = [s for _, s in pool[i:i + chunk]]
            scorer(part)
            for s in part:
                ev = scorer.cache.get(s)
                if ev is not None:
                    scored[s] = ev
            if sum(1 for e in scored.values() if e.passed) >= max(n, min_passed):
                done = True
                break
        if done:
            break
        ranked = sorted(scored.values(), key=lambda e: -e.fitness)
        stalled = stalled + 1 if ranked[0].fitness <= best_fitness + 1e-9 else 0
        if stalled >= 2:
            break  # two rounds without progress: more rounds will not help this molecule
        best_fitness = max(best_fitness, ranked[0].fitness)
        frontier = [e.smiles for e in ranked[:beam]]
    ranked = sorted(scored.values(), key=lambda e: (not e.passed, -e.fitness))
    message = ""
    if not ranked:
        message = f"no edit keeps Tanimoto >= {min_similarity:g} to the input"
    elif not ranked[0].passed:
        message = (f"no edit met every constraint with Tanimoto >= {min_similarity:g}; "
                   "the closest edits are shown (see their checks)")
    return EditOutcome(ranked, scorer.n_scored, message)
