"""One FAISS index per modality, on disk with a JSON manifest next to it.

An index maps store primary keys to L2-normalised vectors (``IndexIDMap2`` around a flat or
HNSW index, inner product = cosine). The manifest ties the vectors to the model that made them
(its fingerprint), so a library never silently mixes two embedding spaces.

Index choice is declarative (FAISS factory strings): exact search (``"Flat"``) below
``LARGE_THRESHOLD`` vectors, ``"HNSW32"`` above it. Both can be overridden with the environment
variables ``DISCOVERY_INDEX_FACTORY`` (always this factory) and ``DISCOVERY_INDEX_THRESHOLD``.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import faiss
import numpy as np

from discovery.errors import DiscoveryError, IndexMismatchError, ModelError

MODALITIES = ("molecules", "papers", "experiments")


def normalise_modalities(modalities) -> list[str]:
    """Modality names as a de-duplicated list (``None`` means all of them).

    Accepts one name or an iterable, case-insensitive; an unknown name raises a
    :class:`~discovery.errors.DiscoveryError` that lists the valid ones.
    """
    if modalities is None:
        return list(MODALITIES)
    if isinstance(modalities, str):
        modalities = [modalities]
    out: list[str] = []
    for m in modalities:
        m = str(m).strip().lower()
        if m not in MODALITIES:
            raise DiscoveryError(f"unknown modality {m!r}: choose from {', '.join(MODALITIES)}")
        if m not in out:
            out.append(m)
    return out

SMALL_FACTORY = "Flat"
LARGE_FACTORY = "HNSW32"
LARGE_THRESHOLD = 50_000
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96


def choose_factory(n: int, factory: str | None = None) -> str:
    """The FAISS factory string for an index of ``n`` vectors.

    ``factory`` (or ``DISCOVERY_INDEX_FACTORY``) wins; otherwise ``"Flat"`` (exact) below the
    threshold and ``"HNSW32"`` (approximate, sub-millisecond) above it.
    """
    if factory:
        return factory
    env = os.environ.get("DISCOVERY_INDEX_FACTORY")
    if env:
        return env
    threshold = int(os.environ.get("DISCOVERY_INDEX_THRESHOLD", LARGE_THRESHOLD))
    return LARGE_FACTORY if n >= threshold else SMALL_FACTORY


@contextmanager
def _single_thread(n_queries: int):
    """One OpenMP thread for a handful of queries.

    A single query gains nothing from FAISS's OpenMP threads, and on a busy machine their
    spin-waiting costs tens of milliseconds per call; batched searches keep all threads.
    """
    if n_queries > 4:
        yield
        return
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Manifest:
    """What an index file holds and which model made it."""

    modality: str
    model_fingerprint: str
    factory: str
    dim: int
    count: int = 0
    created: str = field(default_factory=_now)
    updated: str = field(default_factory=_now)
    # Extra facts a modality needs to embed new rows consistently (e.g. assay statistics).
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Manifest":
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        return cls(**known)


def index_paths(index_dir: Path, modality: str) -> tuple[Path, Path]:
    """``(<dir>/<modality>.faiss, <dir>/<modality>.json)``."""
    return index_dir / f"{modality}.faiss", index_dir / f"{modality}.json"


class VectorIndex:
    """A FAISS ``IndexIDMap2`` (ids = store primary keys) plus its manifest.

    Parameters
    ----------
    index:
        A FAISS index wrapped in ``IndexIDMap2``, inner-product metric.
    manifest:
        The :class:`Manifest` describing it.
    """

    def __init__(self, index: faiss.Index, manifest: Manifest):
        self.index = index
        self.manifest = manifest
        self._id_set: set[int] | None = None
        self._max_id: int | None = None
        self._tune()

    # -- construction / persistence -------------------------------------------------------
    @classmethod
    def create(cls, modality: str, dim: int, model_fingerprint: str, factory: str) -> "VectorIndex":
        """An empty index of dimension ``dim`` built from a factory string ("Flat", "HNSW32")."""
        try:
            index = faiss.index_factory(int(dim), f"IDMap2,{factory}", faiss.METRIC_INNER_PRODUCT)
        except RuntimeError as exc:  # FAISS raises RuntimeError on bad factory strings
            raise ModelError(f"invalid FAISS factory string {factory!r}: {exc}") from None
        inner = faiss.downcast_index(index.index)
        if hasattr(inner, "hnsw"):
            inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        manifest = Manifest(modality=modality, model_fingerprint=model_fingerprint, factory=factory, dim=int(dim))
        return cls(index, manifest)

    @classmethod
    def load(cls, index_dir: Path, modality: str) -> "VectorIndex | None":
        """The saved index of ``modality`` or ``None`` when there is none."""
        fpath, mpath = index_paths(Path(index_dir), modality)
        if not fpath.exists() or not mpath.exists():
            return None
        try:
            manifest = Manifest.from_dict(json.loads(mpath.read_text()))
            index = faiss.read_index(str(fpath))
        except Exception as exc:  # a truncated or foreign file: tell the user how to fix it
            raise ModelError(
                f"cannot read the {modality} index {fpath}: {exc}; rebuild it with `discovery index build`"
            ) from None
        return cls(index, manifest)

    def save(self, index_dir: Path) -> Path:
        """Write index and manifest atomically (temp file + rename) and return the index path."""
        index_dir = Path(index_dir)
        index_dir.mkdir(parents=True, exist_ok=True)
        fpath, mpath = index_paths(index_dir, self.manifest.modality)
        self.manifest.count = int(self.index.ntotal)
        self.manifest.updated = _now()
        fd, tmp = tempfile.mkstemp(prefix=f".{fpath.name}.", dir=index_dir)
        os.close(fd)
        try:
            faiss.write_index(self.index, tmp)
            os.replace(tmp, fpath)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        fd, tmp = tempfile.mkstemp(prefix=f".{mpath.name}.", dir=index_dir)
        with os.fdopen(fd, "w") as fh:
            json.dump(self.manifest.to_dict(), fh, indent=2)
        os.replace(tmp, mpath)
        return fpath

    def _tune(self) -> None:
        inner = faiss.downcast_index(self.index.index)
        if hasattr(inner, "hnsw"):
            inner.hnsw.efSearch = HNSW_EF_SEARCH

    # -- content ------------------------------------------------------------------------
    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    @property
    def dim(self) -> int:
        return int(self.index.d)

    def ids(self) -> np.ndarray:
        """The store ids held, in insertion order (int64)."""
        return faiss.vector_to_array(self.index.id_map).astype(np.int64)

    def max_id(self) -> int:
        """The largest store id held (0 when empty), cached until the next add."""
        if self._max_id is None:
            ids = self.ids()
            self._max_id = int(ids.max()) if len(ids) else 0
        return self._max_id

    def id_set(self) -> set[int]:
        if self._id_set is None:
            self._id_set = set(self.ids().tolist())
        return self._id_set

    def add(self, ids, vectors: np.ndarray) -> None:
        """Add vectors under their store ids (ids already present are skipped)."""
        ids = np.asarray(ids, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids for {len(vectors)} vectors")
        if vectors.ndim != 2 or (len(vectors) and vectors.shape[1] != self.dim):
            raise IndexMismatchError(
                f"vectors of dimension {vectors.shape[-1]} cannot go into the {self.manifest.modality} "
                f"index of dimension {self.dim}"
            )
        present = self.id_set()
        keep = np.array([int(i) not in present for i in ids], dtype=bool)
        if not keep.any():
            return
        ids, vectors = ids[keep], vectors[keep]
        self.index.add_with_ids(vectors, ids)
        present.update(ids.tolist())
        self._max_id = None

    def check_model(self, fingerprint: str, what: str = "") -> None:
        """Refuse to use this index with vectors from another model."""
        if self.manifest.model_fingerprint != fingerprint:
            raise IndexMismatchError(
                f"the {self.manifest.modality} index was built by model {self.manifest.model_fingerprint[:12]} "
                f"but the loaded model is {fingerprint[:12]}{what}; rebuild it with `discovery index build` "
                "(or point DISCOVERY_MODEL at the model that built it)"
            )

    # -- search -------------------------------------------------------------------------
    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` (scores, ids) per query row; ids are -1 where fewer than ``k`` exist.

        ``allowed`` restricts the search to these store ids: small sets are scored exactly by
        reconstructing their vectors, large ones go through a FAISS ``IDSelectorBatch``.
        """
        q = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        if q.shape[1] != self.dim:
            raise IndexMismatchError(
                f"query vectors have dimension {q.shape[1]} but the {self.manifest.modality} index has {self.dim}"
            )
        k = max(1, int(k))
        if allowed is None:
            k_eff = min(k, max(self.count, 1))
            with _single_thread(len(q)):
                scores, ids = self.index.search(q, k_eff)
            return scores, ids
        allowed = np.asarray(allowed, dtype=np.int64)
        present = self.id_set()
        allowed = np.array([i for i in allowed.tolist() if i in present], dtype=np.int64)
        if len(allowed) == 0:
            return np.zeros((len(q), 0), np.float32), np.zeros((len(q), 0), np.int64)
        if len(allowed) <= 50_000:
            vecs = self.index.reconstruct_batch(allowed)
            sims = q @ vecs.T
            k_eff = min(k, len(allowed))
            top = np.argsort(-sims, axis=1)[:, :k_eff]
            return np.take_along_axis(sims, top, axis=1), allowed[top]
        sel = faiss.IDSelectorBatch(allowed)
        inner = faiss.downcast_index(self.index.index)
        if hasattr(inner, "hnsw"):
            params = faiss.SearchParametersHNSW(sel=sel, efSearch=max(HNSW_EF_SEARCH, 4 * k))
        else:
            params = faiss.SearchParameters(sel=sel)
        with _single_thread(len(q)):
            scores, ids = self.index.search(q, min(k, len(allowed)), params=params)
        return scores, ids
