"""Cross-modal search: one query, ranked molecules, papers and experiment rows.

The pipeline (``search(lib, query, ...)``):

1. **plan** the query: a molecule id (``mol:123`` / ``#123``), an experiment row (``exp:123`` or
   a dict), a SMILES (``chem.looks_like_smiles`` + RDKit parse), a name the library knows (its
   structure is used as well as the words), or free text;
2. **vectors**: the query through the alignment model (text, structure or experiment encoder);
3. **candidates** per modality: FAISS over the modality's index, restricted up front to the ids
   that pass the SQL filters (property ranges, source, year); papers also get lexical matches
   (SQLite FTS5 bm25 / PostgreSQL full text), and molecule queries bring the papers and rows
   linked to that molecule;
4. **fusion**: a single signal keeps its cosine score; several signals are fused by reciprocal
   rank fusion (RRF, k=60), and ``Hit.why`` says which signals found the hit;
5. **post-filters** that need RDKit (substructure SMARTS or a named group) run on the hydrated
   candidates, over-fetching until ``k`` hits pass or the index is exhausted;
6. **hydrate** records from the store and attach **related** items (molecule -> papers and
   experiments; paper -> molecules; experiment -> molecule).
"""

from __future__ import annotations

import logging
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select, text as sql_text

from discovery.errors import ChemError, DiscoveryError
from discovery.index.faiss_index import MODALITIES, normalise_modalities
from discovery.records import DocumentRecord, MeasurementRecord, MoleculeRecord
from discovery.store import repo
from discovery.store.models import Document, Measurement, Molecule, MoleculeSource

log = logging.getLogger(__name__)

RRF_K = 60  # the usual reciprocal-rank-fusion constant (Cormack et al. 2009)
MAX_K = 1000
AUTO_BUILD_LIMIT = 20_000  # a missing index over fewer rows is built on the first search
MAX_FETCH = 20_000  # how far post-filters (substructure) may over-fetch
LEXICAL_FETCH = 100
RANGE_FILTERS = ("mw", "clogp", "tpsa", "hbd", "hba", "qed", "rotatable_bonds", "rings",
                 "aromatic_rings", "heavy_atoms", "sa_score", "formal_charge")
FILTER_KEYS = set(RANGE_FILTERS) | {"substructure", "source", "year"}
STOPWORDS = set(
    "a an and are as at be by for from has have in is it its of on or that the this to was were with "
    "which what who whom how does do not no than then there these those into onto about molecule "
    "molecules compound compounds".split()
)
_ID_RE = re.compile(r"^\s*(?:(mol|molecule|exp|experiment|measurement|doc|paper)\s*:\s*|#)(\d+)\s*$", re.I)


@dataclass
class Hit:
    """One ranked result (see docs/architecture.md)."""

    modality: str  # molecules | papers | experiments
    id: int  # store primary key
    score: float  # fused score, higher is better
    record: MoleculeRecord | DocumentRecord | MeasurementRecord
    related: dict[str, list] = field(default_factory=dict)
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "modality": self.modality,
            "id": self.id,
            "score": round(float(self.score), 6),
            "why": self.why,
            "record": self.record.to_dict(),
            "related": {key: [r.to_dict() for r in recs] for key, recs in self.related.items()},
        }


@dataclass
class SearchResults:
    """Hits per modality (best first) and messages for the user."""

    query: str
    query_kind: str  # text | smiles | molecule | experiment
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "query_kind": self.query_kind,
            "hits": {m: [h.to_dict() for h in hits] for m, hits in self.hits.items()},
            "messages": list(self.messages),
        }

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.hits.values())


# ----------------------------------------------------------------------------- planning


@dataclass
class _Plan:
    kind: str
    text: str  # what the user typed, as shown
    vectors: dict[str, np.ndarray] = field(default_factory=dict)  # signal name -> (D,) vector
    lexical: str = ""  # words for FTS (papers)
    molecule_id: int | None = None  # the library molecule the query is (links are a signal)
    measurement_id: int | None = None


