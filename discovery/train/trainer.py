"""Alignment training: symmetric InfoNCE (learnable temperature) over every pair source.

Frozen base text features are computed once and cached (``cache_dir``); molecules are
featurised once; each step draws a batch from one source (drawn in proportion to
weight * sqrt(size)), so in-batch negatives come from the same kind of text. Identical texts or
identical structures inside a batch are not treated as negatives of each other.
"""

from __future__ import annotations

import copy
import json
import logging
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F

from discovery.encoders.featurize import collate, featurize
from discovery.encoders.model import AlignmentModel
from discovery.encoders.table import row_text, value_features
from discovery.encoders.text import BaseTextEncoder, Lexicon, cached_base_features

from .metrics import ranks, summarise
from .pairs import PairSet, RowSet, TrainingData

log = logging.getLogger(__name__)


@dataclass
class TrainConfig:
    steps: int = 3000
    batch_size: int = 128
    lr: float = 1e-3
    weight_decay: float = 0.01
    eval_every: int = 500
    row_every: int = 4          # one experiment-row step every N steps (when rows exist)
    seed: int = 0
    lexical: bool = True
    lexical_size: int = 20000
    hard_fraction: float = 0.5  # share of pair steps whose batch is built from structural neighbourhoods
    hard_anchors: int = 4
    model: dict = field(default_factory=dict)   # overrides of encoders.model.DEFAULT_CONFIG


def info_nce(a: torch.Tensor, b: torch.Tensor, scale: torch.Tensor, ga=None, gb=None) -> torch.Tensor:
    """Symmetric InfoNCE between row-aligned normalised ``a`` and ``b``.

    ``ga``/``gb`` (int arrays): group ids; an off-diagonal pair with the same group id on either
    side (same text, same structure) is masked out instead of being pushed apart.
    """
    logits = scale * a @ b.T
    n = len(a)
    if ga is not None or gb is not None:
        mask = torch.zeros(n, n, dtype=torch.bool)
        for g in (ga, gb):
            if g is not None:
                g = torch.as_tensor(np.asarray(g))
                mask |= g[:, None] == g[None, :]
        mask &= ~torch.eye(n, dtype=torch.bool)
        logits = logits.masked_fill(mask, float("-inf"))
    target = torch.arange(n)
    return 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target))


def cached_featurize(smiles: list[str], cache_dir, progress: bool = True):
    """:func:`featurize` with an .npz cache (graphs stored concatenated + offsets) in ``cache_dir``."""
    import hashlib

    from discovery.encoders.featurize import Featurized, MolGraph

    path = None
    if cache_dir is not None:
        key = hashlib.sha1("\n".join(smiles).encode()).hexdigest()[:16]
        path = Path(cache_dir) / f"graphs_{key}.npz"
        if path.exists():
            z = np.load(path, allow_pickle=False)
            valid = z["valid"]
            graphs, k = [], 0
            no, eo = z["node_off"], z["edge_off"]
            x, ei, ea = z["x"].astype(np.int64), z["ei"].astype(np.int64), z["ea"].astype(np.int64)
            for i in range(len(valid)):
                if not valid[i]:
                    graphs.append(None)
                    continue
                graphs.append(MolGraph(x[no[k]:no[k + 1]], ei[:, eo[k]:eo[k + 1]], ea[eo[k]:eo[k + 1]]))
                k += 1
            canon = [c or None for c in z["canonical"].tolist()]
            return Featurized(graphs, z["fps"], z["desc"], valid, canon)
    f = featurize(smiles, progress=progress)
    if path is not None:
        gs = [g for g in f.graphs if g is not None]
        node_off = np.concatenate([[0], np.cumsum([len(g.x) for g in gs])])
        edge_off = np.concatenate([[0], np.cumsum([g.edge_index.shape[1] for g in gs])])
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, valid=f.valid, fps=f.fps, desc=f.desc, node_off=node_off, edge_off=edge_off,
                 x=np.concatenate([g.x for g in gs]).astype(np.int16),
                 ei=np.concatenate([g.edge_index for g in gs], axis=1).astype(np.int32),
                 ea=np.concatenate([g.edge_attr for g in gs]).astype(np.int8),
                 canonical=np.asarray([c or "" for c in f.canonical]))
    return f


