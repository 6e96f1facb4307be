"""`discovery bench experiments`: do property queries return experiment rows on the asked side?

Protocol
--------
- Library: the five MoleculeNet tables (ESOL, FreeSolv, Lipophilicity, BACE, BBBP) ingested
  with their presets; the experiments index holds every row.
- Held-out rows: ``discovery.train.splits.table_row_heldout`` (sha1 of the row's SMILES as
  written, 10 %), the rows the alignment model's trainer skips. Only held-out rows are ranked.
- Each query names a property and a side. A row is *on the asked side* when it belongs to one
  of the query's assays and its value is on that side: the binary label for BBBP / BACE
  ``Class``, otherwise below / above the median of that assay's values in the library.
- Two numbers per query:
  * ``p@10 (all rows)``: the query ranks every held-out row of every assay, as a user's search
    does; a hit counts when it is from the right assay AND on the asked side;
  * ``p@10 (within assay)``: only the held-out rows of the query's assays are ranked, so it
    measures the side alone.
  Each comes with its chance level (the fraction of the ranked pool that counts as a hit).
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict

import numpy as np
from sqlalchemy import select

from discovery.errors import DiscoveryError
from discovery.store.models import Assay, Measurement, Source

from .search import ensure_datasets, ensure_indexes, machine, now

TABLE_DATASETS = ("esol", "freesolv", "lipophilicity", "bace", "bbbp")

# query -> list of (assay name substring, side): side "low" / "high" (vs the assay median) or
# "1" / "0" (binary label)
QUERIES: dict[str, list[tuple[str, str]]] = {
    "poorly water soluble": [("aqueous solubility", "low")],
    "highly soluble in water": [("aqueous solubility", "high")],
    "crosses the blood-brain barrier": [("blood-brain barrier", "1")],
    "does not cross the blood-brain barrier": [("blood-brain barrier", "0")],
    "lipophilic": [("lipophilicity", "high")],
    "hydrophilic compound with low lipophilicity": [("lipophilicity", "low")],
    "potent BACE-1 inhibitor": [("BACE-1 inhibition pIC50", "high"), ("BACE-1 inhibitor (active)", "1")],
    "strongly favourable hydration free energy": [("hydration free energy", "low")],
}


def _num(text) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def heldout_rows(lib) -> dict[int, tuple[int, float]]:
    """``{measurement id: (assay id, value)}`` for the held-out rows of the MoleculeNet tables."""
    from discovery.ingest import datasets as ds
    from discovery.ingest.tables import detect_preset, resolve_columns
    from discovery.train.splits import table_row_heldout

    out: dict[int, tuple[int, float]] = {}
    with lib.session() as s:
        sources = s.execute(select(Source.id, Source.uri)).all()
    for name in TABLE_DATASETS:
        path = ds.locate(name, lib.settings.datasets)
        cols = resolve_columns(path, preset=detect_preset(path) or name)
        # the store's Measurement.row is the file line (the header is line 1)
        held: dict[int, set[float]] = {}
        with open(path, newline="", encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), 2):
                if table_row_heldout(str(row[cols.smiles_column])):
                    held[line] = {_num(row.get(v.column)) for v in cols.values}
        src_ids = [sid for sid, uri in sources if uri and str(uri).endswith(path.name)]
        with lib.session() as s:
            rows = s.execute(
                select(Measurement.id, Measurement.row, Measurement.assay_id, Measurement.value)
                .where(Measurement.source_id.in_(src_ids))
            ).all()
        mismatched = 0
        for mid, row, assay_id, value in rows:
            if row in held:
                if not any(v is not None and abs(v - float(value)) < 1e-6 for v in held[row]):
                    mismatched += 1
                    continue
                out[mid] = (assay_id, float(value))
        if mismatched:
            raise DiscoveryError(f"{path.name}: {mismatched} held-out rows do not match the store's values; "
                                 "was the file ingested with other options?")
    return out


def bench_experiments(lib, k: int = 10, ensure: bool = True, echo=print) -> dict:
    """precision@k of property queries over held-out MoleculeNet rows."""
    from discovery.index import open_index

    if ensure:
        ensure_datasets(lib, TABLE_DATASETS, echo=echo)
        ensure_indexes(lib, ["experiments"], echo=echo)
    with lib.session() as s:
        assays = {a.id: a for a in s.scalars(select(Assay))}
        medians = {}
        by_assay = defaultdict(list)
        for assay_id, value in s.execute(select(Measurement.assay_id, Measurement.value)):
            by_assay[assay_id].append(value)
        medians = {a: float(np.median(v)) for a, v in by_assay.items()}
    held = heldout_rows(lib)
    pool = np.array(sorted(held), dtype=np.int64)
    index = open_index(lib, "experiments")
    model = lib.model

    def on_side(mid: int, targets: list[tuple[int, str]]) -> bool:
        assay_id, value = held[mid]
        for t_assay, side in targets:
            if assay_id != t_assay:
                continue
            if side == "1":
                return value >= 0.5
            if side == "0":
                return value < 0.5
            return value < medians[assay_id] if side == "low" else value > medians[assay_id]
        return False

    per_query = {}
    t0 = time.perf_counter()
    for query, spec in QUERIES.items():
        targets = [(aid, side) for sub, side in spec for aid, a in assays.items() if sub.lower() in a.name.lower()]
        if not targets:
            per_query[query] = {"error": "no assay in the library matches"}
            continue
        qv = model.encode_text([query])
        _, ids = index.search(qv, k, allowed=pool)
        top = [int(i) for i in ids[0] if i >= 0]
        p_all = sum(on_side(i, targets) for i in top) / max(len(top), 1)
        sub_pool = np.array([i for i in pool.tolist() if held[i][0] in {a for a, _ in targets}], dtype=np.int64)
        _, ids = index.search(qv, k, allowed=sub_pool)
        top_in = [int(i) for i in ids[0] if i >= 0]
        p_in = sum(on_side(i, targets) for i in top_in) / max(len(top_in), 1)
        per_query[query] = {
            "assays": [assays[a].name for a, _ in targets],
            "side": [s for _, s in targets],
            "p@10_all_rows": round(p_all, 2),
            "chance_all_rows": round(sum(on_side(i, targets) for i in pool.tolist()) / len(pool), 3),
            "p@10_within_assay": round(p_in, 2),
            "chance_within_assay": round(sum(on_side(i, targets) for i in sub_pool.tolist()) / max(len(sub_pool), 1), 3),
            "heldout_rows_in_assay": int(len(sub_pool)),
        }
    ok = [v for v in per_query.values() if "error" not in v]
    return {
        "bench": f"experiments: precision@{k} of property queries over held-out MoleculeNet rows",
        "heldout_rows": int(len(pool)),
        "mean_p@10_all_rows": round(float(np.mean([v["p@10_all_rows"] for v in ok])), 3) if ok else None,
        "mean_chance_all_rows": round(float(np.mean([v["chance_all_rows"] for v in ok])), 3) if ok else None,
        "mean_p@10_within_assay": round(float(np.mean([v["p@10_within_assay"] for v in ok])), 3) if ok else None,
        "mean_chance_within_assay": round(float(np.mean([v["chance_within_assay"] for v in ok])), 3) if ok else None,
        "queries": per_query,
        "seconds": round(time.perf_counter() - t0, 1),
        "model_fingerprint": model.fingerprint,
        "machine": machine(),
        "date": now(),
    }
