"""The generator's public functions, called by :class:`discovery.Library`.

``generate``: goal -> :class:`GoalSpec` -> seeds (decoder samples conditioned on the goal's text
embedding when a decoder and a model exist; library molecules that already meet the property
windows and groups; molecules found by searching the goal's words; reference molecules; built-in
drug-like fragments) -> graph GA (:func:`discovery.generate.optimize.optimize`) on the goal's
fitness (:class:`GoalScorer`) with a budget of scored molecules -> the best ``n`` unique, valid,
diverse candidates meeting every hard constraint (greedy MaxMin-style pick, novel ones first) ->
checklist, properties, novelty, nearest library molecules and their documents -> saved as a
``GenerationRun`` with its ``GeneratedCandidate`` rows.

A goal that *describes one molecule* ("The molecule is a ... It is a conjugate base of ...")
takes the ``describe`` route instead (:mod:`discovery.generate.describe`): the whole text is read
by the alignment model and answered with the library structures it most likely means, in the
charge form it names, best first.

``edit``: one molecule -> :func:`discovery.generate.edit.edit_molecule` (single-edit beam search
under a Tanimoto floor) -> candidates, saved the same way.
"""

from __future__ import annotations

import re

import time
from pathlib import Path
from typing import Callable

import numpy as np
from rdkit import Chem, DataStructs, RDLogger

from discovery.chem.mol import inchikey, sanitized
from discovery.errors import ChemError, DiscoveryError, GoalError

from .describe import is_description, read_description
from .goals import parse_goal
from .scoring import Evaluation, GoalScorer, fingerprint
from .spec import Candidate, GenerationResult, GoalSpec, bounds

__all__ = ["generate", "edit", "list_runs", "get_run", "select_diverse", "DEFAULT_BUDGET", "FRAGMENTS"]

RDLogger.DisableLog("rdApp.*")

#: Molecules scored per ``generate`` call when no budget is given (~10-20 s on 2 cores).
DEFAULT_BUDGET = 2000

#: Small drug-like building blocks: seeds when the library has nothing for a goal.
FRAGMENTS = [
    "c1ccccc1", "c1ccncc1", "c1ccc2[nH]ccc2c1", "c1ccc2ncccc2c1", "C1CCNCC1", "C1CNCCN1", "C1COCCN1",
    "c1ccoc1", "c1ccsc1", "c1cn[nH]c1", "c1cnc[nH]1", "c1ncncn1", "O=C1CCCN1", "c1ccc2occc2c1",
    "CC(=O)Nc1ccc(O)cc1", "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "NS(=O)(=O)c1ccc(N)cc1", "Cc1ccc(S(N)(=O)=O)cc1",
    "O=C(O)c1ccccc1O", "COc1ccc(CCN)cc1", "CN1CCN(c2ccccc2)CC1", "O=C(Nc1ccccc1)c1ccccn1",
    "c1ccc(-c2ccccn2)cc1", "OC1CCCCC1", "NC(=O)c1cccnc1", "CC(=O)N1CCCC1", "Fc1ccc(cc1)C(=O)N",
    "Clc1ccc(cc1)N", "CC1=CC(=O)NC(=O)N1", "O=C1NC(=O)c2ccccc21", "CN1C(=O)CN=C(c2ccccc2)c2ccccc21",
    "C1CC1", "CC(C)(C)OC(=O)N", "c1ccc2c(c1)CCN2", "OCC(O)CO", "CC(N)C(=O)O", "NCC(=O)O",
    "FC(F)(F)c1ccccc1", "O=S(=O)(N)c1ccccc1", "N#Cc1ccccc1", "O=[N+]([O-])c1ccccc1", "CC(=O)OC",
    "c1ccc(Oc2ccccc2)cc1", "CCN(CC)CC", "O=C(O)CCC(=O)O", "C1CCC2CCCCC2C1", "CC12CCC3C(CCC4CC(O)CCC34C)C1CCC2O",
]


# ------------------------------------------------------------------------------------------
# shared-space helpers (all optional: no model -> no semantic score, no decoder -> no samples)
# ------------------------------------------------------------------------------------------
def _model(lib):
    try:
        model = lib.model
    except Exception:
        return None
    RDLogger.DisableLog("rdApp.*")  # loading the encoders can switch RDKit's logging back on
    return model


def _semantic_fn(lib, spec: GoalSpec, notes: list[str]) -> Callable[[list[str]], np.ndarray] | None:
    if not spec.semantic_text:
        return None
    model = _model(lib)
    if model is None:
        notes.append(f"semantic part {spec.semantic_text!r} not scored: no alignment model available")
        return None
    try:
        tv = np.asarray(model.encode_text([spec.semantic_text]), dtype=np.float32)[0]
    except Exception as exc:
        notes.append(f"semantic part not scored: text encoder failed ({exc})")
        return None

    def fn(smiles: list[str]) -> np.ndarray:
        mv = np.asarray(model.encode_molecules(list(smiles)), dtype=np.float32)
        return mv @ tv

    return fn


_DECODERS: dict = {}


def _load_decoder_cached(load_decoder, folder: str | None):
    """One decoder per folder and process (loading it per request would cost seconds)."""
    if folder not in _DECODERS:
        _DECODERS[folder] = load_decoder(folder) if folder else load_decoder()
    return _DECODERS[folder]


def _decoder_seeds(lib, spec: GoalSpec, seed: int, notes: list[str], n: int = 64) -> list[str]:
    try:
        from .decoder import load_decoder
    except Exception:
        return []
    try:
        folder = getattr(getattr(lib, "settings", None), "decoder_dir", None)
        decoder = _load_decoder_cached(load_decoder, str(folder) if folder else None)
    except Exception:
        decoder = None
    if decoder is None:
        notes.append("no decoder checkpoint: seeds come from the library and built-in fragments")
        return []
    model = _model(lib)
    if model is None:
        return []
    if not decoder.matches(model):
        # A decoder trained in another model's space writes valid but unsteered molecules:
        # better no decoder seeds than random ones presented as goal-conditioned.
        notes.append("the decoder was trained with another alignment model: no decoder seeds "
                     "(retrain with `discovery train decoder`)")
        return []
    try:
        vec = np.asarray(model.encode_text([spec.semantic_text or spec.text]), dtype=np.float32)
        out = decoder.sample(vec, n_per=n, temperature=1.0, seed=seed)
        flat = [s for group in out for s in (group if isinstance(group, (list, tuple)) else [group])]
        return [s for s in flat if s]
    except Exception as exc:
        notes.append(f"decoder sampling failed ({exc}); continuing without decoder seeds")
        return []


