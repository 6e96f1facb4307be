"""Formal condensations: the ester, amide, thioester or ether two named molecules form.

Chemists (and ChEBI) define many molecules as the product of two others: "the formal condensation
of the carboxy group of (2-nitro-1H-imidazol-1-yl)acetic acid with the amino group of
ethanolamine", "the thiol group of coenzyme A with the carboxy group of dec-2-enoic acid",
"methanesulfonic acid with methanol". :func:`condensation_products` joins the two structures at
the named groups, losing water: an acid's OH (carboxy, sulfo, phospho) leaves and the other
molecule's O, N or S takes its place; two hydroxy groups (a glycoside) make an ether, the first
one's OH leaving. A group the text does not name is found from what the molecule carries.

A molecule with several such groups gives several products (one per pair of sites); the caller
chooses among them (text generation scores them against the description).
"""

from __future__ import annotations

import re

from rdkit import Chem

from .mol import sanitized

__all__ = ["condensation_products", "group_kind"]

# group -> SMARTS whose first atom keeps the new bond; for acids the second listed O leaves.
_ACIDS = {
    "carboxy": Chem.MolFromSmarts("[CX3](=O)[OX2H1]"),
    "sulfo": Chem.MolFromSmarts("[SX4](=O)(=O)[OX2H1]"),
    "phospho": Chem.MolFromSmarts("[PX4](=O)[OX2H1]"),
}
_NUCLEOPHILES = {
    "amino": Chem.MolFromSmarts("[NX3;H2,H1;+0;!$(N-[C,S,P]=[O,S,N]);!$(N-a)]"),
    "arylamino": Chem.MolFromSmarts("[NX3;H2,H1;+0;$(N-a)]"),
    "hydroxy": Chem.MolFromSmarts("[OX2H1;$(O-[#6]);!$(O-C=[O,S,N])]"),
    "thiol": Chem.MolFromSmarts("[SX2H1]"),
}
# an alcohol's C-O when two hydroxy groups condense (glycosides): the C keeps the bond, the O leaves
_ALCOHOL = Chem.MolFromSmarts("[CX4][OX2H1]")

_GROUP_WORDS = [
    ("carboxy", r"carboxy|carboxyl|carboxylic acid|carboxylate"),
    ("sulfo", r"sulfo|sulfonic acid|sulpho"),
    ("phospho", r"phospho|phosphate|phosphono|phosphoric acid"),
    ("amino", r"amino|amine|nitrogen"),
    ("hydroxy", r"hydroxy|hydroxyl|alcohol|alcoholic|phenolic"),
    ("thiol", r"thiol|sulfanyl|mercapto|sulfhydryl"),
]
#: Most products returned (a polyol or a polyacid can give many).
MAX_PRODUCTS = 24


def group_kind(words: str | None) -> str | None:
    """The group a phrase names: "3-hydroxy" and "anomeric hydroxy" -> "hydroxy", "side-chain amino" -> "amino"."""
    if not words:
        return None
    for kind, pattern in _GROUP_WORDS:
        if re.search(rf"(?:^|[\s\-']|\d)(?:{pattern})\b", words.lower()):
            return kind
    return None


def _acid_sites(mol: Chem.Mol, kind: str | None) -> list[tuple[int, int]]:
    kinds = [kind] if kind in _ACIDS else list(_ACIDS) if kind is None else []
    return [(m[0], m[-1]) for k in kinds for m in mol.GetSubstructMatches(_ACIDS[k])]


def _nucleophile_sites(mol: Chem.Mol, kind: str | None) -> list[int]:
    if kind == "amino":
        kinds = ["amino", "arylamino"]
    elif kind in _NUCLEOPHILES:
        kinds = [kind]
    elif kind is None:
        kinds = list(_NUCLEOPHILES)
    else:
        kinds = []
    return list(dict.fromkeys(m[0] for k in kinds for m in mol.GetSubstructMatches(_NUCLEOPHILES[k])))


def _join(first: Chem.Mol, keep: int, leave: int, second: Chem.Mol, site: int) -> str | None:
    """``first`` bonded at ``keep`` to ``second``'s ``site``, ``first``'s atom ``leave`` removed."""
    combo = Chem.RWMol(Chem.CombineMols(first, second))
    site += first.GetNumAtoms()
    combo.AddBond(keep, site, Chem.BondType.SINGLE)
    atom = combo.GetAtomWithIdx(site)
    atom.SetNoImplicit(False)
    if atom.GetNumExplicitHs():
        atom.SetNumExplicitHs(atom.GetNumExplicitHs() - 1)
    combo.RemoveAtom(leave)
    mol = sanitized(combo)
    return Chem.MolToSmiles(mol) if mol is not None else None


def condensation_products(a: Chem.Mol, group_a: str | None, b: Chem.Mol, group_b: str | None) -> list[str]:
    """Canonical SMILES of every product of ``a`` and ``b`` condensed at the named groups (kinds as
    :func:`group_kind` returns them, or ``None`` when the text names none), at most ``MAX_PRODUCTS``.

    >>> acid, amine = Chem.MolFromSmiles("CC(=O)O"), Chem.MolFromSmiles("NCCO")
    >>> condensation_products(acid, "carboxy", amine, "amino")
    ['CC(=O)NCCO']
    """
    if a is None or b is None:
        return []
    products: list[str | None] = []
    # an acid of one molecule with a nucleophile of the other (either way round when unnamed)
    for acid, acid_group, other, other_group in ((a, group_a, b, group_b), (b, group_b, a, group_a)):
        if acid_group not in (None, *_ACIDS) or other_group in _ACIDS:
            continue
        for keep, leave in _acid_sites(acid, acid_group):
            for site in _nucleophile_sites(other, other_group):
                products.append(_join(acid, keep, leave, other, site))
    if not any(products) and group_a in (None, "hydroxy") and group_b in (None, "hydroxy"):
        # two hydroxy groups: an ether (glycosidic bond), the first molecule's OH leaving
        for carbon, oxygen in a.GetSubstructMatches(_ALCOHOL):
            for site in _nucleophile_sites(b, "hydroxy"):
                products.append(_join(a, carbon, oxygen, b, site))
    return list(dict.fromkeys(p for p in products if p))[:MAX_PRODUCTS]
