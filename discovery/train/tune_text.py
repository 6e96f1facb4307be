"""``discovery train text``: fine-tune the text encoder against the locked molecule space.

Three steps, which can run on different machines (the middle one wants a GPU and needs neither
RDKit nor the datasets):

1. :func:`export_bundle` (RDKit, the datasets, the model): every training pair of
   :func:`discovery.train.pairs.load_training_data` as (tokenised text, molecule id), the model's
   molecule vectors of every training and corpus structure, and the ChEBI-20 dev split. For a
   small, portable bundle the D-dim molecule vectors are stored as their coordinates on the top
   ``components`` principal axes (uncentred SVD, int8 rows), the vocabulary and embedding table
   are cut to the tokens that occur, and the base encoder's weights travel as float16.
2. :func:`train_bundle` (torch only): LoRA on the top BERT layers + a linear head
   (:class:`discovery.encoders.tuned_text.TunedTextTower`), loss = cross-entropy of each text
   against *every* training molecule at once (the molecule side is fixed, so the full softmax
   costs one matrix product; other molecules paired with the same text are masked out, dev
   structures are never negatives). The checkpoint with the best dev text->molecule MRR is kept.
3. :func:`install` (the model folder): folds the principal axes into the head (exact: the
   coordinates were a linear map of the molecule vectors) and writes
   ``text_tuning.safetensors`` + the ``text_tuning`` config entry, choosing the weight of the
   tuned tower in the model's text vector on the dev split.
"""

from __future__ import annotations

import json
import logging
import math
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

log = logging.getLogger(__name__)

BUNDLE_FILE = "bundle.npz"
BASE_FILE = "base.safetensors"
BERT_CONFIG_FILE = "bert_config.json"
TRAINED_FILE = "tuned.safetensors"


