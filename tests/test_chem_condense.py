"""Formal condensations of two molecules at named groups (real RDKit)."""

from __future__ import annotations

import pytest
from rdkit import Chem

from discovery.chem.condense import condensation_products, group_kind


def mol(smiles: str) -> Chem.Mol:
    return Chem.MolFromSmiles(smiles)


@pytest.mark.parametrize("words, kind", [("carboxy", "carboxy"), ("C-terminal carboxy", "carboxy"),
                                         ("3-hydroxy", "hydroxy"), ("anomeric hydroxy", "hydroxy"),
                                         ("side-chain amino", "amino"), ("thiol", "thiol"), ("sulfanyl", "thiol"),
                                         ("sulfonic acid", "sulfo"), ("phosphate", "phospho"), ("keto", None),
                                         (None, None)])
def test_group_words_name_a_kind(words, kind):
    assert group_kind(words) == kind


def test_named_groups_make_one_amide():
    assert condensation_products(mol("CC(=O)O"), "carboxy", mol("NCCO"), "amino") == ["CC(=O)NCCO"]


def test_unnamed_groups_give_every_product_either_way_round():
    # the acid may meet the amine (amide) or the alcohol (ester); the order of the names does not matter
    assert sorted(condensation_products(mol("NCCO"), None, mol("CC(=O)O"), None)) == ["CC(=O)NCCO", "CC(=O)OCCN"]


def test_thioester_sulfonate_ester_and_glycosidic_ether():
    assert condensation_products(mol("SCCNC(C)=O"), "thiol", mol("CCCC(=O)O"), "carboxy") == ["CCCC(=O)SCCNC(C)=O"]
    assert condensation_products(mol("CS(=O)(=O)O"), None, mol("CO"), None) == ["COS(C)(=O)=O"]
    # two hydroxy groups: the first molecule's OH leaves, one product per pair of sites
    ethers = condensation_products(mol("OCC1OC(O)C(O)C1O"), "hydroxy", mol("Oc1ccccc1"), "hydroxy")
    assert "OCC1OC(Oc2ccccc2)C(O)C1O" in ethers and len(ethers) == 4


def test_nothing_to_join_gives_no_product():
    assert condensation_products(mol("CCCC"), None, mol("CCO"), None) == []   # no acid, two alkanes
    assert condensation_products(mol("CC(=O)O"), "carboxy", mol("CC(=O)O"), "carboxy") == []  # two acids
    assert condensation_products(None, None, mol("CCO"), None) == []


def test_many_sites_are_capped(monkeypatch):
    from discovery.chem import condense

    polyol = mol("OCC(O)C(O)C(O)C(O)C(O)C(O)C(O)CO")
    polyacid = mol("OC(=O)CC(C(=O)O)(CC(=O)O)C(=O)O")
    assert len(condensation_products(polyacid, "carboxy", polyol, "hydroxy")) > 3
    monkeypatch.setattr(condense, "MAX_PRODUCTS", 3)
    assert len(condensation_products(polyacid, "carboxy", polyol, "hydroxy")) == 3
