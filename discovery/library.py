"""The facade: one object that owns a library's store, and reaches its model, indexes and
generator. The CLI and the app call only this (see docs/architecture.md).

>>> from discovery import Library
>>> lib = Library.open("/tmp/lib")                      # creates it, applies migrations
>>> lib.ingest_molecules("drugs.csv").n_ok
>>> lib.find_molecule("aspirin")
>>> lib.stats()["totals"]
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from sqlalchemy.orm import Session

from discovery.config import Settings
from discovery.errors import DiscoveryError
from discovery.records import DocumentRecord, IngestReport, MeasurementRecord, MoleculeRecord
from discovery.store import db as _db
from discovery.store import repo as _repo


class Library:
    """A chemist's library: molecules, documents, measurements (store), plus the shared embedding
    space, its indexes and the generator (delegated to their packages, loaded lazily).

    Use :meth:`open`; every ``ingest_*`` returns an :class:`~discovery.records.IngestReport`.
    """

    def __init__(self, settings: Settings, engine, progress: bool = True):
        self.settings = settings
        self.engine = engine
        self.progress = progress
        self._sessionmaker = _db.make_sessionmaker(engine)
        self._model = None

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, home: str | Path | None = None, db_url: str | None = None, progress: bool = True) -> "Library":
        """Open (and create when missing) the library at ``home``, applying migrations.

        Parameters
        ----------
        home : str or Path, optional
            Library folder; default ``DISCOVERY_HOME`` or ``./data/library``.
        db_url : str, optional
            SQLAlchemy URL overriding ``HOME/library.db`` (default ``DISCOVERY_DB_URL``).
        progress : bool
            Show progress bars on long work (ingest, index builds).
        """
        settings = Settings.from_env(home=home, db_url=db_url)
        try:
            settings.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DiscoveryError(f"{settings.home}: cannot create the library folder ({exc.strerror or exc})") from None
        engine = _db.make_engine(settings.database_url)
        try:
            _db.upgrade(engine)
        except DiscoveryError:
            raise
        except Exception as exc:  # a locked, corrupt or unreachable database: one clear line
            engine.dispose()
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DiscoveryError(f"cannot open the library database {_safe_url(settings.database_url)}: {first}") from None
        return cls(settings, engine, progress=progress)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Library({_safe_url(self.settings.database_url)})"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A SQLAlchemy session: commits on success, rolls back on error (for core modules only)."""
        with _db.session_scope(self._sessionmaker) as s:
            yield s

    # ------------------------------------------------------------------ ingest

    def _run(self, plan, strict: bool) -> IngestReport:
        from sqlalchemy.exc import OperationalError

        from discovery.ingest.loader import ingest_source

        try:
            report = ingest_source(
                self.engine, plan.path, plan.kind, plan.read, options=plan.options, strict=strict, name=plan.name,
                progress=self.progress, total=plan.total,
            )
        except OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise DiscoveryError(
                    f"{plan.path}: the library is busy (another process is writing to it, e.g. an ingest "
                    "or the demo build); nothing was written, try again when it has finished") from None
            raise
        if not report.skipped_duplicate_source and any(v for k, v in report.added.items() if k != "resolved_links"):
            self._after_ingest(report)
        return report

    def _after_ingest(self, report: IngestReport) -> None:
        # The index package adds vectors for the new rows when an index exists (issue 3).
        try:
            from discovery.index import on_ingest
        except ImportError:
            return
        on_ingest(self, report)

    def ingest_molecules(self, path: str | Path, smiles_column: str | None = None, name_column: str | None = None,
                         strict: bool = False, name: str | None = None) -> IngestReport:
        """SMILES list, CSV/TSV (SMILES and name columns auto-detected) or SDF (``.gz`` allowed)."""
        from discovery.ingest.registry import molecules_plan

        return self._run(molecules_plan(path, smiles_column=smiles_column, name_column=name_column, name=name), strict)

    def ingest_pairs(self, path: str | Path, strict: bool = False, prefix: str | None = None,
                     name: str | None = None) -> IngestReport:
        """ChEBI-20 / PubChem caption TSV (CID, SMILES, description), IUPAC name tables
        (CID, SMILES, iupac_name) or CID structure files (CID, SMILES, split)."""
        from discovery.ingest.registry import pairs_plan

        return self._run(pairs_plan(path, prefix=prefix, name=name), strict)

    def ingest_papers(self, path: str | Path, format: str | None = None, strict: bool = False,
                      name: str | None = None) -> IngestReport:
        """PubTator, PubMed XML or JSONL abstracts; chemical mentions become links."""
        from discovery.ingest.registry import papers_plan

        return self._run(papers_plan(path, format=format, name=name), strict)

    def ingest_table(self, path: str | Path, preset: str | None = None, smiles_column: str | None = None,
                     value_columns: Sequence[str] | None = None, property: str | None = None,
                     unit: str | None = None, assay: str | None = None, strict: bool = False,
                     name_column: str | None = None, name: str | None = None) -> IngestReport:
        """An experiment table: a SMILES column and measured value columns (or a preset)."""
        from discovery.ingest.registry import table_plan

        plan = table_plan(path, preset=preset, smiles_column=smiles_column, name_column=name_column,
                          value_columns=list(value_columns) if value_columns else None, property=property,
                          unit=unit, assay=assay, name=name)
        return self._run(plan, strict)

    def ingest(self, kind: str, path: str | Path, strict: bool = False, **options: Any) -> IngestReport:
        """Ingest ``path`` as a source of ``kind`` (molecules | pairs | papers | table)."""
        from discovery.ingest.registry import plan_for

        return self._run(plan_for(kind, path, **options), strict)

    def ingest_dataset(self, name: str, strict: bool = False) -> list[IngestReport]:
        """Ingest a public dataset by its registry name (see ``discovery datasets list``).

        Shared files are found under ``DISCOVERY_DATASETS``; offline package data is exported to
        the library's cache folder first (deterministically, so re-ingesting is a no-op).
        """
        from discovery.ingest import datasets as ds

        d = ds.get(name)
        path = ds.locate(d.name, self.settings.datasets, cache_dir=self.settings.cache_dir)
        options = dict(d.options or {})
        return [self.ingest(d.loader_kind, path, strict=strict, name=d.name, **options)]

    def build_demo(self, echo: Callable[[str], None] | None = None) -> dict:
        """Build the demo library (``discovery demo``).

        Every dataset found under ``DISCOVERY_DATASETS`` in ``DEMO_ORDER`` (plus the offline
        package data that does not duplicate one), else the offline package data alone. Returns
        ``{"mode", "message", "datasets": {name: summary}, "seconds"}``; ``echo`` gets progress lines.
        """
        from discovery.ingest import datasets as ds

        t0 = time.perf_counter()
        say = echo or (lambda _msg: None)
        names, message = ds.demo_plan(self.settings.datasets)
        mode = "offline" if all(ds.DATASETS[n].is_package_data for n in names) else "datasets"
        say(message)
        out: dict[str, Any] = {}
        for name in names:
            t1 = time.perf_counter()
            reports = self.ingest_dataset(name)
            summary = {
                "skipped_duplicate_source": all(r.skipped_duplicate_source for r in reports),
                "rows": sum(r.n_rows for r in reports),
                "ok": sum(r.n_ok for r in reports),
                "bad": sum(r.n_bad for r in reports),
                "added": _sum_added(reports),
                "seconds": round(time.perf_counter() - t1, 1),
            }
            out[name] = summary
            if summary["skipped_duplicate_source"]:
                say(f"  {name}: already in the library")
            else:
                added = ", ".join(f"{k.replace('_', ' ')} +{v:,}" for k, v in summary["added"].items() if v) or "nothing new"
                say(f"  {name}: {summary['ok']:,}/{summary['rows']:,} rows ({added}; {summary['bad']} bad rows) "
                    f"in {summary['seconds']} s")
        return {"mode": mode, "message": message, "datasets": out, "seconds": round(time.perf_counter() - t0, 1)}

    # ------------------------------------------------------------------ read access

    def stats(self) -> dict:
        """Totals and one row per source (molecules, documents, links, measurements)."""
        with self.session() as s:
            out = _repo.stats(s)
        out["database"] = _safe_url(self.settings.database_url)
        out["home"] = str(self.settings.home)
        return out

    def get_molecule(self, molecule_id: int) -> MoleculeRecord | None:
        with self.session() as s:
            return _repo.get_molecule(s, molecule_id)

    def get_molecules(self, ids: Sequence[int]) -> list[MoleculeRecord]:
        """Records in the order of ``ids`` (unknown ids are left out)."""
        with self.session() as s:
            found = _repo.get_molecules(s, ids)
        return [found[int(i)] for i in ids if int(i) in found]

    def find_molecule(self, text: str) -> MoleculeRecord | None:
        """A molecule by InChIKey, known name/identifier (``aspirin``, ``CID:2244``) or SMILES."""
        text = (text or "").strip()
        if not text:
            return None
        with self.session() as s:
            mid = _repo.find_molecule_id(s, text)
            if mid is None and " " not in text:
                from discovery.chem import prepare
                from discovery.errors import ChemError

                try:  # not a known name: maybe a SMILES (RDKit answers fast either way)
                    mid = _repo.molecule_id_by_inchikey(s, prepare(text).inchikey)
                except ChemError:
                    mid = None
            return _repo.get_molecule(s, mid) if mid is not None else None

    def get_document(self, document_id: int) -> DocumentRecord | None:
        with self.session() as s:
            return _repo.get_document(s, document_id)

    def get_documents(self, ids: Sequence[int]) -> list[DocumentRecord]:
        with self.session() as s:
            found = _repo.get_documents(s, ids)
        return [found[int(i)] for i in ids if int(i) in found]

    def get_measurements(self, ids: Sequence[int]) -> list[MeasurementRecord]:
        with self.session() as s:
            found = _repo.get_measurements(s, ids)
        return [found[int(i)] for i in ids if int(i) in found]

    def measurements_for(self, molecule_id: int) -> list[MeasurementRecord]:
        with self.session() as s:
            return _repo.measurements_for_molecule(s, molecule_id)

    def documents_for(self, molecule_id: int, limit: int | None = None) -> list[DocumentRecord]:
        with self.session() as s:
            ids = _repo.document_ids_for_molecule(s, molecule_id, limit=limit)
            found = _repo.get_documents(s, ids)
        return [found[i] for i in ids if i in found]

    def molecules_for(self, document_id: int) -> list[MoleculeRecord]:
        with self.session() as s:
            ids = _repo.molecules_for_document(s, document_id)
            found = _repo.get_molecules(s, ids)
        return [found[i] for i in ids if i in found]

    def iter_molecules(self, batch: int = 10000) -> Iterator[tuple[list[int], list[str]]]:
        """``(ids, smiles)`` batches of every molecule, in id order (for indexing)."""
        with self.session() as s:
            yield from _repo.iter_molecules(s, batch=batch)

    def assays(self) -> list[dict]:
        with self.session() as s:
            return _repo.assays(s)

    # ------------------------------------------------------------------ embedding space (issue 3)

    @property
    def model(self):
        """The alignment model (loaded once, lazily)."""
        if self._model is None:
            from discovery.encoders.model import load_model

            self._model = load_model(self.settings.model_dir, text_encoder=self.settings.text_encoder)
        return self._model

    def search(self, query, modalities=None, k: int = 10, filters: dict | None = None):
        from discovery.search import search

        return search(self, query, modalities=modalities, k=k, filters=filters)

    def build_index(self, modalities=None, progress: bool = True):
        from discovery.index import build_indexes

        return build_indexes(self, modalities=modalities, progress=progress)

    def check_index(self) -> dict:
        from discovery.index import check_indexes

        return check_indexes(self)

    # ------------------------------------------------------------------ generation (issue 5)

    def parse_goal(self, text: str):
        from discovery.generate.goals import parse_goal

        return parse_goal(text, library=self)

    def generate(self, goal, n: int = 10, seed: int = 0, budget=None, progress=None, route: str = "auto"):
        from discovery.generate.api import generate

        return generate(self, goal, n=n, seed=seed, budget=budget, progress=progress, route=route)

    def edit(self, smiles: str, goal, n: int = 1, min_similarity: float = 0.5, seed: int = 0):
        from discovery.generate.api import edit

        return edit(self, smiles, goal, n=n, min_similarity=min_similarity, seed=seed)

    def runs(self):
        from discovery.generate.api import list_runs

        return list_runs(self)

    def get_run(self, run_id: int):
        from discovery.generate.api import get_run

        return get_run(self, run_id)


# ---------------------------------------------------------------------- helpers


def _safe_url(url: str) -> str:
    """The URL without a password."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001
        return url


def _sum_added(reports: list[IngestReport]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in reports:
        for k, v in r.added.items():
            out[k] = out.get(k, 0) + v
    return out
