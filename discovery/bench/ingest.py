"""Ingest speed: molecules/s for ZINC250k SMILES through the whole ingest path (file check and
hash, RDKit parse + standardise + InChIKey + descriptors in worker processes, store writes in
one transaction) into a temporary library.

``discovery bench ingest --n 100000`` (needs ``DISCOVERY_DATASETS``; numbers go to
docs/bench/ingest.md).
"""

from __future__ import annotations

import csv
import gzip
import os
import platform
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from discovery.errors import InputError

ZINC_RELPATH = Path("zinc250k") / "zinc250k.csv.gz"


def zinc_path(datasets: str | os.PathLike | None = None) -> Path:
    root = datasets or os.environ.get("DISCOVERY_DATASETS")
    if not root:
        raise InputError("DISCOVERY_DATASETS is not set: the ingest benchmark reads zinc250k/zinc250k.csv.gz from it")
    path = Path(root) / ZINC_RELPATH
    if not path.is_file():
        raise InputError(f"{path}: file not found (the ingest benchmark needs ZINC250k)")
    return path


def write_smiles(n: int, out: Path, datasets=None) -> int:
    """The first ``n`` ZINC250k SMILES as a one-column CSV; returns how many were written."""
    k = 0
    with gzip.open(zinc_path(datasets), "rt", newline="") as src, open(out, "w", newline="") as dst:
        w = csv.writer(dst)
        w.writerow(["smiles"])
        for row in csv.DictReader(src):
            w.writerow([row["smiles"].strip()])
            k += 1
            if k >= n:
                break
    return k


def run_ingest_bench(n: int = 100_000, processes: int | None = None, datasets=None) -> dict:
    """Time ``Library.ingest_molecules`` on ``n`` ZINC250k SMILES in a fresh temporary library."""
    from discovery.ingest import loader
    from discovery.library import Library

    with tempfile.TemporaryDirectory(prefix="discovery-bench-") as tmp:
        tmp_path = Path(tmp)
        smi = tmp_path / "zinc.csv"
        n_written = write_smiles(n, smi, datasets)
        lib = Library.open(tmp_path / "lib", db_url=f"sqlite:///{tmp_path / 'lib' / 'library.db'}", progress=False)
        from discovery.ingest.registry import molecules_plan

        plan = molecules_plan(smi, smiles_column="smiles")
        cpu0 = _cpu_seconds()
        t0 = time.perf_counter()
        report = loader.ingest_source(lib.engine, plan.path, plan.kind, plan.read, options=plan.options,
                                      progress=False, processes=processes)
        seconds = time.perf_counter() - t0
        cpu = _cpu_seconds() - cpu0  # this process + its (reaped) worker processes
        lib.close()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "benchmark": "ingest",
        "input": f"ZINC250k first {n_written} SMILES",
        "molecules_in": n_written,
        "molecules_ok": report.n_ok,
        "molecules_added": report.added.get("molecules", 0),
        "bad_rows": report.n_bad,
        "seconds": round(seconds, 2),
        "molecules_per_s": round(n_written / seconds, 1) if seconds else None,
        # CPU time does not depend on how busy the shared machine is: the idle-machine estimate
        # is cores / CPU-seconds-per-molecule (what the same run gets with the cores to itself)
        "cpu_ms_per_molecule": round(1000 * cpu / n_written, 3),
        "idle_estimate_molecules_per_s": round(min(processes or os.cpu_count() or 1, os.cpu_count() or 1) * n_written / cpu, 1),
        "processes": processes or os.cpu_count(),
        "chunk_rows": loader.CHUNK_ROWS,
        "cpu_count": os.cpu_count(),
        "load_avg_1min_after": round(load, 2) if load is not None else None,
        "machine": platform.platform(),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _cpu_seconds() -> float:
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def format_table(r: dict) -> str:
    rows = [
        ("input", r["input"]),
        ("ingested", f"{r['molecules_ok']:,} ({r['molecules_added']:,} distinct, {r['bad_rows']} bad rows)"),
        ("seconds", f"{r['seconds']:.1f}"),
        ("molecules/s (wall)", f"{r['molecules_per_s']:,.0f}"),
        ("CPU ms/molecule", f"{r['cpu_ms_per_molecule']:.2f}"),
        ("molecules/s if idle", f"{r['idle_estimate_molecules_per_s']:,.0f} (cores / CPU time)"),
        ("processes", str(r["processes"])),
        ("cpu cores", str(r["cpu_count"])),
        ("load (1 min) after", str(r["load_avg_1min_after"])),
        ("date", r["date"]),
    ]
    w = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{w}}  {v}" for k, v in rows)
