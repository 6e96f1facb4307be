"""Checking and scoring candidates against a :class:`GoalSpec`.

:func:`check` is the checklist a user sees (one :class:`ConstraintCheck` per hard constraint,
with the measured value). :class:`GoalScorer` is the fitness the optimiser climbs:

``fitness = 2 * hard + [all hard constraints hold] + soft``

- ``hard`` is the mean satisfaction of the hard constraints: 1 when a constraint holds, otherwise
  ``0.9 * exp(-violation / scale)`` so a molecule closer to the window scores higher (smooth
  penalties give the genetic algorithm a slope to climb);
- ``soft`` is a weighted mean of QED, SA (``(10 - SA) / 9``), soft directions ("high QED" without
  a reference), and the cosine between the molecule and the goal's semantic text in the shared
  space (computed only for molecules that meet every hard constraint, the ones it ranks, because
  the molecule encoder is the costly part; skipped, with a note, when no model is available).

Diversity is not part of the per-molecule fitness; candidates are picked diverse afterwards
(:func:`discovery.generate.api.select_diverse`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from rdkit import Chem, DataStructs, RDLogger
from rdkit.Chem import rdFingerprintGenerator

from discovery.chem.descriptors import compute_descriptors

from .spec import Constraint, ConstraintCheck, GoalSpec, bounds

__all__ = ["check", "score", "GoalScorer", "Evaluation", "SCALES", "fingerprint", "similarity"]

RDLogger.DisableLog("rdApp.*")

#: Violation that costs a factor e of satisfaction, per property (the GA's sense of "close").
SCALES = {
    "mw": 50.0, "clogp": 1.0, "tpsa": 20.0, "hbd": 1.0, "hba": 1.0, "rotatable_bonds": 1.0, "rings": 1.0,
    "aromatic_rings": 1.0, "heavy_atoms": 3.0, "formal_charge": 1.0, "qed": 0.1, "sa_score": 0.5,
    "stereocentres": 1.0, "fraction_csp3": 0.1,
}
#: Typical drug-like values: soft directions ("low MW" without a reference) are sigmoids around them.
CENTRES = {
    "mw": 350.0, "clogp": 2.5, "tpsa": 70.0, "hbd": 1.5, "hba": 4.0, "rotatable_bonds": 5.0, "rings": 2.5,
    "aromatic_rings": 1.5, "heavy_atoms": 25.0, "formal_charge": 0.0, "qed": 0.6, "sa_score": 3.0,
    "stereocentres": 1.0, "fraction_csp3": 0.35,
}

#: Weight of the shared-space cosine in the soft score (QED and SA weigh 0.5 each).
SEMANTIC_WEIGHT = 1.5

_FPGEN = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)


def fingerprint(mol):
    """Morgan radius-2, 2048-bit fingerprint (the similarity used everywhere in generation)."""
    return _FPGEN.GetFingerprint(mol)


def similarity(a: str | Chem.Mol, b: str | Chem.Mol) -> float:
    """Tanimoto (Morgan r2, 2048 bits) of two molecules; 0.0 when one does not parse."""
    ma = Chem.MolFromSmiles(a) if isinstance(a, str) else a
    mb = Chem.MolFromSmiles(b) if isinstance(b, str) else b
    if ma is None or mb is None:
        return 0.0
    return float(DataStructs.TanimotoSimilarity(fingerprint(ma), fingerprint(mb)))


_SMARTS_CACHE: dict[str, Chem.Mol | None] = {}


#: Valence tricks rather than chemistry, which mutations and chained edits can build: hypervalent
#: S or P without the oxygens/nitrogens of a sulfoxide/sulfone/phosphate (``CS(C)(C)N``), triple
#: bonds other than C#C and C#N (``S#N``).
_IMPLAUSIBLE = [Chem.MolFromSmarts(q) for q in (
    "[#16;v4;!$([#16]=[#7,#8])]",
    "[#16;v6;!$([#16](=[#7,#8])=[#7,#8])]",
    "[#15;v5;!$([#15]=[#7,#8])]",
    "[!#6;!$([#7]#[#6])]#*",
)]
#: halogens on N, O or S (``C(=O)SF``, ``COBr``)
_HALOGEN_ON_HETEROATOM = Chem.MolFromSmarts("[F,Cl,Br,I][#7,#8,#16]")
#: a sulfonyl fluoride (a SuFEx warhead) is real chemistry, proposed when the goal asks for one
_SULFONYL_FLUORIDE = Chem.MolFromSmiles("O=S(=O)(F)c1ccccc1")
_HALOGEN_ON_HETEROATOM_BUT_SO2F = Chem.MolFromSmarts("[F,Cl,Br,I;!$(F[SX4](=[OX1])=[OX1])][#7,#8,#16]")


def plausible(mol: Chem.Mol, sulfonyl_fluoride: bool = False) -> bool:
    """False for attachment points (``*``), radicals, the patterns of :data:`_IMPLAUSIBLE` and a
    halogen on N, O or S.

    ``*`` parses, but it is a cut (a SMARTS-made seed, a crossover fragment); a radical
    (``C1[CH]CC1``) is left by a mutation that kept an atom's explicit H count. Neither is a
    compound anyone would make, so neither is ever a candidate. ``sulfonyl_fluoride``: the goal asks
    for a sulfonyl fluoride, so that one halogen on S is allowed.
    """
    if any(a.GetAtomicNum() == 0 or a.GetNumRadicalElectrons() for a in mol.GetAtoms()):
        return False
    halogens = _HALOGEN_ON_HETEROATOM_BUT_SO2F if sulfonyl_fluoride else _HALOGEN_ON_HETEROATOM
    return not mol.HasSubstructMatch(halogens) and not any(mol.HasSubstructMatch(q) for q in _IMPLAUSIBLE)


def _open_ends(query: Chem.Mol) -> list[int]:
    """Query atoms that are a bare ``*``: where a substituted ring ("4-fluorophenyl") is attached."""
    return [a.GetIdx() for a in query.GetAtoms() if a.GetSmarts() == "*"]


def attached(mol: Chem.Mol, first: Chem.Mol, second: Chem.Mol) -> bool:
    """True when a match of ``first`` is bonded to a match of ``second``, or shares its anchor atom.

    A CF3 on a pyridine is bonded to a ring atom; a methoxy's SMARTS (``[CH3]O[#6]``) already
    holds the ring atom it sits on. A match inside the other (a ring in a larger ring system) is
    not "on" it. A pattern with an open end (``*``, where "3,4-dichlorophenyl" is attached) must
    be attached through it: its ``*`` atom lies in the other group.
    """
    ends_1, ends_2 = _open_ends(first), _open_ends(second)
    carriers_1 = _carrier_atoms(first)
    seconds = []
    for m in mol.GetSubstructMatches(second, maxMatches=50):
        ends = {m[i] for i in ends_2}
        seconds.append((set(m) - ends, ends))
    for m in mol.GetSubstructMatches(first, maxMatches=50):
        ends = {m[i] for i in ends_1}
        core = set(m) - ends
        # a group whose SMARTS names the atom it sits on (the [#6] of a primary sulfonamide's
        # [#6]S(=O)(=O)N, of a carboxamide's [#6]C(=O)N) sits on the other group through that atom
        # only: a benzylic CH2-SO2NH2 is not a sulfonamide on the ring, an anilide not a carboxamide
        carried = {m[i] for i in carriers_1}
        inner = core - carried
        if carried:
            around = carried
        else:
            around = core | {nb.GetIdx() for i in core for nb in mol.GetAtomWithIdx(i).GetNeighbors()}
        for core_2, ends_2_atoms in seconds:
            if inner <= core_2 or core_2 <= inner:
                continue
            if ends or ends_2_atoms:
                if ends & core_2 or ends_2_atoms & core:
                    return True
            elif around & core_2:
                return True
    return False


# Where two groups sit relative to each other (the third element of a ``group_attached`` value):
# bonded (the default: "a CF3 on a pyridine"), bonded to a nitrogen of the second ("N-acyl
# indoline"), on one atom ("on the same carbon"), on bonded atoms ("on adjacent carbons"), or on
# one aromatic ring 1, 2 or 3 bonds apart (ortho / meta / para).
RELATIONS = ("bonded", "nitrogen", "geminal", "vicinal", "ortho", "meta", "para")
_RING_STEPS = {"ortho": 1, "meta": 2, "para": 3}


def _carrier_atoms(query: Chem.Mol) -> list[int]:
    """Query atoms that only say what a group sits on: an end carbon with no hydrogen count,
    singly bonded (the ``[#6]`` of hydroxyl's ``[OX2H][#6]``, of methoxy's ``[CH3]O[#6]``)."""
    out = []
    for atom in query.GetAtoms():
        smarts = atom.GetSmarts()
        if (atom.GetDegree() == 1 and query.GetNumAtoms() > 1 and "H" not in smarts
                and re.match(r"^(?:\[(?:#6|C|c)(?:[;,&X\]]|$)|C$|c$)", smarts)
                and atom.GetBonds()[0].GetSmarts() in ("", "-")):
            out.append(atom.GetIdx())
    return out


def _cores(mol: Chem.Mol, query: Chem.Mol) -> list[tuple[set[int], set[int]]]:
    """Each match as (its atoms less its open ends and the atoms it sits on, its open-end atoms)."""
    ends, carriers = _open_ends(query), _carrier_atoms(query)
    return [(set(m) - {m[i] for i in ends + carriers}, {m[i] for i in ends})
            for m in mol.GetSubstructMatches(query, maxMatches=50)]


def _carriers(mol: Chem.Mol, core: set[int]) -> set[int]:
    """Atoms outside a group bonded to it: what the group sits on."""
    return {nb.GetIdx() for i in core for nb in mol.GetAtomWithIdx(i).GetNeighbors()} - core


def _ring_sites(mol: Chem.Mol, core: set[int], ring: tuple[int, ...]) -> set[int]:
    """Atoms of ``ring`` a group is a substituent on: ring atoms bonded to the group's atoms off
    the ring (the ring atom itself may belong to the group, as the ``c`` of phenol's ``[OH]c``)."""
    off_ring = core - set(ring)
    if not off_ring:
        return set()
    return {i for i in ring if any(nb.GetIdx() in off_ring for nb in mol.GetAtomWithIdx(i).GetNeighbors())}


def related(mol: Chem.Mol, first: Chem.Mol, second: Chem.Mol, relation: str = "bonded") -> bool:
    """True when a match of ``first`` and a separate match of ``second`` sit as ``relation`` says.

    ``bonded``: see :func:`attached`. ``nitrogen``: the first group is bonded to a nitrogen of the
    second (through its open end, if it has one). ``geminal``: both bonded to one atom that belongs to neither
    (an alpha-amino acid's amine and acid). ``vicinal``: bonded to two bonded atoms.
    ``ortho`` / ``meta`` / ``para``: substituents of one aromatic ring, 1 / 2 / 3 ring bonds apart.
    """
    if relation == "bonded":
        return attached(mol, first, second)
    seconds = [core for core, _ in _cores(mol, second)]
    rings = [r for r in mol.GetRingInfo().AtomRings() if all(mol.GetAtomWithIdx(i).GetIsAromatic() for i in r)]
    for core_1, ends_1 in _cores(mol, first):
        for core_2 in seconds:
            if relation in _RING_STEPS:
                if (core_1 & core_2) - {i for r in rings for i in r}:
                    continue  # one group's atoms off the ring are the other's
                for ring in rings:
                    pos = {a: k for k, a in enumerate(ring)}
                    for a in _ring_sites(mol, core_1, ring):
                        for b in _ring_sites(mol, core_2, ring) - {a}:
                            d = abs(pos[a] - pos[b])
                            if min(d, len(ring) - d) == _RING_STEPS[relation]:
                                return True
                continue
            if relation == "nitrogen":
                # bonded to one of the second group's N, or (Boc's SMARTS holds its N) sharing only that N
                nitrogens = {i for i in core_2 if mol.GetAtomWithIdx(i).GetAtomicNum() == 7}
                shared = core_1 & core_2
                if shared:
                    if shared <= nitrogens and not core_1 <= core_2 and not core_2 <= core_1:
                        return True
                elif any(nb.GetAtomicNum() != 7
                         for n in nitrogens & (ends_1 or _carriers(mol, core_1))
                         for nb in mol.GetAtomWithIdx(n).GetNeighbors() if nb.GetIdx() in core_1):
                    # an open end ("4-methoxybenzyl") is where it sits; an N-N bond is a hydrazide, not
                    # an acrylamide on the piperidine N (that one shares the N, above)
                    return True
                continue
            if core_1 & core_2:
                continue
            on_1, on_2 = _carriers(mol, core_1) - core_2, _carriers(mol, core_2) - core_1
            if relation == "geminal" and on_1 & on_2:
                return True
            if relation == "vicinal" and any(mol.GetBondBetweenAtoms(a, b) for a in on_1 for b in on_2 if a != b):
                return True
    return False


def links_rings(mol: Chem.Mol, link: Chem.Mol, aromatic: bool = True) -> bool:
    """True when a match of ``link`` joins two separate (aromatic) rings, one on each side.

    A ring hangs on the match through its *anchors*: the match atoms in the ring or bonded to it.
    It may hold at most one match atom (the ``[#6]`` of ``[#6]C(=O)N``). Two rings are joined by
    the match when they share no atom (a fused bicycle is one ring system) and hang on different
    sides of it: neither ring's anchors are among the other's (two rings on the amide N are not
    "connected by the amide").
    """
    rings = [set(r) for r in mol.GetRingInfo().AtomRings()
             if not aromatic or all(mol.GetAtomWithIdx(i).GetIsAromatic() for i in r)]
    for match in map(set, mol.GetSubstructMatches(link, maxMatches=50)):
        anchors = []
        for ring in rings:
            if len(ring & match) > 1:
                continue
            held = {i for i in match
                    if i in ring or any(nb.GetIdx() in ring for nb in mol.GetAtomWithIdx(i).GetNeighbors())}
            if held:
                anchors.append((ring, held))
        for k, (ring_a, held_a) in enumerate(anchors):
            for ring_b, held_b in anchors[k + 1:]:
                if not ring_a & ring_b and not held_a <= held_b and not held_b <= held_a:
                    return True
    return False


def _pair_patterns(constraint: Constraint) -> tuple[Chem.Mol, Chem.Mol, str] | None:
    """The two compiled SMARTS of a ``group_attached`` constraint and their relation (``bonded``
    when the value holds only the two SMARTS); None when a SMARTS does not compile or the
    relation is not one of :data:`RELATIONS`."""
    value = constraint.value
    if not (isinstance(value, (list, tuple)) and len(value) in (2, 3) and all(isinstance(v, str) for v in value)):
        return None
    relation = value[2].strip().lower() if len(value) == 3 else "bonded"
    patts = tuple(smarts_pattern(v) for v in value[:2])
    return (*patts, relation) if all(p is not None for p in patts) and relation in RELATIONS else None


def _link_pattern(constraint: Constraint) -> Chem.Mol | None:
    """The linker SMARTS of a ``group_linked`` constraint, ``(SMARTS, "aromatic" | "any")``."""
    value = constraint.value
    ok = isinstance(value, (list, tuple)) and len(value) == 2 and value[1] in ("aromatic", "any")
    return smarts_pattern(value[0]) if ok and isinstance(value[0], str) else None


def smarts_pattern(smarts: str) -> Chem.Mol | None:
    """A compiled SMARTS, cached (None when it does not compile)."""
    return _pattern(Constraint("group_present", smarts, "present", smarts))


def _pattern(constraint: Constraint) -> Chem.Mol | None:
    smarts = constraint.value if isinstance(constraint.value, str) else None
    key = smarts or constraint.name
    if key not in _SMARTS_CACHE:
        patt = Chem.MolFromSmarts(smarts) if smarts else None
        if patt is None:
            try:
                from discovery.chem.groups import lookup_group

                # "aryl bromide or aryl iodide count = 1": a merged name stands for either group
                groups = [lookup_group(part) for part in constraint.name.split(" or ")]
                smarts = (groups[0].smarts if len(groups) == 1 else "[" + ",".join(f"$({g.smarts})" for g in groups) + "]"
                          ) if all(g is not None for g in groups) else None
                patt = Chem.MolFromSmarts(smarts) if smarts else None
            except Exception:
                patt = None
        _SMARTS_CACHE[key] = patt
    return _SMARTS_CACHE[key]


def _stereocentres_for(mol: Chem.Mol, legacy: int, c: Constraint) -> int:
    """The stereocentre count a window is checked on, safe under both of RDKit's definitions.

    The descriptor (RDKit's legacy perception) does not count the ring atoms of cis/trans isomers
    ("4-aminocyclohexanol", a 2,6-disubstituted spiro[3.3]heptane); the newer perception does. A
    chemist's "no stereocentres" rules out such isomers too, and "at least one stereocentre" means
    a real one: the count is the one of the two that is further from meeting the window."""
    modern = len(Chem.FindMolChiralCenters(mol, includeUnassigned=True, useLegacyImplementation=False))
    if c.op == "<=":
        return max(legacy, modern)
    if c.op == ">=":
        return min(legacy, modern)
    lo, hi = float(c.value[0]), float(c.value[1])
    return next((n for n in (legacy, modern) if not lo <= n <= hi), legacy)


def _fmt(v) -> float | str | None:
    if v is None:
        return None
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return round(float(v), 3)
    return v


@dataclass
class Evaluation:
    """Everything known about one molecule under one spec."""

    smiles: str
    properties: dict
    checks: list[ConstraintCheck]
    hard: float  # mean satisfaction of the hard constraints, in [0, 1]
    passed: bool
    scores: dict = field(default_factory=dict)
    fitness: float = 0.0
    soft_sum: float = 0.0  # weighted soft terms so far (the semantic score is added later)
    soft_weight: float = 0.0


class GoalScorer:
    """Fitness of molecules for one goal; call it with a list of SMILES (the optimiser's API).

    Parameters
    ----------
    spec : GoalSpec
    reference : str, optional
        SMILES that ``increase``/``decrease`` constraints compare with (defaults to ``spec.reference``).
    semantic_fn : callable, optional
        ``semantic_fn(list of SMILES) -> np.ndarray`` of cosines to the goal's semantic text; ``None``
        skips the semantic score.
    similarity_weight : float
        Weight of the Tanimoto to the reference in the soft score (edits use it to stay close).
    proposals : bool
        The molecules are proposals (generate, edit): those that are not :func:`plausible` are not
        scored. ``False`` checks molecules as they are (a description's readings are real
        compounds, and ChEBI has radicals, R groups and perchlorates).
    """

    def __init__(self, spec: GoalSpec, reference: str | None = None,
                 semantic_fn: Callable[[list[str]], np.ndarray] | None = None,
                 similarity_weight: float = 0.0, proposals: bool = True):
        self.spec = spec
        self.proposals = proposals
        # "aryl-SO2F warheads": a required group that a sulfonyl fluoride satisfies
        self.sulfonyl_fluoride = any(
            c.kind in ("group_present", "group_count") and isinstance(c.value, str) and "S" in c.value and "F" in c.value
            and (patt := smarts_pattern(c.value)) is not None and _SULFONYL_FLUORIDE.HasSubstructMatch(patt)
            for c in spec.hard)
        self.reference = reference or spec.reference
        self.semantic_fn = semantic_fn
        #: molecules per scored batch that get the (costly) shared-space score during the search;
        #: the final pool is scored in full by ``add_semantic_many`` before candidates are picked
        self.semantic_per_batch = 24
        self.similarity_weight = similarity_weight
        self.hard = [c for c in spec.constraints if c.hard and c.kind != "semantic"]
        # soft directions and windows, and soft similarity ("loratadine-like tricyclics": the drug is
        # a model, the tricyclic the requirement)
        self.soft_dirs = [c for c in spec.constraints if not c.hard and (
            c.kind == "property" and c.op in ("increase", "decrease", "<=", ">=", "between") or c.kind == "similarity")]
        constrained = {c.name for c in spec.constraints if c.kind == "property"}
        self.use_qed = "qed" not in constrained
        self.use_sa = "sa_score" not in constrained
        self.ref_mol = Chem.MolFromSmiles(self.reference) if self.reference else None
        self.ref_props = compute_descriptors(self.ref_mol) if self.ref_mol is not None else None
        self.ref_fp = fingerprint(self.ref_mol) if self.ref_mol is not None else None
        self._sim_fps: dict[str, object] = {}
        for c in spec.constraints:
            if c.kind == "similarity":
                smi = c.value[0] if isinstance(c.value, (list, tuple)) else c.value
                m = Chem.MolFromSmiles(smi) if smi else None
                if m is not None:
                    self._sim_fps[smi] = fingerprint(m)
        self.cache: dict[str, Evaluation] = {}
        self.n_scored = 0

    # -- one molecule ------------------------------------------------------------------------
    def _constraint(self, c: Constraint, mol, props, fp) -> tuple[ConstraintCheck, float]:
        """(check, satisfaction in [0, 1]) for one hard constraint."""
        desc = c.describe()
        if c.kind == "property":
            v = props.get(c.name)
            if c.name == "stereocentres" and c.op in ("<=", ">=", "between"):
                v = _stereocentres_for(mol, v, c)
            if v is None or (isinstance(v, float) and math.isnan(v)):
                return ConstraintCheck(desc, None, False), 0.0
            scale = SCALES.get(c.name, 1.0)
            if c.op == "<=":
                viol = max(0.0, v - float(c.value))
            elif c.op == ">=":
                viol = max(0.0, float(c.value) - v)
            elif c.op == "between":
                lo, hi = float(c.value[0]), float(c.value[1])
                viol = max(0.0, lo - v, v - hi)
            elif c.op in ("increase", "decrease"):
                if self.ref_props is None:
                    return ConstraintCheck(desc + " (no reference)", _fmt(v), False), 0.0
                change = v - self.ref_props[c.name]
                sign = 1.0 if c.op == "increase" else -1.0
                need = float(c.value or 0.0)
                viol = max(0.0, need - sign * change) if need > 0 else (0.0 if sign * change > 0 else scale * 0.5)
                # integer counts: a fractional need means "at least one step"
                return ConstraintCheck(desc, _fmt(v), viol <= 1e-9), (1.0 if viol <= 1e-9 else 0.9 * math.exp(-viol / scale))
            else:
                return ConstraintCheck(desc, _fmt(v), True), 1.0
            ok = viol <= 1e-9
            return ConstraintCheck(desc, _fmt(v), ok), (1.0 if ok else 0.9 * math.exp(-viol / scale))
        if c.kind in ("group_present", "group_absent"):
            patt = _pattern(c)
            if patt is None:
                return ConstraintCheck(desc + " (unknown SMARTS)", None, False), 0.0
            n = len(mol.GetSubstructMatches(patt, maxMatches=10))
            if c.kind == "group_present":
                return ConstraintCheck(desc, n, n > 0), (1.0 if n > 0 else 0.0)
            return ConstraintCheck(desc, n, n == 0), (1.0 if n == 0 else 0.9 * 0.5 ** n)
        if c.kind == "group_attached":
            patts = _pair_patterns(c)
            if patts is None:
                return ConstraintCheck(desc + " (unknown SMARTS)", None, False), 0.0
            ok = related(mol, *patts)
            both = ok or all(mol.HasSubstructMatch(p) for p in patts[:2])
            return ConstraintCheck(desc, int(ok), ok), (1.0 if ok else 0.5 if both else 0.0)
        if c.kind == "group_linked":
            patt = _link_pattern(c)
            if patt is None:
                return ConstraintCheck(desc + " (unknown SMARTS)", None, False), 0.0
            ok = links_rings(mol, patt, aromatic=c.value[-1] == "aromatic")
            return ConstraintCheck(desc, int(ok), ok), (1.0 if ok else 0.5 if mol.HasSubstructMatch(patt) else 0.0)
        if c.kind == "group_count":
            patt = _pattern(c)
            if patt is None:
                return ConstraintCheck(desc + " (unknown group)", None, False), 0.0
            n = len(mol.GetSubstructMatches(patt, maxMatches=100))
            lo, hi = bounds(c.op, c.value)
            viol = max(0.0, lo - n, n - hi)
            return ConstraintCheck(desc, n, viol == 0), (1.0 if viol == 0 else 0.9 * 0.5 ** viol)
        if c.kind == "similarity":
            smi, thr = (c.value[0], float(c.value[1])) if isinstance(c.value, (list, tuple)) else (c.value, 0.4)
            rfp = self._sim_fps.get(smi)
            if rfp is None:
                return ConstraintCheck(desc, None, False), 0.0
            s = DataStructs.TanimotoSimilarity(fp, rfp)
            ok = s >= thr - 1e-9
            return ConstraintCheck(desc, round(s, 3), ok), (1.0 if ok else 0.9 * math.exp(-(thr - s) / 0.1))
        return ConstraintCheck(desc, None, True), 1.0

    def evaluate(self, smiles: str) -> Evaluation | None:
        """Properties, checklist and fitness of one molecule (``None`` when it does not parse)."""
        if smiles in self.cache:
            return self.cache[smiles]
        mol = Chem.MolFromSmiles(smiles) if isinstance(smiles, str) else None
        if mol is None or mol.GetNumAtoms() == 0:
            return None
        if self.proposals and not plausible(mol, self.sulfonyl_fluoride):
            return None
        try:
            props = compute_descriptors(mol)
        except Exception:
            return None
        fp = fingerprint(mol)
        checks, sats = [], []
        for c in self.hard:
            chk, sat = self._constraint(c, mol, props, fp)
            checks.append(chk)
            sats.append(sat)
        hard = float(np.mean(sats)) if sats else 1.0
        passed = all(ch.passed for ch in checks)
        scores: dict[str, float] = {"constraints": hard}
        soft_terms: list[tuple[float, float]] = []  # (value in [0, 1], weight)
        if self.use_qed:
            scores["qed"] = float(props["qed"])
            soft_terms.append((props["qed"], 0.5))
        if self.use_sa and not math.isnan(props["sa_score"]):
            scores["sa"] = float(props["sa_score"])
            soft_terms.append(((10.0 - props["sa_score"]) / 9.0, 0.5))
        for c in self.soft_dirs:
            v = props.get(c.name) if c.kind == "property" else 0.0
            if v is None:
                continue
            scale = SCALES.get(c.name, 1.0)
            if c.op in ("increase", "decrease"):
                base = self.ref_props[c.name] if self.ref_props is not None else CENTRES.get(c.name, 0.0)
                sign = 1.0 if c.op == "increase" else -1.0
                x = 1.0 / (1.0 + math.exp(-sign * (v - base) / scale))
            else:
                _, sat = self._constraint(Constraint(c.kind, c.name, c.op, c.value), mol, props, fp)
                x = sat
            scores[f"{c.name}_{c.op}"] = float(x)
            soft_terms.append((x, 1.0))
        if self.ref_fp is not None:
            sim = DataStructs.TanimotoSimilarity(fp, self.ref_fp)
            scores["similarity"] = float(sim)
            if self.similarity_weight:
                soft_terms.append((sim, self.similarity_weight))
        ev = Evaluation(smiles, props, checks, hard, passed, scores, 0.0,
                        soft_sum=float(sum(v * w for v, w in soft_terms)),
                        soft_weight=float(sum(w for _, w in soft_terms)))
        self._finish(ev)
        self.cache[smiles] = ev
        return ev

    @staticmethod
    def _finish(ev: Evaluation) -> None:
        soft = ev.soft_sum / ev.soft_weight if ev.soft_weight else 0.0
        ev.scores["soft"] = float(soft)
        ev.fitness = float(2.0 * ev.hard + (1.0 if ev.passed else 0.0) + soft)

    def add_semantic(self, ev: Evaluation, cosine: float) -> None:
        """Adds the shared-space cosine to the soft score of an evaluated molecule."""
        if "semantic" in ev.scores:
            return
        ev.scores["semantic"] = float(cosine)
        ev.soft_sum += (float(cosine) + 1.0) / 2.0 * SEMANTIC_WEIGHT
        ev.soft_weight += SEMANTIC_WEIGHT
        self._finish(ev)

    # -- the optimiser's objective -------------------------------------------------------------
    def __call__(self, smiles: list[str]) -> list[float]:
        smiles = list(smiles)
        evs = []
        for s in smiles:
            evs.append(self.evaluate(s))
            self.n_scored += 1
        if self.semantic_fn is not None:
            # the shared-space score (a GNN forward per molecule) is the expensive part: only
            # molecules that meet every hard constraint get it; they are the ones ranked by it
            todo = [ev for ev in evs if ev is not None and ev.passed and "semantic" not in ev.scores]
            todo = sorted(todo, key=lambda e: -e.fitness)[: self.semantic_per_batch]
            self.add_semantic_many(todo)
        return [ev.fitness if ev is not None else float("-inf") for ev in evs]

    def add_semantic_many(self, evs: list[Evaluation]) -> None:
        """Shared-space cosines for these molecules, in one batch (no-op without a model)."""
        evs = [ev for ev in evs if ev is not None and "semantic" not in ev.scores]
        if self.semantic_fn is None or not evs:
            return
        try:
            vals = np.asarray(self.semantic_fn([ev.smiles for ev in evs]), dtype=float)
            RDLogger.DisableLog("rdApp.*")  # the featuriser switches RDKit's logging back on
            for ev, v in zip(evs, vals):
                self.add_semantic(ev, float(v))
        except Exception:
            self.semantic_fn = None  # a failing model must not stop the search

    def feasible(self, smiles: str) -> bool:
        ev = self.cache.get(smiles) or self.evaluate(smiles)
        return bool(ev is not None and ev.passed)


def check(candidate_mol, spec: GoalSpec, reference: str | None = None) -> list[ConstraintCheck]:
    """Checklist of the hard constraints of ``spec`` for one molecule (SMILES or RDKit Mol).

    Returns an empty list for a molecule that does not parse.
    """
    smiles = candidate_mol if isinstance(candidate_mol, str) else Chem.MolToSmiles(candidate_mol)
    ev = GoalScorer(spec, reference=reference, proposals=False).evaluate(smiles)
    return ev.checks if ev is not None else []


def score(candidate_mol, spec: GoalSpec, reference: str | None = None,
          semantic_fn: Callable[[list[str]], np.ndarray] | None = None) -> tuple[float, dict]:
    """(fitness, score components) of one molecule for ``spec``; ``(-inf, {})`` when it does not parse."""
    smiles = candidate_mol if isinstance(candidate_mol, str) else Chem.MolToSmiles(candidate_mol)
    scorer = GoalScorer(spec, reference=reference, semantic_fn=semantic_fn, proposals=False)
    val = scorer([smiles])[0]
    ev = scorer.cache.get(smiles)
    return val, (ev.scores if ev else {})