def _check_filters(filters: dict | None) -> tuple[dict, str | None, str | None]:
    """Validated filters, the substructure SMARTS and its label (group name or SMARTS)."""
    filters = dict(filters or {})
    unknown = set(filters) - FILTER_KEYS
    if unknown:
        raise DiscoveryError(
            f"unknown search filter(s) {', '.join(sorted(unknown))}: use {', '.join(sorted(FILTER_KEYS))}"
        )
    for key in list(filters):
        value = filters[key]
        if value is None or value == "" or value == (None, None):
            del filters[key]
            continue
        if key in RANGE_FILTERS or key == "year":
            if not isinstance(value, (tuple, list)) or len(value) != 2:
                raise DiscoveryError(f"filter {key!r} needs a (low, high) pair, got {value!r}")
            lo, hi = value
            try:
                lo = None if lo is None else float(lo)
                hi = None if hi is None else float(hi)
            except (TypeError, ValueError):
                raise DiscoveryError(f"filter {key!r}: bounds must be numbers, got {value!r}") from None
            if lo is not None and hi is not None and lo > hi:
                raise DiscoveryError(f"filter {key!r}: the low bound {lo:g} is above the high bound {hi:g}")
            filters[key] = (lo, hi)
    smarts = label = None
    if "substructure" in filters:
        from discovery.chem.groups import compile_smarts, lookup_group

        raw = str(filters["substructure"]).strip()
        group = lookup_group(raw)
        if group is not None:
            smarts, label = group.smarts, group.name
        else:
            try:
                compile_smarts(raw)
            except ChemError as exc:
                raise DiscoveryError(
                    f"substructure filter {raw!r} is neither a known group name nor a valid SMARTS: {exc}"
                ) from None
            smarts, label = raw, raw
    return filters, smarts, label


def _words(text: str) -> list[str]:
    toks = [t for t in re.findall(r"[A-Za-z0-9]+", text.lower()) if t not in STOPWORDS]
    return list(dict.fromkeys(toks))


_SMILES_CHARS = re.compile(r"^[A-Za-z0-9()\[\]=#@+\-\\/%.]+$")
_IDENTIFIER = re.compile(r"^[A-Za-z]+-?\d+[A-Za-z]?$")  # COX-2, IL6, CYP3A4


def _smiles_shaped(text: str) -> bool:
    """SMILES syntax (bonds, branches, ring closures) that RDKit may still reject: worth a try."""
    if not _SMILES_CHARS.match(text) or _IDENTIFIER.match(text) or text.isdigit():
        return False
    outside = re.sub(r"\[[^\]]*\]", "", text).replace("Cl", "").replace("Br", "")
    if re.search(r"[^BCNOSPFIcnosp\d()=#+\-\\/%.@\[\]]", outside):
        return False  # letters outside brackets must be organic-subset atoms
    has_atom = re.search(r"(Cl|Br|[BCNOSPFI]|[cnops])", text) is not None
    has_syntax = re.search(r"[()=#\[\]]|[A-Za-z]\d", text) is not None
    return has_atom and has_syntax


