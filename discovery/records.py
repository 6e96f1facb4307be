"""Plain records the facade returns: the CLI and the app never see ORM objects or sessions."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class MoleculeRecord:
    id: int
    smiles: str
    inchikey: str
    formula: str | None = None
    name: str | None = None
    synonyms: list[str] = field(default_factory=list)
    descriptors: dict[str, float | int | None] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DocumentRecord:
    id: int
    kind: str
    title: str | None
    text: str
    pmid: str | None = None
    doi: str | None = None
    external_id: str | None = None
    year: int | None = None
    source: str | None = None
    # (mention text, identifier, molecule id or None, start, end) for highlighting and links
    mentions: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MeasurementRecord:
    id: int
    molecule_id: int
    smiles: str
    property: str
    value: float
    unit: str = ""
    assay: str = ""
    qualifier: str = "="
    conditions: dict[str, Any] | None = None
    source: str | None = None
    row: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def as_text(self) -> str:
        """How the row reads to the text encoder and to a user."""
        unit = f" {self.unit}" if self.unit else ""
        assay = f" ({self.assay})" if self.assay else ""
        return f"{self.property}{assay}: {self.qualifier if self.qualifier != '=' else ''}{self.value:g}{unit}"


@dataclass
class BadRow:
    """A row that was skipped (or that failed a --strict ingest)."""

    file: str
    row: int  # 1-based line/record number in the file
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.reason}"


@dataclass
class IngestReport:
    source: str  # file path or dataset name
    kind: str
    n_rows: int = 0
    n_ok: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)  # molecules/documents/links/measurements
    skipped_duplicate_source: bool = False  # the same file with the same options was ingested before
    seconds: float = 0.0

    @property
    def n_bad(self) -> int:
        return len(self.bad_rows)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["bad_rows"] = [str(b) for b in self.bad_rows]
        d["n_bad"] = self.n_bad
        return d