def _library_seeds(lib, spec: GoalSpec, rng: np.random.Generator, limit: int = 300) -> list[tuple[int, str]]:
    """(id, SMILES) of library molecules that meet the goal's property windows (SQL), then groups."""
    from sqlalchemy import select

    from discovery.store.models import Molecule

    columns = {"mw", "clogp", "tpsa", "hbd", "hba", "rotatable_bonds", "rings", "aromatic_rings",
               "heavy_atoms", "formal_charge", "qed", "sa_score"}
    conds = []
    for c in spec.hard:
        if c.kind != "property" or c.name not in columns:
            continue
        col = getattr(Molecule, c.name)
        if c.op == "<=":
            conds.append(col <= float(c.value))
        elif c.op == ">=":
            conds.append(col >= float(c.value))
        elif c.op == "between":
            conds.append(col.between(float(c.value[0]), float(c.value[1])))
    rows: list[tuple[int, str]] = []
    try:
        with lib.session() as s:
            for where in (conds, []):  # the windows first; anything when nothing meets them
                q = select(Molecule.id, Molecule.smiles).where(*where).order_by(Molecule.id).limit(20000)
                rows = [(int(i), smi) for i, smi in s.execute(q).all()]
                if rows:
                    break
    except Exception:
        return []
    if not rows:
        return []
    present = [c for c in spec.hard if _requires_group(c)]
    if present:
        from .scoring import _pattern

        patts = [p for p in (_pattern(c) for c in present) if p is not None]
        order = rng.permutation(len(rows))
        with_groups = []
        for i in order[:5000]:
            m = Chem.MolFromSmiles(rows[i][1])
            if m is not None and any(m.HasSubstructMatch(p) for p in patts):
                with_groups.append(rows[i])
                if len(with_groups) >= limit:
                    break
        others = [rows[i] for i in order[: max(0, limit - len(with_groups))]]
        return with_groups + others
    if len(rows) > limit:
        idx = rng.choice(len(rows), size=limit, replace=False)
        rows = [rows[i] for i in sorted(idx)]
    return rows


def _requires_group(c) -> bool:
    """A hard constraint that needs the group at least once ("with a piperazine", "two amides")."""
    if c.kind == "group_present":
        return True
    return c.kind == "group_count" and c.op in (">=", "between") and bounds(c.op, c.value)[0] >= 1


def _edited_reference_seeds(spec: GoalSpec, seed: int, per_reference: int = 20) -> tuple[list[str], int]:
    """Edits of each required reference that the reference itself does not satisfy ("gefitinib
    analogues that are smaller and less lipophilic"), from the edit search (single edits, then a
    best-first search inside the similarity floor). Such analogues are a few edits away, which the GA
    rarely walks within its budget while library molecules and fragments also compete for the
    population. Returns the SMILES (those meeting every constraint first) and how many molecules
    the edit search scored."""
    from .edit import edit_molecule

    out, scored = [], 0
    for c in spec.hard:
        if c.kind != "similarity" or not isinstance(c.value, (list, tuple)):
            continue
        mol = Chem.MolFromSmiles(c.value[0])
        if mol is None:
            continue
        smiles = Chem.MolToSmiles(mol)
        reference = GoalScorer(spec, reference=smiles, proposals=False).evaluate(smiles)
        if reference is None or reference.passed:
            continue  # the reference's own neighbourhood already meets the goal: the GA explores it
        outcome = edit_molecule(smiles, spec, n=per_reference, min_similarity=float(c.value[1]), seed=seed)
        scored += outcome.n_scored
        out += [e.smiles for e in outcome.evaluations[:per_reference]]
    return out, scored


def _reference_seeds(spec: GoalSpec, rng: np.random.Generator, per_group: int = 6) -> list[str]:
    """Each reference molecule changed the way the goal asks, as seeds for the GA.

    "replace the carboxylic acid of ibuprofen with a tetrazole", "celecoxib without the
    sulfonamide", "analogues of aspirin with a morpholine": the excluded group is cut out of the
    reference (and, when the goal requires another group, that group is put in its place), and a
    required group the reference lacks is attached to it. A bioisostere swap is one step here; the
    GA alone rarely finds it within its budget while also keeping the similarity.
    """
    from discovery.chem.groups import lookup_group

    from .mutations import attach
    from .scoring import _pattern

    refs = [c.value[0] for c in spec.constraints if c.kind == "similarity" and isinstance(c.value, (list, tuple))]
    wanted = [g.example for g in (lookup_group(c.name) for c in spec.hard if _requires_group(c))
              if g is not None and g.example]
    excluded = [p for p in (_pattern(c) for c in spec.hard if c.kind == "group_absent") if p is not None]
    excluded = [q for p in excluded for q in _alternatives(p)]
    # a group's SMARTS read as a molecule: what a swap puts in, without the rest of its example
    # (morpholin-3-one's example is N-phenyl; swapped for apixaban's piperidinone it would add a phenyl)
    bare = []
    for c in spec.hard:
        query = Chem.MolFromSmarts(c.value) if _requires_group(c) and isinstance(c.value, str) else None
        plain = _plain_molecule(query) if query is not None else None
        smiles = Chem.MolToSmiles(plain) if plain is not None else None
        # a one-atom group is put in as that atom ("the chlorines replaced by fluorines", "... by methyls")
        if smiles and Chem.MolFromSmiles(smiles) is not None and (plain.GetNumAtoms() >= 3 or query.GetNumAtoms() == 1):
            bare.append(smiles)
    out: list[str] = []
    for ref in refs:
        mol = Chem.MolFromSmiles(ref)
        if mol is None:
            continue
        for patt in excluded:
            if not mol.HasSubstructMatch(patt):
                continue
            try:
                out.append(Chem.MolToSmiles(Chem.DeleteSubstructs(mol, patt)))
                for example in wanted + bare:
                    out.extend(_swapped_everywhere(mol, patt, Chem.MolFromSmiles(example)))
            except Exception:  # RDKit refuses some cuts (a ring atom, a valence): no seed from them
                continue
        for example in wanted:
            out.extend(s for s in (attach(ref, example, rng) for _ in range(per_group)) if s)
    # a cut can leave fragments ("." in the SMILES): the largest one is the seed
    seeds = []
    for smi in out:
        m = Chem.MolFromSmiles(max(smi.split("."), key=len)) if smi else None
        if m is not None:
            seeds.append(Chem.MolToSmiles(m))
    return list(dict.fromkeys(seeds))


def _alternatives(patt: Chem.Mol) -> list[Chem.Mol]:
    """The patterns a one-atom either-or SMARTS stands for ("[$(O=C1CCCCN1),$(O=C1CCNCC1)]" -> both
    rings), so a swap can cut out the whole group and not only the atom the query is anchored on."""
    smarts = Chem.MolToSmarts(patt)
    if patt.GetNumAtoms() != 1 or "$(" not in smarts:
        return [patt]
    inner, depth, start, parts = smarts[1:-1], 0, None, []
    for i, ch in enumerate(inner):
        if inner.startswith("$(", i) and depth == 0:
            start = i + 2
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and start is not None:
                parts.append(inner[start:i])
                start = None
    compiled = [Chem.MolFromSmarts(p) for p in parts]
    return [q for q in compiled if q is not None] or [patt]