@contextmanager
def one_torch_thread():
    """Encode the (single) query on one torch thread.

    Measured on the shared 2-core machine: text-query encoding p50 108 -> 22 ms, p95 670 -> 30 ms;
    intra-op threads only add synchronisation for one short input.
    """
    torch = sys.modules.get("torch")
    if torch is None:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _plan(lib, query, messages: list[str]) -> _Plan:
    model = lib.model
    if isinstance(query, dict):
        return _plan_experiment_row(lib, dict(query), str(query.get("property", "experiment row")))
    if isinstance(query, MeasurementRecord):
        return _plan_measurement(lib, query.id, messages)
    text = str(query).strip()
    m = _ID_RE.match(text)
    if m:
        prefix = (m.group(1) or "mol").lower()
        num = int(m.group(2))
        if prefix.startswith("mol") or text.lstrip().startswith("#"):
            with lib.session() as s:
                rec = repo.get_molecule(s, num)
            if rec is None:
                raise DiscoveryError(f"no molecule with id {num} in this library")
            plan = _Plan("molecule", text, molecule_id=rec.id)
            plan.vectors["structure"] = model.encode_molecules([rec.smiles])[0]
            if rec.name:
                plan.lexical = rec.name
            return plan
        if prefix in ("exp", "experiment", "measurement"):
            return _plan_measurement(lib, num, messages)
        with lib.session() as s:
            doc = repo.get_document(s, num)
        if doc is None:
            raise DiscoveryError(f"no document with id {num} in this library")
        from discovery.index.vectors import document_text

        plan = _Plan("text", text)
        plan.vectors["text"] = model.encode_text([document_text(doc.title, doc.text)])[0]
        return plan

    from discovery.chem.mol import looks_like_smiles, prepare

    if looks_like_smiles(text) or _smiles_shaped(text):
        try:
            prepared = prepare(text)
        except ChemError as exc:
            messages.append(f"{text!r} looks like a SMILES but RDKit cannot read it ({exc}); searched it as text")
        else:
            plan = _Plan("smiles", text)
            plan.vectors["structure"] = model.encode_molecules([prepared.smiles])[0]
            with lib.session() as s:
                plan.molecule_id = repo.molecule_id_by_inchikey(s, prepared.inchikey)
                rec = repo.get_molecule(s, plan.molecule_id) if plan.molecule_id else None
            if rec is not None and rec.name:
                plan.lexical = rec.name  # a known structure: its name finds the papers that use it
            return plan

    with lib.session() as s:
        mol_id = repo.find_molecule_id(s, text)
        rec = repo.get_molecule(s, mol_id) if mol_id else None
    plan = _Plan("text", text, lexical=text)
    plan.vectors["text"] = model.encode_text([text])[0]
    if rec is not None:
        # A name the library knows: search with its structure as well as with the words.
        plan.kind = "molecule"
        plan.molecule_id = rec.id
        plan.vectors["structure"] = model.encode_molecules([rec.smiles])[0]
        messages.append(f"{text!r} is molecule #{rec.id} ({rec.smiles}): searched by its structure and by the words")
    return plan


def _plan_measurement(lib, measurement_id: int, messages: list[str]) -> _Plan:
    from discovery.index.vectors import measurement_rows

    with lib.session() as s:
        rows = measurement_rows(s, [measurement_id])
        rec = repo.get_measurements(s, [measurement_id]).get(measurement_id)
    if not rows or rec is None:
        raise DiscoveryError(f"no experiment row with id {measurement_id} in this library")
    plan = _Plan("experiment", f"exp:{measurement_id}", measurement_id=measurement_id, molecule_id=rec.molecule_id)
    plan.vectors["experiment"] = lib.model.encode_measurements(rows)[0]
    return plan


def _plan_experiment_row(lib, row: dict, label: str) -> _Plan:
    """An experiment row given as a dict (property, value, unit, assay, smiles ...)."""
    from discovery.index.vectors import assay_stats
    from discovery.store.models import Assay

    if "property" not in row or "value" not in row:
        raise DiscoveryError("an experiment-row query needs at least 'property' and 'value'")
    full = {"unit": "", "assay": "", "description": "", "smiles": "", "z": 0.0, "quantile": 0.5}
    full.update(row)
    with lib.session() as s:
        assay_id = s.scalar(select(Assay.id).where(Assay.name == row["property"]).limit(1))
        if assay_id is not None and ("z" not in row or "quantile" not in row):
            st = assay_stats(s).get(assay_id)
            if st is not None:
                full["z"], full["quantile"] = st.z(float(row["value"])), st.quantile(float(row["value"]))
    plan = _Plan("experiment", label)
    plan.vectors["experiment"] = lib.model.encode_measurements([full])[0]
    return plan


