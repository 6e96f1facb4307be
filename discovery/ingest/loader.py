"""The transactional writer: one source = one transaction, idempotent, bad rows reported.

Readers (``molecules.py``, ``pairs.py``, ``papers.py``, ``tables.py``, adapted in
``registry.py``) turn a file into a stream of :class:`Item` (or :class:`BadRow`). This module
writes that stream into the store:

1. the whole file is checked and hashed first (missing, empty, binary, not UTF-8, truncated
   gzip -> :class:`InputError` before anything is written);
2. ``fingerprint = sha256(kind, file checksum, sorted options)``: a source that was ingested
   before is reported as ``skipped_duplicate_source`` and nothing changes;
3. one transaction (SQLite: ``BEGIN IMMEDIATE`` in WAL mode): the items are read in chunks,
   structures are standardised with :func:`discovery.chem.prepare_many` (multiprocessing), and
   molecules (by InChIKey), names, documents (by ``doc_key``), links and measurements are
   inserted with ``ON CONFLICT DO NOTHING``, so overlapping sources never duplicate rows;
4. paper mentions are resolved to molecules by identifier (MeSH) or name, and links still
   pending from earlier sources are resolved again when new names arrive;
5. commit. Any error, Ctrl-C or ``kill -9`` before the commit leaves the library as it was.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import Connection, Engine, func, insert, select, text, update
from tqdm.auto import tqdm

from discovery.errors import ChemError, IngestError, InputError
from discovery.records import BadRow, IngestReport
from discovery.store.models import (
    Assay,
    Document,
    DocumentLink,
    Measurement,
    Molecule,
    MoleculeName,
    MoleculeSource,
    Source,
)
from discovery.store.repo import DESCRIPTOR_COLUMNS

from ._files import check_readable, check_text, describe_read_error, is_gzip

#: rows per chunk (standardisation batch + one round of inserts); env override for tests
CHUNK_ROWS = int(os.environ.get("DISCOVERY_INGEST_CHUNK", "5000"))
#: how many bad rows a strict ingest lists in its error
STRICT_LIST = 10
#: name kinds that may become a molecule's display name (IUPAC names and ids may not)
DISPLAY_NAME_KINDS = ("name", "inn", "synonym")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class AssaySpec:
    """An assay key and its description (``assays`` row)."""

    name: str
    unit: str = ""
    assay: str = ""
    description: str = ""
    value_type: str = "continuous"
    higher_is: str = ""


@dataclass
class Link:
    """Evidence that the item's document is about a chemical.

    ``to_item_molecule`` links the document to the item's own structure (a pairing); otherwise
    the molecule is resolved by ``identifier`` (e.g. ``MESH:D000123``) or by the mention text.
    """

    relation: str
    mention: str = ""
    identifier: str = ""
    start: int | None = None
    end: int | None = None
    to_item_molecule: bool = False


@dataclass
class Item:
    """One row of a source, as the loader writes it.

    Attributes
    ----------
    row : int
        1-based line (or record) number in the file, used in bad-row reports.
    smiles : str, optional
        A structure to standardise; ``None`` for items without one (papers). When it cannot be
        standardised the whole item is skipped and reported.
    names : list of (kind, name)
        Names/identifiers of the structure (kind: name, iupac, cid, id, mesh ...).
    properties : dict, optional
        Extra columns as given in the file (kept on ``molecule_sources``).
    document : dict, optional
        ``doc_key, kind, title, text, pmid, doi, external_id, year``.
    links : list of Link
        Links of ``document``.
    values : list of (AssaySpec, value, qualifier)
        Measurements of the structure.
    """

    row: int
    smiles: str | None = None
    names: list[tuple[str, str]] = field(default_factory=list)
    properties: dict[str, Any] | None = None
    document: dict[str, Any] | None = None
    links: list[Link] = field(default_factory=list)
    values: list[tuple[AssaySpec, float, str]] = field(default_factory=list)


@dataclass
class FileInfo:
    path: Path
    checksum: str
    size: int
    lines: int  # newline count of the (decompressed) text
    records: int  # SDF records ($$$$ lines)


# --------------------------------------------------------------------------- file checks


def scan_file(path: str | Path) -> FileInfo:
    """Hash and fully check a file before anything is written.

    Reads the whole file once (decompressing gzip), so a truncated gzip or a non-UTF-8 byte
    anywhere fails here with one :class:`InputError` line instead of half-way through an ingest.
    """
    p = check_readable(path)
    size = p.stat().st_size
    if size == 0:
        raise InputError(f"{p}: empty file")
    check_text(p)  # binary junk / non-UTF-8 head (also reads gzip headers)
    sha = hashlib.sha256()
    with open(p, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    lines = records = 0
    any_text = False
    offset = 0
    try:
        stream = gzip.open(p, "rb") if is_gzip(p) else open(p, "rb")
        with stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                nul = block.find(b"\x00")
                if nul >= 0:
                    raise InputError(f"{p}: binary data (NUL byte at byte {offset + nul}); "
                                     "expected a text file or .gz of one")
                try:
                    utf8.decode(block)
                except UnicodeDecodeError as exc:
                    raise InputError(f"{p}: not UTF-8 text (undecodable byte 0x{block[exc.start]:02x} at byte "
                                     f"{offset + exc.start}); re-save the file as UTF-8") from None
                lines += block.count(b"\n")
                records += block.count(b"$$$$")
                any_text = any_text or bool(block.strip())
                offset += len(block)
            utf8.decode(b"", final=True)
    except InputError:
        raise
    except UnicodeDecodeError:
        raise InputError(f"{p}: not UTF-8 text (the file ends inside a multi-byte character)") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise describe_read_error(p, exc) from None
    if not any_text:
        raise InputError(f"{p}: empty file (no text)")
    return FileInfo(path=p, checksum=sha.hexdigest(), size=size, lines=lines, records=records)


def fingerprint(kind: str, checksum: str, options: dict[str, Any]) -> str:
    """The idempotency key of an ingest: sha256 of kind, file checksum and sorted options."""
    opts = json.dumps({k: options[k] for k in sorted(options) if options[k] is not None}, sort_keys=True, default=str)
    return hashlib.sha256(f"{kind}\n{checksum}\n{opts}".encode()).hexdigest()


# --------------------------------------------------------------------------- dialect helpers


def _insert_ignore(conn: Connection, table):
    """``INSERT ... ON CONFLICT DO NOTHING`` for SQLite and PostgreSQL."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table).on_conflict_do_nothing()