def _swapped(mol: Chem.Mol, patt: Chem.Mol, new: Chem.Mol | None) -> list[str]:
    """``mol`` with the first match of ``patt`` cut out and ``new`` bonded where it hung, once through
    each atom of ``new`` that can take the bond: a morpholine put in for a sulfonyl's N-methylpiperazine
    belongs on the S through its N (RDKit's ReplaceSubstructs bonds only through the query's first atom)."""
    match = mol.GetSubstructMatch(patt)
    if new is None or not match:
        return []
    inside = set(match)
    outside = [(a, b.GetIdx()) for a in match for b in mol.GetAtomWithIdx(a).GetNeighbors() if b.GetIdx() not in inside]
    if len(outside) != 1 or mol.GetBondBetweenAtoms(*outside[0]).GetBondType() != Chem.BondType.SINGLE:
        return []  # a group held by two bonds (in a ring) or a double bond: no single place to put the new one
    anchor = outside[0][1]
    out = []
    for root in (a.GetIdx() for a in new.GetAtoms() if a.GetTotalNumHs() > 0):
        rw = Chem.RWMol(Chem.CombineMols(mol, new))
        rw.AddBond(anchor, mol.GetNumAtoms() + root, Chem.BondType.SINGLE)
        for a in (anchor, mol.GetNumAtoms() + root):
            atom = rw.GetAtomWithIdx(a)
            atom.SetNumExplicitHs(max(0, atom.GetNumExplicitHs() - 1))
            atom.SetNoImplicit(False)
        for idx in sorted(inside, reverse=True):
            rw.RemoveAtom(idx)
        try:
            result = rw.GetMol()
            Chem.SanitizeMol(result)
            out.append(Chem.MolToSmiles(result))
        except Exception:  # a valence the bond breaks
            continue
    return out


def _swapped_everywhere(mol: Chem.Mol, patt: Chem.Mol, new: Chem.Mol | None, rounds: int = 3) -> list[str]:
    """:func:`_swapped`, again on its products that still hold the group ("both chlorines replaced
    by methyls": every copy goes, each swapped the same way); the partial swaps are kept too."""
    products = _swapped(mol, patt, new)
    for _ in range(rounds):
        more = []
        for smiles in products:
            product = Chem.MolFromSmiles(smiles)
            if product is not None and product.HasSubstructMatch(patt):
                more += _swapped(product, patt, new)[:2]
        if not more:
            break
        products += more[:12]
    return products


def _group_with_smarts(smarts) -> object | None:
    """The library group a relation constraint's SMARTS came from (its name may have been edited)."""
    from discovery.chem.groups import GROUPS
    from discovery.chem.substitution import ring_with_smarts

    return next((g for g in GROUPS if g.smarts == smarts), None) or ring_with_smarts(smarts)


_ELEMENT = re.compile(r"#(\d+)|(Cl|Br|[BCNOSPFI]|[cnops])")


def _plain_molecule(query: Chem.Mol) -> Chem.Mol | None:
    """A molecule read from a SMARTS query: each atom is the first element its SMARTS names
    (``[OX2H1,OX1-]`` -> O), each bond its written order. None when no such molecule sanitises
    (a bare aromatic ``n1nnnc1`` has no NH)."""
    mol = Chem.RWMol()
    for atom in query.GetAtoms():
        # the first element named, before any recursive test ("[CX3;$(C-[#6])]" is a C, not a C-)
        first = re.split(r"[,;]", atom.GetSmarts().strip("[]"))[0].split("$(")[0]
        m = _ELEMENT.search(first)
        if m is None:
            return None
        new = Chem.Atom(int(m[1]) if m[1] else Chem.GetPeriodicTable().GetAtomicNumber(m[2].capitalize()))
        new.SetIsAromatic(bool(m[2]) and m[2].islower())
        charge = re.search(r"([+-])(\d?)", first.replace("!", ""))
        if charge and not first.startswith("#"):
            new.SetFormalCharge((1 if charge[1] == "+" else -1) * int(charge[2] or 1))
        mol.AddAtom(new)
    for bond in query.GetBonds():
        text, i, j = bond.GetSmarts(), bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()
        both_aromatic = mol.GetAtomWithIdx(i).GetIsAromatic() and mol.GetAtomWithIdx(j).GetIsAromatic()
        order = (Chem.BondType.DOUBLE if "=" in text else Chem.BondType.TRIPLE if "#" in text
                 else Chem.BondType.AROMATIC if ":" in text or (both_aromatic and "-" not in text)
                 else Chem.BondType.SINGLE)
        mol.AddBond(i, j, order)
        if order == Chem.BondType.AROMATIC:
            mol.GetBondWithIdx(mol.GetNumBonds() - 1).SetIsAromatic(True)
    return sanitized(mol)


def _substituent(group) -> str | None:
    """A group as a substituent: SMILES whose first atom is where it is attached (CF3 -> 'C(F)(F)F',
    methoxy -> 'OC', an amide -> 'C(N)=O'). The atoms its SMARTS only sits on (the ``[#6]`` of
    ``[CH3]O[#6]``) and open ends (``*``) are left out. None when the SMARTS does not read as a
    molecule (recursive or list atoms)."""
    from .scoring import _carrier_atoms, _open_ends

    query = Chem.MolFromSmarts(group.smarts)
    if query is None:
        return None
    drop = set(_open_ends(query)) | set(_carrier_atoms(query))
    anchor = next((nb.GetIdx() for i in drop for nb in query.GetAtomWithIdx(i).GetNeighbors()
                   if nb.GetIdx() not in drop), 0)
    rw = Chem.RWMol(query)
    for i in sorted(drop, reverse=True):
        rw.RemoveAtom(i)
    anchor -= sum(1 for i in drop if i < anchor)
    if rw.GetNumAtoms() == 0:
        return None
    mol = _plain_molecule(rw.GetMol())
    if mol is None:
        return None
    smi = Chem.MolToSmiles(mol, rootedAtAtom=anchor)
    mol = Chem.MolFromSmiles(smi)
    if mol is None:
        return None
    root = mol.GetAtomWithIdx(0)
    if root.GetTotalNumHs() == 0 and root.GetDegree() > 0:  # the nitrile N of "N#C": root it where it bonds
        free = next((a.GetIdx() for a in mol.GetAtoms() if a.GetTotalNumHs() > 0), None)
        if free is None:
            return None
        smi = Chem.MolToSmiles(mol, rootedAtAtom=free)
    return smi


