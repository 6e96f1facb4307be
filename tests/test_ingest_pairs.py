"""Pairs (ChEBI-20 / PubChem captions, IUPAC names, CID structures), papers and mention resolution."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from discovery import Library
from discovery.store.models import Document, DocumentLink, MoleculeName
from foundation_support import counts

CAPTIONS = [
    ("2244", "CC(=O)Oc1ccccc1C(=O)O", 'The molecule is a member of the class of benzoic acids; "aspirin" is its name.'),
    ("702", "CCO", "The molecule is a primary alcohol that is ethane in which a hydrogen is replaced by OH."),
    ("3672", "CC(C)Cc1ccc(cc1)C(C)C(=O)O", "The molecule is a monocarboxylic acid (an NSAID)."),
    ("notacid", "CCN", "bad cid"),
    ("241", "c1ccccc1", ""),
    ("999", "C1CC(", "unparsable structure"),
]


@pytest.fixture()
def lib(tmp_path):
    lib = Library.open(tmp_path / "lib", progress=False)
    yield lib
    lib.close()


def _tsv(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\t".join(header) + "\n" + "".join("\t".join(r) + "\n" for r in rows))
    return path


def test_captions_become_molecule_document_and_link(lib, tmp_path):
    path = _tsv(tmp_path / "chebi20" / "val.tsv", ["CID", "SMILES", "description"], CAPTIONS)
    rep = lib.ingest_pairs(path)
    assert rep.n_ok == 3 and [(b.row, b.reason.split(":")[0]) for b in rep.bad_rows] == [
        (5, "CID is not a number"), (6, "empty description"), (7, "unparsable SMILES 'C1CC('")]
    assert rep.added["documents"] == 3 and rep.added["links"] == 3
    mol = lib.find_molecule("CID:2244")
    (doc,) = lib.documents_for(mol.id)
    assert doc.kind == "description" and doc.text == CAPTIONS[0][2]  # quotes kept (QUOTE_NONE)
    assert doc.mentions[0]["relation"] == "describes" and doc.mentions[0]["identifier"] == "CID:2244"
    with lib.session() as s:
        keys = set(s.execute(select(Document.doc_key)).scalars())
    assert keys == {"chebi20:2244", "chebi20:702", "chebi20:3672"}
    # a PubChem caption of the same CID is another document of the same molecule
    pc = _tsv(tmp_path / "pubchem324k" / "captions.tsv", ["CID", "SMILES", "description"],
              [("2244", "CC(=O)Oc1ccccc1C(=O)O", "Aspirin is a salicylate drug.")])
    rep2 = lib.ingest_pairs(pc)
    assert rep2.added == {**rep2.added, "molecules": 0, "documents": 1, "links": 1}
    assert {d.external_id for d in lib.documents_for(mol.id)} == {"CID:2244"} and len(lib.documents_for(mol.id)) == 2
    before = counts(lib)
    assert lib.ingest_pairs(path).skipped_duplicate_source and counts(lib) == before


def test_names_and_structures_layouts(lib, tmp_path):
    names = _tsv(tmp_path / "iupac_names.tsv", ["CID", "SMILES", "iupac_name"],
                 [("2244", "CC(=O)Oc1ccccc1C(=O)O", "2-acetyloxybenzoic acid"), ("702", "CCO", "")])
    rep = lib.ingest_pairs(names)
    assert rep.n_ok == 1 and rep.bad_rows[0].reason == "empty iupac_name"
    assert lib.find_molecule("2-Acetyloxybenzoic acid").id == lib.find_molecule("CID:2244").id
    structs = _tsv(tmp_path / "molecules_trainval.tsv", ["CID", "SMILES", "split"],
                   [("2244", "CC(=O)Oc1ccccc1C(=O)O", "train"), ("702", "CCO", "val")])
    rep = lib.ingest_pairs(structs)
    assert rep.n_ok == 2 and rep.added["molecules"] == 1 and rep.added["documents"] == 0
    assert lib.find_molecule("cid:702").smiles == "CCO"


def _papers(path, papers):
    path.write_text("".join(json.dumps(p) + "\n" for p in papers))
    return path


def _paper(pmid, title, abstract, mentions):
    full = f"{title} {abstract}"
    ents = []
    for text, mesh in mentions:
        start = full.index(text)
        ents.append({"start": start, "end": start + len(text), "mention": text, "type": "Chemical", "id": mesh})
    return {"pmid": pmid, "title": title, "abstract": abstract, "entities": ents}


def test_paper_mentions_resolve_now_and_later(lib, tmp_path):
    # a paper arrives before the library knows the drug: the link waits without a molecule
    p1 = _papers(tmp_path / "p1.jsonl", [
        _paper("11", "Aspirin and bleeding.", "Aspirin irreversibly inhibits COX-1; unobtainium does not.",
               [("Aspirin", "D001241"), ("unobtainium", "-1")]),
        {"pmid": "12", "title": "", "abstract": ""},
    ])
    rep = lib.ingest_papers(p1)
    assert rep.n_ok == 1 and rep.bad_rows[0].row == 2
    assert rep.added["documents"] == 1 and rep.added["links"] == 2
    with lib.session() as s:
        assert s.execute(select(DocumentLink.molecule_id)).scalars().all() == [None, None]
    # a drug-name table arrives: pending links are resolved by name
    drugs = tmp_path / "drugs.csv"
    drugs.write_text("smiles,pref_name\nCC(=O)Oc1ccccc1C(=O)O,ASPIRIN\nCCO,ETHANOL\n")
    rep = lib.ingest_molecules(drugs)
    assert rep.added["resolved_links"] == 1
    aspirin = lib.find_molecule("aspirin")
    (doc,) = lib.documents_for(aspirin.id)
    assert doc.pmid == "11" and doc.title == "Aspirin and bleeding."
    m = [x for x in doc.mentions if x["mention"] == "Aspirin"][0]
    assert (doc.title + " " + doc.text)[m["start"]:m["end"]] == "Aspirin"
    # a later paper that says "ASA" but carries the same MeSH id resolves through the id
    # (the library learned MESH:D001241 when the first mention resolved by name)
    p2 = _papers(tmp_path / "p2.jsonl", [_paper("13", "ASA in stroke.", "Low-dose ASA.", [("ASA", "D001241")])])
    lib.ingest_papers(p2)
    with lib.session() as s:
        assert s.execute(select(MoleculeName.molecule_id).where(MoleculeName.name == "MESH:D001241")).scalar() == aspirin.id
    assert {d.pmid for d in lib.documents_for(aspirin.id)} == {"11", "13"}
    assert [m.id for m in lib.molecules_for(doc.id)] == [aspirin.id]
    before = counts(lib)
    assert lib.ingest_papers(p1).skipped_duplicate_source and counts(lib) == before