def _count(conn: Connection, col) -> int:
    return int(conn.execute(select(func.count(col))).scalar() or 0)


def _counts(conn: Connection) -> dict[str, int]:
    return {
        "molecules": _count(conn, Molecule.id),
        "names": _count(conn, MoleculeName.id),
        "documents": _count(conn, Document.id),
        "links": _count(conn, DocumentLink.id),
        "measurements": _count(conn, Measurement.id),
    }


def _batched(seq: list, size: int = 2000) -> Iterator[list]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


# --------------------------------------------------------------------------- standardisation


def _prepare_one(smiles: str):
    """A PreparedMolecule, or the ChemError (returned, not raised)."""
    return _prepare_batch([smiles])[0]


def _prepare_batch(smiles: list[str]) -> list:
    """Worker task: one PreparedMolecule or ChemError (returned, not raised) per SMILES.

    A batch, not one SMILES per task: the chem layer prepares a batch step by step, which is
    cheaper per molecule than one at a time (see :func:`discovery.chem.mol._prepare_batch`).
    """
    from discovery.chem.mol import _prepare_chunk

    try:
        return _prepare_chunk(smiles)
    except Exception:  # noqa: BLE001 - isolate the structure that broke the batch
        out = []
        for s in smiles:
            try:
                out.extend(_prepare_chunk([s]))
            except Exception as exc:  # noqa: BLE001 - one odd structure must not stop a source
                out.append(ChemError(f"RDKit failed on {s[:100]!r}: {exc}"))
        return out


def _worker_init() -> None:
    from rdkit import RDLogger

    RDLogger.DisableLog("rdApp.*")


class _Done:
    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value


class _Serial:
    def __init__(self, smiles: list[str]):
        self.smiles = smiles

    def get(self):
        return _prepare_batch(self.smiles)


class _Batches:
    """The pending worker batches of one chunk; :meth:`get` joins them in order."""

    def __init__(self, job):
        self.job = job

    def get(self):
        return [p for batch in self.job.get() for p in batch]


