"""``discovery train align``: train the shared-space model from the shared datasets and write its folder."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import platform
from pathlib import Path

import torch

from discovery.errors import InputError

from .pairs import load_training_data
from .splits import chebi20_dev_cids, read_chebi20
from .trainer import TrainConfig, dev_evaluator, prepare, train_alignment

log = logging.getLogger(__name__)

BASELINE_MODEL = {"use_gnn": False}


def read_corpus(datasets: Path) -> tuple[list[str], list[str]]:
    """(CIDs, SMILES) of the 29,710 ChEBI-20 train+val structures (the retrieval corpus)."""
    from .pairs import _read_tsv

    rows = [r for r in _read_tsv(datasets / "chebi20" / "molecules_trainval.tsv") if len(r) >= 2]
    return [r[0] for r in rows], [r[1] for r in rows]


def dev_pairs(datasets: Path) -> list[tuple[str, str, str]]:
    """Dev split rows (CID, corpus SMILES, description), sorted by CID."""
    dev = chebi20_dev_cids(datasets / "chebi20" / "val.tsv")
    cids, smiles = read_corpus(datasets)
    by_cid = dict(zip(cids, smiles))
    return sorted((r[0], by_cid.get(r[0], r[1]), r[2]) for r in read_chebi20(datasets / "chebi20" / "val.tsv")
                  if r[0] in dev)


CARD = """# Alignment model `{name}`

Shared embedding space (D = {dim}) for molecules, text and experiment rows (issue 3).
{ensemble}
- Text: frozen `{text_encoder}` (mean pooling, not stored here){lexical} -> MLP projection.
- Molecule: {mol}.
- Experiment row: property/assay/unit text (text branch) + value features (z, quantile, sign, log|value|)
  + the molecule's embedding -> MLP.
- Loss: symmetric InfoNCE, learnable temperature (final scale {scale:.1f}); identical texts/structures in a
  batch are masked, not treated as negatives. Half of the pair batches of the large sources are hard
  batches (random anchors + their structural neighbours by a Morgan-count projection).
