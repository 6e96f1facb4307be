"""discovery: molecules, papers and experiment tables in one embedding space.

The public API is the :class:`Library` facade; records and errors are plain classes::

    from discovery import Library
    lib = Library.open()                  # DISCOVERY_HOME or ./data/library
    lib.ingest_dataset("esol")
    lib.search("poorly soluble kinase inhibitors")

Heavy parts (models, generator) are imported lazily, so ``import discovery`` stays fast.
"""

from __future__ import annotations

from typing import Any

from .config import Settings
from .errors import ChemError, DiscoveryError, GoalError, IndexMismatchError, IngestError, InputError, ModelError
from .records import BadRow, DocumentRecord, IngestReport, MeasurementRecord, MoleculeRecord

__version__ = "0.1.0"

# name -> module that defines it, imported on first access (PEP 562)
# Library too: the store (SQLAlchemy) stays unimported for code that only needs torch, such as
# ``python -m discovery.train.tune_text`` on a GPU machine
_LAZY = {
    "Library": "discovery.library",
    "load_model": "discovery.encoders.model",
    "AlignmentModel": "discovery.encoders.model",
    "GoalSpec": "discovery.generate.spec",
    "Constraint": "discovery.generate.spec",
    "Candidate": "discovery.generate.spec",
    "GenerationResult": "discovery.generate.spec",
    "SearchResults": "discovery.search",
    "Hit": "discovery.search",
}

__all__ = [
    "Settings", "BadRow", "DocumentRecord", "IngestReport", "MeasurementRecord", "MoleculeRecord",
    "DiscoveryError", "InputError", "IngestError", "ChemError", "ModelError", "IndexMismatchError", "GoalError",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'discovery' has no attribute {name!r}")