class Preparer:
    """Standardises structures chunk by chunk with one worker pool for the whole source.

    :meth:`submit` returns at once; the workers prepare chunk *k+1* while the loader writes
    chunk *k* (the database writes and the file reading overlap with RDKit work). Small
    sources (fewer than ``serial_below`` lines) are prepared in this process: a pool would cost
    more than it saves. Each worker task is a batch of ``BATCH`` SMILES.
    """

    #: SMILES per worker task (the chem layer's step-by-step batches pay off from ~200)
    BATCH = 250

    def __init__(self, processes: int | None = None, expected_rows: int = 0, serial_below: int = 2000):
        self.processes = processes if processes is not None else (os.cpu_count() or 1)
        self.parallel = self.processes > 1 and expected_rows >= serial_below
        self.pool = None

    def __enter__(self) -> "Preparer":
        if self.parallel:
            import multiprocessing as mp

            # warm up before forking: lazily loaded RDKit data (SA-score fragment table, ~1-2 s
            # of CPU) is then shared by every worker instead of loaded by each one
            _prepare_one("CC(=O)Oc1ccccc1C(=O)O")

            # fork: workers start in milliseconds with RDKit already imported
            ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
            self.pool = ctx.Pool(self.processes, initializer=_worker_init)
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def submit(self, smiles: list[str]):
        if not smiles:
            return _Done([])
        if self.pool is None:
            return _Serial(smiles)
        size = self.BATCH
        batches = [smiles[i : i + size] for i in range(0, len(smiles), size)]
        return _Batches(self.pool.map_async(_prepare_batch, batches, chunksize=1))


# --------------------------------------------------------------------------- the writer