def _place(base: str, pieces: list[tuple[int, str]]) -> str | None:
    """``base`` with each substituent SMILES bonded, by its first atom, to the given atom of ``base``."""
    from .mutations import bond_taking_hydrogens

    mol = Chem.MolFromSmiles(base)
    if mol is None:
        return None
    combo = Chem.RWMol(mol)
    for at, piece in pieces:
        part = Chem.MolFromSmiles(piece)
        if part is None or at >= mol.GetNumAtoms():
            return None
        offset = combo.GetNumAtoms()
        combo.InsertMol(part)
        bond_taking_hydrogens(combo, at, offset)
    out = sanitized(combo)
    return Chem.MolToSmiles(out) if out is not None else None


# Where two groups go for a relation: a small core and the atoms of it that carry them
_RELATION_CORES = {"ortho": ("c1ccccc1", (0, 1)), "meta": ("c1ccccc1", (0, 2)), "para": ("c1ccccc1", (0, 3)),
                   "geminal": ("Cc1ccccc1", (0, 0)), "vicinal": ("CCc1ccccc1", (0, 1))}


def _relation_names(name: str) -> tuple[str, str]:
    """The two group names in a relation row's name ("aldehyde or ketone para to hydroxyl")."""
    m = (re.match(r"^(.+?) (?:ortho|meta|para) to (.+)$", name) or re.match(r"^(.+?) and (.+?) on (?:the same|adjacent) ", name)
         or re.match(r"^(.+?) on (?:the N of )?(.+)$", name))
    return (m[1], m[2]) if m else ("", "")


def _group_named(name: str):
    """The first group a row names ("aldehyde or ketone" -> aldehyde), to build seeds from when
    the row's SMARTS is an either-or of several groups."""
    from discovery.chem.groups import lookup_group

    return next((g for g in map(lookup_group, name.split(" or ")) if g is not None), None) if name else None


def _attached_cores(spec: GoalSpec, rng: np.random.Generator, tries: int = 6) -> list[str]:
    """For "a CF3 group on a pyridine ring": the ring's example with the substituent put on it.
    For "a fluorine ortho to the amide", "an amine and an acid on the same carbon": both groups
    put on a small core (benzene; toluene's methyl), kept when they sit as asked."""
    from .mutations import attach
    from .scoring import _pair_patterns, related

    out = []
    for c in spec.hard:
        patts = _pair_patterns(c) if c.kind == "group_attached" else None
        if patts is None:
            continue
        first, second = (_group_with_smarts(v) or _group_named(n) for v, n in zip(c.value[:2], _relation_names(c.name)))
        if first is None or second is None or not second.example:
            continue
        relation, piece = patts[2], _substituent(first)
        if relation in ("bonded", "nitrogen"):  # on any H-bearing atom of the second group; or on its NH
            ring = Chem.MolFromSmiles(second.example)
            sites = [a.GetIdx() for a in ring.GetAtoms() if a.GetTotalNumHs() > 0
                     and (relation == "bonded" or a.GetAtomicNum() == 7)] if ring is not None else []
            if piece and sites:
                made = [_place(second.example, [(int(rng.choice(sites)), piece)]) for _ in range(tries)]
            else:  # a SMARTS that does not read as a molecule: its example, bonded anywhere
                made = [attach(second.example, first.example, rng) for _ in range(tries)]
        else:
            core, (at_1, at_2) = _RELATION_CORES[relation]
            other = _substituent(second)
            if piece and other:
                made = [_place(core, [(at_1, piece), (at_2, other)])]
            else:  # the examples bonded to random atoms of the core: the check below keeps the right ones
                ones = [attach(core, piece or first.example, rng) for _ in range(8 * tries)]
                made = [attach(one, other or second.example, rng) for one in ones if one]
        for smi in made:
            mol = Chem.MolFromSmiles(smi) if smi else None
            if mol is not None and related(mol, *patts):
                out.append(smi)
    return list(dict.fromkeys(out))


def _linked_cores(spec: GoalSpec, rng: np.random.Generator, tries: int = 24) -> list[str]:
    """For "two aromatic rings connected by an amide": the linker's example with a ring on each
    side, kept when the rings really hang on the linker."""
    from .mutations import attach
    from .scoring import _link_pattern, links_rings

    out = []
    for c in spec.hard:
        patt = _link_pattern(c) if c.kind == "group_linked" else None
        group = _group_with_smarts(c.value[0]) if patt is not None else None
        if group is None or not group.example:  # no linker pattern, or one the library does not name
            continue
        for _ in range(tries):
            one = attach(group.example, "c1ccccc1", rng)
            two = attach(one, "c1ccccc1", rng) if one else None
            mol = Chem.MolFromSmiles(two) if two else None
            if mol is not None and links_rings(mol, patt, aromatic=c.value[-1] == "aromatic"):
                out.append(two)
    return list(dict.fromkeys(out))


def _search_seeds(lib, spec: GoalSpec, k: int = 30) -> list[str]:
    if not spec.semantic_text or not _has_molecule_index(lib):
        return []
    try:
        res = lib.search(spec.semantic_text, modalities=["molecules"], k=k)
        return [h.record.smiles for h in res.hits.get("molecules", []) if getattr(h.record, "smiles", None)]
    except Exception:
        return []


#: what "morpholine amides", "2-aminothiazole sulfonamides" put on the N (a small example of each)
_ON_NITROGEN = {"amide": "CC(=O)", "sulfonamide": "CS(=O)(=O)", "urea": "CNC(=O)", "carbamate": "COC(=O)",
                "boc": "CC(C)(C)OC(=O)", "cbz": "O=C(OCc1ccccc1)", "acetyl": "CC(=O)", "sulfonyl": "CS(=O)(=O)",
                "acrylamide": "C=CC(=O)", "chloroacetamide": "ClCC(=O)"}


def _acylated_seeds(name: str) -> list[str]:
    """The named ring's example with the group on its N-H ("amide on the N of morpholine" ->
    CC(=O)N1CCOCC1): the GA seldom builds such a bond itself within its budget."""
    from discovery.chem.groups import lookup_group

    m = re.match(rf"^({'|'.join(_ON_NITROGEN)}) on the (?:N|amine) of (.+)$", name)
    group = lookup_group(m[2]) if m else None
    mol = Chem.MolFromSmiles(group.example) if group is not None and group.example else None
    if mol is None:
        return []
    out = []
    for atom in mol.GetAtoms():
        if atom.GetAtomicNum() == 7 and atom.GetTotalNumHs() > 0 and not atom.GetIsAromatic():
            seed = Chem.MolFromSmiles(_ON_NITROGEN[m[1]] + Chem.MolToSmiles(mol, rootedAtAtom=atom.GetIdx()))
            out += [Chem.MolToSmiles(seed)] if seed is not None else []
    return out


