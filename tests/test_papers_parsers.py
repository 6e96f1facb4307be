"""Paper parsers: PubTator, PubMed XML and JSONL on fixture files written here, plus the shared
BC5CDR / BioRED files when DISCOVERY_DATASETS is set."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from discovery.errors import InputError
from discovery.ingest.papers import (
    ParsedPaper,
    detect_format,
    make_doc_key,
    normalize_identifier,
    read_papers,
)
from discovery.records import BadRow

DATASETS = os.environ.get("DISCOVERY_DATASETS")
needs_datasets = pytest.mark.skipif(not DATASETS, reason="DISCOVERY_DATASETS not set")

TITLE = "Famotidine-associated delirium."
ABSTRACT = "Famotidine is a histamine H2-receptor antagonist; aspirin and naloxone were not."

PUBTATOR = f"""8701013|t|{TITLE}
8701013|a|{ABSTRACT}
8701013\t0\t10\tFamotidine\tChemical\tD015738
8701013\t22\t30\tdelirium\tDisease\tD003693
8701013\t32\t42\tFamotidine\tChemical\tD015738
8701013\t82\t89\taspirin\tChemical\t-1
8701013\t94\t102\tnaloxone\tChemical\tD009270|D000001\tnalox|one
8701013\tCID\tD015738\tD003693

1234|t|Second paper on iodide.
1234|a|Iodide transport in the thyroid.
1234\t16\t22\tiodide\tChemicalEntity\tD007454,D000002
1234\t24\t30\tIodide\tChemicalEntity\t-
1234\t0\t6\tSecond\tGeneOrGeneProduct\t6528

77|t|
77|a|
"""

PUBMED_XML = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2019//EN" "x.dtd">
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">227508</PMID>
    <Article PubModel="Print">
      <Journal><JournalIssue><PubDate><Year>1980</Year></PubDate></JournalIssue></Journal>
      <ArticleTitle>Naloxone reverses the <i>antihypertensive</i> effect of clonidine.</ArticleTitle>
      <Abstract>
        <AbstractText Label="BACKGROUND">In rats clonidine lowered blood pressure.</AbstractText>
        <AbstractText Label="RESULTS">Naloxone reversed it.</AbstractText>
      </Abstract>
    </Article>
    <ChemicalList>
      <Chemical><RegistryNumber>0</RegistryNumber><NameOfSubstance UI="D003000">Clonidine</NameOfSubstance></Chemical>
      <Chemical><RegistryNumber>0</RegistryNumber><NameOfSubstance UI="D009270">Naloxone</NameOfSubstance></Chemical>
      <Chemical><RegistryNumber>0</RegistryNumber><NameOfSubstance UI="D000999">Unmentioned thing</NameOfSubstance></Chemical>
    </ChemicalList>
  </MedlineCitation>
  <PubmedData><ArticleIdList>
    <ArticleId IdType="pubmed">227508</ArticleId>
    <ArticleId IdType="doi">10.1000/XYZ.123</ArticleId>
  </ArticleIdList></PubmedData>
</PubmedArticle>
<PubmedArticle>
  <MedlineCitation><PMID>42</PMID><Article>
    <Journal><JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate></JournalIssue></Journal>
    <ArticleTitle>Only a title</ArticleTitle></Article></MedlineCitation>
</PubmedArticle>
<PubmedArticle>
  <MedlineCitation><PMID>43</PMID><Article><ArticleTitle></ArticleTitle></Article></MedlineCitation>
</PubmedArticle>
</PubmedArticleSet>
"""


