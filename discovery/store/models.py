"""The library's tables (SQLAlchemy 2 typed ORM). No ML and no RDKit here.

Provenance first: every molecule, document, link and measurement can be traced to the
``Source`` (file + checksum + options) that brought it. Molecules are identified by InChIKey,
documents by a stable ``doc_key`` (``pmid:123``, ``chebi20:CID`` ...), so re-ingesting the
same data never creates duplicates.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Source(Base):
    """One ingested file or dataset: where it came from and what it brought."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("fingerprint", name="uq_sources_fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # molecules | pairs | papers | table
    name: Mapped[str] = mapped_column(String(255))  # short label shown to users
    uri: Mapped[str] = mapped_column(Text)  # path or URL as given
    checksum: Mapped[str] = mapped_column(String(64))  # sha256 of the file's bytes
    # sha256 of (kind, checksum, options): the idempotency key of an ingest.
    fingerprint: Mapped[str] = mapped_column(String(64))
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    n_rows: Mapped[int] = mapped_column(Integer, default=0)
    n_ok: Mapped[int] = mapped_column(Integer, default=0)
    n_bad: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)  # new molecules/documents/links/...
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Molecule(Base):
    """A standardised structure (parent, neutralised) with its key descriptors."""

    __tablename__ = "molecules"

    id: Mapped[int] = mapped_column(primary_key=True)
    inchikey: Mapped[str] = mapped_column(String(27), unique=True)
    smiles: Mapped[str] = mapped_column(Text)  # canonical RDKit SMILES of the standardised parent
    formula: Mapped[str | None] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(Text)  # preferred display name, when one is known
    mw: Mapped[float | None] = mapped_column(Float, index=True)
    clogp: Mapped[float | None] = mapped_column(Float, index=True)
    tpsa: Mapped[float | None] = mapped_column(Float)
    hbd: Mapped[int | None] = mapped_column(Integer)
    hba: Mapped[int | None] = mapped_column(Integer)
    rotatable_bonds: Mapped[int | None] = mapped_column(Integer)
    rings: Mapped[int | None] = mapped_column(Integer)
    aromatic_rings: Mapped[int | None] = mapped_column(Integer)
    heavy_atoms: Mapped[int | None] = mapped_column(Integer)
    formal_charge: Mapped[int | None] = mapped_column(Integer)
    qed: Mapped[float | None] = mapped_column(Float)
    sa_score: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # the database cascades deletes (ON DELETE CASCADE); the ORM must not try to null the keys
    names: Mapped[list["MoleculeName"]] = relationship(
        back_populates="molecule", cascade="all, delete-orphan", passive_deletes=True
    )


