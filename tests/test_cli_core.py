"""The core CLI through its console entry point (``discovery.cli.main``): summaries, bad rows,
one-line errors with a non-zero exit, counts unchanged, stats --json."""

from __future__ import annotations

import json

import pytest

from foundation_support import binary_file, corrupted_csv, run_cli, truncated_gz

run = run_cli  # the name these tests use


def stats(monkeypatch, capsys, home) -> dict:
    code, out, _ = run(monkeypatch, capsys, "stats", "--json", "--home", home)
    assert code == 0
    return json.loads(out)["totals"]


@pytest.fixture()
def home(tmp_path, monkeypatch, capsys):
    home = tmp_path / "lib"
    code, out, _ = run(monkeypatch, capsys, "init", "--home", home)
    assert code == 0 and "library ready" in out and (home / "library.db").is_file()
    return home


def test_ingest_reports_bad_rows_and_stats(home, tmp_path, monkeypatch, capsys):
    path, bad_lines = corrupted_csv(tmp_path / "mols.csv")
    code, out, _ = run(monkeypatch, capsys, "ingest", "molecules", path, "--home", home)
    assert code == 0
    assert "30 rows, 27 ingested, 3 bad" in out
    for line in bad_lines:
        assert f"{path}:{line}: " in out
    totals = stats(monkeypatch, capsys, home)
    assert totals["molecules"] == 27 and totals["sources"] == 1
    code, out, _ = run(monkeypatch, capsys, "ingest", "molecules", path, "--home", home)
    assert code == 0 and "already ingested" in out
    assert stats(monkeypatch, capsys, home) == totals
    code, out, _ = run(monkeypatch, capsys, "stats", "--home", home)
    assert code == 0 and "27 molecules" in out and "mols.csv" in out
    code, out, _ = run(monkeypatch, capsys, "db", "upgrade", "--home", home)
    assert code == 0 and "revision" in out


def test_many_bad_rows_are_capped(home, tmp_path, monkeypatch, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("smiles\nCCO\n" + "C1CC(\n" * 60)
    code, out, _ = run(monkeypatch, capsys, "ingest", "molecules", path, "--home", home, "--smiles-column", "smiles")
    assert code == 0 and "... and 10 more" in out and out.count(f"  {path}:") == 50


def _bad_inputs(tmp_path):
    strict, _ = corrupted_csv(tmp_path / "c.csv")
    with open(strict, "a") as fh:  # not the same bytes as the file ingested before (that would be a no-op)
        fh.write("CCCCO,butanol,0.9\n")
    nosmiles = tmp_path / "nosmiles.csv"
    nosmiles.write_text("name,weight\nfoo,1\nbar,2\n")
    return {
        "strict": (["molecules", strict, "--strict"], "rejected"),
        "truncated-gz": (["molecules", truncated_gz(tmp_path / "t.csv.gz", "smiles\n" + "CCO\n" * 5000)], "truncated gzip"),
        "no-smiles-column": (["molecules", nosmiles], "no SMILES column"),
        "binary": (["molecules", binary_file(tmp_path / "junk.csv")], "binary"),
        "table-binary": (["table", binary_file(tmp_path / "junk2.csv"), "--value-column", "x"], "binary"),
        "papers-missing": (["papers", tmp_path / "nope.txt"], "not found"),
    }


@pytest.mark.parametrize("case", ["strict", "truncated-gz", "no-smiles-column", "binary", "table-binary", "papers-missing"])
def test_unreadable_inputs_exit_nonzero_with_one_line(home, tmp_path, monkeypatch, capsys, case):
    good, _ = corrupted_csv(tmp_path / "good.csv")
    run(monkeypatch, capsys, "ingest", "molecules", good, "--home", home)
    before = stats(monkeypatch, capsys, home)
    args, expected = _bad_inputs(tmp_path)[case]
    code, out, err = run(monkeypatch, capsys, "ingest", *args, "--home", home)
    assert code != 0
    errors = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and expected in errors[0], err
    assert "Traceback" not in err + out
    assert stats(monkeypatch, capsys, home) == before


def test_table_options_and_usage_errors(home, tmp_path, monkeypatch, capsys):
    path = tmp_path / "t.csv"
    path.write_text("smiles,y\nCCO,1.5\nCCN,2\n")
    code, out, _ = run(monkeypatch, capsys, "ingest", "table", path, "--value-column", "y", "--property", "pIC50",
                       "--unit", "log M", "--assay", "panel", "--home", home)
    assert code == 0 and "measurements +2" in out
    code, out, err = run(monkeypatch, capsys, "ingest", "molecules", "--home", home)  # missing PATH
    assert code == 2 and "Traceback" not in err