def _truncated_gz() -> bytes:
    data = gzip.compress("".join(json.dumps({"title": f"paper {i}", "abstract": str(i * 7919)}) + "\n"
                                 for i in range(3000)).encode())
    return data[: len(data) // 2]


def _papers(records):
    return [r for r in records if isinstance(r, ParsedPaper)]


def _bad(records):
    return [r for r in records if isinstance(r, BadRow)]


def test_normalize_identifier():
    assert normalize_identifier("D000123") == ["MESH:D000123"]
    assert normalize_identifier("MESH:D1234567|D015738") == ["MESH:D1234567", "MESH:D015738"]
    assert normalize_identifier("mesh:c012345, D000002") == ["MESH:C012345", "MESH:D000002"]
    assert normalize_identifier("-1") == []
    assert normalize_identifier("-") == []
    assert normalize_identifier("CHEBI:15377") == ["CHEBI:15377"]


def test_doc_key_priority():
    assert make_doc_key("t", "a", pmid="12", doi="10.1/X") == "pmid:12"
    assert make_doc_key("t", "a", doi="10.1/AbC") == "doi:10.1/abc"
    k1, k2 = make_doc_key("t", "a"), make_doc_key("t", "b")
    assert k1.startswith("sha256:") and k1 != k2 and k1 == make_doc_key(" t", "a ")


def test_pubtator_chemicals_only_with_offsets(tmp_path: Path):
    f = tmp_path / "mini.PubTator"
    f.write_text(PUBTATOR, encoding="utf-8")
    assert detect_format(f) == "pubtator"
    recs = list(read_papers(f))
    papers, bad = _papers(recs), _bad(recs)
    assert [p.doc_key for p in papers] == ["pmid:8701013", "pmid:1234"]
    assert len(bad) == 1 and bad[0].row == 16 and "empty title and abstract" in bad[0].reason
    p = papers[0]
    assert p.title == TITLE and p.abstract == ABSTRACT and p.pmid == "8701013"
    # disease mention and the relation line are dropped; the composite naloxone mention gives 2
    assert [m.identifier for m in p.mentions] == [
        "MESH:D015738", "MESH:D015738", "", "MESH:D009270", "MESH:D000001"]
    assert [m.text for m in p.mentions][-2:] == ["nalox", "one"]
    for m in p.mentions:
        assert m.start is not None and p.full_text[m.start:m.end] in (m.text, "naloxone")
    assert p.mentions[2].text == "aspirin" and p.full_text[82:89] == "aspirin"
    q = papers[1]
    assert [m.identifier for m in q.mentions] == ["MESH:D007454", "MESH:D000002", ""]
    assert all(m.type == "ChemicalEntity" for m in q.mentions)


def test_pubtator_gzip_and_detection_by_content(tmp_path: Path):
    f = tmp_path / "corpus.txt.gz"
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        fh.write(PUBTATOR)
    assert detect_format(f) == "pubtator"
    assert len(_papers(read_papers(f))) == 2


def test_pubtator_wrong_offsets_become_none(tmp_path: Path):
    f = tmp_path / "x.pubtator"
    f.write_text("9|t|Aspirin works.\n9|a|Yes.\n9\t3\t10\tAspirin\tChemical\tD001241\n", encoding="utf-8")
    (p,) = _papers(read_papers(f))
    assert p.mentions[0].identifier == "MESH:D001241"
    assert p.mentions[0].start is None and p.mentions[0].end is None


def test_pubmed_xml(tmp_path: Path):
    f = tmp_path / "efetch.xml"
    f.write_text(PUBMED_XML, encoding="utf-8")
    assert detect_format(f) == "pubmed-xml"
    recs = list(read_papers(f))
    papers, bad = _papers(recs), _bad(recs)
    assert len(papers) == 2 and len(bad) == 1 and bad[0].row == 3
    p = papers[0]
    assert p.pmid == "227508" and p.doc_key == "pmid:227508" and p.year == 1980
    assert p.doi == "10.1000/XYZ.123"
    assert p.title == "Naloxone reverses the antihypertensive effect of clonidine."
    assert p.abstract == "BACKGROUND: In rats clonidine lowered blood pressure. RESULTS: Naloxone reversed it."
    ids = [m.identifier for m in p.mentions]
    assert ids == ["MESH:D003000", "MESH:D009270", "MESH:D000999"]
    clon = p.mentions[0]
    assert p.full_text[clon.start:clon.end].lower() == "clonidine"
    assert p.mentions[2].start is None  # not in the text
    assert papers[1].year == 1998 and papers[1].abstract == "" and papers[1].mentions == []


def test_pubmed_xml_gzip_detected_by_content(tmp_path: Path):
    f = tmp_path / "download.gz"
    f.write_bytes(gzip.compress(PUBMED_XML.encode()))
    assert detect_format(f) == "pubmed-xml"
    assert len(_papers(read_papers(f))) == 2


def test_jsonl_records_and_bad_lines(tmp_path: Path):
    lines = [
        json.dumps({"pmid": "227508", "title": "Naloxone and clonidine.", "abstract": "Clonidine in rats.",
                    "year": "1980", "entities": [
                        {"start": 0, "end": 8, "mention": "Naloxone", "type": "Chemical", "id": "D009270"},
                        {"start": 0, "end": 8, "mention": "Naloxone", "type": "Disease", "id": "D1"}]}),
        "{not json",
        json.dumps({"title": "", "abstract": ""}),
        json.dumps({"doi": "https://doi.org/10.5/AB", "text": "Aspirin helps.", "year": "soon",
                    "mentions": [{"start": 0, "end": 7, "text": "Aspirin", "identifier": "MESH:D001241"}]}),
        "",
        json.dumps({"id": "mydoc-1", "text": "Aspirin helps.", "year": 2020,
                    "mentions": [{"start": 0, "end": 7, "text": "Aspirin", "identifier": ["D001241"]}]}),
        json.dumps([1, 2]),
    ]
    f = tmp_path / "papers.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs = list(read_papers(f))
    papers, bad = _papers(recs), _bad(recs)
    assert [(b.row, b.reason.split(" ")[0]) for b in bad] == [(2, "invalid"), (3, "empty"), (4, "year"),
                                                             (7, "expected")]
    a, c = papers
    assert a.doc_key == "pmid:227508" and a.year == 1980
    assert [(m.identifier, m.start) for m in a.mentions] == [("MESH:D009270", 0)]
    # offsets relative to the text alone are shifted into title + " " + abstract
    assert c.title == "" and c.external_id == "mydoc-1" and c.year == 2020
    assert c.doc_key.startswith("sha256:")
    m = c.mentions[0]
    assert c.full_text[m.start:m.end] == "Aspirin" and m.identifier == "MESH:D001241"


@pytest.mark.parametrize(
    "name,content,needle",
    [
        ("junk.pubtator", os.urandom(2048).replace(b"\x00", b"\x01") + b"\x00", "binary"),
        ("latin.pubtator", "1|t|Caf\u00e9ine\n1|a|x\n".encode("latin-1"), "UTF-8"),
        ("trunc.jsonl.gz", _truncated_gz(), "truncated gzip"),
        ("notxml.xml", b"hello, this is not xml", "not XML"),
        ("cut.xml", PUBMED_XML.encode()[:700], "truncated XML"),
        ("empty.jsonl", b"\n\n", "no JSON objects"),
        ("other.txt", b"just some words\nand more\n", "cannot tell the paper format"),
    ],
)
def test_unreadable_files_raise_one_line(tmp_path: Path, name, content, needle):
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(InputError) as exc:
        list(read_papers(f))
    msg = str(exc.value)
    assert needle in msg and str(f) in msg and "\n" not in msg


def test_missing_file_and_unknown_format(tmp_path: Path):
    with pytest.raises(InputError, match="file not found"):
        list(read_papers(tmp_path / "nope.jsonl"))
    f = tmp_path / "a.jsonl"
    f.write_text('{"title": "x"}\n')
    with pytest.raises(InputError, match="unknown paper format"):
        list(read_papers(f, format="word"))


@needs_datasets
def test_shared_bc5cdr_test_set():
    f = Path(DATASETS) / "papers" / "bc5cdr" / "CDR_TestSet.PubTator.txt"
    recs = list(read_papers(f))
    papers = _papers(recs)
    assert len(papers) == 500 and not _bad(recs)
    assert all(p.mentions for p in papers)
    # 5,385 chemical mentions in the official statistics; composite mentions add a few
    n = sum(len(p.mentions) for p in papers)
    assert 5385 <= n <= 5450
    assert all(p.full_text[m.start:m.end] for p in papers for m in p.mentions if m.start is not None)
    assert papers[0].doc_key == "pmid:8701013"


@needs_datasets
def test_shared_docs_jsonl_matches_pubtator():
    base = Path(DATASETS) / "papers" / "biored"
    from_jsonl = {p.doc_key: p for p in _papers(read_papers(base / "docs.jsonl"))}
    from_pt = {}
    for name in ("Train.PubTator", "Dev.PubTator", "Test.PubTator"):
        from_pt.update({p.doc_key: p for p in _papers(read_papers(base / name))})
    assert len(from_jsonl) == 600 and set(from_jsonl) == set(from_pt)
    some = next(iter(from_pt))
    assert [m.identifier for m in from_jsonl[some].mentions] == [m.identifier for m in from_pt[some].mentions]


def test_unreadable_file_fails_before_iteration(tmp_path: Path):
    """Binary junk is refused when read_papers is called, before any record is consumed."""
    f = tmp_path / "junk.jsonl"
    f.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError, match="binary"):
        read_papers(f)
    g = tmp_path / "junk.xml"
    g.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(InputError, match="not XML"):
        read_papers(g)
