"""What each kind of source becomes: a :class:`SourcePlan` (kind, options, item reader).

Plans are built before the ingest transaction starts, so a missing column or an unreadable
header fails with one :class:`~discovery.errors.InputError` line before anything is written.
The loader (:func:`discovery.ingest.loader.ingest_source`) then runs the plan.

=========  ==============================================  =====================================
kind       reader                                          becomes
=========  ==============================================  =====================================
molecules  :mod:`.molecules` (SMILES, CSV/TSV, SDF)         molecules + names + properties
pairs      :mod:`.pairs` (CID, SMILES, description ...)     molecules + description documents
papers     :mod:`.papers` (PubTator, PubMed XML, JSONL)     paper documents + mention links
table      :mod:`.tables` (CSV/TSV + value columns)         molecules + assays + measurements
=========  ==============================================  =====================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from discovery.records import BadRow

from . import molecules as _molecules
from . import pairs as _pairs
from .loader import AssaySpec, FileInfo, Item, Link

KINDS = ("molecules", "pairs", "papers", "table")


@dataclass
class SourcePlan:
    """Everything the loader needs to ingest one file."""

    kind: str
    path: Path
    read: Callable[[Path], Iterable[Item | BadRow]]
    options: dict[str, Any] = field(default_factory=dict)
    name: str | None = None
    total: Callable[[FileInfo], int] | None = None
    describe: str = ""  # how the file is read, e.g. "SMILES column 'smiles', names from 'name'"


def _clean(options: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in options.items() if v not in (None, [], (), "")}


def molecules_plan(path: str | Path, smiles_column: str | None = None, name_column: str | None = None,
                   name: str | None = None) -> SourcePlan:
    layout = _molecules.resolve_layout(path, smiles_column=smiles_column, name_column=name_column)
    if layout.format == "sdf":
        describe = "SDF records" + (f", names from {layout.name_column!r}" if layout.name_column else "")
        total = lambda info: info.records  # noqa: E731
    elif layout.format == "smi":
        describe, total = "SMILES list (SMILES [name] per line)", None
    else:
        describe = f"SMILES column {layout.smiles_column!r}" + (
            f", names from {layout.name_column!r}" if layout.name_column else "")
        total = None
    return SourcePlan(
        kind="molecules", path=layout.path, read=lambda _p: _molecules.iter_items(layout),
        options=_clean({"smiles_column": smiles_column, "name_column": name_column}), name=name,
        total=total, describe=describe,
    )


def pairs_plan(path: str | Path, prefix: str | None = None, name: str | None = None) -> SourcePlan:
    layout = _pairs.resolve_layout(path, prefix=prefix)
    return SourcePlan(
        kind="pairs", path=layout.path, read=lambda _p: _pairs.iter_items(layout),
        options=_clean({"prefix": prefix}), name=name,
        describe=f"{layout.layout} (CID-keyed, doc_key prefix {layout.prefix!r})",
    )


def _paper_items(path: Path, format: str | None) -> Iterator[Item | BadRow]:
    from .papers import read_papers

    for rec in read_papers(path, format=format):
        if isinstance(rec, BadRow):
            yield rec
            continue
        doc = {"doc_key": rec.doc_key, "kind": "paper", "title": rec.title or None, "text": rec.abstract or "",
               "pmid": rec.pmid, "doi": rec.doi, "external_id": rec.external_id, "year": rec.year}
        links = [Link(relation="mentions", mention=m.text or "", identifier=m.identifier or "",
                      start=m.start, end=m.end) for m in rec.mentions]
        yield Item(row=rec.row, document=doc, links=links)


def papers_plan(path: str | Path, format: str | None = None, name: str | None = None) -> SourcePlan:
    from discovery.ingest._files import check_readable

    from .papers import detect_format

    p = check_readable(path)
    fmt = format or detect_format(p)
    return SourcePlan(
        kind="papers", path=p, read=lambda _p: _paper_items(p, fmt), options=_clean({"format": format}),
        name=name, describe=f"papers ({fmt})",
    )


def _table_items(columns, rows, name_kind: str) -> Iterator[Item | BadRow]:
    specs = {
        v.column: AssaySpec(name=v.property, unit=v.unit or "", assay=v.assay or "", description=v.description or "",
                            value_type=v.value_type or "continuous", higher_is=v.higher_is or "")
        for v in columns.values
    }
    for rec in rows:
        if isinstance(rec, BadRow) or rec is None:
            if rec is not None:
                yield rec
            continue
        names = [(name_kind, _molecules.name_value(name_kind, rec.name))] if rec.name else []
        values = [(specs[c], v, "=") for c, v in rec.values.items() if c in specs]
        yield Item(row=rec.row, smiles=rec.smiles, names=names, values=values)


def table_plan(path: str | Path, preset: str | None = None, smiles_column: str | None = None,
               name_column: str | None = None, value_columns: list[str] | None = None,
               property: str | None = None, unit: str | None = None, assay: str | None = None,
               name: str | None = None) -> SourcePlan:
    from .tables import read_table

    columns, rows = read_table(path, preset=preset, smiles_column=smiles_column, name_column=name_column,
                               value_columns=list(value_columns) if value_columns else None,
                               property=property, unit=unit, assay=assay)
    label_col = columns.name_column or columns.id_column
    kind = _molecules.name_kind(label_col) if label_col else "name"
    if columns.name_column is None and columns.id_column:
        kind = "cid" if kind == "cid" else "id"
    options = _clean({"preset": preset, "smiles_column": smiles_column, "name_column": name_column,
                      "value_columns": list(value_columns) if value_columns else None, "property": property,
                      "unit": unit, "assay": assay})
    vals = ", ".join(f"{v.column!r} -> {v.property}" + (f" [{v.unit}]" if v.unit else "") for v in columns.values)
    return SourcePlan(
        kind="table", path=Path(columns.path), read=lambda _p: _table_items(columns, rows, kind), options=options,
        name=name, describe=(f"preset {columns.preset}: " if columns.preset else "") + f"SMILES {columns.smiles_column!r}; {vals}",
    )


def plan_for(kind: str, path: str | Path, **options: Any) -> SourcePlan:
    """The plan for a source ``kind`` (one of :data:`KINDS`) with reader options."""
    builders = {"molecules": molecules_plan, "pairs": pairs_plan, "papers": papers_plan, "table": table_plan}
    if kind not in builders:
        from discovery.errors import InputError

        raise InputError(f"unknown source kind {kind!r} (use one of: {', '.join(KINDS)})")
    return builders[kind](path, **options)