# ----------------------------------------------------------------------------- candidates


def _allowed_ids(lib, modality: str, filters: dict, source_ids: list[int] | None) -> np.ndarray | None:
    """Store ids passing the SQL filters, or ``None`` when no SQL filter applies."""
    ranges = {k: v for k, v in filters.items() if k in RANGE_FILTERS}
    year = filters.get("year")
    if modality == "papers":
        if year is None and source_ids is None:
            return None
        q = select(Document.id)
        if year is not None:
            if year[0] is not None:
                q = q.where(Document.year >= year[0])
            if year[1] is not None:
                q = q.where(Document.year <= year[1])
        if source_ids is not None:
            q = q.where(Document.source_id.in_(source_ids))
    else:
        if not ranges and source_ids is None:
            return None
        if modality == "molecules":
            q = select(Molecule.id)
            if source_ids is not None:
                q = q.where(
                    Molecule.id.in_(select(MoleculeSource.molecule_id).where(MoleculeSource.source_id.in_(source_ids)))
                )
        else:
            q = select(Measurement.id).join(Molecule, Molecule.id == Measurement.molecule_id)
            if source_ids is not None:
                q = q.where(Measurement.source_id.in_(source_ids))
        for key, (lo, hi) in ranges.items():
            col = getattr(Molecule, key)
            if lo is not None:
                q = q.where(col >= lo)
            if hi is not None:
                q = q.where(col <= hi)
    with lib.session() as s:
        return np.fromiter(s.scalars(q), dtype=np.int64)


def _lexical(lib, words: list[str], n: int) -> list[int]:
    """Document ids ranked by full-text relevance (bm25 on SQLite, ts_rank_cd on PostgreSQL)."""
    if not words:
        return []
    with lib.session() as s:
        dialect = s.get_bind().dialect.name
        try:
            if dialect == "sqlite":
                terms = [f'"{w}"' for w in words]
                if len(words) > 1:
                    terms.insert(0, '"' + " ".join(words) + '"')
                expr = " OR ".join(terms)
                rows = s.execute(
                    sql_text(
                        "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q "
                        "ORDER BY bm25(documents_fts, 2.0, 1.0) LIMIT :n"
                    ),
                    {"q": expr, "n": n},
                )
            elif dialect == "postgresql":
                rows = s.execute(
                    sql_text(
                        "SELECT id FROM documents, to_tsquery('english', :q) query "
                        "WHERE to_tsvector('english', coalesce(title, '') || ' ' || text) @@ query "
                        "ORDER BY ts_rank_cd(to_tsvector('english', coalesce(title, '') || ' ' || text), query) DESC "
                        "LIMIT :n"
                    ),
                    {"q": " | ".join(words), "n": n},
                )
            else:
                return []
            return [int(r[0]) for r in rows]
        except Exception as exc:  # no FTS table (an old library) or a backend without it
            log.info("lexical search unavailable: %s", exc)
            return []


def _linked(lib, modality: str, molecule_id: int | None) -> list[int]:
    if molecule_id is None:
        return []
    with lib.session() as s:
        if modality == "papers":
            return repo.document_ids_for_molecule(s, molecule_id, limit=200)
        if modality == "experiments":
            return [r.id for r in repo.measurements_for_molecule(s, molecule_id)][:200]
    return []


