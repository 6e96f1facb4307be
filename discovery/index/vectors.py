"""Rows of the store -> vectors of the shared space, per modality.

``molecules``    the molecule's canonical SMILES through ``model.encode_molecules``
``papers``       every document (abstracts and molecule descriptions): title + text through
                 ``model.encode_text``
``experiments``  every measurement: property/assay/unit text, the value standardised within its
                 assay (z-score and quantile, computed from all rows of that assay in the store)
                 and the linked molecule, through ``model.encode_measurements``
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np
from sqlalchemy import func, select

from discovery.store.models import Assay, Document, Measurement, Molecule

log = logging.getLogger(__name__)

BATCH = {"molecules": 2048, "papers": 256, "experiments": 1024}


def store_ids(session, modality: str) -> np.ndarray:
    """All store primary keys of a modality, ascending."""
    table = {"molecules": Molecule.id, "papers": Document.id, "experiments": Measurement.id}[modality]
    return np.fromiter(session.scalars(select(table).order_by(table)), dtype=np.int64)


def store_count(session, modality: str) -> int:
    table = {"molecules": Molecule.id, "papers": Document.id, "experiments": Measurement.id}[modality]
    return int(session.scalar(select(func.count(table))) or 0)


def store_max_id(session, modality: str) -> int:
    """The largest primary key of a modality (0 when empty): a cheap "anything new?" probe."""
    table = {"molecules": Molecule.id, "papers": Document.id, "experiments": Measurement.id}[modality]
    return int(session.scalar(select(func.max(table))) or 0)


def document_text(title: str | None, text: str | None) -> str:
    """How a document reads to the text encoder: title, then abstract."""
    title = (title or "").strip()
    text = (text or "").strip()
    if title and text:
        sep = " " if title.endswith((".", "?", "!")) else ". "
        return f"{title}{sep}{text}"
    return title or text


@dataclass
class AssayStats:
    """Distribution of an assay's values in the store: for z-scores and quantiles."""

    mean: float
    std: float
    sorted_values: np.ndarray

    def z(self, value: float) -> float:
        return float((value - self.mean) / self.std) if self.std > 0 else 0.0

    def quantile(self, value: float) -> float:
        n = len(self.sorted_values)
        if n <= 1:
            return 0.5
        lo = np.searchsorted(self.sorted_values, value, side="left")
        hi = np.searchsorted(self.sorted_values, value, side="right")
        # mid-rank so ties sit in the middle of their block, 0 = lowest, 1 = highest
        return float(np.clip(((lo + hi - 1) / 2) / (n - 1), 0.0, 1.0))


def assay_stats(session) -> dict[int, AssayStats]:
    """Per-assay value statistics over every measurement in the store."""
    values: dict[int, list[float]] = {}
    for assay_id, value in session.execute(select(Measurement.assay_id, Measurement.value)):
        if value is not None and np.isfinite(value):
            values.setdefault(assay_id, []).append(float(value))
    stats = {}
    for assay_id, vals in values.items():
        arr = np.sort(np.asarray(vals, dtype=np.float64))
        stats[assay_id] = AssayStats(float(arr.mean()), float(arr.std()), arr)
    return stats


def measurement_rows(session, ids: Sequence[int], stats: dict[int, AssayStats] | None = None) -> list[dict]:
    """The rows ``model.encode_measurements`` expects, in the order of ``ids``."""
    stats = assay_stats(session) if stats is None else stats
    rows: dict[int, dict] = {}
    ids = [int(i) for i in ids]
    for chunk_start in range(0, len(ids), 5000):
        chunk = ids[chunk_start : chunk_start + 5000]
        q = (
            select(Measurement.id, Measurement.value, Measurement.unit, Measurement.assay_id, Molecule.smiles,
                   Assay.name, Assay.unit, Assay.assay, Assay.description)
            .join(Molecule, Molecule.id == Measurement.molecule_id)
            .join(Assay, Assay.id == Measurement.assay_id)
            .where(Measurement.id.in_(chunk))
        )
        for mid, value, unit, assay_id, smiles, name, a_unit, a_assay, desc in session.execute(q):
            st = stats.get(assay_id)
            rows[mid] = {
                "property": name,
                "unit": unit or a_unit or "",
                "assay": a_assay or "",
                "description": desc or "",
                "value": float(value),
                "smiles": smiles,
                "z": st.z(value) if st else 0.0,
                "quantile": st.quantile(value) if st else 0.5,
            }
    return [rows[i] for i in ids if i in rows]


