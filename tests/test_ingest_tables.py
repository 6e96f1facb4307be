"""Experiment tables: value columns with property/unit/assay, presets, bad values by line."""

from __future__ import annotations

import pytest

from discovery import IngestError, InputError, Library
from foundation_support import counts


@pytest.fixture()
def lib(tmp_path):
    lib = Library.open(tmp_path / "lib", progress=False)
    yield lib
    lib.close()


def test_table_with_options(lib, tmp_path):
    path = tmp_path / "assay.csv"
    path.write_text("compound,SMILES,ic50\nA,CCO,1.5\nB,c1ccccc1,abc\nC,CC(=O)O,\nD,C1CC(,2\nE,CCN,3.25\n")
    rep = lib.ingest_table(path, smiles_column="SMILES", value_columns=["ic50"], property="IC50 against EGFR",
                           unit="uM", assay="kinase panel 2024")
    # B: not a number, C: no value, D: unparsable SMILES
    assert rep.n_ok == 2 and sorted(b.row for b in rep.bad_rows) == [3, 4, 5]
    assert rep.added["measurements"] == 2 and rep.added["molecules"] == 2
    meas = lib.measurements_for(lib.find_molecule("CCN").id)
    assert [(m.property, m.value, m.unit, m.assay, m.row) for m in meas] == [
        ("IC50 against EGFR", 3.25, "uM", "kinase panel 2024", 6)]
    assert "IC50 against EGFR (kinase panel 2024): 3.25 uM" == meas[0].as_text()
    before = counts(lib)
    with pytest.raises(IngestError):
        lib.ingest_table(path, smiles_column="SMILES", value_columns=["ic50"], property="IC50", unit="uM", strict=True)
    assert counts(lib) == before
    with pytest.raises(InputError, match="nope"):
        lib.ingest_table(path, smiles_column="SMILES", value_columns=["nope"])


def test_preset_detected_from_a_moleculenet_file(lib, tmp_path):
    path = tmp_path / "delaney-processed.csv"
    path.write_text(
        "Compound ID,ESOL predicted log solubility in mols per litre,Minimum Degree,Molecular Weight,"
        "Number of H-Bond Donors,Number of Rings,Number of Rotatable Bonds,Polar Surface Area,"
        "measured log solubility in mols per litre,smiles\n"
        "Amigdalin,-0.974,1,457.432,7,3,7,202.32,-0.77,OCC3OC(OCC2OC(OC(C#N)c1ccccc1)C(O)C(O)C2O)C(O)C(O)C3O \n"
        "Fenfuram,-2.885,1,201.225,1,2,2,42.24,-3.3,Cc1occc1C(=O)Nc2ccccc2\n"
    )
    rep = lib.ingest_table(path)
    assert rep.n_ok == 2 and rep.added["measurements"] == 2
    (m,) = lib.measurements_for(lib.find_molecule("Fenfuram").id)
    assert m.value == -3.3 and m.unit == "log(mol/L)" and "solubility" in m.property
    assert lib.assays()[0]["count"] == 2
