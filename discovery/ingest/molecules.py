"""Molecule files: SMILES lists, CSV/TSV with a SMILES column, SDF (``.gz`` allowed).

Pure readers: they yield :class:`~discovery.ingest.loader.Item` (a structure, its names and the
file's other columns as properties) or :class:`~discovery.records.BadRow`; the loader
standardises and writes. Columns are found by header name and, failing that, by content
(:func:`discovery.chem.looks_like_smiles` on the first rows), so a file with a ``structure`` or
an unnamed SMILES column still works; ``smiles_column`` / ``name_column`` override.
"""

from __future__ import annotations

import csv
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from discovery.errors import InputError
from discovery.records import BadRow

from ._files import check_readable, check_text, describe_read_error, open_binary
from .loader import Item

csv.field_size_limit(1 << 30)

SMILES_HEADERS = ("smiles", "canonical_smiles", "isomeric_smiles", "smiles_string", "canonical smiles",
                  "isomeric smiles", "smi", "mol", "structure", "molecule")
NAME_HEADERS = ("name", "compound name", "compound_name", "compound id", "pref_name", "preferred_name",
                "common_name", "molecule_name", "drug", "drug_name", "title", "iupac", "iupac_name")
ID_HEADERS = ("id", "cid", "pubchem_cid", "compound_id", "molecule_chembl_id", "chembl_id", "cmpd_chemblid",
              "zinc_id", "mol_id")
SDF_SUFFIXES = (".sdf", ".sd", ".mol", ".sdf.gz", ".sd.gz")
SMI_SUFFIXES = (".smi", ".smiles", ".ism", ".can", ".txt", ".smi.gz", ".smiles.gz", ".txt.gz")
#: rows looked at to find the SMILES column by content
SNIFF_ROWS = 200
#: a Python-literal set/list of strings (L+M-24 keywords), parsed into a sorted list
_KEYWORD_SET = re.compile(r"""^[\[{(]\s*['"].*['"]\s*[\]})]$""", re.S)


def _norm(h: str) -> str:
    return re.sub(r"\s+", " ", str(h)).strip().lower()


def name_kind(header: str | None) -> str:
    """The ``molecule_names.kind`` for values of a column with this header."""
    h = _norm(header or "")
    if "iupac" in h:
        return "iupac"
    if h in ("cid", "pubchem_cid", "pubchem cid"):
        return "cid"
    if h in ID_HEADERS or h.endswith("_id") or h.endswith(" id") and h != "compound id":
        return "id"
    return "name"


def name_value(kind: str, value: str) -> str:
    """CIDs are stored as ``CID:123`` so that a bare number never matches a name."""
    value = value.strip()
    if kind == "cid" and value and not value.upper().startswith("CID:"):
        return f"CID:{value}"
    return value


def _property_value(v: Any) -> Any:
    if not isinstance(v, str):
        if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
            return None
        return v
    v = v.strip()
    if v == "":
        return None
    try:
        f = float(v)
    except ValueError:
        pass
    else:
        if f != f or f in (float("inf"), float("-inf")):
            return None  # NaN/inf are not JSON (PostgreSQL refuses them): treat as empty
        return int(f) if f.is_integer() and re.fullmatch(r"[+-]?\d+", v) else f
    if _KEYWORD_SET.match(v):  # L+M-24 style "{'kinase inhibitor', 'anti viral'}"
        from .datasets import parse_keyword_set

        return parse_keyword_set(v) or v
    return v


# --------------------------------------------------------------------------- layout


@dataclass
class MoleculeLayout:
    """How a molecule file is read (resolved and checked before anything is written)."""

    path: Path
    format: str  # csv | smi | sdf
    separator: str | None = None
    has_header: bool = True
    columns: list[str] = field(default_factory=list)
    smiles_column: str | None = None
    name_column: str | None = None
    smiles_index: int = 0
    name_index: int | None = None


def detect_format(path: Path, head: bytes) -> str:
    name = path.name.lower()
    if name.endswith(SDF_SUFFIXES):
        return "sdf"
    text = head.decode("utf-8", errors="ignore")
    if "$$$$" in text or "M  END" in text or "V2000" in text or "V3000" in text:
        return "sdf"
    if name.endswith(SMI_SUFFIXES):
        first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
        # a .txt/.smi with commas or tabs in the header is a table
        if "," not in first and "\t" not in first:
            return "smi"
        return "csv"
    return "csv"


