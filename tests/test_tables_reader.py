"""Experiment-table reader and MoleculeNet presets: fixture files written here, plus the shared
MoleculeNet files when DISCOVERY_DATASETS is set."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from discovery.errors import InputError
from discovery.ingest.tables import PRESETS, TableRow, ValueColumn, detect_preset, read_table
from discovery.records import BadRow

DATASETS = os.environ.get("DISCOVERY_DATASETS")
needs_datasets = pytest.mark.skipif(not DATASETS, reason="DISCOVERY_DATASETS not set")

CSV = """smiles,ic50,name,assay_id
CCO,1.5,ethanol,A1
CCC,abc,propane,A2
,2,nothing,A3
CC,3,x,A4,extra

c1ccccc1,4.5,benzene,A6
CCN,,ethylamine,A7
"""


def _split(it):
    rows = list(it)
    return [r for r in rows if isinstance(r, TableRow)], [r for r in rows if isinstance(r, BadRow)]


def test_explicit_columns_good_and_bad_rows(tmp_path: Path):
    f = tmp_path / "assay.csv"
    f.write_text(CSV, encoding="utf-8")
    cols, it = read_table(f, value_columns="ic50", property="EGFR IC50", unit="nM", assay="kinase assay")
    assert cols.smiles_column == "smiles" and cols.name_column == "name" and cols.preset is None
    (v,) = cols.values
    assert (v.property, v.unit, v.assay) == ("EGFR IC50", "nM", "kinase assay") and "EGFR IC50" in v.description
    good, bad = _split(it)
    assert [(r.row, r.smiles, r.name, r.values) for r in good] == [
        (2, "CCO", "ethanol", {"ic50": 1.5}), (7, "c1ccccc1", "benzene", {"ic50": 4.5})]
    row, smiles, name, values = good[0]  # unpacks as the 4-tuple the loader expects
    assert (row, smiles) == (2, "CCO")
    reasons = {b.row: b.reason for b in bad}
    assert set(reasons) == {3, 4, 5, 6, 8}
    assert "not a number" in reasons[3] and "empty SMILES" in reasons[4]
    assert "expected 4 fields, saw 5" in reasons[5] and "empty row" in reasons[6] and "no value" in reasons[8]
    assert str(bad[0]).startswith(f"{f}:")


def test_auto_columns_tsv_gz(tmp_path: Path):
    f = tmp_path / "measurements.tsv.gz"
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        fh.write("ID\tSMILES\tlogS\tcomment\n")
        for i in range(1, 130):
            fh.write(f"M{i}\t{'C' * (i % 7 + 1)}O\t{-i / 10}\tok\n")
    cols, it = read_table(f, chunk_rows=50)
    assert cols.separator == "\t" and cols.smiles_column == "SMILES" and cols.id_column == "ID"
    assert cols.value_columns == ["logS"]
    good, bad = _split(it)
    assert len(good) == 129 and not bad
    assert good[-1].row == 130 and good[-1].values == {"logS": -12.9} and good[-1].external_id == "M129"


def test_binary_column_must_be_0_or_1(tmp_path: Path):
    f = tmp_path / "labels.csv"
    f.write_text("smiles,active\nCCO,1\nCCN,0\nCCC,2\nCCCl,yes\n", encoding="utf-8")
    cols, it = read_table(f, value_columns=[ValueColumn("active", "active", value_type="binary")])
    good, bad = _split(it)
    assert [r.values["active"] for r in good] == [1.0, 0.0, 1.0]
    assert len(bad) == 1 and bad[0].row == 4 and "0 or 1" in bad[0].reason


@pytest.mark.parametrize(
    "name,content,kwargs,needles",
    [
        ("nosmiles.csv", b"name,value\nx,1\n", {}, ["no SMILES column", "'name'", "'value'"]),
        ("v.csv", b"smiles,value\nCCO,1\n", {"value_columns": "pIC50"}, ["no value column 'pIC50'", "'smiles'"]),
        ("v.csv", b"smiles,value\nCCO,1\n", {"smiles_column": "SMI"}, ["no SMILES column 'SMI'"]),
        ("bace.csv", b"smiles,value\nCCO,1\n", {"preset": "bace"}, ["preset bace", "'mol'"]),
        ("junk.csv", os.urandom(1000) + b"\x00" * 10, {}, ["binary file"]),
        ("latin.csv", "smiles,v\nCC\u00e9,1\n".encode("latin-1"), {}, ["not UTF-8"]),
        ("empty.csv", b"", {}, ["empty file"]),
        ("x.csv", b"smiles,v\nCCO,1\n", {"preset": "nonsense"}, ["unknown table preset"]),
    ],
)
def test_unreadable_tables_raise_one_line(tmp_path: Path, name, content, kwargs, needles):
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(InputError) as exc:
        cols, it = read_table(f, **kwargs)
        list(it)
    msg = str(exc.value)
    assert "\n" not in msg
    for needle in needles:
        assert needle in msg


def test_truncated_gzip_and_late_encoding_error(tmp_path: Path):
    body = "smiles,v\n" + "".join(f"{'C' * (i % 9 + 1)}O,{i * 31 % 997}\n" for i in range(60000))
    data = gzip.compress(body.encode())
    trunc = tmp_path / "big.csv.gz"
    trunc.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="truncated gzip"):
        cols, it = read_table(trunc, value_columns="v")
        list(it)
    late = tmp_path / "late.csv"
    late.write_bytes(body.encode() + "CC\u00e9,1\n".encode("latin-1"))
    cols, it = read_table(late, value_columns="v")
    with pytest.raises(InputError, match="not UTF-8"):
        list(it)


def test_presets_are_described_for_the_encoder():
    assert {"esol", "freesolv", "lipophilicity", "bace", "bbbp"} <= set(PRESETS)
    for preset in PRESETS.values():
        assert preset.description and preset.values
        for v in preset.values:
            assert v.value_type in ("continuous", "binary")
            assert len(v.description) > 60 and v.higher_is and v.property and v.assay
    assert PRESETS["bbbp"].values[0].higher_is == "crosses the blood-brain barrier"
    assert [v.value_type for v in PRESETS["bace"].values] == ["continuous", "binary"]


def test_detect_preset_by_name_and_header(tmp_path: Path):
    (tmp_path / "BBBP.csv").write_text("num,name,p_np,smiles\n1,x,1,CCO\n")
    (tmp_path / "renamed.csv").write_text("mol,CID,Class,pIC50\nCCO,B1,1,7.0\n")
    (tmp_path / "other.csv").write_text("smiles,exp,extra,more\nCCO,1,2,3\n")
    (tmp_path / "bace.csv").write_text("smiles,y\nCCO,1\n")  # a name alone is not enough
    assert detect_preset(tmp_path / "BBBP.csv") == "bbbp"
    assert detect_preset(tmp_path / "renamed.csv") == "bace"
    assert detect_preset(tmp_path / "other.csv") is None
    assert detect_preset(tmp_path / "bace.csv") is None


EXPECTED = {
    # file: (preset, good rows, smiles column, first row values)
    "delaney-processed.csv": ("esol", 1128, "smiles", {"measured log solubility in mols per litre": -0.77}),
    "SAMPL.csv": ("freesolv", 642, "smiles", {"expt": -11.01}),
    "Lipophilicity.csv": ("lipophilicity", 4200, "smiles", {"exp": 3.54}),
    "bace.csv": ("bace", 1513, "mol", {"pIC50": 9.1549015, "Class": 1.0}),
    "BBBP.csv": ("bbbp", 2050, "SMILES", {"p_np": 1.0}),
}


@needs_datasets
@pytest.mark.parametrize("fname", sorted(EXPECTED))
def test_shared_moleculenet_files(fname):
    f = Path(DATASETS) / "tables" / fname
    preset, n_rows, smiles_col, first = EXPECTED[fname]
    assert detect_preset(f) == preset
    cols, it = read_table(f)
    assert cols.preset == preset and cols.smiles_column == smiles_col
    good, bad = _split(it)
    assert len(good) == n_rows and not bad
    assert good[0].values == first and good[0].row == 2
    if preset in ("esol", "freesolv", "bbbp"):
        assert good[0].name  # Compound ID / iupac / name