def _fuse(signals: dict[str, list[tuple[int, float | None]]]) -> list[tuple[int, float, str]]:
    """``[(id, score, why)]`` best first: cosine for one dense signal, RRF over several."""
    signals = {name: lst for name, lst in signals.items() if lst}
    if not signals:
        return []
    if len(signals) == 1:
        name, lst = next(iter(signals.items()))
        out = []
        for rank, (i, score) in enumerate(lst, 1):
            if score is None:  # a rank-only signal on its own: 1/(rank) keeps the order
                out.append((i, 1.0 / rank, f"{name} #{rank}"))
            else:
                out.append((i, float(score), f"{name} {score:.2f}"))
        return out
    fused: dict[int, float] = {}
    parts: dict[int, list[str]] = {}
    for name, lst in signals.items():
        for rank, (i, score) in enumerate(lst, 1):
            fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank)
            part = f"{name} {score:.2f} #{rank}" if score is not None else f"{name} #{rank}"
            parts.setdefault(i, []).append(part)
    order = sorted(fused, key=lambda i: -fused[i])
    return [(i, fused[i], " + ".join(parts[i])) for i in order]


def _records(lib, modality: str, ids: list[int]) -> dict[int, Any]:
    with lib.session() as s:
        if modality == "molecules":
            return repo.get_molecules(s, ids)
        if modality == "papers":
            return repo.get_documents(s, ids)
        return repo.get_measurements(s, ids)


def _smiles_of(record) -> str | None:
    if isinstance(record, (MoleculeRecord, MeasurementRecord)):
        return record.smiles
    return None


def _search_modality(lib, modality: str, index, plan: _Plan, k: int, allowed: np.ndarray | None,
                     smarts: str | None, smarts_label: str | None, use_lexical: bool, use_links: bool,
                     messages: list[str]) -> list[Hit]:
    post_filter = smarts is not None and modality != "papers"
    matcher = None
    if post_filter:
        from discovery.chem.groups import compile_smarts

        pattern = compile_smarts(smarts)
        from rdkit import Chem

        def matcher(smiles: str) -> bool:  # noqa: E306 - one compiled pattern for all candidates
            mol = Chem.MolFromSmiles(smiles) if smiles else None
            return mol is not None and mol.HasSubstructMatch(pattern)

    limit = index.count if allowed is None else min(index.count, len(allowed))
    fetch = min(limit, max(k * (10 if post_filter else 3), 50))
    allowed_set = set(allowed.tolist()) if allowed is not None else None
    checked: dict[int, bool] = {}
    while True:
        signals: dict[str, list[tuple[int, float | None]]] = {}
        for name, vec in plan.vectors.items():
            scores, ids = index.search(vec[None, :], fetch, allowed=allowed)
            signals["dense" if len(plan.vectors) == 1 else name] = [
                (int(i), float(sc)) for i, sc in zip(ids[0], scores[0]) if i >= 0
            ]
        if modality == "papers" and use_lexical and plan.lexical:
            lex = _lexical(lib, _words(plan.lexical), max(LEXICAL_FETCH, fetch))
            if allowed_set is not None:
                lex = [i for i in lex if i in allowed_set]
            signals["lexical"] = [(i, None) for i in lex]
        if use_links and modality in ("papers", "experiments"):
            linked = _linked(lib, modality, plan.molecule_id)
            if allowed_set is not None:
                linked = [i for i in linked if i in allowed_set]
            signals["linked"] = [(i, None) for i in linked]
        ranked = _fuse(signals)
        if modality == "molecules" and plan.molecule_id is not None and len(plan.vectors) > 1:
            # the molecule the query names comes first; the fused list ranks its neighbours
            top = [r for r in ranked if r[0] == plan.molecule_id]
            if top or allowed_set is None or plan.molecule_id in allowed_set:
                score = ranked[0][1] if ranked else 1.0
                why = f"the query molecule; {top[0][2]}" if top else "the query molecule"
                ranked = [(plan.molecule_id, score, why)] + [r for r in ranked if r[0] != plan.molecule_id]
        if not post_filter:
            break
        want = [i for i, _, _ in ranked if i not in checked]
        if want:
            recs = _records(lib, modality, want)
            for i in want:
                rec = recs.get(i)
                checked[i] = rec is not None and matcher(_smiles_of(rec) or "")
        passed = sum(1 for i, _, _ in ranked if checked.get(i))
        if passed >= k or fetch >= limit or fetch >= MAX_FETCH:
            if passed < k and fetch < limit:
                messages.append(
                    f"{modality}: only {passed} of the {fetch} nearest contain {smarts_label}; "
                    "narrow the query or the other filters to see more"
                )
            break
        fetch = min(limit, fetch * 4, MAX_FETCH)
    if post_filter:
        ranked = [(i, sc, f"{why}; contains {smarts_label}") for i, sc, why in ranked if checked.get(i)]
    ranked = ranked[:k]
    recs = _records(lib, modality, [i for i, _, _ in ranked])
    return [Hit(modality, i, sc, recs[i], {}, why) for i, sc, why in ranked if i in recs]