def _separator(path: Path, first_line: str) -> str:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".tsv", ".tab")):
        return "\t"
    counts = {sep: first_line.count(sep) for sep in ("\t", ",", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def _find(columns: list[str], wanted: str) -> int | None:
    if wanted in columns:
        return columns.index(wanted)
    w = _norm(wanted)
    for i, c in enumerate(columns):
        if _norm(c) == w:
            return i
    return None


def _head_rows(path: Path, sep: str, n: int) -> list[list[str]]:
    rows: list[list[str]] = []
    try:
        with open_binary(path) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.reader(text, delimiter=sep, quoting=csv.QUOTE_NONE if sep == "\t" else csv.QUOTE_MINIMAL)
            for row in reader:
                if row and any(c.strip() for c in row):
                    rows.append(row)
                if len(rows) >= n:
                    break
    except (UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:
        raise describe_read_error(path, exc) from None
    except csv.Error as exc:
        raise InputError(f"{path}: cannot be parsed as a table ({exc})") from None
    return rows


def resolve_layout(path: str | Path, smiles_column: str | None = None, name_column: str | None = None) -> MoleculeLayout:
    """Decide how to read a molecule file; raises :class:`InputError` with one line if it cannot."""
    from discovery.chem import looks_like_smiles

    p = check_readable(path)
    head = check_text(p)
    if not head.strip():
        raise InputError(f"{p}: empty file")
    fmt = detect_format(p, head)
    if fmt == "sdf":
        return MoleculeLayout(path=p, format="sdf", name_column=name_column)

    if fmt == "smi":
        first = head.decode("utf-8", errors="ignore").lstrip("\ufeff").splitlines()[0].split()
        # a known header word (or a comment) on line 1 is a header; anything else is a row
        has_header = bool(first) and (_norm(first[0]) in SMILES_HEADERS or first[0].startswith("#"))
        return MoleculeLayout(path=p, format="smi", has_header=has_header, smiles_index=0, name_index=1)

    first_line = head.decode("utf-8", errors="ignore").lstrip("\ufeff").splitlines()[0]
    sep = _separator(p, first_line)
    rows = _head_rows(p, sep, SNIFF_ROWS + 1)
    if not rows:
        raise InputError(f"{p}: empty file")
    header = [c.strip() for c in rows[0]]
    body = rows[1:]
    # A header is a first row without SMILES in it (or with a known SMILES header name).
    has_header = any(_norm(h) in SMILES_HEADERS for h in header) or not any(looks_like_smiles(h) for h in header)
    if not has_header:
        body = rows
        header = [f"column {i + 1}" for i in range(max(len(r) for r in rows))]
    columns = header

    def fraction(i: int) -> float:
        vals = [r[i].strip() for r in body if i < len(r) and r[i].strip()]
        return sum(1 for v in vals if looks_like_smiles(v)) / len(vals) if vals else 0.0

    shown = ", ".join(columns[:20]) + (" ..." if len(columns) > 20 else "")
    if smiles_column:
        si = _find(columns, smiles_column)
        if si is None:
            raise InputError(f"{p}: SMILES column {smiles_column!r} not found (columns: {shown})")
    else:
        si = next((i for i, h in enumerate(columns) if _norm(h) in SMILES_HEADERS and (not body or fraction(i) >= 0.3)), None)
        if si is None:
            scores = [(fraction(i), i) for i in range(len(columns))]
            best = max(scores, default=(0.0, None))
            si = best[1] if best[0] >= 0.6 else None
        if si is None:
            raise InputError(f"{p}: no SMILES column found (columns: {shown}); pass --smiles-column")
    if name_column:
        ni = _find(columns, name_column)
        if ni is None:
            raise InputError(f"{p}: name column {name_column!r} not found (columns: {shown})")
    else:
        ni = next((i for i, h in enumerate(columns) if _norm(h) in NAME_HEADERS and i != si), None)
        if ni is None:
            ni = next((i for i, h in enumerate(columns) if _norm(h) in ID_HEADERS and i != si), None)
    return MoleculeLayout(
        path=p, format="csv", separator=sep, has_header=has_header, columns=columns,
        smiles_column=columns[si], name_column=columns[ni] if ni is not None else None,
        smiles_index=si, name_index=ni,
    )


# --------------------------------------------------------------------------- readers


def iter_items(layout: MoleculeLayout) -> Iterator[Item | BadRow]:
    """Stream the file as loader items (one per row/record) or bad rows."""
    if layout.format == "sdf":
        yield from _iter_sdf(layout)
    elif layout.format == "smi":
        yield from _iter_smi(layout)
    else:
        yield from _iter_csv(layout)


def _iter_csv(layout: MoleculeLayout) -> Iterator[Item | BadRow]:
    p, fname = layout.path, str(layout.path)
    sep = layout.separator or ","
    columns = layout.columns
    si, ni = layout.smiles_index, layout.name_index
    kind = name_kind(layout.name_column) if ni is not None else "name"
    extra = [(i, c) for i, c in enumerate(columns) if i not in (si, ni)]
    try:
        with open_binary(p) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.reader(text, delimiter=sep, quoting=csv.QUOTE_NONE if sep == "\t" else csv.QUOTE_MINIMAL)
            if layout.has_header:
                next(reader, None)
            line = reader.line_num
            for row in reader:
                start, line = line + 1, reader.line_num
                if not row or not any(c.strip() for c in row):
                    continue  # blank lines are not rows
                if len(row) <= si:
                    yield BadRow(fname, start, f"only {len(row)} field(s), no {layout.smiles_column!r} value")
                    continue
                smiles = row[si].strip()
                if not smiles:
                    yield BadRow(fname, start, f"empty SMILES ({layout.smiles_column})")
                    continue
                names = []
                if ni is not None and ni < len(row) and row[ni].strip():
                    names.append((kind, name_value(kind, row[ni])))
                props = {c: v for i, c in extra if i < len(row) and (v := _property_value(row[i])) is not None}
                yield Item(row=start, smiles=smiles, names=names, properties=props or None)
    except (UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:
        raise describe_read_error(p, exc) from None
    except csv.Error as exc:
        raise InputError(f"{p}: cannot be parsed as a table ({exc})") from None


def _iter_smi(layout: MoleculeLayout) -> Iterator[Item | BadRow]:
    p = layout.path
    try:
        with open_binary(p) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline=None)
            for lineno, line in enumerate(text, start=1):
                if lineno == 1 and layout.has_header:
                    continue
                s = line.strip()
                if not s or s.startswith("#"):
                    continue
                parts = s.split(None, 1)
                names = [("name", parts[1].strip())] if len(parts) > 1 and parts[1].strip() else []
                yield Item(row=lineno, smiles=parts[0], names=names)
    except (UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:
        raise describe_read_error(p, exc) from None


def _iter_sdf(layout: MoleculeLayout) -> Iterator[Item | BadRow]:
    from rdkit import Chem
    from rdkit.rdBase import BlockLogs

    p, fname = layout.path, str(layout.path)
    try:
        with open_binary(p) as raw, BlockLogs():
            supplier = Chem.ForwardSDMolSupplier(raw, sanitize=True, removeHs=True)
            record = 0
            while True:
                try:
                    mol = next(supplier)
                except StopIteration:
                    break
                record += 1
                if mol is None:
                    yield BadRow(fname, record, f"record {record}: RDKit cannot read this structure")
                    continue
                props = {k: v for k, v in mol.GetPropsAsDict(includePrivate=False, includeComputed=False).items()}
                names = []
                title = mol.GetProp("_Name").strip() if mol.HasProp("_Name") else ""
                if layout.name_column:
                    val = props.pop(layout.name_column, None)
                    if val not in (None, ""):
                        kind = name_kind(layout.name_column)
                        names.append((kind, name_value(kind, str(val))))
                if title:
                    names.append(("name", title))
                props = {k: _property_value(v) for k, v in props.items()}
                yield Item(row=record, smiles=Chem.MolToSmiles(mol), names=names,
                           properties={k: v for k, v in props.items() if v is not None} or None)
    except (UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:
        raise describe_read_error(p, exc) from None
    except RuntimeError as exc:
        raise InputError(f"{p}: cannot be read as SDF ({exc})") from None