class MoleculeName(Base):
    """Names and identifiers of a molecule: synonym, iupac, cid, mesh, inn ..."""

    __tablename__ = "molecule_names"
    __table_args__ = (
        UniqueConstraint("molecule_id", "kind", "name", name="uq_molecule_names"),
        Index("ix_molecule_names_lower", "name_lower"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    molecule_id: Mapped[int] = mapped_column(ForeignKey("molecules.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text)
    name_lower: Mapped[str] = mapped_column(Text)  # for case-insensitive lookup
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))

    molecule: Mapped[Molecule] = relationship(back_populates="names")


class MoleculeSource(Base):
    """Which sources contributed a molecule (per-source counts, the source filter)."""

    __tablename__ = "molecule_sources"

    molecule_id: Mapped[int] = mapped_column(
        ForeignKey("molecules.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    row: Mapped[int | None] = mapped_column(Integer)  # first row of the source that gave it
    properties: Mapped[dict | None] = mapped_column(JSON)  # SDF / CSV extra columns as given


class Document(Base):
    """A paper abstract, a molecule description or another text."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_key: Mapped[str] = mapped_column(String(255), unique=True)  # pmid:1 | chebi20:CID | sha:...
    kind: Mapped[str] = mapped_column(String(32), index=True)  # paper | description | other
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    pmid: Mapped[str | None] = mapped_column(String(32), index=True)
    doi: Mapped[str | None] = mapped_column(String(255))
    external_id: Mapped[str | None] = mapped_column(String(255))
    year: Mapped[int | None] = mapped_column(Integer)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    links: Mapped[list["DocumentLink"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class DocumentLink(Base):
    """Evidence that a document is about a chemical: a mention, an identifier, a pairing.

    ``molecule_id`` is empty while the mention has no known structure (a MeSH id the library
    cannot resolve yet); name resolution fills it later.
    """

    __tablename__ = "document_links"
    __table_args__ = (
        UniqueConstraint("document_id", "identifier", "mention", name="uq_document_links"),
        Index("ix_document_links_mention_lower", "mention_lower"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    molecule_id: Mapped[int | None] = mapped_column(
        ForeignKey("molecules.id", ondelete="SET NULL"), index=True
    )
    relation: Mapped[str] = mapped_column(String(32))  # describes | mentions
    mention: Mapped[str] = mapped_column(Text, default="")  # text as it appears
    mention_lower: Mapped[str] = mapped_column(Text, default="")
    identifier: Mapped[str] = mapped_column(String(255), default="")  # MESH:D001 | CID:123 ...
    start: Mapped[int | None] = mapped_column(Integer)  # first mention's offsets into title+text
    end: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="links")


class Assay(Base):
    """A measured property: name, unit and the assay or protocol it comes from."""

    __tablename__ = "assays"
    __table_args__ = (UniqueConstraint("name", "unit", "assay", name="uq_assays"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))  # e.g. "aqueous solubility"
    unit: Mapped[str] = mapped_column(String(64), default="")  # e.g. "log(mol/L)"
    assay: Mapped[str] = mapped_column(String(255), default="")  # e.g. "ESOL (Delaney 2004)"
    description: Mapped[str] = mapped_column(Text, default="")  # says what high/low values mean
    value_type: Mapped[str] = mapped_column(String(16), default="continuous")  # or binary
    higher_is: Mapped[str] = mapped_column(Text, default="")  # "more soluble", "permeant" ...


class Measurement(Base):
    """One experiment-table row: a value of an assay for a molecule."""

    __tablename__ = "measurements"
    __table_args__ = (UniqueConstraint("source_id", "row", "assay_id", name="uq_measurements_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    molecule_id: Mapped[int] = mapped_column(ForeignKey("molecules.id", ondelete="CASCADE"), index=True)
    assay_id: Mapped[int] = mapped_column(ForeignKey("assays.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(2), default="=")  # = < > <= >= ~
    unit: Mapped[str] = mapped_column(String(64), default="")
    conditions: Mapped[dict | None] = mapped_column(JSON)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    row: Mapped[int] = mapped_column(Integer)  # line number in the source file (the header is line 1)

    molecule: Mapped[Molecule] = relationship()
    assay: Mapped[Assay] = relationship()


class IndexManifest(Base):
    """Which vectors an on-disk FAISS index holds and which model made them."""

    __tablename__ = "index_manifests"
    __table_args__ = (UniqueConstraint("modality", name="uq_index_manifests_modality"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    modality: Mapped[str] = mapped_column(String(32))  # molecules | documents | measurements
    model_fingerprint: Mapped[str] = mapped_column(String(64))
    factory: Mapped[str] = mapped_column(String(64))  # FAISS factory string, e.g. "Flat"
    count: Mapped[int] = mapped_column(Integer, default=0)
    path: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class GenerationRun(Base):
    """A generation or edit run: the goal, its parsed spec, parameters and results."""

    __tablename__ = "generation_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    mode: Mapped[str] = mapped_column(String(16), default="generate")  # generate | edit
    goal: Mapped[str] = mapped_column(Text)
    spec: Mapped[dict] = mapped_column(JSON, default=dict)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="done")
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    candidates: Mapped[list["GeneratedCandidate"]] = relationship(
        back_populates="run", order_by="GeneratedCandidate.rank", cascade="all, delete-orphan"
    )


class GeneratedCandidate(Base):
    __tablename__ = "generated_candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("generation_runs.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    smiles: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    data: Mapped[dict] = mapped_column(JSON, default=dict)  # the full Candidate as JSON

    run: Mapped[GenerationRun] = relationship(back_populates="candidates")
