"""Molecule-text pairs and CID-keyed structure files (tab-separated, ``.gz`` allowed).

Three layouts, told apart by their header:

``CID, SMILES, description``  (ChEBI-20, PubChem324k captions)
    molecule + a ``description`` document (``doc_key`` ``chebi20:CID`` / ``pubchem:CID``) + a
    ``describes`` link (identifier ``CID:...``).
``CID, SMILES, iupac_name``   (PubChem324k IUPAC names)
    molecule + its IUPAC name.
``CID, SMILES, split``        (ChEBI-20 train+val structures)
    molecule with its CID.

Every molecule also gets its CID as a name (``CID:123``), so ``find_molecule("CID:123")`` works.
ChEBI-20 descriptions contain quote characters: the files are read with
``csv.reader(..., delimiter='\\t', quoting=csv.QUOTE_NONE)``.
"""

from __future__ import annotations

import csv
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from discovery.errors import InputError
from discovery.records import BadRow

from ._files import check_readable, check_text, describe_read_error, open_binary
from .loader import Item, Link

csv.field_size_limit(1 << 30)

LAYOUTS = {"description": "captions", "iupac_name": "names", "split": "structures"}
PREFIX_LABELS = {"chebi20": "ChEBI-20", "pubchem": "PubChem", "cid": "CID"}


@dataclass
class PairsLayout:
    path: Path
    layout: str  # captions | names | structures
    cid_index: int
    smiles_index: int
    value_index: int | None
    prefix: str  # doc_key prefix for captions


def default_prefix(path: Path) -> str:
    """``pubchem`` or ``chebi20`` by file path (``cid`` when neither appears)."""
    s = str(path).lower()
    if "pubchem" in s:
        return "pubchem"
    if "chebi" in s:
        return "chebi20"
    return "cid"


def resolve_layout(path: str | Path, prefix: str | None = None) -> PairsLayout:
    """Check the header and decide the layout; :class:`InputError` with one line if unusable."""
    p = check_readable(path)
    head = check_text(p)
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{p}: empty file")
    first = text.splitlines()[0]
    if "\t" not in first:
        raise InputError(f"{p}: expected a tab-separated file with a header CID, SMILES, description "
                         f"(or iupac_name, or split); first line is {first[:80]!r}")
    header = [h.strip().lower() for h in first.split("\t")]
    try:
        ci, si = header.index("cid"), header.index("smiles")
    except ValueError:
        raise InputError(f"{p}: missing column CID or SMILES (columns: {', '.join(header)})") from None
    for col, layout in LAYOUTS.items():
        if col in header:
            return PairsLayout(p, layout, ci, si, header.index(col), prefix or default_prefix(p))
    raise InputError(f"{p}: no description, iupac_name or split column (columns: {', '.join(header)})")


def iter_items(layout: PairsLayout) -> Iterator[Item | BadRow]:
    p, fname = layout.path, str(layout.path)
    label = PREFIX_LABELS.get(layout.prefix, layout.prefix)
    need = max(layout.cid_index, layout.smiles_index, layout.value_index or 0) + 1
    try:
        with open_binary(p) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.reader(text, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader, None)
            for row in reader:
                line = reader.line_num
                if not row or not any(c.strip() for c in row):
                    continue
                if len(row) < need and layout.layout != "structures":
                    yield BadRow(fname, line, f"expected {need} tab-separated fields, got {len(row)}")
                    continue
                cid = row[layout.cid_index].strip() if len(row) > layout.cid_index else ""
                smiles = row[layout.smiles_index].strip() if len(row) > layout.smiles_index else ""
                value = row[layout.value_index].strip() if layout.value_index is not None and len(row) > layout.value_index else ""
                if not cid.isdigit():
                    yield BadRow(fname, line, f"CID is not a number: {cid[:40]!r}")
                    continue
                if not smiles:
                    yield BadRow(fname, line, "empty SMILES")
                    continue
                names = [("cid", f"CID:{cid}")]
                if layout.layout == "names":
                    if not value:
                        yield BadRow(fname, line, "empty iupac_name")
                        continue
                    names.append(("iupac", value))
                    yield Item(row=line, smiles=smiles, names=names)
                elif layout.layout == "structures":
                    yield Item(row=line, smiles=smiles, names=names,
                               properties={"split": value} if value else None)
                else:
                    if not value:
                        yield BadRow(fname, line, "empty description")
                        continue
                    doc = {"doc_key": f"{layout.prefix}:{cid}", "kind": "description",
                           "title": f"{label} description of CID {cid}", "text": value,
                           "external_id": f"CID:{cid}"}
                    yield Item(row=line, smiles=smiles, names=names, document=doc,
                               links=[Link(relation="describes", identifier=f"CID:{cid}", to_item_molecule=True)])
    except (UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:
        raise describe_read_error(p, exc) from None
    except csv.Error as exc:
        raise InputError(f"{p}: cannot be parsed as TSV ({exc})") from None