def _attach_related(lib, hits: dict[str, list[Hit]], limit: int) -> None:
    """molecule -> papers + experiments; paper -> molecules; experiment -> molecules."""
    mol_hits = hits.get("molecules", [])
    doc_hits = hits.get("papers", [])
    exp_hits = hits.get("experiments", [])
    with lib.session() as s:
        docs_of = repo.document_ids_for_molecules(s, [h.id for h in mol_hits]) if mol_hits else {}
        meas_of = repo.measurement_ids_for_molecules(s, [h.id for h in mol_hits]) if mol_hits else {}
        mols_of = repo.molecules_for_documents(s, [h.id for h in doc_hits]) if doc_hits else {}
        doc_ids = {d for h in mol_hits for d in docs_of.get(h.id, [])[:limit]}
        meas_ids = {m for h in mol_hits for m in meas_of.get(h.id, [])[:limit]}
        mol_ids = {m for h in doc_hits for m in mols_of.get(h.id, [])[:limit]}
        mol_ids |= {h.record.molecule_id for h in exp_hits}
        docs = repo.get_documents(s, doc_ids) if doc_ids else {}
        meas = repo.get_measurements(s, meas_ids) if meas_ids else {}
        mols = repo.get_molecules(s, mol_ids) if mol_ids else {}
    for h in mol_hits:
        h.related = {
            "papers": [docs[d] for d in docs_of.get(h.id, [])[:limit] if d in docs],
            "experiments": [meas[m] for m in meas_of.get(h.id, [])[:limit] if m in meas],
        }
    for h in doc_hits:
        h.related = {"molecules": [mols[m] for m in mols_of.get(h.id, [])[:limit] if m in mols]}
    for h in exp_hits:
        h.related = {"molecules": [mols[h.record.molecule_id]] if h.record.molecule_id in mols else []}


# ----------------------------------------------------------------------------- entry point


