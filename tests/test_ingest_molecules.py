"""Molecule ingest: bad rows by line number, strict, idempotency, column detection, SDF, SMILES lists,
unreadable files (each one InputError line, library unchanged)."""

from __future__ import annotations

import gzip

import pytest
from rdkit import Chem
from sqlalchemy import select

from discovery import IngestError, InputError, Library
from discovery.store.models import MoleculeSource
from foundation_support import GOOD, binary_file, corrupted_csv, counts, truncated_gz


@pytest.fixture()
def lib(tmp_path):
    lib = Library.open(tmp_path / "lib", progress=False)
    yield lib
    lib.close()


def test_csv_with_corrupted_smiles_keeps_good_rows_and_reports_each_bad_line(lib, tmp_path):
    path, bad_lines = corrupted_csv(tmp_path / "mols.csv")
    report = lib.ingest_molecules(path)
    assert report.n_rows == 30 and report.n_ok == 27
    assert [b.row for b in report.bad_rows] == bad_lines
    assert all(b.file == str(path) and "SMILES" in b.reason for b in report.bad_rows)
    assert report.added["molecules"] == 27 and report.added["names"] == 27
    assert lib.find_molecule("ibuprofen").smiles == "CC(C)Cc1ccc(C(C)C(=O)O)cc1"
    # the other columns are kept as properties of the molecule in that source
    with lib.session() as s:
        props = s.execute(select(MoleculeSource.properties).where(MoleculeSource.row == 2)).scalar_one()
    assert props == {"logp": 0.0}


def test_reingest_changes_nothing_and_overlap_never_duplicates(lib, tmp_path):
    path, _ = corrupted_csv(tmp_path / "mols.csv")
    lib.ingest_molecules(path)
    before = counts(lib)
    again = lib.ingest_molecules(path)
    assert again.skipped_duplicate_source and counts(lib) == before
    # the same structures in another file (other spellings, one salt form): no new molecules
    other = tmp_path / "other.csv"
    other.write_text("smiles\nOCC\nOC(=O)c1ccccc1OC(C)=O\n[Na+].CC(=O)Oc1ccccc1C(=O)[O-]\n")
    rep = lib.ingest_molecules(other)
    assert rep.n_ok == 3 and rep.added["molecules"] == 0
    assert counts(lib)["molecules"] == before["molecules"]


def test_strict_rejects_the_whole_file(lib, tmp_path):
    path, bad_lines = corrupted_csv(tmp_path / "mols.csv")
    before = counts(lib)
    with pytest.raises(IngestError) as err:
        lib.ingest_molecules(path, strict=True)
    msg = str(err.value)
    assert "\n" not in msg and str(path) in msg and f"row {bad_lines[0]}" in msg
    assert counts(lib) == before
    # without strict the same file still goes in (the rejected try left no source behind)
    assert lib.ingest_molecules(path).n_ok == 27


def test_smiles_and_name_columns_found_by_content(lib, tmp_path):
    path = tmp_path / "odd.tsv"
    rows = ["label\tweight\tstructure_code"] + [f"{n}\t{i}\t{s}" for i, (s, n) in enumerate(GOOD[:10])]
    path.write_text("\n".join(rows) + "\n")
    rep = lib.ingest_molecules(path)
    assert rep.n_ok == 10 and rep.n_bad == 0
    assert lib.find_molecule("caffeine") is None  # 'label' is not a known name header ...
    rep2 = lib.ingest_molecules(path, name_column="label")  # ... but can be named
    assert not rep2.skipped_duplicate_source and rep2.added["molecules"] == 0
    assert lib.find_molecule("caffeine").formula == "C8H10N4O2"
    with pytest.raises(InputError, match="not found"):
        lib.ingest_molecules(path, smiles_column="smiles")


def test_smiles_list_without_header(lib, tmp_path):
    path = tmp_path / "list.smi"
    path.write_text("CCO ethanol\nc1ccccc1\nnot_a_smiles what\n\nCC(=O)O acetic acid\n")
    rep = lib.ingest_molecules(path)
    assert rep.n_ok == 3 and [b.row for b in rep.bad_rows] == [3]
    assert lib.find_molecule("acetic acid").smiles == "CC(=O)O"


