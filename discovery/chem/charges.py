"""Protonation states of a neutral parent: the charged forms a text may be describing.

The library stores neutral parents (``discovery.chem.mol.standardize``), but a description
often names a charged species: ChEBI writes "a dicarboxylic acid dianion", "the conjugate base
of ...", "a zwitterion obtained by transfer of a proton from the carboxy to the amino group",
"major species at pH 7.3". :func:`charge_variants` rebuilds those forms from the parent with
textbook pKa classes, the way ChEBI draws its pH 7.3 species:

- acids lose their protons: carboxylic, sulfonic / sulfuric and phosphoric / phosphonic OH;
- bases gain one: aliphatic amines (not amides, anilines, sulfonamides, enamines, N-N or N-O)
  and the imine N of amidines and guanidines.

Which form a text means is left to the caller (text generation scores each form against the
description in the shared space: the molecule encoder was trained on charged ChEBI species).

Examples
--------
>>> from rdkit import Chem
>>> sorted(Chem.MolToSmiles(m) for m in charge_variants(Chem.MolFromSmiles("NCC(=O)O")).values())
['NCC(=O)O', 'NCC(=O)[O-]', '[NH3+]CC(=O)O', '[NH3+]CC(=O)[O-]']
"""

from __future__ import annotations

from rdkit import Chem

from .mol import sanitized

__all__ = ["charge_variants", "ACID_SITES", "BASE_SITES"]

# Acidic OH (the O is the atom that loses the proton).
ACID_SITES = Chem.MolFromSmarts(
    "[OX2H1;$(O-[CX3]=[OX1]),$(O-[SX4](=[OX1])=[OX1]),$(O-[PX4]=[OX1])]"
)
# Basic nitrogens (the N is the atom that gains a proton).
BASE_SITES = Chem.MolFromSmarts(
    "[$([NX3;H2,H1,H0;+0;!a;!$(N-[a]);!$(N-[#6,#7,#15,#16]=[#7,#8,#16]);!$(N-[#6]=[#6]);!$(N-[#6]#*);"
    "!$(N-[#7,#8,#16,#15]);!$(N-C(F)(F)F)]),"
    "$([NX2;+0;!a;H1,H0;$(N=[CX3](-[NX3;!a])-[#6,#7;!$([#6]=[#7,#8])]);!$(N-[#6,#8,#7,#16]=*);!$(N-[#8,#7])])]"
)


def _with_charges(mol: Chem.Mol, atoms: list[int], charge: int) -> Chem.Mol | None:
    rw = Chem.RWMol(mol)
    for idx in atoms:
        atom = rw.GetAtomWithIdx(idx)
        atom.SetFormalCharge(charge)
        atom.SetNumExplicitHs(0)
        atom.SetNoImplicit(False)
    return sanitized(rw)  # None: a site the patterns should not have matched, so no such form


def charge_variants(mol: Chem.Mol) -> dict[str, Chem.Mol]:
    """The parent's ``neutral`` form and, where it has the sites, its ``anion`` (acids
    deprotonated), ``cation`` (bases protonated) and ``zwitterion`` (both) forms.

    Only molecules without formal charges are expanded (a charged input is returned as
    ``{"neutral": mol}`` unchanged: its state was given).
    """
    if mol is None:
        return {}
    if any(a.GetFormalCharge() for a in mol.GetAtoms()):
        return {"neutral": mol}
    acids = sorted({m[0] for m in mol.GetSubstructMatches(ACID_SITES)})
    bases = sorted({m[0] for m in mol.GetSubstructMatches(BASE_SITES)})
    out = {"neutral": mol}
    anion = _with_charges(mol, acids, -1) if acids else None
    cation = _with_charges(mol, bases, +1) if bases else None
    if anion is not None:
        out["anion"] = anion
    if cation is not None:
        out["cation"] = cation
    if anion is not None and cation is not None:
        both = _with_charges(anion, bases, +1)
        if both is not None:
            out["zwitterion"] = both
    return out
