"""Graph mutation and crossover operators (Jensen's Graph GA, as used by guacamol_baselines).

The operators follow J. H. Jensen, *Chem. Sci.* 2019, 10, 3567 ("A graph-based genetic
algorithm and generative model/Monte Carlo tree search for the exploration of chemical
space"): crossover cuts both parents at an acyclic single bond (or through a ring) and joins
one fragment of each; mutation applies one reaction SMARTS (insert/append/delete/change an
atom, change a bond order, open or close a ring). The probabilities are the published ones.

Differences from the reference code, all for speed or determinism:

- every reaction and SMARTS is compiled once, at import;
- randomness comes only from the ``numpy.random.Generator`` passed in, so a seed fixes a run;
- any RDKit exception returns ``None`` instead of propagating;
- the ring crossover joins fragments with both a single and a double bond (the reference code
  overwrote the single-bond products by mistake).

The public functions take and return SMILES; the ``*_mol`` variants work on kekulised RDKit
molecules and are what the optimiser uses in its inner loop.
"""

from __future__ import annotations

import numpy as np
from rdkit import Chem, RDLogger
from rdkit.Chem import AllChem

from discovery.chem.mol import sanitized

RDLogger.DisableLog("rdApp.*")

# Size window of offspring: heavy atoms > MIN_ATOMS and < N(AVERAGE_SIZE, SIZE_STDEV) drawn per
# check (guacamol_baselines' values for ChEMBL-like molecules).
MIN_ATOMS = 5
AVERAGE_SIZE = 39.15
SIZE_STDEV = 3.50


def _smarts(s: str) -> Chem.Mol:
    mol = Chem.MolFromSmarts(s)
    assert mol is not None, s
    return mol


def _rxn(s: str):
    rxn = AllChem.ReactionFromSmarts(s)
    rxn.Initialize()
    return rxn


# --- ring sanity (no allenes in rings, no macrocycles > 6, no double bonds in 3/4-rings) -----
_ANY_RING_ATOM = _smarts("[R]")
_RING_ALLENE = _smarts("[R]=[R]=[R]")
_DOUBLE_IN_SMALL_RING = _smarts("[r3,r4]=[r3,r4]")

# --- cut patterns for crossover -----------------------------------------------------------------
_ACYCLIC_SINGLE = _smarts("[*]-;!@[*]")
_RING_4 = _smarts("[R]@[R]@[R]@[R]")
_RING_BRANCH = _smarts("[R]@[R;!D2]@[R]")
_JOIN_NON_RING = _rxn("[*:1]-[1*].[1*]-[*:2]>>[*:1]-[*:2]")
_JOIN_RING_FIRST = [_rxn("[*:1]~[1*].[1*]~[*:2]>>[*:1]-[*:2]"), _rxn("[*:1]~[1*].[1*]~[*:2]>>[*:1]=[*:2]")]
_JOIN_RING_CLOSE = [_rxn("([*:1]~[1*].[1*]~[*:2])>>[*:1]-[*:2]"), _rxn("([*:1]~[1*].[1*]~[*:2])>>[*:1]=[*:2]")]

# --- mutation reactions (all compiled once) ----------------------------------------------------
_DELETE_ATOM = [
    _rxn("[*:1]~[D1]>>[*:1]"),
    _rxn("[*:1]~[D2]~[*:2]>>[*:1]-[*:2]"),
    _rxn("[*:1]~[D3](~[*;!H0:2])~[*:3]>>[*:1]-[*:2]-[*:3]"),
    _rxn("[*:1]~[D4](~[*;!H0:2])(~[*;!H0:3])~[*:4]>>[*:1]-[*:2]-[*:3]-[*:4]"),
    _rxn("[*:1]~[D4](~[*;!H0;!H1:2])(~[*:3])~[*:4]>>[*:1]-[*:2](-[*:3])-[*:4]"),
]
_DELETE_ATOM_P = [0.25, 0.25, 0.25, 0.1875, 0.0625]

