"""Queries the facade needs, returning plain records (``discovery.records``), never ORM objects.

Every function takes an open :class:`sqlalchemy.orm.Session` (or Connection) first; none of
them commits. No RDKit here: turning a SMILES into an InChIKey is the caller's job.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable, Iterator, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from discovery.records import DocumentRecord, MeasurementRecord, MoleculeRecord

from .models import (
    Assay,
    Document,
    DocumentLink,
    Measurement,
    Molecule,
    MoleculeName,
    MoleculeSource,
    Source,
)

#: descriptor columns stored on ``molecules`` (a subset of discovery.chem.DESCRIPTORS)
DESCRIPTOR_COLUMNS = (
    "mw", "clogp", "tpsa", "hbd", "hba", "rotatable_bonds", "rings", "aromatic_rings",
    "heavy_atoms", "formal_charge", "qed", "sa_score",
)
INCHIKEY_RE = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")
MAX_SYNONYMS = 20


def _chunks(ids: Sequence[int], size: int = 5000) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


# --------------------------------------------------------------------------- molecules


def get_molecules(session: Session, ids: Iterable[int]) -> dict[int, MoleculeRecord]:
    """Molecule records by id (missing ids are simply absent), with names and source names."""
    ids = list(dict.fromkeys(int(i) for i in ids))
    out: dict[int, MoleculeRecord] = {}
    for chunk in _chunks(ids):
        for m in session.execute(select(Molecule).where(Molecule.id.in_(chunk))).scalars():
            out[m.id] = MoleculeRecord(
                id=m.id, smiles=m.smiles, inchikey=m.inchikey, formula=m.formula, name=m.name,
                descriptors={c: getattr(m, c) for c in DESCRIPTOR_COLUMNS},
            )
        names = session.execute(
            select(MoleculeName.molecule_id, MoleculeName.kind, MoleculeName.name)
            .where(MoleculeName.molecule_id.in_(chunk))
            .order_by(MoleculeName.molecule_id, MoleculeName.id)
        )
        for mid, kind, name in names:
            rec = out.get(mid)
            if rec is None or kind in ("cid", "mesh") or name == rec.name:
                continue
            if len(rec.synonyms) < MAX_SYNONYMS and name not in rec.synonyms:
                rec.synonyms.append(name)
        srcs = session.execute(
            select(MoleculeSource.molecule_id, Source.name)
            .join(Source, Source.id == MoleculeSource.source_id)
            .where(MoleculeSource.molecule_id.in_(chunk))
            .order_by(MoleculeSource.molecule_id, Source.id)
        )
        for mid, sname in srcs:
            if mid in out and sname not in out[mid].sources:
                out[mid].sources.append(sname)
    for rec in out.values():
        if rec.name is None and rec.synonyms:
            rec.name = rec.synonyms[0]
    return out


def get_molecule(session: Session, molecule_id: int) -> MoleculeRecord | None:
    return get_molecules(session, [molecule_id]).get(int(molecule_id))


def molecule_id_by_inchikey(session: Session, inchikey: str) -> int | None:
    return session.execute(select(Molecule.id).where(Molecule.inchikey == inchikey)).scalar()


def molecule_ids_by_inchikeys(session: Session, inchikeys: Iterable[str]) -> dict[str, int]:
    keys = list(dict.fromkeys(inchikeys))
    out: dict[str, int] = {}
    for chunk in _chunks(keys):
        out.update(session.execute(select(Molecule.inchikey, Molecule.id).where(Molecule.inchikey.in_(chunk))).all())
    return out


def molecule_id_by_smiles(session: Session, smiles: str) -> int | None:
    """Exact match on the stored canonical SMILES (callers canonicalise first)."""
    return session.execute(select(Molecule.id).where(Molecule.smiles == smiles).limit(1)).scalar()


def molecule_ids_by_name(session: Session, name: str, limit: int = 10) -> list[int]:
    """Molecules with this name or identifier (case-insensitive, exact), display name first."""
    key = name.strip().lower()
    if not key:
        return []
    rows = session.execute(
        select(MoleculeName.molecule_id)
        .where(MoleculeName.name_lower == key)
        .group_by(MoleculeName.molecule_id)
        .order_by(func.min(MoleculeName.id))
        .limit(limit)
    ).scalars()
    return list(rows)


def find_molecule_id(session: Session, text: str) -> int | None:
    """An InChIKey or a known name/identifier (e.g. ``aspirin``, ``CID:2244``, ``MESH:D001241``)."""
    text = text.strip()
    if INCHIKEY_RE.match(text):
        return molecule_id_by_inchikey(session, text)
    ids = molecule_ids_by_name(session, text)
    return ids[0] if ids else None


def iter_molecules(session: Session, batch: int = 10000) -> Iterator[tuple[list[int], list[str]]]:
    """``(ids, smiles)`` batches in id order (keyset pagination, constant memory)."""
    last = 0
    while True:
        rows = session.execute(
            select(Molecule.id, Molecule.smiles).where(Molecule.id > last).order_by(Molecule.id).limit(batch)
        ).all()
        if not rows:
            return
        yield [r[0] for r in rows], [r[1] for r in rows]
        last = rows[-1][0]


def molecules_for_document(session: Session, document_id: int) -> list[int]:
    rows = session.execute(
        select(DocumentLink.molecule_id)
        .where(DocumentLink.document_id == document_id, DocumentLink.molecule_id.is_not(None))
        .group_by(DocumentLink.molecule_id)
        .order_by(func.min(DocumentLink.id))
    ).scalars()
    return list(rows)


def molecules_for_documents(session: Session, document_ids: Iterable[int]) -> dict[int, list[int]]:
    ids = list(dict.fromkeys(int(i) for i in document_ids))
    out: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(ids):
        rows = session.execute(
            select(DocumentLink.document_id, DocumentLink.molecule_id)
            .where(DocumentLink.document_id.in_(chunk), DocumentLink.molecule_id.is_not(None))
            .order_by(DocumentLink.id)
        )
        for did, mid in rows:
            if mid not in out[did]:
                out[did].append(mid)
    return dict(out)


# --------------------------------------------------------------------------- documents


def get_documents(session: Session, ids: Iterable[int]) -> dict[int, DocumentRecord]:
    """Document records by id, with their mentions (``mention, identifier, molecule_id, start, end``)."""
    ids = list(dict.fromkeys(int(i) for i in ids))
    out: dict[int, DocumentRecord] = {}
    for chunk in _chunks(ids):
        rows = session.execute(
            select(Document, Source.name)
            .outerjoin(Source, Source.id == Document.source_id)
            .where(Document.id.in_(chunk))
        )
        for d, sname in rows:
            out[d.id] = DocumentRecord(
                id=d.id, kind=d.kind, title=d.title, text=d.text, pmid=d.pmid, doi=d.doi,
                external_id=d.external_id, year=d.year, source=sname,
            )
        links = session.execute(
            select(DocumentLink).where(DocumentLink.document_id.in_(chunk)).order_by(DocumentLink.id)
        ).scalars()
        for link in links:
            out[link.document_id].mentions.append(
                {
                    "mention": link.mention, "identifier": link.identifier,
                    "molecule_id": link.molecule_id, "start": link.start, "end": link.end,
                    "relation": link.relation,
                }
            )
    return out


def get_document(session: Session, document_id: int) -> DocumentRecord | None:
    return get_documents(session, [document_id]).get(int(document_id))


def document_ids_for_molecule(session: Session, molecule_id: int, limit: int | None = None) -> list[int]:
    q = (
        select(DocumentLink.document_id)
        .where(DocumentLink.molecule_id == molecule_id)
        .group_by(DocumentLink.document_id)
        .order_by(func.min(DocumentLink.id))
    )
    if limit:
        q = q.limit(limit)
    return list(session.execute(q).scalars())


def document_ids_for_molecules(session: Session, molecule_ids: Iterable[int]) -> dict[int, list[int]]:
    ids = list(dict.fromkeys(int(i) for i in molecule_ids))
    out: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(ids):
        rows = session.execute(
            select(DocumentLink.molecule_id, DocumentLink.document_id)
            .where(DocumentLink.molecule_id.in_(chunk))
            .order_by(DocumentLink.id)
        )
        for mid, did in rows:
            if did not in out[mid]:
                out[mid].append(did)
    return dict(out)


def iter_documents(session: Session, batch: int = 1000) -> Iterator[list[DocumentRecord]]:
    """Batches of documents in id order (title + text, without mentions)."""
    last = 0
    while True:
        rows = session.execute(
            select(Document.id, Document.kind, Document.title, Document.text)
            .where(Document.id > last).order_by(Document.id).limit(batch)
        ).all()
        if not rows:
            return
        yield [DocumentRecord(id=r[0], kind=r[1], title=r[2], text=r[3]) for r in rows]
        last = rows[-1][0]


# --------------------------------------------------------------------------- measurements


def _measurement_query():
    return (
        select(Measurement, Assay, Molecule.smiles, Source.name)
        .join(Assay, Assay.id == Measurement.assay_id)
        .join(Molecule, Molecule.id == Measurement.molecule_id)
        .join(Source, Source.id == Measurement.source_id)
    )


def _measurement_record(m: Measurement, a: Assay, smiles: str, sname: str) -> MeasurementRecord:
    return MeasurementRecord(
        id=m.id, molecule_id=m.molecule_id, smiles=smiles, property=a.name, value=m.value,
        unit=m.unit or a.unit, assay=a.assay, qualifier=m.qualifier, conditions=m.conditions,
        source=sname, row=m.row,
    )


def get_measurements(session: Session, ids: Iterable[int]) -> dict[int, MeasurementRecord]:
    ids = list(dict.fromkeys(int(i) for i in ids))
    out: dict[int, MeasurementRecord] = {}
    for chunk in _chunks(ids):
        for row in session.execute(_measurement_query().where(Measurement.id.in_(chunk))):
            out[row[0].id] = _measurement_record(*row)
    return out


def measurements_for_molecule(session: Session, molecule_id: int) -> list[MeasurementRecord]:
    rows = session.execute(_measurement_query().where(Measurement.molecule_id == molecule_id).order_by(Measurement.id))
    return [_measurement_record(*r) for r in rows]


def measurement_ids_for_molecules(session: Session, molecule_ids: Iterable[int]) -> dict[int, list[int]]:
    ids = list(dict.fromkeys(int(i) for i in molecule_ids))
    out: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(ids):
        rows = session.execute(
            select(Measurement.molecule_id, Measurement.id).where(Measurement.molecule_id.in_(chunk)).order_by(Measurement.id)
        )
        for mid, meid in rows:
            out[mid].append(meid)
    return dict(out)


def iter_measurements(session: Session, batch: int = 5000) -> Iterator[list[MeasurementRecord]]:
    last = 0
    while True:
        rows = session.execute(_measurement_query().where(Measurement.id > last).order_by(Measurement.id).limit(batch)).all()
        if not rows:
            return
        yield [_measurement_record(*r) for r in rows]
        last = rows[-1][0].id


def assays(session: Session) -> list[dict]:
    """Every assay with its measurement count."""
    rows = session.execute(
        select(Assay, func.count(Measurement.id))
        .outerjoin(Measurement, Measurement.assay_id == Assay.id)
        .group_by(Assay.id)
        .order_by(Assay.name)
    )
    return [
        {"id": a.id, "name": a.name, "unit": a.unit, "assay": a.assay, "description": a.description,
         "value_type": a.value_type, "higher_is": a.higher_is, "count": n}
        for a, n in rows
    ]


# --------------------------------------------------------------------------- sources and stats


def source_by_fingerprint(session: Session, fingerprint: str) -> Source | None:
    return session.execute(select(Source).where(Source.fingerprint == fingerprint)).scalar()


def source_ids_by_name(session: Session, name: str) -> list[int]:
    """Sources whose name (or URI) matches ``name`` case-insensitively (the search ``source`` filter)."""
    key = name.strip().lower()
    rows = session.execute(select(Source.id, Source.name, Source.uri)).all()
    return [sid for sid, sname, uri in rows if key in (sname or "").lower() or key == (uri or "").lower()]


def totals(session: Session) -> dict[str, int]:
    def count(col) -> int:
        return int(session.execute(select(func.count(col))).scalar() or 0)

    return {
        "sources": count(Source.id),
        "molecules": count(Molecule.id),
        "names": count(MoleculeName.id),
        "documents": count(Document.id),
        "links": count(DocumentLink.id),
        "resolved_links": int(
            session.execute(select(func.count(DocumentLink.id)).where(DocumentLink.molecule_id.is_not(None))).scalar() or 0
        ),
        "assays": count(Assay.id),
        "measurements": count(Measurement.id),
    }


def per_source(session: Session) -> list[dict]:
    """One row per source: what it holds now (molecules it contributed, its documents, their
    links, its measurements) and what it added when it was ingested."""
    mols = dict(session.execute(select(MoleculeSource.source_id, func.count()).group_by(MoleculeSource.source_id)).all())
    docs = dict(session.execute(select(Document.source_id, func.count()).group_by(Document.source_id)).all())
    links = dict(
        session.execute(
            select(Document.source_id, func.count(DocumentLink.id))
            .join(DocumentLink, DocumentLink.document_id == Document.id)
            .group_by(Document.source_id)
        ).all()
    )
    meas = dict(session.execute(select(Measurement.source_id, func.count()).group_by(Measurement.source_id)).all())
    out = []
    for s in session.execute(select(Source).order_by(Source.id)).scalars():
        out.append(
            {
                "id": s.id, "name": s.name, "kind": s.kind, "uri": s.uri,
                "created_at": s.created_at.isoformat() if s.created_at else None,
                "rows": s.n_rows, "ok": s.n_ok, "bad": s.n_bad,
                "molecules": int(mols.get(s.id, 0)), "documents": int(docs.get(s.id, 0)),
                "links": int(links.get(s.id, 0)), "measurements": int(meas.get(s.id, 0)),
                "added": dict(s.counts or {}),
            }
        )
    return out


def stats(session: Session) -> dict:
    return {"totals": totals(session), "sources": per_source(session)}