- Text sources: real ChEBI-20 val descriptions (minus dev), PubChem324k captions, PubChem IUPAC names
  ("IUPAC name: ..."), L+M-24 keyword sets as template sentences (at most 2 molecules per identical
  keyword set, which removes the ~68k cardiolipin-like lipid skew), structure-derived ChEBI-style
  pseudo-captions of the ChEBI-20 train+val structures (`discovery.train.pseudo`, SMARTS classes only,
  never a description), MoleculeNet rows (molecule <-> "aqueous solubility (log mol/L): poorly water
  soluble"; experiment row <-> molecule and <-> that sentence).

## Training data (DISCOVERY_DATASETS, dev split removed by CID and by canonical structure)
{sources}

Dev split: 1,000 ChEBI-20 val pairs, first in sha1(CID) order (`discovery.train.splits.chebi20_dev_cids`);
never trained on; used only to pick the checkpoint (best dev text->molecule MRR).

## Command
```
{command}
```
{steps} steps, batch {batch}, AdamW lr {lr}, cosine schedule, seed {seed}. Trained {date} on {machine}
in {minutes:.0f} min.

## Dev-split retrieval (selected checkpoint, step {best_step}; ranked against all 29,710 ChEBI-20 train+val structures)
| direction | MRR | Hits@1 | Hits@10 | mean rank |
|---|---|---|---|---|
| text -> molecule (29,710 candidates) | {t2m[mrr]:.3f} | {t2m[hits@1]:.1%} | {t2m[hits@10]:.1%} | {t2m[mean_rank]:.0f} |
| molecule -> text (1,000 dev descriptions) | {m2t[mrr]:.3f} | {m2t[hits@1]:.1%} | {m2t[hits@10]:.1%} | {m2t[mean_rank]:.0f} |

Reproduce the numbers with `discovery bench retrieval --model {folder}`.
Caveat: these numbers selected the checkpoint; the held-out ChEBI-20 test split is the unbiased check.
"""


def run_align(datasets: str | Path | None, output: str | Path, steps: int = 3000, baseline: bool = False,
              batch_size: int = 128, seed: int = 0, eval_every: int = 500, cache_dir: str | Path | None = None,
              text_encoder: str | None = None, threads: int = 2, command: str = "", lexical_size: int = 20000,
              members: int = 1, member_dim: int | None = None, progress: bool = True) -> dict:
    """Train on every pair source, select on the dev split, save to ``output`` with card.md; returns the history.

    ``members`` > 1 trains that many models with seeds ``seed, seed+1, ...`` (each selected on the
    dev split on its own) and saves their ensemble (:meth:`AlignmentModel.ensemble`) as one folder;
    ``member_dim`` is each model's dimension (default ``DEFAULT_CONFIG["dim"]``).
    """
    from dataclasses import replace

    from discovery.encoders.model import AlignmentModel
    from discovery.encoders.text import BaseTextEncoder

    import time

    torch.set_num_threads(threads)
    datasets = Path(datasets or os.environ.get("DISCOVERY_DATASETS") or "")
    if not (datasets / "chebi20" / "val.tsv").exists():
        raise InputError(f"no ChEBI-20 data under '{datasets}': set DISCOVERY_DATASETS or pass --datasets")
    cache_dir = Path(cache_dir or os.environ.get("DISCOVERY_CACHE") or "/tmp/discovery-cache")
    t0 = time.time()
    data = load_training_data(datasets, cache_dir=cache_dir)
    dev = dev_pairs(datasets)
    _, corpus = read_corpus(datasets)
    from discovery.encoders.featurize import featurize

    banned = {c for c in featurize([r[1] for r in dev], processes=1).canonical if c}
    cfg = TrainConfig(steps=steps, batch_size=batch_size, seed=seed, eval_every=eval_every,
                      lexical=not baseline, lexical_size=lexical_size,
                      model=(dict(BASELINE_MODEL) if baseline else {}) | ({"dim": member_dim} if member_dim else {}))
    output = Path(output)

    member_lines: list[str] = []

    def card_for(model, ev, minutes):
        sources = "\n".join(f"- {k}: {v:,} pairs/rows" for k, v in history_sources.items())
        mol = ("Morgan count fingerprint (r=2, 2048) MLP + 16 size/composition descriptors (no graph branch)"
               if baseline else f"GINE ({model.config['gnn_layers']} layers, {model.config['gnn_hidden']} hidden, "
               "mean+sum pool) over RDKit atom/bond features, fused with a Morgan count fingerprint (r=2, 2048) MLP "
               "and 16 size/composition descriptors")
        scale = model.temperature
        ensemble = ""
        if member_lines:
            ensemble = (f"\nAn ensemble of {len(member_lines)} models trained the same way with seeds {seed}..{seed + len(member_lines) - 1}: "
                        f"each member makes a {model.dim // len(member_lines)}-d unit vector and the model's vector is their "
                        "concatenation / sqrt(M), so a cosine is the mean of the members' cosines. The description "
                        "below is one member.\n" + "\n".join(member_lines) + "\n")
        return CARD.format(
            name=output.name, dim=model.dim, ensemble=ensemble, text_encoder=model.config["text_encoder"],
            lexical=(f" + TF-IDF word uni/bigram bag ({len(model.lexicon):,} terms) -> embedding bag"
                     if model.lexicon is not None else ""),
            mol=mol, scale=scale, sources=sources, command=command or "discovery train align",
            steps=steps, batch=batch_size, lr=cfg.lr, seed=seed, date=dt.date.today().isoformat(),
            machine=f"{platform.machine()} CPU, {threads} threads (2-core shared, no GPU)", minutes=minutes,
            best_step=ev.get("step"), t2m=ev["text_to_molecule"], m2t=ev["molecule_to_text"], folder=output)

    history_sources: dict = {p.name: len(p.smiles) for p in data.pairs} | {r.name: len(r.rows) for r in data.rows}

    def checkpoint(model, ev):
        model.save(output, card=card_for(model, ev, (time.time() - t0) / 60))
        log.info("checkpoint saved to %s (dev MRR %.3f)", output, ev["score"])

    evaluate = dev_evaluator(dev, corpus)
    prep = prepare(data, BaseTextEncoder(text_encoder), cache_dir, corpus, [r[2] for r in dev], progress)
    if members <= 1:
        model, history = train_alignment(data, cfg, evaluate=evaluate, banned_structures=banned,
                                         checkpoint=checkpoint, progress=progress, prep=prep)
        best = max(history["evals"], key=lambda e: e["score"])
    else:
        singles, history = [], {"members": []}
        for i in range(members):
            member, h = train_alignment(data, replace(cfg, seed=seed + i), evaluate=evaluate,
                                        banned_structures=banned, progress=progress, prep=prep)
            b = max(h["evals"], key=lambda e: e["score"])
            log.info("member %d (seed %d): dev MRR %.3f at step %d", i, seed + i, b["score"], b["step"])
            member_lines.append(f"- member {i} (seed {seed + i}): dev text->molecule MRR {b['score']:.3f} "
                                f"(step {b['step']})")
            singles.append(member)
            history["members"].append(h)
            history.update(sources=h["sources"], evals=h["evals"])
        model = AlignmentModel.ensemble(singles)
        best = evaluate(model, prep)
        best["step"] = f"{steps} per member (each member's best)"
        log.info("ensemble of %d: dev MRR %.3f", members, best["score"])
    history_sources = history["sources"]  # sizes after removing dev structures and invalid SMILES
    model.save(output, card=card_for(model, best, (time.time() - t0) / 60))
    (Path(cache_dir) / f"history_{output.name}.json").write_text(json.dumps(history))
    return {"best": best, "evals": history["evals"], "sources": history["sources"], "output": str(output)}


ENSEMBLE_CARD = """# Alignment model `{name}`

Shared embedding space (D = {dim}) for molecules, text and experiment rows (issue 3): an ensemble
of {n} models trained the same way with different seeds, combined by `discovery train ensemble`.
Each member makes a {member_dim}-d unit vector and the model's vector is their concatenation /
sqrt(M), so a cosine is the mean of the members' cosines.

## Members
{members}

## Dev-split retrieval (ranked against all 29,710 ChEBI-20 train+val structures)
{evaluation}

## Command
```
{command}
```
Combined {date} on {machine}. Reproduce the numbers with `discovery bench retrieval --model {folder}`.
Each member folder's own card (below) says how it was trained. Caveat: the members' checkpoints
were selected on the dev split; the held-out ChEBI-20 test split is the unbiased check.

{cards}
"""


def run_ensemble(folders: list[str | Path], output: str | Path, datasets: str | Path | None = None,
                 command: str = "", evaluate: bool = True) -> dict:
    """Combine trained model folders (single models or ensembles) into one ensemble folder.

    Members must come from the same training data and architecture (the same lexical vocabulary);
    train them with ``discovery train align --seed S`` for different S. Evaluates the ensemble on
    the dev split when the datasets are available and writes the numbers into its card.
    """
    from discovery.bench.retrieval import evaluate_model
    from discovery.encoders.model import AlignmentModel, load_model

    if evaluate:  # checked before anything is written: a missing dataset leaves no half-made folder
        datasets = Path(datasets or os.environ.get("DISCOVERY_DATASETS") or "")
        if not (datasets / "chebi20" / "molecules_trainval.tsv").exists():
            raise InputError(f"no ChEBI-20 data under '{datasets}': set DISCOVERY_DATASETS, pass --datasets "
                             "or --no-evaluate")
    models = [load_model(f) for f in folders]
    output = Path(output)
    ens = AlignmentModel.ensemble(models)
    ens.save(output)
    ev: dict = {}
    evaluation = f"Not evaluated here: `discovery bench retrieval --model {output}`."
    if evaluate:
        # evaluated as loaded back: the card's numbers are those of the stored (quantised)
        # weights, which is what every user of the folder gets
        ev = evaluate_model(load_model(output), datasets)
        t2m, m2t = ev["text_to_molecule"], ev["molecule_to_text"]
        evaluation = "\n".join([
            "| direction | MRR | Hits@1 | Hits@10 | mean rank |", "|---|---|---|---|---|",
            f"| text -> molecule (29,710 candidates) | {t2m['mrr']:.3f} | {t2m['hits@1']:.1%} | {t2m['hits@10']:.1%} | {t2m['mean_rank']:.0f} |",
            f"| molecule -> text (1,000 dev descriptions) | {m2t['mrr']:.3f} | {m2t['hits@1']:.1%} | {m2t['hits@10']:.1%} | {m2t['mean_rank']:.0f} |"])
    cards = []
    lines = []
    for folder, model in zip(folders, models):
        card = Path(folder, "card.md")
        text = card.read_text() if card.exists() else ""
        n = model.n_members
        lines.append(f"- `{folder}`: {n} model{'s' if n > 1 else ''} (fingerprint {model.fingerprint[:16]})")
        cards.append(f"### Card of `{folder}`\n\n" + "\n".join("    " + line for line in text.splitlines()))
    card = ENSEMBLE_CARD.format(
        name=output.name, dim=ens.dim, n=ens.n_members, member_dim=ens.dim // ens.n_members,
        members="\n".join(lines), evaluation=evaluation,
        command=command or "discovery train ensemble", date=dt.date.today().isoformat(),
        machine=f"{platform.machine()} CPU (2-core shared, no GPU)", folder=output, cards="\n\n".join(cards))
    (output / "card.md").write_text(card)   # the card is not part of the fingerprint
    return {"output": str(output), "members": ens.n_members, "dim": ens.dim, **ev}