# ============================================================================ 1. export (CPU, RDKit)
def _quantise_rows(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.abs(x).max(axis=1, keepdims=True).clip(1e-8) / 127.0
    return np.round(x / scale).astype(np.int8), scale.astype(np.float32)


def _ragged(token_lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    offsets = np.concatenate([[0], np.cumsum([len(t) for t in token_lists])]).astype(np.int64)
    flat = np.fromiter((i for t in token_lists for i in t), dtype=np.int64, count=int(offsets[-1]))
    return flat, offsets


def build_bundle(out_dir: str | Path, pairs: list[tuple[str, list[str], list[str], float]],
                 dev: list[tuple[str, str]], corpus: list[str], model, components: int = 256,
                 max_tokens: int = 256, progress: bool = True) -> dict:
    """Write a training bundle to ``out_dir`` from in-memory data.

    Parameters
    ----------
    pairs:
        One ``(source name, smiles, texts, weight)`` per pair source (the lists row-aligned).
    dev:
        ``(smiles, description)`` held-out pairs; their structures are removed from ``pairs``.
    corpus:
        SMILES the dev descriptions are ranked against (must contain the dev structures).
    model:
        The :class:`~discovery.encoders.model.AlignmentModel` whose molecule space is locked.
    """
    from safetensors.torch import load_file, save_file

    from discovery.encoders.featurize import featurize

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    from discovery.errors import InputError

    dev_feats = featurize([s for s, _ in dev], processes=1)
    if not all(dev_feats.valid):
        bad = int(np.flatnonzero(~np.asarray(dev_feats.valid))[0])
        raise InputError(f"dev pair {bad}: SMILES {dev[bad][0]!r} is not a valid structure")
    banned = set(dev_feats.canonical)

    smiles = list(dict.fromkeys([s for _, sm, _, _ in pairs for s in sm] + list(corpus)))
    feats = featurize(smiles, progress=progress)
    # one bank entry per canonical structure
    bank_of: dict[str, int] = {}
    rep: list[int] = []
    mol_id = np.full(len(smiles), -1, dtype=np.int64)
    for i, (ok, canon) in enumerate(zip(feats.valid, feats.canonical)):
        if ok:
            if canon not in bank_of:
                bank_of[canon] = len(rep)
                rep.append(i)
            mol_id[i] = bank_of[canon]
    index = {s: i for i, s in enumerate(smiles)}
    corpus_ids = np.asarray([mol_id[index[s]] for s in corpus], dtype=np.int64)
    if (corpus_ids < 0).any():   # the ranking needs a vector for every candidate
        bad = int(np.flatnonzero(corpus_ids < 0)[0])
        raise InputError(f"corpus entry {bad}: SMILES {corpus[bad]!r} is not a valid structure")
    vectors = model._encode_featurized(_subset(feats, rep), progress=progress)
    trainable = np.ones(len(rep), dtype=bool)
    for canon in banned:
        if canon in bank_of:
            trainable[bank_of[canon]] = False

    # principal axes of the training structures (uncentred: they preserve inner products best)
    train_vecs = vectors[trainable].astype(np.float64)
    eigval, eigvec = np.linalg.eigh(train_vecs.T @ train_vecs)     # ascending
    order = np.argsort(eigval)[::-1][:components]
    axes = eigvec[:, order].T.astype(np.float32)                   # (components, D), orthonormal rows
    kept = float(eigval[order].sum() / eigval.sum())
    coords, scale = _quantise_rows(vectors @ axes.T)

    texts: list[str] = []
    text_id: dict[str, int] = {}
    pair_text, pair_mol, pair_source = [], [], []
    names, weights = [], []
    for k, (name, sm, tx, weight) in enumerate(pairs):
        names.append(name)
        weights.append(weight)
        for s, t in zip(sm, tx):
            m = mol_id[index[s]]
            if m < 0 or not trainable[m] or not t:
                continue
            if t not in text_id:
                text_id[t] = len(texts)
                texts.append(t)
            pair_text.append(text_id[t])
            pair_mol.append(m)
            pair_source.append(k)

    tokenizer = model.base_text.tokenizer
    dev_texts = [d for _, d in dev]
    tok = tokenizer(texts + dev_texts, truncation=True, max_length=max_tokens)["input_ids"]
    used = np.unique(np.fromiter((i for t in tok for i in t), dtype=np.int64))
    compact = np.zeros(int(used.max()) + 1, dtype=np.int64)
    compact[used] = np.arange(len(used))
    tok = [compact[np.asarray(t)].tolist() for t in tok]
    ids, offsets = _ragged(tok[:len(texts)])
    dev_ids, dev_offsets = _ragged(tok[len(texts):])

    dev_target = np.asarray([bank_of[c] for c in dev_feats.canonical], dtype=np.int64)
    old_dev = model.encode_text(dev_texts, progress=progress, tuned=False) @ axes.T
    np.savez_compressed(
        out_dir / BUNDLE_FILE, ids=ids.astype(np.uint16), offsets=offsets, dev_ids=dev_ids.astype(np.uint16),
        dev_offsets=dev_offsets, pair_text=np.asarray(pair_text, dtype=np.int32),
        pair_mol=np.asarray(pair_mol, dtype=np.int32), pair_source=np.asarray(pair_source, dtype=np.int16),
        source_names=np.asarray(names), source_weights=np.asarray(weights, dtype=np.float32),
        coords=coords, coord_scale=scale, trainable=trainable, dev_target=dev_target, corpus_ids=corpus_ids,
        old_dev=old_dev.astype(np.float16), axes=axes)

    base = load_file(str(model.base_text.path / "model.safetensors"))
    base = {k: v for k, v in base.items() if k.startswith(("embeddings.", "encoder.")) and v.is_floating_point()}
    base["embeddings.word_embeddings.weight"] = base["embeddings.word_embeddings.weight"][torch.from_numpy(used)]
    save_file({k: v.half().contiguous() for k, v in base.items()}, str(out_dir / BASE_FILE))
    bert_config = json.loads((model.base_text.path / "config.json").read_text())
    (out_dir / BERT_CONFIG_FILE).write_text(json.dumps(bert_config))
    info = {"pairs": len(pair_text), "texts": len(texts), "molecules": len(rep), "dev": len(dev),
            "components": components, "variance_kept": kept, "vocabulary": int(len(used)),
            "sources": {n: int(np.sum(np.asarray(pair_source) == k)) for k, n in enumerate(names)}}
    (out_dir / "bundle.json").write_text(json.dumps(info, indent=1))
    return info


def _subset(feats, rows: list[int]):
    from discovery.encoders.featurize import Featurized

    rows_arr = np.asarray(rows, dtype=np.int64)
    return Featurized([feats.graphs[i] for i in rows], feats.fps[rows_arr], feats.desc[rows_arr],
                      np.ones(len(rows), dtype=bool), [feats.canonical[i] for i in rows])


def export_bundle(datasets: str | Path, model_folder: str | Path | None, out_dir: str | Path,
                  components: int = 256, cache_dir: str | Path | None = None, progress: bool = True) -> dict:
    """:func:`build_bundle` for every pair source in ``datasets`` and the ChEBI-20 dev split."""
    from discovery.encoders.model import load_model

    from .align import dev_pairs, read_corpus
    from .pairs import load_training_data

    data = load_training_data(datasets, cache_dir=cache_dir)
    dev = [(s, d) for _, s, d in dev_pairs(Path(datasets))]
    _, corpus = read_corpus(Path(datasets))
    pairs = [(p.name, p.smiles, p.texts, p.weight) for p in data.pairs]
    return build_bundle(out_dir, pairs, dev, corpus, load_model(model_folder), components, progress=progress)


# ============================================================================ 2. training (torch only)
class Bundle:
    """A bundle folder loaded as tensors on ``device``."""

    def __init__(self, folder: str | Path, device: str):
        from safetensors.torch import load_file

        folder = Path(folder)
        z = np.load(folder / BUNDLE_FILE)
        self.ids, self.offsets = z["ids"].astype(np.int64), z["offsets"]
        self.dev_ids, self.dev_offsets = z["dev_ids"].astype(np.int64), z["dev_offsets"]
        self.pair_text, self.pair_mol, self.pair_source = z["pair_text"], z["pair_mol"], z["pair_source"]
        self.source_names = [str(s) for s in z["source_names"]]
        self.source_weights = z["source_weights"]
        bank = z["coords"].astype(np.float32) * z["coord_scale"]
        self.bank = torch.from_numpy(bank).to(device)
        self.trainable = torch.from_numpy(z["trainable"]).to(device)
        self.dev_target = z["dev_target"]
        self.corpus_ids = torch.from_numpy(z["corpus_ids"]).to(device)
        self.old_dev = torch.from_numpy(z["old_dev"].astype(np.float32)).to(device)
        self.base = load_file(str(folder / BASE_FILE))
        self.bert_config = json.loads((folder / BERT_CONFIG_FILE).read_text())
        # other molecules of the same text are not negatives: (text, molecule) pairs as one sorted key
        n_mol = len(bank)
        self._pair_keys = np.unique(self.pair_text.astype(np.int64) * n_mol + self.pair_mol)
        self.n_mol = n_mol
        self.device = device

    def tokens(self, which: str, rows: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        ids, off = (self.ids, self.offsets) if which == "train" else (self.dev_ids, self.dev_offsets)
        seqs = [ids[off[r]:off[r + 1]] for r in rows]
        width = max(len(s) for s in seqs)
        out = np.zeros((len(seqs), width), dtype=np.int64)
        keep = np.zeros((len(seqs), width), dtype=bool)
        for i, s in enumerate(seqs):
            out[i, :len(s)] = s
            keep[i, :len(s)] = True
        return torch.from_numpy(out).to(self.device), torch.from_numpy(keep).to(self.device)

    def other_positives(self, texts: np.ndarray, mols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, molecule) of every molecule paired with row's text other than the row's own target."""
        rows, cols = [], []
        for r, (t, m) in enumerate(zip(texts, mols)):
            lo = np.searchsorted(self._pair_keys, t * self.n_mol)
            hi = np.searchsorted(self._pair_keys, (t + 1) * self.n_mol)
            others = self._pair_keys[lo:hi] - t * self.n_mol
            others = others[others != m]
            rows.extend([r] * len(others))
            cols.extend(others.tolist())
        return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)


def train_bundle(bundle_dir: str | Path, out_dir: str | Path, layers: int = 3, rank: int = 16, alpha: float = 32.0,
                 steps: int = 3000, batch_size: int = 256, lr: float = 5e-4, seed: int = 0, eval_every: int = 250,
                 device: str | None = None, time_budget_s: float | None = None, progress: bool = True) -> dict:
    """Train the tuned text tower on a bundle; writes ``tuned.safetensors`` + ``history.json`` to ``out_dir``."""
    from safetensors.torch import save_file

    from discovery.encoders.tuned_text import FrozenLower, TunedTextTower

    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    b = Bundle(bundle_dir, device)
    lower = FrozenLower(b.base, b.bert_config, layers).to(device).eval()
    tower = TunedTextTower(b.base, b.bert_config, layers, rank, alpha, out_dim=b.bank.shape[1]).to(device)
    log_scale = torch.nn.Parameter(torch.tensor(math.log(20.0), device=device))
    params = [p for p in tower.parameters() if p.requires_grad] + [log_scale]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    warmup = min(200, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, warmup)) * 0.5 * (1 + math.cos(math.pi * min(s, steps) / steps)))
    # sources drawn in proportion to weight * sqrt(size), as in the alignment trainer
    sizes = np.bincount(b.pair_source, minlength=len(b.source_names))
    src_p = b.source_weights * np.sqrt(sizes) / np.maximum(sizes, 1)
    pair_p = src_p[b.pair_source]
    pair_p = pair_p / pair_p.sum()
    negatives_mask = ~b.trainable
    autocast = torch.autocast(device_type="cuda", dtype=torch.bfloat16) if device.startswith("cuda") else _null()

    def encode(which: str, rows: np.ndarray) -> torch.Tensor:
        ids, keep = b.tokens(which, rows)
        with autocast:
            return tower(lower(ids, keep), keep).float()

    @torch.no_grad()
    def evaluate() -> dict:
        tower.eval()
        vec = torch.cat([encode("dev", np.arange(s, min(s + 256, len(b.dev_target))))
                         for s in range(0, len(b.dev_target), 256)])
        tower.train()
        cands = b.bank[b.corpus_ids]
        pos = {int(m): i for i, m in enumerate(b.corpus_ids.tolist())}
        truth = torch.as_tensor([pos[int(m)] for m in b.dev_target], device=device)
        res = {}
        # "~": the model's own text vectors and their fusion with the tower are scored here in the
        # bundle's principal-axes coordinates (an approximation); install re-scores both exactly
        old = b.old_dev @ cands.T
        new = vec @ cands.T
        for name, sims in (("tuned", new), ("old~", old), ("fused~1", old + new), ("fused~0.5", old + 0.5 * new)):
            true = sims.gather(1, truth[:, None])
            r = (1 + (sims > true).sum(1)).float()
            res[name] = {"mrr": float((1 / r).mean()), "hits@1": float((r <= 1).float().mean()),
                         "hits@10": float((r <= 10).float().mean()), "mean_rank": float(r.mean())}
        return res

    history: list[dict] = []
    best, best_state = -1.0, None
    t0 = time.time()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tower.train()
    steps_iter = range(1, steps + 1)
    if progress:
        from tqdm import tqdm

        steps_iter = tqdm(steps_iter, desc="text tower", unit="step", mininterval=5)
    for step in steps_iter:
        rows = rng.choice(len(pair_p), size=batch_size, p=pair_p)
        texts, mols = b.pair_text[rows].astype(np.int64), b.pair_mol[rows].astype(np.int64)
        vec = encode("train", texts)
        logits = log_scale.exp().clamp(max=100.0) * vec @ b.bank.T
        logits = logits.masked_fill(negatives_mask[None, :], float("-inf"))
        r_idx, c_idx = b.other_positives(texts, mols)
        if len(r_idx):
            logits[torch.from_numpy(r_idx).to(device), torch.from_numpy(c_idx).to(device)] = float("-inf")
        loss = F.cross_entropy(logits, torch.from_numpy(mols).to(device))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        if step % eval_every == 0 or step == steps:
            ev = evaluate()
            ev.update(step=step, loss=loss.item(), scale=log_scale.exp().item(), seconds=round(time.time() - t0, 1))
            history.append(ev)
            msg = (f"step {step} loss {ev['loss']:.3f} tuned MRR {ev['tuned']['mrr']:.3f} H@10 {ev['tuned']['hits@10']:.3f}"
                   f" | fused~1 {ev['fused~1']['mrr']:.3f} | old~ {ev['old~']['mrr']:.3f} ({ev['seconds']}s)")
            (steps_iter.write if progress else log.info)(msg)
            if ev["tuned"]["mrr"] > best:
                best = ev["tuned"]["mrr"]
                best_state = {k: v.detach().float().cpu().clone() for k, v in tower.state_dict().items()}
                best_state["log_scale"] = log_scale.detach().float().cpu().reshape(1)
            if time_budget_s and time.time() - t0 > time_budget_s:
                log.warning("time budget reached at step %d", step)
                break
    config = {"layers": layers, "rank": rank, "alpha": alpha, "steps": steps, "batch_size": batch_size, "lr": lr,
              "seed": seed, "device": torch.cuda.get_device_name() if device.startswith("cuda") else device,
              "best_step": max(history, key=lambda e: e["tuned"]["mrr"])["step"], "seconds": round(time.time() - t0, 1)}
    save_file(best_state, str(out_dir / TRAINED_FILE), metadata={"config": json.dumps(config)})
    (out_dir / "history.json").write_text(json.dumps({"config": config, "history": history}, indent=1))
    return {"config": config, "history": history}


# ============================================================================ 3. install into the model folder
TUNING_CARD = """
## Fine-tuned text tower (`text_tuning.safetensors`)

LoRA (rank {rank}, alpha {alpha:g}) on the top {layers} layers of `{text_encoder}` + a linear head onto
this model's D-dim space, trained against the *locked* molecule encoder (`discovery train text`,
`discovery.train.tune_text`): each training text is scored against all {molecules:,} training
structures at once. {steps} steps, batch {batch}, lr {lr:g}, on {device} in {seconds:.0f} s; checkpoint of
step {best_step} (best dev MRR of the tower alone, {tower_mrr:.3f}). A text's vector is
normalise(own + {weight:g} x tower); the weight was chosen on the dev split among {weights}.

| text -> molecule (dev, {candidates:,} candidates) | MRR | Hits@1 | Hits@10 | mean rank |
|---|---|---|---|---|
{rows}

Reproduce: `{command}`.
"""


WEIGHTS = (0.5, 1.0, 1.5, 2.0)


def install(trained_dir: str | Path, bundle_dir: str | Path, model_folder: str | Path | None, output: str | Path,
            datasets: str | Path, weights: tuple[float, ...] = WEIGHTS, command: str = "",
            progress: bool = True) -> dict:
    """:func:`install_tower` with the ChEBI-20 dev split of ``datasets``."""
    from discovery.encoders.model import load_model

    from .align import dev_pairs, read_corpus

    root = Path(datasets)
    dev = dev_pairs(root)
    cids, corpus = read_corpus(root)
    pos = {c: i for i, c in enumerate(cids)}
    return install_tower(trained_dir, bundle_dir, load_model(model_folder), output, [r[2] for r in dev], corpus,
                         np.asarray([pos[r[0]] for r in dev]), weights, command, progress)


def install_tower(trained_dir: str | Path, bundle_dir: str | Path, model, output: str | Path, dev_texts: list[str],
                  corpus: list[str], truth: np.ndarray, weights: tuple[float, ...] = WEIGHTS, command: str = "",
                  progress: bool = True) -> dict:
    """Fold the principal axes into the tower's head, pick its weight on the dev pairs, save the model.

    ``dev_texts[i]`` describes ``corpus[truth[i]]``. The model's card (if its folder has one)
    gets a section on the tower. Returns the dev metrics of every candidate weight and the chosen one.
    """
    import warnings

    from safetensors import safe_open

    from .metrics import ranks, summarise

    with safe_open(str(Path(trained_dir) / TRAINED_FILE), "pt") as f:
        meta = json.loads(f.metadata()["config"])
        state = {k: f.get_tensor(k) for k in f.keys() if k != "log_scale"}
    with np.load(Path(bundle_dir) / BUNDLE_FILE) as z:
        axes = torch.from_numpy(z["axes"]).float()                     # (components, D)
        molecules = int(z["trainable"].sum())
    state["head.weight"] = axes.T @ state["head.weight"].float()       # (D, H)
    state["head.bias"] = axes.T @ state["head.bias"].float()
    model.set_tuning(state, meta["layers"], meta["rank"], meta["alpha"], weight=1.0)
    texts = list(dev_texts)
    # one encoder pass gives both branches: the own branch reads the pooled last states
    base, tower = model.base_text.encode(texts, progress=progress, tower=model.text_tower)
    with torch.inference_mode():
        own = model.eval().text_from_base(torch.from_numpy(base), texts).numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mols = model.encode_molecules(corpus, progress=progress)
    results = {0.0: summarise(ranks(own, mols, truth)), "tower": summarise(ranks(tower, mols, truth))}
    for w in weights:
        fused = own + w * tower
        fused /= np.linalg.norm(fused, axis=1, keepdims=True)
        results[w] = summarise(ranks(fused, mols, truth))
    chosen = max(weights, key=lambda w: results[w]["mrr"])
    model.set_tuning(state, meta["layers"], meta["rank"], meta["alpha"], weight=chosen)
    output = Path(output)
    source = getattr(model, "folder", None)
    old_card = Path(source) / "card.md" if source else output / "card.md"
    card = old_card.read_text() if old_card.exists() else ""
    card = card.split("\n## Fine-tuned text tower")[0].rstrip() + "\n"
    rows = "\n".join(f"| {name} | {r['mrr']:.3f} | {r['hits@1']:.1%} | {r['hits@10']:.1%} | {r['mean_rank']:.0f} |"
                     for name, r in [("own text branch (no tower)", results[0.0]), ("tower alone", results["tower"])]
                     + [(f"own + {w:g} x tower" + (" (chosen)" if w == chosen else ""), results[w]) for w in weights])
    card += TUNING_CARD.format(rank=meta["rank"], alpha=meta["alpha"], layers=meta["layers"],
                               text_encoder=model.config["text_encoder"], molecules=molecules, steps=meta["steps"],
                               batch=meta["batch_size"], lr=meta["lr"], device=meta["device"], seconds=meta["seconds"],
                               best_step=meta["best_step"], tower_mrr=results["tower"]["mrr"], weight=chosen,
                               weights=", ".join(f"{w:g}" for w in weights), rows=rows, candidates=len(corpus),
                               command=command or "discovery train text")
    model.save(output, card=card)
    return {"results": {str(k): v for k, v in results.items()}, "weight": chosen, "output": str(output),
            "fingerprint": model.fingerprint}


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def main(argv: list[str] | None = None) -> None:
    """``python -m discovery.train.tune_text BUNDLE OUT [--layers 3 ...]``: step 2 alone (for a GPU machine)."""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("bundle")
    ap.add_argument("out")
    for name, typ, default in (("layers", int, 3), ("rank", int, 16), ("alpha", float, 32.0), ("steps", int, 3000),
                               ("batch-size", int, 256), ("lr", float, 5e-4), ("seed", int, 0),
                               ("eval-every", int, 250), ("time-budget", float, None)):
        ap.add_argument(f"--{name}", type=typ, default=default)
    a = ap.parse_args(argv)
    train_bundle(a.bundle, a.out, a.layers, a.rank, a.alpha, a.steps, a.batch_size, a.lr, a.seed, a.eval_every,
                 time_budget_s=a.time_budget)


if __name__ == "__main__":
    main()