_BOND_ORDERS_P = [0.60, 0.35, 0.05]  # single, double, triple
_APPEND_ATOMS = [["C", "N", "O", "F", "S", "Cl", "Br"], ["C", "N", "O"], ["C", "N"]]
_APPEND = [
    [_rxn(f"[*;!H0:1]>>[*:1]-{a}") for a in _APPEND_ATOMS[0]],
    [_rxn(f"[*;!H0;!H1:1]>>[*:1]={a}") for a in _APPEND_ATOMS[1]],
    [_rxn(f"[*;H3:1]>>[*:1]#{a}") for a in _APPEND_ATOMS[2]],
]
_INSERT_ATOMS = [["C", "N", "O", "S"], ["C", "N"], ["C"]]
_INSERT = [
    [_rxn(f"[*:1]~[*:2]>>[*:1]{a}[*:2]") for a in _INSERT_ATOMS[0]],
    [_rxn(f"[*;!H0:1]~[*:2]>>[*:1]={a}-[*:2]") for a in _INSERT_ATOMS[1]],
    [_rxn(f"[*;!R;!H1;!H0:1]~[*:2]>>[*:1]#{a}-[*:2]") for a in _INSERT_ATOMS[2]],
]
_CHANGE_BOND = [
    _rxn("[*:1]!-[*:2]>>[*:1]-[*:2]"),
    _rxn("[*;!H0:1]-[*;!H0:2]>>[*:1]=[*:2]"),
    _rxn("[*:1]#[*:2]>>[*:1]=[*:2]"),
    _rxn("[*;!R;!H1;!H0:1]~[*:2]>>[*:1]#[*:2]"),
]
_CHANGE_BOND_P = [0.45, 0.45, 0.05, 0.05]
_DELETE_CYCLIC_BOND = _rxn("[*:1]@[*:2]>>([*:1].[*:2])")
_ADD_RING = [
    _rxn("[*;!r;!H0:1]~[*;!r:2]~[*;!r;!H0:3]>>[*:1]1~[*:2]~[*:3]1"),
    _rxn("[*;!r;!H0:1]~[*!r:2]~[*!r:3]~[*;!r;!H0:4]>>[*:1]1~[*:2]~[*:3]~[*:4]1"),
    _rxn("[*;!r;!H0:1]~[*!r:2]~[*:3]~[*:4]~[*;!r;!H0:5]>>[*:1]1~[*:2]~[*:3]~[*:4]~[*:5]1"),
    _rxn("[*;!r;!H0:1]~[*!r:2]~[*:3]~[*:4]~[*!r:5]~[*;!r;!H0:6]>>[*:1]1~[*:2]~[*:3]~[*:4]~[*:5]~[*:6]1"),
]
_ADD_RING_P = [0.05, 0.05, 0.45, 0.45]
_ELEMENTS = ["#6", "#7", "#8", "#9", "#16", "#17", "#35"]
_ELEMENTS_P = [0.15, 0.15, 0.14, 0.14, 0.14, 0.14, 0.14]
_ELEMENT_QUERY = {e: _smarts(f"[{e}]") for e in _ELEMENTS}
_CHANGE_ATOM = {(x, y): _rxn(f"[{x}:1]>>[{y}:1]") for x in _ELEMENTS for y in _ELEMENTS if x != y}
# insert, change bond order, delete cyclic bond, add ring, delete atom, change atom, append atom
_MUTATION_P = [0.15, 0.14, 0.14, 0.14, 0.14, 0.14, 0.15]


def as_rng(rng) -> np.random.Generator:
    """A ``numpy.random.Generator`` from a Generator, an int seed or ``None``."""
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(rng)


def ring_ok(mol: Chem.Mol) -> bool:
    """No ring allenes, no rings larger than 6, no double bonds inside 3- or 4-rings."""
    if not mol.HasSubstructMatch(_ANY_RING_ATOM):
        return True
    if mol.HasSubstructMatch(_RING_ALLENE):
        return False
    rings = mol.GetRingInfo().AtomRings()
    if rings and max(len(r) for r in rings) > 6:
        return False
    return not mol.HasSubstructMatch(_DOUBLE_IN_SMALL_RING)


def mol_ok(mol: Chem.Mol, rng: np.random.Generator) -> bool:
    """Sanitisable, round-trips through SMILES, and inside the (randomised) size window."""
    # the size test is cheap and rejects most products, so it runs before sanitisation
    target = SIZE_STDEV * rng.standard_normal() + AVERAGE_SIZE
    if not MIN_ATOMS < mol.GetNumAtoms() < target:
        return False
    try:
        Chem.SanitizeMol(mol)
        return Chem.MolFromSmiles(Chem.MolToSmiles(mol)) is not None
    except Exception:  # RDKit raises many types on broken intermediates
        return False


def kekulized(smiles_or_mol) -> Chem.Mol | None:
    """A kekulised copy (reaction SMARTS work on explicit single/double bonds) or ``None``."""
    try:
        mol = Chem.MolFromSmiles(smiles_or_mol) if isinstance(smiles_or_mol, str) else Chem.Mol(smiles_or_mol)
        if mol is None:
            return None
        Chem.Kekulize(mol, clearAromaticFlags=True)
        return mol
    except Exception:
        return None


def _pick(rng: np.random.Generator, items):
    return items[int(rng.integers(len(items)))]


