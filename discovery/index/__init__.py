"""FAISS indexes per modality (ids = store primary keys) with a model-fingerprint manifest.

Public API (the :class:`discovery.Library` delegates here):

- :func:`build_indexes` (``discovery index build``), :func:`check_indexes` (``discovery index check``)
- :func:`on_ingest` (called after every ingest that added rows)
- :func:`open_index` / :func:`load_index`, :class:`VectorIndex`, :data:`MODALITIES`
"""

from .faiss_index import MODALITIES, Manifest, VectorIndex, choose_factory
from .manager import build_indexes, check_indexes, load_index, on_ingest, open_index

__all__ = [
    "MODALITIES",
    "Manifest",
    "VectorIndex",
    "build_indexes",
    "check_indexes",
    "choose_factory",
    "load_index",
    "on_ingest",
    "open_index",
]
