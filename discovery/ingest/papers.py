"""Readers for scientific papers (title + abstract) with their chemical mentions.

Pure parsers: no database. :func:`read_papers` streams :class:`ParsedPaper` records (or
:class:`~discovery.records.BadRow` for records that must be skipped) from

``pubtator``
    BC5CDR / BioRED PubTator files: ``PMID|t|title``, ``PMID|a|abstract`` and tab-separated
    annotation lines ``PMID start end mention type identifier [extra]``. Only chemical mentions
    are kept (type ``Chemical`` in BC5CDR, ``ChemicalEntity`` in BioRED); relation lines are
    ignored.
``pubmed-xml``
    NCBI efetch ``PubmedArticleSet`` XML, streamed with ``xml.etree.ElementTree.iterparse``.
    Chemicals come from ``ChemicalList/Chemical/NameOfSubstance`` (MeSH UI).
``jsonl``
    One JSON object per line: ``title``, ``abstract`` (or ``text``), optional ``pmid``, ``doi``,
    ``year``, ``id`` and an ``entities`` (or ``mentions``) list of
    ``{"start", "end", "mention" | "text", "type", "id" | "identifier"}`` (the schema of the shared
    ``papers/*/docs.jsonl`` files).

Conventions shared by all formats

- Mention offsets index into ``ParsedPaper.full_text`` = ``title + " " + abstract`` (the PubTator
  convention). An offset pair that does not select the mention text is replaced by ``None``.
- Identifiers are normalised to ``MESH:D000123``; a mention annotated with several identifiers
  (``D1|D2`` composite mentions, ``D1,D2``) becomes one :class:`ParsedMention` per identifier;
  a mention without identifier (``-1``, ``-``) keeps ``identifier=""`` so it can still be linked by
  its text.
- ``doc_key`` is ``pmid:<id>``, else ``doi:<doi lower-case>``, else ``sha256:<hex of title + "\\n" +
  abstract>``; the loader uses it to make re-ingestion idempotent.
- Unreadable files raise :class:`~discovery.errors.InputError` (one line naming the file); bad
  records are yielded as ``BadRow(file, row, reason)`` where ``row`` is the 1-based line number
  (PubTator: the document's ``|t|`` line; JSONL: the line) or, for XML, the article's position.
- ``.gz`` files are read transparently.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from discovery.errors import InputError
from discovery.records import BadRow

from ._files import check_readable, check_text, describe_read_error, iter_lines, open_binary, sniff

FORMATS = ("pubtator", "pubmed-xml", "jsonl")

#: entity types (lower-case) that denote chemicals in the corpora we read
CHEMICAL_TYPES = frozenset({"chemical", "chemicalentity", "chemicals", "drug", "simple_chemical"})

_MESH_BARE = re.compile(r"^[CDcd]\d{6,9}$")
_NO_ID = {"", "-", "-1", "none", "null", "n/a", "na"}
_PUBTATOR_TEXT = re.compile(r"^([^|\t]+)\|([ta])\|(.*)$")
_YEAR = re.compile(r"(1[6-9]\d\d|20\d\d|21\d\d)")


@dataclass
class ParsedMention:
    """A chemical mentioned in a paper.

    Attributes
    ----------
    text : str
        The mention as written ("famotidine"); for composite mentions the part that maps to
        ``identifier`` when the corpus gives it.
    identifier : str
        Normalised database id, e.g. ``"MESH:D015738"``; ``""`` when the corpus has none.
    start, end : int or None
        Character offsets into ``title + " " + abstract``; ``None`` when unknown.
    type : str
        The annotation type as in the source ("Chemical", "ChemicalEntity", "Chemical (MeSH)").
    """

    text: str
    identifier: str
    start: int | None
    end: int | None
    type: str


@dataclass
class ParsedPaper:
    """One paper: title, abstract, identifiers and chemical mentions.

    ``row`` is where the record starts in its file (see the module docstring); ``doc_key`` is the
    stable identity used for de-duplication.
    """

    row: int
    doc_key: str
    title: str
    abstract: str
    pmid: str | None
    doi: str | None
    year: int | None
    external_id: str | None
    mentions: list[ParsedMention] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        """``title + " " + abstract``: the string mention offsets index into."""
        return f"{self.title} {self.abstract}"

    @property
    def identifiers(self) -> list[str]:
        """Distinct non-empty mention identifiers, in order of first mention."""
        return list(dict.fromkeys(m.identifier for m in self.mentions if m.identifier))


# --------------------------------------------------------------------------- helpers


def normalize_identifier(raw: str | None) -> list[str]:
    """Split and normalise a mention identifier field into a list of ids.

    ``"D000123"`` -> ``["MESH:D000123"]``; ``"MESH:D1|D2"`` / ``"D1,D2"`` / ``"D1;D2"`` -> two ids;
    ``"-1"``, ``"-"``, ``""`` -> ``[]``; other namespaces keep their prefix (``"CHEBI:1234"``).
    """
    if raw is None:
        return []
    out: list[str] = []
    for part in re.split(r"[|,;]", str(raw)):
        part = part.strip()
        if part.lower() in _NO_ID:
            continue
        if ":" in part:
            prefix, _, rest = part.partition(":")
            rest = rest.strip()
            if not rest or rest.lower() in _NO_ID:
                continue
            if prefix.strip().lower() == "mesh":
                part = f"MESH:{rest.upper()}"
            else:
                part = f"{prefix.strip().upper()}:{rest}"
        elif _MESH_BARE.match(part):
            part = f"MESH:{part.upper()}"
        out.append(part)
    return list(dict.fromkeys(out))


def _clean_pmid(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    s = re.sub(r"^(pmid|pubmed)\s*:?\s*", "", s, flags=re.I)
    if not s or not s.isdigit():
        return None
    return s.lstrip("0") or "0"


def _clean_doi(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    s = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", s, flags=re.I)
    return s or None


def make_doc_key(title: str, abstract: str, pmid: str | None = None, doi: str | None = None) -> str:
    """``pmid:<id>``, else ``doi:<doi lower-case>``, else ``sha256:<hex of title\\nabstract>``."""
    if pmid:
        return f"pmid:{pmid}"
    if doi:
        return f"doi:{doi.lower()}"
    digest = hashlib.sha256(f"{title.strip()}\n{abstract.strip()}".encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def _is_chemical(entity_type: str | None) -> bool:
    return bool(entity_type) and entity_type.strip().lower() in CHEMICAL_TYPES


def _checked_offsets(full: str, text: str, start: int | None, end: int | None, shift: int = 0):
    """Offsets that select ``text`` in ``full`` (trying a shift for abstract-relative offsets)."""
    if start is None or end is None:
        return None, None
    for s in (start, start + shift) if shift else (start,):
        e = s + (end - start)
        if 0 <= s <= e <= len(full) and full[s:e] == text:
            return s, e
    return None, None


def _mentions(text: str, ids_field: str | None, start, end, etype: str, full: str,
              parts: str | None = None, shift: int = 0) -> list[ParsedMention]:
    """One ParsedMention per identifier (composite ``a|b`` mentions use their part texts)."""
    s, e = _checked_offsets(full, text, start, end, shift)
    ids = normalize_identifier(ids_field)
    if not ids:
        return [ParsedMention(text=text, identifier="", start=s, end=e, type=etype)]
    part_texts = parts.split("|") if parts and "|" in (ids_field or "") else []
    if len(part_texts) != len(ids):
        part_texts = [text] * len(ids)
    return [ParsedMention(text=t, identifier=i, start=s, end=e, type=etype) for t, i in zip(part_texts, ids)]


def _to_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- format detection


def detect_format(path: str | Path) -> str:
    """Tell ``pubtator``, ``pubmed-xml`` or ``jsonl`` from the file name, then the content.

    Raises
    ------
    InputError
        When the file cannot be read or its format cannot be recognised.
    """
    p = check_readable(path)
    name = p.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith(".xml"):
        return "pubmed-xml"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if "pubtator" in name:
        return "pubtator"
    head = check_text(p)
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return "pubmed-xml"
    if stripped.startswith("{"):
        return "jsonl"
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if _PUBTATOR_TEXT.match(first):
        return "pubtator"
    raise InputError(
        f"{p}: cannot tell the paper format (expected PubTator 'PMID|t|title' lines, PubMed XML or "
        "JSON lines); pass the format explicitly (pubtator, pubmed-xml, jsonl)"
    )


def read_papers(path: str | Path, format: str | None = None) -> Iterator[ParsedPaper | BadRow]:
    """Stream papers from a PubTator, PubMed XML or JSONL file (``.gz`` allowed).

    Parameters
    ----------
    path : str or Path
        The file.
    format : {"pubtator", "pubmed-xml", "jsonl"}, optional
        Detected with :func:`detect_format` when omitted ("xml" and "pubmed" are accepted aliases).

    Yields
    ------
    ParsedPaper or BadRow
        Bad records (empty title and abstract, invalid JSON, non-numeric year) come as BadRow.

    Raises
    ------
    InputError
        The file is missing, binary, not UTF-8, a truncated gzip, not XML, or holds no record.
    """
    p = check_readable(path)
    fmt = (format or detect_format(p)).lower().strip()
    fmt = {"xml": "pubmed-xml", "pubmed": "pubmed-xml", "pubmedxml": "pubmed-xml", "json": "jsonl",
           "ndjson": "jsonl", "bioc-pubtator": "pubtator"}.get(fmt, fmt)
    # refuse binary junk, bad encodings and broken gzip now, before the caller starts a transaction
    if fmt in ("pubtator", "jsonl"):
        check_text(p)
    if fmt == "pubtator":
        return _read_pubtator(p)
    if fmt == "pubmed-xml":
        _check_xml_head(p)
        return _read_pubmed_xml(p)
    if fmt == "jsonl":
        return _read_jsonl(p)
    raise InputError(f"{p}: unknown paper format {format!r} (use one of: {', '.join(FORMATS)})")


# --------------------------------------------------------------------------- PubTator


def _read_pubtator(path: Path) -> Iterator[ParsedPaper | BadRow]:
    fname = str(path)
    doc: dict | None = None
    n_docs = 0

    def finish(d: dict) -> ParsedPaper | BadRow:
        title, abstract = d["title"], d["abstract"]
        if not title.strip() and not abstract.strip():
            return BadRow(fname, d["row"], f"document {d['id']}: empty title and abstract")
        full = f"{title} {abstract}"
        mentions: list[ParsedMention] = []
        for (start, end, text, etype, ids, extra) in d["ann"]:
            mentions.extend(_mentions(text, ids, start, end, etype, full, parts=extra))
        pmid = _clean_pmid(d["id"])
        return ParsedPaper(
            row=d["row"], doc_key=make_doc_key(title, abstract, pmid), title=title, abstract=abstract,
            pmid=pmid, doi=None, year=None, external_id=None if pmid else d["id"], mentions=mentions,
        )

    for lineno, line in iter_lines(path):
        if not line.strip():
            continue
        m = _PUBTATOR_TEXT.match(line)
        if m:
            doc_id, kind, text = m.group(1).strip(), m.group(2), m.group(3)
            if kind == "t" or doc is None or doc["id"] != doc_id:
                if doc is not None:
                    n_docs += 1
                    yield finish(doc)
                doc = {"id": doc_id, "row": lineno, "title": "", "abstract": "", "ann": []}
            doc["title" if kind == "t" else "abstract"] = text
            continue
        cols = line.split("\t")
        if doc is None or cols[0].strip() != doc["id"]:
            # an annotation line outside its document: the file is not PubTator (or is damaged)
            if doc is None and n_docs == 0:
                raise InputError(f"{path}: line {lineno} is not PubTator ('PMID|t|title' expected first)")
            continue
        # mention lines have numeric offsets; relation lines (PMID, type, id1, id2) do not
        if len(cols) >= 5 and cols[1].strip().isdigit() and cols[2].strip().isdigit():
            etype = cols[4].strip()
            if _is_chemical(etype):
                ids = cols[5].strip() if len(cols) > 5 else ""
                extra = cols[6].strip() if len(cols) > 6 else None
                doc["ann"].append((int(cols[1]), int(cols[2]), cols[3], etype, ids, extra))
    if doc is not None:
        n_docs += 1
        yield finish(doc)
    if n_docs == 0:
        raise InputError(f"{path}: no PubTator documents found ('PMID|t|title' lines)")


# --------------------------------------------------------------------------- JSON lines


def _read_jsonl(path: Path) -> Iterator[ParsedPaper | BadRow]:
    fname = str(path)
    n_objects = 0
    for lineno, line in iter_lines(path):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BadRow(fname, lineno, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield BadRow(fname, lineno, f"expected a JSON object, got {type(obj).__name__}")
            continue
        n_objects += 1
        yield _paper_from_json(obj, fname, lineno)
    if n_objects == 0:
        raise InputError(f"{path}: no JSON objects found (expected one paper per line)")


def _text_field(obj: dict, *names: str) -> str:
    for n in names:
        v = obj.get(n)
        if v is None:
            continue
        if isinstance(v, list):  # e.g. abstract given as a list of sections
            return " ".join(str(x) for x in v if x is not None).strip()
        return str(v).strip()
    return ""


def _paper_from_json(obj: dict, fname: str, lineno: int) -> ParsedPaper | BadRow:
    title = _text_field(obj, "title", "ArticleTitle")
    abstract = _text_field(obj, "abstract", "text", "AbstractText", "body")
    if not title and not abstract:
        return BadRow(fname, lineno, "empty title and abstract")
    year_raw = obj.get("year")
    year: int | None = None
    if year_raw not in (None, ""):
        if isinstance(year_raw, bool) or not re.fullmatch(r"\s*\d{4}\s*", str(year_raw).replace(".0", "")):
            return BadRow(fname, lineno, f"year is not a 4-digit number: {year_raw!r}")
        year = int(str(year_raw).replace(".0", ""))
    pmid = _clean_pmid(obj.get("pmid") or obj.get("PMID"))
    doi = _clean_doi(obj.get("doi") or obj.get("DOI"))
    ext = obj.get("id", obj.get("external_id"))
    external_id = None if ext is None or str(ext).strip() == "" else str(ext).strip()
    full = f"{title} {abstract}"
    shift = len(title) + 1  # offsets relative to the abstract alone are accepted too
    mentions: list[ParsedMention] = []
    ents = obj.get("entities", obj.get("mentions")) or []
    if isinstance(ents, list):
        for ent in ents:
            if not isinstance(ent, dict):
                continue
            etype = str(ent.get("type") or "")
            if etype and not _is_chemical(etype):
                continue
            text = str(ent.get("mention", ent.get("text", "")) or "")
            ids = ent.get("id", ent.get("identifier"))
            if isinstance(ids, list):
                ids = "|".join(str(i) for i in ids)
            if not text and not ids:
                continue
            mentions.extend(_mentions(text, None if ids is None else str(ids), _to_int(ent.get("start")),
                                      _to_int(ent.get("end")), etype or "Chemical", full, shift=shift))
    return ParsedPaper(
        row=lineno, doc_key=make_doc_key(title, abstract, pmid, doi), title=title, abstract=abstract,
        pmid=pmid, doi=doi, year=year, external_id=external_id, mentions=mentions,
    )


# --------------------------------------------------------------------------- PubMed XML


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _all_text(el: ET.Element | None) -> str:
    if el is None:
        return ""
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _xml_year(article: ET.Element) -> int | None:
    for xp in (".//Article/Journal/JournalIssue/PubDate", ".//Article/ArticleDate", ".//DateCompleted"):
        pd = article.find(xp)
        if pd is None:
            continue
        y = pd.findtext("Year")
        if y and y.strip().isdigit():
            return int(y.strip())
        md = pd.findtext("MedlineDate")
        if md:
            m = _YEAR.search(md)
            if m:
                return int(m.group(1))
    return None


def _paper_from_xml(article: ET.Element, fname: str, index: int) -> ParsedPaper | BadRow:
    citation = article.find("MedlineCitation")
    if citation is None:  # PubmedBookArticle and friends
        citation = article
    pmid = _clean_pmid(citation.findtext("PMID"))
    title = _all_text(citation.find(".//Article/ArticleTitle")) or _all_text(citation.find(".//BookTitle"))
    sections = []
    for at in citation.findall(".//Abstract/AbstractText"):
        body = _all_text(at)
        if not body:
            continue
        label = at.get("Label")
        sections.append(f"{label}: {body}" if label else body)
    abstract = " ".join(sections)
    if not title and not abstract:
        return BadRow(fname, index, f"article {pmid or index}: empty title and abstract")
    doi = None
    for aid in article.findall(".//PubmedData/ArticleIdList/ArticleId"):
        if (aid.get("IdType") or "").lower() == "doi" and aid.text:
            doi = _clean_doi(aid.text)
            break
    if doi is None:
        for loc in citation.findall(".//Article/ELocationID"):
            if (loc.get("EIdType") or "").lower() == "doi" and loc.text:
                doi = _clean_doi(loc.text)
                break
    full = f"{title} {abstract}"
    lower = full.lower()
    mentions: list[ParsedMention] = []
    for sub in citation.findall(".//ChemicalList/Chemical/NameOfSubstance"):
        name = _all_text(sub)
        ui = sub.get("UI") or ""
        ids = normalize_identifier(f"MESH:{ui}" if ui and ":" not in ui else ui)
        # the indexers' substance list has no offsets: point at the first occurrence if any
        pos = lower.find(name.lower()) if name else -1
        start, end = (pos, pos + len(name)) if pos >= 0 else (None, None)
        mentions.append(ParsedMention(text=name, identifier=ids[0] if ids else "", start=start, end=end,
                                      type="Chemical (MeSH)"))
    return ParsedPaper(
        row=index, doc_key=make_doc_key(title, abstract, pmid, doi), title=title, abstract=abstract,
        pmid=pmid, doi=doi, year=_xml_year(citation), external_id=None, mentions=mentions,
    )


def _check_xml_head(path: Path) -> None:
    head = sniff(path, 512)
    if b"\x00" in head or not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise InputError(f"{path}: not XML (expected a PubMed efetch PubmedArticleSet)")


def _read_pubmed_xml(path: Path) -> Iterator[ParsedPaper | BadRow]:
    fname = str(path)
    _check_xml_head(path)
    index = 0
    root_seen = False
    try:
        with open_binary(path) as fh:
            context = ET.iterparse(fh, events=("start", "end"))
            root = None
            for event, el in context:
                if event == "start":
                    if root is None:
                        root = el
                        root_seen = True
                    continue
                tag = _local(el.tag)
                if tag in ("PubmedArticle", "PubmedBookArticle"):
                    index += 1
                    yield _paper_from_xml(el, fname, index)
                    # free memory: drop finished articles from the root as we go
                    el.clear()
                    if root is not None and len(root) and root[0] is el:
                        root.remove(el)
    except ET.ParseError as exc:
        line, col = exc.position if hasattr(exc, "position") else (0, 0)
        raise InputError(f"{path}: invalid or truncated XML at line {line}, column {col}") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise describe_read_error(path, exc) from None
    if root_seen and index == 0:
        raise InputError(f"{path}: no PubmedArticle elements found (expected an efetch PubmedArticleSet)")
