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

When the first round of the beam finds no edit that meets the goal (typically "make it more
drug-like", QED +0.1, which usually takes two to four edits), a deeper **best-first search** takes
over (:func:`_deep_search`):

- every single edit of the expanded molecule is built (no sub-sampling), plus two moves aimed at
  the QED components and structural alerts: *contract* (delete a non-aromatic two-connected atom
  and join its neighbours: shorter linkers, fewer rotatable bonds, smaller rings, N-N/N-O and
  ester alerts broken) and *saturate* (lower the order of a non-aromatic double/triple bond:
  Michael acceptors, imines, alkenes, thiocarbonyls);
- only products above the similarity floor, and free of valence tricks (:func:`~discovery.generate.scoring.plausible`), are
  measured, and only for what the hard constraints need (QED from its eight parts, cLogP, TPSA,
  counts: ~0.5-1 ms each instead of the ~2.5 ms of the full descriptor set, SA score included);
- the most promising molecule (mean hard-constraint satisfaction + 0.3 x similarity to the input)
  is expanded next, so the search follows the steepest route toward the goal while keeping room
  under the similarity floor; products meeting every hard constraint get the full score, and the
  search stops after the neighbourhood that gave the first one (the closest working edit of it wins);
- a fixed budget (2,200 units: a built product is one, measuring it two more; not of time) bounds
  the cost (about 1 s CPU) and keeps runs reproducible.

A relative goal beyond what the property can reach (QED +0.1 from an input above 0.848: QED
cannot exceed 0.948) skips the deep search and says so in the message.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
from rdkit import Chem, DataStructs, RDLogger

from discovery.chem.descriptors import DESCRIPTOR_FUNCTIONS, compute_descriptors

from .scoring import Evaluation, GoalScorer, fingerprint, plausible
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


def _sanitized(rw: Chem.RWMol) -> Chem.Mol | None:
    """The sanitised product, or ``None`` (unsanitisable, or fell apart into fragments)."""
    try:
        mol = rw.GetMol()
        Chem.SanitizeMol(mol)
        # the scorer re-parses every SMILES and drops the ones that do not round-trip
        return None if len(Chem.GetMolFrags(mol)) > 1 else mol
    except Exception:
        return None


def _add_substituent(mol: Chem.Mol, atom_idx: int, sub: Chem.Mol) -> Chem.Mol | None:
    combo = Chem.RWMol(Chem.CombineMols(mol, sub))
    combo.AddBond(atom_idx, mol.GetNumAtoms(), Chem.BondType.SINGLE)
    a = combo.GetAtomWithIdx(atom_idx)
    if a.GetNumExplicitHs() > 0:
        a.SetNumExplicitHs(a.GetNumExplicitHs() - 1)
    return _sanitized(combo)


def _swap_element(mol: Chem.Mol, atom_idx: int, z: int) -> Chem.Mol | None:
    rw = Chem.RWMol(mol)
    if z == 1:  # halogen -> H: remove the atom
        rw.RemoveAtom(atom_idx)
    else:
        a = rw.GetAtomWithIdx(atom_idx)
        a.SetAtomicNum(z)
        a.SetNumExplicitHs(0)
        a.SetNoImplicit(False)
    return _sanitized(rw)


def _remove_atom(mol: Chem.Mol, atom_idx: int) -> Chem.Mol | None:
    rw = Chem.RWMol(mol)
    rw.RemoveAtom(atom_idx)
    return _sanitized(rw)


def _cut_bond(mol: Chem.Mol, bond_idx: int) -> Chem.Mol | None:
    frag = Chem.FragmentOnBonds(mol, [bond_idx], addDummies=False)
    parts = Chem.GetMolFrags(frag, asMols=True, sanitizeFrags=False)
    if len(parts) != 2:
        return None
    big = max(parts, key=lambda m: m.GetNumHeavyAtoms())
    if big.GetNumHeavyAtoms() < 0.5 * mol.GetNumHeavyAtoms():
        return None
    try:
        Chem.SanitizeMol(big)
        return big
    except Exception:
        return None


def _contract_atom(mol: Chem.Mol, atom_idx: int) -> Chem.Mol | None:
    """Delete a two-connected atom and bond its neighbours (CH2 out of a linker, ring contraction)."""
    atom = mol.GetAtomWithIdx(atom_idx)
    a, b = (n.GetIdx() for n in atom.GetNeighbors())
    if mol.GetBondBetweenAtoms(a, b) is not None:
        return None  # three-membered ring: contracting would leave a double edge
    rw = Chem.RWMol(mol)
    rw.AddBond(a, b, Chem.BondType.SINGLE)
    for k in (a, b):
        nb = rw.GetAtomWithIdx(k)
        if not nb.GetIsAromatic():
            nb.SetNumExplicitHs(0)
            nb.SetNoImplicit(False)
    rw.RemoveAtom(atom_idx)
    return _sanitized(rw)


def _saturate_bond(mol: Chem.Mol, bond_idx: int) -> Chem.Mol | None:
    """One bond order down (double -> single, triple -> double) on a non-aromatic bond."""
    rw = Chem.RWMol(mol)
    bond = rw.GetBondWithIdx(bond_idx)
    bond.SetBondType(Chem.BondType.SINGLE if bond.GetBondType() == Chem.BondType.DOUBLE else Chem.BondType.DOUBLE)
    for at in (bond.GetBeginAtom(), bond.GetEndAtom()):
        at.SetNumExplicitHs(0)
        at.SetNoImplicit(False)
    return _sanitized(rw)


def _deep_specs(mol: Chem.Mol) -> list[tuple]:
    """The extra moves of the deep search (see the module docstring)."""
    specs: list[tuple] = []
    for atom in mol.GetAtoms():
        if atom.GetDegree() == 2 and not atom.GetIsAromatic() and atom.GetFormalCharge() == 0:
            specs.append(("contract", atom.GetIdx(), None))
    for bond in mol.GetBonds():
        if not bond.GetIsAromatic() and bond.GetBondType() in (Chem.BondType.DOUBLE, Chem.BondType.TRIPLE):
            specs.append(("saturate", bond.GetIdx(), None))
    return specs


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


def _build_mol(mol: Chem.Mol, spec: tuple) -> Chem.Mol | None:
    op, i, arg = spec
    if op == "add":
        return _add_substituent(mol, i, _SUB_MOLS[arg])
    if op == "swap":
        return _swap_element(mol, i, arg)
    if op == "remove":
        return _remove_atom(mol, i)
    if op == "contract":
        return _contract_atom(mol, i)
    if op == "saturate":
        return _saturate_bond(mol, i)
    return _cut_bond(mol, i)


def _build(mol: Chem.Mol, spec: tuple) -> str | None:
    """Canonical SMILES of one edit of ``mol`` (``None`` when it gives no valid molecule)."""
    product = _build_mol(mol, spec)
    if product is None:
        return None
    try:
        return Chem.MolToSmiles(product)
    except Exception:
        return None


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


def _measure(mol: Chem.Mol, names: set[str]) -> dict:
    """The properties in ``names`` (all descriptors when one has no fast path)."""
    if any(k not in DESCRIPTOR_FUNCTIONS for k in names):
        return compute_descriptors(mol)
    return {k: DESCRIPTOR_FUNCTIONS[k](mol) for k in names}


#: Highest value a property can take, where a relative goal can ask for more than that. QED is a
#: weighted geometric mean of eight desirabilities; with every continuous one (MW, cLogP, TPSA) at
#: its maximum 1.0 and every count (HBA 3, HBD 1, rotatable bonds 3, aromatic rings 2, alerts 0) at
#: its best integer, it is 0.94845 (computed from ``rdkit.Chem.QED.adsParameters``).
_MAXIMA = {"qed": 0.94845}


def _unattainable(scorer: GoalScorer) -> str:
    """Why a hard relative constraint cannot be met whatever the edit ('' when it can)."""
    if scorer.ref_props is None:
        return ""
    for c in scorer.hard:
        top = _MAXIMA.get(c.name) if c.kind == "property" and c.op == "increase" else None
        if top is not None and scorer.ref_props[c.name] + float(c.value or 0.0) > top:
            return (f"{c.describe()} is out of reach: the input's {c.name.upper()} is "
                    f"{scorer.ref_props[c.name]:.3f} and {c.name.upper()} cannot exceed {top:g}")
    return ""


@dataclass
class EditOutcome:
    evaluations: list[Evaluation]  # best first; those meeting every hard constraint come first
    n_scored: int
    message: str = ""


#: Budget units of one measurement in the deep search (one built product = 1 unit).
_MEASURE_COST = 2


def _deep_search(scorer: GoalScorer, ref_fp, min_similarity: float,
                 seen: set[str], scored: dict[str, Evaluation], starts: list[tuple[float, float, str]],
                 n: int, max_built: int, sim_weight: float) -> None:
    """Best-first search on the hard constraints inside the similarity floor (fills ``scored``).

    ``starts``: (hard satisfaction, similarity, SMILES) of the molecules already measured (the input
    and the first round of the beam); the most promising one is expanded first. No random graph-GA
    mutations here: at ~25 ms each they cost as much as measuring a hundred systematic edits.
    """
    names = {c.name for c in scorer.hard if c.kind == "property"}
    heap: list[tuple[float, int, str]] = []
    tick = 0
    for hard, sim, s in starts:
        heapq.heappush(heap, (-(hard + sim_weight * sim), tick, s))
        tick += 1
    built = 0
    expanded: set[str] = set()
    closest: list[tuple[float, str]] = []  # the most promising failures, shown when nothing works
    while heap and built < max_built:
        _, _, parent = heapq.heappop(heap)
        if parent in expanded:
            continue
        expanded.add(parent)
        mol = Chem.MolFromSmiles(parent)
        if mol is None:
            continue
        for spec in _edit_specs(mol) + _deep_specs(mol):
            built += 1
            if built > max_built:
                break
            m = _build_mol(mol, spec)
            if m is None:
                continue
            try:
                s = Chem.MolToSmiles(m)
            except Exception:
                continue
            if s in seen:
                continue
            seen.add(s)
            # measured on the built molecule (no SMILES round trip: ~30% faster); an edit that
            # works is re-parsed from its SMILES by the scorer and its similarity checked again
            fp = fingerprint(m)
            sim = DataStructs.TanimotoSimilarity(ref_fp, fp)
            if sim < min_similarity or not plausible(m):
                continue
            # measuring costs about two builds: counting it keeps the worst case (a molecule whose
            # every edit stays above the floor) near the cost of a typical search
            built += _MEASURE_COST
            try:
                props = _measure(m, names)
                sats = [scorer._constraint(c, m, props, fp) for c in scorer.hard]
            except Exception:
                continue
            hard = float(np.mean([sat for _, sat in sats])) if sats else 1.0
            if all(chk.passed for chk, _ in sats):
                ev = scorer.evaluate(s)  # the full score (SA, similarity) only for edits that work
                scorer.n_scored += 1
                if ev is not None and ev.scores.get("similarity", 0.0) >= min_similarity:
                    scored[s] = ev
            else:
                closest = sorted(closest + [(hard + sim_weight * sim, s)], reverse=True)[:5]
            heapq.heappush(heap, (-(hard + sim_weight * sim), tick, s))
            tick += 1
        # a whole neighbourhood is measured before stopping, so the closest working edit of it wins
        if sum(1 for e in scored.values() if e.passed) >= n:
            return
    for _, s in closest:  # nothing met the goal: the edits that came closest get the full score
        ev = scorer.evaluate(s)
        scorer.n_scored += 1
        if ev is not None and ev.scores.get("similarity", 0.0) >= min_similarity:
            scored[s] = ev


def edit_molecule(smiles: str, spec: GoalSpec, n: int = 1, min_similarity: float = 0.5, seed: int = 0,
                  beam: int = 6, rounds: int = 5, max_per_round: int = 120, chunk: int = 40, min_passed: int = 3,
                  semantic_fn=None, deep: bool = True, max_built: int = 2200,
                  deep_sim_weight: float = 0.3) -> EditOutcome:
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
    deep : bool
        When the first beam round finds no edit meeting the goal, continue with the best-first
        search (:func:`_deep_search`) instead of further beam rounds.
    max_built : int
        Budget of the deep search, in built products (~0.3 ms each); measuring one above the
        similarity floor (~0.6 ms) counts as two more.
    deep_sim_weight : float
        Weight of the similarity next to the hard-constraint satisfaction when the deep search picks
        the molecule to expand.

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
    unattainable = _unattainable(scorer)
    for round_no in range(rounds):
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
        if unattainable:
            break  # the closest edits of the first round are shown, with the reason
        if deep and round_no == 0 and scorer.hard and not any(e.passed for e in scored.values()):
            # no single edit works: the goal needs several edits in a row (e.g. QED +0.1), which a
            # best-first search on the constraints finds far more often than more beam rounds
            ref_ev = scorer.evaluate(smiles)
            starts = [(ref_ev.hard if ref_ev else 0.0, 1.0, smiles)]
            starts += [(e.hard, e.scores.get("similarity", 0.0), e.smiles) for e in scored.values()]
            seen.discard(smiles)
            seen.update(s for _, _, s in starts)
            _deep_search(scorer, ref_fp, min_similarity, seen, scored, starts, n=n,
                         max_built=max_built, sim_weight=deep_sim_weight)
            break
        ranked = sorted(scored.values(), key=lambda e: -e.fitness)
        stalled = stalled + 1 if ranked[0].fitness <= best_fitness + 1e-9 else 0
        if stalled >= 2:
            break  # two rounds without progress: more rounds will not help this molecule
        best_fitness = max(best_fitness, ranked[0].fitness)
        frontier = [e.smiles for e in ranked[:beam]]
    scored.pop(smiles, None)
    ranked = sorted(scored.values(), key=lambda e: (not e.passed, -e.fitness))
    message = ""
    if not ranked:
        message = f"no edit keeps Tanimoto >= {min_similarity:g} to the input"
    elif not ranked[0].passed and unattainable:
        message = unattainable + "; the closest edits are shown (see their checks)"
    elif not ranked[0].passed:
        message = (f"no edit met every constraint with Tanimoto >= {min_similarity:g}; "
                   "the closest edits are shown (see their checks)")
    return EditOutcome(ranked, scorer.n_scored, message)
