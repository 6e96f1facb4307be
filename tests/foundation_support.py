"""Small fixture files for the foundation tests (written into tmp_path; no dataset needed)."""

from __future__ import annotations

import gzip
from pathlib import Path

# 27 valid, distinct drug-like SMILES (with names) used to build fixture files
GOOD = [
    ("CCO", "ethanol"), ("c1ccccc1", "benzene"), ("CC(=O)Oc1ccccc1C(=O)O", "aspirin"),
    ("CC(C)Cc1ccc(cc1)C(C)C(=O)O", "ibuprofen"), ("CN1C=NC2=C1C(=O)N(C(=O)N2C)C", "caffeine"),
    ("CC(=O)Nc1ccc(O)cc1", "paracetamol"), ("OC(=O)c1ccccc1O", "salicylic acid"), ("CCN(CC)CC", "triethylamine"),
    ("c1ccc2ccccc2c1", "naphthalene"), ("CC(C)O", "isopropanol"), ("CCCCCC", "hexane"), ("C1CCCCC1", "cyclohexane"),
    ("c1ccncc1", "pyridine"), ("CC(=O)C", "acetone"), ("ClC(Cl)Cl", "chloroform"), ("OCCO", "ethylene glycol"),
    ("NCCO", "ethanolamine"), ("c1ccc(cc1)O", "phenol"), ("Cc1ccccc1", "toluene"), ("OC(=O)CC(O)(CC(=O)O)C(=O)O", "citric acid"),
    ("C(C(C(C(C(CO)O)O)O)O)O", "sorbitol"), ("CS(C)=O", "dmso"), ("c1ccc2[nH]ccc2c1", "indole"),
    ("NC(=O)N", "urea"), ("CC#N", "acetonitrile"), ("O=C1CCCCC1", "cyclohexanone"), ("CCOC(=O)C", "ethyl acetate"),
]
BAD = ["C1CC(", "Xyz123", "c1cccc1C(=O"]  # unparsable


def corrupted_csv(path: Path) -> tuple[Path, list[int]]:
    """A CSV with 30 data rows, 3 of them (10%) with corrupted SMILES; returns the bad line numbers."""
    lines = ["smiles,name,logp"]
    bad_lines = []
    bad_iter = iter(BAD)
    for i, (smi, name) in enumerate(GOOD):
        lines.append(f"{smi},{name},{i / 10:.1f}")
        if i in (4, 14, 24):
            lines.append(f"{next(bad_iter)},broken {i},0.0")
            bad_lines.append(len(lines))  # 1-based line number (header = line 1)
    path.write_text("\n".join(lines) + "\n")
    return path, bad_lines


def truncated_gz(path: Path, src_text: str) -> Path:
    data = gzip.compress(src_text.encode())
    path.write_bytes(data[: len(data) // 2])
    return path


def binary_file(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 40)
    return path


def library_of(home: Path, smiles: list[str]):
    """A real library at ``home`` holding ``smiles`` (ingested from a CSV, every row accepted)."""
    from discovery.library import Library

    csv = home / "mols.csv"
    csv.write_text("smiles\n" + "\n".join(smiles) + "\n")
    library = Library.open(home, progress=False)
    assert library.ingest_molecules(csv).n_ok == len(smiles)
    return library


def counts(lib) -> dict:
    t = lib.stats()["totals"]
    return {k: t[k] for k in ("sources", "molecules", "names", "documents", "links", "measurements")}


def run_cli(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    """Run the ``discovery`` console entry point in-process: (exit code, stdout, stderr)."""
    import sys

    from discovery.cli import main

    monkeypatch.setattr(sys, "argv", ["discovery", *map(str, args)])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err