class Prepared:
    """Everything featurised once: molecules by unique SMILES, base text features by unique text."""

    def __init__(self, smiles: list[str], texts: list[str], base: BaseTextEncoder, cache_dir, progress=True):
        self.smiles = list(dict.fromkeys(smiles))
        self.mol_index = {s: i for i, s in enumerate(self.smiles)}
        self.feats = cached_featurize(self.smiles, cache_dir, progress) if self.smiles else None
        self.texts = list(dict.fromkeys(texts))
        self.text_index = {t: i for i, t in enumerate(self.texts)}
        self.text_base = cached_base_features(base, self.texts, cache_dir, progress=progress)
        self.base = base

    def mol_batch(self, smiles: list[str]):
        idx = np.asarray([self.mol_index[s] for s in smiles])
        graph = collate([self.feats.graphs[i] for i in idx])
        return torch.from_numpy(self.feats.fps[idx]), torch.from_numpy(self.feats.desc[idx]), graph, idx

    def text_batch(self, texts: list[str]):
        idx = np.asarray([self.text_index[t] for t in texts])
        return torch.from_numpy(self.text_base[idx]), idx


class Neighbourhoods:
    """Cheap structural neighbourhoods for hard-negative batches.

    Molecules of a source are projected (log1p Morgan counts @ a fixed random 64-d matrix,
    normalised); a hard batch takes a few random anchors and their nearest neighbours, so a
    description must be told apart from those of similar structures (stereoisomers, conjugate
    acids/bases, homologues), which is what ranking 30k ChEBI structures demands.
    """

    def __init__(self, fps: np.ndarray, seed: int = 0):
        r = np.random.default_rng(seed).standard_normal((fps.shape[1], 64)).astype(np.float32)
        proj = np.log1p(fps.astype(np.float32)) @ r
        self.proj = proj / (np.linalg.norm(proj, axis=1, keepdims=True) + 1e-6)

    def batch(self, rng: np.random.Generator, size: int, anchors: int) -> np.ndarray:
        n = len(self.proj)
        per = max(2, size // anchors)
        chosen: list[int] = []
        for a in rng.choice(n, size=anchors, replace=False):
            sims = self.proj @ self.proj[a]
            chosen.extend(np.argpartition(-sims, per)[:per].tolist())
        chosen = list(dict.fromkeys(chosen))[:size]
        if len(chosen) < size:
            rest = np.setdiff1d(rng.choice(n, size=min(n, 2 * size), replace=False), chosen)
            chosen.extend(rest[: size - len(chosen)].tolist())
        return np.asarray(chosen)


def _clean_pairs(ps: PairSet, prep: Prepared, banned: set) -> PairSet:
    keep = [i for i, s in enumerate(ps.smiles)
            if prep.feats.valid[prep.mol_index[s]] and prep.feats.canonical[prep.mol_index[s]] not in banned]
    return PairSet(ps.name, [ps.smiles[i] for i in keep], [ps.texts[i] for i in keep], ps.weight)


def _clean_rows(rs: RowSet, prep: Prepared, banned: set) -> RowSet:
    keep = [i for i, r in enumerate(rs.rows)
            if prep.feats.valid[prep.mol_index[r["smiles"]]] and prep.feats.canonical[prep.mol_index[r["smiles"]]] not in banned]
    return RowSet(rs.name, [rs.rows[i] for i in keep], [rs.texts[i] for i in keep], rs.weight)


def prepare(data: TrainingData, base: BaseTextEncoder, cache_dir=None, extra_smiles=(), extra_texts=(),
            progress: bool = True) -> Prepared:
    """Featurise every molecule and base-encode every text of ``data`` (+ the evaluation extras) once."""
    all_smiles = [s for p in data.pairs for s in p.smiles] + [r["smiles"] for rs in data.rows for r in rs.rows] + list(extra_smiles)
    all_texts = ([t for p in data.pairs for t in p.texts] + [t for rs in data.rows for t in rs.texts]
                 + [row_text(r) for rs in data.rows for r in rs.rows] + list(extra_texts))
    t0 = time.time()
    prep = Prepared(all_smiles, all_texts, base, cache_dir, progress=progress)
    log.info("prepared %d molecules, %d texts in %.0fs", len(prep.smiles), len(prep.texts), time.time() - t0)
    return prep


def train_alignment(data: TrainingData, cfg: TrainConfig, cache_dir=None, text_encoder: str | None = None,
                    evaluate: Callable[[AlignmentModel, "Prepared"], dict] | None = None,
                    extra_smiles: list[str] = (), extra_texts: list[str] = (), banned_structures: set = frozenset(),
                    checkpoint: Callable[[AlignmentModel, dict], None] | None = None,
                    progress: bool = True, prep: Prepared | None = None) -> tuple[AlignmentModel, dict]:
    """Train an :class:`AlignmentModel` on ``data``; returns (best model, history).

    ``evaluate(model, prepared) -> {"score": float, ...}`` selects the best checkpoint (dev MRR);
    without it the last state is kept. ``banned_structures`` (canonical SMILES) are dropped from
    every source (the dev split's molecules). ``extra_smiles``/``extra_texts`` are featurised with
    the rest (evaluation corpus). ``prep``: the output of :func:`prepare`, shared between the
    members of an ensemble (then ``text_encoder``, ``extra_*`` and ``cache_dir`` are not used).
    """
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    if prep is None:
        prep = prepare(data, BaseTextEncoder(text_encoder), cache_dir, extra_smiles, extra_texts, progress)
    base = prep.base
    pairs = [q for q in (_clean_pairs(p, prep, banned_structures) for p in data.pairs) if len(q.smiles) >= 8]
    rows = [q for q in (_clean_rows(r, prep, banned_structures) for r in data.rows) if len(q.rows) >= 8]

    model_cfg = {"text_encoder": base.name, "text_base_dim": base.dim, **cfg.model}
    if cfg.lexical:
        model_cfg["lexical"] = Lexicon.fit([t for p in pairs for t in p.texts] + [t for r in rows for t in r.texts],
                                           max_size=cfg.lexical_size).to_dict()
    model = AlignmentModel(model_cfg, text_encoder=text_encoder)
    model._base = base
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg.lr, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 100) * 0.5 * (1 + math.cos(math.pi * min(s, cfg.steps) / cfg.steps)))
    neigh = {p.name: Neighbourhoods(prep.feats.fps[[prep.mol_index[s] for s in p.smiles]], cfg.seed)
             for p in pairs if cfg.hard_fraction > 0 and len(p.smiles) >= 4 * cfg.batch_size}
    probs = np.asarray([p.weight * math.sqrt(len(p.smiles)) for p in pairs])
    probs = probs / probs.sum()
    rprobs = np.asarray([r.weight * math.sqrt(len(r.rows)) for r in rows]) if rows else None
    history = {"steps": [], "evals": [], "sources": {p.name: len(p.smiles) for p in pairs} | {r.name: len(r.rows) for r in rows}}
    best, best_score, running = None, -1.0, []
    steps = range(cfg.steps)
    if progress:
        from tqdm import tqdm

        steps = tqdm(steps, desc="train", unit="step", mininterval=10)
    for step in steps:
        model.train()
        scale = model.logit_scale.clamp(max=math.log(100.0)).exp()
        if rows and step % cfg.row_every == cfg.row_every - 1:
            rs = rows[rng.choice(len(rows), p=rprobs / rprobs.sum())]
            b = rng.choice(len(rs.rows), size=min(cfg.batch_size, len(rs.rows)), replace=False)
            batch_rows = [rs.rows[i] for i in b]
            fps, desc, graph, midx = prep.mol_batch([r["smiles"] for r in batch_rows])
            mol = model.molecules_from_features(fps, desc, graph)
            ptexts = [row_text(r) for r in batch_rows]
            pbase, _ = prep.text_batch(ptexts)
            pvec = model.text_from_base(pbase, ptexts)
            rvec = model.rows_from_parts(pvec, mol, torch.from_numpy(value_features(batch_rows)))
            mtexts = [rs.texts[i] for i in b]
            mbase, tidx = prep.text_batch(mtexts)
            tvec = model.text_from_base(mbase, mtexts)
            loss = info_nce(rvec, mol, scale, gb=midx) + info_nce(rvec, tvec, scale, gb=tidx)
            name = rs.name
        else:
            ps = pairs[rng.choice(len(pairs), p=probs)]
            if ps.name in neigh and rng.random() < cfg.hard_fraction:
                b = neigh[ps.name].batch(rng, cfg.batch_size, cfg.hard_anchors)
            else:
                b = rng.choice(len(ps.smiles), size=min(cfg.batch_size, len(ps.smiles)), replace=False)
            fps, desc, graph, midx = prep.mol_batch([ps.smiles[i] for i in b])
            texts = [ps.texts[i] for i in b]
            tbase, tidx = prep.text_batch(texts)
            loss = info_nce(model.text_from_base(tbase, texts), model.molecules_from_features(fps, desc, graph), scale,
                            ga=tidx, gb=midx)
            name = ps.name
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        sched.step()
        running.append(loss.item())
        history["steps"].append({"step": step, "source": name, "loss": running[-1]})
        if (step + 1) % 50 == 0:
            log.info("step %d loss %.3f (last 50) scale %.1f", step + 1, np.mean(running[-50:]), scale.item())
        if evaluate is not None and ((step + 1) % cfg.eval_every == 0 or step + 1 == cfg.steps):
            model.eval()
            ev = evaluate(model, prep)
            ev["step"] = step + 1
            history["evals"].append(ev)
            log.info("eval step %d: %s", step + 1, json.dumps(ev))
            if ev["score"] > best_score:
                best_score, best = ev["score"], copy.deepcopy(model.state_dict())
                if checkpoint is not None:
                    checkpoint(model, ev)
    if best is not None:
        model.load_state_dict(best)
    model.eval()
    return model, history


def dev_evaluator(dev: list[tuple[str, str, str]], corpus_smiles: list[str]):
    """Text->molecule MRR of dev descriptions against the whole corpus (the model-selection score)."""
    cid_smiles = [r[1] for r in dev]
    pos = {s: i for i, s in enumerate(corpus_smiles)}
    truth = np.asarray([pos[s] for s in cid_smiles])

    def evaluate(model: AlignmentModel, prep: Prepared) -> dict:
        with torch.inference_mode():
            texts = [r[2] for r in dev]
            tb, _ = prep.text_batch(texts)
            tq = model.text_from_base(tb, texts).numpy()
            cand = np.zeros((len(corpus_smiles), model.dim), dtype=np.float32)
            for s in range(0, len(corpus_smiles), 512):
                fps, desc, graph, _ = prep.mol_batch(corpus_smiles[s:s + 512])
                cand[s:s + 512] = model.molecules_from_features(fps, desc, graph).numpy()
        t2m = summarise(ranks(tq, cand, truth))
        m2t = summarise(ranks(cand[truth], tq, np.arange(len(truth))))
        return {"score": t2m["mrr"], "text_to_molecule": t2m, "molecule_to_text": m2t}

    return evaluate
