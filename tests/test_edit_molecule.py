"""Editing: every edit keeps the Tanimoto floor and moves the property the goal names."""

from __future__ import annotations

import pytest
from rdkit import Chem
from rdkit.Chem import Crippen, Descriptors, rdMolDescriptors

from discovery.errors import ChemError, GoalError
from discovery.generate.api import edit
from discovery.generate.edit import neighbours
from discovery.generate.scoring import similarity

INPUT = "CC(C)(C)c1ccc2occ(CC(=O)Nc3ccccc3F)c2c1"


@pytest.mark.parametrize(
    "goal, measure, sign",
    [
        ("This molecule is soluble in water.", Crippen.MolLogP, -1),
        ("This molecule has low permeability.", rdMolDescriptors.CalcTPSA, +1),
        ("add hydrogen bond donors", Descriptors.NumHDonors, +1),
    ],
)
def test_edits_move_the_property_and_stay_similar(goal, measure, sign):
    res = edit(None, INPUT, goal, n=3, min_similarity=0.5, seed=0)
    assert res.candidates
    before = measure(Chem.MolFromSmiles(INPUT))
    for c in res.candidates:
        assert similarity(INPUT, c.smiles) >= 0.5
        assert sign * (measure(Chem.MolFromSmiles(c.smiles)) - before) > 0
        assert c.passed


@pytest.mark.parametrize("floor", [0.3, 0.7])
def test_similarity_floor_is_respected(floor):
    res = edit(None, INPUT, "make it more lipophilic", n=5, min_similarity=floor, seed=3)
    assert res.candidates
    assert all(similarity(INPUT, c.smiles) >= floor for c in res.candidates)


def test_unreachable_floor_gives_reason_not_crash():
    res = edit(None, "CCO", "This molecule has more hydrogen bond donors.", n=1, min_similarity=0.99)
    assert res.candidates == [] and "Tanimoto" in res.message


def test_bad_inputs():
    with pytest.raises(ChemError):
        edit(None, "not a smiles", "more polar")
    with pytest.raises(GoalError):
        edit(None, INPUT, "", n=1)
    with pytest.raises(GoalError):
        edit(None, INPUT, "more polar", min_similarity=1.5)


def test_neighbours_are_valid_and_exclude_the_input():
    nb = neighbours("c1ccccc1O")
    assert nb and Chem.CanonSmiles("c1ccccc1O") not in nb
    assert all(Chem.MolFromSmiles(s) is not None for s in nb)
