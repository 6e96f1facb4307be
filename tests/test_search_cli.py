"""CLI: `discovery search --json`, `discovery embed text|molecules`, `discovery index build|check`.

Runs the Typer app in-process (so the tests-only stand-in model of tests/search_support.py can be
injected) on a real SQLite library built through the facade.
"""

from __future__ import annotations

import json

import numpy as np
from typer.testing import CliRunner

from discovery.cli import app

from search_support import files, lib, model  # noqa: F401 (fixtures)

runner = CliRunner()


def test_index_build_check_and_search_json(lib):
    home = str(lib.settings.home)
    r = runner.invoke(app, ["index", "build", "--home", home])
    assert r.exit_code == 0, r.output
    assert "molecules: 12 vectors, Flat" in r.output
    r = runner.invoke(app, ["index", "check", "--home", home, "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["ok"] is True
    r = runner.invoke(app, ["search", "CC(=O)Oc1ccccc1C(=O)O", "--modality", "molecules", "--k", "2",
                            "--json", "--home", home])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["query_kind"] == "smiles" and list(out["hits"]) == ["molecules"]
    assert len(out["hits"]["molecules"]) == 2
    assert out["hits"]["molecules"][0]["record"]["name"] == "aspirin"
    r = runner.invoke(app, ["search", "sulfonamide drugs", "--substructure", "S(=O)(=O)N", "--mw-max", "300",
                            "-m", "molecules", "--home", home])
    assert r.exit_code == 0, r.output
    assert "hydrochlorothiazide" in r.output and "celecoxib" not in r.output  # celecoxib MW 381


def test_embed_molecules_keeps_line_alignment(lib, model, tmp_path):
    inp = tmp_path / "smiles.txt"
    inp.write_text("CCO\nnot_a_smiles\n\nc1ccccc1\n")
    out = tmp_path / "mols.npy"
    r = runner.invoke(app, ["embed", "molecules", "--input", str(inp), "--output", str(out),
                            "--home", str(lib.settings.home)])
    assert r.exit_code == 0, r.output
    arr = np.load(out)
    assert arr.shape == (4, model.dim) and arr.dtype == np.float32
    np.testing.assert_allclose(arr[0], model.encode_molecules(["CCO"])[0], atol=1e-6)
    np.testing.assert_allclose(arr[3], model.encode_molecules(["c1ccccc1"])[0], atol=1e-6)
    assert not arr[1].any() and not arr[2].any()
    assert f"{inp}:2: cannot parse SMILES 'not_a_smiles'" in r.output
    assert f"{inp}:3: empty line" in r.output


def test_embed_text(lib, model, tmp_path):
    inp = tmp_path / "texts.txt"
    inp.write_text("a water soluble sugar\nan aromatic acid\n")
    out = tmp_path / "texts.npy"
    r = runner.invoke(app, ["embed", "text", "-i", str(inp), "-o", str(out), "--home", str(lib.settings.home)])
    assert r.exit_code == 0, r.output
    arr = np.load(out)
    np.testing.assert_allclose(arr, model.encode_text(["a water soluble sugar", "an aromatic acid"]), atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(arr, axis=1), 1.0, atol=1e-5)
