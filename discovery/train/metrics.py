"""Retrieval metrics (Text2Mol style): rank of the true candidate among all candidates."""

from __future__ import annotations

import numpy as np


def ranks(queries: np.ndarray, candidates: np.ndarray, truth: np.ndarray, chunk: int = 512) -> np.ndarray:
    """1-based rank of ``candidates[truth[i]]`` for query i by inner product (ties count against)."""
    out = np.empty(len(queries), dtype=np.int64)
    for s in range(0, len(queries), chunk):
        sims = queries[s:s + chunk] @ candidates.T
        true = sims[np.arange(len(sims)), truth[s:s + chunk]]
        out[s:s + chunk] = 1 + (sims > true[:, None]).sum(1)
    return out


def summarise(r: np.ndarray) -> dict:
    """MRR, Hits@1, Hits@10 (fractions) and mean rank of an array of 1-based ranks."""
    r = np.asarray(r, dtype=np.float64)
    return {"mrr": float(np.mean(1.0 / r)), "hits@1": float(np.mean(r <= 1)), "hits@10": float(np.mean(r <= 10)),
            "mean_rank": float(np.mean(r)), "n": int(len(r))}
