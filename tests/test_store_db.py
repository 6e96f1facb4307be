"""Store: migrations on a real SQLite file, SQLite settings, ORM round trip, FTS5 sync."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from discovery import Library
from discovery.store import db
from discovery.store.models import (
    Assay, Base, Document, DocumentLink, Measurement, Molecule, MoleculeName, MoleculeSource, Source,
)

TABLES = {"sources", "molecules", "molecule_names", "molecule_sources", "documents", "document_links", "assays",
          "measurements", "index_manifests", "generation_runs", "generated_candidates", "documents_fts"}


def test_migrations_build_the_schema_on_a_real_file(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'sub' / 'lib.db'}")
    assert db.current_revision(engine) is None
    rev = db.upgrade(engine)
    assert rev == db.head_revision(engine) is not None
    assert TABLES <= set(db.table_names(engine))
    assert db.upgrade(engine) == rev  # idempotent
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_switching_to_wal_waits_for_another_writer(tmp_path):
    # SQLite does not call the busy handler for the journal-mode switch while another connection
    # writes (two processes creating the same new library): opening must wait, not fail at once.
    import sqlite3
    import threading

    path = tmp_path / "lib" / "library.db"
    path.parent.mkdir()
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE other_writer (x)")  # a rollback-journal file, as before the first open
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO other_writer VALUES (1)")
    release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    release.start()
    try:
        lib = Library.open(tmp_path / "lib", progress=False)
    finally:
        release.join()
        other.close()
    with lib.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert lib.stats()["totals"]["molecules"] == 0
    lib.close()


def test_a_writer_that_never_lets_go_gives_one_clear_line(tmp_path, monkeypatch):
    import sqlite3

    from discovery import DiscoveryError

    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "lib" / "library.db"
    path.parent.mkdir()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("CREATE TABLE other_writer (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO other_writer VALUES (1)")
    try:
        with pytest.raises(DiscoveryError, match="cannot open the library database .*locked"):
            Library.open(tmp_path / "lib", progress=False)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_models_and_migrations_agree(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'lib.db'}")
    db.upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_object": lambda o, n, t, r, c: not (t == "table" and n.startswith("documents_fts"))}
        )
        assert compare_metadata(ctx, Base.metadata) == []


def test_downgrade_to_base_and_back(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'lib.db'}")
    db.upgrade(engine)
    cfg = db.alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert not (TABLES & set(db.table_names(engine)))
    db.upgrade(engine)
    assert TABLES <= set(db.table_names(engine))


def _fill(lib) -> dict:
    with lib.session() as s:
        src = Source(kind="molecules", name="t", uri="x", checksum="c", fingerprint="f", options={}, counts={})
        s.add(src)
        s.flush()
        m = Molecule(inchikey="BSYNRYMUTXBXSQ-UHFFFAOYSA-N", smiles="CC(=O)Oc1ccccc1C(=O)O", formula="C9H8O4",
                     name="aspirin", mw=180.16, clogp=1.31)
        s.add(m)
        s.flush()
        s.add_all([
            MoleculeName(molecule_id=m.id, kind="name", name="Aspirin", name_lower="aspirin", source_id=src.id),
            MoleculeName(molecule_id=m.id, kind="mesh", name="MESH:D001241", name_lower="mesh:d001241"),
            MoleculeSource(molecule_id=m.id, source_id=src.id, row=2, properties={"logp": 1.2}),
        ])
        d = Document(doc_key="pmid:1", kind="paper", title="Aspirin and platelets",
                     text="Acetylsalicylic acid inhibits cyclooxygenase.", pmid="1", year=2001, source_id=src.id)
        s.add(d)
        s.flush()
        s.add(DocumentLink(document_id=d.id, molecule_id=m.id, relation="mentions", mention="Aspirin",
                           mention_lower="aspirin", identifier="MESH:D001241", start=0, end=7))
        a = Assay(name="aqueous solubility", unit="log(mol/L)", assay="test")
        s.add(a)
        s.flush()
        s.add(Measurement(molecule_id=m.id, assay_id=a.id, value=-1.7, unit="log(mol/L)", source_id=src.id, row=2))
        return {"molecule": m.id, "document": d.id}


def test_roundtrip_through_the_facade(tmp_path):
    lib = Library.open(tmp_path / "lib", progress=False)
    ids = _fill(lib)
    mol = lib.get_molecule(ids["molecule"])
    assert mol.smiles == "CC(=O)Oc1ccccc1C(=O)O" and mol.name == "aspirin" and mol.sources == ["t"]
    assert mol.descriptors["mw"] == pytest.approx(180.16)
    assert "Aspirin" in mol.synonyms and "MESH:D001241" not in mol.synonyms
    assert lib.find_molecule("ASPIRIN").id == ids["molecule"]
    assert lib.find_molecule("BSYNRYMUTXBXSQ-UHFFFAOYSA-N").id == ids["molecule"]
    assert lib.find_molecule("mesh:D001241").id == ids["molecule"]
    assert lib.find_molecule("O=C(C)Oc1ccccc1C(O)=O").id == ids["molecule"]  # another SMILES spelling
    assert lib.find_molecule("no such thing") is None
    doc = lib.get_document(ids["document"])
    assert doc.pmid == "1" and doc.source == "t"
    assert doc.mentions[0]["identifier"] == "MESH:D001241" and doc.mentions[0]["molecule_id"] == ids["molecule"]
    assert [d.id for d in lib.documents_for(ids["molecule"])] == [ids["document"]]
    assert [m.id for m in lib.molecules_for(ids["document"])] == [ids["molecule"]]
    (meas,) = lib.measurements_for(ids["molecule"])
    assert meas.property == "aqueous solubility" and meas.value == -1.7 and meas.source == "t"
    assert [m.id for m in lib.get_measurements([meas.id])] == [meas.id]
    assert list(lib.iter_molecules(batch=1)) == [([ids["molecule"]], ["CC(=O)Oc1ccccc1C(=O)O"])]
    st = lib.stats()
    assert st["totals"]["molecules"] == 1 and st["totals"]["resolved_links"] == 1
    (src,) = st["sources"]
    assert (src["molecules"], src["documents"], src["links"], src["measurements"]) == (1, 1, 1, 1)
    lib.close()
    # reopening a library (migrations already applied) sees the same data
    assert Library.open(tmp_path / "lib", progress=False).stats()["totals"] == st["totals"]


def test_fts_index_follows_inserts_updates_and_deletes(tmp_path):
    lib = Library.open(tmp_path / "lib", progress=False)
    ids = _fill(lib)

    def match(q):
        with lib.session() as s:
            return s.execute(text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q"), {"q": q}).scalars().all()

    assert match("cyclooxygenase") == [ids["document"]]
    assert match("platelet") == [ids["document"]]  # porter stemming
    with lib.session() as s:
        s.get(Document, ids["document"]).text = "Now about thromboxane."
    assert match("cyclooxygenase") == [] and match("thromboxane") == [ids["document"]]
    with lib.session() as s:
        s.delete(s.get(Document, ids["document"]))
    assert match("thromboxane") == []


def test_foreign_keys_are_enforced(tmp_path):
    lib = Library.open(tmp_path / "lib", progress=False)
    with pytest.raises(IntegrityError):
        with lib.session() as s:
            s.add(DocumentLink(document_id=999, relation="mentions", mention="x", mention_lower="x", identifier=""))
    with lib.session() as s:
        assert s.execute(select(DocumentLink)).first() is None