class _Writer:
    """Writes chunks of items of one source inside one open transaction."""

    def __init__(self, conn: Connection, source_id: int, fname: str, processes: int | None):
        self.conn = conn
        self.source_id = source_id
        self.fname = fname
        self.processes = processes
        self.assay_ids: dict[AssaySpec, int] = {}
        self.names_added = False

    # ---- structures
    def pair_up(self, items: list[Item], prepared: list[Any], bad: list[BadRow]) -> list[tuple[Item, Any]]:
        """Match items with their standardised structures (``prepared`` follows the items that
        have a SMILES, in order); items whose structure failed become bad rows."""
        results = iter(prepared)
        out = []
        for it in items:
            if it.smiles is None:
                out.append((it, None))
                continue
            p = next(results)
            if isinstance(p, BaseException) or p is None:
                shown = it.smiles if len(it.smiles) <= 60 else it.smiles[:57] + "..."
                reason = (getattr(p, "reason", None) or str(p)) if p is not None else "cannot be parsed"
                if it.smiles[:20] not in reason:
                    reason = f"invalid SMILES {shown!r}: {reason}"
                bad.append(BadRow(self.fname, it.row, reason))
                continue
            out.append((it, p))
        return out

    def upsert_molecules(self, prepared: list[Any]) -> dict[str, int]:
        """InChIKey -> id for the prepared molecules, inserting the new ones."""
        keys = list(dict.fromkeys(p.inchikey for p in prepared))
        ids: dict[str, int] = {}
        for chunk in _batched(keys, 5000):
            ids.update(self.conn.execute(select(Molecule.inchikey, Molecule.id).where(Molecule.inchikey.in_(chunk))).all())
        new, seen = [], set()
        for p in prepared:
            if p.inchikey in ids or p.inchikey in seen:
                continue
            seen.add(p.inchikey)
            d = p.descriptors or {}
            new.append(
                {"inchikey": p.inchikey, "smiles": p.smiles, "formula": p.formula, "name": None,
                 **{c: _num(d.get(c)) for c in DESCRIPTOR_COLUMNS}}
            )
        if new:
            now = _now()
            for row in new:
                row["created_at"] = now
            for chunk in _batched(new):
                self.conn.execute(_insert_ignore(self.conn, Molecule.__table__), chunk)
            for chunk in _batched([r["inchikey"] for r in new], 5000):
                ids.update(self.conn.execute(select(Molecule.inchikey, Molecule.id).where(Molecule.inchikey.in_(chunk))).all())
        return ids

    def add_names(self, names: list[tuple[int, str, str]]) -> None:
        """(molecule_id, kind, name) rows; display names fill ``molecules.name`` when empty."""
        rows, display, seen = [], {}, set()
        for mid, kind, name in names:
            name = (name or "").strip()
            if not name or (mid, kind, name) in seen:
                continue
            seen.add((mid, kind, name))
            rows.append({"molecule_id": mid, "kind": kind, "name": name[:2000], "name_lower": name.lower()[:2000],
                         "source_id": self.source_id})
            if kind in DISPLAY_NAME_KINDS and mid not in display:
                display[mid] = name
        if not rows:
            return
        self.names_added = True
        for chunk in _batched(rows):
            self.conn.execute(_insert_ignore(self.conn, MoleculeName.__table__), chunk)
        if display:
            stmt = (
                update(Molecule.__table__)
                .where(Molecule.__table__.c.id == text(":mid"), Molecule.__table__.c.name.is_(None))
                .values(name=text(":nm"))
            )
            for chunk in _batched([{"mid": m, "nm": n} for m, n in display.items()]):
                self.conn.execute(stmt, chunk)

    def add_molecule_sources(self, rows: list[dict]) -> None:
        for chunk in _batched(rows):
            self.conn.execute(_insert_ignore(self.conn, MoleculeSource.__table__), chunk)

    # ---- documents and links
    def upsert_documents(self, docs: list[dict]) -> dict[str, int]:
        keys = list(dict.fromkeys(d["doc_key"] for d in docs))
        now = _now()
        rows, seen = [], set()
        for d in docs:
            if d["doc_key"] in seen:
                continue
            seen.add(d["doc_key"])
            rows.append({
                "doc_key": d["doc_key"], "kind": d.get("kind") or "other", "title": d.get("title"),
                "text": d.get("text") or "", "pmid": d.get("pmid"), "doi": d.get("doi"),
                "external_id": d.get("external_id"), "year": d.get("year"), "source_id": self.source_id,
                "created_at": now,
            })
        for chunk in _batched(rows, 1000):
            self.conn.execute(_insert_ignore(self.conn, Document.__table__), chunk)
        ids: dict[str, int] = {}
        for chunk in _batched(keys, 5000):
            ids.update(self.conn.execute(select(Document.doc_key, Document.id).where(Document.doc_key.in_(chunk))).all())
        return ids

    def resolve_names(self, keys: Iterable[str]) -> dict[str, int]:
        """lower-case name/identifier -> molecule id (the oldest molecule when ambiguous)."""
        keys = [k for k in dict.fromkeys(keys) if k]
        out: dict[str, int] = {}
        for chunk in _batched(keys, 5000):
            out.update(
                self.conn.execute(
                    select(MoleculeName.name_lower, func.min(MoleculeName.molecule_id))
                    .where(MoleculeName.name_lower.in_(chunk))
                    .group_by(MoleculeName.name_lower)
                ).all()
            )
        return out

    def add_links(self, rows: list[dict]) -> None:
        for chunk in _batched(rows):
            self.conn.execute(_insert_ignore(self.conn, DocumentLink.__table__), chunk)

    # ---- measurements
    def assay_id(self, spec: AssaySpec) -> int:
        if spec in self.assay_ids:
            return self.assay_ids[spec]
        t = Assay.__table__
        self.conn.execute(
            _insert_ignore(self.conn, t),
            [{"name": spec.name, "unit": spec.unit, "assay": spec.assay, "description": spec.description,
              "value_type": spec.value_type, "higher_is": spec.higher_is}],
        )
        aid = self.conn.execute(
            select(t.c.id).where(t.c.name == spec.name, t.c.unit == spec.unit, t.c.assay == spec.assay)
        ).scalar_one()
        self.assay_ids[spec] = aid
        return aid

    def add_measurements(self, rows: list[dict]) -> None:
        for chunk in _batched(rows):
            self.conn.execute(_insert_ignore(self.conn, Measurement.__table__), chunk)

    # ---- one chunk
    def write_chunk(self, items: list[Item], prepared: list[Any], bad: list[BadRow]) -> int:
        """Write one chunk; returns the number of items written."""
        pairs = self.pair_up(items, prepared, bad)
        if not pairs:
            return 0
        ids = self.upsert_molecules([p for _, p in pairs if p is not None])
        names, msrc, docs, meas = [], [], [], []
        for it, p in pairs:
            mid = ids[p.inchikey] if p is not None else None
            if mid is not None:
                names.extend((mid, kind, name) for kind, name in it.names)
                msrc.append({"molecule_id": mid, "source_id": self.source_id, "row": it.row,
                             "properties": it.properties or None})
                for spec, value, qualifier in it.values:
                    meas.append({"molecule_id": mid, "assay_id": self.assay_id(spec), "value": float(value),
                                 "qualifier": qualifier or "=", "unit": spec.unit, "conditions": None,
                                 "source_id": self.source_id, "row": it.row})
            if it.document is not None:
                docs.append(it.document)
        self.add_names(names)
        if msrc:
            self.add_molecule_sources(msrc)
        if meas:
            self.add_measurements(meas)
        if docs:
            doc_ids = self.upsert_documents(docs)
            wanted = []
            for it, _ in pairs:
                for ln in it.links:
                    if not ln.to_item_molecule:
                        wanted.extend([ln.identifier.lower(), ln.mention.strip().lower()])
            resolved = self.resolve_names(wanted)
            links, learned = [], []
            for it, p in pairs:
                if it.document is None:
                    continue
                did = doc_ids[it.document["doc_key"]]
                for ln in it.links:
                    if ln.to_item_molecule:
                        mid = ids[p.inchikey] if p is not None else None
                    else:
                        mid = resolved.get(ln.identifier.lower()) or resolved.get(ln.mention.strip().lower())
                        # a mention resolved by its text teaches the library its identifier, so
                        # later papers citing only the id resolve too
                        if mid and ln.identifier and ln.identifier.lower() not in resolved:
                            learned.append((mid, "mesh" if ln.identifier.upper().startswith("MESH:") else "id", ln.identifier))
                    links.append({
                        "document_id": did, "molecule_id": mid, "relation": ln.relation,
                        "mention": ln.mention or "", "mention_lower": (ln.mention or "").strip().lower(),
                        "identifier": ln.identifier or "", "start": ln.start, "end": ln.end,
                    })
            if links:
                self.add_links(links)
            if learned:
                self.add_names(learned)
        return len(pairs)

    def resolve_pending_links(self) -> int:
        """Give a molecule to links that had none, now that new names may be known; then teach
        the library the identifiers (MeSH ids) of mentions that resolved by their text."""
        n = 0
        for key in ("lower(document_links.identifier)", "document_links.mention_lower"):
            res = self.conn.execute(text(f"""
                UPDATE document_links SET molecule_id = (
                    SELECT min(n.molecule_id) FROM molecule_names n WHERE n.name_lower = {key})
                WHERE molecule_id IS NULL AND {key} != ''
                  AND EXISTS (SELECT 1 FROM molecule_names n WHERE n.name_lower = {key})
            """))
            n += max(res.rowcount or 0, 0)
        if n:
            self.conn.execute(text("""
                INSERT INTO molecule_names (molecule_id, kind, name, name_lower, source_id)
                SELECT DISTINCT l.molecule_id,
                       CASE WHEN upper(l.identifier) LIKE 'MESH:%' THEN 'mesh' ELSE 'id' END,
                       l.identifier, lower(l.identifier), :sid
                FROM document_links l
                WHERE l.molecule_id IS NOT NULL AND l.identifier != '' AND l.relation = 'mentions'
                  AND NOT EXISTS (SELECT 1 FROM molecule_names n WHERE n.name_lower = lower(l.identifier))
                ON CONFLICT DO NOTHING
            """), {"sid": self.source_id})
        return n