def _combined_seeds(starts: list[tuple[str, str]], rng: np.random.Generator, tries: int = 8) -> list[str]:
    """Every required group in one molecule: the examples joined one after another, the one that
    already holds most of the groups first, skipping a group the molecule already has, each join
    kept only when no group is lost.

    For "a morpholine amide and a 4-CF3-phenyl" the GA would otherwise have to cross a seed of
    each over into one molecule, which it seldom does within its budget."""
    from .mutations import attach
    from .scoring import smarts_pattern

    parts = [(ex, Chem.MolFromSmiles(ex), smarts_pattern(sm) if sm else None) for ex, sm in dict.fromkeys(starts)]
    patterns = [p for _, _, p in parts if p is not None]
    # the example that already holds most of the groups first (an N-Boc piperidine before a Boc-amine)
    parts = [(ex, p, sum(m.HasSubstructMatch(q) for q in patterns), m.GetNumAtoms()) for ex, m, p in parts if m is not None]
    parts = [(ex, p) for ex, p, _, _ in sorted(parts, key=lambda part: (-part[2], -part[3]))]
    if len({ex for ex, _ in parts}) < 2:
        return []
    out = []
    for _ in range(tries):
        mol_smiles, have = parts[0][0], [parts[0][1]] if parts[0][1] is not None else []
        for example, patt in parts[1:]:
            mol = Chem.MolFromSmiles(mol_smiles)
            if patt is not None and mol.HasSubstructMatch(patt):
                have.append(patt)
                continue
            for _ in range(8):  # a join at a position a named pattern needs free breaks it: try again
                joined = attach(mol_smiles, example, rng)
                jm = Chem.MolFromSmiles(joined) if joined else None
                if jm is not None and all(jm.HasSubstructMatch(h) for h in have + [patt] if h is not None):
                    mol_smiles = joined
                    have += [patt] if patt is not None else []
                    break
        out.append(mol_smiles)
    return list(dict.fromkeys(out))


def _group_seeds(spec: GoalSpec, rng: np.random.Generator, grown: int = 24) -> list[str]:
    """Molecules built from required groups: their examples, grown by one or two building blocks.

    A bare example (benzimidazole, 118 Da) is far from most property windows and loses to
    decoder seeds that fit the windows without the ring; the grown copies keep the ring and reach
    drug-like size, so the GA starts from molecules that already have it.
    """
    from discovery.chem.groups import lookup_group

    from .mutations import attach

    out = []
    starts: list[tuple[str, str]] = []  # (example, SMARTS) of each required group, for _combined_seeds
    for c in spec.hard:
        if c.kind in ("group_present", "group_attached"):  # "morpholine amides", "N-Boc piperidine"
            acylated = _acylated_seeds(c.name)
            out += acylated
            starts += [(acylated[0], c.value if c.kind == "group_present" else "")] if acylated else []
        if _requires_group(c):
            # The group library's example molecule: complex SMARTS (recursive, with
            # exclusions) do not read as SMILES, and the GA cannot invent a ring system
            # it never sees.
            # "a 1,3,4-oxadiazole or 1,3,4-thiadiazole": an example of each alternative
            for part in c.name.split(" or "):
                # "2,4-diaminopyrimidine with substituted amines", "amide on the amine of aminothiazole":
                # the named group's example is a start the GA can finish
                names = (part, re.split(r" with | in a ", part)[0], part.rsplit(" of ", 1)[-1], part.rsplit(" on ", 1)[-1])
                group = next((g for g in map(lookup_group, names) if g is not None), None) or _group_with_smarts(c.value)
                if group is not None and getattr(group, "example", None):
                    out.append(group.example)
                    if isinstance(c.value, str) and " or " not in c.name:
                        starts.append((group.example, c.value))
            m = Chem.MolFromSmarts(c.value) if isinstance(c.value, str) else None  # a count holds a number
            if m is None:
                continue
            try:
                smi = Chem.MolToSmiles(m)
                mol = Chem.MolFromSmiles(smi)
                if mol is not None:
                    out.append(Chem.MolToSmiles(mol))
                    out += [Chem.MolToSmiles(Chem.MolFromSmiles(f"c1ccccc1{smi}"))] if Chem.MolFromSmiles(f"c1ccccc1{smi}") else []
            except Exception:
                continue
    out += _attached_cores(spec, rng) + _linked_cores(spec, rng)
    cores = list(dict.fromkeys(out))
    out += _combined_seeds(starts, rng)
    for core in cores:
        for i in range(grown):
            child = attach(core, FRAGMENTS[int(rng.integers(len(FRAGMENTS)))], rng)
            if child and i % 3 == 2:  # every third one gets a second building block
                child = attach(child, FRAGMENTS[int(rng.integers(len(FRAGMENTS)))], rng) or child
            if child:
                out.append(child)
    return list(dict.fromkeys(out))


# ------------------------------------------------------------------------------------------
# candidates
# ------------------------------------------------------------------------------------------
def _library_id(lib, smiles: str) -> int | None:
    key = inchikey(smiles)  # chem layer: None for an unparsable SMILES, never raises
    if not key:
        return None
    try:
        from discovery.store import repo

        with lib.session() as s:
            return repo.molecule_id_by_inchikey(s, key)
    except Exception:
        return None


def select_diverse(evals: list[Evaluation], n: int, thresholds=(0.55, 0.7, 0.85, 1.01),
                   exclude: set[str] | None = None) -> list[Evaluation]:
    """Best-first greedy pick with a Tanimoto ceiling to those already picked (relaxed when short)."""
    exclude = exclude or set()
    pool = [e for e in evals if e.smiles not in exclude]
    picked: list[Evaluation] = []
    fps: list = []
    for thr in thresholds:
        for e in pool:
            if len(picked) >= n:
                return picked
            if any(p.smiles == e.smiles for p in picked):
                continue
            fp = fingerprint(Chem.MolFromSmiles(e.smiles))
            if fps and max(DataStructs.BulkTanimotoSimilarity(fp, fps)) >= thr:
                continue
            picked.append(e)
            fps.append(fp)
    return picked


def _has_molecule_index(lib) -> bool:
    """True when a molecule index exists (searching without one would load the model for nothing)."""
    try:
        return (Path(lib.settings.index_dir) / "molecules.faiss").exists()
    except Exception:
        return False


def _nearest(lib, smiles: str, pool: list[tuple[int, str]], pool_fps: list, k: int = 3) -> list[dict]:
    out: list[dict] = []
    hits = []
    if _has_molecule_index(lib):
        try:
            res = lib.search(smiles, modalities=["molecules"], k=k)
            hits = res.hits.get("molecules", [])
        except Exception:
            hits = []
    mol = Chem.MolFromSmiles(smiles)
    fp = fingerprint(mol)
    if hits:
        for h in hits[:k]:
            rec = h.record
            m = Chem.MolFromSmiles(rec.smiles)
            sim = DataStructs.TanimotoSimilarity(fp, fingerprint(m)) if m is not None else 0.0
            out.append({"id": rec.id, "smiles": rec.smiles, "name": rec.name, "similarity": round(float(sim), 3)})
    elif pool_fps:
        sims = np.asarray(DataStructs.BulkTanimotoSimilarity(fp, pool_fps))
        for i in np.argsort(-sims)[:k]:
            mid, smi = pool[int(i)]
            out.append({"id": mid, "smiles": smi, "name": None, "similarity": round(float(sims[i]), 3)})
    for d in out:
        try:
            docs = lib.documents_for(d["id"], limit=3)
            d["documents"] = [{"id": doc.id, "title": doc.title or (doc.text or "")[:80]} for doc in docs]
        except Exception:
            d["documents"] = []
        if d.get("name") is None:
            try:
                rec = lib.get_molecule(d["id"])
                d["name"] = rec.name if rec else None
            except Exception:
                pass
    return out


