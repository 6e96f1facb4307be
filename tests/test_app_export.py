"""discovery.export: the CSV/SDF files behind the app's download buttons."""

from __future__ import annotations

import io

import pandas as pd
from rdkit import Chem

from discovery.export import to_csv, to_sdf

ROWS = [
    {"rank": 1, "name": "aspirin", "smiles": "CC(=O)Oc1ccccc1C(=O)O", "score": 0.91, "mw": 180.159,
     "checks": ["MW <= 350", "has carboxylic acid"], "nearest": {"name": "salicylic acid", "similarity": 0.5}},
    {"rank": 2, "name": None, "smiles": "not a smiles", "score": 0.5},
    {"rank": 3, "smiles": "c1ccccc1O", "score": 0.4, "novel": True},
]


def test_sdf_has_coordinates_names_and_fields_and_skips_bad_rows():
    text = to_sdf(ROWS)
    mols = [m for m in Chem.ForwardSDMolSupplier(io.BytesIO(text.encode()))]
    assert len(mols) == 2 and all(m is not None for m in mols)
    first, second = mols
    assert first.GetProp("_Name") == "aspirin"
    assert second.GetProp("_Name") == "c1ccccc1O"  # no name: the SMILES is the title
    assert first.GetProp("mw") == "180.159" and first.GetProp("checks") == "MW <= 350; has carboxylic acid"
    assert second.GetProp("novel") == "True"
    assert first.GetConformer().Is3D() is False and first.GetNumConformers() == 1
    assert Chem.MolToSmiles(first) == Chem.MolToSmiles(Chem.MolFromSmiles(ROWS[0]["smiles"]))


def test_csv_flattens_lists_and_dicts():
    frame = pd.read_csv(io.StringIO(to_csv(ROWS)))
    assert list(frame.columns[:5]) == ["rank", "name", "smiles", "score", "mw"]
    assert frame.loc[0, "checks"] == "MW <= 350; has carboxylic acid"
    assert frame.loc[0, "nearest"] == "name=salicylic acid; similarity=0.5"
    assert len(frame) == 3