def _first_ok(rng: np.random.Generator, mols, ring_check: bool = False) -> Chem.Mol | None:
    """A uniformly random acceptable molecule of ``mols``: shuffle, return the first that passes.

    Same distribution as "filter all, then pick one" (the reference code), without checking
    every product.
    """
    for i in rng.permutation(len(mols)):
        m = mols[int(i)]
        if mol_ok(m, rng) and (not ring_check or ring_ok(m)):
            return m
    return None


# ------------------------------------------------------------------------------ crossover
def _cut(mol: Chem.Mol, rng: np.random.Generator):
    matches = mol.GetSubstructMatches(_ACYCLIC_SINGLE)
    if not matches:
        return None
    a, b = _pick(rng, matches)
    bonds = [mol.GetBondBetweenAtoms(a, b).GetIdx()]
    frag = Chem.FragmentOnBonds(mol, bonds, addDummies=True, dummyLabels=[(1, 1)])
    try:
        return Chem.GetMolFrags(frag, asMols=True, sanitizeFrags=True)
    except Exception:
        return None


def _cut_ring(mol: Chem.Mol, rng: np.random.Generator):
    for _ in range(10):
        if rng.random() < 0.5:
            matches = mol.GetSubstructMatches(_RING_4)
            if not matches:
                return None
            m = _pick(rng, matches)
            pairs = ((m[0], m[1]), (m[2], m[3]))
        else:
            matches = mol.GetSubstructMatches(_RING_BRANCH)
            if not matches:
                return None
            m = _pick(rng, matches)
            pairs = ((m[0], m[1]), (m[1], m[2]))
        bonds = [mol.GetBondBetweenAtoms(x, y).GetIdx() for x, y in pairs]
        frag = Chem.FragmentOnBonds(mol, bonds, addDummies=True, dummyLabels=[(1, 1), (1, 1)])
        try:
            frags = Chem.GetMolFrags(frag, asMols=True, sanitizeFrags=True)
        except Exception:
            return None
        if len(frags) == 2:
            return frags
    return None


def _crossover_ring(a: Chem.Mol, b: Chem.Mol, rng: np.random.Generator) -> Chem.Mol | None:
    if not a.HasSubstructMatch(_ANY_RING_ATOM) and not b.HasSubstructMatch(_ANY_RING_ATOM):
        return None
    for _ in range(10):
        frags_a, frags_b = _cut_ring(a, rng), _cut_ring(b, rng)
        if frags_a is None or frags_b is None:
            return None
        # lazily, in random order: join one fragment of each parent, then close the ring
        combos = [(r, fa, fb) for r in _JOIN_RING_FIRST for fa in frags_a for fb in frags_b]
        for i in rng.permutation(len(combos)):
            rxn, fa, fb = combos[int(i)]
            products = rxn.RunReactants((fa, fb))
            if not products or not mol_ok(products[0][0], rng):
                continue
            m = products[0][0]
            closed = [p[0] for r in _JOIN_RING_CLOSE for p in r.RunReactants((m,))]
            child = _first_ok(rng, closed, ring_check=True)
            if child is not None:
                return child
    return None


def _crossover_non_ring(a: Chem.Mol, b: Chem.Mol, rng: np.random.Generator) -> Chem.Mol | None:
    for _ in range(10):
        frags_a, frags_b = _cut(a, rng), _cut(b, rng)
        if frags_a is None or frags_b is None:
            return None
        combos = [(fa, fb) for fa in frags_a for fb in frags_b]
        for i in rng.permutation(len(combos)):
            fa, fb = combos[int(i)]
            products = _JOIN_NON_RING.RunReactants((fa, fb))
            if products and mol_ok(products[0][0], rng):
                return products[0][0]
    return None


def crossover_mol(a: Chem.Mol, b: Chem.Mol, rng, parents: set[str] | None = None) -> Chem.Mol | None:
    """Child of two kekulised parents (ring or non-ring cut, 50/50), different from both, or ``None``.

    ``parents``: the parents' SMILES as ``Chem.MolToSmiles`` writes the kekulised molecules
    (computed when not given).
    """
    rng = as_rng(rng)
    try:
        if parents is None:
            parents = {Chem.MolToSmiles(a), Chem.MolToSmiles(b)}
        for _ in range(10):
            child = _crossover_non_ring(a, b, rng) if rng.random() <= 0.5 else _crossover_ring(a, b, rng)
            if child is not None and Chem.MolToSmiles(child) not in parents:
                return child
    except Exception:
        return None
    return None