def _inputs(session, modality: str, ids: Sequence[int], stats=None) -> tuple[list[int], list]:
    """(ids found, model inputs) for a batch of store ids."""
    ids = [int(i) for i in ids]
    if modality == "molecules":
        found = dict(session.execute(select(Molecule.id, Molecule.smiles).where(Molecule.id.in_(ids))).all())
        keep = [i for i in ids if i in found]
        return keep, [found[i] for i in keep]
    if modality == "papers":
        found = {
            i: document_text(t, x)
            for i, t, x in session.execute(select(Document.id, Document.title, Document.text).where(Document.id.in_(ids)))
        }
        keep = [i for i in ids if i in found]
        return keep, [found[i] for i in keep]
    if modality == "experiments":
        rows = measurement_rows(session, ids, stats)
        found_ids = set(
            session.scalars(select(Measurement.id).where(Measurement.id.in_(ids)))
        )
        keep = [i for i in ids if i in found_ids]
        return keep, rows
    raise ValueError(f"unknown modality {modality!r}")


def encode(model, modality: str, inputs: list) -> np.ndarray:
    """Model inputs of one modality -> float32 (n, D) vectors."""
    if not inputs:
        return np.zeros((0, model.dim), np.float32)
    with warnings.catch_warnings():
        # invalid structures become zero rows; the index keeps them (they match nothing)
        warnings.simplefilter("ignore")
        if modality == "molecules":
            vecs = model.encode_molecules(list(inputs))
        elif modality == "papers":
            vecs = model.encode_text(list(inputs))
        else:
            vecs = model.encode_measurements(list(inputs))
    return np.ascontiguousarray(np.asarray(vecs, dtype=np.float32))


def iter_vectors(lib, model, modality: str, ids: np.ndarray, progress: bool = True,
                 batch_size: int | None = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Embed the given store ids of a modality in batches: yields ``(ids, vectors)``."""
    from tqdm.auto import tqdm

    batch_size = batch_size or BATCH[modality]
    stats = None
    if modality == "experiments":
        with lib.session() as session:
            stats = assay_stats(session)
    bar = tqdm(total=len(ids), desc=f"embedding {modality}", unit="row", disable=not progress, leave=False)
    try:
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            with lib.session() as session:
                keep, inputs = _inputs(session, modality, chunk, stats)
            vecs = encode(model, modality, inputs)
            bar.update(len(chunk))
            if keep:
                yield np.asarray(keep, dtype=np.int64), vecs
    finally:
        bar.close()


def read_lines(path) -> list[str]:
    """One item per line (a final newline adds no item); row i of the output is line i + 1."""
    from pathlib import Path

    from discovery.errors import InputError

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    try:
        content = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if "\x00" in content:
        raise InputError(f"{p}: looks like a binary file, expected one item per line")
    return content.splitlines()


def embed_lines(model, kind: str, lines: Sequence[str], batch_size: int | None = None,
                progress: bool = True, source: str = "input") -> tuple[np.ndarray, list[str]]:
    """Embed one text or SMILES per line: ``(array (n, D), warnings)``, row i = line i + 1.

    Empty lines, and for ``kind="molecules"`` lines RDKit cannot parse, give a zero row and a
    warning ``"<source>:<line>: reason"``; nothing raises on bad content.
    """
    from rdkit import Chem, RDLogger
    from tqdm.auto import tqdm

    if kind not in ("text", "molecules"):
        raise ValueError(f"kind must be 'text' or 'molecules', got {kind!r}")
    n = len(lines)
    out = np.zeros((n, model.dim), dtype=np.float32)
    problems: list[str] = []
    valid: list[int] = []
    RDLogger.DisableLog("rdApp.*")
    try:
        for i, line in enumerate(lines):
            item = line.strip()
            if not item:
                problems.append(f"{source}:{i + 1}: empty line (zero vector)")
                continue
            if kind == "molecules":
                smi = item.split()[0]  # "SMILES name" files: the first field is the structure
                if Chem.MolFromSmiles(smi) is None:
                    problems.append(f"{source}:{i + 1}: cannot parse SMILES {smi[:80]!r} (zero vector)")
                    continue
            valid.append(i)
    finally:
        RDLogger.EnableLog("rdApp.*")
    # large batches: the model sorts texts by length inside a batch, so padding stays small
    batch_size = batch_size or (2048 if kind == "molecules" else 512)
    bar = tqdm(total=len(valid), desc=f"embedding {kind}", unit="line", disable=not progress)
    for start in range(0, len(valid), batch_size):
        rows = valid[start : start + batch_size]
        items = [lines[i].strip() for i in rows]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if kind == "molecules":
                vecs = model.encode_molecules([s.split()[0] for s in items])
            else:
                vecs = model.encode_text(items)
        vecs = np.asarray(vecs, dtype=np.float32)
        out[rows] = vecs
        if caught:
            # the model could not encode some rows (e.g. a structure RDKit parses but the
            # featuriser rejects): name them by line
            for j, r in enumerate(rows):
                if not np.any(vecs[j]):
                    problems.append(f"{source}:{r + 1}: the model could not encode this line (zero vector)")
        bar.update(len(rows))
    bar.close()
    return out, problems
