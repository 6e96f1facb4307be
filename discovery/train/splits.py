"""Deterministic splits shared by every benchmark that uses ChEBI-20 val descriptions."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

DEV_SIZE = 1000


def read_chebi20(path: str | Path) -> list[tuple[str, str, str]]:
    """Rows ``(CID, SMILES, description)`` of a ChEBI-20 TSV (header skipped, quotes kept)."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        return [(r[0], r[1], r[2]) for r in reader if len(r) >= 3 and r[0] != (header or [""])[0]]


def chebi20_dev_cids(path: str | Path, size: int = DEV_SIZE) -> set[str]:
    """The held-out dev split of ChEBI-20 val: the ``size`` CIDs first in sha1(CID) order.

    Parameters
    ----------
    path:
        ``chebi20/val.tsv`` (or a folder containing it).
    size:
        Number of pairs held out (1,000 by default). Never train on these descriptions.
    """
    p = Path(path)
    if p.is_dir():
        p = p / "val.tsv"
    cids = sorted({r[0] for r in read_chebi20(p)}, key=lambda c: hashlib.sha1(c.encode()).hexdigest())
    return set(cids[:size])


TABLE_HELDOUT_PERCENT = 10


def table_row_heldout(smiles: str, percent: int = TABLE_HELDOUT_PERCENT) -> bool:
    """Is this MoleculeNet table row held out of training (for `discovery bench experiments`)?

    Deterministic on the row's SMILES exactly as written in the file: sha1 mod 100 < ``percent``.
    Never train on these rows.
    """
    return int(hashlib.sha1(("table:" + smiles.strip()).encode()).hexdigest(), 16) % 100 < percent