# ------------------------------------------------------------------------------- mutation
def _mutation_reaction(mol: Chem.Mol, rng: np.random.Generator):
    kind = int(rng.choice(7, p=_MUTATION_P))
    if kind == 0:  # insert an atom into a bond
        order = int(rng.choice(3, p=_BOND_ORDERS_P))
        return _pick(rng, _INSERT[order])
    if kind == 1:
        return _CHANGE_BOND[int(rng.choice(4, p=_CHANGE_BOND_P))]
    if kind == 2:
        return _DELETE_CYCLIC_BOND
    if kind == 3:
        return _ADD_RING[int(rng.choice(4, p=_ADD_RING_P))]
    if kind == 4:
        return _DELETE_ATOM[int(rng.choice(5, p=_DELETE_ATOM_P))]
    if kind == 5:  # change an element present in the molecule into another one
        present = [e for e in _ELEMENTS if mol.HasSubstructMatch(_ELEMENT_QUERY[e])]
        if not present:
            return None
        p = np.array([_ELEMENTS_P[_ELEMENTS.index(e)] for e in present])
        x = present[int(rng.choice(len(present), p=p / p.sum()))]
        others = [e for e in _ELEMENTS if e != x]
        q = np.array([_ELEMENTS_P[_ELEMENTS.index(e)] for e in others])
        y = others[int(rng.choice(len(others), p=q / q.sum()))]
        return _CHANGE_ATOM[(x, y)]
    order = int(rng.choice(3, p=_BOND_ORDERS_P))  # append an atom
    return _pick(rng, _APPEND[order])


def mutate_mol(mol: Chem.Mol, rng, mutation_rate: float = 1.0) -> Chem.Mol | None:
    """Apply one random graph mutation with probability ``mutation_rate`` (else return ``mol``).

    Up to 10 attempts; ``None`` when no attempt gives a sane molecule.
    """
    rng = as_rng(rng)
    if rng.random() > mutation_rate:
        return mol
    try:
        mol = Chem.Mol(mol)
        Chem.Kekulize(mol, clearAromaticFlags=True)
        for _ in range(10):
            rxn = _mutation_reaction(mol, rng)
            if rxn is None:
                continue
            child = _first_ok(rng, [p[0] for p in rxn.RunReactants((mol,))], ring_check=True)
            if child is not None:
                return child
    except Exception:
        return None
    return None


def _to_smiles(mol: Chem.Mol | None) -> str | None:
    if mol is None:
        return None
    try:
        smi = Chem.MolToSmiles(mol)
        check = Chem.MolFromSmiles(smi)
        return Chem.MolToSmiles(check) if check is not None else None
    except Exception:
        return None


def mutate(smiles: str, rng) -> str | None:
    """One random graph mutation of ``smiles``: canonical SMILES of the result, or ``None``."""
    mol = kekulized(smiles)
    if mol is None:
        return None
    child = mutate_mol(mol, rng, mutation_rate=1.0)
    return _to_smiles(child)


def crossover(a: str, b: str, rng) -> str | None:
    """Graph crossover of two SMILES: canonical SMILES of a child, or ``None``."""
    ma, mb = kekulized(a), kekulized(b)
    if ma is None or mb is None:
        return None
    return _to_smiles(crossover_mol(ma, mb, rng))


def bond_taking_hydrogens(combo: Chem.RWMol, i: int, j: int) -> None:
    """Bond atoms ``i`` and ``j`` (single); the new bond takes one hydrogen from each end."""
    combo.AddBond(i, j, Chem.BondType.SINGLE)
    for idx in (i, j):
        atom = combo.GetAtomWithIdx(idx)
        atom.SetNoImplicit(False)
        if atom.GetNumExplicitHs():
            atom.SetNumExplicitHs(atom.GetNumExplicitHs() - 1)


def attach(core: str, fragment: str, rng) -> str | None:
    """``core`` and ``fragment`` joined by one single bond between two random H-bearing atoms.

    Unlike crossover this keeps every atom of ``core``, so a required ring system survives: it is
    how a bare group example ("c1nc2ccccc2[nH]1") grows into a seed of drug-like size.
    """
    rng = as_rng(rng)
    a, b = Chem.MolFromSmiles(core), Chem.MolFromSmiles(fragment)
    if a is None or b is None:
        return None
    sites_a = [at.GetIdx() for at in a.GetAtoms() if at.GetTotalNumHs() > 0]
    sites_b = [at.GetIdx() for at in b.GetAtoms() if at.GetTotalNumHs() > 0]
    if not sites_a or not sites_b:
        return None
    i, j = _pick(rng, sites_a), _pick(rng, sites_b)
    combo = Chem.RWMol(Chem.CombineMols(a, b))
    bond_taking_hydrogens(combo, i, j + a.GetNumAtoms())
    return _to_smiles(sanitized(combo))