def search(lib, query, modalities=None, k: int = 10, filters: dict | None = None, *,
           related: bool = True, related_limit: int = 5, rebuild: bool = False,
           lexical: bool = True, links: bool = True) -> SearchResults:
    """Search the library's molecules, papers and experiment rows with one query.

    Parameters
    ----------
    lib:
        An open :class:`discovery.Library`.
    query:
        Free text, a SMILES, ``mol:ID`` / ``#ID``, ``exp:ID``, a known molecule name, or an
        experiment row as a dict (``property``, ``value``, optional ``unit``, ``assay``, ``smiles``).
    modalities:
        Any of ``molecules``, ``papers``, ``experiments`` (default all).
    k:
        Hits per modality.
    filters:
        ``{"mw": (lo, hi), "clogp": ..., "tpsa": ..., "hbd": ..., "hba": ..., "qed": ...,
        "substructure": "SMARTS or group name", "source": "name", "year": (lo, hi)}``; a
        ``None`` bound is open. Property and substructure filters apply to molecules and
        experiment rows (through their molecule), ``year`` to papers, ``source`` to all.
    related:
        Attach linked items to every hit (at most ``related_limit`` per kind).
    rebuild:
        Rebuild an index made by another model instead of refusing.
    lexical, links:
        Use full-text matches (papers) and store links (molecule queries) as fusion signals.

    Returns
    -------
    SearchResults
        Hits per modality, best first, and messages (empty library, missing index, fallbacks).

    Raises
    ------
    DiscoveryError
        An empty query, an unknown modality or filter, an unknown id.
    IndexMismatchError
        An index made by another model (unless ``rebuild``).
    """
    from discovery.index.manager import build_indexes, open_index
    from discovery.index.vectors import store_count, store_max_id

    if query is None or (isinstance(query, str) and not query.strip()):
        raise DiscoveryError("empty query: type some words, a SMILES, a molecule name or an id like mol:12")
    if isinstance(query, str) and len(query) > 5000:
        raise DiscoveryError(f"query too long ({len(query)} characters, at most 5000)")
    try:
        k = int(k)
    except (TypeError, ValueError):
        raise DiscoveryError(f"k must be a whole number, got {k!r}") from None
    if not 1 <= k <= MAX_K:
        raise DiscoveryError(f"k must be between 1 and {MAX_K}, got {k}")
    mods = normalise_modalities(modalities) or list(MODALITIES)
    filters, smarts, smarts_label = _check_filters(filters)
    label = query if isinstance(query, str) else str(query)
    messages: list[str] = []

    with lib.session() as s:
        # max(id) is an index lookup; count(*) would scan 250k rows on every query
        max_ids = {m: store_max_id(s, m) for m in mods}
        source_ids = None
        if "source" in filters:
            source_ids = repo.source_ids_by_name(s, str(filters["source"]))
            if not source_ids:
                from discovery.store.models import Source

                names = sorted({n for n in s.scalars(select(Source.name))})
                messages.append(
                    f"no source matches {filters['source']!r}" + (f"; sources: {', '.join(names[:20])}" if names else "")
                )
                return SearchResults(label.strip(), "text", {m: [] for m in mods}, messages)
    if not any(max_ids.values()):
        messages.append(
            "the library is empty: add data with `discovery ingest ...` or `discovery demo`, "
            "then build the index with `discovery index build`"
        )
        return SearchResults(label.strip(), "text", {m: [] for m in mods}, messages)

    with one_torch_thread():
        plan = _plan(lib, query, messages)
    results = SearchResults(plan.text, plan.kind, {}, messages)
    ignored = [f for f in filters if f in RANGE_FILTERS or f == "substructure"]
    if "papers" in mods and ignored and len(mods) > 1:
        messages.append(f"papers are not filtered by {', '.join(ignored)} (molecule filters)")
    if "year" in filters and any(m != "papers" for m in mods):
        messages.append("the year filter applies to papers only")
    for modality in mods:
        results.hits[modality] = []
        if not max_ids[modality]:
            messages.append(f"no {modality} in the library yet")
            continue
        if modality == "papers" and ignored and len(mods) == 1:
            messages.append(f"papers are not filtered by {', '.join(ignored)} (molecule filters)")
        index = open_index(lib, modality, rebuild=rebuild)
        if index is None:
            with lib.session() as s:
                n_rows = store_count(s, modality)
            if n_rows <= AUTO_BUILD_LIMIT:
                build_indexes(lib, [modality], progress=False)
                index = open_index(lib, modality)
                messages.append(f"built the {modality} index ({index.count} vectors) for this first search")
            else:
                messages.append(f"no {modality} index yet ({n_rows} rows): run `discovery index build`")
                continue
        if index.max_id() < max_ids[modality]:
            messages.append(
                f"the {modality} index does not hold the newest rows: run `discovery index build` to add them"
            )
        allowed = _allowed_ids(lib, modality, filters, source_ids)
        if allowed is not None and len(allowed) == 0:
            messages.append(f"no {modality} pass the filters")
            continue
        results.hits[modality] = _search_modality(
            lib, modality, index, plan, k, allowed, smarts, smarts_label, lexical, links, messages
        )
    if related:
        _attach_related(lib, results.hits, related_limit)
    return results
