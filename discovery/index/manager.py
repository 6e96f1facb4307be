"""Build, open, grow and verify the library's indexes (the functions the Library delegates to).

Files: ``DISCOVERY_HOME/indexes/<modality>.faiss`` + ``<modality>.json`` (manifest), and one row
per modality in the ``index_manifests`` table. Writes are atomic (temp file + rename), so a
crash mid-build leaves the previous index in place.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
from sqlalchemy import select

from discovery.errors import DiscoveryError, IndexMismatchError
from discovery.store.models import IndexManifest

from .faiss_index import (
    LARGE_FACTORY,
    MODALITIES,
    SMALL_FACTORY,
    VectorIndex,
    choose_factory,
    index_paths,
    normalise_modalities,
)
from .vectors import iter_vectors, store_count, store_ids

log = logging.getLogger(__name__)

# path -> (mtime_ns, size, VectorIndex): a loaded index is reused until its file changes.
_CACHE: dict[str, tuple[int, int, VectorIndex]] = {}


def _index_dir(lib) -> Path:
    return Path(lib.settings.index_dir)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size


def vector_fingerprint(model, modality: str) -> str:
    """The model fingerprint that the vectors of ``modality`` depend on (what its manifest records).

    Paper vectors are text vectors: they depend on the whole model, a fine-tuned text tower
    included. Molecule vectors and experiment-row vectors (molecule side + the model's own text
    branch, never the tower) depend only on ``model.molecule_fingerprint``, so adding or changing
    a text tower rebuilds the paper index alone.
    """
    if modality != "papers":
        fp = getattr(model, "molecule_fingerprint", "")
        if fp:
            return fp
    return model.fingerprint


def load_index(lib, modality: str) -> VectorIndex | None:
    """The saved index of ``modality`` (cached while the file is unchanged) or ``None``."""
    fpath, _ = index_paths(_index_dir(lib), modality)
    stamp = _stamp(fpath)
    if stamp is None:
        _CACHE.pop(str(fpath), None)
        return None
    hit = _CACHE.get(str(fpath))
    if hit and (hit[0], hit[1]) == stamp:
        return hit[2]
    index = VectorIndex.load(_index_dir(lib), modality)
    if index is not None:
        _CACHE[str(fpath)] = (*stamp, index)
    return index


def _save(lib, index: VectorIndex) -> Path:
    fpath = index.save(_index_dir(lib))
    stamp = _stamp(fpath)
    if stamp:
        _CACHE[str(fpath)] = (*stamp, index)
    m = index.manifest
    with lib.session() as session:
        row = session.scalar(select(IndexManifest).where(IndexManifest.modality == m.modality))
        if row is None:
            row = IndexManifest(modality=m.modality, model_fingerprint=m.model_fingerprint, factory=m.factory,
                                path=str(fpath))
            session.add(row)
        row.model_fingerprint = m.model_fingerprint
        row.factory = m.factory
        row.count = index.count
        row.path = str(fpath)
        from discovery.store.models import utcnow

        row.updated_at = utcnow()
    return fpath


def open_index(lib, modality: str, rebuild: bool = False, progress: bool = False) -> VectorIndex | None:
    """The index of ``modality`` checked against the loaded model.

    Raises
    ------
    IndexMismatchError
        The index was built by another model and ``rebuild`` is false.
    """
    index = load_index(lib, modality)
    if index is None:
        return None
    fingerprint = vector_fingerprint(lib.model, modality)
    if index.manifest.model_fingerprint != fingerprint or index.dim != lib.model.dim:
        if not rebuild:
            index.check_model(fingerprint)
            raise IndexMismatchError(
                f"the {modality} index has dimension {index.dim} but the loaded model makes {lib.model.dim}; "
                "rebuild it with `discovery index build`"
            )
        build_indexes(lib, [modality], progress=progress)
        index = load_index(lib, modality)
    return index


def build_indexes(lib, modalities=None, progress: bool = True, factory: str | None = None,
                  batch_size: int | None = None) -> dict:
    """(Re)build the indexes of the given modalities from everything in the store.

    Parameters
    ----------
    lib:
        An open :class:`discovery.Library`.
    modalities:
        ``molecules``, ``papers``, ``experiments`` (default all three).
    progress:
        Show tqdm progress bars.
    factory:
        FAISS factory string to force (default: ``Flat`` below 50k vectors, ``HNSW32`` above).

    Returns
    -------
    dict
        ``{modality: {"count", "factory", "seconds", "path", "model_fingerprint"}}``.
    """
    model = lib.model
    report = {}
    for modality in normalise_modalities(modalities):
        t0 = time.perf_counter()
        with lib.session() as session:
            ids = store_ids(session, modality)
        fac = choose_factory(len(ids), factory)
        index = VectorIndex.create(modality, model.dim, vector_fingerprint(model, modality), fac)
        needs_training = not index.index.is_trained
        if needs_training:
            # IVF/PQ factories need training vectors: embed everything first, then train + add.
            parts = list(iter_vectors(lib, model, modality, ids, progress=progress, batch_size=batch_size))
            if parts:
                all_ids = np.concatenate([p[0] for p in parts])
                all_vecs = np.concatenate([p[1] for p in parts])
                index.index.train(all_vecs)
                index.add(all_ids, all_vecs)
        else:
            for batch_ids, vecs in iter_vectors(lib, model, modality, ids, progress=progress, batch_size=batch_size):
                index.add(batch_ids, vecs)
        path = _save(lib, index)
        report[modality] = {
            "count": index.count,
            "factory": fac,
            "seconds": round(time.perf_counter() - t0, 2),
            "path": str(path),
            "model_fingerprint": vector_fingerprint(model, modality),
        }
        log.info("built %s index: %d vectors (%s) in %.1fs", modality, index.count, fac, report[modality]["seconds"])
    return report


def on_ingest(lib, report=None, progress: bool = False) -> dict:
    """After an ingest: add the vectors of new store rows to every index that exists.

    Nothing happens (and no model is loaded) while no index exists. An index made by another
    model is left alone (never mixed) and reported as skipped.

    Returns
    -------
    dict
        ``{modality: number added}`` or ``{modality: "skipped: reason"}``.
    """
    if report is not None and getattr(report, "skipped_duplicate_source", False):
        return {}
    out: dict = {}
    for modality in MODALITIES:
        index = load_index(lib, modality)
        if index is None:
            continue
        with lib.session() as session:
            ids = store_ids(session, modality)
        new = np.setdiff1d(ids, index.ids(), assume_unique=True)
        if len(new) == 0:
            out[modality] = 0
            continue
        model = lib.model
        if index.manifest.model_fingerprint != vector_fingerprint(model, modality):
            msg = (f"skipped: the {modality} index was built by another model; "
                   "run `discovery index build` to rebuild it with the current one")
            log.warning(msg)
            out[modality] = msg
            continue
        wanted = choose_factory(len(ids))
        if wanted != index.manifest.factory and index.manifest.factory in (SMALL_FACTORY, LARGE_FACTORY):
            # crossing the size threshold (e.g. a 250k-molecule ingest into a small library):
            # rebuild with the factory that fits the new size instead of growing a flat index
            before = index.count
            build_indexes(lib, [modality], progress=progress)
            out[modality] = load_index(lib, modality).count - before
            continue
        before = index.count
        for batch_ids, vecs in iter_vectors(lib, model, modality, new, progress=progress):
            index.add(batch_ids, vecs)
        _save(lib, index)
        out[modality] = index.count - before
    return out


def check_indexes(lib) -> dict:
    """Verify store/index agreement for every modality.

    Returns
    -------
    dict
        ``{"ok": bool, "model_fingerprint": str | None, "messages": [...],
        "modalities": {modality: {"exists", "count_store", "count_index", "missing", "extra",
        "missing_ids" (first 20), "extra_ids" (first 20), "factory", "fingerprint",
        "fingerprint_ok", "manifest_table_ok", "ok"}}}``.
    """
    messages: list[str] = []
    try:
        model = lib.model
        fingerprint = model.fingerprint
    except DiscoveryError as exc:
        model = fingerprint = None
        messages.append(f"model not loaded: {exc}")
    with lib.session() as session:
        table = {r.modality: r for r in session.scalars(select(IndexManifest))}
        table = {m: (r.model_fingerprint, r.count, r.factory) for m, r in table.items()}
        store = {m: store_ids(session, m) for m in MODALITIES}
    result = {"ok": True, "model_fingerprint": fingerprint, "messages": messages, "modalities": {}}
    for modality in MODALITIES:
        ids = store[modality]
        entry = {"exists": False, "count_store": int(len(ids))}
        try:
            index = load_index(lib, modality)
        except DiscoveryError as exc:
            index = None
            entry["error"] = str(exc)
        if index is None:
            entry["ok"] = len(ids) == 0
            if len(ids):
                messages.append(f"{modality}: no index for {len(ids)} rows: run `discovery index build`")
            result["modalities"][modality] = entry
            result["ok"] &= entry["ok"]
            continue
        idx_ids = index.ids()
        missing = np.setdiff1d(ids, idx_ids)
        extra = np.setdiff1d(idx_ids, ids)
        m = index.manifest
        row = table.get(modality)
        want = vector_fingerprint(model, modality) if model is not None else None
        entry.update(
            exists=True,
            count_index=index.count,
            missing=int(len(missing)),
            extra=int(len(extra)),
            missing_ids=missing[:20].tolist(),
            extra_ids=extra[:20].tolist(),
            factory=m.factory,
            dim=index.dim,
            fingerprint=m.model_fingerprint,
            fingerprint_ok=want is not None and m.model_fingerprint == want,
            manifest_count_ok=m.count == index.count,
            manifest_table_ok=row is not None and row[0] == m.model_fingerprint and row[1] == index.count,
            created=m.created,
            updated=m.updated,
        )
        entry["ok"] = bool(
            entry["fingerprint_ok"] and not len(missing) and not len(extra)
            and entry["manifest_count_ok"] and entry["manifest_table_ok"]
        )
        if not entry["fingerprint_ok"] and want is not None:
            messages.append(f"{modality}: built by model {m.model_fingerprint[:12]}, loaded model is "
                            f"{want[:12]}: run `discovery index build`")
        if len(missing):
            messages.append(f"{modality}: {len(missing)} store rows are not in the index: run `discovery index build`")
        if len(extra):
            messages.append(f"{modality}: {len(extra)} index ids are no longer in the store: run `discovery index build`")
        if not entry["manifest_table_ok"]:
            messages.append(f"{modality}: the index_manifests table disagrees with {modality}.json")
        result["modalities"][modality] = entry
        result["ok"] &= entry["ok"]
    return result


def count_rows(lib, modality: str) -> int:
    with lib.session() as session:
        return store_count(session, modality)