def _candidate(lib, ev: Evaluation, pool, pool_fps, with_nearest: bool = True) -> Candidate:
    lib_id = _library_id(lib, ev.smiles)
    return Candidate(
        smiles=ev.smiles,
        properties={k: (round(float(v), 4) if v is not None else None) for k, v in ev.properties.items()},
        checks=list(ev.checks),
        score=round(float(ev.fitness), 4),
        scores={k: round(float(v), 4) for k, v in ev.scores.items()},
        novel=lib_id is None,
        library_id=lib_id,
        nearest=_nearest(lib, ev.smiles, pool, pool_fps) if with_nearest else [],
    )


# ------------------------------------------------------------------------------------------
# runs
# ------------------------------------------------------------------------------------------
def _save(lib, result: GenerationResult, status: str) -> int | None:
    from discovery.store.models import GeneratedCandidate, GenerationRun

    try:
        with lib.session() as s:
            run = GenerationRun(mode=result.mode, goal=result.goal[:10000], spec=result.spec.to_dict(),
                                params=dict(result.params), status=status, message=result.message)
            for rank, c in enumerate(result.candidates):
                run.candidates.append(GeneratedCandidate(rank=rank, smiles=c.smiles, score=float(c.score), data=c.to_dict()))
            s.add(run)
            s.flush()
            return int(run.id)
    except Exception as exc:  # a read-only library still answers; the run is just not kept
        result.message = (result.message + "; " if result.message else "") + f"run not saved ({type(exc).__name__})"
        return None


def list_runs(lib) -> list[dict]:
    """Saved generation/edit runs, newest first: id, mode, goal, status, message, created_at, n_candidates."""
    from sqlalchemy import func, select

    from discovery.store.models import GeneratedCandidate, GenerationRun

    with lib.session() as s:
        counts = dict(s.execute(select(GeneratedCandidate.run_id, func.count()).group_by(GeneratedCandidate.run_id)).all())
        runs = s.execute(select(GenerationRun).order_by(GenerationRun.id.desc())).scalars().all()
        return [{"id": r.id, "mode": r.mode, "goal": r.goal, "status": r.status, "message": r.message,
                 "created_at": r.created_at.isoformat() if r.created_at else None,
                 "n_candidates": int(counts.get(r.id, 0)), "params": dict(r.params or {})} for r in runs]


def get_run(lib, run_id: int) -> GenerationResult:
    """A saved run as a :class:`GenerationResult` (raises ``DiscoveryError`` for an unknown id)."""
    from discovery.store.models import GenerationRun

    with lib.session() as s:
        run = s.get(GenerationRun, int(run_id))
        if run is None:
            raise DiscoveryError(f"no generation run #{run_id}: `discovery generate --runs` lists the saved runs")
        spec = GoalSpec.from_dict(run.spec or {"text": run.goal})
        cands = [Candidate.from_dict(c.data) if c.data else Candidate(smiles=c.smiles, score=c.score) for c in run.candidates]
        params = dict(run.params or {})
        return GenerationResult(run_id=run.id, goal=run.goal, spec=spec, candidates=cands, message=run.message or "",
                                seconds=float(params.get("seconds", 0.0)), mode=run.mode, params=params)


# ------------------------------------------------------------------------------------------
# generate
# ------------------------------------------------------------------------------------------
def _validate(spec: GoalSpec) -> GoalSpec:
    """Checks a spec that did not come from the parser (e.g. edited as a table in the app)."""
    from .goals import _check_consistency
    from .spec import KINDS, OPS

    for c in spec.constraints:
        if c.kind not in KINDS:
            raise GoalError(f"constraint {c.name!r}: unknown kind {c.kind!r} (use one of {', '.join(KINDS)})")
        if c.op not in OPS:
            raise GoalError(f"constraint {c.name!r}: unknown operator {c.op!r} (use one of {', '.join(OPS)})")
        if c.kind in ("property", "group_count"):
            bad = (c.op in ("<=", ">=") and not isinstance(c.value, (int, float))) or (
                c.op == "between" and not (isinstance(c.value, (tuple, list)) and len(c.value) == 2
                                           and all(isinstance(v, (int, float)) for v in c.value)))
            if bad:
                raise GoalError(f"constraint {c.describe()!r}: needs a number (or 'low, high' for between)")
        if c.kind == "group_count" and c.op not in ("<=", ">=", "between"):
            raise GoalError(f"constraint {c.name!r}: a group count needs '<=', '>=' or 'between' (got {c.op!r})")
        if c.kind == "group_linked":
            from .scoring import _link_pattern

            if _link_pattern(c) is None:
                raise GoalError(f"constraint {c.name!r}: 'group_linked' needs a SMARTS and 'aromatic' or 'any', "
                                "e.g. '[NX3][CX3]=[OX1], aromatic' (the group joins two such rings)")
        elif c.kind == "group_attached":
            from .scoring import RELATIONS, _pair_patterns

            if _pair_patterns(c) is None:
                raise GoalError(f"constraint {c.name!r}: 'group_attached' needs two SMARTS and optionally how "
                                f"they sit ({', '.join(RELATIONS)}), e.g. '[CX4](F)(F)F, [nX2]1ccccc1' "
                                "(the first bonded to the second) or 'F, [NX3][CX3]=O, ortho'")
        elif c.kind.startswith("group_"):
            from .scoring import _pattern

            if _pattern(c) is None:
                where = "" if c.kind == "group_count" else ", or put a SMARTS in the value"
                raise GoalError(f"constraint {c.name!r}: unknown group (use a name of the group library, e.g. "
                                f"'piperazine'{where})")
    _check_consistency(spec)
    if not spec.text:
        spec.text = "; ".join(spec.describe())
    return spec


def _as_spec(lib, goal, mode: str = "generate", reference: str | None = None) -> GoalSpec:
    if isinstance(goal, (GoalSpec, dict)):
        spec = GoalSpec.from_dict(goal.to_dict() if isinstance(goal, GoalSpec) else goal)
        if reference is not None:
            spec.reference = reference
        return _validate(spec)
    return parse_goal(goal, library=lib, mode=mode, reference=reference)


def _unknown_names(spec: GoalSpec) -> list[str]:
    return [s for s in spec.not_understood if s.startswith("unknown drug name")]