def _write_sdf(path, gz=False):
    opener = gzip.open if gz else open
    with opener(path, "wt") as fh:
        w = Chem.SDWriter(fh)
        for i, (smi, name) in enumerate(GOOD[:5]):
            m = Chem.MolFromSmiles(smi)
            m.SetProp("_Name", name)
            m.SetProp("pIC50", f"{5 + i / 2}")
            m.SetProp("vendor", "acme")
            w.write(m)
        w.close()
        # a broken record at the end (five-valent nitrogen: RDKit refuses it)
        fh.write("broken\n     RDKit          2D\n\n  6  5  0  0  0  0  0  0  0  0999 V2000\n"
                 + "    0.0000    0.0000    0.0000 N   0  0  0  0  0  0  0  0  0  0  0  0\n"
                 + "    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n" * 5
                 + "".join(f"  1  {i}  1  0\n" for i in range(2, 7)) + "M  END\n$$$$\n")


@pytest.mark.parametrize("gz", [False, True])
def test_sdf_with_properties(lib, tmp_path, gz):
    path = tmp_path / ("mols.sdf.gz" if gz else "mols.sdf")
    _write_sdf(path, gz=gz)
    rep = lib.ingest_molecules(path)
    assert rep.n_ok == 5 and rep.n_rows == 6 and [b.row for b in rep.bad_rows] == [6]
    mol = lib.find_molecule("aspirin")
    assert mol.name == "aspirin"
    with lib.session() as s:
        props = s.execute(select(MoleculeSource.properties).where(MoleculeSource.molecule_id == mol.id)).scalar_one()
    assert props == {"pIC50": 6.0, "vendor": "acme"}


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda d: truncated_gz(d / "t.csv.gz", "smiles\n" + "\n".join(s for s, _ in GOOD) * 50), "truncated gzip"),
        (lambda d: (d / "nosmiles.csv").write_text("a,b\nfoo,1\nbar,2\n") and d / "nosmiles.csv", "no SMILES column"),
        (lambda d: binary_file(d / "junk.csv"), "binary"),
        (lambda d: (d / "empty.csv").write_text("") or d / "empty.csv", "empty"),
        (lambda d: (d / "latin1.csv").write_bytes("smiles,name\nCCO,\xe9thanol\n".encode("latin-1")) and d / "latin1.csv",
         "not UTF-8"),
        (lambda d: d / "missing.csv", "not found"),
    ],
    ids=["truncated-gz", "no-smiles-column", "binary", "empty", "latin1", "missing"],
)
def test_unreadable_files_raise_one_line_and_change_nothing(lib, tmp_path, make, expected):
    lib.ingest_molecules(corrupted_csv(tmp_path / "base.csv")[0])
    before = counts(lib)
    path = make(tmp_path)
    with pytest.raises(InputError) as err:
        lib.ingest_molecules(path)
    msg = str(err.value)
    assert expected in msg and str(path.name) in msg and "\n" not in msg
    assert counts(lib) == before


def test_a_busy_library_gives_one_clear_line(tmp_path, monkeypatch):
    import sqlite3

    from discovery import DiscoveryError
    from discovery.store import db

    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    lib = Library.open(tmp_path / "lib", progress=False)
    path, _ = corrupted_csv(tmp_path / "mols.csv")
    other = sqlite3.connect(tmp_path / "lib" / "library.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with pytest.raises(DiscoveryError, match="busy"):
            lib.ingest_molecules(path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert counts(lib)["molecules"] == 0
    assert lib.ingest_molecules(path).n_ok == 27
    lib.close()


def test_keyword_set_columns_become_lists(lib, tmp_path):
    path = tmp_path / "train_props.tsv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write("SMILES\tproperties\n")
        fh.write("CCO\t{'solvent', \"Alzheimer's disease\"}\n")
    rep = lib.ingest_molecules(path, smiles_column="SMILES")
    assert rep.n_ok == 1
    with lib.session() as s:
        props = s.execute(select(MoleculeSource.properties)).scalar_one()
    assert props == {"properties": ["Alzheimer's disease", "solvent"]}
