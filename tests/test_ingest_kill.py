"""kill -9 in the middle of an ingest leaves the library openable with its previous counts."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading

from sqlalchemy import text

from discovery import Library
from foundation_support import corrupted_csv, counts


def _big_csv(path, n=20000):
    # many distinct small structures: chains with an O and an N at varying positions
    with open(path, "w") as fh:
        fh.write("smiles\n")
        for i in range(n):
            a, b, c = i % 23, (i // 23) % 23, (i // 529) % 23
            fh.write(f"{'C' * (a + 1)}O{'C' * (b + 1)}N{'C' * (c + 1)}\n")
    return path


def test_kill_9_midway_leaves_previous_state(tmp_path):
    home = tmp_path / "lib"
    lib = Library.open(home, progress=False)
    lib.ingest_molecules(corrupted_csv(tmp_path / "base.csv")[0])
    before = counts(lib)
    lib.close()

    big = _big_csv(tmp_path / "big.csv")
    env = dict(os.environ, DISCOVERY_INGEST_CHUNK="500", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from discovery.cli import main; main()", "ingest", "molecules", str(big),
         "--home", str(home)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )
    seen = bytearray()
    written = threading.Event()

    def watch():
        # the progress bar moves past 0 only after a chunk has been written inside the transaction
        for chunk in iter(lambda: proc.stderr.read1(4096), b""):
            seen.extend(chunk)
            if any(int(m.group(1)) > 0 for m in re.finditer(rb"\|\s*(\d+)/\d+", bytes(seen))):
                written.set()

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    assert written.wait(timeout=120), f"ingest did not start writing: {bytes(seen[-500:])!r}"
    assert proc.poll() is None, "the ingest finished before it could be killed (make the file bigger)"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    lib = Library.open(home, progress=False)
    assert counts(lib) == before
    with lib.session() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    # and the library keeps working: the same file can be ingested after the crash
    small = tmp_path / "small.csv"
    small.write_text("smiles\nCOCCN\n")
    assert lib.ingest_molecules(small).n_ok == 1
    lib.close()