def _num(v):
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f else None  # NaN -> None


def _now():
    from discovery.store.models import utcnow

    return utcnow()


# --------------------------------------------------------------------------- public entry point


def ingest_source(
    engine: Engine,
    path: str | Path,
    kind: str,
    read: Callable[[Path], Iterable[Item | BadRow]],
    options: dict[str, Any] | None = None,
    strict: bool = False,
    name: str | None = None,
    progress: bool = True,
    processes: int | None = None,
    total: Callable[[FileInfo], int] | None = None,
) -> IngestReport:
    """Ingest one file as one source, all-or-nothing.

    Parameters
    ----------
    engine : Engine
        The library's engine (migrations applied).
    path : str or Path
        The file; checked and hashed before anything is written.
    kind : str
        ``molecules | pairs | papers | table`` (part of the fingerprint).
    read : callable
        ``read(path)`` -> iterator of :class:`Item` or :class:`BadRow`; may raise InputError.
    options : dict, optional
        Reader options (part of the fingerprint: other options = another source).
    strict : bool
        Reject the whole source (:class:`IngestError`, nothing written) when any row is bad.
    name : str, optional
        Label shown in stats (default: the file name).
    progress : bool
        Show a tqdm progress bar on stderr.
    processes : int, optional
        Worker processes for standardisation (default: chem's choice).
    total : callable, optional
        ``total(FileInfo)`` -> the last row number, for the progress bar (default: line count).

    Returns
    -------
    IngestReport
    """
    t0 = time.perf_counter()
    options = dict(options or {})
    info = scan_file(path)
    fname = str(path)
    fp = fingerprint(kind, info.checksum, options)
    report = IngestReport(source=fname, kind=kind)

    with engine.connect() as conn:
        conn = conn.execution_options(sqlite_immediate=True)
        with conn.begin():
            previous = conn.execute(select(Source.id, Source.n_bad).where(Source.fingerprint == fp)).first()
            if previous is not None:
                if strict and previous.n_bad:
                    # --strict is a promise that no row of the file was dropped: a file that
                    # went in earlier with skipped rows breaks it, even though nothing is new.
                    raise IngestError(
                        f"{fname}: rejected (strict): this file has {previous.n_bad} bad rows "
                        "(it was ingested before without --strict); nothing was written"
                    )
                report.skipped_duplicate_source = True
                report.seconds = time.perf_counter() - t0
                return report
            before = _counts(conn)
            source_id = conn.execute(
                insert(Source.__table__).values(
                    kind=kind, name=name or info.path.name, uri=str(info.path.resolve()), checksum=info.checksum,
                    fingerprint=fp, options=options, n_rows=0, n_ok=0, n_bad=0, counts={}, created_at=_now(),
                )
            ).inserted_primary_key[0]
            writer = _Writer(conn, source_id, fname, processes)
            bad: list[BadRow] = []
            n_rows = n_ok = 0
            expected = total(info) if total else info.lines
            with Preparer(processes, expected_rows=expected) as preparer:
                bar = tqdm(total=expected, desc=f"{kind}: {info.path.name}", unit="row",
                           disable=not progress, mininterval=0.5, dynamic_ncols=True, leave=False)
                try:
                    pending = None  # (items, job): submitted, not yet written

                    def flush(pending) -> int:
                        items, job = pending
                        n = writer.write_chunk(items, job.get(), bad)
                        bar.update(max(0, items[-1].row - bar.n))
                        return n

                    buf: list[Item] = []
                    for obj in read(info.path):
                        n_rows += 1
                        if isinstance(obj, BadRow):
                            bad.append(obj)
                        else:
                            buf.append(obj)
                        if strict and bad:
                            break
                        if len(buf) >= CHUNK_ROWS:
                            job = preparer.submit([it.smiles for it in buf if it.smiles is not None])
                            if pending is not None:
                                n_ok += flush(pending)
                            pending, buf = (buf, job), []
                            if strict and bad:
                                break
                    if not (strict and bad):
                        if buf:
                            job = preparer.submit([it.smiles for it in buf if it.smiles is not None])
                            if pending is not None:
                                n_ok += flush(pending)
                            pending = (buf, job)
                        if pending is not None and not (strict and bad):
                            n_ok += flush(pending)
                finally:
                    bar.close()
            if strict and bad:
                shown = "; ".join(f"row {b.row}: {b.reason}" for b in bad[:STRICT_LIST])
                more = " ..." if len(bad) > STRICT_LIST else ""
                raise IngestError(f"{fname}: rejected (strict), nothing was written; bad {shown}{more}")
            if n_rows == 0:
                raise InputError(f"{fname}: no rows to ingest")
            resolved = writer.resolve_pending_links() if writer.names_added else 0
            after = _counts(conn)
            added = {k: after[k] - before[k] for k in after}
            added["resolved_links"] = resolved
            conn.execute(
                update(Source.__table__).where(Source.__table__.c.id == source_id)
                .values(n_rows=n_rows, n_ok=n_ok, n_bad=len(bad), counts=added)
            )
    report.n_rows, report.n_ok, report.bad_rows, report.added = n_rows, n_ok, bad, added
    report.seconds = time.perf_counter() - t0
    return report