def generate(lib, goal, n: int = 10, seed: int = 0, budget: int | None = None,
             progress: Callable[[int, int], None] | None = None, route: str = "auto") -> GenerationResult:
    """Candidate molecules for a written goal (or an edited :class:`GoalSpec`).

    Parameters
    ----------
    lib : discovery.Library
    goal : str | GoalSpec | dict
        The goal text, or a spec (e.g. edited in the app).
    n : int
        Number of candidates (1..100).
    seed : int
        Makes the run reproducible (same library, goal, seed and budget -> same candidates).
    budget : int, optional
        Molecules scored by the optimiser (default :data:`DEFAULT_BUDGET`).
    progress : callable(done, total), optional
    route : str
        ``"design"``: the GA on the parsed goal (a set of designs); ``"describe"``: the goal
        describes one molecule and the candidates are readings of it, best first
        (:mod:`discovery.generate.describe`); ``"auto"`` (default): ``describe`` when
        :func:`~discovery.generate.describe.is_description` says the text is a description.

    Returns
    -------
    GenerationResult
        Saved as a run (``run_id``); ``message`` says why it is empty or what was skipped;
        ``params["route"]`` says which route answered.

    Raises
    ------
    GoalError
        Empty, overlong or contradictory goals.
    """
    t0 = time.perf_counter()
    RDLogger.DisableLog("rdApp.*")  # other modules may have switched RDKit's logging back on
    n = int(n)
    if n < 1 or n > 100:
        raise GoalError(f"n must be between 1 and 100 (got {n})")
    budget = int(budget) if budget is not None else DEFAULT_BUDGET
    if budget < 10:
        raise GoalError(f"budget must be at least 10 scored molecules (got {budget})")
    if route not in ("auto", "design", "describe"):
        raise GoalError(f"route must be 'auto', 'design' or 'describe' (got {route!r})")
    if route == "describe" and not isinstance(goal, str):  # an edited spec: describe its text
        goal = goal.text if isinstance(goal, GoalSpec) else str(dict(goal).get("text", ""))
    if isinstance(goal, str) and (route == "describe" or (route == "auto" and is_description(goal))):
        return _generate_from_description(lib, goal, n, seed, t0)
    spec = _as_spec(lib, goal)
    goal_text = spec.text
    params = {"n": n, "seed": int(seed), "budget": budget, "route": "design"}
    notes: list[str] = []

    def empty(reason: str) -> GenerationResult:
        res = GenerationResult(None, goal_text, spec, [], reason, time.perf_counter() - t0, "generate", params)
        res.params["seconds"] = round(res.seconds, 3)
        res.run_id = _save(lib, res, "empty")
        return res

    unknown = _unknown_names(spec)
    if unknown:
        return empty("not understood: " + "; ".join(unknown))
    checkable = [c for c in spec.constraints if c.kind != "semantic"]
    semantic_fn = _semantic_fn(lib, spec, notes)
    if not checkable and semantic_fn is None:
        why = "nothing in the goal could be turned into a checkable constraint"
        if spec.not_understood:
            why += f" (not understood: {', '.join(spec.not_understood)})"
        if spec.semantic_text:
            why += f"; the free text {spec.semantic_text!r} needs the alignment model, which is not available"
        return empty(why)

    rng = np.random.default_rng(seed)
    scorer = GoalScorer(spec, semantic_fn=semantic_fn)
    lib_rows = _library_seeds(lib, spec, rng)
    refs = [c.value[0] for c in spec.constraints if c.kind == "similarity" and isinstance(c.value, (list, tuple))]
    seeds = refs + _decoder_seeds(lib, spec, seed, notes) + _search_seeds(lib, spec) + [s for _, s in lib_rows]
    seeds += _reference_seeds(spec, rng) + _group_seeds(spec, rng) + FRAGMENTS
    seeds = list(dict.fromkeys(s for s in seeds if s))
    # edits of a required reference are proposals (not excluded from the picks like library seeds);
    # what they scored comes out of the budget
    edited, edit_scored = _edited_reference_seeds(spec, int(seed))

    from .optimize import optimize

    try:
        optimize(scorer, edited + seeds, budget=max(budget - edit_scored, budget // 2), seed=int(seed), population=60,
                 offspring=120, mutation_rate=0.5, keep=budget, progress=progress)
    except DiscoveryError:
        raise
    except Exception as exc:  # the optimiser must not crash a user's request
        notes.append(f"optimiser stopped early ({type(exc).__name__}: {exc})")

    evals = [e for e in scorer.cache.values() if e is not None]
    seed_set = set()
    for s in seeds:
        m = Chem.MolFromSmiles(s)
        if m is not None:
            seed_set.add(Chem.MolToSmiles(m))
    feasible = sorted((e for e in evals if e.passed), key=lambda e: -e.fitness)
    if semantic_fn is not None:
        # the search gave the shared-space score to the best of each batch; the final pool gets it
        # in full so that candidates are ranked on the same terms
        scorer.add_semantic_many(feasible[:300])
        feasible = sorted(feasible, key=lambda e: -e.fitness)
    # library molecules and references are not proposals: prefer new structures
    picked = select_diverse(feasible, n, exclude=seed_set)
    # "analogues of ibuprofen" never returns ibuprofen itself
    references = set()
    for c in spec.constraints:
        if c.kind == "similarity" and isinstance(c.value, (list, tuple)):
            m = Chem.MolFromSmiles(c.value[0])
            references |= {Chem.MolToSmiles(m)} if m is not None else set()
    if len(picked) < n:
        extra = select_diverse([e for e in feasible if e.smiles in seed_set - references], n - len(picked))
        picked += extra
    if len(picked) < n:
        rest = sorted((e for e in evals if not e.passed), key=lambda e: -e.fitness)
        short = n - len(picked)
        picked += select_diverse(rest, short, exclude={p.smiles for p in picked} | references)
        n_ok = sum(1 for p in picked if p.passed)
        notes.insert(0, f"only {n_ok} of {n} candidates meet every hard constraint within a budget of "
                        f"{budget} molecules; the others are the closest found (see their checks)")
    pool = lib_rows[:2000]
    pool_fps = []
    for _, smi in pool:
        m = Chem.MolFromSmiles(smi)
        pool_fps.append(fingerprint(m) if m is not None else fingerprint(Chem.MolFromSmiles("C")))
    cands = [_candidate(lib, e, pool, pool_fps) for e in picked]
    # novel candidates first, then by score (a library molecule is a hit, not a proposal)
    cands.sort(key=lambda c: (not c.passed, not c.novel, -c.score))
    if spec.not_understood:
        notes.append("not understood: " + "; ".join(spec.not_understood))
    res = GenerationResult(None, goal_text, spec, cands, "; ".join(notes), time.perf_counter() - t0, "generate", params)
    res.params["seconds"] = round(res.seconds, 3)
    res.params["scored"] = len(scorer.cache)
    res.run_id = _save(lib, res, "done" if cands else "empty")
    return res


def _generate_from_description(lib, text: str, n: int, seed: int, t0: float) -> GenerationResult:
    """``generate`` for a text that describes one molecule: readings of it, best first.

    The parsed spec is kept for the checklist (what the parser recognised in the description)
    but filters nothing: descriptions name parents and reactions ("derives from ...", "the
    condensation of the carboxy group of ...") that a constraint parser reads as requirements.
    """
    try:
        spec = parse_goal(text, library=lib)
    except GoalError as exc:
        if not text.strip() or "too long" in str(exc):
            raise
        spec = GoalSpec(text=text, not_understood=[str(exc)])  # a description is not a constraint list
    params = {"n": n, "seed": int(seed), "route": "describe"}
    notes: list[str] = []
    if _model(lib) is None:
        res = GenerationResult(None, text, spec, [], "a description is read by the alignment model, which is "
                               "not available", time.perf_counter() - t0, "generate", params)
        res.run_id = _save(lib, res, "empty")
        return res
    readings = read_description(lib, text, n=n, seed=seed, notes=notes)
    checker = GoalScorer(GoalSpec(text=text, constraints=[c for c in spec.constraints if c.kind != "semantic"]),
                         proposals=False)
    cands: list[Candidate] = []
    for r in readings:
        ev = checker.evaluate(r.smiles)
        if ev is None:
            continue
        cand = _candidate(lib, ev, [], [])
        if r.library_id is not None:  # a charge form of a library parent is that library molecule
            cand.novel, cand.library_id = False, r.library_id
        # a structure read from a name has no posterior (and no expected similarity without evidence)
        cand.scores = {key: round(value, 4) for key, value in (("expected_similarity", r.expected_similarity),
                       ("semantic", r.cosine), ("posterior", r.posterior)) if np.isfinite(value)}
        cand.score = cand.scores.get("expected_similarity", cand.scores["semantic"])
        cands.append(cand)
    if readings:
        params["first_reading"] = readings[0].origin
        forms = sorted({r.form for r in readings})
        evidence = [r for r in readings if r.origin in ("library", "decoder")]
        notes.insert(0, f"read as a description of one molecule: {len(readings)} readings"
                        + (f", {len(evidence)} from {evidence[0].origin} evidence ranked by expected similarity"
                           if evidence else "") + f" (forms: {', '.join(forms)})")
        for r in readings:
            if r.origin == "name":
                notes.insert(1, f"the first is read from names in the text: {r.relation} (names read by OPSIN)")
    res = GenerationResult(None, text, spec, cands, "; ".join(notes), time.perf_counter() - t0, "generate", params)
    res.params["seconds"] = round(res.seconds, 3)
    res.run_id = _save(lib, res, "done" if cands else "empty")
    return res


# ------------------------------------------------------------------------------------------
# edit
# ------------------------------------------------------------------------------------------
def _canonical_input(smiles: str) -> str:
    """RDKit canonical SMILES of the input, as given (charges kept: an edit is measured against the
    molecule the user wrote, not its neutralised parent); salts keep their largest fragment."""
    text = (smiles or "").strip()
    mol = Chem.MolFromSmiles(text) if text else None
    if mol is None or mol.GetNumAtoms() == 0:
        raise ChemError(f"cannot read the input molecule {text[:200]!r}: not a valid SMILES")
    frags = Chem.GetMolFrags(mol, asMols=True)
    if len(frags) > 1:
        mol = max(frags, key=lambda m: m.GetNumHeavyAtoms())
    return Chem.MolToSmiles(mol)


def edit(lib, smiles: str, goal, n: int = 1, min_similarity: float = 0.5, seed: int = 0,
         save: bool = True, with_nearest: bool = True) -> GenerationResult:
    """Modified versions of ``smiles`` that meet ``goal`` with Tanimoto >= ``min_similarity``.

    Parameters
    ----------
    lib : discovery.Library or None
        ``None`` works too (no novelty/neighbours, nothing saved): the fast path for bulk edits.
    smiles : str
        The molecule to edit (standardised first).
    goal : str | GoalSpec
        E.g. "This molecule is soluble in water.", "fewer H-bond donors", "add a fluorine".
    n : int
        Number of edits returned.
    min_similarity : float
        Tanimoto floor (Morgan radius 2, 2048 bits) between each edit and the input.
    seed : int

    Returns
    -------
    GenerationResult
    """
    t0 = time.perf_counter()
    RDLogger.DisableLog("rdApp.*")
    if not 0.0 <= float(min_similarity) <= 1.0:
        raise GoalError(f"min_similarity must be between 0 and 1 (got {min_similarity})")
    if int(n) < 1 or int(n) > 100:
        raise GoalError(f"n must be between 1 and 100 (got {n})")
    src = _canonical_input(smiles)
    spec = _as_spec(lib, goal, mode="edit", reference=src)
    params = {"n": int(n), "seed": int(seed), "min_similarity": float(min_similarity), "input": src}
    from .edit import edit_molecule

    notes: list[str] = []
    unknown = _unknown_names(spec)
    if unknown:
        res = GenerationResult(None, spec.text, spec, [], "not understood: " + "; ".join(unknown),
                               time.perf_counter() - t0, "edit", params)
        if save and lib is not None:
            res.run_id = _save(lib, res, "empty")
        return res
    checkable = [c for c in spec.constraints if c.kind != "semantic"]
    semantic_fn = _semantic_fn(lib, spec, notes) if (lib is not None and spec.semantic_text) else None
    if not checkable and semantic_fn is None:
        why = "nothing in the goal could be turned into a checkable change"
        if spec.not_understood:
            why += f" (not understood: {', '.join(spec.not_understood)})"
        if spec.semantic_text:
            why += f"; free text {spec.semantic_text!r} needs the alignment model"
        res = GenerationResult(None, spec.text, spec, [], why, time.perf_counter() - t0, "edit", params)
        if save and lib is not None:
            res.run_id = _save(lib, res, "empty")
        return res
    out = edit_molecule(src, spec, n=int(n), min_similarity=float(min_similarity), seed=int(seed),
                        semantic_fn=semantic_fn)
    picked = out.evaluations[: int(n)]
    if out.message:
        notes.insert(0, out.message)
    if spec.not_understood:
        notes.append("not understood: " + "; ".join(spec.not_understood))
    if lib is not None:
        cands = [_candidate(lib, e, [], [], with_nearest=with_nearest) for e in picked]
    else:
        cands = [Candidate(smiles=e.smiles, properties=dict(e.properties), checks=list(e.checks),
                           score=float(e.fitness), scores=dict(e.scores)) for e in picked]
    res = GenerationResult(None, spec.text, spec, cands, "; ".join(notes), time.perf_counter() - t0, "edit", params)
    res.params["seconds"] = round(res.seconds, 3)
    res.params["scored"] = out.n_scored
    if save and lib is not None:
        res.run_id = _save(lib, res, "done" if cands else "empty")
    return res
