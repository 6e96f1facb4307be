"""Throughput benchmark of :func:`discovery.chem.mol.prepare_many` on ZINC250k SMILES.

``python -m discovery.chem.bench 100000`` (needs ``DISCOVERY_DATASETS``) prints molecules/s;
the foundation's ``discovery bench ingest`` can call :func:`bench_prepare`.
"""

from __future__ import annotations

import csv
import gzip
import os
import sys
import time
from pathlib import Path

from discovery.errors import InputError

from .mol import PreparedMolecule, prepare_many


def load_zinc_smiles(n: int, datasets: str | os.PathLike | None = None) -> list[str]:
    """First ``n`` SMILES of ``$DISCOVERY_DATASETS/zinc250k/zinc250k.csv.gz`` (column ``smiles``)."""
    root = datasets or os.environ.get("DISCOVERY_DATASETS")
    if not root:
        raise InputError("DISCOVERY_DATASETS is not set: cannot find zinc250k/zinc250k.csv.gz")
    path = Path(root) / "zinc250k" / "zinc250k.csv.gz"
    if not path.exists():
        raise InputError(f"{path}: file not found")
    out: list[str] = []
    with gzip.open(path, "rt", newline="") as handle:
        for row in csv.DictReader(handle):
            out.append(row["smiles"].strip())
            if len(out) >= n:
                break
    return out


def bench_prepare(
    n: int = 100_000, processes: int | None = None, chunksize: int = 500, datasets=None
) -> dict:
    """Time ``prepare_many`` (parse, standardise, InChIKey, descriptors) on ``n`` ZINC250k SMILES.

    Returns
    -------
    dict
        ``n``, ``ok``, ``errors``, ``seconds``, ``mol_per_s``, ``processes``.
    """
    smiles = load_zinc_smiles(n, datasets)
    procs = processes or os.cpu_count() or 1
    cpu0 = _cpu_seconds()
    t0 = time.perf_counter()
    results = prepare_many(smiles, processes=procs, chunksize=chunksize)
    seconds = time.perf_counter() - t0
    cpu = _cpu_seconds() - cpu0
    ok = sum(isinstance(r, PreparedMolecule) for r in results)
    return {
        "n": len(smiles),
        "ok": ok,
        "errors": len(results) - ok,
        "seconds": round(seconds, 2),
        "mol_per_s": round(len(smiles) / seconds, 1),
        "processes": procs,
        # CPU time of this process and its (finished) workers: on a shared machine the wall
        # clock depends on other users, CPU ms per molecule does not (much).
        "cpu_ms_per_mol": round(1000 * cpu / len(smiles), 3),
        "mol_per_s_if_cores_free": round(procs * len(smiles) / cpu, 1) if cpu > 0 else None,
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def _cpu_seconds() -> float:
    """User+system CPU seconds of this process and its waited-for children."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


if __name__ == "__main__":  # pragma: no cover - manual benchmark entry point
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    procs = int(sys.argv[2]) if len(sys.argv) > 2 else None
    print(bench_prepare(n, processes=procs))
